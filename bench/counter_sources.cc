// Counter names -> what to open on this kernel. See counter_sources.h and
// docs/counters.md ("Counters that survive kernel changes").
#include "bench/counter_sources.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/util.h"

namespace daxbench {
namespace {

// One way a filesystem's handler can be probed: `function`, minus the calls
// of `minus` that reach it from other entry points.
struct Candidate {
  const char* function;
  std::vector<const char*> minus;
};

struct FsCandidates {
  const char* counter;
  const char* fs;
  std::vector<Candidate> candidates;  // in order of preference
  const char* none_reason;            // when `candidates` is empty: why
};

const std::vector<LogicalCounterInfo> kLogical = {
    {.name = "fs_dax_fault_handler",
     .meaning = "calls of the filesystem's ->fault handler of a DAX mapping (4 KiB faults; on "
                "ext4 the same function serves DAX ->page_mkwrite and ->pfn_mkwrite, on xfs it "
                "is also the page cache's ->fault)"},
    {.name = "fs_page_mkwrite",
     .meaning = "calls of the filesystem's page-cache ->page_mkwrite handler"},
    {.name = "fs_pfn_mkwrite", .meaning = "calls of the filesystem's DAX ->pfn_mkwrite handler"},
    {.name = "fs_huge_fault",
     .meaning = "calls of the filesystem's ->huge_fault handler (PMD fault attempts, and PUD-size "
                "attempts while the PUD entry is empty, which fs/dax.c refuses untraced)"},
    {.name = "handle_mm_fault_calls",
     .meaning = "walks of the fault path (calls of mm/memory.c handle_mm_fault) per page fault: "
                "2 where a fault tried under the per-VMA lock, was told to retry and was redone "
                "under mmap_lock",
     .kind = LogicalKind::kFaultPath},
    {.name = "mmap_lock_fault_fallbacks",
     .meaning = "faults handled under mmap_lock (calls of lock_mm_and_find_vma) per page fault: "
                "after the per-VMA-lock attempt failed or retried, or every fault on kernels "
                "without per-VMA locks for file faults (6.1)",
     .kind = LogicalKind::kFaultPath},
    {.name = "vma_lock_retries",
     .meaning = "faults the per-VMA lock attempt handed back with VM_FAULT_RETRY (/proc/vmstat "
                "vma_lock_retry, CONFIG_PER_VMA_LOCK_STATS; system-wide) per page fault",
     .kind = LogicalKind::kFaultPath},
    {.name = "dtlb_load_walks",
     .meaning = "data-TLB load misses that needed a page walk (missed every TLB level), by the "
                "libpfm4 event this CPU has",
     .kind = LogicalKind::kTlb},
    {.name = "dtlb_walk_cycles",
     .meaning = "cycles with a data-side page walk in progress (libpfm4, Intel only)",
     .kind = LogicalKind::kTlb},
};

// The fault path on x86 (arch/x86/mm/fault.c: do_user_addr_fault), 6.12 and
// 7.3: a user fault first looks the VMA up under its own lock
// (lock_vma_under_rcu) and calls handle_mm_fault with FAULT_FLAG_VMA_LOCK; a
// VM_FAULT_RETRY from there (mm/memory.c: vmf_can_call_fault, when the VMA's
// vm_ops has no ->map_pages, as ext4_dax_vm_ops) or no VMA lock sends it to
// lock_mm_and_find_vma and a second handle_mm_fault under mmap_lock. 6.1 has
// no per-VMA locks: every fault takes lock_mm_and_find_vma (backported to
// 6.1.37 with the StackRot fix) and one handle_mm_fault. 6.4-6.6 take the VMA
// lock for anonymous VMAs only (lock_vma_under_rcu returns NULL for files).
struct FaultPathCounter {
  const char* counter;
  const char* function;     // kprobe target; nullptr: a vmstat item
  const char* vmstat;       // /proc/vmstat item
  const char* none_reason;  // when the kernel has neither
};
const std::vector<FaultPathCounter> kFaultPath = {
    {"handle_mm_fault_calls", "handle_mm_fault", nullptr,
     "handle_mm_fault (mm/memory.c) is the fault path's entry on every kernel since 2.6"},
    {"mmap_lock_fault_fallbacks", "lock_mm_and_find_vma", nullptr,
     "lock_mm_and_find_vma (mm/memory.c) came with 6.5 and the 6.1.37/6.4.1 stable updates; "
     "before, arch/x86/mm/fault.c took mmap_lock inline, with nothing to probe"},
    {"vma_lock_retries", nullptr, "vma_lock_retry",
     "the kernel counts per-VMA-lock retries only with CONFIG_PER_VMA_LOCK_STATS "
     "(mm/vmstat.c), which this kernel was built without; mmap_lock_fault_fallbacks counts the "
     "faults that ended up under mmap_lock"},
};

// Hardware TLB counters by meaning: libpfm4 names in order of preference,
// the first one libpfm4 encodes for this CPU's PMU wins.
// - Intel (Haswell .. Sapphire Rapids): DTLB_LOAD_MISSES (event 0x08):
//   WALK_COMPLETED (umask 0x0e, any page size) counts load misses of every
//   TLB level whose walk completed; WALK_ACTIVE (umask 0x10, cmask 1, from
//   Skylake) the cycles with a walk in progress, WALK_DURATION the same
//   on Haswell/Broadwell (Intel SDM vol. 3B, the events tables).
// - AMD Zen 2..4: L1_DTLB_MISS (event 0x45) with the four "L2 miss" unit
//   masks (umask 0xf0): L1 DTLB misses that missed the L2 DTLB too, i.e.
//   walked (AMD PPR, "L1 DTLB Miss"). libpfm4 4.13 has no page-walk cycle
//   event for Zen, so dtlb_walk_cycles is unsupported there.
struct PmuCandidates {
  const char* counter;
  std::vector<const char*> names;
};
const std::vector<PmuCandidates> kPmuCandidates = {
    {"dtlb_load_walks",
     {"DTLB_LOAD_MISSES:WALK_COMPLETED",
      "L1_DTLB_MISS:TLB_RELOAD_4K_L2_MISS:TLB_RELOAD_2M_L2_MISS:TLB_RELOAD_1G_L2_MISS:"
      "TLB_RELOAD_COALESCED_PAGE_MISS"}},
    {"dtlb_walk_cycles", {"DTLB_LOAD_MISSES:WALK_ACTIVE", "DTLB_LOAD_MISSES:WALK_DURATION"}},
};

// Checked in fs/ext4/file.c and fs/xfs/xfs_file.c of Debian's 6.1.192 and
// 6.12.117 sources (the vm_operations_struct tables at their end):
// - ext4: ext4_dax_vm_ops = { .fault = ext4_dax_fault, .huge_fault =
//   ext4_dax_huge_fault, .page_mkwrite = ext4_dax_fault, .pfn_mkwrite =
//   ext4_dax_fault }, and ext4_dax_fault is `return ext4_dax_huge_fault(vmf,
//   PE_SIZE_PTE)` (6.1) / `(vmf, 0)` (6.12, the order argument): so every
//   4 KiB DAX fault also enters ext4_dax_huge_fault, and the ->huge_fault
//   calls are the difference. ext4_file_vm_ops (page cache) has
//   .page_mkwrite = ext4_page_mkwrite; DAX files never reach it.
// - xfs: one xfs_file_vm_ops for DAX and page cache: .fault =
//   xfs_filemap_fault, .huge_fault = xfs_filemap_huge_fault, .page_mkwrite =
//   xfs_filemap_page_mkwrite, .pfn_mkwrite = xfs_filemap_pfn_mkwrite, each a
//   wrapper around __xfs_filemap_fault (huge_fault only for DAX files). 6.11
//   split the DAX part out of __xfs_filemap_fault into xfs_dax_read_fault /
//   xfs_write_fault / xfs_dax_fault_locked, static and inlined on Debian's
//   6.12 build. Should xfs_filemap_fault itself be inlined or renamed, its
//   calls are __xfs_filemap_fault's minus those from the other three.
const std::vector<FsCandidates> kCandidates = {
    {"fs_dax_fault_handler", "ext4", {{"ext4_dax_fault", {}}}, nullptr},
    {"fs_dax_fault_handler",
     "xfs",
     {{"xfs_filemap_fault", {}},
      {"__xfs_filemap_fault",
       {"xfs_filemap_huge_fault", "xfs_filemap_page_mkwrite", "xfs_filemap_pfn_mkwrite"}}},
     nullptr},
    {"fs_page_mkwrite", "ext4", {{"ext4_page_mkwrite", {}}}, nullptr},
    {"fs_page_mkwrite", "xfs", {{"xfs_filemap_page_mkwrite", {}}}, nullptr},
    {"fs_pfn_mkwrite",
     "ext4",
     {},
     "ext4 has no ->pfn_mkwrite of its own: ext4_dax_vm_ops sends it to ext4_dax_fault "
     "(fs/ext4/file.c), so DAX pfn_mkwrite calls are counted in fs_dax_fault_handler"},
    {"fs_pfn_mkwrite", "xfs", {{"xfs_filemap_pfn_mkwrite", {}}}, nullptr},
    {"fs_huge_fault", "ext4", {{"ext4_dax_huge_fault", {"ext4_dax_fault"}}}, nullptr},
    {"fs_huge_fault", "xfs", {{"xfs_filemap_huge_fault", {}}}, nullptr},
};

// Tracepoints known to have gone, for a reason that says so.
const std::map<std::string, std::string> kRemovedTracepoints = {
    {"fs_dax:dax_insert_mapping", "removed in 6.16 (include/trace/events/fs_dax.h)"},
    {"fs_dax:dax_pmd_insert_mapping", "removed in 6.16 (include/trace/events/fs_dax.h)"},
};

// Functions known not to be probeable on some kernels, for a reason that
// says why (checked in the lab: absent from available_filter_functions on
// Debian 6.1.192 and 6.12.117).
const std::map<std::string, std::string> kInlinedFunctions = {
    {"xfs_dax_fault",
     "static in fs/xfs/xfs_file.c before 6.11 and inlined into __xfs_filemap_fault on Debian's "
     "6.1 build"},
    {"xfs_dax_read_fault",
     "static since 6.11 split __xfs_filemap_fault, inlined into __xfs_filemap_fault on Debian's "
     "6.12 build"},
    {"xfs_write_fault",
     "static since 6.11 split __xfs_filemap_fault, inlined into __xfs_filemap_fault on Debian's "
     "6.12 build"},
    {"xfs_dax_fault_locked",
     "static inline since 6.11 split __xfs_filemap_fault, inlined into __xfs_filemap_fault on "
     "Debian's 6.12 build"},
};

std::string read_all(const std::string& path, int& err) {
  std::ifstream in(path);
  if (!in) {
    err = errno ? errno : ENOENT;
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    err = errno ? errno : EIO;
    return "";
  }
  err = 0;
  return ss.str();
}

EventSpec kprobe_spec(const std::string& function) {
  EventSpec s;
  s.name = "kprobe:" + function;
  s.kind = EventKind::kKprobe;
  s.function = function;
  return s;
}

CounterSource one_event_source(const EventSpec& spec, const std::string& description) {
  CounterSource src;
  src.plus.push_back(spec);
  src.description = description;
  return src;
}

std::string not_listed(const std::string& function) {
  std::string why = "'" + function + "' is not in available_filter_functions on this kernel (";
  if (auto it = kInlinedFunctions.find(function); it != kInlinedFunctions.end())
    return why + it->second + "; count fs_dax_fault_handler or fs_huge_fault instead)";
  return why +
         "renamed, inlined -- static functions often are --, in a module not loaded, or not "
         "built)";
}

// The entry of `table` for the counter `name`, or nullptr.
template <typename Entry>
const Entry* entry_for(const std::vector<Entry>& table, const std::string& name) {
  for (const auto& e : table)
    if (name == e.counter) return &e;
  return nullptr;
}

ResolvedCounter resolve_pmu_logical(const EventSpec& spec, const PmuCandidates& entry) {
  ResolvedCounter r;
  r.name = spec.name;
  std::vector<std::string> tried;
  for (const char* name : entry.names) {
    std::string why;
    if (!encode_pfm_event(name, why)) {
      tried.push_back(name);
      continue;
    }
    EventSpec pfm;
    pfm.name = name;
    pfm.kind = EventKind::kPfm;
    r.sources.push_back(one_event_source(pfm, std::string("libpfm4 ") + name));
    return r;
  }
  r.unsupported = "libpfm4 has no such event for this CPU's PMUs (" + pfm_present_pmus() +
                  "; tried " + join(tried, ", ") + ")";
  return r;
}

ResolvedCounter resolve_vmstat(const EventSpec& spec, const FaultPathCounter& entry) {
  ResolvedCounter r;
  r.name = spec.name;
  std::string why;
  if (!vmstat_value(entry.vmstat, why)) {
    r.unsupported = why + ": " + entry.none_reason;
    return r;
  }
  CounterSource src;
  src.vmstat = entry.vmstat;
  src.description = std::string("/proc/vmstat ") + entry.vmstat +
                    " (system-wide: every task's, while the counters were enabled)";
  r.sources.push_back(src);
  return r;
}

ResolvedCounter resolve_fault_path(const EventSpec& spec, const FaultPathCounter& entry,
                                   TracefsCatalog& tracefs) {
  if (!entry.function) return resolve_vmstat(spec, entry);
  ResolvedCounter r;
  r.name = spec.name;
  const std::optional<bool> listed = tracefs.function_listed(entry.function);
  if (listed && !*listed) {
    r.unsupported = not_listed(entry.function) + ": " + entry.none_reason;
    return r;
  }
  CounterSource src;
  src.plus.push_back(kprobe_spec(entry.function));
  src.description = std::string("kprobe:") + entry.function;
  if (!listed) {
    src.description +=
        " (not checked against available_filter_functions: " + tracefs.function_list_error() +
        "; the kernel accepted the probe)";
  } else if (spec.name == "mmap_lock_fault_fallbacks" &&
             tracefs.function_listed("lock_vma_under_rcu") == false) {
    // No per-VMA locks (6.1): nothing falls back, every fault starts here.
    src.description +=
        " (no lock_vma_under_rcu on this kernel: no per-VMA locks, so every fault takes "
        "mmap_lock and this counts every fault)";
  }
  r.sources.push_back(src);
  return r;
}

ResolvedCounter resolve_logical(const EventSpec& spec, const std::string& fs_type,
                                TracefsCatalog& tracefs) {
  if (const PmuCandidates* pmu = entry_for(kPmuCandidates, spec.name))
    return resolve_pmu_logical(spec, *pmu);
  if (const FaultPathCounter* path = entry_for(kFaultPath, spec.name))
    return resolve_fault_path(spec, *path, tracefs);
  ResolvedCounter r;
  r.name = spec.name;
  const FsCandidates* entry = nullptr;
  for (const auto& c : kCandidates)
    if (spec.name == c.counter && fs_type == c.fs) entry = &c;
  if (!entry || entry->candidates.empty()) r.not_applicable = true;
  if (!entry) {
    r.unsupported = "on " + (fs_type.empty() ? std::string("this filesystem") : fs_type) +
                    ": daxbench knows the fault handlers of ext4 and xfs only";
    return r;
  }
  if (entry->candidates.empty()) {
    r.unsupported = std::string("on ") + entry->fs + ": " + entry->none_reason;
    return r;
  }
  std::vector<std::string> missing;
  for (const auto& cand : entry->candidates) {
    std::vector<std::string> functions = {cand.function};
    functions.insert(functions.end(), cand.minus.begin(), cand.minus.end());
    bool all_listed = true;
    bool unknown = false;
    for (const auto& f : functions) {
      const std::optional<bool> listed = tracefs.function_listed(f);
      if (!listed) {
        unknown = true;
      } else if (!*listed) {
        all_listed = false;
        missing.push_back(f);
      }
    }
    if (!all_listed) continue;
    CounterSource src;
    src.plus.push_back(kprobe_spec(cand.function));
    std::string desc = "kprobe:" + std::string(cand.function);
    for (const char* m : cand.minus) {
      src.minus.push_back(kprobe_spec(m));
      desc += " - kprobe:" + std::string(m);
    }
    if (unknown) {
      // Without the list, the kernel's refusal of an unprobeable symbol
      // decides (kernel/trace/trace_kprobe.c: create_local_trace_kprobe), so
      // every candidate is worth a try, in order.
      src.description = desc + " (not checked against available_filter_functions: " +
                        tracefs.function_list_error() + "; the kernel accepted the probe)";
      r.sources.push_back(src);
      continue;
    }
    src.description = desc;
    r.sources.push_back(src);
    return r;
  }
  if (r.sources.empty()) {
    std::vector<std::string> why;
    for (const auto& f : missing) why.push_back(not_listed(f));
    r.unsupported = "on " + fs_type + ": no candidate can be probed: " + join(why, "; ");
  }
  return r;
}

ResolvedCounter resolve_tracepoint(const EventSpec& spec, TracefsCatalog& tracefs) {
  ResolvedCounter r;
  r.name = spec.name;
  const std::string tp = spec.subsystem + ":" + spec.event;
  const TracefsCatalog::Tracepoint info = tracefs.tracepoint(spec.subsystem, spec.event);
  if (!info.exists) {
    r.unsupported = info.error;
    if (auto it = kRemovedTracepoints.find(tp); it != kRemovedTracepoints.end())
      r.unsupported += " (" + it->second + ")";
    return r;
  }
  if (!spec.filter.empty() && info.format_read) {
    std::vector<std::string> absent;
    for (const auto& f : filter_fields(spec.filter))
      if (!info.fields.count(f)) absent.push_back(f);
    if (!absent.empty()) {
      std::vector<std::string> have;
      for (const auto& f : info.fields)
        if (!f.starts_with("common_")) have.push_back(f);
      r.unsupported = "tracepoint " + tp + " has no field " + join(absent, ", ") +
                      " on this kernel, which its filter '" + spec.filter + "' needs (" +
                      tracefs.root() + "/events/" + spec.subsystem + "/" + spec.event +
                      "/format lists " + join(have, ", ") + ")";
      return r;
    }
  }
  CounterSource src;
  src.plus.push_back(spec);
  src.plus.back().tracepoint_id = info.id;
  if (!spec.symbol.empty()) {
    auto it = info.symbols.find(spec.symbol);
    if (it == info.symbols.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : info.symbols) names.push_back(n);
      r.unsupported =
          "tracepoint " + tp + " names no value '" + spec.symbol + "' on this kernel (" +
          tracefs.root() + "/events/" + spec.subsystem + "/" + spec.event +
          "/format names: " + (names.empty() ? std::string("none") : join(names, ", ")) + ")";
      return r;
    }
    src.plus.back().filter = it->second.first + " == " + std::to_string(it->second.second);
  }
  const std::string& filter = src.plus.back().filter;
  src.description = tp + (filter.empty() ? "" : " [" + filter + "]");
  r.sources.push_back(src);
  return r;
}

}  // namespace

