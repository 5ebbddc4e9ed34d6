// The workload-family interface: one file per family under workloads/, one
// registration (the way each fio ioengine is one file with one ops table).
// The scenario matrix, the harness and the reporting see only this interface.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/inode_mode.h"
#include "core/presentation.h"
#include "core/scratch.h"
#include "core/target.h"

namespace daxbench {

// How a parameter's values are written and checked.
enum class ParamKind {
  kChoice,    // one of `allowed`
  kSize,      // bytes with an optional KiB/MiB/GiB suffix ("64MiB")
  kCount,     // a positive integer
  kDuration,  // seconds with an optional ms/s suffix ("500ms", "60s")
};

struct ParamSpec {
  std::string key;  // "access"
  ParamKind kind = ParamKind::kChoice;
  std::vector<std::string> allowed;   // for kChoice
  std::vector<std::string> defaults;  // the values used when a config gives none
  std::string help;                   // one line, for --help and errors
  // In benchmark names: value alone ("write") or key:value ("populate:none").
  bool name_as_key_value = false;
  // Left out of the benchmark name (e.g. a seed that never varies).
  bool in_name = true;
};

// One point of a scenario matrix: exactly one value per parameter.
using ScenarioParams = std::map<std::string, std::string>;

class Family;

struct Scenario {
  const Family* family = nullptr;  // the family that runs it (set by the matrix)
  ScenarioParams params;           // includes "threads" and "size" when the family declares them
  InodeMode mode = InodeMode::kPageCache;
  TargetInfo target;       // the target this scenario runs on
  bool latency = false;    // --latency: per-operation timestamps into a histogram
  uint64_t seed = 1;       // --seed: for every pseudo-random choice
  std::string placement;   // NUMA placement label ("local", "remote", "cpu:0+mem:1"), "" unbound
  bool pin_tasks = false;  // --pin-tasks: worker threads/processes one per CPU (task_cpus.h)
  std::string name;        // filled by the matrix from Family::scenario_name
};

// A scenario that cannot run here, with the reason; the harness reports it
// as skipped (Google Benchmark SkipWithError) and goes on.
struct SkipScenario : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A check that failed (bytes read back differ, SIGBUS under stress, ...):
// the benchmark fails and the run exits non-zero.
struct WorkloadFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The workload calls begin()/end() around exactly what is measured; the
// harness reads the clock and enables/disables perf counters there. Several
// begin/end pairs per iteration add up.
class TimedRegion {
 public:
  virtual ~TimedRegion() = default;
  virtual void begin() = 0;
  virtual void end() = 0;
};

// Per-operation latencies in log2-spaced buckets with 8 linear sub-buckets
// each (relative error < 12.5 %), cheap enough to record inside a timed loop.
class LatencyHistogram;

// One scenario, instantiated. Constructed by Family::create, outside timing.
class Workload {
 public:
  virtual ~Workload() = default;

  // Outside timing: create the files in `dir` (the inode mode is already
  // applied to that directory), preallocate, start worker threads, and verify
  // every file's effective inode mode (verify_file_mode). Every file is
  // created and reopened relative to the directory fd (DirHandle::create_file,
  // DirFile), never by a path string (core/scratch.h says why). Throws
  // SkipScenario or WorkloadFailure / std::runtime_error.
  virtual void prepare(const DirHandle& dir) = 0;
  // The same for an existing directory given by path (tests): opened once.
  void prepare_path(const std::string& dir) { prepare(DirHandle::open(dir)); }

  // Outside timing, before each iteration (e.g. evict the page cache).
  virtual void before_iteration() {}

  // One iteration. Calls region.begin()/end() around the measured part.
  virtual void run_iteration(TimedRegion& region) = 0;

  // After the last iteration: verify what was written, stop threads. Throws
  // WorkloadFailure on a mismatch.
  virtual void finish() {}

  // Quantities of one iteration, reported per iteration and used to normalise
  // counters: e.g. {"pages_touched", 16384}, {"bytes", 67108864},
  // {"operations", 16384}. "operations" is the unit for time per operation.
  virtual std::map<std::string, double> per_iteration() const = 0;

  // Extra per-benchmark results (e.g. {"switches_effective", 97},
  // {"switches_never", 3}); reported as totals over the benchmark.
  virtual std::map<std::string, double> totals() const { return {}; }

  // Latencies recorded with --latency, or null.
  virtual const LatencyHistogram* latency() const { return nullptr; }

