// Placeholder until NUMA placement lands: only the unbound placement.
#include "bench/placement.h"

namespace daxbench {

std::string Placement::describe() const { return label.empty() ? "none" : label; }

std::vector<Placement> resolve_placements(const PlacementOptions& options, const TargetInfo&) {
  if (!options.cpu_node.empty() || !options.mem_node.empty() || !options.placements.empty())
    throw UsageError("NUMA placement options are not implemented yet");
  return {Placement{}};
}

void validate_placement_options(const PlacementOptions&) {}

PlacementBinding::PlacementBinding(Placement&) {}
PlacementBinding::~PlacementBinding() = default;

}  // namespace daxbench
