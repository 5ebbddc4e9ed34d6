// Worker processes that run one job each per iteration, released together and
// awaited together, for families with `processes` > 1: will-it-scale's
// process mode, each task in its own address space (no shared mmap_lock, no
// TLB shootdowns between them), beside WorkerPool's threads in one.
// The processes are forked once, in prepare(), so perf counters opened
// before prepare() follow them (inherit covers fork) and no fork is timed.
// Each job's result (a trivially copyable struct) comes back through a
// shared anonymous mapping; release and completion are futexes in it.
#pragma once

#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "workloads/family.h"
#include "workloads/task_cpus.h"

namespace daxbench {

template <class Result>
class ProcessPool {
  static_assert(std::is_trivially_copyable_v<Result>, "results cross address spaces by copy");

 public:
  ProcessPool() = default;
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;
  ~ProcessPool() { stop(); }

  // Forks `processes` children; child i runs setup(i) once, untimed, then
  // job(i) once per run_once(), and stores what it returns as result(i);
  // on CPU task_cpu(cpus, i) when `cpus` is not empty (--pin-tasks), pinned
  // before its first job. A fork that fails stops the ones started and
  // throws WorkloadFailure naming the limit.
  void start(unsigned processes, std::function<void(unsigned)> setup,
             std::function<Result(unsigned)> job, const std::vector<int>& cpus = {}) {
    const size_t bytes = sizeof(Shared) + sizeof(Result) * processes;
    void* mem = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
      throw std::system_error(errno, std::generic_category(), "mmap of the process pool's state");
    shared_ = new (mem) Shared{};
    shared_bytes_ = bytes;
    results_ = reinterpret_cast<Result*>(static_cast<char*>(mem) + sizeof(Shared));
    processes_ = processes;
    for (unsigned i = 0; i < processes; ++i) {
      const pid_t parent = ::getpid();
      const pid_t pid = ::fork();
      if (pid < 0) {
        const int err = errno;
        stop();
        throw WorkloadFailure("cannot start worker process " + std::to_string(i + 1) + " of " +
                              std::to_string(processes) + ": " + std::strerror(err) +
                              " (limits: ulimit -u, the cgroup's pids.max; or use fewer "
                              "processes)");
      }
      if (pid == 0) {
        setup(i);
        child(i, parent, job);  // never returns
      }
      pids_.push_back(pid);
      if (!cpus.empty()) {
        try {
          pin_process(pid, i, task_cpu(cpus, i));
        } catch (...) {
          stop();
          throw;
        }
      }
    }
  }

  // Releases every process and returns when all have finished their job.
  // A process that died (a signal, an exit) is a WorkloadFailure: never a
  // wait for a job that will not finish.
  void run_once() {
    shared_->done.store(0, std::memory_order_release);
    shared_->generation.fetch_add(1, std::memory_order_acq_rel);
    futex(&shared_->generation, FUTEX_WAKE, INT_MAX);
    for (;;) {
      const uint32_t done = shared_->done.load(std::memory_order_acquire);
      if (done == processes_) return;
      const timespec tick{0, 200 * 1000 * 1000};
      futex(&shared_->done, FUTEX_WAIT, done, &tick);
      check_alive();
    }
  }

  const Result& result(unsigned i) const { return results_[i]; }
  unsigned size() const { return processes_; }

  void stop() {
    if (shared_ != nullptr && !pids_.empty()) {
      shared_->stopping.store(1, std::memory_order_release);
      shared_->generation.fetch_add(1, std::memory_order_acq_rel);
      futex(&shared_->generation, FUTEX_WAKE, INT_MAX);
      for (pid_t pid : pids_) {
        int status = 0;
        ::waitpid(pid, &status, 0);
      }
    }
    pids_.clear();
    if (shared_ != nullptr) ::munmap(shared_, shared_bytes_);
    shared_ = nullptr;
  }

 private:
  struct Shared {
    std::atomic<uint32_t> generation{0};
    std::atomic<uint32_t> done{0};
    std::atomic<uint32_t> stopping{0};
  };
  static_assert(sizeof(std::atomic<uint32_t>) == 4, "futex words are 32 bits");

  // Shared between processes: no FUTEX_PRIVATE_FLAG.
  static long futex(std::atomic<uint32_t>* word, int op, uint32_t value,
                    const timespec* timeout = nullptr) {
    return ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), op, value, timeout, nullptr, 0);
  }

  [[noreturn]] void child(unsigned i, pid_t parent, const std::function<Result(unsigned)>& job) {
    // Gone with the parent, whatever kills it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    uint32_t seen = 0;
    for (;;) {
      uint32_t now;
      while ((now = shared_->generation.load(std::memory_order_acquire)) == seen)
        futex(&shared_->generation, FUTEX_WAIT, seen);
      seen = now;
      if (shared_->stopping.load(std::memory_order_acquire)) ::_exit(0);
      results_[i] = job(i);
      if (shared_->done.fetch_add(1, std::memory_order_acq_rel) + 1 == processes_)
        futex(&shared_->done, FUTEX_WAKE, 1);
    }
  }

  void check_alive() {
    for (size_t i = 0; i < pids_.size(); ++i) {
      int status = 0;
      if (::waitpid(pids_[i], &status, WNOHANG) != pids_[i]) continue;
      pids_.erase(pids_.begin() + static_cast<long>(i));
      const std::string how = WIFSIGNALED(status)
                                  ? std::string("killed by ") + sigabbrev_np(WTERMSIG(status))
                                  : "exited with status " + std::to_string(WEXITSTATUS(status));
      stop();
      throw WorkloadFailure("worker process " + std::to_string(i + 1) + " " + how +
                            " during its job");
    }
  }

  Shared* shared_ = nullptr;
  size_t shared_bytes_ = 0;
  Result* results_ = nullptr;
  unsigned processes_ = 0;
  std::vector<pid_t> pids_;
};

}  // namespace daxbench
