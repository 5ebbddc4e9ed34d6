// mmap-write: stores through a shared mapping of a prepared file, the way
// applications use DAX, with the persistence each application chooses (none,
// msync, fsync, or MAP_SYNC + cache-line write-back). The same store loop on
// anonymous memory ("ref/anon") runs in the same matrix, so every result reads
// as a ratio to DRAM store bandwidth on this machine.
//
// Every 8-byte word written is generated in registers from its offset and the
// iteration's key (mmap_write_pattern.h): the loop reads no source buffer, so
// bytes/s is store bandwidth, and finish() can check every word afterwards.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define DAXBENCH_X86 1
#else
#define DAXBENCH_X86 0
#endif

#include "core/inode_mode.h"
#include "core/map_sync.h"
#include "core/region_slots.h"
#include "core/util.h"
#include "workloads/family.h"
#include "workloads/mmap_write_pattern.h"
#include "workloads/worker_pool.h"

namespace daxbench {
namespace {

enum class Persistence { kNone, kMsync, kFsync, kFlush };
enum class FlushInstruction { kNone, kClwb, kClflushopt, kClflush };

const char* to_string(FlushInstruction f) {
  switch (f) {
    case FlushInstruction::kClwb:
      return "clwb";
    case FlushInstruction::kClflushopt:
      return "clflushopt";
    case FlushInstruction::kClflush:
      return "clflush";
    case FlushInstruction::kNone:
      break;
  }
  return "none";
}

// What this CPU offers, from cpuid at run time (not from compile flags).
struct CpuFeatures {
  bool streaming_stores = false;  // MOVNTI / MOVNTDQ (SSE2)
  FlushInstruction flush = FlushInstruction::kNone;
  uint64_t line_bytes = 64;  // CLFLUSH line size, cpuid leaf 1 EBX[15:8] * 8
};

CpuFeatures detect_cpu() {
  CpuFeatures f;
#if DAXBENCH_X86
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
    f.streaming_stores = (edx & (1u << 26)) != 0;  // SSE2
    if (edx & (1u << 19)) {                        // CLFSH
      f.flush = FlushInstruction::kClflush;
      const uint64_t line = ((ebx >> 8) & 0xff) * 8;
      if (line != 0) f.line_bytes = line;
    }
  }
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
    if (ebx & (1u << 24)) {
      f.flush = FlushInstruction::kClwb;
    } else if (ebx & (1u << 23)) {
      f.flush = FlushInstruction::kClflushopt;
    }
  }
#endif
  return f;
}

#if DAXBENCH_X86
// Write-back of [p, p+bytes) from the CPU caches, each with its own target
// attribute so the rest of the file needs no -m flag.
__attribute__((target("clwb"))) void flush_clwb(char* p, uint64_t bytes, uint64_t line) {
  // Stores are size-aligned, so p is line-aligned whenever bytes >= line.
  char* const end = p + bytes;
  for (char* a = p - (reinterpret_cast<uintptr_t>(p) & (line - 1)); a < end; a += line) _mm_clwb(a);
}
__attribute__((target("clflushopt"))) void flush_clflushopt(char* p, uint64_t bytes,
                                                            uint64_t line) {
  // Stores are size-aligned, so p is line-aligned whenever bytes >= line.
  char* const end = p + bytes;
  for (char* a = p - (reinterpret_cast<uintptr_t>(p) & (line - 1)); a < end; a += line)
    _mm_clflushopt(a);
}
void flush_clflush(char* p, uint64_t bytes, uint64_t line) {
  // Stores are size-aligned, so p is line-aligned whenever bytes >= line.
  char* const end = p + bytes;
  for (char* a = p - (reinterpret_cast<uintptr_t>(p) & (line - 1)); a < end; a += line)
    _mm_clflush(a);
}
inline void store_fence() { _mm_sfence(); }
#else
inline void store_fence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
#endif

