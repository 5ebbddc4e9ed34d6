// Random cpu-clock sample times for perf record (period_dither.h).
#include "bench/period_dither.h"

#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <random>

namespace daxbench {

namespace {

// A /proc directory, opened once and read through its descriptor.
FileDescriptor open_proc_dir(const std::string& path) {
  return FileDescriptor(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

void sleep_ns(uint64_t ns) {
  timespec t{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  while (::clock_nanosleep(CLOCK_MONOTONIC, 0, &t, &t) == EINTR) {
  }
}

}  // namespace

PeriodDither::PeriodDither(uint64_t period_ns) : period_ns_(period_ns) {
  std::promise<pid_t> started;
  std::future<pid_t> tid = started.get_future();
  thread_ = std::thread([this, &started] {
    // A real-time thread is woken at once when its timer fires, even on the
    // lab's single CPU, and has no timer slack (kernel/sched: rt tasks get
    // 0); without the privilege it still runs, at the scheduler's pace.
    sched_param p{};
    p.sched_priority = 1;
    realtime_ = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &p) == 0;
    ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    started.set_value(static_cast<pid_t>(::syscall(SYS_gettid)));
    loop();
  });
  tid_ = tid.get();
}

PeriodDither::~PeriodDither() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    events_.clear();
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodDither::attach(pid_t perf_pid) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, perf_pid, 0));
  if (pidfd < 0) {
    off_reason_ = std::string("pidfd_open of perf failed: ") + std::strerror(errno);
    return;
  }
  FileDescriptor owner(pidfd);
  std::vector<FileDescriptor> taken;
  const std::string fd_dir = "/proc/" + std::to_string(perf_pid) + "/fd";
  const FileDescriptor fds = open_proc_dir(fd_dir);
  for (const std::string& name : list_names(fds.get())) {
    char target[64] = {};
    const ssize_t n = ::readlinkat(fds.get(), name.c_str(), target, sizeof target - 1);
    if (n <= 0 || std::string(target, static_cast<size_t>(n)) != "anon_inode:[perf_event]")
      continue;
    const int fd = static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, std::stoi(name), 0));
    if (fd < 0) {
      off_reason_ = std::string("pidfd_getfd of perf's events failed: ") + std::strerror(errno);
      return;
    }
    taken.emplace_back(fd);
  }
  if (taken.empty()) {
    off_reason_ = "perf record holds no perf_event descriptor in " + fd_dir;
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    events_ = std::move(taken);
  }
  wake_.notify_all();
}

void PeriodDither::detach() {
  std::lock_guard<std::mutex> lock(mutex_);
  events_.clear();
}

void PeriodDither::loop() {
  std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<uint64_t> period(period_ns_ / 2, period_ns_ * 3 / 2);
  std::uniform_int_distribution<uint64_t> interval(period_ns_, period_ns_ * 5);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !events_.empty(); });
      if (stop_) return;
    }
    sleep_ns(interval(random));
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;
    if (events_.empty()) continue;
    uint64_t p = period(random);
    // perf's tracking (dummy) events take the period too and never sample.
    for (const FileDescriptor& e : events_) ::ioctl(e.get(), PERF_EVENT_IOC_PERIOD, &p);
    changes_.fetch_add(1, std::memory_order_relaxed);
  }
}

nlohmann::json PeriodDither::describe() const {
  if (!off_reason_.empty()) return {{"off", off_reason_}};
  return {{"period_ns", {period_ns_ / 2, period_ns_ * 3 / 2}},
          {"every_ns", {period_ns_, period_ns_ * 5}},
          {"changes", changes_.load(std::memory_order_relaxed)},
          {"realtime_thread", realtime_}};
}

std::string threads_of_this_process_except(pid_t except) {
  const std::string left_out = std::to_string(except);
  std::string list;
  for (const std::string& t : list_names(open_proc_dir("/proc/self/task").get())) {
    if (t == left_out) continue;
    if (!list.empty()) list += ',';
    list += t;
  }
  return list;
}

}  // namespace daxbench
