#include "core/command.h"

namespace daxbench {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

void register_command(Command command) { registry().push_back(std::move(command)); }
const std::vector<Command>& all_commands() { return registry(); }

}  // namespace daxbench
