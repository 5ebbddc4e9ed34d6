#include "analysis/cli.h"

#include <system_error>

#include "workloads/target.h"
#include "workloads/util.h"

namespace daxbench::analysis {

void write_file_atomically(const std::string& path, const std::string& text) {
  try {
    daxbench::write_file_atomically(path, text);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
}

void write_output(const OutputFile& out, const std::string& text) {
  try {
    out.write(text);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
}

}  // namespace daxbench::analysis
