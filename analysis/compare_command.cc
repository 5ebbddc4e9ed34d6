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

}  // namespace

int compare_main(int argc, char** argv) {
  CompareOptions options;
  double threshold_percent = 2;
  std::string format = "text", output;
  std::vector<std::string> files;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")(
      "threshold", po::value<double>(&threshold_percent)->default_value(2),
      "relative change in PERCENT that matters for a verdict")(
      "alpha", po::value<double>(&options.alpha)->default_value(0.05, "0.05"),
      "significance level of the Mann-Whitney U test, in (0, 1)")(
      "format", po::value<std::string>(&format)->default_value("text"),
      "text (aligned table, colour on a tty), markdown, mail (80 columns) or json")(
      "fail-on-regression", "exit 1 when a metric regressed (for CI of kernel trees)")(
      "all", "list every row (text and markdown show the changed ones, counting the rest)")(
      "verbose", "list every environment key, not only the ones that differ")(
      "hide-unchanged",
      "leave out rows whose verdict is unchanged, from --format json too (text and markdown "
      "do by default)")("output,o", po::value<std::string>(&output),
                        "write to FILE instead of stdout")(
      "seed", po::value<uint64_t>(&options.seed)->default_value(1),
      "bootstrap seed (results are reproducible for a given seed)")(
      "resamples", po::value<int>(&options.resamples)->default_value(2000), "bootstrap resamples");
  po::variables_map vm;
  if (!parse_files_and_options(argc, argv, "compare", kCompareUsage, visible, files, vm)) return 0;
  if (files.size() != 2) {
    throw UsageError("expected two results files, BASE.json and NEW.json, got " +
                     std::to_string(files.size()) + " (see daxbench compare --help)");
  }
  if (!(threshold_percent >= 0 && threshold_percent < 1000)) {
    throw UsageError("--threshold must be a percentage >= 0, e.g. --threshold 2");
  }
  if (!(options.alpha > 0 && options.alpha < 1)) {
    throw UsageError("--alpha must be in (0, 1), e.g. --alpha 0.05");
  }
  if (options.resamples < 100 || options.resamples > kMaxResamples)
    throw UsageError("--resamples must be from 100 to " + std::to_string(kMaxResamples) + ", not " +
                     std::to_string(options.resamples));
  if (format != "text" && format != "markdown" && format != "mail" && format != "json") {
    throw UsageError("--format must be text, markdown, mail or json, not \"" + format + "\"");
  }
  options.threshold = threshold_percent / 100;
  // Before reading anything: never a directory, a device, /proc, or an input.
  // Held by its directory fd from here on (core/util.h: OutputFile).
  OutputFile out_file;
  if (!output.empty()) out_file = OutputFile("-o", output, files);

  const Results base = load_results(files[0]);
  const Results neu = load_results(files[1]);
  Comparison c = compare_results(base, neu, options);
  // With few repetitions the exact two-sided Mann-Whitney test cannot reach
  // alpha at all (3 and 3 values: the smallest p is 2/20 = 0.1), so no
  // regression could ever be found and CI would pass a 10x slowdown.
  if (vm.count("fail-on-regression")) {
    for (const auto& row : c.rows) {
      if (!row.test.exact) continue;
      const double min_p = mann_whitney_min_p_value(row.base.n, row.neu.n);
      if (min_p < options.alpha) continue;
      char p_text[32], alpha_text[32];
      std::snprintf(p_text, sizeof p_text, "%.3g", min_p);
      std::snprintf(alpha_text, sizeof alpha_text, "%g", options.alpha);
      throw UsageError("--fail-on-regression: " + row.benchmark + " has " +
                       std::to_string(row.base.n) + " (base) and " + std::to_string(row.neu.n) +
                       " (new) values, so the smallest possible p-value is " + p_text +
                       " >= alpha " + alpha_text +
                       ": a regression could not be detected; rerun both sides with "
                       "--benchmark_repetitions=5 or more");
    }
  }
  if (vm.count("hide-unchanged")) {
    std::erase_if(c.rows,
                  [](const MetricComparison& r) { return r.verdict == Verdict::kUnchanged; });
    c.unchanged_rows_hidden = true;
  }

  // The text table shows warnings itself; with -o or another format they
  // also go to stderr, so that they are seen.
  if (format != "text" || !output.empty()) {
    for (const auto& w : c.warnings) std::cerr << "daxbench compare: warning: " << w << "\n";
  }

  FormatOptions shown;
  shown.all = vm.count("all") != 0;
  shown.verbose = vm.count("verbose") != 0;
  const bool colour = output.empty() && format == "text" && isatty(STDOUT_FILENO) &&
                      std::getenv("NO_COLOR") == nullptr;
  std::string text = format == "json"       ? format_json(c, options)
                     : format == "markdown" ? format_markdown(c, options, shown)
                     : format == "mail"     ? format_mail(c, options, shown)
                                            : format_text(c, options, colour, shown);
  if (output.empty()) {
    std::cout << text << std::flush;
  } else {
    write_output(out_file, text);
  }
  return vm.count("fail-on-regression") && c.any_regressed() ? 1 : 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Compare, "compare",
                          "A/B verdicts (median, %change, CI, p-value) for two results files",
                          daxbench::analysis::compare_main);
