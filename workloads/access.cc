// access: what a mapping costs after its faults. The region is mapped and
// faulted in outside timing, the page sizes the kernel really used are
// checked (/proc/self/smaps, or the fault count where smaps does not see DAX
// pages), and then only the accesses are timed: a dependent pointer chase
// (latency: every access can miss the TLB and wait for the page walk),
// independent random loads (throughput), or a sequential walk. One cache
// line per 4 KiB page, so with 4 KiB PTEs every access needs its own TLB
// entry and with 2 MiB PMDs 512 accesses share one.
#include "workloads/access.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/inode_mode.h"
#include "core/util.h"
#include "workloads/family.h"
#include "workloads/process_pool.h"
#include "workloads/task_cpus.h"

namespace daxbench {

namespace {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<uint32_t> access_chase_successors(uint64_t pages, uint64_t seed) {
  std::vector<uint32_t> next(pages);
  for (uint64_t i = 0; i < pages; ++i) next[i] = static_cast<uint32_t>(i);
  // Sattolo: swapping each slot only with an earlier one (j < i, never j ==
  // i) leaves a single cycle.
  uint64_t state = seed;
  for (uint64_t i = pages - 1; i > 0; --i) {
    const uint64_t j = splitmix64(state) % i;
    std::swap(next[i], next[j]);
  }
  return next;
}

namespace {

enum class Pattern { kChase, kRandom, kSeq };

constexpr uint64_t kMaxWorkingSet = 1024 * kGiB;  // page indices fit 32 bits with room
// An iteration goes round the working set as many whole times as it takes
// to make at least this many accesses (~1-300 ms), so what the harness does
// between iterations (clock reads, Google Benchmark's loop) is a negligible
// share of the cache and TLB state a small working set sees.
constexpr uint64_t kMinAccessesPerIteration = uint64_t{1} << 20;

void check_access_params(const ScenarioParams& p) {
  const std::string& ws_text = p.at("working_set");
  const auto ws = parse_size(ws_text);
  if (!ws) throw UsageError("working_set '" + ws_text + "' is not a size");
  if (*ws % kPageSize != 0)
    throw UsageError("working_set " + ws_text + " is not a multiple of 4KiB (whole pages)");
  if (*ws < 2 * kPageSize)
    throw UsageError("working_set " + ws_text + " is less than 2 pages: a chase needs at least 2");
  if (*ws > kMaxWorkingSet) throw UsageError("working_set " + ws_text + " is more than 1TiB");
  const uint64_t processes = std::stoull(p.at("processes"));
  if (processes > 16 * kMaxWorkingSet / *ws)
    throw UsageError("working_set " + ws_text + " x processes " + p.at("processes") +
                     " is more than 16TiB");
  if (p.at("pages") == "pmd" && *ws % kPmdSize != 0)
    throw UsageError("working_set " + ws_text +
                     " is not a multiple of 2MiB, which pages=pmd needs");
}

// The smaps fields of the VMAs covering [start, start+length), summed (the
// kernel may split a mapping into several VMAs).
struct SmapsSizes {
  uint64_t rss_kib = 0;
  uint64_t anon_huge_kib = 0;  // AnonHugePages
  uint64_t file_pmd_kib = 0;   // FilePmdMapped
  uint64_t shmem_pmd_kib = 0;  // ShmemPmdMapped (tmpfs files)
  bool found = false;
  unsigned vmas = 0;
  uint64_t pmd_kib() const { return anon_huge_kib + file_pmd_kib + shmem_pmd_kib; }
};

SmapsSizes read_smaps(const char* start, uint64_t length) {
  SmapsSizes s;
  std::FILE* f = std::fopen("/proc/self/smaps", "r");
  if (f == nullptr) return s;
  const uintptr_t lo_want = reinterpret_cast<uintptr_t>(start);
  const uintptr_t hi_want = lo_want + length;
  char line[512];
  bool inside = false;
  while (std::fgets(line, sizeof line, f)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
      inside = lo < hi_want && hi > lo_want;
      s.found |= inside;
      s.vmas += inside ? 1 : 0;
      continue;
    }
    if (!inside) continue;
    unsigned long v = 0;
    if (std::sscanf(line, "Rss: %lu kB", &v) == 1) s.rss_kib += v;
    if (std::sscanf(line, "AnonHugePages: %lu kB", &v) == 1) s.anon_huge_kib += v;
    if (std::sscanf(line, "FilePmdMapped: %lu kB", &v) == 1) s.file_pmd_kib += v;
    if (std::sscanf(line, "ShmemPmdMapped: %lu kB", &v) == 1) s.shmem_pmd_kib += v;
  }
  std::fclose(f);
  return s;
}

std::string first_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line.empty() ? "unreadable" : line;
}

// Page faults of this thread while it lives (a software event: no PMU
// needed). Used to see the page sizes of a DAX mapping where smaps cannot.
class FaultCounter {
 public:
  FaultCounter() {
    perf_event_attr attr{};
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_PAGE_FAULTS;
    // User faults are counted with the user's registers
    // (arch/x86/mm/fault.c: perf_sw_event in do_user_addr_fault), so
    // excluding kernel mode loses none and needs no perf_event_paranoid <= 1.
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    const long fd = ::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
      error_ = std::string("perf_event_open(page-faults): ") + std::strerror(errno);
    } else {
      fd_.reset(static_cast<int>(fd));
    }
  }
  bool ok() const { return fd_.valid(); }
  const std::string& error() const { return error_; }
  uint64_t read() const {
    uint64_t v = 0;
    if (::read(fd_.get(), &v, sizeof v) != sizeof v) return 0;
    return v;
  }

