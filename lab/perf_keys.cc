// daxlab-perf-keys: holds the perf jump labels of the scheduler and the
// software events switched on for the whole life of a lab guest.
//
// lab/guest.sh starts it with the guest's other vCPUs offline and brings them
// back once it has printed its line, so the kernel patches these labels while
// one CPU runs, and never again during the measurements. Each per-task event
// turns on perf_sched_events (kernel/events/core.c: account_event), whose
// code sits in __schedule (perf_event_task_sched_out), and each software
// event type its perf_swevent_enabled[] label (perf_swevent_init), several of
// them in __schedule and the fault path too. Debian's 7.3.4 guest oopsed
// under multi-threaded TCG on an int3 of that patching that a vCPU executed
// after it was removed (docs/lab.md, "Known problem"), when daxbench's own
// events came and went.
//
// The events are disabled and count nothing; they only exist. They cost
// every context switch a call into perf (as any perf user does). With one
// vCPU (deterministic mode) lab/guest.sh does not start it: nothing can race
// there, and the instruction counts stay those of a perf-free kernel.
//
// Prints one line ("held N perf jump labels: ...") on stdout, closes it, and
// sleeps until killed.
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

struct Held {
  const char* name;
  unsigned long long config;
};

// Every software event type with a jump label of its own
// (perf_swevent_enabled[]), plus the dummy that every per-task event shares
// for perf_sched_events. cpu-clock and task-clock are hrtimer events without
// one. A type this kernel lacks (cgroup-switches before 5.13) is skipped.
constexpr Held kHeld[] = {
    {"dummy", PERF_COUNT_SW_DUMMY},
    {"context-switches", PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_COUNT_SW_CPU_MIGRATIONS},
    {"page-faults", PERF_COUNT_SW_PAGE_FAULTS},
    {"minor-faults", PERF_COUNT_SW_PAGE_FAULTS_MIN},
    {"major-faults", PERF_COUNT_SW_PAGE_FAULTS_MAJ},
    {"alignment-faults", PERF_COUNT_SW_ALIGNMENT_FAULTS},
    {"emulation-faults", PERF_COUNT_SW_EMULATION_FAULTS},
    {"cgroup-switches", PERF_COUNT_SW_CGROUP_SWITCHES},
};

}  // namespace

int main() {
  std::string held, missing;
  int count = 0;
  for (const Held& h : kHeld) {
    perf_event_attr attr{};
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = h.config;
    attr.disabled = 1;
    const long fd = ::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    std::string& list = fd >= 0 ? held : missing;
    list += list.empty() ? "" : ",";
    list += h.name;
    if (fd >= 0) ++count;
  }
  std::printf("held %d perf jump labels: %s%s%s\n", count, held.c_str(),
              missing.empty() ? "" : "; not available: ", missing.c_str());
  std::fflush(stdout);
  std::fclose(stdout);
  for (;;) ::pause();
}
