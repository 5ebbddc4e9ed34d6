// The yardstick for the access family's chase: a bare C pointer chase over
// the same kind of memory (anonymous, THP disabled, 2 MiB-aligned), the same
// layout (one cache line per 4 KiB page, at the offsets access.h gives) and
// the same kind of order (a seeded random permutation that is one cycle),
// with no harness at all. scripts/bench-access-overhead compares the two.
//
//   bare-chase WORKING_SET_MIB MIN_SECONDS SEED -> prints mean ns per access
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t line_offset(uint64_t page) { return ((page * 29) & 63) * 64; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bare-chase WORKING_SET_MIB MIN_SECONDS SEED\n");
    return 2;
  }
  const uint64_t bytes = std::strtoull(argv[1], nullptr, 10) << 20;
  const double min_seconds = std::strtod(argv[2], nullptr);
  uint64_t state = std::strtoull(argv[3], nullptr, 10);
  const uint64_t pages = bytes / 4096;
  prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
  // 2 MiB-aligned, as daxbench maps it.
  char* raw = static_cast<char*>(
      mmap(nullptr, bytes + (2 << 20), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (raw == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  char* base = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(raw) + (2 << 20) - 1) &
                                       ~uintptr_t{(2 << 20) - 1});
  // A single cycle: each slot swapped only with an earlier one.
  std::vector<uint32_t> next(pages);
  for (uint64_t i = 0; i < pages; ++i) next[i] = static_cast<uint32_t>(i);
  for (uint64_t i = pages - 1; i > 0; --i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::swap(next[i], next[(state >> 33) % i]);
  }
  for (uint64_t p = 0; p < pages; ++p)
    *reinterpret_cast<char**>(base + p * 4096 + line_offset(p)) =
        base + uint64_t{next[p]} * 4096 + line_offset(next[p]);

  char* p = base;  // page 0, line offset 0
  uint64_t accesses = 0;
  const uint64_t start = now_ns();
  uint64_t elapsed = 0;
  do {
    for (uint64_t k = 0; k < pages; ++k) p = *reinterpret_cast<char**>(p);
    accesses += pages;
    elapsed = now_ns() - start;
  } while (static_cast<double>(elapsed) < min_seconds * 1e9);
  if (p != base) {
    std::fprintf(stderr, "bare-chase: the chain is broken\n");
    return 1;
  }
  std::printf("%.3f\n", static_cast<double>(elapsed) / static_cast<double>(accesses));
  return 0;
}
