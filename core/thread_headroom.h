// How many more threads this process may start, for the checks of thread
// counts before anything runs (bench/matrix.cc).
#pragma once

#include <cstdint>
#include <optional>

namespace daxbench {

// How many more threads this process may start: RLIMIT_NPROC less the
// tasks its real uid already runs (not enforced for root, kernel/fork.c:
// copy_process), and the cgroup's pids.max less pids.current; nullopt when
// nothing limits it.
std::optional<uint64_t> thread_headroom();

}  // namespace daxbench
