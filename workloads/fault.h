// fault family: what a written page holds, and the loops that touch a
// region's pages, so tests and checks can run and verify them.
#pragma once

#include <cstdint>

#include "core/util.h"

namespace daxbench {

// The first 8 bytes of each page the fault workload writes: the page's file
// offset plus an odd constant from the run's seed (odd, so never 0 and an
// unwritten page shows). A sum, not a mix: the stamp of a page is then its
// address plus one constant per region, which the write loop adds in one
// instruction (write_page_stamps).
inline uint64_t fault_page_stamp(uint64_t file_offset, uint64_t seed) {
  return file_offset + ((seed * 0x9E3779B97F4A7C15ull) | 1);
}

// The touch loops without --latency, the harness's own share of every page,
// kept as small as will-it-scale's (tests/page_fault3.c there: a store, its
// counter incremented in memory, add, compare, branch: 5 instructions).
// Everything the loop needs is in locals, so the volatile store cannot make
// the compiler reload it (a uint64_t store may alias any uint64_t member).
// Counted in the x86-64 RelWithDebInfo (-O2) build: write 5 instructions a
// page (lea, add, mov, cmp, jb), read 5 (mov, add, add, cmp, jb); the loop
// before, with a seed mix per page and the --latency test inside, took 14.
// With --latency the workload runs its own loops, a clock read per page.
// `bytes` is a multiple of kPageSize.
inline void write_page_stamps(char* base, uint64_t bytes, uint64_t file_offset, uint64_t seed) {
  // stamp(base + off) = file_offset + off + c = address + (stamp(file_offset) - base)
  const uint64_t delta = fault_page_stamp(file_offset, seed) - reinterpret_cast<uintptr_t>(base);
  for (char *p = base, *end = base + bytes; p < end; p += kPageSize)
    *reinterpret_cast<volatile uint64_t*>(p) = reinterpret_cast<uintptr_t>(p) + delta;
}

// Reads the first word of every page; the sum keeps the loads.
inline uint64_t read_pages(const char* base, uint64_t bytes) {
  uint64_t sum = 0;
  for (const char *p = base, *end = base + bytes; p < end; p += kPageSize)
    sum += *reinterpret_cast<const volatile uint64_t*>(p);
  return sum;
}

}  // namespace daxbench