TracefsCatalog::TracefsCatalog(std::string root, std::string why)
    : root_(std::move(root)), why_(std::move(why)) {}

std::optional<bool> TracefsCatalog::function_listed(const std::string& function) {
  if (!functions_loaded_) load_functions();
  if (!functions_error_.empty()) return std::nullopt;
  return functions_->count(function) > 0;
}

void TracefsCatalog::load_functions() {
  functions_loaded_ = true;
  if (root_.empty()) {
    functions_error_ = why_.empty() ? "tracefs not available" : why_;
    return;
  }
  // Read once per process and tracefs root: counters are opened again for
  // every call of a benchmark, and on Debian's 7.3 under TCG one read of the
  // list costs 9-17 s (55k functions; kernel/trace/ftrace.c: t_show looks up
  // each of the 7.5k module functions' symbol by a linear search). The list
  // changes only when a module is loaded, which a run does not do.
  static std::mutex cache_mutex;
  static std::map<std::string, std::pair<std::shared_ptr<const std::set<std::string>>, std::string>>
      cache;
  const std::lock_guard<std::mutex> lock(cache_mutex);
  if (const auto it = cache.find(root_); it != cache.end()) {
    functions_ = it->second.first;
    functions_error_ = it->second.second;
    return;
  }
  read_functions();
  cache[root_] = {functions_, functions_error_};
}

