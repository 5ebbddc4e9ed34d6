#include "analysis/cli.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "workloads/target.h"

namespace daxbench::analysis {

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw UsageError(path + ": cannot write (" + std::strerror(errno) + ")");
    out << text;
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      throw UsageError(path + ": write failed (" + std::strerror(errno) + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw UsageError(path + ": cannot rename into place (" + std::strerror(err) + ")");
  }
}

}  // namespace daxbench::analysis
