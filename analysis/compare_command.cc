// `daxbench compare BASE.json NEW.json`: the A/B verdict for patch A vs B.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "analysis/cli.h"
#include "analysis/compare.h"
#include "core/command.h"
#include "core/error.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

namespace po = boost::program_options;

// Bootstrap resamples: beyond this the interval does not change, the wait does.
constexpr int kMaxResamples = 100000;

constexpr const char* kCompareUsage = R"(usage: daxbench compare BASE.json NEW.json [options]

Compares two results files of `daxbench run` benchmark by benchmark, on each
benchmark's headline: time per fault where the family counts pages and the
page faults per iteration are the same on both sides, else time per unit of
its family (bytes per second for a throughput family on a wall clock). In
deterministic lab mode the unit is instructions and no rate is judged. Each
benchmark gets one verdict (improved, regressed, unchanged, noisy) from the
medians, a bootstrap 95 % CI of their ratio and the two-sided Mann-Whitney U
p-value; counters are listed when they changed, appeared ("new") or vanished
("gone"), never counted.
Text, markdown and mail open with a header (kernels, testcase, machine,
clock, noise, threshold, "12 benchmarks regressed, 36 improved, 0
unchanged"), then the changed rows, largest change first. Rows are named by
what varies (`ext4 dax pte write`); benchmarks measuring one scenario twice
(dax-inode and dax-always; pagecache and dax-inode-off; pte and pmd on the
page cache) share a row, `(x2)`, when their changes agree within the
threshold. Then the counters that changed and a geometric mean per group
(filesystem, page cache / DAX PTE / DAX PMD). --all adds the unchanged rows,
--verbose the environment, notes and lists. JSON has everything.
--format mail is plain text within 80 columns in the layout of LKP's
regression mails (base ±%stddev %change new ±%stddev metric), to paste
under a patch's cover letter.
Needs >= 2 repetitions per benchmark on both sides (run with
--benchmark_repetitions=5 or more).

Exit status: 0 when nothing regressed (or without --fail-on-regression);
1 with --fail-on-regression when some metric regressed; 2 on bad input
(missing, zero, negative or non-numeric times, an input that is not a
regular file), and with --fail-on-regression when some benchmark has too few
repetitions to ever reach --alpha (3 and 3: the smallest p is 0.1).

examples:
  daxbench compare base.json new.json
  daxbench compare base.json new.json --threshold 5 --alpha 0.01
  daxbench compare base.json new.json --all --verbose
  daxbench compare base.json new.json --format markdown -o compare.md
  daxbench compare base.json new.json --format mail -o mail.txt
  daxbench compare v6.1.0-47.json v6.1.0-56.json --fail-on-regression || echo regression)";

// The command line, parsed once into typed values.
struct CompareCommandLine {
  CompareOptions options;
  double threshold_percent = 2;
  std::string format = "text";
  std::string output;  // "" for stdout
  std::vector<std::string> files;
  po::variables_map vm;
  bool has(const char* flag) const { return vm.count(flag) != 0; }
};

void describe_options(po::options_description& visible, CompareCommandLine& cl) {
  visible.add_options()("help,h", "show this help")(
      "threshold", po::value<double>(&cl.threshold_percent)->default_value(2),
      "relative change in PERCENT that matters for a verdict")(
      "alpha", po::value<double>(&cl.options.alpha)->default_value(0.05, "0.05"),
      "significance level of the Mann-Whitney U test, in (0, 1)")(
      "format", po::value<std::string>(&cl.format)->default_value("text"),
      "text (aligned table, colour on a tty), markdown, mail (80 columns) or json")(
      "fail-on-regression", "exit 1 when a metric regressed (for CI of kernel trees)")(
      "all", "list every row (text and markdown show the changed ones, counting the rest)")(
      "verbose", "list every environment key, not only the ones that differ")(
      "hide-unchanged",
      "leave out rows whose verdict is unchanged, from --format json too (text and markdown "
      "do by default)")("output,o", po::value<std::string>(&cl.output),
                        "write to FILE instead of stdout")(
      "seed", po::value<uint64_t>(&cl.options.seed)->default_value(1),
      "bootstrap seed (results are reproducible for a given seed)")(
      "resamples", po::value<int>(&cl.options.resamples)->default_value(2000),
      "bootstrap resamples");
}

