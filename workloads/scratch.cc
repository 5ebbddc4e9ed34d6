#include "workloads/scratch.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

#include "workloads/util.h"

namespace daxbench {

namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

std::vector<std::string>& live_dirs() {
  static std::vector<std::string> dirs;
  return dirs;
}

}  // namespace

ScratchDir::ScratchDir(const std::string& target) {
  uint32_t random = 0;
  if (::getrandom(&random, sizeof random, 0) != sizeof random)
    random = static_cast<uint32_t>(::time(nullptr));
  char name[64];
  std::snprintf(name, sizeof name, "daxbench.%d.%08x", static_cast<int>(::getpid()), random);
  path_ = join_path(target, name);
  if (::mkdir(path_.c_str(), 0700) != 0)
    throw std::system_error(errno, std::generic_category(), "mkdir " + path_);
  std::lock_guard lock(registry_mutex());
  live_dirs().push_back(path_);
}

ScratchDir::~ScratchDir() {
  remove_tree(path_);
  std::lock_guard lock(registry_mutex());
  auto& dirs = live_dirs();
  dirs.erase(std::remove(dirs.begin(), dirs.end(), path_), dirs.end());
}

void remove_all_scratch_dirs() {
  std::lock_guard lock(registry_mutex());
  for (const auto& d : live_dirs()) remove_tree(d);
  live_dirs().clear();
}

void remove_tree(const std::string& dir) {
  // remove_all removes symlinks themselves, never what they point to.
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec)
    std::fprintf(stderr, "daxbench: could not remove %s: %s\n", dir.c_str(), ec.message().c_str());
}

}  // namespace daxbench