  // Effective inode-mode facts found in prepare(), for the results context
  // (e.g. {"effective_dax", "yes"}, {"cache", "n/a (dax)"}).
  virtual std::map<std::string, std::string> facts() const { return {}; }
};

class Family {
 public:
  virtual ~Family() = default;
  virtual std::string name() const = 0;         // "fault"
  virtual std::string description() const = 0;  // one line
  // The family a run without a config section or --family runs (one does).
  virtual bool is_default() const { return false; }
  // Parameters in name order. Families that run threads declare "threads";
  // families with a per-thread region declare "size".
  virtual std::vector<ParamSpec> params() const = 0;
  // Which inode modes make sense (others are dropped from the matrix).
  virtual bool supports_mode(InodeMode) const { return true; }
  // Adjust one matrix point before it runs, or drop it (nullopt): e.g. the page
  // cache state is irrelevant under DAX, so "cold"/"warm" collapse to "n/a".
  virtual std::optional<ScenarioParams> normalize(ScenarioParams p, InodeMode) const { return p; }
  // The same, knowing the target the point runs on (its filesystem and free
  // space; `target.path` is "" for `list` without --target): e.g. a default
  // size sweep bounded by the free space. Default: normalize(p, mode).
  virtual std::optional<ScenarioParams> normalize_for_target(ScenarioParams p, InodeMode mode,
                                                             const TargetInfo&) const {
    return normalize(std::move(p), mode);
  }
  // Refuses a matrix point this family cannot run (UsageError naming the
  // parameter and its value, without a prefix): e.g. a size that is not a
  // multiple of 2 MiB with pages=pmd. Called at matrix expansion, after
  // check_common_params, so `list` and `run` refuse alike before anything
  // is created.
  virtual void check(const ScenarioParams&) const {}
  // Bytes the scenario's files take on the target (for the free-space check).
  virtual uint64_t bytes_needed(const ScenarioParams&) const = 0;
  // The benchmark name; default: family/values.../mode/fs/threads:N/size:X.
  virtual std::string scenario_name(const Scenario&) const;
  virtual std::unique_ptr<Workload> create(const Scenario&) const = 0;
  // The events counted when --events is not given, on a target whose
  // filesystem is `fs_type` ("ext4", "xfs", "tmpfs", "" unknown), spelled as
  // --events takes them (bench/perf_events.h). Kernel-independent names:
  // logical handler counters (kFsHandlerCounters) are resolved to this
  // kernel's functions when they are opened. Default: page faults and the
  // fs_dax PTE/PMD fault tracepoints (kDaxFaultEvents).
  virtual std::vector<std::string> default_events(const std::string& fs_type) const;
  // How its results read: unit, headline counters, report plots. Written into
  // every results file (context "families"); see core/presentation.h.
  // Families start from this one, which knows the counters of
  // dax_fault_events (what every family counts by default).
  virtual FamilyPresentation presentation() const;
};

// Event names families build their default sets from (bench/perf_events.h
// parses them; tests/counters_test.cc checks that every default set of every
// family parses).
// page-faults and the fs_dax fault tracepoints, PMD split mapped/fallback,
// and the fault-path counters.
const std::vector<std::string>& dax_fault_events();
// Walks of the fault path, faults under mmap_lock and per-VMA-lock retries,
// each per page fault (handle_mm_fault_calls, mmap_lock_fault_fallbacks,
// vma_lock_retries): bench/counter_sources.cc knows what they are on each
// kernel.
const std::vector<std::string>& fault_path_counters();
// The filesystem's fault and mkwrite handlers by meaning (fs_dax_fault_handler,
// fs_page_mkwrite, fs_pfn_mkwrite, fs_huge_fault), on ext4 and xfs only:
// bench/counter_sources.cc knows which function plays each role per kernel.
const std::vector<std::string>& fs_handler_counters();
bool has_fs_handler_counters(const std::string& fs_type);
// tlb:tlb_flush split by its `reason` (arch/x86: enum tlb_flush_reason; the
// numbers are read from the event's format file when the counters open):
// remote_shootdown (a flush this thread's CPU did for another CPU's request),
// remote_ipi_send (flush IPIs it sent), local_shootdown, local_mm_shootdown,
// flush_on_task_switch, remote_wrong_cpu.
const std::vector<std::string>& tlb_flush_events();
// Appends fs_handler_counters() where the filesystem has them.
void add_fs_handler_counters(std::vector<std::string>& events, const std::string& fs_type);

// On xfs, a 2 MiB extent size hint on `dir` that the files created in it
// inherit (FS_XFLAG_EXTSZINHERIT), so their extents are 2 MiB-aligned and a
// DAX mapping can get PMDs; true if set. Other filesystems: false, nothing done.
bool set_pmd_extent_size_hint(const DirHandle& dir, const TargetInfo& target);

// Plots most families share (core/presentation.h: PlotSpec). Series keys are
// daxbench.params keys, plus "mode" and "fs_type" for daxbench.mode and
// daxbench.fs_type.
// Median time per unit (or rate, for a throughput family), one bar per inode
// mode and filesystem, one group per scenario: DAX against the page cache.
PlotSpec mode_bars_plot(const std::string& family, const std::string& what);
// Per-operation latency percentiles (daxbench.latency_ns, with --latency),
// one line per inode mode and filesystem.
PlotSpec latency_cdf_plot(const std::string& family, const std::string& what);

// The shared ends of benchmark names, for families that override
// scenario_name: "/<mode>/<fs>" and "[/placement:P]/threads:N/size:X".
std::string mode_and_fs_name(const Scenario& s);
std::string placement_threads_size_name(const Scenario& s);

// The checks every family shares, on the parameters it declares: "size" a
// whole number of 4 KiB pages, size x threads within a file offset (off_t).
// Throws UsageError without a prefix.
void check_common_params(const ScenarioParams& p);

void register_family(std::unique_ptr<Family> family);
const std::vector<const Family*>& all_families();
const Family* find_family(const std::string& name);  // null if unknown
// The one family whose is_default() is true.
const Family& default_family();

// Registers a family at start-up. The workloads library is an OBJECT library,
// so these static registrars are always linked in.
#define DAXBENCH_REGISTER_FAMILY(Class)                   \
  [[maybe_unused]] static const bool kRegistered##Class = \
      (::daxbench::register_family(std::make_unique<Class>()), true)

}  // namespace daxbench
