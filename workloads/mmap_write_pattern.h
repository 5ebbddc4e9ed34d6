// mmap-write family: what every 8-byte word of a written region holds, so the
// workload's own check and the tests can verify the bytes independently.
#pragma once

#include <cstdint>

namespace daxbench {

// The key of one generation (iteration) of a run: the seed and the generation
// mixed, so a word left over from an earlier iteration does not match.
inline uint64_t mmap_write_key(uint64_t seed, uint64_t generation) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (generation + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The word at byte offset `offset` (8-aligned) of the file (or of the
// anonymous reference area) after generation `generation` wrote it. Generated
// in registers from the offset, so the store loop reads no source buffer.
inline uint64_t mmap_write_word(uint64_t offset, uint64_t seed, uint64_t generation) {
  return offset ^ mmap_write_key(seed, generation);
}

}  // namespace daxbench
