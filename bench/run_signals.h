// What `daxbench run` does with signals, so that finished results are never
// lost and the scratch directory never stays behind.
//
// SIGINT, SIGTERM, SIGHUP and SIGQUIT are blocked in every thread (the mask is
// set before any worker thread exists, and threads inherit it) and taken by
// one thread with sigwaitinfo: no handler runs inside a workload, no system
// call of a workload returns EINTR. The first one asks the run to stop after
// the current iteration and calls the `first` callback, which writes what is
// finished at once (an iteration stuck in the kernel may never return, and
// whoever sent the signal may follow it with SIGKILL); a second one calls the
// hurry callback, which writes what is finished, removes the scratch
// directories and exits at once.
// SIGPIPE (stdout a closed pipe, `daxbench run | head -1`) is directed at the
// thread that wrote, so it has a handler: it asks the run to stop, like the
// first of the others, and is never counted as a second signal (every later
// write to the dead pipe raises it again).
//
// SIGBUS from a file mapping (mm/filemap.c: filemap_fault returns
// VM_FAULT_SIGBUS for a page past i_size, e.g. the file was truncated by
// someone else while mapped) is caught in any thread: the handler notes the
// file and offset, maps an anonymous page over the faulting one so the access
// completes, and the harness fails that benchmark with a message naming the
// file. Other SIGBUS (alignment) keeps the default action.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace daxbench {

class StopSignals {
 public:
  // `first(signal)` runs in the signal thread on the first signal, after the
  // stop request. `hurry(first_signal)` runs there on a second signal; it is
  // expected not to return (it ends the process) unless the run is already
  // finishing.
  StopSignals(std::function<void(int)> first, std::function<void(int)> hurry);
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  // Stops the signal thread and restores the signal mask; a signal that
  // arrived in between is recorded as a stop request, not acted on.
  ~StopSignals();

 private:
  void watch();
  std::function<void(int)> first_;
  std::function<void(int)> hurry_;
  std::thread thread_;
};

// True once a stop signal arrived; the signal that asked first (0 if none).
bool stop_requested();
int stop_signal();

// SIGBUS recovery for the lifetime of the object (see the header comment).
class SigbusGuard {
 public:
  SigbusGuard();
  SigbusGuard(const SigbusGuard&) = delete;
  SigbusGuard& operator=(const SigbusGuard&) = delete;
  ~SigbusGuard();
};

// What the SIGBUS handler saw since the last call, and resets it: nullopt if
// nothing, else a message naming the file, the offset and the page count.
std::optional<std::string> take_sigbus_report();

}  // namespace daxbench
