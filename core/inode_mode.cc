#include "core/inode_mode.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/util.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000  // include/uapi/linux/stat.h, Linux 5.8
#endif
#ifndef FS_XFLAG_DAX
#define FS_XFLAG_DAX 0x00008000
#endif

namespace daxbench {

const char* to_string(InodeMode m) {
  switch (m) {
    case InodeMode::kPageCache:
      return "pagecache";
    case InodeMode::kDaxAlways:
      return "dax-always";
    case InodeMode::kDaxInode:
      return "dax-inode";
    case InodeMode::kDaxInodeOff:
      return "dax-inode-off";
  }
  return "?";
}

const std::vector<InodeMode>& all_inode_modes() {
  static const std::vector<InodeMode> modes = {InodeMode::kPageCache, InodeMode::kDaxAlways,
                                               InodeMode::kDaxInode, InodeMode::kDaxInodeOff};
  return modes;
}

std::optional<InodeMode> parse_inode_mode(const std::string& s) {
  for (InodeMode m : all_inode_modes())
    if (s == to_string(m)) return m;
  return std::nullopt;
}

bool expects_dax(InodeMode m) { return m == InodeMode::kDaxAlways || m == InodeMode::kDaxInode; }

void check_mode_possible(const TargetInfo& t, InodeMode mode) {
  const std::string where =
      "target " + t.path + " (" + t.fs_type + ", " + to_string(t.dax_policy) + ")";
  const std::string mode_name = to_string(mode);
  if (mode != InodeMode::kPageCache && t.dax_policy == DaxMountPolicy::kNone)
    throw UsageError(where + ": mode " + mode_name +
                     " needs ext4 or xfs on a DAX-capable device (" + t.dax_capability +
                     "); use a pmem target, lab/daxlab, or mode pagecache");
  switch (mode) {
    case InodeMode::kPageCache:
      if (t.dax_policy == DaxMountPolicy::kAlways)
        throw UsageError(where +
                         ": every file is DAX on a dax=always mount, so mode pagecache is "
                         "impossible; use a dax=inode or dax=never mount, or mode dax-inode-off");
      return;
    case InodeMode::kDaxAlways:
      if (t.dax_policy != DaxMountPolicy::kAlways)
        throw UsageError(where +
                         ": mode dax-always needs a mount with -o dax=always; remount with "
                         "-o dax=always or drop that mode");
      return;
    case InodeMode::kDaxInode:
    case InodeMode::kDaxInodeOff:
      if (t.dax_policy != DaxMountPolicy::kInode)
        throw UsageError(where + ": mode " + mode_name +
                         " needs a mount with -o dax=inode (the per-inode flag); remount with "
                         "-o dax=inode or drop that mode");
      return;
  }
}

bool get_dax_flag(int fd) {
  struct fsxattr attr {};
  if (::ioctl(fd, FS_IOC_FSGETXATTR, &attr) != 0)
    throw std::system_error(errno, std::generic_category(), "FS_IOC_FSGETXATTR");
  return (attr.fsx_xflags & FS_XFLAG_DAX) != 0;
}

void set_dax_flag(int fd, bool on) {
  struct fsxattr attr {};
  if (::ioctl(fd, FS_IOC_FSGETXATTR, &attr) != 0)
    throw std::system_error(errno, std::generic_category(), "FS_IOC_FSGETXATTR");
  if (on) {
    attr.fsx_xflags |= FS_XFLAG_DAX;
  } else {
    attr.fsx_xflags &= ~static_cast<unsigned>(FS_XFLAG_DAX);
  }
  if (::ioctl(fd, FS_IOC_FSSETXATTR, &attr) != 0)
    throw std::system_error(errno, std::generic_category(), "FS_IOC_FSSETXATTR");
}

void apply_mode_to_directory(const std::string& dir, const TargetInfo& t, InodeMode mode) {
  apply_mode_to_directory(DirHandle::open(dir), t, mode);
}

void apply_mode_to_directory(const DirHandle& dir_handle, const TargetInfo& t, InodeMode mode) {
  if (mode == InodeMode::kDaxAlways) return;
  const bool on = mode == InodeMode::kDaxInode;
  const std::string& dir = dir_handle.path();
  try {
    if (get_dax_flag(dir_handle.fd()) == on) return;
    set_dax_flag(dir_handle.fd(), on);
  } catch (const std::system_error& e) {
    // tmpfs and others have no FS_IOC_FSGETXATTR: nothing to clear there.
    if (!on && (e.code().value() == ENOTTY || e.code().value() == EOPNOTSUPP ||
                e.code().value() == EINVAL))
      return;
    throw UsageError("target " + t.path + ": cannot " + (on ? "set" : "clear") +
                     " FS_XFLAG_DAX on " + dir + " (" + e.what() + ") for mode " + to_string(mode));
  }
}

namespace {

bool statx_dax(int dirfd, const char* path, int flags, const std::string& what) {
  struct statx stx {};
  if (::statx(dirfd, path, flags, STATX_BASIC_STATS, &stx) != 0)
    throw std::system_error(errno, std::generic_category(), "statx " + what);
  if ((stx.stx_attributes_mask & STATX_ATTR_DAX) == 0) return false;  // kernel before 5.8
  return (stx.stx_attributes & STATX_ATTR_DAX) != 0;
}

}  // namespace

bool statx_says_dax(const std::string& path) { return statx_dax(AT_FDCWD, path.c_str(), 0, path); }

bool statx_says_dax(int fd) { return statx_dax(fd, "", AT_EMPTY_PATH, "fd " + std::to_string(fd)); }

namespace {

void verify_dax_state(bool dax, const std::string& file, const TargetInfo& t, InodeMode mode);

}  // namespace

void verify_file_mode(const std::string& file, const TargetInfo& t, InodeMode mode) {
  verify_dax_state(statx_says_dax(file), file, t, mode);
}

void verify_file_mode(const DirFile& file, const TargetInfo& t, InodeMode mode) {
  verify_dax_state(file.says_dax(), file.path(), t, mode);
}

void verify_file_mode(int fd, const std::string& file, const TargetInfo& t, InodeMode mode) {
  verify_dax_state(statx_says_dax(fd), file, t, mode);
}

namespace {

void verify_dax_state(bool dax, const std::string& file, const TargetInfo& t, InodeMode mode) {
  const bool want = expects_dax(mode);
  if (dax == want) return;
  std::string cause;
  if (want && !t.dax_capable) {
    cause = "the device is not DAX-capable (" + t.dax_capability +
            "); use a pmem (fsdax) target or lab/daxlab";
  } else if (want && mode == InodeMode::kDaxInode) {
    cause =
        "FS_XFLAG_DAX is set but the inode did not become DAX; the kernel may lack per-inode "
        "DAX (5.8+) or the file has a feature that excludes DAX (inline data, encryption, "
        "verity, reflink)";
  } else if (want) {
    cause = "the mount (" + t.mount_options + ") does not give DAX";
  } else {
    cause = "the file is DAX although mode " + std::string(to_string(mode)) +
            " wants the page cache; check the mount's dax= option and the directory's FS_XFLAG_DAX";
  }
  throw UsageError("target " + t.path + ": mode " + to_string(mode) + " wanted " +
                   (want ? "DAX" : "page cache") + " but statx on " + file + " says " +
                   (dax ? "DAX" : "not DAX") + ": " + cause);
}

}  // namespace

}  // namespace daxbench
