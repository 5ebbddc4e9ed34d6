// Finding a working perf and running programs with captured output (perf_tool.h).
#include "core/perf_tool.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <regex>
#include <sstream>
#include <system_error>

#include "core/error.h"
#include "core/util.h"

extern char** environ;

namespace daxbench {

namespace {

namespace fs = std::filesystem;

bool perf_works(const std::string& path, std::string& why) {
  const Captured c = run_captured({path, "version"});
  if (c.status == 0 && c.out.rfind("perf version", 0) == 0) return true;
  std::string text = c.err.empty() ? c.out : c.err;
  text = text.substr(0, text.find('\n'));
  why = path + ": " + (text.empty() ? "exit status " + std::to_string(c.status) : text);
  return false;
}

bool executable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// "perf_6.1" -> {6, 1}; nullopt for other names.
std::optional<std::pair<int, int>> versioned_perf(const std::string& name) {
  static const std::regex re(R"(perf_(\d+)\.(\d+))");
  std::smatch m;
  if (!std::regex_match(name, m, re)) return std::nullopt;
  return std::make_pair(std::stoi(m[1]), std::stoi(m[2]));
}

}  // namespace

std::string read_memfd(int fd) {
  std::string text;
  char buf[65536];
  ssize_t n;
  off_t at = 0;
  while ((n = ::pread(fd, buf, sizeof buf, at)) > 0) {
    text.append(buf, static_cast<size_t>(n));
    at += n;
  }
  return text;
}

pid_t spawn_process(const std::vector<std::string>& argv,
                    const std::vector<std::pair<int, int>>& fds, bool own_group) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  // Sources moved above every target first, so that one dup2 never
  // overwrites the source of a later one.
  std::vector<FileDescriptor> high;
  for (const auto& [child, ours] : fds) {
    high.emplace_back(::fcntl(ours, F_DUPFD_CLOEXEC, 64));
    if (!high.back().valid())
      throw std::system_error(errno, std::generic_category(), "dup for " + argv[0]);
    posix_spawn_file_actions_adddup2(&actions, high.back().get(), child);
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (own_group) {
    posix_spawnattr_setpgroup(&attr, 0);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  posix_spawnattr_setflags(&attr, flags);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "start " + argv[0]);
  return pid;
}

Captured run_captured(const std::vector<std::string>& argv) {
  Captured c;
  FileDescriptor out(::memfd_create("daxbench-out", MFD_CLOEXEC));
  FileDescriptor err(::memfd_create("daxbench-err", MFD_CLOEXEC));
  if (!out.valid() || !err.valid()) {
    c.err = std::string("memfd_create: ") + std::strerror(errno);
    return c;
  }
  pid_t pid = -1;
  try {
    pid = spawn_process(argv, {{STDOUT_FILENO, out.get()}, {STDERR_FILENO, err.get()}}, false);
  } catch (const std::system_error& e) {
    c.err = e.what();
    return c;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  c.out = read_memfd(out.get());
  c.err = read_memfd(err.get());
  return c;
}

std::string find_perf(const std::string& what) {
  const char* path_env = std::getenv("PATH");
  std::vector<std::string> dirs;
  std::stringstream ss(path_env ? path_env : "");
  for (std::string d; std::getline(ss, d, ':');)
    if (!d.empty()) dirs.push_back(d);
  std::vector<std::string> tried;
  for (const auto& d : dirs) {
    const std::string p = join_path(d, "perf");
    std::string why;
    if (executable(p)) {
      if (perf_works(p, why)) return p;
      tried.push_back(why);
    }
  }
  // perf_X.Y, newest first.
  std::vector<std::pair<std::pair<int, int>, std::string>> versioned;
  for (const auto& d : dirs) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      const auto v = versioned_perf(e.path().filename().string());
      if (v && executable(e.path().string())) versioned.emplace_back(*v, e.path().string());
    }
  }
  std::sort(versioned.rbegin(), versioned.rend());
  for (const auto& [v, p] : versioned) {
    std::string why;
    if (perf_works(p, why)) return p;
    tried.push_back(why);
  }
  std::string detail;
  for (const auto& t : tried) detail += " (" + t + ")";
  throw UsageError(what + " needs Linux perf, and no working perf or perf_X.Y is on PATH" + detail +
                   ": install Debian's package linux-perf (apt-get install linux-perf, as "
                   "scripts/install-deps does)");
}

std::string perf_version(const std::string& perf) {
  const std::string text = run_captured({perf, "version"}).out;
  return text.substr(0, text.find('\n'));
}

}  // namespace daxbench
