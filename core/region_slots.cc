#include "core/region_slots.h"

#include <sys/mman.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace daxbench {

namespace {

constexpr size_t kChunk = size_t{2} << 20;  // what one PTE table maps
constexpr size_t kPmdTableSpan = size_t{1} << 30;

size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

}  // namespace

RegionSlots::RegionSlots(size_t count, size_t length, size_t misalign)
    : extent_bytes_(round_up(misalign + length, kChunk)), misalign_(misalign) {
  // [spacer][extent 0][spacer][extent 1]...[spacer to the window's end]: the
  // window is whole 1 GiB ranges, 1 GiB-aligned, so nothing else shares the
  // PMD tables above the regions and the layout is the same in every run.
  const size_t bytes = kChunk + count * (extent_bytes_ + kChunk);
  window_ = reserve_aligned(round_up(bytes, kPmdTableSpan), kPmdTableSpan);
  for (size_t i = 0; i < count; ++i)
    extents_.push_back(window_.data() + kChunk + i * (extent_bytes_ + kChunk));
  reserved_ = true;
}

void RegionSlots::reserve() {
  if (reserved_) return;
  for (char* e : extents_) {
    void* p = ::mmap(e, extent_bytes_, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
      throw std::system_error(errno, std::generic_category(),
                              "re-reserving a region's address (something else mapped it)");
    if (p != e) {
      ::munmap(p, extent_bytes_);  // kernels before 4.17 ignore MAP_FIXED_NOREPLACE
      throw std::runtime_error("re-reserving a region's address: the kernel placed it elsewhere");
    }
  }
  reserved_ = true;
}

void RegionSlots::release() {
  if (!reserved_) return;
  for (char* e : extents_)

    if (::munmap(e, extent_bytes_) != 0)
      throw std::system_error(errno, std::generic_category(), "releasing a region's placeholder");
  reserved_ = false;
}

}  // namespace daxbench
