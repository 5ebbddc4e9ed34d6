// Command line + INI configuration (Boost.Program_options) and the scenario
// matrix they expand into. Every option can appear in either; the command
// line wins. Bad input throws UsageError naming the key, value or file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/benchmark_flags.h"
#include "bench/counters.h"
#include "bench/placement.h"
#include "bench/profile.h"
#include "workloads/family.h"

namespace daxbench {

// One [section] of a config (or the command line's --family): a family and,
// per parameter, the list of values to expand.
struct ScenarioGroup {
  std::string section;  // "" for the command line
  const Family* family = nullptr;
  std::map<std::string, std::vector<std::string>> values;
};

// Seconds: no duration daxbench takes (a parameter, a Google Benchmark
// time) is meaningful beyond a day.
constexpr double kMaxDurationSeconds = 86400;

struct RunConfig {
  std::string config_file;
  std::vector<std::string> targets;
  std::vector<InodeMode> modes;
  std::string out;
  bool latency = false;
  bool pin_tasks = false;  // --pin-tasks (workloads/task_cpus.h)
  uint64_t seed = 1;
  std::vector<ScenarioGroup> groups;
  CounterOptions counters;
  // --counting inline: count the timed iterations themselves (perturbs 4 KiB
  // fault timings by ~10 %); default: a separate counted pass after them.
  bool counting_inline = false;
  // --profile: a perf record pass of its own per scenario (bench/profile.h).
  ProfileOptions profile;
  PlacementOptions placement;
  // --benchmark-timeout: seconds a benchmark may run per repetition before it
  // is ended and recorded as failed (bench/benchmark_limit.h); 0: no limit.
  double benchmark_timeout_s = 600;
  // Google Benchmark flags (--benchmark_*), config first, command line last.
  std::vector<std::string> benchmark_flags;
  BenchmarkFlags benchmark;
  std::string command_line;
};

// Parses `daxbench <cmd> ...` options for run/list. argv[0] is the command.
// Returns false when --help was printed.
bool parse_run_config(int argc, char** argv, RunConfig& config, bool need_targets);

// A value as echoed in a message: quoted, cut to 100 characters.
std::string shown(const std::string& value);

// Canonical form of one value of `spec` ("64M" -> "64MiB"); UsageError if bad.
std::string check_param_value(const ParamSpec& spec, const std::string& value,
                              const std::string& where);

}  // namespace daxbench
