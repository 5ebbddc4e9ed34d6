// daxbench: DAX vs page-cache benchmarks. Dispatches to the registered
// subcommands; bad input is one line on stderr and exit status 2.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "bench/environment.h"
#include "core/command.h"
#include "core/target.h"

namespace {

void usage(FILE* out) {
  std::fprintf(out,
               "Usage: daxbench COMMAND [options]   (daxbench COMMAND --help for each;\n"
               "       daxbench --version)\n\n"
               "Commands:\n");
  for (const auto& c : daxbench::all_commands())
    std::fprintf(out, "  %-10s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out,
               "\nExamples:\n"
               "  daxbench env --target /mnt/pmem\n"
               "  daxbench list --config configs/quick.ini\n"
               "  daxbench run --config configs/quick.ini --target /mnt/pmem --modes "
               "pagecache,dax-inode --out results/run.json\n"
               "  lab/daxlab run -- daxbench run --config configs/quick.ini --modes "
               "pagecache,dax-inode,dax-inode-off,dax-always --out results/lab.json\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    // The version every results file records (context daxbench_version).
    std::printf("daxbench %s (%s %s)\n", daxbench::daxbench_version().c_str(),
#ifdef __clang__
                "clang",
#else
                "gcc",
#endif
                __VERSION__);
    return 0;
  }
  const std::string name = argv[1];
  for (const auto& c : daxbench::all_commands()) {
    if (c.name != name) continue;
    try {
      return c.main(argc - 1, argv + 1);
    } catch (const daxbench::UsageError& e) {
      std::fprintf(stderr, "daxbench %s: %s\n", name.c_str(), e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "daxbench %s: %s\n", name.c_str(), e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "daxbench: unknown command '%s'; see daxbench --help\n", name.c_str());
  return 2;
}
