// fault: page-fault-heavy workload (the will-it-scale page_fault family, made
// DAX-aware). Each iteration maps a region of a prepared file, touches every
// 4 KiB page of it, and unmaps it; only mmap, the touches and munmap are
// timed. Each thread works on its own region of one shared file.
#include "workloads/fault.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/inode_mode.h"
#include "core/map_sync.h"
#include "core/region_slots.h"
#include "core/util.h"
#include "workloads/family.h"
#include "workloads/process_pool.h"
#include "workloads/task_cpus.h"
#include "workloads/worker_pool.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

namespace daxbench {
namespace {

enum class Access { kRead, kWrite, kWriteAfterRead };
enum class Pages { kPte, kPmd, kPmdMisaligned };

uint64_t page_stamp(uint64_t file_offset, uint64_t seed) {
  return fault_page_stamp(file_offset, seed);
}

// pmd and pmd-misaligned map whole 2 MiB extents (fs/dax.c:
// dax_iomap_pmd_fault needs the PMD inside i_size), so their sizes are too.
void check_fault_params(const ScenarioParams& p) {
  check_common_params(p);
  if (p.at("processes") != "1" && p.at("threads") != "1")
    throw UsageError("processes " + p.at("processes") + " and threads " + p.at("threads") +
                     ": one of them must be 1 (N processes of one thread each, or N threads "
                     "in one process)");
  ScenarioParams tasks = p;  // the file holds one region per task
  tasks["threads"] = std::to_string(std::stoull(p.at("threads")) * std::stoull(p.at("processes")));
  check_common_params(tasks);
  if (p.at("pages") != "pte" && *parse_size(p.at("size")) % kPmdSize != 0)
    throw UsageError("size " + p.at("size") +
                     " is not a multiple of 2MiB, which pages=" + p.at("pages") + " needs");
}

class FaultWorkload final : public Workload {
 public:
  explicit FaultWorkload(const Scenario& s) : scenario_(s) {
    const auto& p = s.params;
    access_ = p.at("access") == "read"    ? Access::kRead
              : p.at("access") == "write" ? Access::kWrite
                                          : Access::kWriteAfterRead;
    pages_ = p.at("pages") == "pte"   ? Pages::kPte
             : p.at("pages") == "pmd" ? Pages::kPmd
                                      : Pages::kPmdMisaligned;
    mapping_ = p.at("mapping");
    populate_ = p.at("populate") == "populate";
    cache_ = p.at("cache");
    threads_ = std::stoul(p.at("threads"));
    processes_ = std::stoul(p.at("processes"));
    tasks_ = threads_ * processes_;  // one of the two is 1 (check_fault_params)
    region_bytes_ = *parse_size(p.at("size"));
    try {
      check_fault_params(p);  // the matrix checked it already; direct create() too
    } catch (const UsageError& e) {
      throw UsageError("fault scenario " + s.name + ": " + e.what());
    }
  }

  ~FaultWorkload() override {
    pool_.stop();
    if (thp_disabled_by_us_) ::prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
  }