 private:
  FileDescriptor fd_;
  std::string error_;
};

// One access per page, to the second word of its line, pages in the order
// `page_at(k)` gives, `laps` times round; load or store is decided at compile time, so the timed
// loop holds only the order and the access.
template <bool kStore, class PageAt>
uint64_t touch_lines(char* base, uint64_t pages, uint64_t laps, PageAt page_at,
                     TimedRegion& region) {
  uint64_t sum = 0;
  region.begin();
  for (uint64_t lap = 0; lap < laps; ++lap)
    for (uint64_t k = 0; k < pages; ++k) {
      const uint64_t page = page_at(k);
      auto* word = reinterpret_cast<volatile uint64_t*>(base + page * kPageSize +
                                                        access_line_offset(page) + 8);
      if constexpr (kStore) {
        *word = k;
      } else {
        sum += *word;
      }
    }
  region.end();
  return sum;
}

class AccessWorkload final : public Workload {
 public:
  explicit AccessWorkload(const Scenario& s) : scenario_(s) {
    try {
      check_access_params(s.params);  // the matrix checked it already; direct create() too
    } catch (const UsageError& e) {
      throw UsageError("access scenario " + s.name + ": " + e.what());
    }
    const auto& p = s.params;
    pattern_ = p.at("pattern") == "chase"    ? Pattern::kChase
               : p.at("pattern") == "random" ? Pattern::kRandom
                                             : Pattern::kSeq;
    store_ = p.at("op") == "store";
    pmd_ = p.at("pages") == "pmd";
    anon_ = p.at("backing") == "anon";
    bytes_ = *parse_size(p.at("working_set"));
    pages_ = bytes_ / kPageSize;
    processes_ = static_cast<unsigned>(std::stoul(p.at("processes")));
    accesses_ = (kMinAccessesPerIteration + pages_ - 1) / pages_ * pages_;
  }

  ~AccessWorkload() override {
    pool_.stop();
    mapping_.reset();
    if (thp_disabled_by_us_) ::prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
  }

