// `daxbench clean --target DIR`: removes the scratch directories that runs
// killed by SIGKILL or a power loss left behind (core/scratch.h).

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <system_error>

#include "core/command.h"
#include "core/scratch.h"
#include "core/target.h"

namespace po = boost::program_options;

namespace daxbench {
namespace {

constexpr const char* kCleanUsage =
    R"(Usage: daxbench clean --target DIR [--target DIR]... [--dry-run]

Removes the scratch directories (DIR/daxbench.<pid>.<random>) that a run
left behind when it was killed (SIGKILL, OOM killer) or the machine lost
power. Each records its owner (pid, process start time, boot id); one is
stale when that process is gone or the machine has rebooted since. Stale
ones are removed by walking file descriptors, never following a symlink;
live ones (a run in progress), symlinks, and directories owned by another
user are named and left alone. `daxbench run` does the same on each target
before it starts. Prints one line per scratch directory found.

Exit status: 0 when every stale directory was removed; 1 when one could not
be; 2 on bad input.)";

int clean_command(int argc, char** argv) {
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("target", po::value<std::vector<std::string>>(),
                                              "directory to clean (repeatable)")(
      "dry-run", "only say what would be removed");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(d).style(kExactOptionStyle).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench clean --help)");
  }
  if (vm.count("help")) {
    std::cout << kCleanUsage << "\n\n"
              << d << "\nExamples:\n  daxbench clean --target /mnt/pmem\n"
              << "  daxbench clean --target /mnt/ext4 --target /mnt/xfs --dry-run\n";
    return 0;
  }
  if (!vm.count("target"))
    throw UsageError("no target: give --target DIR (see daxbench clean --help)");
  const bool dry_run = vm.count("dry-run") != 0;

  // Every target is checked before anything is removed.
  std::vector<DirHandle> targets;
  for (const auto& value : vm["target"].as<std::vector<std::string>>()) {
    for (const auto& path : split_target_list(value)) {
      const TargetInfo info = probe_target(path, TargetUse::kInspect);
      try {
        // The resolved path, opened O_NOFOLLOW: the target as probed.
        targets.push_back(DirHandle::open(info.real_path));
      } catch (const std::system_error& e) {
        throw UsageError("target " + path + ": " + e.code().message());
      }
    }
  }
  int status = 0;
  for (const DirHandle& target : targets) {
    const std::vector<StaleScratch> found = find_stale_scratch(target, !dry_run);
    if (found.empty()) std::printf("%s: no scratch directories\n", target.path().c_str());
    for (const StaleScratch& s : found) {
      const std::string where = target.file(s.name);
      if (s.removed) {
        std::printf("removed %s (%s)\n", where.c_str(), s.owner.c_str());
      } else if (s.stale && dry_run) {
        std::printf("would remove %s (%s)\n", where.c_str(), s.owner.c_str());
      } else if (s.stale) {
        std::printf("could not remove %s (%s): %s\n", where.c_str(), s.owner.c_str(),
                    s.note.c_str());
        status = 1;
      } else {
        std::printf("kept %s: %s\n", where.c_str(), s.note.c_str());
      }
    }
  }
  return status;
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(Clean, "clean",
                          "remove scratch directories left by killed runs (their owner is gone)",
                          clean_command);

}  // namespace daxbench
