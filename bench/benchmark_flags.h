// Google Benchmark's own flags (--benchmark_*), checked before they are
// passed on, against what libbenchmark 1.7.1 accepts (src/benchmark.cc:
// ParseCommandLineFlags): one-line usage errors instead of its warnings or
// aborts, and the values daxbench itself needs (repetitions, min time).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace daxbench {

// The Google Benchmark flags daxbench accepts (libbenchmark 1.7.1), checked
// when parsed: daxbench filters the matrix and lists names itself, writes
// the one results file (--out), and passes the rest on.
struct BenchmarkFlags {
  std::string filter;       // --benchmark_filter: a regex ("-" prefix negates), "" = all
  bool list_tests = false;  // --benchmark_list_tests: print the names, run nothing
  int repetitions = 1;      // --benchmark_repetitions
  double min_time_s = 0.5;  // --benchmark_min_time (Google Benchmark's default 0.5)
  bool min_time_given = false;
  // Why daxbench chose min_time_s (apply_deterministic_min_time); "" when
  // given or Google Benchmark's default.
  std::string min_time_default;
  std::string time_unit;             // --benchmark_time_unit: ns|us|ms|s, "" = us
  std::string color = "auto";        // --benchmark_color: auto|true|false
  std::string format;                // --benchmark_format: console|json|csv, "" = daxbench's table
  std::string out;                   // --benchmark_out, folded into --out
  std::vector<std::string> pass_on;  // checked flags handed to benchmark::Initialize
};

// `args` are "--benchmark_NAME[=VALUE]" with where each came from ("" for
// the command line, "config FILE: "), config ones first: a later flag
// replaces an earlier one of the same name. Bad flags: UsageError.
BenchmarkFlags parse_benchmark_flags(const std::vector<std::pair<std::string, std::string>>& args);

// Under the lab's deterministic clock, --benchmark_min_time defaults to 0.02
// unless the flags gave one.
void apply_deterministic_min_time(BenchmarkFlags& flags);

}  // namespace daxbench
