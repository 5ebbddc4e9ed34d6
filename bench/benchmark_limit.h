// The per-benchmark time limit of `daxbench run` (--benchmark-timeout).
//
// A benchmark gets SECONDS per repetition, counted over the calls Google
// Benchmark makes of its function (the short calls that size the iteration
// count and every repetition). When its time is up it is ended at the next
// iteration boundary: the harness throws BenchmarkTimedOut there, the
// benchmark is recorded as failed with that reason and the run goes on.
//
// An iteration can also never return: a page fault the kernel retries
// forever, a worker thread blocked in the kernel. Nothing inside the process
// can take that thread back, so when a call is still running a grace period
// after the limit, a timer thread calls `on_stuck(name, why)`, which is
// expected to write what finished and end the process; `why` says which
// threads were where in the kernel (/proc/self/task/*/{stat,wchan,stack}).
#pragma once

#include <signal.h>
#include <time.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace daxbench {

struct BenchmarkTimedOut : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class BenchmarkLimit {
 public:
  // `seconds_per_repetition` 0: no limit (no timer).
  BenchmarkLimit(double seconds_per_repetition, int repetitions,
                 std::function<void(const std::string& name, const std::string& why)> on_stuck);
  BenchmarkLimit(const BenchmarkLimit&) = delete;
  BenchmarkLimit& operator=(const BenchmarkLimit&) = delete;
  ~BenchmarkLimit();

  // Around each call of a benchmark's function (RAII: Call).
  class Call {
   public:
    Call(BenchmarkLimit& limit, const std::string& name);
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

   private:
    BenchmarkLimit& limit_;
  };

  // At an iteration boundary: throws BenchmarkTimedOut once the current
  // benchmark's time is up.
  void check() const;

  // How long a benchmark may run in all, and the grace after it before a
  // call still running is called stuck.
  double allowed_seconds() const { return allowed_s_; }
  double grace_seconds() const { return grace_s_; }

 private:
  void enter(const std::string& name);
  void leave();
  void arm(uint64_t at_ns);  // CLOCK_MONOTONIC, absolute; 0 disarms
  static void on_timer(union sigval self);
  std::string timed_out_message() const;

  const double allowed_s_;
  const double grace_s_;
  std::function<void(const std::string&, const std::string&)> on_stuck_;
  // A POSIX timer (SIGEV_THREAD), armed for the running call only: no
  // thread of this process wakes while benchmarks keep to their limits (a
  // thread that ran on another CPU would leave it in the mm's cpumask and
  // draw TLB flush IPIs into a threads:1 benchmark, arch/x86/mm/tlb.c).
  timer_t timer_{};
  bool have_timer_ = false;
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> spent_ns_;  // by benchmark, over its finished calls
  std::string current_;                       // the benchmark whose call runs, "" if none
  uint64_t call_start_ns_ = 0;
  uint64_t call_deadline_ns_ = 0;
  bool expired_ = false;
  std::atomic<bool> expired_flag_{false};  // expired_, read by check() without the mutex
};

// Where this process's threads are, one clause per thread other than the
// caller: "tid 123 state D in folio_wait_bit_common (stack: a <- b <- c)".
// The stack needs CAP_SYS_ADMIN (/proc/PID/stack); without it only wchan.
std::string describe_threads_in_kernel();

// Test-only (tests/interrupted_run_test.cc): DAXBENCH_TEST_STALL=slow:TEXT makes
// every iteration of a benchmark whose name contains TEXT take 1 s longer
// (outside the timed region); stuck:TEXT makes its first iteration block in
// the kernel for good (pause(2) with the stop signals blocked).
void test_stall_iteration(const std::string& benchmark_name);

}  // namespace daxbench
