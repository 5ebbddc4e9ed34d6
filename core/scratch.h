// The scratch space daxbench owns inside a target, held by file descriptor.
//
// A target may be world-writable and not sticky (a shared lab mount), so any
// local user can rename entries of it and put symlinks in their place. A path
// such as <target>/daxbench.123.abcd/b0/fault.data is therefore never trusted
// after the directory was created: the target and the scratch directory are
// opened once (O_DIRECTORY|O_NOFOLLOW) and every create, open and remove is
// relative to those fds (openat/mkdirat/unlinkat with O_NOFOLLOW, O_EXCL).
// Renaming the scratch directory away and replacing it by a symlink changes
// nothing daxbench does; cleanup notices it and never follows the symlink.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/target.h"
#include "core/util.h"

namespace daxbench {

// A directory held open. Names inside it are resolved relative to the fd,
// never through path(), which is kept for messages only.
class DirHandle {
 public:
  DirHandle() = default;
  DirHandle(FileDescriptor fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  // Opens an existing directory: O_DIRECTORY|O_NOFOLLOW (a symlink as the
  // last component is refused). Throws std::system_error naming the path.
  static DirHandle open(const std::string& path);

  int fd() const { return fd_.get(); }
  bool valid() const { return fd_.valid(); }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return join_path(path_, name); }
  DirHandle dup() const;

  // mkdirat(0700) then openat(O_DIRECTORY|O_NOFOLLOW); checks that what was
  // opened is the directory just created (a directory owned by this euid,
  // mode 0700), so a swap between the two calls is an error, not followed.
  DirHandle make_subdir(const std::string& name) const;
  // openat(O_DIRECTORY|O_NOFOLLOW) of an existing subdirectory.
  DirHandle open_subdir(const std::string& name) const;
  // openat(O_CREAT|O_EXCL|O_NOFOLLOW, 0600): never an existing file or symlink;
  // then preallocates `size` bytes like create_file().
  FileDescriptor create_file(const std::string& name, uint64_t size, int open_flags = 0) const;
  // openat(O_NOFOLLOW) of an existing file; never creates.
  FileDescriptor open_file(const std::string& name, int flags) const;
  // Removes `name` (a file, a symlink itself, or a directory tree walked by
  // fd). Never follows a symlink, never crosses into another filesystem.
  // Returns false (and says why on stderr) when something could not be removed.
  bool remove(const std::string& name) const;
  // Removes everything inside this directory (the directory itself stays).
  bool remove_contents() const;

 private:
  FileDescriptor fd_;
  std::string path_;
};

// One file of a DirHandle, by name: what a workload keeps to reopen its file
// (flag switching needs fresh opens and path lookups). Holds its own dup of
// the directory fd, so it stays valid after the caller's handle goes.
class DirFile {
 public:
  DirFile() = default;
  DirFile(const DirHandle& dir, std::string name) : dir_(dir.dup()), name_(std::move(name)) {}
  DirFile(const DirFile& o) : dir_(o.dir_.dup()), name_(o.name_) {}
  DirFile& operator=(const DirFile& o) {
    if (this != &o) {
      dir_ = o.dir_.dup();
      name_ = o.name_;
    }
    return *this;
  }
  DirFile(DirFile&&) = default;
  DirFile& operator=(DirFile&&) = default;

  // openat(dir, name, flags|O_NOFOLLOW|O_CLOEXEC); throws std::system_error.
  FileDescriptor open(int flags) const { return dir_.open_file(name_, flags); }
  // The same without throwing: the fd, or -1 with errno set (worker threads).
  int open_raw(int flags) const;
  // statx(dir, name, AT_SYMLINK_NOFOLLOW) STATX_ATTR_DAX: a fresh lookup each
  // time, which is what instantiates a re-loaded inode after a flag change.
  bool says_dax() const;
  // The same, or nullopt when the kernel does not report the attribute.
  std::optional<bool> dax_attribute() const;
  int dir_fd() const { return dir_.fd(); }
  const std::string& name() const { return name_; }
  std::string path() const { return dir_.file(name_); }  // messages only
  bool valid() const { return dir_.valid(); }

 private:
  DirHandle dir_;
  std::string name_;
};

// The scratch directory of one run on one target: <target>/daxbench.<pid>.<random>,
// created 0700 with an owner record inside (pid, process start time, boot
// id) so a later run can tell a stale one (its owner was killed or the
// machine lost power) from a live one. Removed with everything inside it in
// the destructor and by remove_all_scratch_dirs().
class ScratchDir {
 public:
  // Opens `target` (O_DIRECTORY|O_NOFOLLOW), first removes stale scratch
  // directories there (naming them on stderr), then creates its own.
  // Throws std::system_error or UsageError.
  explicit ScratchDir(const std::string& target);
  // The same for a probed target; refuses (UsageError) a target that is no
  // longer the directory probe_target looked at (st_dev/st_ino).
  explicit ScratchDir(const TargetInfo& target);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const DirHandle& dir() const { return dir_; }
  const std::string& path() const { return dir_.path(); }  // messages only
  const std::string& name() const { return name_; }
  // Empties the scratch directory through its fd and removes it from the
  // target if it is still there under its name; a renamed or replaced one is
  // named on stderr and never followed. Idempotent; safe to call from
  // another thread than the one that destroys this (the signal path).
  void remove();

 private:
  friend void remove_all_scratch_dirs();
  void remove_locked();  // with the registry mutex held
  void create();         // in target_, once it is open

  DirHandle target_;
  DirHandle dir_;
  std::string name_;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  bool removed_ = false;
};

// Removes every live scratch directory; called on the signal path after the
// benchmarks have stopped (not from the handler itself).
void remove_all_scratch_dirs();

// Removes `dir` and what is inside it (files and subdirectories created by
// daxbench), walking by fd; never follows a symlink out of it.
void remove_tree(const std::string& dir);

// A scratch directory found in a target, and whether its owner is gone.
struct StaleScratch {
  std::string name;    // daxbench.<pid>.<random>
  std::string owner;   // "pid 1234 (started 5678 ticks after boot)" or why unknown
  bool stale = false;  // owner gone (or another boot): safe to remove
  bool removed = false;
  std::string note;  // why it was kept or could not be removed
};

// Lists the daxbench.* scratch directories of an open target, deciding for
// each from its owner record whether the owner is gone. Only real
// directories owned by this euid count; symlinks and others' entries are
// reported as kept. With `remove`, stale ones are removed by fd walk.
std::vector<StaleScratch> find_stale_scratch(const DirHandle& target, bool remove);

}  // namespace daxbench
