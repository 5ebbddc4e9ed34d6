// Event names -> perf_event_attr, tracefs, and opening perf events that
// follow the workload's threads. See perf_events.h and docs/counters.md.
#include "bench/perf_events.h"

#include <perfmon/pfmlib_perf_event.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "bench/counter_sources.h"
#include "core/target.h"
#include "workloads/family.h"

namespace daxbench {
namespace {

struct NamedConfig {
  const char* name;
  uint32_t type;
  uint64_t config;
};

constexpr uint64_t cache_config(uint64_t cache, uint64_t op, uint64_t result) {
  return cache | (op << 8) | (result << 16);
}

const NamedConfig kSoftwareEvents[] = {
    {"page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN},
    {"major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ},
    {"context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
};

// perf(1)'s generic names, encoded directly: libpfm4 spells these differently
// (PERF_COUNT_HW_CACHE_DTLB:READ:MISS), and users know perf's spelling.
const NamedConfig kGenericHardwareEvents[] = {
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"dTLB-loads", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                  PERF_COUNT_HW_CACHE_RESULT_ACCESS)},
    {"dTLB-load-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"dTLB-stores", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_WRITE,
                  PERF_COUNT_HW_CACHE_RESULT_ACCESS)},
    {"dTLB-store-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_WRITE,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"iTLB-load-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_ITLB, PERF_COUNT_HW_CACHE_OP_READ,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"L1-dcache-load-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_L1D, PERF_COUNT_HW_CACHE_OP_READ,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"LLC-load-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_LL, PERF_COUNT_HW_CACHE_OP_READ,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"LLC-store-misses", PERF_TYPE_HW_CACHE,
     cache_config(PERF_COUNT_HW_CACHE_LL, PERF_COUNT_HW_CACHE_OP_WRITE,
                  PERF_COUNT_HW_CACHE_RESULT_MISS)},
};

// VM_FAULT_* bits (include/linux/mm_types.h, enum vm_fault_reason; the same
// values in 6.1 and 6.18): the `result` field of the fs_dax *_fault_done
// tracepoints. fs/dax.c: dax_iomap_pmd_fault returns VM_FAULT_NOPAGE when it
// installed a PMD, VM_FAULT_FALLBACK when the fault must be retried as PTEs
// (__handle_mm_fault then calls ->fault), and, for a MAP_SYNC write fault,
// VM_FAULT_NEEDDSYNC alone (dax_fault_synchronous_pfnp): the filesystem then
// maps the PMD in dax_finish_sync_fault, so that counts as mapped too.
constexpr unsigned kVmFaultNoPage = 0x100;
constexpr unsigned kVmFaultFallback = 0x800;
constexpr unsigned kVmFaultNeedDsync = 0x2000;

const char* const kSplits[] = {"mapped", "fallback"};

std::string split_filter(const std::string& suffix) {
  if (suffix == "mapped") return "result & " + std::to_string(kVmFaultNoPage | kVmFaultNeedDsync);
  return "result & " + std::to_string(kVmFaultFallback);
}

bool is_lower_ident(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  return true;
}

bool is_symbol(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  return true;
}

std::string unknown_event(const std::string& name, const std::string& detail) {
  return "unknown event '" + name + "'" + (detail.empty() ? "" : " (" + detail + ")") +
         ": expected a software event (page-faults, minor-faults, major-faults, "
         "context-switches, cpu-migrations), a generic hardware event (cycles, instructions, "
         "dTLB-load-misses, ...), subsystem:tracepoint[filter] or subsystem:tracepoint/mapped|"
         "fallback, kprobe:function, a handler counter (fs_dax_fault_handler, fs_page_mkwrite, "
         "fs_pfn_mkwrite, fs_huge_fault), a fault-path counter (handle_mm_fault_calls, "
         "mmap_lock_fault_fallbacks, vma_lock_retries), a TLB counter (dtlb_load_walks, "
         "dtlb_walk_cycles), or a libpfm4 event name";
}

std::once_flag g_pfm_once;
int g_pfm_status = PFM_SUCCESS;

int pfm_ready() {
  std::call_once(g_pfm_once, [] { g_pfm_status = pfm_initialize(); });
  return g_pfm_status;
}

long sys_perf_event_open(perf_event_attr* attr, pid_t pid, int cpu, int group_fd,
                         unsigned long flags) {
  return ::syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, flags);
}

std::string first_line(const std::string& path) { return read_text_file(path); }

bool is_dir(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Reason text for an errno from perf_event_open, with what it usually means.
std::string open_error(int err, const EventSpec& spec) {
  std::string why = std::strerror(err);
  switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV:
      if (spec.kind == EventKind::kHardware || spec.kind == EventKind::kPfm)
        why += " (no hardware PMU for this event here: virtual machine or unsupported CPU)";
      break;
    case EACCES:
    case EPERM: {
      const std::string paranoid = first_line("/proc/sys/kernel/perf_event_paranoid");
      why += " (kernel.perf_event_paranoid=" + paranoid +
             "; counting kernel mode needs root/CAP_PERFMON or perf_event_paranoid <= 1)";
      break;
    }
    default:
      break;
  }
  // kernel/trace/trace_kprobe.c: create_local_trace_kprobe fails (EINVAL,
  // ENOENT) when the symbol isn't in kallsyms or can't be probed.
  if (spec.kind == EventKind::kKprobe && err != EACCES && err != EPERM)
    why += " (no probe-able function '" + spec.function +
           "' in this kernel: renamed, inlined, in a module not loaded, or not built)";
  return why;
}

// subsystem:event[filter] or subsystem:event/split into `spec`.
void parse_tracepoint(const std::string& name, size_t colon, EventSpec& spec) {
  std::string rest = name.substr(colon + 1);
  std::string filter;
  if (const size_t bracket = rest.find('['); bracket != std::string::npos) {
    if (rest.back() != ']')
      throw UsageError(unknown_event(name, "a filter is written [expression]"));
    filter = rest.substr(bracket + 1, rest.size() - bracket - 2);
    rest = rest.substr(0, bracket);
    if (filter.empty()) throw UsageError(unknown_event(name, "empty filter"));
  } else if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    const std::string split = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    bool known = false;
    for (const char* s : kSplits) known |= split == s;
    if (rest.ends_with("_fault_done")) {
      if (!known) throw UsageError(unknown_event(name, "known splits: /mapped, /fallback"));
      filter = split_filter(split);
    } else if (known) {
      throw UsageError(unknown_event(
          name, "/mapped and /fallback split the `result` of the fs_dax *_fault_done events"));
    } else {
      // A value the event's format file names (tlb:tlb_flush/remote_shootdown):
      // its number and field are read from the format when it is resolved.
      if (!is_lower_ident(split) || split.find_first_of("-.") != std::string::npos)
        throw UsageError(unknown_event(name,
                                       "a split is a value named in the event's format, "
                                       "written in lower case with _"));
      spec.symbol = split;
    }
  }
  if (!is_lower_ident(rest) || rest.find('-') != std::string::npos)
    throw UsageError(unknown_event(name, "bad tracepoint name"));
  spec.kind = EventKind::kTracepoint;
  spec.subsystem = name.substr(0, colon);
  spec.event = rest;
  spec.filter = filter;
}

