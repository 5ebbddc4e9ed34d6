#include "core/region_slots.h"

#include <sys/mman.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace daxbench {

namespace {

constexpr size_t kChunk = size_t{2} << 20;  // what one PTE table maps

size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

}  // namespace

RegionSlots::RegionSlots(size_t count, size_t length, size_t misalign, void* hint)
    : extent_bytes_(round_up(misalign + length, kChunk)), misalign_(misalign) {
  // [spacer][extent 0][spacer][extent 1]...[spacer], 2 MiB-aligned. Only
  // address space: PROT_NONE, MAP_NORESERVE, no larger than the regions
  // need (RLIMIT_AS counts it).
  const size_t bytes = kChunk + count * (extent_bytes_ + kChunk);
  window_ = reserve_aligned(bytes, kChunk, 0, hint);
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

void* map_at(void* at, size_t length, int prot, int flags, int fd, off_t offset) {
  const bool validate = (flags & MAP_TYPE) == MAP_SHARED_VALIDATE;
  void* p =
      ::mmap(at, length, prot, flags | (validate ? MAP_FIXED : MAP_FIXED_NOREPLACE), fd, offset);
  if (p != MAP_FAILED && p != at) {
    ::munmap(p, length);
    errno = EEXIST;
    return MAP_FAILED;
  }
  return p;
}

}  // namespace daxbench