void TracefsCatalog::read_functions() {
  auto functions = std::make_shared<std::set<std::string>>();
  functions_ = functions;
  const std::string path = root_ + "/available_filter_functions";
  std::ifstream in(path);
  if (!in) {
    functions_error_ = "cannot read " + path + ": " + std::strerror(errno);
    return;
  }
  // "name" or "name [module]" per line.
  for (std::string line; std::getline(in, line);)
    functions->insert(line.substr(0, line.find_first_of(" \t")));
  if (in.bad()) {
    functions_error_ = "cannot read " + path + ": " + std::strerror(errno);
  } else if (functions->empty()) {
    // Lockdown or a security policy can refuse the read (EPERM) after
    // open; an empty list never is the kernel's answer.
    functions_error_ = path + " is empty or unreadable";
  }
}

TracefsCatalog::Tracepoint TracefsCatalog::tracepoint(const std::string& subsystem,
                                                      const std::string& event) const {
  Tracepoint t;
  const std::string name = subsystem + ":" + event;
  if (root_.empty()) {
    t.error = "tracepoint " + name + ": " + (why_.empty() ? "tracefs not available" : why_);
    return t;
  }
  const std::string dir = root_ + "/events/" + subsystem + "/" + event;
  int err = 0;
  const std::string id = read_all(dir + "/id", err);
  if (id.empty() || !std::isdigit(static_cast<unsigned char>(id[0]))) {
    t.error = "no tracepoint " + name + " on this kernel (" + dir +
              "/id: " + (err ? std::strerror(err) : "empty") + ")";
    return t;
  }
  t.id = std::stoull(id);
  t.exists = true;
  const std::string format = read_all(dir + "/format", err);
  if (!format.empty()) {
    t.format_read = true;
    t.fields = format_fields(format);
    t.symbols = format_symbols(format);
  }
  return t;
}

