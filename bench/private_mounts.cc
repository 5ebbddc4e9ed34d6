// A helper process in its own mount namespace; see private_mounts.h.
#include "bench/private_mounts.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace daxbench {
namespace {

// The helper, after fork(): only async-signal-safe system calls from here
// (the parent may have other threads holding locks), no allocation.
[[noreturn]] void helper_main(pid_t parent, int status_fd, int keepalive_fd,
                              const std::vector<const char*>& types,
                              const std::vector<const char*>& points,
                              const std::vector<unsigned long>& flags, int* results) {
  // Dies with the thread that forked it, even if that is SIGKILLed.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
  // Lives exactly as long as the parent keeps the pipe open: a Ctrl-C meant
  // for daxbench (sent to the whole process group) must not end it early.
  for (int sig : {SIGINT, SIGQUIT, SIGHUP, SIGPIPE, SIGTSTP}) ::signal(sig, SIG_IGN);
  const size_t n = types.size();
  // MS_PRIVATE|MS_REC on / first: without it a mount below a shared mount
  // would propagate to the parent namespace
  // (Documentation/filesystems/sharedsubtree.rst).
  if (::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    results[0] = errno;
  } else {
    results[0] = 0;
    for (size_t i = 0; i < n; ++i)
      results[1 + i] = ::mount(types[i], points[i], types[i], flags[i], nullptr) == 0 ? 0 : errno;
  }
  const char* p = reinterpret_cast<const char*>(results);
  size_t left = (n + 1) * sizeof(int);
  while (left > 0) {
    const ssize_t w = ::write(status_fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) ::_exit(1);
    p += w;
    left -= static_cast<size_t>(w);
  }
  ::close(status_fd);
  // Keep no descriptor of the parent's (perf events, result files, the
  // terminal): only the keep-alive pipe, moved to fd 3 first (it may be 0-2
  // when the parent runs with stdio closed), and /dev/null as stdio.
  if (keepalive_fd != 3 && ::dup2(keepalive_fd, 3) != 3) ::_exit(1);
  const int null_fd = ::open("/dev/null", O_RDWR);
  if (null_fd >= 0)
    for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
  ::syscall(SYS_close_range, 4U, ~0U, 0U);
  char c;
  while (true) {
    const ssize_t r = ::read(3, &c, 1);
    if (r == 0 || (r < 0 && errno != EINTR)) break;
  }
  ::_exit(0);
}

}  // namespace

PrivateMounts::PrivateMounts(const std::vector<PrivateMountRequest>& requests)
    : requests_(requests), errors_(requests.size(), 0) {
  std::vector<const char*> types, points;
  std::vector<unsigned long> flags;
  for (const auto& r : requests_) {
    types.push_back(r.fs_type.c_str());
    points.push_back(r.mount_point.c_str());
    flags.push_back(r.flags);
  }
  std::vector<int> results(requests_.size() + 1, 0);
  int status[2], keepalive[2];
  if (::pipe2(status, O_CLOEXEC) != 0) {
    namespace_error_ = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  if (::pipe2(keepalive, O_CLOEXEC) != 0) {
    namespace_error_ = std::string("pipe: ") + std::strerror(errno);
    ::close(status[0]);
    ::close(status[1]);
    return;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(status[0]);
    ::close(keepalive[1]);
    helper_main(parent, status[1], keepalive[0], types, points, flags, results.data());
  }
  ::close(status[1]);
  ::close(keepalive[0]);
  if (pid < 0) {
    namespace_error_ = std::string("fork: ") + std::strerror(errno);
    ::close(status[0]);
    ::close(keepalive[1]);
    return;
  }
  pid_ = pid;
  keepalive_fd_ = keepalive[1];
  char* p = reinterpret_cast<char*>(results.data());
  size_t left = results.size() * sizeof(int);
  while (left > 0) {
    const ssize_t r = ::read(status[0], p, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    p += r;
    left -= static_cast<size_t>(r);
  }
  ::close(status[0]);
  if (left > 0) {
    namespace_error_ = "the mount helper exited before reporting";
  } else if (results[0] != 0) {
    namespace_error_ = std::string("unshare(CLONE_NEWNS) in a helper process: ") +
                       std::strerror(results[0]) +
                       (results[0] == EPERM ? " (needs root or CAP_SYS_ADMIN)" : "");
  } else {
    for (size_t i = 0; i < requests_.size(); ++i) errors_[i] = results[1 + i];
  }
}

PrivateMounts::~PrivateMounts() {
  if (keepalive_fd_ >= 0) ::close(keepalive_fd_);
  if (pid_ > 0) {
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

std::string PrivateMounts::error(size_t i) const {
  if (!namespace_error_.empty()) return namespace_error_;
  if (errors_.at(i) == 0) return "";
  return "mount -t " + requests_[i].fs_type + " " + requests_[i].mount_point +
         " in a private mount namespace: " + std::strerror(errors_[i]);
}

std::string PrivateMounts::path(const std::string& p) const {
  return "/proc/" + std::to_string(pid_) + "/root" + p;
}

}  // namespace daxbench