// The id perf_event_open wants: resolved already (counter_sources), or read
// from tracefs now.
std::optional<uint64_t> tracepoint_id(const EventSpec& spec, const TracefsMount* tracefs,
                                      std::string& why) {
  if (spec.tracepoint_id != 0) return spec.tracepoint_id;
  if (!tracefs || tracefs->root().empty()) {
    why = tracefs ? tracefs->error() : "tracefs not available";
    return std::nullopt;
  }
  const std::string dir = tracefs->root() + "/events/" + spec.subsystem + "/" + spec.event;
  const std::string text = first_line(dir + "/id");
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    why = "no tracepoint " + spec.subsystem + ":" + spec.event + " in this kernel (" + dir +
          "/id missing)";
    return std::nullopt;
  }
  return std::stoull(text);
}

}  // namespace

EventSpec parse_event_name(const std::string& name) {
  EventSpec spec;
  spec.name = name;
  if (name.empty()) throw UsageError(unknown_event(name, "empty name"));
  for (const auto& e : kSoftwareEvents) {
    if (name == e.name) {
      spec.kind = EventKind::kSoftware;
      spec.type = e.type;
      spec.config = e.config;
      return spec;
    }
  }
  for (const auto& e : kGenericHardwareEvents) {
    if (name == e.name) {
      spec.kind = EventKind::kHardware;
      spec.type = e.type;
      spec.config = e.config;
      return spec;
    }
  }
  if (is_logical_counter(name)) {
    spec.kind = EventKind::kLogical;
    return spec;
  }
  if (name.starts_with("kprobe:")) {
    spec.kind = EventKind::kKprobe;
    spec.function = name.substr(7);
    if (!is_symbol(spec.function)) throw UsageError(unknown_event(name, "bad function name"));
    return spec;
  }
  // subsystem:event, subsystem:event[filter], subsystem:event/split. Tracepoint
  // names are lower case; libpfm4 names are upper case or PMU::EVENT.
  const size_t colon = name.find(':');
  if (colon != std::string::npos && name.find("::") == std::string::npos &&
      is_lower_ident(name.substr(0, colon))) {
    parse_tracepoint(name, colon, spec);
    return spec;
  }
  // Anything else must be an event libpfm4 knows for this machine's PMUs.
  if (const int rc = pfm_ready(); rc != PFM_SUCCESS)
    throw UsageError(unknown_event(name, std::string("libpfm4 unavailable: ") + pfm_strerror(rc)));
  if (pfm_find_event(name.c_str()) < 0)
    throw UsageError(unknown_event(name, "libpfm4 knows no such event for this machine's PMUs"));
  spec.kind = EventKind::kPfm;
  return spec;
}

