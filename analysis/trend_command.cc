// `daxbench trend K1.json K2.json ... -o DIR`: one row per scenario, one
// column per kernel, change points explained (analysis/trend.h).
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <regex>
#include <sstream>

#include "analysis/cli.h"
#include "analysis/gnuplot.h"
#include "analysis/report.h"
#include "analysis/report_dir.h"
#include "analysis/trend.h"
#include "core/command.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

constexpr const char* kTrendUsage =
    R"(usage: daxbench trend K1.json K2.json [K3.json ...] -o DIR [options]

The same scenarios measured on two or more kernels, one results file per
kernel in kernel order (each one merged from its rounds: daxbench merge).
Each adjacent pair is compared as `daxbench compare` does; the trend has one
row per scenario (benchmarks measuring one scenario twice share a row when
they agree on every kernel), one column per kernel: the cost per unit of the
family (per fault for the fault paths; instructions in the lab's
deterministic mode). A change point (*) is an adjacent pair whose verdict is
regressed or improved; at each, the counters that moved there (faults,
fault-path walks, mmap_lock fallbacks, PMD mapped/fallback, handler calls),
the kernel functions whose profile share moved above noise when both sides
ran with --profile, and the kernel config options on these paths that
differ between the two kernels (context kernel_config). A change with no
counter and no profile delta is marked "unexplained".
Writes DIR/README.md, DIR/trend.json (change_points, pairs, rows), DIR/trend.txt
and a plot per family (cost per unit against kernel, one line per row);
prints trend.txt. lab/daxlab trend boots the kernels and calls this.

examples:
  daxbench trend 6.1.json 6.12.json 7.3.json -o results/trend
  daxbench trend a.json b.json c.json --names 6.1,6.12,7.3 --threshold 1 -o trend/)";

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string n; std::getline(in, n, ',');) out.push_back(n);
  return out;
}

std::vector<std::string> kernel_names(const std::string& given,
                                      const std::vector<std::string>& files) {
  std::vector<std::string> names;
  if (given.empty()) {
    for (const auto& f : files) names.push_back(fs::path(f).stem().string());
  } else {
    names = split_names(given);
  }
  if (names.size() != files.size())
    throw UsageError("--names has " + std::to_string(names.size()) + " names for " +
                     std::to_string(files.size()) + " files: one per results file, in order");
  static const std::regex ok("[A-Za-z0-9._+~-]+");
  for (size_t i = 0; i < names.size(); ++i) {
    if (!std::regex_match(names[i], ok))
      throw UsageError("kernel name '" + names[i] +
                       "': letters, digits and . _ + ~ - only (give --names)");
    for (size_t j = 0; j < i; ++j)
      if (names[i] == names[j])
        throw UsageError("kernel name '" + names[i] + "' given twice: names must differ (--names)");
  }
  return names;
}

