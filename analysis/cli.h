// Helpers shared by the analysis subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "core/command.h"
#include "core/util.h"

namespace daxbench::analysis {

// Writes `text` to `path` through a temporary file and rename, so a reader
// never sees half a file. Throws UsageError naming the path on failure.
void write_file_atomically(const std::string& path, const std::string& text);
// The same for a destination checked up front (-o of compare and merge).
void write_output(const OutputFile& out, const std::string& text);

// The command line of an analysis subcommand: `options` plus any number of
// positional FILES, exact option names only (kExactOptionStyle).
// Prints `usage` and the options and returns false for --help; bad input is a
// UsageError ending "(see daxbench COMMAND --help)".
bool parse_files_and_options(int argc, char** argv, const std::string& command, const char* usage,
                             const boost::program_options::options_description& options,
                             std::vector<std::string>& files,
                             boost::program_options::variables_map& vm);

int compare_main(int argc, char** argv);
int report_main(int argc, char** argv);

}  // namespace daxbench::analysis