ResolvedCounter resolve_counter(const EventSpec& spec, const std::string& fs_type,
                                TracefsCatalog& tracefs) {
  switch (spec.kind) {
    case EventKind::kLogical:
      return resolve_logical(spec, fs_type, tracefs);
    case EventKind::kTracepoint:
      return resolve_tracepoint(spec, tracefs);
    case EventKind::kKprobe: {
      ResolvedCounter r;
      r.name = spec.name;
      const std::optional<bool> listed = tracefs.function_listed(spec.function);
      if (listed && !*listed) {
        r.unsupported = not_listed(spec.function);
        return r;
      }
      r.sources.push_back(one_event_source(spec, spec.name));
      if (!listed)
        r.sources.back().description +=
            " (not checked against available_filter_functions: " + tracefs.function_list_error() +
            "; the kernel accepted the probe)";
      return r;
    }
    default: {
      ResolvedCounter r;
      r.name = spec.name;
      r.sources.push_back(one_event_source(spec, ""));
      return r;
    }
  }
}

const std::vector<LogicalCounterInfo>& logical_counters() { return kLogical; }

namespace {
const LogicalCounterInfo* logical_info(const std::string& name) {
  for (const auto& l : kLogical)
    if (l.name == name) return &l;
  return nullptr;
}
}  // namespace

