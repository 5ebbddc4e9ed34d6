// NUMA placement on whatever machine runs the tests: option checking, the
// errors for nodes that don't exist or a `remote` with nowhere to go, and a
// binding that really moves the thread (sched_getaffinity, get_mempolicy)
// and is undone at scope end. The two-node checks run in the lab guest.
#include <gtest/gtest.h>
#include <numaif.h>
#include <sched.h>

#include <set>
#include <thread>

#include "bench/placement.h"
#include "core/target.h"

namespace daxbench {
namespace {

std::string current_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return format_cpu_list(cpus);
}

int current_policy() {
  int mode = -1;
  unsigned long mask[16] = {};
  get_mempolicy(&mode, mask, 1024, nullptr, 0);
  return mode;
}

std::set<int> online_nodes() {
  std::set<int> out;
  const std::string text = read_text_file("/sys/devices/system/node/online");
  // "0" or "0-1": enough for the machines the tests run on.
  const size_t dash = text.find('-');
  const int lo = std::stoi(text);
  const int hi = dash == std::string::npos ? lo : std::stoi(text.substr(dash + 1));
  for (int i = lo; i <= hi; ++i) out.insert(i);
  return out;
}

TargetInfo target_on_node(int node) {
  TargetInfo t;
  t.path = "/mnt/test";
  t.numa_node = node;
  return t;
}

void expect_usage_error(const PlacementOptions& o, const TargetInfo& t, const std::string& part) {
  try {
    resolve_placements(o, t);
    ADD_FAILURE() << "accepted; expected an error naming '" << part << "'";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(Placement, FormatCpuList) {
  EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 8, 10, 11}), "0-3,8,10-11");
  EXPECT_EQ(format_cpu_list({}), "");
}

TEST(Placement, NoOptionsIsOneUnboundPlacement) {
  const auto p = resolve_placements({}, target_on_node(-1));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].label, "");
  EXPECT_EQ(p[0].cpu_node, -1);
  EXPECT_EQ(p[0].describe(), "none");
}

TEST(Placement, BadOptionSyntaxIsUsageError) {
  EXPECT_THROW(validate_placement_options({"x", "", {}}), UsageError);
  EXPECT_THROW(validate_placement_options({"", "all", {}}), UsageError);  // mem: no "all"
  EXPECT_THROW(validate_placement_options({"", "", {"local", "far"}}), UsageError);
  EXPECT_THROW(validate_placement_options({"0", "", {"local"}}), UsageError);
  EXPECT_NO_THROW(validate_placement_options({"auto", "0", {}}));
  EXPECT_NO_THROW(validate_placement_options({"", "auto", {"local", "remote"}}));
}

TEST(Placement, NonexistentNodeIsUsageError) {
  expect_usage_error({"63", "", {}}, target_on_node(0), "does not exist");
  expect_usage_error({"", "63", {}}, target_on_node(0), "does not exist");
}

TEST(Placement, RemoteNeedsAnotherNode) {
  if (online_nodes().size() > 1) GTEST_SKIP() << "multi-node machine";
  expect_usage_error({"", "", {"remote"}}, target_on_node(0), "needs a NUMA node with CPUs");
  // An unknown device node on a one-node machine can only be node 0.
  const auto local = resolve_placements({"", "", {"local"}}, target_on_node(-1));
  ASSERT_EQ(local.size(), 1u);
  EXPECT_EQ(local[0].label, "local");
  EXPECT_EQ(local[0].cpu_node, 0);
}

TEST(Placement, AutoUsesTheDeviceNode) {
  const int node = *online_nodes().rbegin();
  const auto p = resolve_placements({"auto", "auto", {}}, target_on_node(node));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].cpu_node, node);
  EXPECT_EQ(p[0].mem_node, node);
  EXPECT_EQ(p[0].label, "cpu:" + std::to_string(node) + "+mem:" + std::to_string(node));
}

TEST(Placement, BindingMovesThreadsAndIsUndone) {
  const std::string before_cpus = current_cpus();
  const int before_policy = current_policy();
  const int node = *online_nodes().begin();
  Placement p =
      resolve_placements({std::to_string(node), std::to_string(node), {}}, target_on_node(node))[0];
  {
    PlacementBinding binding(p);
    const std::string node_list =
        read_text_file("/sys/devices/system/node/node" + std::to_string(node) + "/cpulist");
    EXPECT_EQ(p.cpus, current_cpus());
    EXPECT_EQ(current_policy(), MPOL_BIND);
    // A thread created now inherits both.
    std::string thread_cpus;
    int thread_policy = -1;
    std::thread([&] {
      thread_cpus = current_cpus();
      thread_policy = current_policy();
    }).join();
    EXPECT_EQ(thread_cpus, p.cpus);
    EXPECT_EQ(thread_policy, MPOL_BIND);
    EXPECT_NE(p.describe().find("node " + std::to_string(node)), std::string::npos) << p.describe();
    EXPECT_FALSE(node_list.empty());
  }
  EXPECT_EQ(current_cpus(), before_cpus);
  EXPECT_EQ(current_policy(), before_policy);
}

}  // namespace
}  // namespace daxbench
