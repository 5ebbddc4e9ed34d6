#include "bench/matrix.h"

#include <map>
#include <optional>
#include <regex>
#include <set>

#include "core/error.h"
#include "core/thread_headroom.h"

namespace daxbench {

namespace {

// Every combination of a group's values, in the family's parameter order.
std::vector<ScenarioParams> cross_product(const ScenarioGroup& group) {
  std::vector<ScenarioParams> points{ScenarioParams{}};
  for (const ParamSpec& spec : group.family->params()) {
    std::vector<ScenarioParams> next;
    for (const auto& p : points)
      for (const auto& v : group.values.at(spec.key)) {
        ScenarioParams q = p;
        q[spec.key] = v;
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  return points;
}

// The family's checks and the thread limit, for every point of a group.
// `headroom` is computed once, when a point first asks for threads.
void check_points(const ScenarioGroup& group, const std::vector<ScenarioParams>& points,
                  const std::string& where, std::optional<std::optional<uint64_t>>& headroom) {
  for (const auto& point : points) {
    try {
      check_common_params(point);
      group.family->check(point);
    } catch (const UsageError& e) {
      throw UsageError(where + ": " + e.what());
    }
    auto threads = point.find("threads");
    if (threads == point.end() || threads->second == "1") continue;
    if (!headroom) headroom = thread_headroom();
    // One more for daxbench's own signal thread.
    const uint64_t wanted = std::stoull(threads->second) + 1;
    if (*headroom && wanted > **headroom)
      throw UsageError(where + ": threads " + threads->second + ": this process may start " +
                       std::to_string(**headroom) +
                       " more threads (ulimit -u less the tasks this user runs, the cgroup's "
                       "pids.max, kernel.threads-max); use fewer threads or raise the limit");
  }
}

}  // namespace

std::vector<PlannedBenchmark> expand_matrix(const RunConfig& config,
                                            const std::vector<TargetInfo>& targets,
                                            std::vector<std::string>* notes) {
  // Pair each mode with, per filesystem type, the first target that allows it.
  std::vector<std::pair<InodeMode, const TargetInfo*>> pairs;
  for (InodeMode mode : config.modes) {
    std::set<std::string> fs_done;
    std::map<std::string, std::string> refusals;  // fs type -> why its targets refused
    std::string first_error;
    for (const TargetInfo& t : targets) {
      if (fs_done.count(t.fs_type)) continue;
      if (!t.path.empty()) {  // empty: the placeholder target of `list` without --target
        try {
          check_mode_possible(t, mode);
        } catch (const UsageError& e) {
          if (first_error.empty()) first_error = e.what();
          refusals.emplace(t.fs_type, e.what());
          continue;
        }
      }
      fs_done.insert(t.fs_type);
      pairs.emplace_back(mode, &t);
    }
    if (fs_done.empty()) throw UsageError(first_error);
    // Say so only where no target of that filesystem could take the mode.
    if (notes)
      for (const auto& [fs, why] : refusals)
        if (!fs_done.count(fs))
          notes->push_back(std::string("mode ") + to_string(mode) + " not run on " + fs + ": " +
                           why);
  }

  std::vector<PlannedBenchmark> out;
  std::set<std::string> names;
  std::optional<std::optional<uint64_t>> headroom;  // computed when threads > 1 appear
  for (const ScenarioGroup& group : config.groups) {
    const std::string where = group.section.empty()
                                  ? "family " + group.family->name()
                                  : "config " + config.config_file + ": [" + group.section + "]";
    const std::vector<ScenarioParams> points = cross_product(group);
    check_points(group, points, where, headroom);
    for (const auto& [mode, target] : pairs) {
      if (!group.family->supports_mode(mode)) continue;
      const std::vector<Placement> placements = resolve_placements(config.placement, *target);
      for (const auto& point : points) {
        auto normalized = group.family->normalize_for_target(point, mode, *target);
        if (!normalized) continue;
        for (const Placement& placement : placements) {
          PlannedBenchmark b;
          b.scenario.family = group.family;
          b.scenario.params = *normalized;
          b.scenario.mode = mode;
          b.scenario.target = *target;
          b.scenario.latency = config.latency;
          b.scenario.pin_tasks = config.pin_tasks;
          b.scenario.seed = config.seed;
          b.scenario.placement = placement.label;
          b.scenario.name = group.family->scenario_name(b.scenario);
          b.placement = placement;
          if (names.insert(b.scenario.name).second) out.push_back(std::move(b));
        }
      }
    }
  }
  return filter_plan(std::move(out), config.benchmark.filter);
}

std::vector<PlannedBenchmark> filter_plan(std::vector<PlannedBenchmark> plan,
                                          const std::string& filter) {
  if (filter.empty() || filter == "all" || plan.empty()) return plan;
  // Google Benchmark 1.7.1 (benchmark_register.cc: FindBenchmarks): a
  // leading '-' negates, the rest is an extended regex searched in the name.
  const bool negative = filter.starts_with("-");
  const std::regex re(negative ? filter.substr(1) : filter, std::regex::extended);
  std::vector<PlannedBenchmark> kept;
  const size_t total = plan.size();
  for (auto& b : plan)
    if (std::regex_search(b.scenario.name, re) != negative) kept.push_back(std::move(b));
  if (kept.empty())
    throw UsageError("--benchmark_filter=" + shown(filter).substr(1, shown(filter).size() - 2) +
                     " matches none of the " + std::to_string(total) +
                     " scenarios; `daxbench list` (same options, no filter) shows their names");
  return kept;
}

}  // namespace daxbench