// One store of `bytes` at p, holding the words of file offset `offset`.
// Stores are aligned to their size (a power of two) and the mapping to 2 MiB.
inline void store_temporal(char* p, uint64_t offset, uint64_t bytes, uint64_t key) {
  if (bytes == 8) {
    *reinterpret_cast<volatile uint64_t*>(p) = offset ^ key;
    return;
  }
#if DAXBENCH_X86
  const __m128i k = _mm_set1_epi64x(static_cast<long long>(key));
  const __m128i step = _mm_set1_epi64x(16);
  __m128i offs = _mm_set_epi64x(static_cast<long long>(offset) + 8, static_cast<long long>(offset));
#pragma GCC unroll 4
  for (uint64_t i = 0; i < bytes; i += 16) {
    _mm_store_si128(reinterpret_cast<__m128i*>(p + i), _mm_xor_si128(offs, k));
    offs = _mm_add_epi64(offs, step);
  }
#else
  for (uint64_t i = 0; i < bytes; i += 8)
    *reinterpret_cast<volatile uint64_t*>(p + i) = (offset + i) ^ key;
#endif
}

#if DAXBENCH_X86
// Streaming (non-temporal) stores: MOVNTI for 8 bytes, MOVNTDQ above; they
// bypass the caches through write-combining buffers (drained by SFENCE).
inline void store_nontemporal(char* p, uint64_t offset, uint64_t bytes, uint64_t key) {
  if (bytes == 8) {
    _mm_stream_si64(reinterpret_cast<long long*>(p), static_cast<long long>(offset ^ key));
    return;
  }
  const __m128i k = _mm_set1_epi64x(static_cast<long long>(key));
  const __m128i step = _mm_set1_epi64x(16);
  __m128i offs = _mm_set_epi64x(static_cast<long long>(offset) + 8, static_cast<long long>(offset));
#pragma GCC unroll 4
  for (uint64_t i = 0; i < bytes; i += 16) {
    _mm_stream_si128(reinterpret_cast<__m128i*>(p + i), _mm_xor_si128(offs, k));
    offs = _mm_add_epi64(offs, step);
  }
}
#else
inline void store_nontemporal(char* p, uint64_t offset, uint64_t bytes, uint64_t key) {
  store_temporal(p, offset, bytes, key);  // unreachable: skipped in prepare()
}
#endif

// The order in which a thread visits its store slots: 0,1,2,... for seq; for
// rand a seeded permutation (a bijective mix on the next power of two, walked
// until it lands below `slots`), computed in registers, so every slot is
// written exactly once per iteration and the final bytes are known.
class SlotOrder {
 public:
  SlotOrder(uint64_t slots, uint64_t seed, bool random) : slots_(slots), random_(random) {
    const int bits = slots <= 1 ? 0 : 64 - std::countl_zero(slots - 1);
    mask_ = bits == 0 ? 0 : (bits == 64 ? ~0ull : (1ull << bits) - 1);
    shift_ = bits / 2 > 0 ? bits / 2 : 1;
    k1_ = mmap_write_key(seed, 0x5107) & mask_;
    k2_ = mmap_write_key(seed, 0x5108) & mask_;
  }
  uint64_t operator()(uint64_t i) const {
    if (!random_) return i;
    uint64_t x = i;
    do {
      x = ((x ^ k1_) * 0x9E3779B97F4A7C15ull) & mask_;
      x ^= x >> shift_;
      x = ((x + k2_) * 0xD6E8FEB86659FD93ull) & mask_;
      x ^= x >> shift_;
    } while (x >= slots_);
    return x;
  }

 private:
  uint64_t slots_;
  bool random_;
  uint64_t mask_ = 0;
  int shift_ = 1;
  uint64_t k1_ = 0, k2_ = 0;
};