std::string logical_counter_stem(const std::string& name) {
  const LogicalCounterInfo* l = logical_info(name);
  return l && l->kind != LogicalKind::kFsHandler ? name : name + "_calls";
}

bool is_logical_counter(const std::string& name) { return logical_info(name) != nullptr; }

bool counted_per_page_fault(const std::string& name) {
  const LogicalCounterInfo* l = logical_info(name);
  return l && l->kind == LogicalKind::kFaultPath;
}

std::optional<uint64_t> vmstat_value(const std::string& key, std::string& why,
                                     const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    why = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  // "name value" per line (mm/vmstat.c: vmstat_show).
  std::string name;
  uint64_t value = 0;
  while (in >> name >> value)
    if (name == key) return value;
  why = path + " has no " + key;
  return std::nullopt;
}

std::map<std::string, std::pair<std::string, long long>> format_symbols(
    const std::string& format_text) {
  std::map<std::string, std::pair<std::string, long long>> out;
  const std::string marker = "__print_symbolic(REC->";
  for (size_t at = format_text.find(marker); at != std::string::npos;
       at = format_text.find(marker, at + 1)) {
    size_t i = at + marker.size();
    const size_t comma = format_text.find(',', i);
    if (comma == std::string::npos) break;
    const std::string field = format_text.substr(i, comma - i);
    // The call's extent: up to its closing parenthesis, quotes skipped.
    size_t end = at + std::strlen("__print_symbolic");
    int depth = 0;
    bool quoted = false;
    for (; end < format_text.size(); ++end) {
      const char c = format_text[end];
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) break;
    }
    // { number, "text" } pairs.
    const std::string body = format_text.substr(comma, end - comma);
    for (size_t open = body.find('{'); open != std::string::npos; open = body.find('{', open)) {
      const size_t close = body.find('}', open);
      if (close == std::string::npos) break;
      const std::string pair = body.substr(open + 1, close - open - 1);
      open = close;
      const size_t q1 = pair.find('"'), q2 = pair.rfind('"');
      if (q1 == std::string::npos || q2 <= q1) continue;
      char* num_end = nullptr;
      const long long value = std::strtoll(pair.c_str(), &num_end, 0);
      if (num_end == pair.c_str()) continue;
      std::string name;
      for (char c : pair.substr(q1 + 1, q2 - q1 - 1)) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
          name += static_cast<char>(std::tolower(u));
        } else if (!name.empty() && name.back() != '_') {
          name += '_';
        }
      }
      while (!name.empty() && name.back() == '_') name.pop_back();
      if (!name.empty()) out.emplace(name, std::make_pair(field, value));
    }
  }
  return out;
}

