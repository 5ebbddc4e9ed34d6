// MAP_SYNC (mmap(2)): a shared mapping whose write faults make the file's
// metadata durable before they return, so that CPU cache write-back alone
// persists stores. The kernel grants it only on a DAX file whose DAX device is
// synchronous; the families that need it ask here, once, before measuring.
#pragma once

#include <sys/mman.h>

#include <string>

#include "core/target.h"

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif

namespace daxbench {

// Maps one page of `fd` with MAP_SHARED_VALIDATE | MAP_SYNC and unmaps it.
// Returns "" when the kernel grants it, else the kernel's refusal in one line:
// "MAP_SYNC refused by the kernel (EOPNOTSUPP): " and why, e.g. "the DAX
// device is not synchronous (virtio-pmem)" or "MAP_SYNC needs a DAX file".
// `dax_file` is whether the file is DAX (the caller verified it with statx).
std::string map_sync_refusal(int fd, const TargetInfo& target, bool dax_file);

// The provider of the nvdimm bus under a block device ("ACPI.NFIT",
// "virtio-pmem", "e820"; drivers/nvdimm/bus.c: provider_show), or "" when the
// device is not on one.
std::string nvdimm_bus_provider(const std::string& block_device);

}  // namespace daxbench