  void prepare(const DirHandle& dir) override {
    set_huge_page_policy();
    if (anon_) {
      facts_["backing"] = "anonymous memory (MAP_PRIVATE|MAP_ANONYMOUS): the DRAM reference";
    } else {
      prepare_file(dir);
    }
    const char* lab = std::getenv("DAXBENCH_LAB");
    facts_["tlb"] = lab != nullptr && *lab != '\0'
                        ? "no hardware TLB: emulated (QEMU lab: " + std::string(lab) + ")"
                        : "hardware";
    if (processes_ == 1) {
      map_and_check(0);
      return;
    }
    // Each process maps, faults in and checks its own region in its own
    // address space: the first round of jobs, untimed.
    pool_.start(
        processes_, [](unsigned) {}, [this](unsigned i) { return process_job(i); },
        pinned_cpus(scenario_.pin_tasks, processes_, facts_));
    pool_.run_once();
    take_process_results();
    const ProcessResult& first = pool_.result(0);
    facts_["pmd_mapped"] =
        std::string(first.pmd_mapped) + " in each of " + std::to_string(processes_) + " processes";
    facts_["pmd_mapped_bytes"] = first.pmd_mapped_bytes;
    facts_["page_size_source"] = first.source;
  }

  void run_iteration(TimedRegion& region) override {
    if (processes_ == 1) return access_once(region);
    region.begin();
    pool_.run_once();
    region.end();
    take_process_results();
  }

  std::map<std::string, double> per_iteration() const override {
    const double n = static_cast<double>(accesses_ * processes_);
    return {{"accesses", n}, {"operations", n}, {"laps", static_cast<double>(accesses_ / pages_)}};
  }

  std::map<std::string, std::string> facts() const override { return facts_; }

 private:
  // What a worker process sends back after each job: kind 0 ok, 1 skip,
  // 2 failure, with the text; after the first job, what it mapped.
  struct ProcessResult {
    int kind;
    char text[480];
    char pmd_mapped[64];
    char pmd_mapped_bytes[32];
    char source[160];
  };

  // In a worker process: the first job maps and checks its region, the
  // others make one iteration's accesses (timed by the parent, around all).
  ProcessResult process_job(unsigned i) {
    ProcessResult r{};
    auto put = [](char* to, size_t size, const std::string& text) {
      std::snprintf(to, size, "%s", text.c_str());
    };
    try {
      if (!child_ready_) {
        map_and_check(i);
        child_ready_ = true;
        put(r.pmd_mapped, sizeof r.pmd_mapped, facts_["pmd_mapped"]);
        put(r.pmd_mapped_bytes, sizeof r.pmd_mapped_bytes, facts_["pmd_mapped_bytes"]);
        put(r.source, sizeof r.source, facts_["page_size_source"]);
      } else {
        struct Untimed final : TimedRegion {
          void begin() override {}
          void end() override {}
        } untimed;
        access_once(untimed);
      }
    } catch (const SkipScenario& e) {
      r.kind = 1;
      put(r.text, sizeof r.text, e.what());
    } catch (const std::exception& e) {
      r.kind = 2;
      put(r.text, sizeof r.text, e.what());
    }
    return r;
  }

  void take_process_results() {
    for (unsigned i = 0; i < processes_; ++i) {
      const ProcessResult& r = pool_.result(i);
      if (r.kind == 1) throw SkipScenario(r.text);
      if (r.kind == 2)
        throw WorkloadFailure("process " + std::to_string(i + 1) + " of " +
                              std::to_string(processes_) + ": " + r.text);
    }
  }

