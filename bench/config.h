// Command line + INI configuration (Boost.Program_options) and the scenario
// matrix they expand into. Every option can appear in either; the command
// line wins. Bad input throws UsageError naming the key, value or file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/counters.h"
#include "bench/placement.h"
#include "workloads/family.h"

namespace daxbench {

// One [section] of a config (or the command line's --family): a family and,
// per parameter, the list of values to expand.
struct ScenarioGroup {
  std::string section;  // "" for the command line
  const Family* family = nullptr;
  std::map<std::string, std::vector<std::string>> values;
};

struct RunConfig {
  std::string config_file;
  std::vector<std::string> targets;
  std::vector<InodeMode> modes;
  std::string out;
  bool latency = false;
  uint64_t seed = 1;
  std::vector<ScenarioGroup> groups;
  CounterOptions counters;
  // --counting inline: count the timed iterations themselves (perturbs 4 KiB
  // fault timings by ~10 %); default: a separate counted pass after them.
  bool counting_inline = false;
  PlacementOptions placement;
  // Google Benchmark flags (--benchmark_*), config first, command line last.
  std::vector<std::string> benchmark_flags;
  std::string command_line;
};

// Parses `daxbench <cmd> ...` options for run/list. argv[0] is the command.
// Returns false when --help was printed.
bool parse_run_config(int argc, char** argv, RunConfig& config, bool need_targets);

// Expands groups x modes x targets x placements into scenarios, pairing each
// mode with the first target of each filesystem where it is possible.
// Throws UsageError when a mode is possible on no target.
struct PlannedBenchmark {
  Scenario scenario;
  Placement placement;
};
std::vector<PlannedBenchmark> expand_matrix(const RunConfig& config,
                                            const std::vector<TargetInfo>& targets,
                                            std::vector<std::string>* notes);

// Canonical form of one value of `spec` ("64M" -> "64MiB"); UsageError if bad.
std::string check_param_value(const ParamSpec& spec, const std::string& value,
                              const std::string& where);

}  // namespace daxbench
