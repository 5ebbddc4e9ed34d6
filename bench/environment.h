// The environment a run records (DESIGN.md "Measurement rules": always
// recorded) and `daxbench env` prints.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/target.h"

namespace daxbench {

using Facts = std::vector<std::pair<std::string, std::string>>;

// Kernel, CPU, THP, fault_around_bytes, clock kind, lab, daxbench version.
Facts system_facts();
// The target's filesystem, mount, device, DAX capability and NUMA node.
Facts target_facts(const TargetInfo& target);
nlohmann::json target_json(const TargetInfo& target);

// "wall-ns", or "instruction-ns" inside the lab's deterministic mode
// (DAXBENCH_CLOCK, set by lab/daxlab).
std::string clock_kind();
std::string daxbench_version();

}  // namespace daxbench