// Bad values are refused here, before any file is read or written.
void check_command_line(const CompareCommandLine& cl) {
  if (cl.files.size() != 2) {
    throw UsageError("expected two results files, BASE.json and NEW.json, got " +
                     std::to_string(cl.files.size()) + " (see daxbench compare --help)");
  }
  if (!(cl.threshold_percent >= 0 && cl.threshold_percent < 1000)) {
    throw UsageError("--threshold must be a percentage >= 0, e.g. --threshold 2");
  }
  if (!(cl.options.alpha > 0 && cl.options.alpha < 1)) {
    throw UsageError("--alpha must be in (0, 1), e.g. --alpha 0.05");
  }
  if (cl.options.resamples < 100 || cl.options.resamples > kMaxResamples)
    throw UsageError("--resamples must be from 100 to " + std::to_string(kMaxResamples) + ", not " +
                     std::to_string(cl.options.resamples));
  if (cl.format != "text" && cl.format != "markdown" && cl.format != "mail" &&
      cl.format != "json") {
    throw UsageError("--format must be text, markdown, mail or json, not \"" + cl.format + "\"");
  }
}

// False for --help (the usage is printed).
bool parse_command_line(int argc, char** argv, CompareCommandLine& cl) {
  po::options_description visible("options");
  describe_options(visible, cl);
  if (!parse_files_and_options(argc, argv, "compare", kCompareUsage, visible, cl.files, cl.vm)) {
    return false;
  }
  check_command_line(cl);
  cl.options.threshold = cl.threshold_percent / 100;
  return true;
}

// With few repetitions the exact two-sided Mann-Whitney test cannot reach
// alpha at all (3 and 3 values: the smallest p is 2/20 = 0.1), so no
// regression could ever be found and CI would pass a 10x slowdown.
void refuse_undetectable_regressions(const Comparison& c, double alpha) {
  for (const auto& row : c.rows) {
    if (!row.test.exact) continue;
    const double min_p = mann_whitney_min_p_value(row.base.n, row.neu.n);
    if (min_p < alpha) continue;
    char p_text[32], alpha_text[32];
    std::snprintf(p_text, sizeof p_text, "%.3g", min_p);
    std::snprintf(alpha_text, sizeof alpha_text, "%g", alpha);
    throw UsageError("--fail-on-regression: " + row.benchmark + " has " +
                     std::to_string(row.base.n) + " (base) and " + std::to_string(row.neu.n) +
                     " (new) values, so the smallest possible p-value is " + p_text + " >= alpha " +
                     alpha_text +
                     ": a regression could not be detected; rerun both sides with "
                     "--benchmark_repetitions=5 or more");
  }
}

void hide_unchanged_rows(Comparison& c) {
  std::erase_if(c.rows, [](const MetricComparison& r) { return r.verdict == Verdict::kUnchanged; });
  c.unchanged_rows_hidden = true;
}

// The text table shows warnings itself; with -o or another format they
// also go to stderr, so that they are seen.
void print_warnings_unless_shown(const Comparison& c, const CompareCommandLine& cl) {
  if (cl.format != "text" || !cl.output.empty()) {
    for (const auto& w : c.warnings) std::cerr << "daxbench compare: warning: " << w << "\n";
  }
}

std::string format_comparison(const Comparison& c, const CompareCommandLine& cl) {
  FormatOptions shown;
  shown.all = cl.has("all");
  shown.verbose = cl.has("verbose");
  const bool colour = cl.output.empty() && cl.format == "text" && isatty(STDOUT_FILENO) &&
                      std::getenv("NO_COLOR") == nullptr;
  return cl.format == "json"       ? format_json(c, cl.options)
         : cl.format == "markdown" ? format_markdown(c, cl.options, shown)
         : cl.format == "mail"     ? format_mail(c, cl.options, shown)
                                   : format_text(c, cl.options, colour, shown);
}

}  // namespace

int compare_main(int argc, char** argv) {
  CompareCommandLine cl;
  if (!parse_command_line(argc, argv, cl)) return 0;
  // Before reading anything: never a directory, a device, /proc, or an input.
  // Held by its directory fd from here on (core/util.h: OutputFile).
  OutputFile out_file;
  if (!cl.output.empty()) out_file = OutputFile("-o", cl.output, cl.files);

  const Results base = load_results(cl.files[0]);
  const Results neu = load_results(cl.files[1]);
  Comparison c = compare_results(base, neu, cl.options);
  if (cl.has("fail-on-regression")) refuse_undetectable_regressions(c, cl.options.alpha);
  if (cl.has("hide-unchanged")) hide_unchanged_rows(c);
  print_warnings_unless_shown(c, cl);

  const std::string text = format_comparison(c, cl);
  if (cl.output.empty()) {
    std::cout << text << std::flush;
  } else {
    write_output(out_file, text);
  }
  return cl.has("fail-on-regression") && c.any_regressed() ? 1 : 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Compare, "compare",
                          "A/B verdicts (median, %change, CI, p-value) for two results files",
                          daxbench::analysis::compare_main);
