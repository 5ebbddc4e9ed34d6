// `daxbench env`: what daxbench detects about the machine and each target.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "core/command.h"
#include "bench/environment.h"
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
                 "fault_around_bytes, and per target the filesystem, mount options, device,\n"
                 "DAX capability and NUMA node. Creates no files. fault_around_bytes is in\n"
                 "debugfs: read where debugfs is mounted; if it is not and the kernel is not\n"
                 "locked down, debugfs is mounted read-only in the private mount namespace of\n"
                 "a helper process, which no other process sees and which is gone when env\n"
                 "ends (also when killed). Under lockdown debugfs is left alone and the value\n"
                 "reads \"unreadable\" with the errno.\n\n"
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

  const Facts system = system_facts();
  if (vm.count("json")) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : system) j[k] = v;
    j["targets"] = nlohmann::json::array();
    for (const auto& t : targets) j["targets"].push_back(target_json(t));
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& [k, v] : system) std::printf("%-20s %s\n", k.c_str(), v.c_str());
  for (const auto& t : targets) {
    std::printf("\ntarget %s\n", t.path.c_str());
    for (const auto& [k, v] : target_facts(t)) std::printf("  %-18s %s\n", k.c_str(), v.c_str());
  }
  return 0;
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(Env, "env", "show the detected environment and targets", env_command);

}  // namespace daxbench
