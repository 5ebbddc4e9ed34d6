// Shared by the flag-switch and flag-switch-stress families: switching the
// per-inode DAX flag through either ioctl form, reading the effective state,
// and deciding (with a reason) whether switching can work on a target at all.
//
// Kernel facts (Linux 5.8+, Documentation/filesystems/dax.rst): on a dax=inode
// mount S_DAX is decided when the inode is loaded. Changing FS_XFLAG_DAX marks
// the inode "don't cache" (d_mark_dontcache) and the change takes effect when
// the last reference (fd or mapping) goes away and the inode is evicted; the
// next lookup loads it with the new state, which statx reports as
// STATX_ATTR_DAX.
#pragma once

#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>

#include "core/inode_mode.h"
#include "core/util.h"
#include "workloads/family.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif
#ifndef FS_XFLAG_DAX
#define FS_XFLAG_DAX 0x00008000
#endif
#ifndef FS_DAX_FL
#define FS_DAX_FL 0x02000000
#endif

namespace daxbench {

// The two ioctl forms that change the flag: FS_IOC_FSSETXATTR with
// FS_XFLAG_DAX (ext4, xfs), and FS_IOC_SETFLAGS with FS_DAX_FL (ext4, and any
// filesystem going through fs/ioctl.c's fileattr conversion).
enum class DaxSwitchApi { kFsxattr, kSetflags };

inline const char* to_string(DaxSwitchApi api) {
  return api == DaxSwitchApi::kFsxattr ? "FS_IOC_FSSETXATTR/FS_XFLAG_DAX"
                                       : "FS_IOC_SETFLAGS/FS_DAX_FL";
}

// One file's flag, read once outside timing so that apply() is exactly one
// ioctl (the one being measured).
class DaxFlagSwitch {
 public:
  explicit DaxFlagSwitch(DaxSwitchApi api) : api_(api) {}

  // Reads the current attributes of `fd`; returns errno (0 on success).
  int load(int fd) {
    if (api_ == DaxSwitchApi::kFsxattr)
      return ::ioctl(fd, FS_IOC_FSGETXATTR, &xattr_) == 0 ? 0 : errno;
    return ::ioctl(fd, FS_IOC_GETFLAGS, &flags_) == 0 ? 0 : errno;
  }
  bool loaded_flag() const {
    return api_ == DaxSwitchApi::kFsxattr ? (xattr_.fsx_xflags & FS_XFLAG_DAX) != 0
                                          : (flags_ & FS_DAX_FL) != 0;
  }
  // Sets or clears the flag with one ioctl; returns errno (0 on success).
  int apply(int fd, bool on) {
    if (api_ == DaxSwitchApi::kFsxattr) {
      struct fsxattr a = xattr_;
      a.fsx_xflags = on ? (a.fsx_xflags | FS_XFLAG_DAX) : (a.fsx_xflags & ~unsigned{FS_XFLAG_DAX});
      return ::ioctl(fd, FS_IOC_FSSETXATTR, &a) == 0 ? 0 : errno;
    }
    int f = on ? (flags_ | FS_DAX_FL) : (flags_ & ~FS_DAX_FL);
    return ::ioctl(fd, FS_IOC_SETFLAGS, &f) == 0 ? 0 : errno;
  }
  DaxSwitchApi api() const { return api_; }

 private:
  DaxSwitchApi api_;
  struct fsxattr xattr_ {};
  int flags_ = 0;  // fs/ioctl.c copies an int for FS_IOC_[GS]ETFLAGS
};

// Polls statx on `file` until it reports `want` or `deadline_ns` passes;
// returns the now_ns() of the first statx that did, or 0. Each statx looks the
// name up afresh in its directory fd, which is what instantiates the
// re-loaded inode.
inline uint64_t wait_for_dax_state(const DirFile& file, bool want, uint64_t deadline_ns) {
  for (uint64_t polls = 0;; ++polls) {
    if (file.says_dax() == want) return now_ns();
    const uint64_t t = now_ns();
    if (t >= deadline_ns) return 0;
    // Tight at first (the usual case is microseconds), then yield the CPU.
    if (polls > 1000) ::sched_yield();
  }
}

// Throws SkipScenario, with the reason, where switching cannot work: no
// dax=inode mount of ext4/xfs, a kernel without per-inode DAX, a filesystem
// that refuses the flag, or (when `need_dax_device`) a device on which a
// switch to DAX can never take effect.
inline void check_flag_switching_possible(const Scenario& s, const DirHandle& dir, DaxSwitchApi api,
                                          bool need_dax_device) {
  const TargetInfo& t = s.target;
  const std::string where = s.family->name() + " on " + t.path + " (" + t.fs_type + "): ";
  switch (t.dax_policy) {
    case DaxMountPolicy::kNone:
      throw SkipScenario(where + "no per-inode DAX flag on " + t.fs_type +
                         "; switching needs ext4 or xfs mounted dax=inode on a DAX-capable "
                         "device (Linux 5.8+), e.g. in lab/daxlab");
    case DaxMountPolicy::kNever:
      throw SkipScenario(where +
                         "mounted dax=never, so FS_XFLAG_DAX never takes effect; remount "
                         "with -o dax=inode");
    case DaxMountPolicy::kAlways:
      throw SkipScenario(where +
                         "mounted dax=always, so every file is DAX whatever its flag; "
                         "remount with -o dax=inode");
    case DaxMountPolicy::kInode:
      break;
  }
  if (s.mode == InodeMode::kDaxAlways)
    throw SkipScenario(where + "mode dax-always has no flag to switch");
  if (need_dax_device && !t.dax_capable)
    throw SkipScenario(where + "the device is not DAX-capable (" + t.dax_capability +
                       "), so a switch to DAX can never take effect; use a pmem (fsdax) target "
                       "or lab/daxlab");
  // A probe file: does the kernel report STATX_ATTR_DAX, and does the
  // filesystem accept the flag through this ioctl form?
  const std::string probe_name = "flag-switch.probe";
  {
    FileDescriptor fd = dir.create_file(probe_name, 0);
    if (!DirFile(dir, probe_name).dax_attribute())
      throw SkipScenario(where +
                         "the kernel has no per-inode DAX (statx does not report "
                         "STATX_ATTR_DAX; it needs Linux 5.8+)");
    DaxFlagSwitch sw(api);
    int err = sw.load(fd.get());
    if (err == 0) {
      const bool was = sw.loaded_flag();
      err = sw.apply(fd.get(), !was);
      if (err == 0) err = sw.apply(fd.get(), was);
    }
    if (err != 0) {
      dir.remove(probe_name);
      throw SkipScenario(where + t.fs_type + " refuses " + to_string(api) + " (" +
                         std::strerror(err) + ")");
    }
  }
  dir.remove(probe_name);
}

}  // namespace daxbench
