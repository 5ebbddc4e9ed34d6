// flag-switch-stress: what each 4 KiB block holds after a pass, so the
// workload's checks and the tests can verify the file independently.
#pragma once

#include <cstdint>

namespace daxbench {

constexpr uint64_t kStressBlockBytes = 4096;

// Word `i` of block `block` written in generation `generation`: word 0 is
// the block number and generation in the clear (block << 24 | generation, so
// a misplaced or stale block names itself), word 1 the seed, the rest a hash
// of all three, so any torn or mixed block shows.
inline uint64_t stress_word(uint64_t block, uint64_t generation, uint64_t seed, uint64_t i) {
  if (i == 0) return (block << 24) | (generation & 0xffffff);
  if (i == 1) return seed;
  uint64_t z = seed ^ (block * 0x9E3779B97F4A7C15ull) ^ (generation * 0xC2B2AE3D27D4EB4Full);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) + i * 0xD6E8FEB86659FD93ull;
}

}  // namespace daxbench
