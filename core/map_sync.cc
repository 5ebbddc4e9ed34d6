#include "core/map_sync.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace daxbench {

std::string nvdimm_bus_provider(const std::string& block_device) {
  if (block_device.empty()) return "";
  // /sys/block/pmem0/device is the namespace (or its pfn device), below the
  // region, below the ndbus that has the provider attribute.
  std::error_code ec;
  std::filesystem::path dir =
      std::filesystem::canonical("/sys/block/" + block_device + "/device", ec);
  if (ec) return "";
  for (; dir.has_relative_path() && dir != "/sys/devices"; dir = dir.parent_path()) {
    const std::string provider = read_text_file((dir / "provider").string());
    if (!provider.empty()) return provider;
  }
  return "";
}

std::string map_sync_refusal(int fd, const TargetInfo& target, bool dax_file) {
  const long page = ::sysconf(_SC_PAGESIZE);
  void* probe = ::mmap(nullptr, static_cast<size_t>(page), PROT_READ | PROT_WRITE,
                       MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
  if (probe != MAP_FAILED) {
    ::munmap(probe, static_cast<size_t>(page));
    return "";
  }
  const int err = errno;
  const char* name = ::strerrorname_np(err);
  std::string why = std::string("MAP_SYNC refused by the kernel (") +
                    (name ? name : "errno " + std::to_string(err)) + "): ";
  if (err != EOPNOTSUPP) return why + std::strerror(err);
  // mm/mmap.c: do_mmap refuses it where the file's mmap does not support it
  // (the page cache, tmpfs); ext4 and xfs refuse it on a file that is not DAX.
  if (!dax_file) return why + "MAP_SYNC needs a DAX file";
  // ext4 and xfs grant MAP_SYNC on a DAX file only if its DAX device is
  // synchronous (fs/ext4/file.c, fs/xfs/xfs_file.c: daxdev_mapping_supported
  // -> dax_synchronous). nd_pmem marks it so unless the region is
  // ND_REGION_ASYNC (drivers/nvdimm/pmem.c: is_nvdimm_sync), which
  // virtio-pmem sets: its flushes are requests to the host
  // (drivers/nvdimm/virtio_pmem.c, nd_virtio.c).
  why += "the DAX device is not synchronous";
  const std::string provider = nvdimm_bus_provider(target.block_device);
  return provider.empty() ? why : why + " (" + provider + ")";
}

}  // namespace daxbench
