// Reading a config file: its text, and the mistakes Boost's INI parser
// lets through.
#pragma once

#include <string>

namespace daxbench {

// The config's text, without a UTF-8 byte order mark (editors on other
// systems write one; Boost's INI parser would read it as part of a key).
// Only a regular file: a FIFO would block, a directory or device is a
// mistake. UsageError otherwise.
std::string read_config_text(const std::string& path);

// Boost merges a section that appears twice and keeps a key given twice as
// two values; both are mistakes in a scenario matrix (which one wins?), so
// they are refused with both line numbers. `target` may repeat at top level.
void check_ini_duplicates(const std::string& text, const std::string& path);

}  // namespace daxbench