  // Maps region `index` of the file (or fresh anonymous memory) at a 2 MiB-
  // aligned address, faults it in and checks its page sizes and chain.
  void map_and_check(unsigned index) {
    Mapping reservation = reserve_aligned(bytes_, kPmdSize);
    char* want = reservation.data();
    reservation.reset();
    if (anon_) {
      map(want, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "anonymous memory");
      // MADV_HUGEPAGE asks for THP where enabled=madvise; MADV_NOHUGEPAGE
      // keeps khugepaged from collapsing a pte reference later.
      if (::madvise(mapping_.data(), bytes_, pmd_ ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) != 0)
        throw WorkloadFailure(std::string("madvise(") +
                              (pmd_ ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE") +
                              ") refused: " + std::strerror(errno));
    } else {
      map(want, MAP_SHARED, fd_.get(), bytes_ * index, path_);
    }
    fault_in();
    check_page_sizes();
    if (pattern_ == Pattern::kChase) check_chase_cycle();
  }

  void access_once(TimedRegion& region) {
    char* const base = mapping_.data();
    uint64_t result = 0;
    switch (pattern_) {
      case Pattern::kChase: {
        // Each load's address is the previous load's value: one access at a
        // time, its full latency (TLB miss, page walk, cache miss) exposed.
        const char* p = base + access_line_offset(0);
        region.begin();
        if (store_) {
          for (uint64_t k = 0; k < accesses_; ++k) {
            const char* next = *reinterpret_cast<const char* const*>(p);
            // A store to the line just loaded (its second word): the
            // store waits for the address, the next load for nothing else.
            *reinterpret_cast<uint64_t*>(const_cast<char*>(p) + 8) = k;
            p = next;
          }
        } else {
          for (uint64_t k = 0; k < accesses_; ++k) p = *reinterpret_cast<const char* const*>(p);
        }
        region.end();
        // A cycle of exactly pages_ steps, gone round a whole number of
        // times, ends where it began: the count of accesses is exact.
        if (p != base + access_line_offset(0))
          throw WorkloadFailure("access: the chase did not return to its start after " +
                                std::to_string(accesses_) + " loads (the chain in " + where() +
                                " was overwritten)");
        result = reinterpret_cast<uintptr_t>(p);
        break;
      }
      case Pattern::kRandom: {
        // Independent loads at seeded pseudo-random pages (an LCG; the page
        // is the high half scaled to pages_, no division): many in flight.
        uint64_t x = scenario_.seed * 0x9E3779B97F4A7C15ull + iterations_;
        const uint64_t n = pages_;
        auto random_page = [x, n](uint64_t) mutable {
          x = x * 6364136223846793005ull + 1442695040888963407ull;
          return ((x >> 32) * n) >> 32;
        };
        result = store_ ? touch_lines<true>(base, pages_, accesses_ / pages_, random_page, region)
                        : touch_lines<false>(base, pages_, accesses_ / pages_, random_page, region);
        break;
      }
      case Pattern::kSeq: {
        auto in_order = [](uint64_t k) { return k; };
        result = store_ ? touch_lines<true>(base, pages_, accesses_ / pages_, in_order, region)
                        : touch_lines<false>(base, pages_, accesses_ / pages_, in_order, region);
        break;
      }
    }
    sink_.fetch_add(result, std::memory_order_relaxed);
    ++iterations_;
  }

  std::string where() const { return anon_ ? std::string("anonymous memory") : path_; }

  // pages=pte: no huge page anywhere in the process while it runs (as the
  // fault family does: with MMF_DISABLE_THP, mm/huge_memory.c:
  // thp_vma_allowable_orders refuses PMDs for file, DAX and anonymous VMAs).
  void set_huge_page_policy() {
    const int previous = ::prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
    if (!pmd_) {
      if (previous == 0) {
        if (::prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0)
          throw std::system_error(errno, std::generic_category(), "prctl PR_SET_THP_DISABLE");
        thp_disabled_by_us_ = true;
      }
      facts_["huge_pages"] = "disabled (PR_SET_THP_DISABLE)";
      return;
    }
    if (previous == 1)
      throw SkipScenario(
          "pages=pmd impossible: THP is disabled for this process "
          "(PR_SET_THP_DISABLE)");
    if (anon_) {
      const std::string enabled = first_line_of("/sys/kernel/mm/transparent_hugepage/enabled");
      if (enabled.find("[never]") != std::string::npos)
        throw WorkloadFailure(
            "access pages=pmd on anonymous memory: transparent_hugepage/enabled is " + enabled +
            ", so MADV_HUGEPAGE gets no huge page; echo madvise > "
            "/sys/kernel/mm/transparent_hugepage/enabled or drop pages=pmd");
    }
    facts_["huge_pages"] =
        anon_ ? "MADV_HUGEPAGE, 2MiB-aligned" : "2MiB-aligned address and file offset";
  }

  void prepare_file(const DirHandle& dir) {
    if (pmd_ && set_pmd_extent_size_hint(dir, scenario_.target))
      facts_["xfs_extsize_hint"] = "2MiB";
    path_ = dir.file("access.data");
    fd_ = dir.create_file("access.data", bytes_ * processes_);
    verify_file_mode(fd_.get(), path_, scenario_.target, scenario_.mode);
    dax_ = expects_dax(scenario_.mode);
    facts_["effective_dax"] = dax_ ? "yes" : "no";
    // Written once, so no access meets an unwritten extent; on the page
    // cache this also leaves every page resident.
    fill_file(fd_.get(), bytes_ * processes_, 0);
    facts_["cache"] = dax_ ? "bypassed (dax)" : "warm (every page resident)";
  }

  void map(char* at, int flags, int fd, uint64_t offset, const std::string& what) {
    void* addr = ::mmap(at, bytes_, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd,
                        static_cast<off_t>(offset));
    if (addr == MAP_FAILED)
      throw std::system_error(errno, std::generic_category(), "mmap of " + what);
    mapping_ = Mapping(addr, bytes_);
  }

  // Every page written once (a read fault on anonymous memory would map the
  // shared zero page), with the chase's pointer where the chase goes: the
  // line of page i holds the address of its successor's line.
  void fault_in() {
    char* const base = mapping_.data();
    std::vector<uint32_t> next;
    if (pattern_ == Pattern::kChase) next = access_chase_successors(pages_, scenario_.seed);
    FaultCounter faults;
    const uint64_t before = faults.ok() ? faults.read() : 0;
    for (uint64_t page = 0; page < pages_; ++page) {
      char* line = base + page * kPageSize + access_line_offset(page);
      uint64_t value = page;
      if (pattern_ == Pattern::kChase)
        value = reinterpret_cast<uintptr_t>(base + uint64_t{next[page]} * kPageSize +
                                            access_line_offset(next[page]));
      *reinterpret_cast<volatile uint64_t*>(line) = value;
    }
    if (faults.ok()) {
      fault_in_faults_ = faults.read() - before;
      facts_["fault_in_page_faults"] = std::to_string(fault_in_faults_);
    } else {
      fault_count_error_ = faults.error();
    }
  }

  // What the kernel mapped, from smaps; where smaps does not account the
  // pages (DAX before 6.15: vm_normal_page returns no page for a devmap
  // entry, so smaps_pte_entry/smaps_pmd_entry skip it and Rss stays 0), from
  // the faults of the write pass: a 4 KiB fault maps one page and a PMD
  // fault 512, and DAX has no fault-around, so faults = ptes + pmds and
  // pages = ptes + 512 * pmds.
  void check_page_sizes() {
    SmapsSizes s = read_smaps(mapping_.data(), bytes_);
    if (!s.found) throw WorkloadFailure("access: the mapping is not in /proc/self/smaps");
    // Automatic NUMA balancing (kernel.numa_balancing=1, e.g. the lab's
    // two-node guest) makes ranges PROT_NONE behind our back to sample
    // accesses (kernel/sched/fair.c: task_numa_work), and smaps then skips
    // those entries: Rss falls short of what is mapped. A read of every page
    // takes the hinting faults back; a few rounds, then the count stands.
    // (It skips VM_MIXEDMAP, so DAX mappings are never affected.)
    const std::string balancing = first_line_of("/proc/sys/kernel/numa_balancing");
    facts_["numa_balancing"] = balancing;
    for (int round = 1; round <= 4 && !dax_ && s.rss_kib * kKiB < bytes_; ++round) {
      uint64_t sum = 0;
      for (uint64_t page = 0; page < pages_; ++page)
        sum += *reinterpret_cast<volatile uint64_t*>(mapping_.data() + page * kPageSize +
                                                     access_line_offset(page));
      sink_.fetch_add(sum, std::memory_order_relaxed);
      s = read_smaps(mapping_.data(), bytes_);
      facts_["smaps_rereads"] = std::to_string(round);
    }
    uint64_t pmd_bytes = 0;
    std::string source;
    // smaps shows no DAX PMD mapping on any kernel we know: before the 6.15
    // folio rework DAX pages were not in Rss at all; since, they are, but
    // fs/proc/task_mmu.c smaps_pmd_entry skips ZONE_DEVICE folios for
    // FilePmdMapped (7.3). A DAX file's 0 FilePmdMapped is no evidence.
    const bool smaps_shows_pmds = s.rss_kib * kKiB >= bytes_ && !(dax_ && s.pmd_kib() == 0);
    if (smaps_shows_pmds) {
      pmd_bytes = s.pmd_kib() * kKiB;
      source = "/proc/self/smaps (" + std::string(anon_ ? "AnonHugePages" : "FilePmdMapped") +
               (!anon_ && !dax_ ? "/ShmemPmdMapped" : "") + ")";
    } else if (dax_ && fault_count_error_.empty()) {
      // A fault may also be retried (the lab's ext4 took 16397 for 16384
      // pages at 4 KiB): a few extra faults each, far fewer than the 511
      // one PMD saves, so the count is rounded to whole PMDs.
      const uint64_t f = fault_in_faults_;
      const uint64_t max_pmds = bytes_ / kPmdSize;
      uint64_t pmds = 0;
      if (f < pages_) {
        pmds = static_cast<uint64_t>(std::llround(static_cast<double>(pages_ - f) / 511.0));
        if (pmds > max_pmds)
          throw WorkloadFailure("access: cannot tell the page sizes of " + path_ +
                                ": the write pass took " + std::to_string(f) + " faults for " +
                                std::to_string(pages_) + " pages, fewer than one per 2 MiB");
      }
      pmd_bytes = pmds * kPmdSize;
      source =
          "page faults of the write pass (smaps does not show DAX PMD mappings on this kernel)";
    } else {
      throw WorkloadFailure(
          "access: cannot tell the page sizes of " + where() + ": smaps shows " +
          std::to_string(s.rss_kib) + " kB of " + std::to_string(bytes_ / kKiB) + " kB resident (" +
          std::to_string(s.vmas) + " VMAs, AnonHugePages " + std::to_string(s.anon_huge_kib) +
          " kB, write pass " + std::to_string(fault_in_faults_) +
          " faults; kernel.numa_balancing=" + balancing + ")" +
          (fault_count_error_.empty() ? ""
                                      : " and faults cannot be counted: " + fault_count_error_));
    }
    facts_["pmd_mapped_bytes"] = std::to_string(pmd_bytes);
    facts_["pmd_mapped"] = format_size(pmd_bytes) + " of " + format_size(bytes_);
    facts_["page_size_source"] = source;
    if (!pmd_) {
      if (pmd_bytes != 0)
        throw WorkloadFailure("access pages=pte: " + format_size(pmd_bytes) + " of " + where() +
                              " is mapped by PMDs although THP is disabled for the process (" +
                              source + ")");
      return;
    }
    if (pmd_bytes == bytes_) return;
    const std::string got =
        format_size(pmd_bytes) + " of " + format_size(bytes_) + " mapped by PMDs (" + source + ")";
    if (anon_)
      throw WorkloadFailure("access pages=pmd on anonymous memory: " + got +
                            ": no free 2 MiB pages (fragmented memory; transparent_hugepage/"
                            "defrag is " +
                            first_line_of("/sys/kernel/mm/transparent_hugepage/defrag") + ")");
    if (dax_)
      throw WorkloadFailure(
          "access pages=pmd on " + path_ + ": " + got +
          ": fs/dax.c maps a PMD only for a 2 MiB-aligned, 2 MiB-long written extent on a "
          "namespace with 2 MiB alignment and 4 KiB filesystem blocks; `daxbench pmd-check " +
          path_ + "` checks each condition");
    // The page cache maps PMDs only from 2 MiB folios, which depend on the
    // filesystem and kernel (tmpfs: shmem_enabled; ext4/xfs: large folios):
    // a fact of this kernel, not a fault of the run.
    throw SkipScenario("pages=pmd on the page cache of " + scenario_.target.fs_type + ": " + got +
                       ": the kernel gave no 2 MiB folios here (shmem_enabled: " +
                       first_line_of("/sys/kernel/mm/transparent_hugepage/shmem_enabled") +
                       "; ext4/xfs need large-folio support for PMD-mapped page cache)");
  }

  // Untimed: following the chain visits every page once and comes back.
  void check_chase_cycle() const {
    const char* const start = mapping_.data() + access_line_offset(0);
    const char* p = start;
    for (uint64_t k = 1; k <= pages_; ++k) {
      p = *reinterpret_cast<const char* const*>(p);
      if (p == start && k != pages_)
        throw WorkloadFailure("access: the chase closes after " + std::to_string(k) + " of " +
                              std::to_string(pages_) + " pages");
    }
    if (p != start)
      throw WorkloadFailure("access: the chase does not return to its start after " +
                            std::to_string(pages_) + " pages");
  }

  Scenario scenario_;
  Pattern pattern_ = Pattern::kChase;
  bool store_ = false;
  bool pmd_ = false;
  bool anon_ = false;
  bool dax_ = false;
  uint64_t bytes_ = 0;
  uint64_t pages_ = 0;
  uint64_t accesses_ = 0;  // per iteration: a whole number of laps of pages_
  std::string path_;
  FileDescriptor fd_;
  Mapping mapping_;
  bool thp_disabled_by_us_ = false;
  uint64_t fault_in_faults_ = 0;
  std::string fault_count_error_;
  uint64_t iterations_ = 0;
  std::atomic<uint64_t> sink_{0};
  std::map<std::string, std::string> facts_;
  unsigned processes_ = 1;
  bool child_ready_ = false;  // in a worker process: its region is mapped
  ProcessPool<ProcessResult> pool_;
};

class AccessFamily final : public Family {
 public:
  std::string name() const override { return "access"; }
  std::string description() const override {
    return "loads/stores through a faulted-in mapping (pte or pmd, file or anonymous): ns per "
           "access, TLB misses and page walks";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"pattern",
         ParamKind::kChoice,
         {"chase", "random", "seq"},
         {"chase"},
         "chase: dependent loads through a seeded random cycle of pages (latency); random: "
         "independent random loads (throughput); seq: pages in address order"},
        {"op", ParamKind::kChoice, {"load", "store"}, {"load"}, "load, or store to the line"},
        {"pages",
         ParamKind::kChoice,
         {"pte", "pmd"},
         {"pte", "pmd"},
         "pte: 4 KiB mappings (THP disabled); pmd: 2 MiB mappings, checked in smaps"},
        {"backing",
         ParamKind::kChoice,
         {"file", "anon"},
         {"file", "anon"},
         "the file in the target, and/or anonymous memory (ref/anon: once per parameter point "
         "whatever the modes; pmd = MADV_HUGEPAGE)",
         false,
         false},
        {"processes",
         ParamKind::kCount,
         {},
         {"1"},
         "processes, each mapping its own region (of the file, or its own anonymous memory) "
         "in its own address space, released together",
         true,
         false},
        {"working_set",
         ParamKind::kSize,
         {},
         {"4MiB", "16MiB", "64MiB", "256MiB", "1GiB"},
         "bytes mapped and accessed, one cache line per 4 KiB page (sizes the target's free "
         "space cannot hold are left out)",
         true},
    };
  }
  void check(const ScenarioParams& p) const override { check_access_params(p); }
  std::optional<ScenarioParams> normalize_for_target(ScenarioParams p, InodeMode,
                                                     const TargetInfo& target) const override {
    // The sweep stops at what the target can hold (the run's free-space
    // check keeps the same margin: 1/16 plus 16 MiB).
    if (p.at("backing") == "file" && !target.path.empty()) {
      const uint64_t ws = *parse_size(p.at("working_set")) * std::stoull(p.at("processes"));
      if (ws + ws / 16 + 16 * kMiB > target.free_bytes) return std::nullopt;
    }
    return p;
  }
  uint64_t bytes_needed(const ScenarioParams& p) const override {
    if (p.at("backing") == "anon") return 0;
    return *parse_size(p.at("working_set")) * std::stoull(p.at("processes"));
  }
  // access/chase/load/pmd/dax-inode/xfs/working_set:64MiB; the anonymous
  // reference puts ref/anon where mode and filesystem go.
  std::string scenario_name(const Scenario& s) const override {
    const auto& p = s.params;
    std::string name =
        this->name() + "/" + p.at("pattern") + "/" + p.at("op") + "/" + p.at("pages");
    name += p.at("backing") == "anon" ? "/ref/anon" : mode_and_fs_name(s);
    if (!s.placement.empty()) name += "/placement:" + s.placement;
    if (p.at("processes") != "1") name += "/processes:" + p.at("processes");
    return name + "/working_set:" + p.at("working_set");
  }
  std::vector<std::string> default_events(const std::string&) const override {
    // Faults must be 0 in the timed region (all faulted in before); the TLB
    // counters need a PMU (libpfm4 names for this CPU, bench/counter_sources.cc).
    std::vector<std::string> events = {"page-faults", "dtlb_load_walks", "dtlb_walk_cycles"};
    events.insert(events.end(), tlb_flush_events().begin(), tlb_flush_events().end());
    return events;
  }
  FamilyPresentation presentation() const override {
    FamilyPresentation p = Family::presentation();
    p.unit = "access";
    p.unit_quantity = "accesses";
    p.headline_counters = {"dtlb_load_walks", "dtlb_walk_cycles", "page_faults"};
    // Time per access against the working set, pte against pmd, file modes
    // beside the anonymous reference: one plot per pattern and op.
    for (const char* pattern : {"chase", "random", "seq"})
      for (const char* op : {"load", "store"}) {
        PlotSpec plot;
        plot.id = std::string("access-") + pattern + "-" + op;
        plot.title = std::string("access ") + pattern + " " + op + ": time per access";
        plot.kind = "lines";
        plot.x = "working_set";
        plot.log_x = true;
        plot.series = {"pages", "backing", "mode", "fs_type"};
        plot.where = {{"pattern", pattern}, {"op", op}};
        p.plots.push_back(plot);
      }
    PlotSpec walks;
    walks.id = "access-chase-dtlb-walks";
    walks.title = "access chase: dTLB load misses that walked, per access";
    walks.kind = "lines";
    walks.x = "working_set";
    walks.log_x = true;
    walks.series = {"pages", "backing", "mode", "fs_type"};
    walks.y = "dtlb_load_walks_per_access";
    walks.where = {{"pattern", "chase"}, {"op", "load"}};
    p.plots.push_back(walks);
    // Operations/s against processes, each its own address space.
    PlotSpec scaling;
    scaling.id = "access-scaling-processes";
    scaling.title = "access chase: accesses/s against processes";
    scaling.kind = "scaling";
    scaling.x = "processes";
    scaling.series = {"pages", "backing", "mode", "fs_type"};
    scaling.where = {{"pattern", "chase"}};
    p.plots.push_back(scaling);
    // What a PMD mapping saves per access: the 4 KiB mapping's extra page
    // walk, as the difference of the pte and pmd rows of the same scenario.
    DifferenceSpec walk;
    walk.id = "access-page-walk-cost";
    walk.title = "Page-walk cost per access";
    walk.param = "pages";
    walk.minuend = "pte";
    walk.subtrahend = "pmd";
    walk.label = "derived (pte − pmd)";
    walk.x = "working_set";
    walk.x_against_tlb_reach = true;
    walk.where = {{"processes", "1"}};
    p.differences.push_back(walk);
    return p;
  }
  std::unique_ptr<Workload> create(const Scenario& s) const override {
    return std::make_unique<AccessWorkload>(s);
  }
};

DAXBENCH_REGISTER_FAMILY(AccessFamily);

}  // namespace
}  // namespace daxbench
