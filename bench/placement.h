// NUMA placement (libnuma): where the workload's threads run and where their
// private memory comes from, relative to the target's device node.
#pragma once

#include <string>
#include <vector>

#include "core/target.h"

namespace daxbench {

struct PlacementOptions {
  std::string cpu_node;                 // --cpu-node N|auto|all ("" = unbound)
  std::string mem_node;                 // --mem-node N|auto ("" = unbound)
  std::vector<std::string> placements;  // --numa-placement local,remote
};

struct Placement {
  std::string label;             // "" (unbound), "local", "remote", "cpu:0+mem:1"
  int cpu_node = -1;             // -1: not bound
  int mem_node = -1;             // -1: not bound
  std::string cpus;              // CPU list actually used ("0-1"), filled when bound
  std::string describe() const;  // for the results context
};

// Placements to run on `target`; one unbound placement when no option is set.
// Throws UsageError for nonexistent/offline nodes, or `remote` on one node.
std::vector<Placement> resolve_placements(const PlacementOptions& options,
                                          const TargetInfo& target);
void validate_placement_options(const PlacementOptions& options);

// Binds the calling thread (and threads it creates later: CPU affinity and
// the memory policy are inherited on clone) to the placement: the CPUs of
// cpu_node (sched_setaffinity) and MPOL_BIND to mem_node (set_mempolicy);
// fills placement.cpus. Restores the previous affinity and memory policy in
// the destructor. DAX mappings are not affected by the memory policy (their
// pages are the pmem itself); page-cache pages and anonymous memory are.
class PlacementBinding {
 public:
  explicit PlacementBinding(Placement& placement);
  PlacementBinding(const PlacementBinding&) = delete;
  PlacementBinding& operator=(const PlacementBinding&) = delete;
  ~PlacementBinding();

 private:
  void restore();
  bool bound_ = false;
  std::vector<unsigned char> saved_affinity_;
  bool policy_bound_ = false;
  int saved_policy_mode_ = 0;
  std::vector<unsigned long> saved_policy_nodes_;
};

// "0-3,8" from a CPU affinity mask; the CPUs of a NUMA node in the same form.
std::string format_cpu_list(const std::vector<int>& cpus);
std::vector<int> node_cpus(int node);

}  // namespace daxbench
