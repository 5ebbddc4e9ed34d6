// A/B comparison of two results files: environment diff, per-benchmark and
// per-counter statistics and verdicts, suite geometric mean. Used by
// `daxbench compare` and by `daxbench report` (given two or more runs).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/results.h"
#include "analysis/short_names.h"
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
  // "new" when the metric is 0 on base and not on new, "gone" the other way
  // round, else "": such a counter merely appeared or vanished, it is never
  // counted as regressed or improved.
  std::string presence() const;
};

// One benchmark judged by its headline: the time per unit of its family
// (per fault where the family counts pages and the kernel's page faults per
// iteration are the same on both sides), or bytes per second for a
// throughput family on a wall clock. This is what is counted: one benchmark,
// one verdict, whatever number of counters and normalisations it has.
struct BenchmarkComparison {
  std::string benchmark;
  std::string short_name;  // short_names.h: what varies across the compared benchmarks
  std::string scenario;    // scenario_class(...).name: the measured-twice group it may join
  std::string family;
  std::string per;    // "fault", "page", ..., "iteration"; "" for a rate
  bool rate = false;  // bytes per second (higher is better)
  Direction direction = Direction::kLowerIsBetter;
  Summary base;
  Summary neu;
  double ratio = 1;
  Interval ci;
  MannWhitneyResult test;
  Verdict verdict = Verdict::kUnchanged;
};

// One printed row: benchmarks of one scenario class whose changes agree
// within the threshold (docs/analysis.md: grouping), or one benchmark.
struct RowGroup {
  std::string name;             // "xfs pagecache read (x4)" / "ext4 dax-always pte read"
  std::vector<size_t> members;  // indices into Comparison::benchmarks, ratio order
  size_t representative = 0;    // the member with the median ratio: its numbers are shown
  double low = 1, high = 1;     // smallest and largest member ratio
  Verdict verdict = Verdict::kUnchanged;
};

// A headline counter of the family (FamilyPresentation::headline_counters
// and the rest of shown_counters) that changed, appeared or vanished,
// grouped like the rows but keeping parameters that only DAX acts on.
struct CounterRow {
  std::string name;                       // "xfs pagecache pmd read (x2)"
  std::string counter;                    // "fs_huge_fault_calls_per_page_touched"
  std::vector<MetricComparison> members;  // copies: --hide-unchanged edits rows
  std::string change;                     // "+10.0%", "new", "gone"
};

// Geometric mean of the headline ratios of one family and mode class
// (with the page size under DAX), per filesystem.
struct GeomeanGroup {
  std::string name;  // "fault dax pte ext4"
  double ratio = 1;
  size_t benchmarks = 0;
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
  // Benchmarks by the verdict of their headline (BenchmarkComparison), not
  // metrics: the one count of text, markdown, mail and json.
  std::map<Verdict, size_t> verdict_counts;
  size_t benchmarks_compared = 0;
  std::vector<BenchmarkComparison> benchmarks;  // in base file order
  std::vector<RowGroup> groups;                 // largest |change| first
  std::vector<CounterRow> counter_rows;         // largest |change| first, new/gone last
  std::vector<GeomeanGroup> geomeans;
  ShortNames names;
  // The header: what a maintainer reads before any number.
  std::string base_kernel, new_kernel;  // "6.1.0-57-amd64 (linux-image-6.1.0-57-amd64 6.1.192-3)"
  std::string testcase;                 // names.common plus the config file
  std::string machine;                  // the lab or host, without the kernel
  std::string boots;                    // "one boot per kernel" / "3 boots per kernel, interleaved"
  std::string unit;                     // "instructions" or "ns"
  double noise_max_percent = 0, noise_median_percent = 0;  // relative stddev of the headlines
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
  // The header (kernels, testcase, machine, clock, noise, result); off where
  // the text sits under a header of its own (the report's A/B finding).
  bool header = true;
};
std::string format_text(const Comparison& c, const CompareOptions& options, bool colour,
                        const FormatOptions& shown = {});
std::string format_markdown(const Comparison& c, const CompareOptions& options,
                            const FormatOptions& shown = {});
// "8 benchmarks regressed, 30 improved, 10 unchanged" (", 2 noisy" when
// some are): the same words in every format.
std::string summary_line(const Comparison& c);
// LKP-style plain text within 80 columns, to paste under a cover letter.
std::string format_mail(const Comparison& c, const CompareOptions& options,
                        const FormatOptions& shown = {});
std::string format_json(const Comparison& c, const CompareOptions& options);

// "+10.0%" / "-3.2%" from a ratio.
std::string format_change(double ratio);
// Compact number for tables: 16448, 1.53, 0.000123.
std::string format_value(double v);

}  // namespace daxbench::analysis