  void prepare(const DirHandle& dir) override {
    const bool dax_mode = expects_dax(scenario_.mode);
    if (pages_ != Pages::kPte && set_pmd_extent_size_hint(dir, scenario_.target))
      facts_["xfs_extsize_hint"] = "2MiB";
    path_ = dir.file("fault.data");
    const uint64_t total = region_bytes_ * tasks_;
    fd_ = dir.create_file("fault.data", total);
    verify_file_mode(fd_.get(), path_, scenario_.target, scenario_.mode);
    facts_["effective_dax"] = dax_mode ? "yes" : "no";

    if (mapping_ == "sync") {
      const std::string refusal = map_sync_refusal(fd_.get(), scenario_.target, dax_mode);
      if (!refusal.empty()) throw SkipScenario(refusal);
    }

    // Write the whole file once, so every iteration faults on written blocks.
    // Left as fallocated (unwritten) extents, the first iteration of each
    // instance would also pay for zeroing and extent conversion (fs/dax.c:
    // dax_iomap_pte_fault / dax_iomap_pmd_fault on IOMAP_UNWRITTEN), an outlier
    // among repetitions; cold reads would read nothing from the device. On the
    // page cache this also leaves every page resident (warm).
    fill_file(fd_.get(), total, 0);
    if (!dax_mode && cache_ == "cold") {
      const uint64_t left = evict_page_cache(fd_.get(), total);
      if (left != 0)
        throw SkipScenario("cache=cold impossible on " + scenario_.target.fs_type + ": " +
                           std::to_string(left) +
                           " pages stay resident after fsync + "
                           "POSIX_FADV_DONTNEED (on tmpfs the pages are the file)");
    }
    facts_["cache"] = dax_mode ? "bypassed (dax)" : cache_;

    if (pages_ == Pages::kPte) {
      // Force 4 KiB faults everywhere: with THP disabled for the process,
      // __handle_mm_fault never calls ->huge_fault (mm/huge_memory.c:
      // thp_vma_allowable_orders checks MMF_DISABLE_THP before vma_is_dax).
      int previous = ::prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
      if (previous == 0) {
        if (::prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0)
          throw std::system_error(errno, std::generic_category(), "prctl PR_SET_THP_DISABLE");
        thp_disabled_by_us_ = true;
      }
      facts_["huge_pages"] = "disabled (PR_SET_THP_DISABLE)";
    } else {
      if (::prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1)
        throw SkipScenario("pages=" + scenario_.params.at("pages") +
                           " impossible: THP is disabled for this process (PR_SET_THP_DISABLE)");
      facts_["huge_pages"] = pages_ == Pages::kPmd ? "2MiB-aligned address and file offset"
                                                   : "address 4KiB past a 2MiB boundary";
    }

    workers_.resize(tasks_);
    // Each task's address, fixed for the run beside spacers that keep the
    // page tables above it (core/region_slots.h): whether an iteration also
    // allocates a PMD table no longer depends on where ASLR put the region.
    const size_t misalign = pages_ == Pages::kPmdMisaligned ? kPageSize : 0;
    slots_ = RegionSlots(tasks_, region_bytes_, misalign);
    for (unsigned i = 0; i < tasks_; ++i) {
      workers_[i].file_offset = region_bytes_ * i;
      workers_[i].address = slots_.slot(i);
      workers_[i].histogram = LatencyHistogram();
    }
    cpus_ = pinned_cpus(scenario_.pin_tasks, tasks_, facts_);
    if (threads_ > 1)
      pool_.start(
          threads_, [this](unsigned i) { touch_region(workers_[i]); }, cpus_);
    if (processes_ > 1) start_processes();
  }

  void before_iteration() override {
    if (!expects_dax(scenario_.mode) && cache_ == "cold") {
      const uint64_t left = evict_page_cache(fd_.get(), region_bytes_ * tasks_);
      if (left != 0)
        throw WorkloadFailure("cache=cold: " + std::to_string(left) +
                              " pages still resident after eviction of " + path_);
    }
    // Between iterations each task's address holds a placeholder, so nothing
    // else maps there; run_iteration releases it (untimed) for the timed mmap.
    if (processes_ > 1) return;  // each child released its own (start_processes)
    slots_.reserve();
  }

  void run_iteration(TimedRegion& region) override {
    if (processes_ == 1) slots_.release();  // untimed munmap of the placeholders
    if (processes_ > 1) {
      region.begin();
      processes_pool_.run_once();
      region.end();
      for (unsigned i = 0; i < processes_; ++i) {
        const ProcessResult& r = processes_pool_.result(i);
        workers_[i].error = r.error;
        workers_[i].histogram = r.histogram;  // cumulative in the process
      }
    } else if (threads_ == 1) {
      region.begin();
      touch_region(workers_[0]);
      region.end();
    } else {
      region.begin();
      pool_.run_once();
      region.end();
    }
    for (auto& w : workers_) {
      if (!w.error.empty()) throw WorkloadFailure(w.error);
    }
    ++iterations_;
  }

