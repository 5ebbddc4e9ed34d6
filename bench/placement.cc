// NUMA placement with libnuma: which node's CPUs run the workload and which
// node's memory backs its private pages, relative to the target device's node
// (TargetInfo::numa_node, from /sys/block/<disk>/device/numa_node).
#include "bench/placement.h"

#include <numa.h>
#include <numaif.h>
#include <sched.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>

namespace daxbench {
namespace {

constexpr unsigned long kMaxPolicyNodes = 1024;  // >= the kernel's nr_node_ids

// "0-1,4" -> {0,1,4} (sysfs list format); empty on a malformed list.
std::set<int> parse_list(const std::string& text) {
  std::set<int> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) continue;
    try {
      const size_t dash = item.find('-');
      const int lo = std::stoi(item.substr(0, dash));
      const int hi = dash == std::string::npos ? lo : std::stoi(item.substr(dash + 1));
      for (int i = lo; i <= hi; ++i) out.insert(i);
    } catch (const std::exception&) {
      return {};
    }
  }
  return out;
}

std::set<int> sysfs_nodes(const char* which) {
  return parse_list(read_text_file(std::string("/sys/devices/system/node/") + which));
}

std::string format_nodes(const std::set<int>& nodes) {
  return format_cpu_list(std::vector<int>(nodes.begin(), nodes.end()));
}

// "auto", "all", "" or a node number; -2 for "all", -1 for "" / unbound.
bool parse_node_word(const std::string& value, bool allow_all, int& node) {
  if (value.empty()) {
    node = -1;
    return true;
  }
  if (value == "auto") {
    node = -3;
    return true;
  }
  if (value == "all" && allow_all) {
    node = -2;
    return true;
  }
  if (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 6) return false;
  node = std::stoi(value);
  return true;
}

// The device's node; on a single-node machine an unknown node (-1, as
// sysfs reports for devices without NUMA affinity) can only be node 0.
int device_node(const TargetInfo& target, const std::string& option) {
  if (target.numa_node >= 0) return target.numa_node;
  const std::set<int> online = sysfs_nodes("online");
  if (online.size() <= 1) return online.empty() ? 0 : *online.begin();
  throw UsageError(option + ": the NUMA node of target " + target.path +
                   " is unknown (no block device, or its sysfs numa_node reads -1); give a node "
                   "number instead");
}

void check_node(int node, const std::string& option, bool need_cpus) {
  const std::set<int> possible = sysfs_nodes("possible");
  const std::set<int> online = sysfs_nodes("online");
  if (!possible.count(node) && !online.count(node))
    throw UsageError(option + ": NUMA node " + std::to_string(node) +
                     " does not exist (nodes: " + format_nodes(online) + ")");
  if (!online.count(node))
    throw UsageError(option + ": NUMA node " + std::to_string(node) +
                     " is offline (online: " + format_nodes(online) + ")");
  if (need_cpus && node_cpus(node).empty())
    throw UsageError(option + ": NUMA node " + std::to_string(node) +
                     " has no CPUs (memory-only node); pick a node with CPUs");
}

std::vector<int> affinity_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) out.push_back(c);
  return out;
}

}  // namespace

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (size_t i = 0; i < cpus.size();) {
    size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) {  // appended: "-" + std::string&& trips GCC 12's -Wrestrict at -O3
      out += '-';
      out += std::to_string(cpus[j]);
    }
    i = j + 1;
  }
  return out;
}

std::vector<int> node_cpus(int node) {
  std::vector<int> out;
  for (int c : parse_list(
           read_text_file("/sys/devices/system/node/node" + std::to_string(node) + "/cpulist")))
    out.push_back(c);
  return out;
}

std::string Placement::describe() const {
  if (cpu_node < 0 && mem_node < 0) return label.empty() ? "none" : label;
  std::string out = label.empty() ? "" : label + ": ";
  out += cpu_node >= 0
             ? "cpus " + (cpus.empty() ? "?" : cpus) + " on node " + std::to_string(cpu_node)
             : "cpus unbound";
  out += mem_node >= 0 ? ", memory bound to node " + std::to_string(mem_node)
                       : ", memory policy unchanged";
  return out;
}

void validate_placement_options(const PlacementOptions& options) {
  int node;
  if (!parse_node_word(options.cpu_node, true, node))
    throw UsageError("--cpu-node '" + options.cpu_node + "': expected a node number, auto or all");
  if (!parse_node_word(options.mem_node, false, node))
    throw UsageError("--mem-node '" + options.mem_node + "': expected a node number or auto");
  std::set<std::string> seen;
  for (const auto& p : options.placements) {
    if (p != "local" && p != "remote")
      throw UsageError("--numa-placement '" + p + "': expected local and/or remote");
    if (!seen.insert(p).second) throw UsageError("--numa-placement lists '" + p + "' twice");
  }
  if (!options.placements.empty() && !options.cpu_node.empty())
    throw UsageError(
        "--numa-placement chooses the CPU node itself; drop --cpu-node or --numa-placement");
}

