// The kernel side of the counter layer: event names -> perf_event_attr, and
// small RAII owners for what opening them needs (tracefs mount, perf fds).
//
// Names (docs/counters.md has the full table):
//   page-faults, minor-faults, major-faults, context-switches, cpu-migrations,
//   task-clock                              software events (PERF_TYPE_SOFTWARE)
//   cycles, instructions, dTLB-load-misses  perf's generic hardware/cache names
//   DTLB_LOAD_MISSES:WALK_COMPLETED, ...    anything else: libpfm4
//   fs_dax:dax_pmd_fault_done               tracepoint (id from tracefs)
//   fs_dax:dax_pmd_fault_done[result & 256] tracepoint with an ftrace filter
//   fs_dax:dax_pmd_fault_done/mapped        named split (see kSplits in .cc)
//   tlb:tlb_flush/remote_shootdown          split by a value the format names
//   kprobe:ext4_page_mkwrite                kprobe through the kprobe PMU
//   fs_dax_fault_handler, fs_page_mkwrite,  logical counters: the filesystem's
//   fs_pfn_mkwrite, fs_huge_fault           handler, whatever it is called here
//   handle_mm_fault_calls,                  fault-path counters, per page fault
//   mmap_lock_fault_fallbacks, vma_lock_retries
#pragma once

#include <linux/perf_event.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/private_mounts.h"
#include "core/util.h"

namespace daxbench {

// kLogical: a counter with one meaning on every kernel (fs_dax_fault_handler,
// ...), resolved to kprobes at open time (bench/counter_sources.h).
enum class EventKind { kSoftware, kHardware, kPfm, kTracepoint, kKprobe, kLogical };

struct EventSpec {
  std::string name;  // as requested
  EventKind kind = EventKind::kSoftware;
  uint32_t type = 0;             // kSoftware / kHardware: PERF_TYPE_*
  uint64_t config = 0;           // kSoftware / kHardware
  std::string subsystem, event;  // kTracepoint: "fs_dax", "dax_pmd_fault_done"
  std::string filter;            // kTracepoint: ftrace filter, "" = none
  // kTracepoint: a value the event's format names symbolically
  // (`__print_symbolic(REC->reason, { 1, "remote shootdown" }, ...)` ->
  // "remote_shootdown"), turned into `filter` ("reason == 1") from the
  // format file when the counter is resolved (bench/counter_sources.cc).
  std::string symbol;
  uint64_t tracepoint_id = 0;  // kTracepoint: resolved id, 0 = read it from tracefs at open
  std::string function;        // kKprobe
};

// Parses one event name without opening anything. Throws UsageError for a
// name that is none of the forms above (libpfm4 is asked only about names
// that are not software, generic, tracepoint or kprobe names).
EventSpec parse_event_name(const std::string& name);

// libpfm4's encoding of `name` for this machine's PMUs (or those
// LIBPFM_FORCE_PMU names), without opening anything: nullopt, with `why`,
// when libpfm4 does not know the event here.
std::optional<perf_event_attr> encode_pfm_event(const std::string& name, std::string& why);
// The PMUs libpfm4 detected ("amd64_fam19h_zen4, perf, perf_raw"), for messages.
std::string pfm_present_pmus();

// The Google Benchmark counter stem for an event: "page-faults" ->
// "page_faults", "fs_dax:dax_pmd_fault_done/mapped" -> "pmd_mapped",
// "kprobe:ext4_page_mkwrite" -> "ext4_page_mkwrite_calls".
std::string counter_stem(const std::string& name);

// The family's default event set (`events` empty in the config), for the
// filesystem under the target ("ext4", "xfs", ...): what the family's
// Family::default_events says. Kernel-independent names (logical counters
// for the handlers), resolved when they are opened.
std::vector<std::string> default_events(const std::string& family, const std::string& fs_type);

// Makes tracefs readable for as long as the object lives: the system's
// mount when there is one (/sys/kernel/tracing, or debugfs's tracing/), else
// tracefs mounted in a private mount namespace of a helper process
// (bench/private_mounts.h) and read through /proc/<helper>/root. No other
// process ever sees that mount, and it goes with the helper, even when
// daxbench is SIGKILLed. Only reading needs it: a tracepoint is opened by
// its numeric id, which stays valid for the boot, and opened events keep
// counting after the view is gone.
class TracefsMount {
 public:
  TracefsMount();
  TracefsMount(const TracefsMount&) = delete;
  TracefsMount& operator=(const TracefsMount&) = delete;
  ~TracefsMount();
  // Root of tracefs ("" if neither found nor mountable; error() says why).
  const std::string& root() const { return root_; }
  const std::string& error() const { return error_; }
  // "system mount /sys/kernel/tracing" or "private mount namespace".
  const std::string& how() const { return how_; }

 private:
  std::string root_;
  std::string error_;
  std::string how_;
  std::unique_ptr<PrivateMounts> private_;
};

// One opened perf event. Owns the fd and, for kprobes, the function-name
// string: attr.config1 points at it, and the kernel reads that pointer again
// in every thread that inherits the event (kernel/events/core.c:
// inherit_event -> perf_init_event -> perf_kprobe_init -> strndup_user), so it
// must stay valid while the event lives.
struct PerfEvent {
  std::string name;
  FileDescriptor fd;
  std::unique_ptr<std::string> kprobe_function;
};

// Opens `spec` for the calling thread and the threads it creates later
// (inherit=1), disabled, kernel and user mode, reading TOTAL_TIME_ENABLED and
// TOTAL_TIME_RUNNING. `group_fd` -1 or a leader's fd. Tracepoints need
// `tracefs` (may be null for other kinds). On failure returns nullopt and sets
// `why` to a one-line reason (errno text plus what it means here).
std::optional<PerfEvent> open_perf_event(const EventSpec& spec, int group_fd,
                                         const TracefsMount* tracefs, std::string& why);

// value, time_enabled, time_running of one fd, read without PERF_FORMAT_GROUP:
// inherit together with a group read format is refused by some kernels, and
// reading each fd alone still sums the inherited children
// (kernel/events/core.c: perf_read_one -> perf_event_read_value).
struct PerfValue {
  uint64_t value = 0;
  uint64_t time_enabled = 0;
  uint64_t time_running = 0;
};
PerfValue read_perf_event(int fd);

}  // namespace daxbench
