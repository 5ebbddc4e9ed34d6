// RegionSlots (core/region_slots.h) on this host's kernel: the layout it
// promises, and what it is for: with its spacers, munmap of a region keeps
// the PMD table above it, where a region alone in its 1 GiB frees it (VmPTE
// in /proc/self/status counts the page-table bytes of the address space).
#include "core/region_slots.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace daxbench::testing {
namespace {

constexpr size_t kMiB = size_t{1} << 20;
constexpr size_t kGiB = size_t{1} << 30;

long vm_pte_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmPTE:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// Whether [p, p+len) is mapped at all (mincore fails with ENOMEM on a hole).
bool mapped(const char* p, size_t len) {
  unsigned char vec[1];
  for (size_t off = 0; off < len; off += 4096)
    if (::mincore(const_cast<char*>(p) + off, 4096, vec) != 0) return false;
  return true;
}
bool unmapped(const char* p, size_t len) {
  unsigned char vec[1];
  for (size_t off = 0; off < len; off += 4096)
    if (::mincore(const_cast<char*>(p) + off, 4096, vec) == 0 || errno != ENOMEM) return false;
  return true;
}

// One timed-loop cycle on anonymous memory in 4 KiB pages: mmap at `at`,
// touch every page, munmap. Returns the page-table KiB the munmap freed.
long cycle(char* at, size_t len) {
  void* p = ::mmap(at, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != at) return -1;
  if (::madvise(p, len, MADV_NOHUGEPAGE) != 0) return -1;
  for (size_t off = 0; off < len; off += 4096) static_cast<volatile char*>(p)[off] = 1;
  const long during = vm_pte_kib();
  if (::munmap(p, len) != 0) return -1;
  return during - vm_pte_kib();
}

// An address whose 1 GiB holds no mapping: the middle of 3 GiB reserved
// and released (nothing else in this process maps meanwhile).
char* empty_gib() {
  Mapping wide = reserve_aligned(3 * kGiB, kGiB);
  return wide.data() + kGiB;
}

TEST(RegionSlots, SlotsAre2MiBAlignedPlusMisalignOneSpacerApart) {
  RegionSlots slots(3, 8 * kMiB, 4096);
  ASSERT_EQ(slots.count(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto a = reinterpret_cast<uintptr_t>(slots.slot(i));
    EXPECT_EQ(a % (2 * kMiB), 4096u) << "slot " << i;
    // extent (8 MiB + 4 KiB rounded up to 10 MiB) plus one spacer apart
    EXPECT_EQ(a - reinterpret_cast<uintptr_t>(slots.slot(0)), i * 12 * kMiB) << "slot " << i;
  }
}

TEST(RegionSlots, ReleaseFreesExactlyTheExtentsAndSpacersStay) {
  RegionSlots slots(2, 4 * kMiB);
  char* s0 = slots.slot(0);
  char* s1 = slots.slot(1);
  EXPECT_TRUE(mapped(s0, 4 * kMiB));  // reserved on construction
  slots.release();
  EXPECT_TRUE(unmapped(s0, 4 * kMiB));
  EXPECT_TRUE(unmapped(s1, 4 * kMiB));
  EXPECT_TRUE(mapped(s0 - 2 * kMiB, 2 * kMiB)) << "spacer before slot 0";
  EXPECT_TRUE(mapped(s0 + 4 * kMiB, 2 * kMiB)) << "spacer between the slots";
  EXPECT_TRUE(mapped(s1 + 4 * kMiB, 2 * kMiB)) << "spacer after the last slot";
  slots.release();  // twice: no-op
  slots.reserve();
  EXPECT_TRUE(mapped(s0, 4 * kMiB));
  EXPECT_TRUE(mapped(s1, 4 * kMiB));
  slots.reserve();  // twice: no-op
}

TEST(RegionSlots, ReserveRefusesAnAddressSomethingElseTook) {
  RegionSlots slots(1, 2 * kMiB);
  slots.release();
  void* intruder = ::mmap(slots.slot(0), 4096, PROT_READ,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ASSERT_EQ(intruder, slots.slot(0));
  EXPECT_THROW(slots.reserve(), std::system_error);
  ::munmap(intruder, 4096);
}

TEST(RegionSlots, SpacersKeepThePmdTableAcrossMunmapWhereARegionAloneLosesIt) {
  ASSERT_GE(vm_pte_kib(), 0) << "no VmPTE in /proc/self/status";
  // 8 MiB in 4 KiB pages uses four PTE tables (16 KiB) under one PMD table.
  // In a slot, munmap frees the PTE tables and keeps the PMD table, even
  // with nothing else in its 1 GiB.
  char* empty = empty_gib();
  RegionSlots slots(1, 8 * kMiB, 0, empty);
  ASSERT_EQ(slots.slot(0), empty + 2 * kMiB) << "the kernel did not take the hint";
  slots.release();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(cycle(slots.slot(0), 8 * kMiB), 16) << "cycle " << i << " in a slot";

  // The control: the same region alone in an otherwise empty 1 GiB, whose
  // munmap also frees the PMD table (and a PUD table if it was alone there).
  char* alone = empty_gib();
  const long freed = cycle(alone, 8 * kMiB);
  EXPECT_GE(freed, 20) << "alone in its 1 GiB, the region's PMD table should go with it";
}

}  // namespace
}  // namespace daxbench::testing
