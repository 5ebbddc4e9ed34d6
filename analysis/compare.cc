#include "analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "analysis/compare_scenarios.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kRecommendedRepetitions = 5;

std::string printf_string(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Targets keyed by path, so that the same target is compared field by field.
std::map<std::string, Json> targets_by_path(const Results& r) {
  std::map<std::string, Json> out;
  auto it = r.context.find("targets");
  if (it == r.context.end() || !it->is_array()) return out;
  for (const auto& t : *it) {
    if (!t.is_object()) continue;
    out[t.value("path", std::string("?"))] = t;
  }
  return out;
}

std::string json_text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

std::string format_change(double ratio) {
  if (std::isnan(ratio)) return "n/a";
  // new / base with a zero base: the metric appeared ("new"); a negative
  // infinity needs a negative base, which no cost has.
  if (std::isinf(ratio)) return ratio > 0 ? "new" : "-inf%";
  return printf_string("%+.1f%%", (ratio - 1) * 100);
}

std::string format_value(double v) {
  if (std::isnan(v)) return "n/a";
  const double a = std::fabs(v);
  if (a >= 1e4) return printf_string("%.0f", v);
  if (a >= 1) return printf_string("%.2f", v);
  if (a == 0) return "0";
  return printf_string("%.3g", v);
}

std::string MetricComparison::label() const {
  return benchmark + "." + metric + (unit.empty() ? "" : "(" + unit + ")");
}

std::string MetricComparison::presence() const {
  if (base.median == 0 && neu.median != 0) return "new";
  if (base.median != 0 && neu.median == 0) return "gone";
  return "";
}

// A benchmark whose headline regressed, or a counter that regressed (one that
// merely appeared is not a regression).
bool Comparison::any_regressed() const {
  auto it = verdict_counts.find(Verdict::kRegressed);
  if (it != verdict_counts.end() && it->second > 0) return true;
  return std::any_of(rows.begin(), rows.end(), [](const MetricComparison& r) {
    return r.verdict == Verdict::kRegressed && r.presence().empty();
  });
}

void order_largest_change_first(std::vector<const MetricComparison*>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    const bool a_time = a->metric == "real_time", b_time = b->metric == "real_time";
    if (a_time != b_time) return a_time;
    return std::fabs(std::log(a->ratio)) > std::fabs(std::log(b->ratio));
  });
}

std::vector<EnvDiffLine> environment_diff(const Results& base, const Results& neu) {
  std::vector<EnvDiffLine> lines;
  static const char* const kKeys[] = {
      "kernel_release",    "kernel_cmdline",   "cpu_model",   "num_cpus",
      "host_name",         "thp_enabled",      "thp_defrag",  "fault_around_bytes",
      "numa_binding",      "task_pinning",     "clock",       "lab",
      "time_measurement",  "daxbench_version", "config_file", "incomplete",
      "unsupported_events"};
  for (const char* key : kKeys) {
    lines.push_back({key, base.context_string(key), neu.context_string(key)});
  }
  auto tb = targets_by_path(base), tn = targets_by_path(neu);
  std::set<std::string> paths;
  for (auto& [p, _] : tb) paths.insert(p);
  for (auto& [p, _] : tn) paths.insert(p);
  static const char* const kTargetKeys[] = {"fs_type",      "mount_options", "source",
                                            "block_device", "dax_policy",    "dax_capable",
                                            "numa_node",    "block_size"};
  for (const auto& p : paths) {
    const bool in_base = tb.count(p), in_new = tn.count(p);
    if (!in_base || !in_new) {
      lines.push_back(
          {"target " + p, in_base ? "present" : "absent", in_new ? "present" : "absent"});
      continue;
    }
    for (const char* key : kTargetKeys) {
      lines.push_back({"target " + p + " " + key, json_text(tb[p].value(key, Json())),
                       json_text(tn[p].value(key, Json()))});
    }
  }
  return lines;
}

void check_comparable_clocks(const Results& base, const Results& neu) {
  const std::string cb = base.clock(), cn = neu.clock();
  if (!cb.empty() && !cn.empty() && cb != cn) {
    throw UsageError("refusing to compare " + base.path + " (clock " + cb + ") with " + neu.path +
                     " (clock " + cn +
                     "): instruction-ns from the deterministic lab and wall-clock ns are different "
                     "units; rerun both in the same mode");
  }
}

