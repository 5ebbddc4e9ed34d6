// Subcommands of the `daxbench` executable register themselves here (run,
// list, env, compare, report, pmd-check, ...), so adding one never edits main.
#pragma once

#include <boost/program_options/cmdline.hpp>
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

// The Boost.Program_options style every subcommand parses with: its default
// style guesses abbreviations (--tar for --target), so a new option would
// silently change what an old abbreviation meant. Exact names only.
inline constexpr int kExactOptionStyle =
    boost::program_options::command_line_style::default_style &
    ~boost::program_options::command_line_style::allow_guessing;

void register_command(Command command);
const std::vector<Command>& all_commands();

#define DAXBENCH_REGISTER_COMMAND(Ident, ...)                    \
  [[maybe_unused]] static const bool kRegisteredCommand##Ident = \
      (::daxbench::register_command(::daxbench::Command{__VA_ARGS__}), true)

}  // namespace daxbench