  void finish() override {
    pool_.stop();
    processes_pool_.stop();
    if (iterations_ == 0 || access_ == Access::kRead) return;
    // Shared writes must be on the file; private writes must not be.
    const bool expect_written = mapping_ != "private";
    const uint64_t total = region_bytes_ * tasks_;
    for (uint64_t off = 0; off < total; off += kPageSize) {
      uint64_t found = 0;
      if (::pread(fd_.get(), &found, sizeof found, static_cast<off_t>(off)) != sizeof found)
        throw WorkloadFailure("pread " + path_ + " at " + std::to_string(off) + " failed");
      const uint64_t expected = expect_written ? page_stamp(off, scenario_.seed) : 0;
      if (found != expected) {
        char msg[256];
        std::snprintf(msg, sizeof msg, "%s: at offset %llu expected 0x%016llx, found 0x%016llx",
                      path_.c_str(), static_cast<unsigned long long>(off),
                      static_cast<unsigned long long>(expected),
                      static_cast<unsigned long long>(found));
        throw WorkloadFailure(msg);
      }
    }
    facts_["verified"] = std::to_string(total / kPageSize) + " pages read back";
  }

  std::map<std::string, double> per_iteration() const override {
    const double pages = static_cast<double>(region_bytes_ / kPageSize * tasks_);
    return {{"pages_touched", pages},
            {"bytes", static_cast<double>(region_bytes_ * tasks_)},
            {"operations", pages}};
  }

  const LatencyHistogram* latency() const override {
    if (!scenario_.latency) return nullptr;
    merged_ = LatencyHistogram();
    for (const auto& w : workers_) merged_.merge(w.histogram);
    return &merged_;
  }

  std::map<std::string, std::string> facts() const override { return facts_; }

 private:
  struct Worker {
    uint64_t file_offset = 0;
    char* address = nullptr;
    LatencyHistogram histogram;
    std::string error;
  };

  int prot() const { return access_ == Access::kRead ? PROT_READ : PROT_READ | PROT_WRITE; }
  // Without the fixed-address flag: map_at adds the one that fits.
  int flags() const {
    int f = populate_ ? MAP_POPULATE : 0;
    if (mapping_ == "shared") return f | MAP_SHARED;
    if (mapping_ == "private") return f | MAP_PRIVATE;
    return f | MAP_SHARED_VALIDATE | MAP_SYNC;
  }

  // What a worker process sends back after each job.
  struct ProcessResult {
    char error[240];
    LatencyHistogram histogram;
  };

  // N processes, each with its own address space and region: each child
  // inherits the slots and their spacers, and releases the placeholders
  // (untimed) once, so its timed mmap takes exactly its slot.
  void start_processes() {
    processes_pool_.start(
        processes_, [this](unsigned) { slots_.release(); },
        [this](unsigned i) {
          Worker& w = workers_[i];
          w.error.clear();
          touch_region(w);
          ProcessResult r{};
          std::snprintf(r.error, sizeof r.error, "%s", w.error.c_str());
          r.histogram = w.histogram;
          return r;
        },
        cpus_);
  }

  // --latency: the clock read around each page's first touch.
  void touch_timed_reads(const char* base, Worker& w) {
    uint64_t sum = 0;
    for (uint64_t off = 0; off < region_bytes_; off += kPageSize) {
      const uint64_t t0 = now_ns();
      sum += *reinterpret_cast<const volatile uint64_t*>(base + off);
      w.histogram.record(now_ns() - t0);
    }
    sink_.fetch_add(sum, std::memory_order_relaxed);
  }
  void touch_timed_writes(char* base, Worker& w) {
    for (uint64_t off = 0; off < region_bytes_; off += kPageSize) {
      const uint64_t stamp = page_stamp(w.file_offset + off, scenario_.seed);
      const uint64_t t0 = now_ns();
      *reinterpret_cast<volatile uint64_t*>(base + off) = stamp;
      w.histogram.record(now_ns() - t0);
    }
  }

