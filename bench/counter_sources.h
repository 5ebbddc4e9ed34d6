// Where each counter comes from on the running kernel.
//
// Kernel functions get renamed, split and inlined between releases, and
// tracepoints gain, lose and retype fields, so no kprobe target or tracepoint
// is trusted by name alone:
// - a kprobe target must be listed in tracefs's available_filter_functions
//   (a static function the compiler inlined has no entry and can't be
//   probed);
// - a tracepoint must have events/<sys>/<event>/id, and every field its
//   filter names must be in that event's format file;
// - a logical counter (fs_dax_fault_handler, fs_page_mkwrite, ...) keeps one
//   meaning and one name on every kernel, and resolves to the first of its
//   filesystem's candidate functions that this kernel lists; the fault-path
//   ones (handle_mm_fault_calls, mmap_lock_fault_fallbacks) to functions of
//   mm/ and arch/x86/mm/, on any filesystem, and vma_lock_retries to a
//   /proc/vmstat item; the TLB ones (dtlb_load_walks, dtlb_walk_cycles) to
//   the first libpfm4 name this CPU's PMU knows (Intel and AMD spell them
//   differently).
// What was found is recorded in the results (`counter_sources`); what
// can't be had is unsupported with the reason, never counted as 0.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/perf_events.h"

namespace daxbench {

// What a tracefs tree offers. Tests point it at a fake directory.
class TracefsCatalog {
 public:
  // `root` "" = tracefs unavailable, `why` says why.
  TracefsCatalog(std::string root, std::string why);

  // Whether `function` is in available_filter_functions; nullopt when the
  // list can't be read (function_list_error() says why: tracefs missing,
  // EPERM under some lockdown policies, ...).
  std::optional<bool> function_listed(const std::string& function);
  const std::string& function_list_error() const { return functions_error_; }

  struct Tracepoint {
    bool exists = false;
    uint64_t id = 0;               // events/<sys>/<event>/id
    std::string error;             // why not, when !exists
    std::set<std::string> fields;  // from the format file
    // Values the format names with __print_symbolic, by their name in lower
    // case with _ ("remote_shootdown" -> {"reason", 1}).
    std::map<std::string, std::pair<std::string, long long>> symbols;
    bool format_read = false;
  };
  Tracepoint tracepoint(const std::string& subsystem, const std::string& event) const;
  const std::string& root() const { return root_; }

 private:
  void load_functions();
  void read_functions();

  std::string root_;
  std::string why_;
  bool functions_loaded_ = false;
  // Shared with the process-wide cache: copying 55k names cost ~24 ms (in
  // instruction-ns) at every counter open in the lab's deterministic mode.
  std::shared_ptr<const std::set<std::string>> functions_;
  std::string functions_error_;
};

// One way to get a counter: events whose values are summed minus events
// subtracted (all must open), and how to say it in the results.
struct CounterSource {
  std::vector<EventSpec> plus;
  std::vector<EventSpec> minus;
  std::string
      description;  // "kprobe:xfs_filemap_fault", "fs_dax:dax_pmd_fault_done [result & 8448]"
  // Instead of events: the growth of this /proc/vmstat item while the
  // counters are enabled ("vma_lock_retry"). System-wide, not per task.
  std::string vmstat;
};

struct ResolvedCounter {
  std::string name;  // as requested
  // Sources to try in order; the first that opens is used. More than one
  // only when available_filter_functions can't be read, so the kernel's own
  // refusal of an unprobeable function decides.
  std::vector<CounterSource> sources;
  std::string unsupported;  // non-empty: no source here, and why
  // The filesystem has no such handler at all (ext4's pfn_mkwrite, any
  // handler on tmpfs): an answer, not something this machine fails to count,
  // so --require-events lets it pass.
  bool not_applicable = false;
};

// Resolves one requested event for a file on `fs_type`.
ResolvedCounter resolve_counter(const EventSpec& spec, const std::string& fs_type,
                                TracefsCatalog& tracefs);

// The logical counters and what they mean (docs/counters.md has the table).
enum class LogicalKind {
  kFsHandler,  // a filesystem's fault or mkwrite handler (calls)
  kFaultPath,  // the mm fault path, any filesystem (per page fault)
  kTlb,        // a hardware TLB event (libpfm4)
};
struct LogicalCounterInfo {
  std::string name;     // "fs_dax_fault_handler"
  std::string meaning;  // one line
  LogicalKind kind = LogicalKind::kFsHandler;
};
const std::vector<LogicalCounterInfo>& logical_counters();
bool is_logical_counter(const std::string& name);
// The results stem: "<name>_calls" for the handler counters (calls of a
// function), the name itself for the others (handle_mm_fault_calls,
// dtlb_load_walks).
std::string logical_counter_stem(const std::string& name);
// Whether the counter `name` (as requested) is normalised per page fault
// (<stem>_per_page_fault) rather than per unit of the family: the
// fault-path counters, whose question is "how many per fault".
bool counted_per_page_fault(const std::string& name);
// The value of the /proc/vmstat item `key` (`path` in tests); nullopt,
// with `why`, when the file can't be read or has no such item.
std::optional<uint64_t> vmstat_value(const std::string& key, std::string& why,
                                     const std::string& path = "/proc/vmstat");

// The identifiers an ftrace filter compares ("result & 256 && flags == 1" ->
// {result, flags}); quoted strings and numbers are not identifiers.
std::set<std::string> filter_fields(const std::string& filter);
// Field names in a tracepoint format file's text.
std::set<std::string> format_fields(const std::string& format_text);
// The __print_symbolic values of a format file's print fmt: name (lower case,
// runs of other characters as one _) -> field and number. From
// `__print_symbolic(REC->reason, { 0, "flush on task switch" }, ...)`:
// "flush_on_task_switch" -> {"reason", 0}.
std::map<std::string, std::pair<std::string, long long>> format_symbols(
    const std::string& format_text);

}  // namespace daxbench
