// The report's first lines, as an LKP regression mail opens: the kernels
// (exact packages), the testcase, the machine or lab once (what differs
// between the runs, the rest once), the clock and the noise floor, and which
// tree built the tool that measured. Provenance checks live here too: a dirty
// tree is refused, and context fields that are fiction under TCG are named.
#include <algorithm>
#include <set>

#include "analysis/report.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

// The kernel as the lab names it ("linux-image-6.1.0-57-amd64 6.1.192-3",
// the package and its version), else kernel_release.
std::string kernel_of(const Results& r) {
  for (const auto& p : lab_parts(r.context_string("lab"))) {
    if (!p.starts_with("kernel ")) continue;
    const size_t open = p.find('('), close = p.rfind(')');
    if (open != std::string::npos && close > open) return p.substr(open + 1, close - open - 1);
    return p.substr(7);
  }
  return r.context_string("kernel_release");
}

// The machine's parts: the lab's, without the kernel (its own line), the
// clock (the clock line says it) and the requested NUMA node (the node line
// says the measured one); on real hardware the CPU model and CPU count.
std::vector<std::string> machine_parts(const Results& r) {
  std::vector<std::string> out;
  if (!r.emulated()) {
    out.push_back(r.context_string("cpu_model"));
    if (r.context.contains("num_cpus")) out.push_back(r.context["num_cpus"].dump() + " CPUs");
    return out;
  }
  return lab_machine_parts(r.context_string("lab"));
}

// The NUMA nodes of the targets' devices as the kernel reported them
// (sysfs /sys/block/<disk>/device/numa_node, core/target.cc), in order.
std::vector<std::string> target_nodes(const Results& r) {
  std::vector<std::string> nodes;
  auto targets = r.context.find("targets");
  if (targets == r.context.end() || !targets->is_array()) return nodes;
  for (const auto& t : *targets) {
    const Json v = t.value("numa_node", Json());
    const std::string node = v.is_string() ? v.get<std::string>() : v.dump();
    // -1: no node (a loop device, a directory on tmpfs): nothing to say.
    if (node == "-1" || node == "null") continue;
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
  }
  return nodes;
}

std::string requested_node(const Results& r) {
  const std::string lab = r.context_string("lab");
  const size_t at = lab.find(kLabGuestNode);
  if (at == std::string::npos) return "";
  const size_t from = at + std::string(kLabGuestNode).size();
  return lab.substr(from, lab.find_first_not_of("0123456789", from) - from);
}

// "base → new" when the runs differ, else the one value.
std::string either(const std::vector<std::string>& values) {
  std::vector<std::string> distinct;
  for (const auto& v : values)
    if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
  return join(distinct, " → ");
}

std::string machine_line(const Report& r) {
  // Parts every run shares once, in the first run's order; then each part
  // that differs, as "base → new".
  std::vector<std::vector<std::string>> parts;
  for (const auto& run : r.runs) parts.push_back(machine_parts(run));
  std::vector<std::string> common, differing;
  for (const auto& p : parts.front()) {
    bool everywhere = true;
    for (const auto& other : parts)
      everywhere = everywhere && std::find(other.begin(), other.end(), p) != other.end();
    (everywhere ? common : differing).push_back(p);
  }
  std::string line = (r.runs.front().emulated() ? "emulated lab: " : "") + join(common, ", ");
  for (size_t i = 1; i < parts.size(); ++i) {
    std::vector<std::string> only;
    for (const auto& p : parts[i])
      if (std::find(common.begin(), common.end(), p) == common.end()) only.push_back(p);
    if (!only.empty() || !differing.empty())
      line += "; differs: " + join(differing, ", ") + " → " + join(only, ", ");
  }
  // One NUMA node: the one the kernel reported for the device. The lab's
  // request (QEMU -device nvdimm,node=N) is said only where the kernel
  // reported another one (drivers/acpi/nfit/core.c: the region's numa_node
  // is pxm_to_online_node() of the NFIT proximity domain).
  std::vector<std::string> measured, asked;
  for (const auto& run : r.runs) {
    measured.push_back(join(target_nodes(run), ","));
    asked.push_back(requested_node(run));
  }
  const std::string node = either(measured);
  if (!node.empty()) {
    line += "; pmem on NUMA node " + node + " (sysfs numa_node of the targets' devices)";
    const std::string request = either(asked);
    if (!request.empty() && request != node)
      line += " (QEMU's node " + request + ": the guest kernel numbers nodes in SRAT order)";
  }
  if (r.runs.front().emulated())
    line += "; the NVDIMMs are host memory: these numbers compare kernel code paths, they are "
            "not pmem latencies or bandwidths";
  return line;
}

