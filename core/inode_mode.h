// Inode modes (README.md, "Inode modes"): how a test file reaches DAX or the
// page cache, and the statx check that it really did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/scratch.h"
#include "core/target.h"

namespace daxbench {

enum class InodeMode { kPageCache, kDaxAlways, kDaxInode, kDaxInodeOff };

const char* to_string(InodeMode);  // "dax-inode"
std::optional<InodeMode> parse_inode_mode(const std::string&);
const std::vector<InodeMode>& all_inode_modes();
bool expects_dax(InodeMode);  // dax-always, dax-inode

// Throws UsageError when the mount makes `mode` impossible, before anything is
// created (e.g. dax-always on a dax=never mount, any DAX mode on tmpfs).
void check_mode_possible(const TargetInfo& target, InodeMode mode);

// Sets (dax-inode) or clears (pagecache, dax-inode-off) FS_XFLAG_DAX on a
// directory so files created in it inherit the flag; dax-always leaves it.
// On filesystems without the flag (tmpfs) clearing is a no-op.
void apply_mode_to_directory(const DirHandle& dir, const TargetInfo& target, InodeMode mode);
void apply_mode_to_directory(const std::string& dir, const TargetInfo& target, InodeMode mode);

// statx STATX_ATTR_DAX of a path; throws std::system_error if statx fails.
bool statx_says_dax(const std::string& path);
bool statx_says_dax(int fd);

// Throws UsageError naming the file, the requested mode, what statx found and
// the likely cause, when the file's effective state differs from the mode.
// The file is looked up in its directory fd (AT_SYMLINK_NOFOLLOW), or given open.
void verify_file_mode(const DirFile& file, const TargetInfo& target, InodeMode mode);
void verify_file_mode(int fd, const std::string& file, const TargetInfo& target, InodeMode mode);
void verify_file_mode(const std::string& file, const TargetInfo& target, InodeMode mode);

// FS_XFLAG_DAX through FS_IOC_FSGETXATTR / FS_IOC_FSSETXATTR on an open fd.
// set_dax_flag throws std::system_error (errno kept: EOPNOTSUPP, ENOTTY, ...).
bool get_dax_flag(int fd);
void set_dax_flag(int fd, bool on);

}  // namespace daxbench
