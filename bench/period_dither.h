// Random sample times for `daxbench run --profile`'s cpu-clock recording.
//
// Why: cpu-clock samples every N ns of a fixed period (perf record -c), and
// a fault workload repeats one code path every P ns. In the lab's
// deterministic mode both are exact (guest time is the instruction count),
// so the samples strobe the loop: they fall on the same few points of every
// page's fault and miss the rest. Measured on a 6.12 lab build whose DAX
// 4 KiB write fault carries a 1156-instruction loop (16 % of its time): at
// 20 us the loop got 6 % of the samples and ext4_set_iomap, a few dozen
// instructions, 19 %; at 17 us and 23 us two other functions led. Real
// hardware has jitter that hides this; the deterministic lab has none.
//
// What it does: a thread of daxbench that perf does not profile (its tid is
// left out of perf record -t) holds duplicates of perf's event descriptors
// (pidfd_getfd) and, at random intervals, sets a random sample period on
// them (PERF_EVENT_IOC_PERIOD). The kernel restarts the sample timer from
// the new period at each change (kernel/events/core.c: __perf_event_period
// sets period_left to 0), so the sample times stop being a fixed comb and
// fall at random phases of the workload: every instruction equally likely
// to be sampled, whatever the workload's period.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/util.h"

namespace daxbench {

class PeriodDither {
 public:
  // Starts the thread (idle until attach). `period_ns`: the mean sample
  // period; periods are drawn uniformly from [period/2, 3 period/2] and a
  // new one is set every [period, 5 period] (uniform), seeded from the
  // kernel's random source.
  explicit PeriodDither(uint64_t period_ns);
  PeriodDither(const PeriodDither&) = delete;
  PeriodDither& operator=(const PeriodDither&) = delete;
  ~PeriodDither();

  // The thread's id, to leave out of the profiled threads.
  pid_t tid() const { return tid_; }

  // Takes perf's event descriptors from process `perf_pid` and starts
  // changing their periods. On failure (no permission to take another
  // process's descriptors, a kernel before 5.6) it dithers nothing and
  // describe() says why: the profile is still recorded, at fixed period.
  void attach(pid_t perf_pid);
  // Stops changing periods and closes the duplicates (before perf stops).
  void detach();

  // For the results file: what was done, or why not.
  nlohmann::json describe() const;

 private:
  void loop();

  const uint64_t period_ns_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<FileDescriptor> events_;  // guarded by mutex_
  bool stop_ = false;                   // guarded by mutex_
  std::atomic<uint64_t> changes_{0};
  std::string off_reason_;
  bool realtime_ = false;
  pid_t tid_ = -1;
  std::thread thread_;
};

// The threads of this process but `except`, as perf record -t wants them
// ("1234,1235").
std::string threads_of_this_process_except(pid_t except);

}  // namespace daxbench