  // The measured work of one thread: mmap, touch every page, munmap.
  void touch_region(Worker& w) {
    // The task's slot was released just before (untimed).
    void* addr = map_at(w.address, region_bytes_, prot(), flags(), fd_.get(),
                        static_cast<off_t>(w.file_offset));
    if (addr == MAP_FAILED) {
      w.error = std::string("mmap of ") + path_ + " failed: " + std::strerror(errno);
      return;
    }
    char* base = static_cast<char*>(addr);
    const bool reads = access_ == Access::kRead || access_ == Access::kWriteAfterRead;
    const bool writes = access_ == Access::kWrite || access_ == Access::kWriteAfterRead;
    if (!scenario_.latency) {
      // The harness's share: the loops of workloads/fault.h, one store or
      // load and three loop instructions per page, as will-it-scale's.
      if (reads) sink_.fetch_add(read_pages(base, region_bytes_), std::memory_order_relaxed);
      if (writes) write_page_stamps(base, region_bytes_, w.file_offset, scenario_.seed);
    } else {
      if (reads) touch_timed_reads(base, w);
      if (writes) touch_timed_writes(base, w);
    }
    ::munmap(addr, region_bytes_);
  }

  Scenario scenario_;
  Access access_;
  Pages pages_;
  std::string mapping_;
  bool populate_ = false;
  std::string cache_;
  unsigned threads_ = 1;
  unsigned processes_ = 1;
  unsigned tasks_ = 1;  // threads or processes, each with its own region
  uint64_t region_bytes_ = 0;
  std::string path_;
  FileDescriptor fd_;
  bool thp_disabled_by_us_ = false;
  std::vector<Worker> workers_;
  RegionSlots slots_;  // each task's address, and the spacers around them
  WorkerPool pool_;
  ProcessPool<ProcessResult> processes_pool_;
  std::vector<int> cpus_;  // --pin-tasks: the CPUs tasks are pinned to, empty unpinned
  std::atomic<uint64_t> sink_{0};
  uint64_t iterations_ = 0;
  std::map<std::string, std::string> facts_;
  mutable LatencyHistogram merged_;
};

class FaultFamily final : public Family {
 public:
  std::string name() const override { return "fault"; }
  // The family the project began with: what a run without a family runs.
  bool is_default() const override { return true; }
  std::string description() const override {
    return "mmap a file region, touch every 4 KiB page, munmap (page-fault cost)";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"access",
         ParamKind::kChoice,
         {"read", "write", "write-after-read"},
         {"write"},
         "read faults, write faults, or read then write every page (page_mkwrite/pfn_mkwrite)"},
        {"mapping",
         ParamKind::kChoice,
         {"shared", "private", "sync"},
         {"shared"},
         "MAP_SHARED, MAP_PRIVATE, or MAP_SHARED_VALIDATE|MAP_SYNC (DAX only)"},
        {"pages",
         ParamKind::kChoice,
         {"pte", "pmd", "pmd-misaligned"},
         {"pte"},
         "pte: 4 KiB faults (THP disabled); pmd: 2 MiB-aligned address and offset; "
         "pmd-misaligned: address 4 KiB off, to see fallbacks"},
        {"populate",
         ParamKind::kChoice,
         {"none", "populate"},
         {"none"},
         "MAP_POPULATE or not",
         true},
        {"cache",
         ParamKind::kChoice,
         {"cold", "warm"},
         {"warm"},
         "page cache evicted before each iteration (checked with mincore) or resident; "
         "bypassed under DAX",
         true},
        {"processes",
         ParamKind::kCount,
         {},
         {"1"},
         "processes, each with its own address space and region (threads must be 1)",
         true,
         false},
        {"threads", ParamKind::kCount, {}, {"1"}, "threads, each on its own region"},
        {"size", ParamKind::kSize, {}, {"64MiB"}, "region per thread"},
    };
  }
  // The default name, with "/processes:N" before "/threads:1" when N > 1
  // (names of one-process runs stay what they were).
  std::string scenario_name(const Scenario& s) const override {
    std::string name = Family::scenario_name(s);
    const std::string& processes = s.params.at("processes");
    if (processes == "1") return name;
    return name.insert(name.rfind("/threads:"), "/processes:" + processes);
  }
  std::optional<ScenarioParams> normalize(ScenarioParams p, InodeMode mode) const override {
    if (expects_dax(mode)) p["cache"] = "bypassed";
    return p;
  }
  void check(const ScenarioParams& p) const override { check_fault_params(p); }
  std::vector<std::string> default_events(const std::string& fs_type) const override {
    std::vector<std::string> events = {"page-faults",
                                       "dTLB-load-misses",
                                       "dTLB-store-misses",
                                       "fs_dax:dax_pte_fault_done",
                                       "fs_dax:dax_pmd_fault_done/mapped",
                                       "fs_dax:dax_pmd_fault_done/fallback",
                                       "fs_dax:dax_load_hole",
                                       "fs_dax:dax_pmd_load_hole"};
    events.insert(events.end(), fault_path_counters().begin(), fault_path_counters().end());
    add_fs_handler_counters(events, fs_type);
    events.insert(events.end(), tlb_flush_events().begin(), tlb_flush_events().end());
    return events;
  }
  FamilyPresentation presentation() const override {
    FamilyPresentation p = Family::presentation();
    p.unit = "page";
    p.unit_quantity = "pages_touched";
    // Perf counters by stem: results and readers take them in the family's
    // unit (pmd_mapped -> pmd_mapped_per_page_touched, bench/counters.h).
    // The fault-path counters are per page fault (bench/counter_sources.h:
    // counted_per_page_fault): on 6.12+ an ext4 DAX 4 KiB fault walks the
    // fault path twice and ends under mmap_lock, an xfs one once and not.
    // Three columns fit the console's 120; page_faults and pmd_fallback are
    // in the results and reports.
    p.headline_counters = {"pmd_mapped", "handle_mm_fault_calls", "mmap_lock_fault_fallbacks"};
    p.plots.push_back(mode_bars_plot(name(), "time per page touched"));
    p.plots.push_back(latency_cdf_plot(name(), "first-touch"));
    // PMD faults that mapped a 2 MiB entry and those that fell back to PTEs
    // (fs/dax.c: dax_iomap_pmd_fault), by the mapping the scenario asked for.
    for (const char* outcome : {"mapped", "fallback"}) {
      PlotSpec pmd;
      pmd.id = std::string("fault-pmd-") + outcome;
      pmd.title = std::string("PMD faults ") +
                  (outcome == std::string("mapped") ? "mapped as 2 MiB" : "fallen back to PTEs") +
                  " per page touched";
      pmd.x = "pages";
      pmd.series = {"access", "mode", "fs_type"};
      pmd.y = std::string("pmd_") + outcome;
      p.plots.push_back(pmd);
    }
    // Pages touched/s against tasks, as threads in one address space and as
    // processes (configs/scaling.ini).
    for (const char* tasks : {"threads", "processes"}) {
      PlotSpec scaling;
      scaling.id = std::string("fault-scaling-") + tasks;
      scaling.title = std::string("pages touched/s against ") + tasks;
      scaling.kind = "scaling";
      scaling.x = tasks;
      scaling.series = {"access", "pages", "mode", "fs_type"};
      scaling.where = {{tasks == std::string("threads") ? "processes" : "threads", "1"}};
      p.plots.push_back(scaling);
    }
    return p;
  }
  uint64_t bytes_needed(const ScenarioParams& p) const override {
    return *parse_size(p.at("size")) * std::stoull(p.at("threads")) *
           std::stoull(p.at("processes"));
  }
  std::unique_ptr<Workload> create(const Scenario& s) const override {
    return std::make_unique<FaultWorkload>(s);
  }
};

DAXBENCH_REGISTER_FAMILY(FaultFamily);

}  // namespace
}  // namespace daxbench
