// The scenario matrix of a run: the groups' parameter values crossed, each
// point checked, paired with modes, targets and placements, and filtered.
#pragma once

#include <string>
#include <vector>

#include "bench/config.h"

namespace daxbench {

// Expands groups x modes x targets x placements into scenarios, pairing each
// mode with the first target of each filesystem where it is possible, and
// keeps those --benchmark_filter selects. Every point is checked here
// (Family::check, the thread limit), so `list` and `run` refuse alike.
// Throws UsageError when a mode is possible on no target, a point is bad, or
// the filter selects nothing.
struct PlannedBenchmark {
  Scenario scenario;
  Placement placement;
};
std::vector<PlannedBenchmark> expand_matrix(const RunConfig& config,
                                            const std::vector<TargetInfo>& targets,
                                            std::vector<std::string>* notes);

// The plan's benchmarks that `filter` selects (Google Benchmark's syntax);
// UsageError when it selects none.
std::vector<PlannedBenchmark> filter_plan(std::vector<PlannedBenchmark> plan,
                                          const std::string& filter);

}  // namespace daxbench