std::string testcase_line(const Report& r) {
  const Results& first = r.runs.front();
  std::set<size_t> reps;
  size_t measured = 0;
  for (const auto& b : first.benchmarks) {
    if (!b.error.empty()) continue;
    ++measured;
    reps.insert(b.repetitions);
  }
  std::vector<std::string> rep_text;
  for (size_t n : reps) rep_text.push_back(std::to_string(n));
  std::string line = join(families_in(first), ", ") + ", " + std::to_string(measured) +
                     " benchmarks × " + join(rep_text, "/") + " repetition" +
                     (reps.size() == 1 && *reps.begin() == 1 ? "" : "s");
  const std::string config = first.context_string("config_file");
  if (!config.empty()) line += " (" + config + ")";
  return line;
}

std::string clock_line(const Results& r) {
  if (r.time_unit() == "instruction-ns")
    return "instructions: QEMU -icount counts 1 ns per guest instruction, so times are "
           "instruction counts (no cache or TLB model); no rates, no comparison with wall "
           "time";
  return "wall time (CLOCK_MONOTONIC), ns";
}

// How many runs were merged into one side (context merged_from, written by
// `daxbench merge`): one run means one boot in the lab.
size_t merged_runs(const Results& r) {
  auto m = r.context.find("merged_from");
  return m != r.context.end() && m->is_array() && !m->empty() ? m->size() : 1;
}

std::string noise_line(const Report& r) {
  // The A/B verdicts use threshold and alpha; a single run's DAX-against-
  // baseline findings use the ratio's CI only.
  std::string line = r.compared_runs().empty()
                         ? "DAX against its baseline judged by the ratio's 95 % bootstrap CI"
                         : "verdict threshold " + fmt("%g", r.options.compare.threshold * 100) +
                               " %, Mann–Whitney alpha " + fmt("%g", r.options.compare.alpha);
  std::vector<std::string> runs;
  for (const auto& run : r.runs) runs.push_back(std::to_string(merged_runs(run)));
  const bool one = std::all_of(runs.begin(), runs.end(), [](auto& s) { return s == "1"; });
  if (one)
    line += "; the repetitions of each side come from one run" +
            std::string(r.runs.front().emulated() ? " (one boot)" : "") +
            ": noise between runs is not measured here";
  else
    line += "; runs merged per side: " + join(runs, ", ");
  return line;
}

}  // namespace

std::string tree_text(const std::string& version) {
  if (version.empty() || version == "unknown") return "version not recorded";
  if (version.ends_with("-dirty"))
    return version.substr(0, version.size() - 6) + " (dirty tree: uncommitted changes)";
  return version + " (clean tree)";
}

void check_provenance(const std::vector<Results>& runs, bool allow_dirty) {
  if (allow_dirty) return;
  for (const auto& r : runs) {
    const std::string v = r.context_string("daxbench_version");
    if (v.ends_with("-dirty"))
      throw UsageError(r.path + ": measured by daxbench " + v +
                       ", built from a tree with uncommitted changes; re-measure with a committed "
                       "build or pass --allow-dirty");
  }
}

std::set<std::string> fiction_keys(const Results& r) {
  // The results writer may list them (context tcg_fiction); older files do
  // not, and Google Benchmark's context (src/sysinfo.cc: mhz_per_cpu from
  // /proc/cpuinfo, caches from /sys/devices/system/cpu/cpu0/cache) reads
  // what QEMU's TCG CPU model makes up.
  std::set<std::string> keys;
  if (auto listed = r.context.find("tcg_fiction"); listed != r.context.end() && listed->is_array())
    for (const auto& k : *listed)
      if (k.is_string()) keys.insert(k.get<std::string>());
  if (r.context_string("lab").find("tcg") != std::string::npos)
    keys.insert({"mhz_per_cpu", "caches", "cpu_scaling_enabled"});
  return keys;
}

void header_section(Report& r) {
  std::vector<std::string> kernels, tools;
  for (const auto& run : r.runs) {
    kernels.push_back(kernel_of(run));
    tools.push_back(tree_text(run.context_string("daxbench_version")));
  }
  const bool ab = !r.compared_runs().empty();
  std::vector<std::string> items = {
      std::string(ab ? "kernels: " : "kernel: ") + either(kernels),
      "testcase: " + testcase_line(r),
      "machine: " + machine_line(r),
      "clock: " + clock_line(r.runs.front()),
      "noise: " + noise_line(r),
      "measured by: daxbench " + either(tools),
  };
  r.doc.list(items);
}

}  // namespace daxbench::analysis
