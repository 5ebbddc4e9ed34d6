// access family: the chase order and the line each page contributes, so
// tests can check them (workloads/access.cc has the family).
#pragma once

#include <cstdint>
#include <vector>

namespace daxbench {

// One cache line per 4 KiB page, at a different offset in consecutive pages
// (29 is odd, so page i uses line 29*i mod 64): the lines of a working set
// spread over every cache set instead of piling into the few a page-aligned
// stride would hit.
inline uint64_t access_line_offset(uint64_t page) { return ((page * 29) & 63) * 64; }

// The successor of each page in the chase: a seeded random permutation that
// is one cycle through all `pages` pages (Sattolo's variant of the
// Fisher-Yates shuffle), so a chase from any page visits every page once
// before it comes back. `pages` >= 2.
std::vector<uint32_t> access_chase_successors(uint64_t pages, uint64_t seed);

}  // namespace daxbench
