// `daxbench report RESULTS.json... -o DIR`: the command. Options (shared
// parser: analysis/cli.cc), the report directory, and the sections in
// reading order (report_sections.cc).
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis/cli.h"
#include "analysis/report.h"
#include "core/command.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr const char* kReportUsage = R"(usage: daxbench report RESULTS.json... -o DIR [options]

Writes DIR/index.html (self-contained: inline SVG, no network access) and
DIR/README.md (the same content in Markdown, plots as SVG files beside it),
and copies the results files into DIR. The report reads, in this order:
  - a header: the kernels (exact packages in the lab), testcase, machine or
    lab once (what differs between runs marked), the clock, the noise floor,
    and the daxbench version that measured (results measured by a build from
    a dirty tree are refused unless --allow-dirty)
  - findings generated from the numbers: given two or more runs, each later
    run against the first in the LKP layout (significant changes first, the
    rest counted and folded; --all lists them; rows named by what differs);
    for a single run, per family, DAX against
    its page-cache baseline (dax-inode vs dax-inode-off on the same mount,
    dax-always vs pagecache) in the family's unit, with the ratio's 95 % CI
    and one generated sentence per filesystem and mode pair
  - --notes, then the plots, rendered by gnuplot: with two or more runs the
    A/B time ratio, sorted, log scale (both runs in every point), no plot of
    one run alone; for a single run the plots each family declares (context
    "families" of the results file; older files: a fallback table)
  - per-benchmark tables: time per unit and each counter once, in the
    family's unit, where it is non-zero somewhere
  - the commands that reproduce it, the environment and targets (folded;
    fields QEMU's TCG makes up, CPU MHz and cache sizes, are left out)
Plots without data are left out and the report says which and why.

examples:
  daxbench report results/lab.json -o reports/dax-vs-pagecache/ \
      --title "DAX vs page cache on Linux {kernel_release}, emulated pmem"
  daxbench report base.json new.json -o reports/patch-comparison/ --title "Patch comparison" \
      --notes reports/patch-comparison/notes.txt
  daxbench report results/draft.json -o draft/ --allow-dirty   # a draft, not for publishing)";

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+%@") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

void add_report_options(po::options_description& visible, ReportOptions& options,
                        double& threshold_percent) {
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&options.out_dir),
      "report directory (created; an existing one may hold only an earlier report's files)")(
      "force",
      "write into an existing directory that holds files daxbench did not write "
      "(they are left alone; a name the report writes is replaced, never written through)")(
      "title", po::value<std::string>(&options.title)->default_value("daxbench report"),
      "report title; {kernel_release} is replaced by the first run's kernel")(
      "threshold", po::value<double>(&threshold_percent)->default_value(2),
      "A/B verdict threshold in PERCENT (as daxbench compare)")(
      "alpha", po::value<double>(&options.compare.alpha)->default_value(0.05, "0.05"),
      "A/B significance level (as daxbench compare)")(
      "seed", po::value<uint64_t>(&options.compare.seed)->default_value(1), "bootstrap seed")(
      "no-ab", "do not compare the runs (e.g. several suites from one machine)")(
      "allow-dirty",
      "publish results measured by a daxbench built from a tree with uncommitted changes "
      "(daxbench_version ending -dirty); refused otherwise")(
      "all", "list every A/B row (unchanged and noisy ones are counted and folded otherwise)")(
      "notes", po::value<std::string>(&options.notes_file),
      "plain-text FILE whose paragraphs are shown after the list of runs (e.g. what the "
      "changelog says differs between two kernels)");
}

// Refuses what the parser let through (exit status 2), then sets the
// options the flags imply.
void check_and_apply_options(const std::vector<std::string>& files, const po::variables_map& vm,
                             double threshold_percent, ReportOptions& options) {
  if (files.empty())
    throw UsageError("expected one or more results files (see daxbench report --help)");
  if (options.out_dir.empty()) throw UsageError("-o DIR is required (see daxbench report --help)");
  if (!(threshold_percent >= 0 && threshold_percent < 1000)) {
    throw UsageError("--threshold must be a percentage >= 0, e.g. --threshold 2");
  }
  if (!(options.compare.alpha > 0 && options.compare.alpha < 1)) {
    throw UsageError("--alpha must be in (0, 1), e.g. --alpha 0.05");
  }
  options.compare.threshold = threshold_percent / 100;
  options.ab = !vm.count("no-ab");
  options.all = vm.count("all") != 0;
  if (!options.notes_file.empty() && !std::ifstream(options.notes_file)) {
    throw UsageError(options.notes_file + ": cannot open the --notes file");
  }
}

