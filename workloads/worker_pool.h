// Worker threads that run one job each per iteration, released together and
// awaited together (two barriers), for families with `threads` > 1. The
// threads are created once, in prepare(), so perf counters opened before
// prepare() follow them (inherit) and no thread creation is timed.
#pragma once

#include <atomic>
#include <barrier>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace daxbench {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() { stop(); }

  // Starts `threads` threads; thread i runs job(i) once per run_once().
  void start(unsigned threads, std::function<void(unsigned)> job) {
    job_ = std::move(job);
    start_ = std::make_unique<std::barrier<>>(threads + 1);
    done_ = std::make_unique<std::barrier<>>(threads + 1);
    for (unsigned i = 0; i < threads; ++i) {
      threads_.emplace_back([this, i] {
        for (;;) {
          start_->arrive_and_wait();
          if (stopping_.load(std::memory_order_acquire)) return;
          job_(i);
          done_->arrive_and_wait();
        }
      });
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