std::vector<Placement> resolve_placements(const PlacementOptions& options,
                                          const TargetInfo& target) {
  validate_placement_options(options);
  int mem = -1;
  parse_node_word(options.mem_node, false, mem);
  if (mem == -3) mem = device_node(target, "--mem-node auto");
  if (mem >= 0) check_node(mem, "--mem-node", false);

  if (options.placements.empty()) {
    int cpu = -1;
    parse_node_word(options.cpu_node, true, cpu);
    if (cpu == -3) cpu = device_node(target, "--cpu-node auto");
    if (cpu >= 0) check_node(cpu, "--cpu-node", true);
    Placement p;
    p.cpu_node = cpu;
    p.mem_node = mem;
    if (cpu == -2) p.label = "cpu:all";
    if (cpu >= 0) p.label = "cpu:" + std::to_string(cpu);
    if (mem >= 0) {
      if (!p.label.empty()) p.label += '+';
      p.label += "mem:";
      p.label += std::to_string(mem);
    }
    return {p};
  }

  const int local = device_node(target, "--numa-placement");
  std::vector<Placement> out;
  for (const auto& which : options.placements) {
    Placement p;
    p.label = which;
    p.mem_node = mem;
    if (which == "local") {
      check_node(local, "--numa-placement local (node of " + target.path + ")", true);
      p.cpu_node = local;
    } else {
      // The nearest other node with CPUs (numa_distance), so "remote" is one
      // hop away as on a two-socket machine.
      int best = -1;
      int best_distance = 0;
      for (int n : sysfs_nodes("online")) {
        if (n == local || node_cpus(n).empty()) continue;
        const int d = numa_available() >= 0 ? numa_distance(local, n) : 0;
        if (best < 0 || d < best_distance) {
          best = n;
          best_distance = d;
        }
      }
      if (best < 0)
        throw UsageError("--numa-placement remote: needs a NUMA node with CPUs other than node " +
                         std::to_string(local) + " (the node of " + target.path +
                         "); this machine has nodes " + format_nodes(sysfs_nodes("online")));
      p.cpu_node = best;
    }
    out.push_back(p);
  }
  return out;
}

PlacementBinding::PlacementBinding(Placement& placement) {
  if (placement.cpu_node >= 0) {
    cpu_set_t saved;
    CPU_ZERO(&saved);
    if (::sched_getaffinity(0, sizeof saved, &saved) != 0)
      throw std::system_error(errno, std::generic_category(), "sched_getaffinity");
    cpu_set_t want;
    CPU_ZERO(&want);
    int count = 0;
    for (int c : node_cpus(placement.cpu_node)) {
      // Only CPUs this process may use (cgroup cpuset / taskset).
      if (c < CPU_SETSIZE && CPU_ISSET(c, &saved)) {
        CPU_SET(c, &want);
        ++count;
      }
    }
    if (count == 0)
      throw UsageError("NUMA node " + std::to_string(placement.cpu_node) +
                       " has no CPU this process may run on (cpuset/taskset)");
    if (::sched_setaffinity(0, sizeof want, &want) != 0)
      throw std::system_error(errno, std::generic_category(),
                              "sched_setaffinity to node " + std::to_string(placement.cpu_node));
    saved_affinity_.assign(reinterpret_cast<unsigned char*>(&saved),
                           reinterpret_cast<unsigned char*>(&saved) + sizeof saved);
    bound_ = true;
  }
  if (placement.mem_node >= 0) {
    saved_policy_nodes_.assign(kMaxPolicyNodes / (8 * sizeof(unsigned long)), 0);
    if (::get_mempolicy(&saved_policy_mode_, saved_policy_nodes_.data(), kMaxPolicyNodes, nullptr,
                        0) != 0) {
      const int err = errno;
      restore();
      throw std::system_error(err, std::generic_category(), "get_mempolicy");
    }
    std::vector<unsigned long> mask(saved_policy_nodes_.size(), 0);
    const unsigned bits = 8 * sizeof(unsigned long);
    mask[static_cast<unsigned>(placement.mem_node) / bits] |=
        1ul << (static_cast<unsigned>(placement.mem_node) % bits);
    if (::set_mempolicy(MPOL_BIND, mask.data(), kMaxPolicyNodes) != 0) {
      const int err = errno;
      restore();
      throw std::system_error(err, std::generic_category(),
                              "set_mempolicy MPOL_BIND node " + std::to_string(placement.mem_node));
    }
    policy_bound_ = true;
  }
  if (bound_) placement.cpus = format_cpu_list(affinity_cpus());
}

PlacementBinding::~PlacementBinding() { restore(); }

void PlacementBinding::restore() {
  if (policy_bound_) {
    if (saved_policy_mode_ == MPOL_DEFAULT)
      ::set_mempolicy(MPOL_DEFAULT, nullptr, 0);
    else
      ::set_mempolicy(saved_policy_mode_, saved_policy_nodes_.data(), kMaxPolicyNodes);
    policy_bound_ = false;
  }
  if (bound_) {
    cpu_set_t saved;
    std::memcpy(&saved, saved_affinity_.data(), sizeof saved);
    ::sched_setaffinity(0, sizeof saved, &saved);
    bound_ = false;
  }
}

}  // namespace daxbench
