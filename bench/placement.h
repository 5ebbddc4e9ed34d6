// NUMA placement (libnuma): where the workload's threads run and where their
// private memory comes from, relative to the target's device node.
#pragma once

#include <string>
#include <vector>

#include "workloads/target.h"

namespace daxbench {

struct PlacementOptions {
  std::string cpu_node;                 // --cpu-node N|auto|all ("" = unbound)
  std::string mem_node;                 // --mem-node N|auto ("" = unbound)
  std::vector<std::string> placements;  // --numa-placement local,remote
};

struct Placement {
  std::string label;  // "" (unbound), "local", "remote", "cpu:0/mem:1"
  int cpu_node = -1;  // -1: not bound
  int mem_node = -1;  // -1: not bound
  std::string cpus;   // CPU list actually used ("0-1"), filled when bound
  std::string describe() const;  // for the results context
};

// Placements to run on `target`; one unbound placement when no option is set.
// Throws UsageError for nonexistent/offline nodes, or `remote` on one node.
std::vector<Placement> resolve_placements(const PlacementOptions& options,
                                          const TargetInfo& target);
void validate_placement_options(const PlacementOptions& options);

// Binds the calling thread (and threads it creates later) to the placement;
// restores the previous affinity and memory policy in the destructor.
class PlacementBinding {
 public:
  explicit PlacementBinding(Placement& placement);
  PlacementBinding(const PlacementBinding&) = delete;
  PlacementBinding& operator=(const PlacementBinding&) = delete;
  ~PlacementBinding();

 private:
  bool bound_ = false;
  std::vector<unsigned char> saved_affinity_;
};

}  // namespace daxbench
