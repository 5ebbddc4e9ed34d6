// Reads daxbench results files (docs/results-format.md: Google Benchmark JSON
// plus daxbench keys) into per-benchmark samples: one value per repetition for
// the time and for every counter.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/stats.h"

namespace daxbench::analysis {

using Json = nlohmann::ordered_json;

struct Metric {
  std::string name;  // "real_time", or the counter's key ("page_faults_per_iteration")
  std::string unit;  // "ns" / "instruction-ns" for time, "" for counters (unit in the name)
  Direction direction = Direction::kLowerIsBetter;
  std::vector<double> samples;  // one per repetition, finite values only
  size_t dropped = 0;           // repetitions whose value was null / NaN / infinite
};

struct BenchmarkResult {
  std::string name;              // Google Benchmark's run_name
  std::vector<Metric> metrics;   // real_time first, then counters in file order
  Json daxbench;                 // the "daxbench" object of the first repetition (or null)
  std::vector<Json> latency_ns;  // daxbench.latency_ns of each repetition that has one
  std::vector<Json> profiles;    // distinct daxbench.profile objects (--profile), in file order
  size_t repetitions = 0;        // iteration entries found
  size_t aggregates = 0;         // aggregate entries found (ignored)
  std::string error;             // error_message when the benchmark failed or was skipped

  const Metric* metric(const std::string& metric_name) const;
  // From the daxbench object, with fallbacks parsed from the name. A
  // reference that puts "ref/<what>" where the mode and filesystem go
  // (ref/anon: docs/workloads.md) has mode "ref" and fs_type "<what>", not
  // the run's mode and target.
  std::string family() const;
  std::string mode() const;
  std::string fs_type() const;
  // The name without its inode-mode and filesystem components: benchmarks that
  // differ only in mode/fs share a scenario.
  std::string scenario() const;
};

struct Results {
  std::string path;  // as given on the command line
  Json context;
  std::vector<BenchmarkResult> benchmarks;  // in file order

  std::string context_string(const std::string& key) const;  // "" if absent
  std::string clock() const;      // "wall-ns", "instruction-ns", or "" if absent
  std::string time_unit() const;  // the unit times are shown in: "ns" or "instruction-ns"
  bool emulated() const;          // context.lab non-empty
  const BenchmarkResult* find(const std::string& name) const;
};

// lab/daxlab's description of the lab (context.lab) in its ", "-separated
// parts; a part may hold ", " inside parentheses.
std::vector<std::string> lab_parts(const std::string& lab);
// lab/daxlab's pmem part ends " on guest node N": the node it asked QEMU for,
// which the guest kernel may number otherwise (SRAT order).
inline constexpr const char* kLabGuestNode = " on guest node ";
// The lab's machine: its parts without the kernel ("kernel ..."), the
// deterministic clock's clause (a header says the clock on its own line) and
// the QEMU node asked for (the targets carry the node the kernel reported).
std::vector<std::string> lab_machine_parts(const std::string& lab);

// Throws UsageError with one line naming the file: missing/unreadable file,
// not JSON, not a daxbench results file. Google Benchmark writes NaN and
// Infinity as bare words, which are not JSON; they are read as missing values.
Results load_results(const std::string& path);

// Parses results text (exposed for tests); `path` is used in messages only.
Results parse_results(const std::string& text, const std::string& path);

// The legacy rule (legacy_families.cc), for files whose family presentations
// do not say which metrics are higher-is-better: time, faults, misses,
// latency and other costs are lower-is-better; rates (*_per_second), the
// share of faults mapped as PMD (pmd_mapped*) and flag switches that took
// effect are higher-is-better.
Direction metric_direction(const std::string& metric_name);
// Every metric's direction from its family's presentation in the file
// (FamilyPresentation::higher_is_better), or by the legacy rule where the
// file's presentation does not say (families.cc).
void assign_directions(Results& results);

// Converts a value in Google Benchmark's time_unit ("ns", "us", "ms", "s") to ns.
double to_nanoseconds(double value, const std::string& time_unit, const std::string& path);

}  // namespace daxbench::analysis
