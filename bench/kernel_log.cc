#include "bench/kernel_log.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "bench/benchmark_limit.h"
#include "core/util.h"

namespace daxbench {

namespace {

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

}  // namespace

std::optional<KernelRecord> parse_kernel_record(std::string_view record) {
  const auto semicolon = record.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  unsigned long long priority = 0, sequence = 0, usec = 0;
  const std::string prefix(record.substr(0, semicolon));
  if (std::sscanf(prefix.c_str(), "%llu,%llu,%llu", &priority, &sequence, &usec) != 3)
    return std::nullopt;
  KernelRecord r;
  r.facility = static_cast<int>(priority >> 3);
  r.level = static_cast<int>(priority & 7);
  r.sequence = sequence;
  r.usec = usec;
  std::string_view text = record.substr(semicolon + 1);
  text = text.substr(0, text.find('\n'));  // dictionary lines follow
  r.text = std::string(text);
  return r;
}

std::string complaint_kind(std::string_view text) {
  // Prefixes the kernel's reporting functions print first (lib/bug.c,
  // kernel/panic.c: __warn "WARNING:", arch/x86/kernel/dumpstack.c "Oops:",
  // arch/x86/mm/fault.c "BUG: unable to handle ...", mm/kasan/report.c and
  // mm/kfence/report.c "BUG: KASAN:"/"BUG: KFENCE:", lib/ubsan.c "UBSAN:",
  // kernel/locking/lockdep.c "WARNING: possible ...", kernel/hung_task.c
  // "INFO: task ... blocked for more than", kernel/watchdog.c "BUG: soft
  // lockup" and "Watchdog detected hard LOCKUP", kernel/rcu/tree_stall.h
  // "... detected stall(s)").
  struct Marker {
    std::string_view text;
    bool anywhere;
    const char* kind;
  };
  static constexpr std::array<Marker, 12> kMarkers{{
      {"WARNING:", false, "WARNING"},
      {"BUG: soft lockup", true, "lockup"},
      {"hard LOCKUP", true, "lockup"},
      {"BUG:", false, "BUG"},
      {"kernel BUG at", false, "BUG"},
      {"Oops", false, "Oops"},
      {"Unable to handle kernel", false, "Oops"},
      {"general protection fault", false, "general protection fault"},
      {"UBSAN:", false, "UBSAN"},
      {"Kernel panic", false, "panic"},
      {"detected stall", true, "RCU stall"},  // "self-detected stall" too
      {"detected expedited stalls", true, "RCU stall"},
  }};
  for (const Marker& m : kMarkers)
    if (m.anywhere ? text.find(m.text) != std::string_view::npos : text.starts_with(m.text))
      return m.kind;
  if (text.starts_with("INFO: task ") &&
      text.find("blocked for more than") != std::string_view::npos)
    return "hung task";
  return "";
}

std::string format_kernel_line(const KernelRecord& record) {
  char stamp[40];
  std::snprintf(stamp, sizeof stamp, "[%5llu.%06llu] ",
                static_cast<unsigned long long>(record.usec / 1000000),
                static_cast<unsigned long long>(record.usec % 1000000));
  return stamp + record.text;
}

KernelLog::KernelLog(
    double grace_seconds,
    std::function<void(const std::string& benchmark, const std::string& why)> on_stuck,
    const std::string& device)
    : grace_s_(grace_seconds), on_stuck_(std::move(on_stuck)) {
  fd_ = ::open(device.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    unreadable_ = "cannot open " + device + ": " + std::strerror(errno);
    return;
  }
  // From the end: what the kernel logged before the run is not the run's.
  // (A pipe, which tests give, has no history to skip.)
  if (::lseek(fd_, 0, SEEK_END) < 0 && errno != ESPIPE) {
    unreadable_ = "cannot seek to the end of " + device + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) {
    unreadable_ = std::string("eventfd: ") + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  watcher_ = std::thread([this] { watch(); });
}

KernelLog::~KernelLog() {
  if (watcher_.joinable()) {
    const uint64_t one = 1;
    if (::write(stop_fd_, &one, sizeof one) == sizeof one)
      watcher_.join();
    else
      watcher_.detach();
  }
  if (stop_fd_ >= 0) ::close(stop_fd_);
  if (fd_ >= 0) ::close(fd_);
}

void KernelLog::add_locked(const KernelRecord& record, uint64_t now) {
  if (record.facility != 0) return;  // written by a process, not the kernel
  Window& w = current_.empty() ? between_ : window_;
  const std::string line = format_kernel_line(record);
  if (w.lines.size() < kMaxLines) w.lines.push_back(line);
  const std::string kind = complaint_kind(record.text);
  if (kind.empty()) return;
  if (w.first_complaint.empty()) w.first_complaint = line;
  // After a WARNING, a UBSAN report or an RCU stall the task goes on; after
  // an Oops (and the BUG that opens one), a lockup or a hung task it may
  // never return.
  const bool may_never_return = kind != "WARNING" && kind != "UBSAN" && kind != "RCU stall";
  if (!current_.empty() && may_never_return && complaint_ns_ == 0) {
    complaint_ns_ = now;
    fatal_complaint_ = line;
  }
}

void KernelLog::drain_locked(uint64_t now) {
  if (fd_ < 0) return;
  // One record per read; 8 KiB holds the longest (PRINTK_MESSAGE_MAX 2 KiB
  // of text plus its dictionary).
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) {
      // /dev/kmsg gives one record a read; a pipe may give several. A
      // record ends at a newline not followed by a dictionary line (" K=V").
      std::string_view rest(buf, static_cast<size_t>(n));
      while (!rest.empty()) {
        size_t end = rest.find('\n');
        while (end != std::string_view::npos && end + 1 < rest.size() && rest[end + 1] == ' ')
          end = rest.find('\n', end + 1);
        const size_t len = end == std::string_view::npos ? rest.size() : end + 1;
        if (auto record = parse_kernel_record(rest.substr(0, len))) add_locked(*record, now);
        rest.remove_prefix(len);
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // The ring buffer overwrote records before they were read: the next
    // read returns the oldest one still there.
    if (n < 0 && errno == EPIPE) {
      (current_.empty() ? between_ : window_).lost++;
      continue;
    }
    return;  // EAGAIN: nothing more
  }
}

void KernelLog::watch() {
  for (;;) {
    int timeout_ms = -1;
    {
      std::lock_guard lock(mutex_);
      if (complaint_ns_ != 0 && !stuck_called_) timeout_ms = 1000;
    }
    std::array<pollfd, 2> fds{{{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    // The writer of a pipe went away (tests): nothing more will come.
    if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0 && (fds[0].revents & POLLIN) == 0)
      return;
    std::unique_lock lock(mutex_);
    const uint64_t now = now_ns();
    drain_locked(now);
    if (current_.empty() || complaint_ns_ == 0 || stuck_called_) continue;
    if (static_cast<double>(now - complaint_ns_) < grace_s_ * 1e9) continue;
    // The benchmark drew a complaint and has not returned since: its
    // threads are stuck where the kernel left them.
    stuck_called_ = true;
    const std::string name = current_;
    std::string complaint = "\"" + fatal_complaint_ + "\"";
    // A WARNING before the Oops is often the cause's first sign.
    if (window_.first_complaint != fatal_complaint_)
      complaint += " (first: \"" + window_.first_complaint + "\")";
    // /proc reads outside the lock: a thread of an oopsed process may be
    // slow to describe, and nothing else should wait on it.
    lock.unlock();
    on_stuck_(name, "the kernel reported " + complaint +
                        " during this benchmark, and it had not returned " +
                        format_seconds(grace_s_) +
                        " later: stuck; threads: " + describe_threads_in_kernel());
  }
}

void KernelLog::begin(const std::string& benchmark) {
  std::lock_guard lock(mutex_);
  drain_locked(now_ns());
  window_ = {};
  current_ = benchmark;
  complaint_ns_ = 0;
  fatal_complaint_.clear();
  stuck_called_ = false;
}

void KernelLog::abandon() {
  std::lock_guard lock(mutex_);
  drain_locked(now_ns());
  for (auto& line : window_.lines)
    if (between_.lines.size() < kMaxLines) between_.lines.push_back(std::move(line));
  if (between_.first_complaint.empty()) between_.first_complaint = window_.first_complaint;
  between_.lost += window_.lost;
  window_ = {};
  current_.clear();
  complaint_ns_ = 0;
}

KernelLog::Window KernelLog::end() {
  std::lock_guard lock(mutex_);
  drain_locked(now_ns());
  Window w = std::move(window_);
  window_ = {};
  current_.clear();
  complaint_ns_ = 0;
  return w;
}

KernelLog::Window KernelLog::between() {
  std::lock_guard lock(mutex_);
  drain_locked(now_ns());
  return between_;
}

KernelLog::Window KernelLog::current() {
  std::lock_guard lock(mutex_);
  return window_;
}

}  // namespace daxbench