void replace_kernel_release(std::string& title, const Results& first) {
  for (size_t pos; (pos = title.find("{kernel_release}")) != std::string::npos;) {
    title.replace(pos, 16, first.context_string("kernel_release"));
  }
}

// The command that regenerates this report from the copies in DIR.
std::string regenerate_command(const std::vector<std::string>& copies, const ReportOptions& options,
                               const std::string& title_template, double threshold_percent,
                               const po::variables_map& vm) {
  std::string command = "daxbench report";
  for (const auto& c : copies)
    command.append(" ").append(shell_quote((fs::path(options.out_dir) / c).string()));
  command += " -o " + shell_quote(options.out_dir);
  if (vm.count("title") && !vm["title"].defaulted())
    command += " --title " + shell_quote(title_template);
  if (!vm["threshold"].defaulted()) command += " --threshold " + fmt("%g", threshold_percent);
  if (!vm["alpha"].defaulted()) command += " --alpha " + fmt("%g", options.compare.alpha);
  if (!vm["seed"].defaulted()) command += " --seed " + std::to_string(options.compare.seed);
  if (!options.notes_file.empty()) command += " --notes " + shell_quote(options.notes_file);
  if (!options.ab) command += " --no-ab";
  if (options.all) command += " --all";
  if (vm.count("allow-dirty")) command += " --allow-dirty";
  return command;
}

void add_sections(Report& report, const std::vector<std::string>& copies,
                  const std::string& command) {
  header_section(report);
  findings_section(report);
  derived_section(report);
  notes_section(report);
  plots_section(report);
  detail_section(report);
  reproduce_and_environment_section(report, copies, command);
  omitted_section(report);
}

// index.html, README.md, for an A/B of two runs mail.txt, and the manifest.
void write_report_files(ReportDir& out, Report& report, const ReportOptions& options) {
  out.write("index.html", report.doc.to_html(options.title));
  out.write("README.md", report.doc.to_markdown(options.title));
  // A/B: the text to paste under a cover letter (daxbench compare --format mail).
  if (options.ab && report.runs.size() == 2)
    if (const Comparison* c = report.comparison(1))
      out.write("mail.txt", format_mail(*c, options.compare));
  out.write_manifest();
}

}  // namespace

int report_main(int argc, char** argv) {
  ReportOptions options;
  double threshold_percent = 2;
  std::vector<std::string> files;
  po::options_description visible("options");
  add_report_options(visible, options, threshold_percent);
  po::variables_map vm;
  if (!parse_files_and_options(argc, argv, "report", kReportUsage, visible, files, vm)) return 0;
  check_and_apply_options(files, vm, threshold_percent, options);

  std::vector<Results> runs;
  for (const auto& f : files) runs.push_back(load_results(f));
  check_provenance(runs, vm.count("allow-dirty") != 0);
  const std::string title_template = options.title;
  replace_kernel_release(options.title, runs.front());

  std::vector<std::string> inputs = files;
  inputs.push_back(options.notes_file);
  ReportDir out(options.out_dir, inputs, vm.count("force") != 0);
  const RenderDir render;
  const std::vector<std::string> copies = copy_results(files, out);
  const std::string command =
      regenerate_command(copies, options, title_template, threshold_percent, vm);

  Report report(options, runs, out, render);
  add_sections(report, copies, command);
  write_report_files(out, report, options);
  const fs::path dir = options.out_dir;
  std::cout << "daxbench report: wrote " << (dir / "index.html").string() << " and "
            << (dir / "README.md").string() << " with " << report.figures << " plots\n";
  return 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Report, "report",
                          "HTML + Markdown report with gnuplot plots from results files",
                          daxbench::analysis::report_main);
