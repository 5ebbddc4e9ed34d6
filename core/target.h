// What daxbench detects about a target directory: the filesystem it lives on,
// the mount's DAX policy, the block device, its DAX capability and NUMA node.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"

namespace daxbench {

enum class DaxMountPolicy { kNone, kNever, kInode, kAlways };
const char* to_string(DaxMountPolicy);

struct TargetInfo {
  std::string path;       // as given
  std::string real_path;  // realpath()
  std::string fs_type;    // "ext4", "xfs", "tmpfs", ... (from /proc/self/mountinfo)
  std::string mount_point;
  std::string mount_options;  // per-mount and superblock options, comma-joined
  std::string source;         // mount source, e.g. /dev/pmem0
  std::string block_device;   // sysfs name of the whole disk ("pmem0"), empty if none
  std::string partition;      // sysfs name of the partition, if the source is one
  // dax=never / dax=inode / dax=always, or kNone for filesystems without DAX
  // (anything but ext4/xfs). ext4 and xfs default to dax=inode since 5.8.
  DaxMountPolicy dax_policy = DaxMountPolicy::kNone;
  bool dax_capable = false;    // /sys/block/<disk>/queue/dax reads 1
  std::string dax_capability;  // how that was decided, for messages
  int numa_node = -1;          // /sys/block/<disk>/device/numa_node, -1 unknown
  uint64_t free_bytes = 0;     // statvfs f_bavail * f_frsize
  uint32_t block_size = 0;     // statvfs f_bsize
  uint64_t free_inodes = 0;    // statvfs f_favail (0 with total_inodes 0: not counted)
  uint64_t total_inodes = 0;   // statvfs f_files
  // The directory probed (stat), so the one opened later can be checked to
  // be the same (ScratchDir): not a directory swapped in between.
  uint64_t dev = 0;
  uint64_t ino = 0;
};

// What the target is for: benchmarking creates a scratch directory there, so
// it must be writable and have free inodes; `env` only looks.
enum class TargetUse { kBenchmark, kInspect };

// Throws UsageError (one line) if `path` does not exist, is not a directory,
// is on /proc or /sys ("not a filesystem to benchmark"), or, for kBenchmark,
// is not writable or has no free inode. Never creates anything.
TargetInfo probe_target(const std::string& path, TargetUse use = TargetUse::kBenchmark);

// Splits a --target value into directories: an existing directory is taken
// whole (its name may contain a comma), anything else is a comma-separated
// list.
std::vector<std::string> split_target_list(const std::string& value);

// Reads a one-line sysfs/procfs file without its newline; empty if absent.
std::string read_text_file(const std::string& path);

}  // namespace daxbench
