// A/B comparison of two results files: environment diff, per-benchmark and
// per-counter statistics and verdicts, suite geometric mean. Used by
// `daxbench compare` and by `daxbench report` (given two or more runs).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/results.h"
#include "analysis/stats.h"

namespace daxbench::analysis {

struct CompareOptions {
  double threshold = 0.02;  // relative change that matters (2 %)
  double alpha = 0.05;      // significance level of the Mann-Whitney test
  double confidence = 0.95;
  uint64_t seed = 1;  // bootstrap seed (mixed with each metric's name)
  int resamples = 2000;
};

struct EnvDiffLine {
  std::string key;
  std::string base;
  std::string neu;
  bool differs() const { return base != neu; }
};

// The environment that decides whether two runs are comparable (kernel,
// command line, CPU, THP, NUMA, clock, lab, targets' fs/mount/device, ...).
std::vector<EnvDiffLine> environment_diff(const Results& base, const Results& neu);

// Throws UsageError when the two runs measure time in different units
// (deterministic lab mode "instruction-ns" against "wall-ns").
void check_comparable_clocks(const Results& base, const Results& neu);

struct MetricComparison {
  std::string benchmark;
  std::string metric;
  std::string unit;
  Direction direction = Direction::kLowerIsBetter;
  Summary base;
  Summary neu;
  double ratio = 1;  // median(new) / median(base)
  Interval ci;       // bootstrap CI of the ratio
  MannWhitneyResult test;
  Verdict verdict = Verdict::kUnchanged;
  std::string label() const;  // "<benchmark>.<metric>" (+ "(unit)")
};

struct Comparison {
  std::string base_path;
  std::string new_path;
  std::string time_unit;  // "ns" or "instruction-ns"
  std::vector<EnvDiffLine> environment;
  std::vector<MetricComparison> rows;
  std::vector<std::string> only_in_base;
  std::vector<std::string> only_in_new;
  std::vector<std::pair<std::string, std::string>> not_compared;  // benchmark, reason
  // Counters of benchmarks on both sides that one file has and the other
  // lacks: counter name -> the benchmarks. An older results file carries
  // every normalisation of each counter, a newer one only the family's.
  std::map<std::string, std::vector<std::string>> counters_only_in_base;
  std::map<std::string, std::vector<std::string>> counters_only_in_new;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // informational, not warnings
  double geomean_time_ratio = 1;   // over benchmarks with a finite positive time ratio
  size_t geomean_benchmarks = 0;
  std::map<Verdict, size_t> verdict_counts;
  size_t benchmarks_compared = 0;
  bool unchanged_rows_hidden = false;  // --hide-unchanged: rows removed, counts kept
  bool any_regressed() const;
};

// Changed rows in the order of an LKP mail: the time rows (real_time, the
// headline) first, then the counters; within each, the largest |log ratio|
// first (a counter that was 0 on base counts as infinite).
void order_largest_change_first(std::vector<const MetricComparison*>& rows);

// Compares every benchmark present on both sides with >= 2 repetitions each,
// for real_time and every counter present on both sides. Throws UsageError
// when no benchmark is in common (naming both files), or the clocks differ.
Comparison compare_results(const Results& base, const Results& neu, const CompareOptions& options);

// Output formats of `daxbench compare`. Text and Markdown open with the
// summary line, then the changed rows (regressed and improved, largest
// change first), then the environment keys that differ; `all` lists every
// row, `verbose` every environment key. JSON always has everything.
struct FormatOptions {
  bool all = false;
  bool verbose = false;
};
std::string format_text(const Comparison& c, const CompareOptions& options, bool colour,
                        const FormatOptions& shown = {});
std::string format_markdown(const Comparison& c, const CompareOptions& options,
                            const FormatOptions& shown = {});
// "2 regressed, 1 improved, 1089 unchanged, 0 noisy; geometric mean of time ratios 1.004"
std::string summary_line(const Comparison& c);
std::string format_json(const Comparison& c, const CompareOptions& options);

// "+10.0%" / "-3.2%" from a ratio.
std::string format_change(double ratio);
// Compact number for tables: 16448, 1.53, 0.000123.
std::string format_value(double v);

}  // namespace daxbench::analysis
