// Fixed addresses for regions a workload maps and unmaps in its timed loop,
// laid out the same way in every run whatever ASLR chose.
//
// munmap frees the page tables the unmapped range leaves unused
// (mm/memory.c: free_pgtables): a PMD table, which covers 1 GiB, goes when
// no other VMA shares that 1 GiB. Where the kernel puts a region decides
// whether each iteration also allocates and frees a PMD table: measured in
// the deterministic lab, 8 MiB of DAX PMD write faults cost 38.7 µs an
// iteration beside a neighbour VMA and 50.3 µs alone in their 1 GiB. So a
// region is never alone: PROT_NONE spacers of 2 MiB before, between and
// after the regions stay mapped for the window's life, keeping the tables
// above every region whatever else the process maps (as a real process's
// other mappings do). A spacer never shares a 2 MiB range with a region's
// pages, so the 4 KiB page tables a region uses are still freed with it. A
// region of 1 GiB or more covers whole 1 GiB ranges, whose PMD tables go
// with it.
#ifndef DAXBENCH_CORE_REGION_SLOTS_H
#define DAXBENCH_CORE_REGION_SLOTS_H

#include <sys/types.h>

#include <cstddef>
#include <vector>

#include "core/util.h"

namespace daxbench {

class RegionSlots {
 public:
  RegionSlots() = default;
  // `count` slots of `length` bytes, slot i at a 2 MiB boundary plus
  // `misalign`. All are reserved (PROT_NONE placeholders) on return. `hint`
  // is mmap's: where to put the window if that range is free (tests).
  RegionSlots(size_t count, size_t length, size_t misalign = 0, void* hint = nullptr);

  size_t count() const { return extents_.size(); }
  char* slot(size_t i) const { return extents_.at(i) + misalign_; }

  // Maps placeholders back over every slot's 2 MiB-aligned extent
  // (MAP_FIXED_NOREPLACE), so nothing else takes it between iterations;
  // throws if something did. No-op when reserved.
  void reserve();
  // Unmaps the placeholders, so a MAP_FIXED_NOREPLACE mmap can take exactly
  // slot(i). No-op when released.
  void release();

 private:
  Mapping window_;              // all of it; spacers stay mapped throughout
  std::vector<char*> extents_;  // 2 MiB-aligned starts of the slots' extents
  size_t extent_bytes_ = 0;     // misalign + length, rounded up to 2 MiB
  size_t misalign_ = 0;
  bool reserved_ = false;
};

// mmap(2) at `at` (a slot release() left free) and nowhere else: with
// MAP_FIXED_NOREPLACE, which fails (EEXIST) if anything else took it, or
// with MAP_FIXED where MAP_SHARED_VALIDATE refuses that flag (mm/mmap.c
// accepts only LEGACY_MAP_MASK and MAP_SYNC with it, else EOPNOTSUPP).
// `flags` without either. MAP_FAILED with errno set on failure, EEXIST too
// where a kernel before 4.17 ignored MAP_FIXED_NOREPLACE and chose elsewhere.
void* map_at(void* at, size_t length, int prot, int flags, int fd, off_t offset);

}  // namespace daxbench

#endif  // DAXBENCH_CORE_REGION_SLOTS_H
