// Helpers shared by the analysis subcommands.
#pragma once

#include <string>

#include "workloads/util.h"

namespace daxbench::analysis {

// Writes `text` to `path` through a temporary file and rename, so a reader
// never sees half a file. Throws UsageError naming the path on failure.
void write_file_atomically(const std::string& path, const std::string& text);
// The same for a destination checked up front (-o of compare and merge).
void write_output(const OutputFile& out, const std::string& text);

int compare_main(int argc, char** argv);
int report_main(int argc, char** argv);

}  // namespace daxbench::analysis
