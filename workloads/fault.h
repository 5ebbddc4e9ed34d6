// fault family: what a written page holds, so tests and checks can verify it.
#pragma once

#include <cstdint>

namespace daxbench {

// The first 8 bytes of each page the fault workload writes: the page's file
// offset mixed with the run's seed (never 0, so an unwritten page shows).
inline uint64_t fault_page_stamp(uint64_t file_offset, uint64_t seed) {
  return (file_offset ^ (seed * 0x9E3779B97F4A7C15ull)) | 1;
}

}  // namespace daxbench
