// Worker threads that run one job each per iteration, released together and
// awaited together (two barriers), for families with `threads` > 1. The
// threads are created once, in prepare(), so perf counters opened before
// prepare() follow them (inherit) and no thread creation is timed.
#pragma once

#include <atomic>
#include <barrier>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "workloads/family.h"
#include "workloads/task_cpus.h"

namespace daxbench {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() { stop(); }

  // Starts `threads` threads; thread i runs job(i) once per run_once(), on
  // CPU task_cpu(cpus, i) when `cpus` is not empty (--pin-tasks), pinned
  // before its first job.
  // When a thread cannot be created (EAGAIN: RLIMIT_NPROC, the cgroup's
  // pids.max or kernel.threads-max reached; ENOMEM: no room for its stack),
  // the threads already started are stopped and joined and WorkloadFailure
  // says how many could be started: never a wait on a barrier that the
  // missing threads would never reach.
  void start(unsigned threads, std::function<void(unsigned)> job,
             const std::vector<int>& cpus = {}) {
    job_ = std::move(job);
    stopping_.store(false, std::memory_order_release);
    start_ = std::make_unique<std::barrier<>>(threads + 1);
    done_ = std::make_unique<std::barrier<>>(threads + 1);
    for (unsigned i = 0; i < threads; ++i) {
      try {
        threads_.emplace_back([this, i] {
          for (;;) {
            start_->arrive_and_wait();
            if (stopping_.load(std::memory_order_acquire)) return;
            job_(i);
            done_->arrive_and_wait();
          }
        });
      } catch (const std::system_error& e) {
        // The missing threads leave both barriers, so the started ones can
        // be released once more and told to stop.
        for (unsigned missing = i; missing < threads; ++missing) {
          start_->arrive_and_drop();
          done_->arrive_and_drop();
        }
        stop();
        throw WorkloadFailure("cannot start worker thread " + std::to_string(i + 1) + " of " +
                              std::to_string(threads) + ": " + e.code().message() +
                              " (limits: ulimit -u, the cgroup's pids.max, "
                              "kernel.threads-max; or use fewer threads)");
      }
    }
    // The threads wait at the start barrier: none has run a job yet.
    try {
      for (unsigned i = 0; i < threads && !cpus.empty(); ++i)
        pin_thread(threads_[i].native_handle(), i, task_cpu(cpus, i));
    } catch (...) {
      stop();
      throw;
    }
  }

  // Releases every thread and returns when all have finished their job.
  void run_once() {
    start_->arrive_and_wait();
    done_->arrive_and_wait();
  }

  void stop() {
    if (threads_.empty()) return;
    stopping_.store(true, std::memory_order_release);
    start_->arrive_and_wait();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  std::function<void(unsigned)> job_;
  std::vector<std::thread> threads_;
  std::unique_ptr<std::barrier<>> start_, done_;
  std::atomic<bool> stopping_{false};
};

}  // namespace daxbench