std::set<std::string> filter_fields(const std::string& filter) {
  std::set<std::string> out;
  size_t i = 0;
  while (i < filter.size()) {
    const unsigned char c = static_cast<unsigned char>(filter[i]);
    if (c == '"' || c == '\'') {
      const size_t close = filter.find(static_cast<char>(c), i + 1);
      i = close == std::string::npos ? filter.size() : close + 1;
    } else if (std::isdigit(c)) {
      while (i < filter.size() && std::isalnum(static_cast<unsigned char>(filter[i]))) ++i;
    } else if (std::isalpha(c) || c == '_') {
      const size_t start = i;
      while (i < filter.size() &&
             (std::isalnum(static_cast<unsigned char>(filter[i])) || filter[i] == '_'))
        ++i;
      out.insert(filter.substr(start, i - start));
    } else {
      ++i;
    }
  }
  return out;
}

std::set<std::string> format_fields(const std::string& format_text) {
  // "\tfield:unsigned long vm_start;\toffset:16;\tsize:8;\tsigned:0;"
  // "\tfield:char comm[16];..." "\tfield:__data_loc char[] name;..."
  std::set<std::string> out;
  std::istringstream in(format_text);
  for (std::string line; std::getline(in, line);) {
    const size_t at = line.find("field:");
    if (at == std::string::npos) continue;
    const size_t semi = line.find(';', at);
    if (semi == std::string::npos) continue;
    std::string decl = line.substr(at + 6, semi - at - 6);
    if (const size_t bracket = decl.find('[');
        bracket != std::string::npos && decl.find(' ', bracket) == std::string::npos)
      decl = decl.substr(0, bracket);  // "comm[16]" -> "comm"
    while (!decl.empty() && decl.back() == ' ') decl.pop_back();
    const size_t space = decl.find_last_of(" *");
    std::string name = space == std::string::npos ? decl : decl.substr(space + 1);
    if (!name.empty()) out.insert(name);
  }
  return out;
}

}  // namespace daxbench