std::string hex64(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Regions are 2 MiB-aligned and stores tile them exactly.
void check_mmap_write_params(const ScenarioParams& p) {
  check_common_params(p);
  const uint64_t region = *parse_size(p.at("size"));
  const uint64_t store = *parse_size(p.at("store"));
  if (store < 8 || store > kPmdSize || !std::has_single_bit(store))
    throw UsageError("store " + p.at("store") + " must be a power of two from 8B to 2MiB");
  if (region % kPmdSize != 0)
    throw UsageError("size " + p.at("size") +
                     " must be a multiple of 2MiB (regions are 2MiB-aligned)");
  if (store > region)
    throw UsageError("store " + p.at("store") + " is larger than the region (size " + p.at("size") +
                     ")");
}

class MmapWriteWorkload final : public Workload {
 public:
  explicit MmapWriteWorkload(const Scenario& s) : scenario_(s), cpu_(detect_cpu()) {
    const auto& p = s.params;
    random_ = p.at("pattern") == "rand";
    nontemporal_ = p.at("kind") == "nontemporal";
    anon_ = p.at("backing") == "anon";
    prefault_ = p.at("prefault") == "yes";
    const std::string& persist = p.at("persistence");
    persistence_ = persist == "msync"   ? Persistence::kMsync
                   : persist == "fsync" ? Persistence::kFsync
                   : persist == "flush" ? Persistence::kFlush
                                        : Persistence::kNone;
    if (persistence_ == Persistence::kMsync || persistence_ == Persistence::kFsync)
      every_ = std::stoull(p.at("every"));
    threads_ = std::stoul(p.at("threads"));
    region_bytes_ = *parse_size(p.at("size"));
    store_bytes_ = *parse_size(p.at("store"));
    try {
      check_mmap_write_params(p);  // the matrix checked it already; direct create() too
    } catch (const UsageError& e) {
      throw UsageError("mmap-write scenario " + s.name + ": " + e.what());
    }
  }

  ~MmapWriteWorkload() override { pool_.stop(); }

  void prepare(const DirHandle& dir) override {
    if (nontemporal_ && !cpu_.streaming_stores)
      throw SkipScenario(
          "kind=nontemporal needs streaming stores (SSE2 MOVNTI/MOVNTDQ), which "
          "cpuid says this CPU lacks");
    if (persistence_ == Persistence::kFlush && cpu_.flush == FlushInstruction::kNone)
      throw SkipScenario(
          "persistence=flush needs CLWB, CLFLUSHOPT or CLFLUSH, and cpuid lists "
          "none of them");
    const uint64_t total = region_bytes_ * threads_;
    if (anon_) {
      facts_["backing"] = "anonymous memory (MAP_PRIVATE|MAP_ANONYMOUS): the DRAM reference";
    } else {
      prepare_file(dir, total);
    }
    if (persistence_ == Persistence::kFlush)
      facts_["flush"] = nontemporal_ ? "sfence after each store (streaming stores leave no dirty "
                                       "line to write back)"
                                     : std::string(to_string(cpu_.flush)) + " per " +
                                           std::to_string(cpu_.line_bytes) +
                                           "-byte line + sfence after each store";
    map_region();
    if (prefault_) prefault_region();
    if (anon_ && prefault_) facts_["huge_pages"] = anon_huge_pages();
    facts_["prefault"] = prefault_ ? "every page written before the timed region"
                                   : "fresh mapping each iteration: first-touch faults are timed";
    facts_["store_loop"] = std::string(nontemporal_ ? "streaming" : "ordinary") +
                           " stores of words generated from the offset (no source buffer)" +
                           (random_ ? ", slots in a seeded random permutation" : "");

    workers_.resize(threads_);
    for (unsigned i = 0; i < threads_; ++i) workers_[i].offset = region_bytes_ * i;
    if (threads_ > 1) pool_.start(threads_, [this](unsigned i) { run_worker(workers_[i]); });
  }

  void before_iteration() override {
    // prefault=no: a fresh, unpopulated mapping, so the stores take the
    // first-touch (write) faults inside the timed region.
    if (!prefault_ && generation_ > 0) {
      mapping_.reset();
      map_region();
    }
  }

  void run_iteration(TimedRegion& region) override {
    ++generation_;
    key_ = mmap_write_key(scenario_.seed, generation_);
    for (auto& w : workers_) {
      w.since_sync = 0;
      w.sync_from = 0;
    }
    if (threads_ == 1) {
      region.begin();
      run_worker(workers_[0]);
      region.end();
    } else {
      region.begin();
      pool_.run_once();
      region.end();
    }
    for (auto& w : workers_)
      if (!w.error.empty()) throw WorkloadFailure(w.error);
  }

  void finish() override {
    pool_.stop();
    if (generation_ == 0) return;
    // Read the bytes back the slow, independent way (pread from the file, or
    // the anonymous memory itself) and compare every word with the pattern.
    const uint64_t total = region_bytes_ * threads_;
    std::vector<uint64_t> buffer(kMiB / sizeof(uint64_t));
    for (uint64_t base = 0; base < total; base += kMiB) {
      const uint64_t chunk = std::min<uint64_t>(kMiB, total - base);
      const uint64_t* words = reinterpret_cast<const uint64_t*>(mapping_.data() + base);
      if (!anon_) {
        uint64_t done = 0;
        while (done < chunk) {
          const ssize_t n = ::pread(fd_.get(), reinterpret_cast<char*>(buffer.data()) + done,
                                    chunk - done, static_cast<off_t>(base + done));
          if (n <= 0)
            throw WorkloadFailure("mmap-write: pread " + path_ + " at offset " +
                                  std::to_string(base + done) +
                                  " failed: " + (n < 0 ? std::strerror(errno) : "end of file"));
          done += static_cast<uint64_t>(n);
        }
        words = buffer.data();
      }
      for (uint64_t i = 0; i < chunk / sizeof(uint64_t); ++i) {
        const uint64_t offset = base + i * sizeof(uint64_t);
        const uint64_t expected = mmap_write_word(offset, scenario_.seed, generation_);
        if (words[i] != expected)
          throw WorkloadFailure("mmap-write: " + (anon_ ? std::string("anonymous region") : path_) +
                                " at offset " + std::to_string(offset) + ": expected " +
                                hex64(expected) + " (iteration " + std::to_string(generation_) +
                                "), found " + hex64(words[i]));
      }
    }
    facts_["verified"] = format_size(total) +
                         (anon_ ? " compared in memory" : " read back by pread") +
                         " against the pattern of iteration " + std::to_string(generation_);
  }

  std::map<std::string, double> per_iteration() const override {
    const uint64_t stores_per_thread = region_bytes_ / store_bytes_;  // exact: powers of two
    const double stores = static_cast<double>(stores_per_thread * threads_);
    return {{"bytes", static_cast<double>(region_bytes_ * threads_)},
            {"stores", stores},
            {"operations", stores}};
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
    uint64_t offset = 0;  // of the thread's region in the file / anonymous area
    uint64_t since_sync = 0;
    uint64_t sync_from = 0;  // seq: first byte not yet msync'ed
    LatencyHistogram histogram;
    std::string error;
  };

  void prepare_file(const DirHandle& dir, uint64_t total) {
    // 2 MiB-aligned extents on xfs, so a DAX mapping can use PMD faults.
    if (set_pmd_extent_size_hint(dir, scenario_.target)) facts_["xfs_extsize_hint"] = "2MiB";
    path_ = dir.file("mmap-write.data");
    fd_ = dir.create_file("mmap-write.data", total);
    // Written extents (not unwritten ones), so no iteration pays for zeroing
    // or extent conversion that only the first one would see.
    fill_file(fd_.get(), total, 0);
    verify_file_mode(fd_.get(), path_, scenario_.target, scenario_.mode);
    facts_["effective_dax"] = expects_dax(scenario_.mode) ? "yes" : "no";
    if (persistence_ == Persistence::kFlush) {
      const std::string refusal =
          map_sync_refusal(fd_.get(), scenario_.target, expects_dax(scenario_.mode));
      if (!refusal.empty())
        throw SkipScenario("persistence=flush needs a MAP_SYNC mapping: " + refusal);
      facts_["mapping"] = "MAP_SHARED_VALIDATE|MAP_SYNC";
    } else {
      facts_["mapping"] = "MAP_SHARED";
    }
  }

  // Maps the whole area at its 2 MiB-aligned slot (PMD-capable for DAX),
  // the same address every iteration, beside spacers that keep the page
  // tables above it (core/region_slots.h): with prefault=no, whether the
  // first timed fault also allocates a PMD table does not depend on ASLR.
  void map_region() {
    const uint64_t total = region_bytes_ * threads_;
    if (slots_.count() == 0) slots_ = RegionSlots(1, total);
    slots_.release();
    int flags = 0;
    int fd = -1;
    if (anon_) {
      flags = MAP_PRIVATE | MAP_ANONYMOUS;
    } else if (persistence_ == Persistence::kFlush) {
      flags = MAP_SHARED_VALIDATE | MAP_SYNC;
      fd = fd_.get();
    } else {
      flags = MAP_SHARED;
      fd = fd_.get();
    }
    void* addr = map_at(slots_.slot(0), total, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (addr == MAP_FAILED)
      throw std::system_error(errno, std::generic_category(),
                              "mmap of " + (anon_ ? std::string("anonymous memory") : path_));
    mapping_ = Mapping(addr, total);
    // The reference is the best DRAM can do: huge pages where THP allows them
    // (DAX mappings of 2 MiB-aligned extents get PMDs too).
    if (anon_ && ::madvise(mapping_.data(), total, MADV_HUGEPAGE) != 0)
      facts_["madvise"] = std::string("MADV_HUGEPAGE refused: ") + std::strerror(errno);
  }

  // Huge pages backing the anonymous reference, from /proc/self/smaps.
  std::string anon_huge_pages() const {
    std::FILE* f = std::fopen("/proc/self/smaps", "r");
    if (f == nullptr) return "unknown";
    const uintptr_t start = reinterpret_cast<uintptr_t>(mapping_.data());
    const uintptr_t end = start + mapping_.length();
    char line[512];
    bool inside = false;
    uint64_t kib = 0;
    while (std::fgets(line, sizeof line, f)) {
      unsigned long lo = 0, hi = 0;
      if (std::sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
        inside = lo < end && hi > start;
      } else if (inside) {
        unsigned long v = 0;
        if (std::sscanf(line, "AnonHugePages: %lu kB", &v) == 1) kib += v;
      }
    }
    std::fclose(f);
    return format_size(kib * kKiB) + " of " + format_size(mapping_.length()) + " (AnonHugePages)";
  }

  void prefault_region() {
    const uint64_t total = region_bytes_ * threads_;
    for (uint64_t off = 0; off < total; off += kPageSize)
      *reinterpret_cast<volatile uint64_t*>(mapping_.data() + off) =
          mmap_write_word(off, scenario_.seed, 0);
  }

  void run_worker(Worker& w) {
    if (nontemporal_) {
      store_loop<true>(w);
    } else {
      store_loop<false>(w);
    }
  }

  // The measured loop: the store, its persistence, and (with --latency) two
  // clock reads around them. Nothing else: no allocation, no logging.
  template <bool kNonTemporal>
  void store_loop(Worker& w) {
    char* const base = mapping_.data() + w.offset;
    const uint64_t slots = region_bytes_ / store_bytes_;
    const uint64_t bytes = store_bytes_;
    const uint64_t key = key_;
    const bool timed = scenario_.latency;
    const SlotOrder order(slots, scenario_.seed + w.offset, random_);
    for (uint64_t i = 0; i < slots; ++i) {
      const uint64_t at = order(i) * bytes;
      char* const p = base + at;
      const uint64_t t0 = timed ? now_ns() : 0;
      if constexpr (kNonTemporal) {
        store_nontemporal(p, w.offset + at, bytes, key);
      } else {
        store_temporal(p, w.offset + at, bytes, key);
      }
      switch (persistence_) {
        case Persistence::kNone:
          break;
        case Persistence::kFlush:
#if DAXBENCH_X86
          if constexpr (!kNonTemporal) {
            switch (cpu_.flush) {
              case FlushInstruction::kClwb:
                flush_clwb(p, bytes, cpu_.line_bytes);
                break;
              case FlushInstruction::kClflushopt:
                flush_clflushopt(p, bytes, cpu_.line_bytes);
                break;
              case FlushInstruction::kClflush:
                flush_clflush(p, bytes, cpu_.line_bytes);
                break;
              case FlushInstruction::kNone:
                break;
            }
          }
#endif
          store_fence();
          break;
        case Persistence::kMsync:
          if (++w.since_sync == every_) {
            w.since_sync = 0;
            if (!sync_range(w, base, at + bytes)) return;
          }
          break;
        case Persistence::kFsync:
          if (++w.since_sync == every_) {
            w.since_sync = 0;
            if (::fsync(fd_.get()) != 0) {
              w.error = "mmap-write: fsync " + path_ + " failed: " + std::strerror(errno);
              return;
            }
          }
          break;
      }
      if (timed) w.histogram.record(now_ns() - t0);
    }
    // Streaming stores are weakly ordered: drain them inside the timed region.
    if constexpr (kNonTemporal) store_fence();
  }

  // msync(MS_SYNC) of what this thread wrote since its last msync: for seq
  // the span behind the cursor, for rand the whole region (stores scatter).
  bool sync_range(Worker& w, char* base, uint64_t end) {
    uint64_t from = 0, to = region_bytes_;
    if (!random_) {
      from = w.sync_from & ~(kPageSize - 1);
      to = (end + kPageSize - 1) & ~(kPageSize - 1);
      w.sync_from = end;
    }
    if (::msync(base + from, to - from, MS_SYNC) != 0) {
      w.error = "mmap-write: msync of " + path_ + " failed: " + std::strerror(errno);
      return false;
    }
    return true;
  }

  Scenario scenario_;
  CpuFeatures cpu_;
  bool random_ = false;
  bool nontemporal_ = false;
  bool anon_ = false;
  bool prefault_ = true;
  Persistence persistence_ = Persistence::kNone;
  uint64_t every_ = 0;
  unsigned threads_ = 1;
  uint64_t region_bytes_ = 0;
  uint64_t store_bytes_ = 0;
  std::string path_;
  FileDescriptor fd_;
  RegionSlots slots_;  // the mapping's fixed address and its spacers
  Mapping mapping_;
  uint64_t generation_ = 0;  // iterations run; generation 0 is the prefault
  uint64_t key_ = 0;
  std::vector<Worker> workers_;
  WorkerPool pool_;
  std::map<std::string, std::string> facts_;
  mutable LatencyHistogram merged_;
};

class MmapWriteFamily final : public Family {
 public:
  std::string name() const override { return "mmap-write"; }
  std::string description() const override {
    return "stores through a shared file mapping with none/msync/fsync/MAP_SYNC+flush "
           "persistence, beside the same loop on anonymous memory (ref/anon)";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"pattern",
         ParamKind::kChoice,
         {"seq", "rand"},
         {"seq"},
         "store order within each thread's region: sequential, or a seeded random permutation "
         "(every slot once per iteration)"},
        {"store",
         ParamKind::kSize,
         {},
         {"64B", "256B", "4KiB", "64KiB", "2MiB"},
         "bytes per store, a power of two from 8B to 2MiB",
         true},
        {"kind",
         ParamKind::kChoice,
         {"temporal", "nontemporal"},
         {"temporal"},
         "ordinary stores, or streaming (non-temporal) stores; skipped where cpuid lacks them"},
        {"persistence",
         ParamKind::kChoice,
         {"none", "msync", "fsync", "flush"},
         {"none"},
         "none; msync(MS_SYNC) or fsync every `every` stores; flush: MAP_SYNC mapping + "
         "CLWB/CLFLUSHOPT/CLFLUSH + SFENCE per store (DAX only)"},
        {"every",
         ParamKind::kCount,
         {},
         {"64"},
         "stores between two msync/fsync calls (persistence msync/fsync only)"},
        {"prefault",
         ParamKind::kChoice,
         {"yes", "no"},
         {"yes"},
         "yes: pages written before timing; no: a fresh mapping per iteration, first-touch "
         "faults timed",
         true},
        {"backing",
         ParamKind::kChoice,
         {"file", "anon"},
         {"file", "anon"},
         "the file in the target, and/or anonymous memory (ref/anon: DRAM reference, once per "
         "parameter point whatever the modes)",
         false,
         false},
        {"threads", ParamKind::kCount, {}, {"1"}, "threads, each on its own region"},
        {"size", ParamKind::kSize, {}, {"64MiB"}, "region per thread, a multiple of 2MiB"},
    };
  }

  std::optional<ScenarioParams> normalize(ScenarioParams p, InodeMode) const override {
    const std::string& persist = p.at("persistence");
    if (persist != "msync" && persist != "fsync") p["every"] = "n/a";
    // Anonymous memory has no file to msync or fsync; flush (CLWB + SFENCE on
    // DRAM) and none are the references that exist.
    if (p.at("backing") == "anon" && (persist == "msync" || persist == "fsync"))
      return std::nullopt;
    return p;
  }

  void check(const ScenarioParams& p) const override { check_mmap_write_params(p); }

  std::vector<std::string> default_events(const std::string& fs_type) const override {
    std::vector<std::string> events = dax_fault_events();
    events.insert(events.end(), {"fs_dax:dax_insert_pfn_mkwrite", "fs_dax:dax_writeback_one"});
    add_fs_handler_counters(events, fs_type);
    return events;
  }

  FamilyPresentation presentation() const override {
    FamilyPresentation p = Family::presentation();
    p.unit = "byte";
    p.unit_quantity = "bytes";
    p.throughput = true;
    p.headline_counters = {"page_faults", "dax_pfn_mkwrites", "dax_writebacks"};
    PlotSpec bars = mode_bars_plot(name(), "store bandwidth");
    bars.series = {"backing", "mode", "fs_type"};  // ref/anon beside the file
    p.plots.push_back(bars);
    p.plots.push_back(latency_cdf_plot(name(), "store"));
    return p;
  }

  uint64_t bytes_needed(const ScenarioParams& p) const override {
    if (p.at("backing") == "anon") return 0;
    return *parse_size(p.at("size")) * std::stoull(p.at("threads"));
  }

  // mmap-write/seq/store:64B/temporal/msync:64/prefault:yes/dax-inode/ext4/threads:1/size:64MiB;
  // the anonymous reference puts "ref/anon" where mode and filesystem go, so
  // it has one name (and runs once) whatever the modes and targets.
  std::string scenario_name(const Scenario& s) const override {
    const auto& p = s.params;
    std::string name = this->name() + "/" + p.at("pattern") + "/store:" + p.at("store") + "/" +
                       p.at("kind") + "/" + p.at("persistence");
    if (p.at("every") != "n/a") name += ":" + p.at("every");
    name += "/prefault:" + p.at("prefault");
    name += p.at("backing") == "anon" ? "/ref/anon" : mode_and_fs_name(s);
    return name + placement_threads_size_name(s);
  }

  std::unique_ptr<Workload> create(const Scenario& s) const override {
    return std::make_unique<MmapWriteWorkload>(s);
  }
};

DAXBENCH_REGISTER_FAMILY(MmapWriteFamily);

}  // namespace
}  // namespace daxbench
