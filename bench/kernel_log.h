// The kernel log while `daxbench run` measures: no benchmark passes while the
// kernel complains.
//
// /dev/kmsg is opened when the run starts and read from its end, so only
// records logged during the run count. Records are attributed to the
// benchmark whose function runs when they are read (begin()/end() around
// each call); records of the kernel itself (facility 0) only, since anyone
// may write a user record to /dev/kmsg. A complaint is a WARNING, BUG, Oops,
// general protection fault, KASAN/UBSAN/KFENCE or lockdep report, hung task,
// soft or hard lockup, RCU stall or panic (complaint_kind). The benchmark
// during which one arrived fails, naming the first complaint line, and its
// results keep the lines.
//
// A kernel that oopses in a benchmark's thread leaves that thread (and often
// the others, waiting on the lock it held) stuck in the kernel: a watcher
// thread, blocked in poll(2) until a record arrives, calls `on_stuck` when
// the benchmark that drew an Oops, BUG, lockup, hung task or panic has not
// ended `grace` seconds later (after a WARNING the task goes on: the
// benchmark fails when it ends, and --benchmark-timeout still applies).
// The watcher wakes only when the kernel logs, so a quiet kernel costs the
// measured threads nothing (no timer, no polling).
//
// Where /dev/kmsg cannot be read (no CAP_SYSLOG under dmesg_restrict, no
// such device), unreadable() says why and the results say so: never "clean".
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace daxbench {

// One /dev/kmsg record: "PRIORITY,SEQUENCE,MICROSECONDS,FLAGS[,...];TEXT\n"
// followed by dictionary lines (" KEY=VALUE"), which are dropped.
struct KernelRecord {
  int facility = 0;  // 0: the kernel
  int level = 0;     // 0 emerg .. 7 debug
  uint64_t sequence = 0;
  uint64_t usec = 0;  // since boot
  std::string text;   // \xNN escapes kept as the kernel wrote them
};
std::optional<KernelRecord> parse_kernel_record(std::string_view record);

// What kind of complaint a kernel line is ("WARNING", "BUG", "Oops", "general
// protection fault", "hung task", "lockup", "RCU stall", "panic", "UBSAN"),
// or empty if it is none.
std::string complaint_kind(std::string_view text);

// A record as the results keep it: "[  12.345678] TEXT".
std::string format_kernel_line(const KernelRecord& record);

class KernelLog {
 public:
  // Opens /dev/kmsg (or `device`, for tests) at its end and starts the
  // watcher. Never throws: unreadable() says what went wrong.
  KernelLog(double grace_seconds,
            std::function<void(const std::string& benchmark, const std::string& why)> on_stuck,
            const std::string& device = "/dev/kmsg");
  KernelLog(const KernelLog&) = delete;
  KernelLog& operator=(const KernelLog&) = delete;
  ~KernelLog();

  // Empty when the log is read, else why not ("cannot open /dev/kmsg: ...").
  const std::string& unreadable() const { return unreadable_; }

  // What the kernel logged during one call of a benchmark's function.
  struct Window {
    std::vector<std::string> lines;  // every kernel record, at most kMaxLines
    std::string first_complaint;     // the first complaint line, "" if none
    uint64_t lost = 0;               // records overwritten before they were read
  };
  static constexpr size_t kMaxLines = 200;

  // Around each call of a benchmark's function (KernelWindow); records read
  // in between belong to no benchmark (between()).
  void begin(const std::string& benchmark);
  Window end();
  // Ends the call's window, keeping its records as the run's.
  void abandon();
  Window between();
  // The open window so far (for a benchmark about to be called stuck).
  Window current();

 private:
  void drain_locked(uint64_t now);
  void watch();
  void add_locked(const KernelRecord& record, uint64_t now);

  const double grace_s_;
  std::function<void(const std::string&, const std::string&)> on_stuck_;
  std::string unreadable_;
  int fd_ = -1;
  int stop_fd_ = -1;  // eventfd: the destructor wakes the watcher
  std::mutex mutex_;
  std::string current_;  // the benchmark whose call runs, "" if none
  Window window_;
  Window between_;
  // CLOCK_MONOTONIC when the current call drew a complaint after which a
  // task may never return (an Oops, a lockup, a hung task), and its line.
  uint64_t complaint_ns_ = 0;
  std::string fatal_complaint_;
  bool stuck_called_ = false;
  std::thread watcher_;
};

// One call's window, ended on every path: take() hands its records to the
// caller, otherwise they stay the run's (a call cut short keeps no record of
// its own, but nothing the kernel said is dropped).
class KernelWindow {
 public:
  KernelWindow(KernelLog* log, const std::string& benchmark) : log_(log) {
    if (log_) log_->begin(benchmark);
  }
  KernelWindow(const KernelWindow&) = delete;
  KernelWindow& operator=(const KernelWindow&) = delete;
  ~KernelWindow() {
    if (log_) log_->abandon();
  }
  KernelLog::Window take() {
    KernelLog* log = log_;
    log_ = nullptr;
    return log ? log->end() : KernelLog::Window{};
  }

 private:
  KernelLog* log_;
};

}  // namespace daxbench
