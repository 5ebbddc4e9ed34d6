// Subcommands of the `daxbench` executable register themselves here (run,
// list, env, compare, report, pmd-check, ...), so adding one never edits main.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace daxbench {

struct Command {
  std::string name;     // "compare"
  std::string summary;  // one line for `daxbench --help`
  // argv[0] is the subcommand name. Returns the exit status. Bad input:
  // throw UsageError (printed as one line "daxbench <cmd>: <message>", exit 2).
  std::function<int(int argc, char** argv)> main;
};

void register_command(Command command);
const std::vector<Command>& all_commands();

#define DAXBENCH_REGISTER_COMMAND(Ident, ...)                    \
  [[maybe_unused]] static const bool kRegisteredCommand##Ident = \
      (::daxbench::register_command(::daxbench::Command{__VA_ARGS__}), true)

}  // namespace daxbench