// Percentiles from daxbench's latency histograms (latency_p50_ns, ...,
// latency_max_ns) are bucket values: log2 buckets with 8 linear sub-buckets
// (core/util.h: LatencyHistogram), so any value is reported within
// 12.5 %. A change smaller than one bucket cannot be measured, whatever the
// p-value: the threshold for these metrics is at least the resolution.
constexpr double kLatencyHistogramResolution = 0.125;

// Counters that are not per-unit measurements (bench/perf_counters.cc:
// derive_counters): "<event>_total" is the raw count over all iterations of a
// repetition, so it scales with the iteration count Google Benchmark chose for
// that run; "<event>_scaling" is the multiplexing factor. Their
// normalised forms (_per_<unit>, _per_iteration) are what compare judges. "counted_iterations" is
// how many iterations the counting pass ran (bench/run.cc: up to 5, fewer when an iteration is
// slow): bookkeeping, not a cost.
static bool is_run_dependent_counter(const std::string& metric) {
  auto ends_with = [&](const std::string& suffix) {
    return metric.size() > suffix.size() &&
           metric.compare(metric.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("_total") || ends_with("_scaling") || metric == "counted_iterations";
}

static double effective_threshold(const std::string& metric, double threshold) {
  const bool histogram_percentile = metric.rfind("latency_", 0) == 0 && metric.size() > 3 &&
                                    metric.compare(metric.size() - 3, 3, "_ns") == 0;
  return histogram_percentile ? std::max(threshold, kLatencyHistogramResolution) : threshold;
}

namespace {

// What the benchmark loop gathers for the warnings and notes after it: one
// line per distinct case, not one per benchmark or metric.
struct CompareTally {
  std::set<std::pair<size_t, size_t>> few_repetitions;  // (base, new) repetitions
  std::set<std::pair<size_t, size_t>> weak_sizes;       // (base, new) sample counts
  std::set<std::string> skipped_totals;                 // run-dependent counters
  std::set<std::string> skipped_rates;                  // rates of the deterministic clock
  std::vector<double> time_ratios;                      // real_time, for the geometric mean
};

// Runs that were interrupted, lack a clock or mix the lab with a host: the
// numbers may still compare, but the reader should know.
void warn_about_runs(const Results& base, const Results& neu, Comparison& c) {
  if (base.context.value("incomplete", false)) {
    c.warnings.push_back(base.path + " is from an interrupted run (incomplete: true)");
  }
  if (neu.context.value("incomplete", false)) {
    c.warnings.push_back(neu.path + " is from an interrupted run (incomplete: true)");
  }
  if (base.clock().empty() || neu.clock().empty()) {
    c.warnings.push_back("context.clock missing in " +
                         (base.clock().empty() ? base.path : neu.path) +
                         "; assuming both runs use the same clock");
  }
  if (base.emulated() != neu.emulated()) {
    c.warnings.push_back(
        "one run is from the emulated lab and the other is not: expect large "
        "differences that are not the kernel's");
  }
}

// Throws UsageError when the two files share no benchmark: they are runs of
// different configs.
void list_benchmarks_on_one_side(const Results& base, const Results& neu, Comparison& c) {
  for (const auto& b : base.benchmarks) {
    if (!neu.find(b.name)) c.only_in_base.push_back(b.name);
  }
  for (const auto& b : neu.benchmarks) {
    if (!base.find(b.name)) c.only_in_new.push_back(b.name);
  }
  if (c.only_in_base.size() == base.benchmarks.size()) {
    throw UsageError("no benchmark in common between " + base.path + " (" +
                     std::to_string(base.benchmarks.size()) + " benchmarks) and " + neu.path +
                     " (" + std::to_string(neu.benchmarks.size()) +
                     "); compare runs of the same config");
  }
}

// Why a benchmark on both sides has no statistics (failed, skipped, or
// fewer than 2 repetitions on a side), or "" when it can be compared.
std::string why_not_comparable(const BenchmarkResult& b, const BenchmarkResult& n,
                               const Results& base, const Results& neu) {
  if (!b.error.empty() || !n.error.empty()) {
    return "failed or skipped: " +
           (!b.error.empty() ? base.path + ": " + b.error : neu.path + ": " + n.error);
  }
  if (b.repetitions >= 2 && n.repetitions >= 2) return "";
  std::string reason = "needs >= 2 repetitions on both sides for statistics (base " +
                       std::to_string(b.repetitions) + ", new " + std::to_string(n.repetitions) +
                       "); rerun with --benchmark_repetitions=5";
  if ((b.repetitions == 0 && b.aggregates) || (n.repetitions == 0 && n.aggregates)) {
    reason += " and without --benchmark_report_aggregates_only";
  }
  return reason;
}

// A metric compare does not judge (a run-dependent counter, or a rate of the
// deterministic clock), remembered by name for one note.
bool skip_unjudgeable(const std::string& metric, bool deterministic, CompareTally& tally) {
  if (is_run_dependent_counter(metric)) {
    tally.skipped_totals.insert(metric);
    return true;
  }
  if (deterministic && metric.size() > 11 &&
      metric.compare(metric.size() - 11, 11, "_per_second") == 0) {
    tally.skipped_rates.insert(metric);
    return true;
  }
  return false;
}

// A base median of 0 has no ratio or bootstrap CI: the metric stayed 0, or
// appeared, and only the test says whether that is more than noise.
void judge_from_zero_base(MetricComparison& row, const CompareOptions& options) {
  row.ratio = row.neu.median == 0 ? 1.0 : (row.neu.median > 0 ? INFINITY : -INFINITY);
  row.ci = row.neu.median == 0 ? Interval{1, 1} : Interval{kNaN, kNaN};
  if (row.neu.median == 0) {
    row.verdict = Verdict::kUnchanged;
  } else if (row.test.p_value < options.alpha) {
    const bool worse = (row.direction == Direction::kLowerIsBetter) == (row.ratio > 0);
    row.verdict = worse ? Verdict::kRegressed : Verdict::kImproved;
  } else {
    row.verdict = Verdict::kNoisy;
  }
}

// The ratio of medians with its bootstrap CI (seeded by the metric's label,
// so reruns agree), judged against the metric's threshold.
void judge_ratio(MetricComparison& row, const Metric& mb, const Metric& mn,
                 const CompareOptions& options) {
  row.ratio = row.neu.median / row.base.median;
  row.ci = bootstrap_ratio_of_medians_ci(mb.samples, mn.samples, options.confidence,
                                         stable_hash(row.benchmark + "." + mb.name, options.seed),
                                         options.resamples);
  row.verdict =
      decide(VerdictInput{row.ratio, row.ci, row.test.p_value, row.direction,
                          effective_threshold(mb.name, options.threshold), options.alpha});
}

// One metric of one benchmark, both sides with >= 2 samples. Sample counts
// too small for the test to reach alpha are remembered for one warning.
MetricComparison compare_metric(const std::string& benchmark, const Metric& mb, const Metric& mn,
                                const CompareOptions& options, CompareTally& tally) {
  MetricComparison row;
  row.benchmark = benchmark;
  row.metric = mb.name;
  row.unit = mb.unit;
  row.direction = mb.direction;
  row.base = summarize(mb.samples);
  row.neu = summarize(mn.samples);
  row.test = mann_whitney_u(mn.samples, mb.samples);
  if (row.test.exact &&
      mann_whitney_min_p_value(mb.samples.size(), mn.samples.size()) >= options.alpha) {
    tally.weak_sizes.insert({mb.samples.size(), mn.samples.size()});
  }
  if (row.base.median == 0) {
    judge_from_zero_base(row, options);
  } else {
    judge_ratio(row, mb, mn, options);
  }
  return row;
}

// Every metric the two sides share, in base file order.
void compare_metrics(const BenchmarkResult& b, const BenchmarkResult& n, bool deterministic,
                     const CompareOptions& options, Comparison& c, CompareTally& tally) {
  for (const auto& mb : b.metrics) {
    const Metric* mn = n.metric(mb.name);
    if (!mn) continue;
    if (skip_unjudgeable(mb.name, deterministic, tally)) continue;
    if (mb.samples.size() < 2 || mn->samples.size() < 2) {
      c.not_compared.push_back(
          {b.name + "." + mb.name, "fewer than 2 finite values (NaN/Infinity/null dropped)"});
      continue;
    }
    MetricComparison row = compare_metric(b.name, mb, *mn, options, tally);
    if (mb.name == "real_time") tally.time_ratios.push_back(row.ratio);
    c.rows.push_back(row);
  }
}

void list_counters_on_one_side(const BenchmarkResult& b, const BenchmarkResult& n, Comparison& c) {
  for (const auto& mn : n.metrics)
    if (!b.metric(mn.name)) c.counters_only_in_new[mn.name].push_back(b.name);
  for (const auto& mb : b.metrics)
    if (!n.metric(mb.name)) c.counters_only_in_base[mb.name].push_back(b.name);
}

// Every benchmark of base that new has too, in base file order.
void compare_benchmarks(const Results& base, const Results& neu, const CompareOptions& options,
                        Comparison& c, CompareTally& tally) {
  // The deterministic clock counts instructions: a rate derived from it
  // (bytes_per_second) is no bandwidth (docs/lab.md: "Accelerators and the deterministic mode").
  const bool deterministic = base.clock() == "instruction-ns";
  for (const auto& b : base.benchmarks) {
    const BenchmarkResult* n = neu.find(b.name);
    if (!n) continue;
    const std::string reason = why_not_comparable(b, *n, base, neu);
    if (!reason.empty()) {
      c.not_compared.push_back({b.name, reason});
      continue;
    }
    ++c.benchmarks_compared;
    if (b.repetitions < kRecommendedRepetitions || n->repetitions < kRecommendedRepetitions) {
      tally.few_repetitions.insert({b.repetitions, n->repetitions});
    }
    compare_metrics(b, *n, deterministic, options, c, tally);
    list_counters_on_one_side(b, *n, c);
  }
}

void check_some_compared(const Results& base, const Results& neu, const Comparison& c) {
  if (c.benchmarks_compared == 0) {
    throw UsageError("no benchmark of " + base.path + " and " + neu.path +
                     " can be compared: each needs >= 2 successful repetitions on both sides; "
                     "rerun with --benchmark_repetitions=5");
  }
}

// Too few repetitions, or too few values for the test to reach alpha: the
// verdicts of those benchmarks are weaker than they look.
void warn_about_small_samples(const CompareTally& tally, const CompareOptions& options,
                              Comparison& c) {
  for (auto [nb, nn] : tally.few_repetitions) {
    c.warnings.push_back("some benchmarks have " + std::to_string(nb) + " (base) and " +
                         std::to_string(nn) + " (new) repetitions; use at least " +
                         std::to_string(kRecommendedRepetitions) + " for reliable verdicts");
  }
  for (auto [nb, nn] : tally.weak_sizes) {
    c.warnings.push_back("with " + std::to_string(nb) + " and " + std::to_string(nn) +
                         " values the smallest possible p-value is " +
                         printf_string("%.3g", mann_whitney_min_p_value(nb, nn)) + " >= alpha " +
                         printf_string("%g", options.alpha) +
                         ": those metrics cannot be judged improved or regressed");
  }
}

std::string comma_separated(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void note_unjudged_metrics(const CompareTally& tally, Comparison& c) {
  if (!tally.skipped_totals.empty()) {
    c.notes.push_back("not judged: " + comma_separated(tally.skipped_totals) +
                      " (totals scale with the iteration count Google Benchmark chose for each "
                      "run, scaling is perf's multiplexing factor; the normalised forms, "
                      "_per_<unit> or _per_iteration, are compared)");
  }
  if (!tally.skipped_rates.empty()) {
    c.notes.push_back("not judged: " + comma_separated(tally.skipped_rates) +
                      " (a rate from the deterministic clock, which counts instructions)");
  }
}

void warn_about_benchmarks_on_one_side(const Results& base, const Results& neu, Comparison& c) {
  if (!c.only_in_base.empty() || !c.only_in_new.empty()) {
    c.warnings.push_back(std::to_string(c.only_in_base.size()) + " benchmarks only in " +
                         base.path + ", " + std::to_string(c.only_in_new.size()) + " only in " +
                         neu.path + " (listed below)");
  }
}

void set_geomean_time_ratio(const std::vector<double>& time_ratios, Comparison& c) {
  c.geomean_time_ratio = geometric_mean(time_ratios);
  c.geomean_benchmarks = 0;
  for (double r : time_ratios) {
    if (r > 0 && std::isfinite(r)) ++c.geomean_benchmarks;
  }
}

}  // namespace

Comparison compare_results(const Results& base, const Results& neu, const CompareOptions& options) {
  check_comparable_clocks(base, neu);
  Comparison c;
  c.base_path = base.path;
  c.new_path = neu.path;
  c.time_unit = base.time_unit();
  c.environment = environment_diff(base, neu);
  warn_about_runs(base, neu, c);
  list_benchmarks_on_one_side(base, neu, c);
  CompareTally tally;
  compare_benchmarks(base, neu, options, c, tally);
  check_some_compared(base, neu, c);
  warn_about_small_samples(tally, options, c);
  note_unjudged_metrics(tally, c);
  warn_about_benchmarks_on_one_side(base, neu, c);
  set_geomean_time_ratio(tally.time_ratios, c);
  judge_benchmarks(base, neu, options, c);
  return c;
}

}  // namespace daxbench::analysis
