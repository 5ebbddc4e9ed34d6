// Linux perf as a tool daxbench runs (`run --profile` records with it,
// `report` reads with perf report and perf diff): finding a perf binary that
// works on this kernel, and running a program with its output captured.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace daxbench {

// The perf binary to use: `perf` on PATH if `perf version` works, else the
// newest `perf_X.Y` on PATH (Debian's /usr/bin/perf can be a wrapper that
// looks for a perf_X.Y matching the running kernel and fails on kernels
// Debian has no perf for). Throws UsageError naming the package when none
// works; `what` says who needs it ("--profile").
std::string find_perf(const std::string& what);

// `perf version` of that binary ("perf version 6.1.187").
std::string perf_version(const std::string& perf);

struct Captured {
  int status = -1;  // exit status, 128 + signal, or -1 when it could not start
  std::string out;  // stdout
  std::string err;  // stderr (or why it could not start)
};

// Starts argv[0] (a path) with stdin and stdout /dev/null, `fds` (child fd,
// our fd) dup2'ed in, its signals unblocked and at their defaults (daxbench
// blocks its stop signals in every thread, and a blocked mask survives
// exec), in a process group of its own when `own_group` (a Ctrl-C at the
// terminal is then daxbench's to handle). Throws std::system_error.
pid_t spawn_process(const std::vector<std::string>& argv,
                    const std::vector<std::pair<int, int>>& fds, bool own_group);

// Everything written to a memfd so far.
std::string read_memfd(int fd);

// Runs argv[0] (a path) with stdin /dev/null, its signals unblocked and at
// their defaults, stdout and stderr captured (memfds: no file is created).
Captured run_captured(const std::vector<std::string>& argv);

}  // namespace daxbench
