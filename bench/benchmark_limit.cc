#include "bench/benchmark_limit.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/util.h"

namespace daxbench {

namespace {

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gs", s);
  return buf;
}

std::string read_small(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The state letter of /proc/self/task/TID/stat (after the ")" that ends the
// command name, which may itself hold spaces or parentheses).
char thread_state(const std::string& tid) {
  const std::string stat = read_small("/proc/self/task/" + tid + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() ? stat[close + 2] : '?';
}

// /proc/PID/stack lines are "[<0>] function+0x1a/0x40": the function names,
// innermost first, at most `max`.
std::string stack_functions(const std::string& tid, size_t max) {
  std::istringstream in(read_small("/proc/self/task/" + tid + "/stack"));
  std::string line, out;
  for (size_t n = 0; n < max && std::getline(in, line);) {
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string fn = line.substr(space + 1, line.find('+') - space - 1);
    out += (out.empty() ? "" : " <- ") + fn;
    ++n;
  }
  return out;
}

}  // namespace

std::string describe_threads_in_kernel() {
  const std::string self = std::to_string(::syscall(SYS_gettid));
  std::string out;
  const int dir = ::open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return "threads unknown (/proc/self/task unreadable)";
  std::vector<std::string> tids = list_names(dir);
  ::close(dir);
  std::sort(tids.begin(), tids.end(),
            [](const std::string& a, const std::string& b) { return std::stol(a) < std::stol(b); });
  for (const auto& tid : tids) {
    if (tid == self) continue;
    const char state = thread_state(tid);
    std::string wchan = read_small("/proc/self/task/" + tid + "/wchan");
    if (wchan.empty() || wchan == "0") wchan = state == 'R' ? "running" : "?";
    std::string clause = "tid " + tid + " state " + state + " in " + wchan;
    const std::string stack = stack_functions(tid, 8);
    if (!stack.empty()) clause += " (stack: " + stack + ")";
    out += (out.empty() ? "" : "; ") + clause;
  }
  return out.empty() ? "no other thread" : out;
}

BenchmarkLimit::BenchmarkLimit(
    double seconds_per_repetition, int repetitions,
    std::function<void(const std::string& name, const std::string& why)> on_stuck)
    : allowed_s_(seconds_per_repetition * std::max(repetitions, 1)),
      // Long enough for an iteration that is merely slow to reach its end,
      // short enough that a lab run's own --timeout has not yet come.
      grace_s_(std::clamp(seconds_per_repetition / 10, 2.0, 60.0)),
      on_stuck_(std::move(on_stuck)) {
  if (allowed_s_ <= 0) return;
  sigevent ev{};
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_notify_function = &BenchmarkLimit::on_timer;
  ev.sigev_value.sival_ptr = this;
  if (::timer_create(CLOCK_MONOTONIC, &ev, &timer_) != 0)
    throw std::system_error(errno, std::generic_category(), "timer_create for --benchmark-timeout");
  have_timer_ = true;
}

BenchmarkLimit::~BenchmarkLimit() {
  if (have_timer_) ::timer_delete(timer_);
}

BenchmarkLimit::Call::Call(BenchmarkLimit& limit, const std::string& name) : limit_(limit) {
  limit_.enter(name);
}
BenchmarkLimit::Call::~Call() { limit_.leave(); }

void BenchmarkLimit::arm(uint64_t at_ns) {
  itimerspec when{};
  when.it_value.tv_sec = static_cast<time_t>(at_ns / 1000000000);
  when.it_value.tv_nsec = static_cast<long>(at_ns % 1000000000);
  ::timer_settime(timer_, TIMER_ABSTIME, &when, nullptr);
}

void BenchmarkLimit::enter(const std::string& name) {
  if (!have_timer_) return;
  std::lock_guard lock(mutex_);
  current_ = name;
  call_start_ns_ = now_ns();
  const uint64_t allowed_ns = static_cast<uint64_t>(allowed_s_ * 1e9);
  const uint64_t spent = spent_ns_[name];
  call_deadline_ns_ = call_start_ns_ + (allowed_ns > spent ? allowed_ns - spent : 0);
  expired_ = spent >= allowed_ns;
  expired_flag_.store(expired_);
  arm(expired_ ? call_deadline_ns_ + static_cast<uint64_t>(grace_s_ * 1e9) : call_deadline_ns_);
}

void BenchmarkLimit::leave() {
  if (!have_timer_) return;
  std::lock_guard lock(mutex_);
  arm(0);
  spent_ns_[current_] += now_ns() - call_start_ns_;
  current_.clear();
  expired_flag_.store(false);
}

std::string BenchmarkLimit::timed_out_message() const {
  return "did not finish within " + format_seconds(allowed_s_) +
         " (--benchmark-timeout, per repetition); ended at an iteration boundary";
}

void BenchmarkLimit::check() const {
  if (expired_flag_.load(std::memory_order_relaxed)) throw BenchmarkTimedOut(timed_out_message());
}

// In a thread glibc starts for the expiry. An expiry that raced with
// leave() or enter() finds no call, or one whose times have not come.
void BenchmarkLimit::on_timer(union sigval self_value) {
  auto* self = static_cast<BenchmarkLimit*>(self_value.sival_ptr);
  std::unique_lock lock(self->mutex_);
  if (self->current_.empty()) return;
  const uint64_t now = now_ns();
  if (now < self->call_deadline_ns_) return;
  const uint64_t stuck_at = self->call_deadline_ns_ + static_cast<uint64_t>(self->grace_s_ * 1e9);
  if (!self->expired_) {
    self->expired_ = true;
    self->expired_flag_.store(true);
    self->arm(stuck_at);
    return;
  }
  if (now < stuck_at) return;
  // Still in the same call a grace period after its limit: stuck.
  const std::string name = self->current_;
  char ran[32];
  std::snprintf(ran, sizeof ran, "%.0fs", static_cast<double>(now - self->call_start_ns_) / 1e9);
  lock.unlock();
  self->on_stuck_(name, "did not finish within " + format_seconds(self->allowed_s_) +
                            " (--benchmark-timeout, per repetition), and its iteration did not "
                            "return " +
                            format_seconds(self->grace_s_) + " later (this call ran " + ran +
                            "): stuck; threads: " + describe_threads_in_kernel());
}

void test_stall_iteration(const std::string& benchmark_name) {
  static const std::string spec = [] {
    const char* s = std::getenv("DAXBENCH_TEST_STALL");
    return std::string(s ? s : "");
  }();
  if (spec.empty()) return;
  const auto colon = spec.find(':');
  if (colon == std::string::npos) return;
  const std::string kind = spec.substr(0, colon);
  if (benchmark_name.find(spec.substr(colon + 1)) == std::string::npos) return;
  if (kind == "slow") {
    ::usleep(1000 * 1000);
  } else if (kind == "stuck") {
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    for (;;) ::sigsuspend(&all);  // no signal is delivered to this thread
  }
}

}  // namespace daxbench