// Two plots per family: each row's cost per unit against the kernels, on a
// log axis (DAX PMD and page-cache 4 KiB costs differ a hundredfold), and
// the same as a change from the first kernel in percent, where a few
// percent are visible.
std::vector<std::string> plot_families(const Trend& t, ReportDir& out, const RenderDir& render) {
  std::vector<std::string> families, files;
  for (const auto& r : t.rows)
    if (std::find(families.begin(), families.end(), r.family) == families.end())
      families.push_back(r.family);
  for (const auto& family : families) {
    for (const bool relative : {false, true}) {
      const std::string id = "fig-trend-" + file_safe(family) + (relative ? "-change" : "");
      std::ostringstream data, plot;
      std::string unit;
      size_t lines = 0;
      for (const auto& r : t.rows) {
        if (r.family != family) continue;
        unit = r.rate ? "bytes per second" : t.unit + " per " + r.per;
        data << "$row" << lines << " << EOD\n";
        for (size_t k = 0; k < r.values.size(); ++k) {
          const double v = relative ? (r.values[k] / r.values[0] - 1) * 100 : r.values[k];
          data << k << " " << (std::isnan(v) ? std::string("?") : fmt("%.6g", v)) << "\n";
        }
        data << "EOD\n";
        plot << (lines ? ", \\\n     " : "plot ") << "$row" << lines
             << " using 1:2 with linespoints title " << gnuplot_quote(r.name);
        ++lines;
      }
      const std::string ylabel = relative ? "change from " + t.kernels[0].name + " (%)" : unit;
      std::ostringstream script;
      script << "# Rendered by daxbench trend; run `gnuplot " << id << ".gp` to redraw.\n"
             << "set terminal svg size 1000,640 dynamic font 'sans,13' background '#ffffff'\n"
             << "set termoption noenhanced\nset output " << gnuplot_quote(id + ".svg") << "\n"
             << "set datafile missing '?'\nset grid ytics lc rgb '#dddddd'\n"
             << "set key outside right\n"
             << (relative ? "" : "set logscale y\n") << "set ylabel " << gnuplot_quote(ylabel)
             << "\nset title "
             << gnuplot_quote(family + ": " + (relative ? ylabel + ", " + unit : unit) +
                              " by kernel")
             << "\nset xrange [-0.3:" << t.kernels.size() - 0.7 << "]\nset xtics (";
      for (size_t k = 0; k < t.kernels.size(); ++k)
        script << (k ? ", " : "") << gnuplot_quote(t.kernels[k].name) << " " << k;
      script << ")\n" << data.str() << plot.str() << "\n";
      draw_svg(id, script.str(), out, render);
      files.push_back(id + ".svg");
    }
  }
  return files;
}

}  // namespace

int trend_main(int argc, char** argv) {
  CompareOptions options;
  double threshold_percent = 2;
  std::string out_dir, names_list, title;
  std::vector<std::string> files;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&out_dir),
                                                    "the trend's directory (required)")(
      "names", po::value<std::string>(&names_list),
      "the kernels' column names, comma-separated, in file order (default: the files' stems)")(
      "threshold", po::value<double>(&threshold_percent)->default_value(2),
      "relative change in PERCENT that makes a change point")(
      "alpha", po::value<double>(&options.alpha)->default_value(0.05, "0.05"),
      "significance level of the Mann-Whitney U test, in (0, 1)")(
      "title", po::value<std::string>(&title)->default_value("Trend"), "README.md's title")(
      "force", "write into DIR even if it holds files this command did not write");
  po::variables_map vm;
  if (!parse_files_and_options(argc, argv, "trend", kTrendUsage, visible, files, vm)) return 0;
  if (files.size() < 2)
    throw UsageError("expected two or more results files, one per kernel in kernel order, got " +
                     std::to_string(files.size()) + " (see daxbench trend --help)");
  if (out_dir.empty()) throw UsageError("-o DIR is required (see daxbench trend --help)");
  if (!(threshold_percent >= 0 && threshold_percent < 1000))
    throw UsageError("--threshold must be a percentage >= 0, e.g. --threshold 2");
  if (!(options.alpha > 0 && options.alpha < 1))
    throw UsageError("--alpha must be in (0, 1), e.g. --alpha 0.05");
  options.threshold = threshold_percent / 100;
  const std::vector<std::string> names = kernel_names(names_list, files);

  std::vector<Results> runs;
  for (const auto& f : files) runs.push_back(load_results(f));
  const Trend t = make_trend(runs, names, options);
  ReportDir out(out_dir, files, vm.count("force") != 0);
  const RenderDir render;
  const std::string text = trend_text(t, options);
  const std::vector<std::string> figures = plot_families(t, out, render);
  out.write("README.md", "# " + title + "\n\n" + trend_markdown(t, options, figures));
  out.write("trend.txt", text);
  out.write("trend.json", trend_json(t, options));
  out.write_manifest();
  std::cout << text << std::flush;
  return 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Trend, "trend",
                          "a trend over kernels: cost per unit per kernel, change points explained",
                          daxbench::analysis::trend_main);
