// `daxbench env`: what daxbench detects about the machine and each target.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bench/environment.h"
#include "core/command.h"
#include "core/util.h"

namespace po = boost::program_options;

namespace daxbench {
namespace {

int env_command(int argc, char** argv) {
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("target", po::value<std::vector<std::string>>(),
                                              "directory to inspect (repeatable)")(
      "json", "print JSON instead of aligned text");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(d).style(kExactOptionStyle).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench env --help)");
  }
  if (vm.count("help")) {
    std::cout << "Usage: daxbench env [--target DIR]... [--json]\n\n"
                 "Prints what daxbench detects and records with every run: kernel, THP,\n"
                 "fault_around_bytes, the kernel's config (where found, its sha256, the options\n"
                 "that shape the fault paths), the CPU vulnerabilities and their mitigations,\n"
                 "whether the CPU is emulated, and per target the filesystem, mount options,\n"
                 "device, DAX capability and NUMA node (with its sysfs source). Creates no\n"
                 "files. fault_around_bytes is in debugfs: read where debugfs is mounted; if\n"
                 "it is not and the kernel is not locked down, debugfs is mounted read-only in\n"
                 "the private mount namespace of a helper process, which no other process sees\n"
                 "and which is gone when env ends (also when killed). Under lockdown debugfs is\n"
                 "left alone and the value reads \"unreadable\" with the errno.\n\n"
              << d
              << "\nExamples:\n  daxbench env --target /mnt/pmem\n"
                 "  daxbench env --target /mnt/ext4 --target /mnt/xfs --json\n";
    return 0;
  }
  std::vector<TargetInfo> targets;
  if (vm.count("target"))
    for (const auto& t : vm["target"].as<std::vector<std::string>>())
      for (const auto& item : split_target_list(t))
        targets.push_back(probe_target(item, TargetUse::kInspect));  // read access is enough

  if (vm.count("json")) {
    nlohmann::json j = system_json();
    j["targets"] = nlohmann::json::array();
    for (const auto& t : targets) j["targets"].push_back(target_json(t));
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& [k, v] : system_facts()) std::printf("%-20s %s\n", k.c_str(), v.c_str());
  const std::string emulated = cpu_emulated();
  std::printf("%-20s %s\n", "cpu_emulated", emulated.empty() ? "no" : emulated.c_str());
  const KernelConfig config = kernel_config();
  std::printf("\nkernel config %s\n", config.source.c_str());
  if (!config.sha256.empty()) std::printf("  %-38s %s\n", "sha256", config.sha256.c_str());
  for (const auto& [k, v] : config.options) std::printf("  %-38s %s\n", k.c_str(), v.c_str());
  const Facts vulnerabilities = cpu_vulnerabilities();
  std::printf("\ncpu vulnerabilities%s\n",
              vulnerabilities.empty() ? ": unknown (no sysfs directory)" : "");
  for (const auto& [k, v] : vulnerabilities) std::printf("  %-24s %s\n", k.c_str(), v.c_str());
  for (const auto& t : targets) {
    std::printf("\ntarget %s\n", t.path.c_str());
    for (const auto& [k, v] : target_facts(t)) std::printf("  %-18s %s\n", k.c_str(), v.c_str());
  }
  return 0;
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(Env, "env", "show the detected environment and targets", env_command);

}  // namespace daxbench