std::optional<perf_event_attr> encode_pfm_event(const std::string& name, std::string& why) {
  if (const int rc = pfm_ready(); rc != PFM_SUCCESS) {
    why = std::string("libpfm4: ") + pfm_strerror(rc);
    return std::nullopt;
  }
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  pfm_perf_encode_arg_t arg{};
  arg.attr = &attr;
  arg.size = sizeof(arg);
  const int rc =
      pfm_get_os_event_encoding(name.c_str(), PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
  if (rc != PFM_SUCCESS) {
    why = std::string("libpfm4 cannot encode ") + name + ": " + pfm_strerror(rc);
    return std::nullopt;
  }
  attr.size = sizeof(attr);
  return attr;
}

std::string pfm_present_pmus() {
  if (pfm_ready() != PFM_SUCCESS) return "libpfm4 unavailable";
  std::string out;
  for (int p = 0; p < PFM_PMU_MAX; ++p) {
    pfm_pmu_info_t info{};
    info.size = sizeof(info);
    if (pfm_get_pmu_info(static_cast<pfm_pmu_t>(p), &info) != PFM_SUCCESS || !info.is_present)
      continue;
    out += (out.empty() ? "" : ", ") + std::string(info.name);
  }
  return out.empty() ? "none" : out;
}

std::string counter_stem(const std::string& name) {
  struct Alias {
    const char* name;
    const char* stem;
  };
  static const Alias kAliases[] = {
      {"fs_dax:dax_pmd_fault_done/mapped", "pmd_mapped"},
      {"fs_dax:dax_pmd_fault_done/fallback", "pmd_fallback"},
      {"fs_dax:dax_pmd_fault_done", "dax_pmd_faults"},
      {"fs_dax:dax_pte_fault_done/mapped", "pte_mapped"},
      {"fs_dax:dax_pte_fault_done/fallback", "pte_fallback"},
      {"fs_dax:dax_pte_fault_done", "dax_pte_faults"},
      {"fs_dax:dax_load_hole", "dax_load_holes"},
      {"fs_dax:dax_pmd_load_hole", "dax_pmd_load_holes"},
      {"fs_dax:dax_pmd_load_hole_fallback", "dax_pmd_load_hole_fallbacks"},
      {"fs_dax:dax_insert_pfn_mkwrite", "dax_pfn_mkwrites"},
      {"fs_dax:dax_writeback_one", "dax_writebacks"},
      {"faults", "page_faults"},
      {"cs", "context_switches"},
  };
  for (const auto& a : kAliases)
    if (name == a.name) return a.stem;
  std::string base = name;
  std::string suffix;
  if (is_logical_counter(name)) return logical_counter_stem(name);
  // tlb:tlb_flush/remote_shootdown -> tlb_flush_remote_shootdown.
  if (const size_t colon = name.find(':'), slash = name.find('/');
      colon != std::string::npos && slash != std::string::npos && slash > colon &&
      name.find('[') == std::string::npos)
    base = name.substr(colon + 1);
  if (name.starts_with("kprobe:")) {
    base = name.substr(7);
    suffix = "_calls";
  }
  // "kprobe:__xfs_filemap_fault" -> "__xfs_filemap_fault_calls", not the
  // stem of xfs_filemap_fault.
  size_t leading = base.find_first_not_of('_');
  if (leading == std::string::npos) leading = 0;
  std::string out(leading, '_');
  for (char c : base) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out + suffix;
}

std::vector<std::string> default_events(const std::string& family, const std::string& fs_type) {
  // Each family says what it counts (workloads/family.h: Family::default_events).
  const Family* f = find_family(family);
  if (!f) throw UsageError("unknown family '" + family + "'");
  return f->default_events(fs_type);
}

TracefsMount::TracefsMount() {
  for (const char* candidate : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    if (is_dir(std::string(candidate) + "/events")) {
      root_ = candidate;
      how_ = std::string("system mount ") + candidate;
      return;
    }
  }
  // Not mounted: mount it where nobody else sees it. /sys/kernel/tracing is
  // the directory tracefs provides for itself (fs/tracefs/inode.c:
  // tracefs_init creates it in sysfs), so it exists whenever tracefs does.
  if (!is_dir("/sys/kernel/tracing")) {
    error_ = "no tracefs in this kernel (/sys/kernel/tracing missing: CONFIG_TRACING off?)";
    return;
  }
  private_ = std::make_unique<PrivateMounts>(std::vector<PrivateMountRequest>{
      {"tracefs", "/sys/kernel/tracing", MS_NOSUID | MS_NODEV | MS_NOEXEC}});
  if (!private_->ok(0)) {
    error_ = "tracefs not mounted, and " + private_->error(0) +
             " (run as root, or mount it: mount -t tracefs nodev /sys/kernel/tracing)";
    private_.reset();
    return;
  }
  root_ = private_->path("/sys/kernel/tracing");
  how_ = "private mount namespace (helper pid " + std::to_string(private_->pid()) + ")";
}

TracefsMount::~TracefsMount() = default;

std::optional<PerfEvent> open_perf_event(const EventSpec& spec, int group_fd,
                                         const TracefsMount* tracefs, std::string& why) {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  PerfEvent ev;
  ev.name = spec.name;
  switch (spec.kind) {
    case EventKind::kSoftware:
    case EventKind::kHardware:
      attr.type = spec.type;
      attr.config = spec.config;
      break;
    case EventKind::kPfm: {
      const std::optional<perf_event_attr> encoded = encode_pfm_event(spec.name, why);
      if (!encoded) return std::nullopt;
      attr = *encoded;
      break;
    }
    case EventKind::kTracepoint: {
      if (!spec.symbol.empty() && spec.filter.empty()) {
        why = "split /" + spec.symbol + " not resolved against the event's format file";
        return std::nullopt;
      }
      const std::optional<uint64_t> id = tracepoint_id(spec, tracefs, why);
      if (!id) return std::nullopt;
      attr.type = PERF_TYPE_TRACEPOINT;
      attr.config = *id;
      break;
    }
    case EventKind::kLogical:
      why = "a logical counter is opened through the kprobes it resolves to";
      return std::nullopt;
    case EventKind::kKprobe: {
      const std::string type = first_line("/sys/bus/event_source/devices/kprobe/type");
      if (type.empty()) {
        why =
            "no kprobe PMU (/sys/bus/event_source/devices/kprobe/type missing: kernel without "
            "CONFIG_KPROBE_EVENTS)";
        return std::nullopt;
      }
      attr.type = static_cast<uint32_t>(std::stoul(type));
      ev.kprobe_function = std::make_unique<std::string>(spec.function);
      attr.config1 = reinterpret_cast<uintptr_t>(ev.kprobe_function->c_str());  // kprobe_func
      attr.config2 = 0;                                                         // probe_offset
      break;
    }
  }
  // Kernel and user mode: the costs DAX changes are in the kernel.
  attr.exclude_kernel = 0;
  attr.exclude_user = 0;
  attr.exclude_hv = 1;
  attr.disabled = 1;
  // Threads the workload creates after this call get their own child event,
  // enabled/disabled with the parent and summed into its reads.
  attr.inherit = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  const long fd = sys_perf_event_open(&attr, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) {
    why = open_error(errno, spec);
    return std::nullopt;
  }
  ev.fd.reset(static_cast<int>(fd));
  if (spec.kind == EventKind::kTracepoint && !spec.filter.empty()) {
    // Only the parent event holds the filter; inherited children use it
    // (kernel/events/core.c: perf_tp_filter_match looks at event->parent).
    if (::ioctl(ev.fd.get(), PERF_EVENT_IOC_SET_FILTER, spec.filter.c_str()) != 0) {
      why = std::string("filter '") + spec.filter + "' rejected: " + std::strerror(errno) +
            " (field names are in " + (tracefs ? tracefs->root() : std::string("<tracefs>")) +
            "/events/" + spec.subsystem + "/" + spec.event + "/format)";
      return std::nullopt;
    }
  }
  return ev;
}

PerfValue read_perf_event(int fd) {
  uint64_t buf[3] = {0, 0, 0};
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n != static_cast<ssize_t>(sizeof buf))
    throw std::system_error(n < 0 ? errno : EIO, std::generic_category(), "read perf event");
  return PerfValue{buf[0], buf[1], buf[2]};
}

}  // namespace daxbench
