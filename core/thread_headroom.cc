#include "core/thread_headroom.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace daxbench {

namespace {

// Tasks (threads) whose real uid is `uid`: what RLIMIT_NPROC counts.
uint64_t tasks_of_uid(uid_t uid) {
  uint64_t n = 0;
  DIR* proc = ::opendir("/proc");
  if (!proc) return 0;
  while (dirent* e = ::readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream status(std::string("/proc/") + e->d_name + "/status");
    std::string line;
    bool mine = false;
    while (std::getline(status, line)) {
      if (line.starts_with("Uid:")) mine = std::stoul(line.substr(4)) == uid;
      if (mine && line.starts_with("Threads:")) n += std::stoull(line.substr(8));
    }
  }
  ::closedir(proc);
  return n;
}

// CAP_SYS_RESOURCE (24) or CAP_SYS_ADMIN (21) in the effective set: the
// kernel then does not enforce RLIMIT_NPROC (kernel/fork.c: copy_process).
bool nproc_exempt() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("CapEff:")) {
      const uint64_t caps = std::stoull(line.substr(7), nullptr, 16);
      return (caps & (1ull << 24)) || (caps & (1ull << 21));
    }
  return false;
}

std::optional<uint64_t> read_count(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word.empty() || word.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(word);
}

}  // namespace

namespace {

// RLIMIT_NPROC less the tasks of this real uid, unless the kernel exempts us.
std::optional<uint64_t> nproc_headroom() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NPROC, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY || nproc_exempt())
    return std::nullopt;
  const uint64_t used = tasks_of_uid(::getuid());
  return rl.rlim_cur > used ? rl.rlim_cur - used : 0;
}

// kernel.threads-max and pid_max bind root too; /proc/loadavg's fourth
// field is "running/total" tasks of the system.
std::optional<uint64_t> system_headroom() {
  std::ifstream loadavg("/proc/loadavg");
  std::string l1, l5, l15, tasks;
  if (!(loadavg >> l1 >> l5 >> l15 >> tasks) || tasks.find('/') == std::string::npos)
    return std::nullopt;
  const uint64_t total = std::stoull(tasks.substr(tasks.find('/') + 1));
  std::optional<uint64_t> room;
  for (const char* path : {"/proc/sys/kernel/threads-max", "/proc/sys/kernel/pid_max"})
    if (const auto max = read_count(path)) {
      const uint64_t left = *max > total ? *max - total : 0;
      room = room ? std::min(*room, left) : left;
    }
  return room;
}

// cgroup v2 ("0::/path" in /proc/self/cgroup): pids.max of this cgroup and
// of every ancestor, less what each already holds.
std::optional<uint64_t> cgroup_headroom() {
  std::ifstream cgroup("/proc/self/cgroup");
  std::string line;
  std::optional<uint64_t> room;
  while (std::getline(cgroup, line)) {
    if (!line.starts_with("0::")) continue;
    for (std::string dir = line.substr(3);; dir = dir.substr(0, dir.find_last_of('/'))) {
      if (dir.empty()) dir = "/";
      const std::string base = "/sys/fs/cgroup" + (dir == "/" ? std::string() : dir);
      const auto max = read_count(base + "/pids.max");  // "max" reads as nullopt
      const auto current = read_count(base + "/pids.current");
      if (max && current) {
        const uint64_t left = *max > *current ? *max - *current : 0;
        room = room ? std::min(*room, left) : left;
      }
      if (dir == "/") break;
    }
  }
  return room;
}

}  // namespace

std::optional<uint64_t> thread_headroom() {
  std::optional<uint64_t> room;
  for (const auto& limit : {nproc_headroom(), system_headroom(), cgroup_headroom()})
    if (limit) room = room ? std::min(*room, *limit) : *limit;
  return room;
}

}  // namespace daxbench
