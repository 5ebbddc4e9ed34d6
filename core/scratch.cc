#include "core/scratch.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <system_error>
#include <vector>

#include "core/target.h"

namespace daxbench {

namespace {

constexpr const char* kOwnerFile = "owner";
constexpr const char* kPrefix = "daxbench.";

[[noreturn]] void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

std::vector<ScratchDir*>& live_dirs() {
  static std::vector<ScratchDir*> dirs;
  return dirs;
}

void warn(const std::string& message) { std::fprintf(stderr, "daxbench: %s\n", message.c_str()); }

// Removes what is inside the directory open as `dir_fd` (on device `dev`).
// Subdirectories are opened with O_NOFOLLOW and checked to be the inode
// fstatat saw, so a symlink is only ever unlinked, never entered; a mount
// point (another st_dev) is left alone.
bool remove_entries(int dir_fd, dev_t dev, const std::string& display) {
  bool ok = true;
  for (const std::string& name : list_names(dir_fd)) {
    const std::string where = join_path(display, name);
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      warn("could not remove " + where + ": " + std::strerror(errno));
      ok = false;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (st.st_dev != dev) {
        warn("left " + where + " alone: another filesystem is mounted there");
        ok = false;
        continue;
      }
      FileDescriptor sub(
          ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      struct stat opened {};
      if (!sub.valid() || ::fstat(sub.get(), &opened) != 0 || opened.st_ino != st.st_ino ||
          opened.st_dev != st.st_dev) {
        warn("could not remove " + where + ": it changed while being removed; left alone");
        ok = false;
        continue;
      }
      ok = remove_entries(sub.get(), dev, where) && ok;
      if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
        warn("could not remove " + where + ": " + std::strerror(errno));
        ok = false;
      }
    } else if (::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT) {
      warn("could not remove " + where + ": " + std::strerror(errno));
      ok = false;
    }
  }
  return ok;
}

bool same_inode(const struct stat& a, dev_t dev, ino_t ino) {
  return a.st_dev == dev && a.st_ino == ino;
}

// The name under which the directory (dev, ino) now appears in `parent`, or "".
std::string find_by_inode(const DirHandle& parent, dev_t dev, ino_t ino) {
  for (const std::string& name : list_names(parent.fd())) {
    struct stat st {};
    if (::fstatat(parent.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode) && same_inode(st, dev, ino))
      return name;
  }
  return "";
}

// Removes the (already emptied) directory (dev, ino) from `parent`: under
// `name` if it is still there, else under whatever name it was renamed to.
// An entry that is not that directory (a symlink put in its place) is never
// touched. Returns false when it was not found.
bool remove_emptied_dir(const DirHandle& parent, const std::string& name, dev_t dev, ino_t ino) {
  struct stat st {};
  std::string found = name;
  if (::fstatat(parent.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
      !same_inode(st, dev, ino)) {
    found = find_by_inode(parent, dev, ino);
    const std::string what = parent.file(name);
    if (found.empty()) {
      warn("scratch directory " + what +
           " was moved away by someone else and is not in the target any more; its contents "
           "were removed through its open fd; the entry now named " +
           name + " was left alone");
      return false;
    }
    warn("scratch directory " + what + " was renamed to " + parent.file(found) +
         " by someone else; removed it under that name and left the entry now named " + name +
         " alone (not followed)");
  }
  if (::unlinkat(parent.fd(), found.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
    warn("could not remove " + parent.file(found) + ": " + std::strerror(errno));
    return false;
  }
  return true;
}

// Field 22 of /proc/<pid>/stat: start time in clock ticks after boot; 0 if
// the process is gone.
uint64_t process_start_ticks(long pid) {
  const std::string stat = read_text_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  // After "pid (comm)": field 3 (state) onwards; starttime is field 22. A
  // zombie (Z) or dead (X) process has finished: its scratch is stale.
  const char* p = stat.c_str() + paren + 2;
  if (*p == 'Z' || *p == 'X') return 0;
  for (int field = 3; field < 22 && *p != '\0'; ++field) {
    p = std::strchr(p, ' ');
    if (p == nullptr) return 0;
    ++p;
  }
  return std::strtoull(p, nullptr, 10);
}

std::string boot_id() { return read_text_file("/proc/sys/kernel/random/boot_id"); }

bool is_scratch_name(const std::string& name) {
  // daxbench.<pid>.<8 hex digits>
  if (!name.starts_with(kPrefix)) return false;
  const std::string rest = name.substr(std::strlen(kPrefix));
  const size_t dot = rest.find('.');
  if (dot == std::string::npos || dot == 0) return false;
  if (!std::all_of(rest.begin(), rest.begin() + static_cast<long>(dot), ::isdigit)) return false;
  const std::string hex = rest.substr(dot + 1);
  return hex.size() == 8 && std::all_of(hex.begin(), hex.end(), ::isxdigit);
}

struct OwnerRecord {
  long pid = 0;
  uint64_t start_ticks = 0;
  std::string boot;
};

std::optional<OwnerRecord> read_owner(const DirHandle& dir) {
  FileDescriptor fd(::openat(dir.fd(), kOwnerFile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 4096)
    return std::nullopt;
  char buf[4097];
  const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  OwnerRecord r;
  char boot[64] = "";
  unsigned long long ticks = 0;
  if (std::sscanf(buf, "daxbench scratch directory\npid %ld\nstart_ticks %llu\nboot_id %63s",
                  &r.pid, &ticks, boot) != 3)
    return std::nullopt;
  r.start_ticks = ticks;
  r.boot = boot;
  return r;
}

}  // namespace

// --- DirHandle ---------------------------------------------------------------

DirHandle DirHandle::open(const std::string& path) {
  // A trailing slash would make the kernel follow a symlink despite O_NOFOLLOW.
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw_errno(errno, "open directory " + path);
  return DirHandle(FileDescriptor(fd), p);
}

DirHandle DirHandle::dup() const {
  if (!valid()) return DirHandle();
  const int fd = ::fcntl(fd_.get(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) throw_errno(errno, "dup fd of " + path_);
  return DirHandle(FileDescriptor(fd), path_);
}

DirHandle DirHandle::make_subdir(const std::string& name) const {
  const std::string where = file(name);
  if (::mkdirat(fd(), name.c_str(), 0700) != 0) throw_errno(errno, "mkdir " + where);
  DirHandle sub = open_subdir(name);
  struct stat st {};
  if (::fstat(sub.fd(), &st) != 0) throw_errno(errno, "stat " + where);
  if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0 || st.st_nlink > 2)
    throw std::runtime_error("directory " + where +
                             " was replaced by someone else right after daxbench created it; "
                             "not using it: make the target writable only by trusted users");
  return sub;
}

DirHandle DirHandle::open_subdir(const std::string& name) const {
  const int sub = ::openat(fd(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) {
    const int err = errno;
    if (err == ELOOP || err == ENOTDIR)
      throw std::runtime_error("directory " + file(name) +
                               " was replaced by a symlink or a file by someone else; not "
                               "followed: make the target writable only by trusted users");
    throw_errno(err, "open directory " + file(name));
  }
  return DirHandle(FileDescriptor(sub), file(name));
}

FileDescriptor DirHandle::create_file(const std::string& name, uint64_t size,
                                      int open_flags) const {
  const std::string where = file(name);
  const int raw = ::openat(fd(), name.c_str(),
                           O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | open_flags, 0600);
  if (raw < 0) throw_errno(errno, "create " + where);
  FileDescriptor f(raw);
  preallocate_file(f.get(), size, where);
  return f;
}

FileDescriptor DirHandle::open_file(const std::string& name, int flags) const {
  const int raw = ::openat(fd(), name.c_str(), (flags & ~O_CREAT) | O_NOFOLLOW | O_CLOEXEC);
  if (raw < 0) throw_errno(errno, "open " + file(name));
  return FileDescriptor(raw);
}

bool DirHandle::remove(const std::string& name) const {
  struct stat st {};
  if (::fstatat(fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno == ENOENT;
  if (!S_ISDIR(st.st_mode)) {
    if (::unlinkat(fd(), name.c_str(), 0) == 0 || errno == ENOENT) return true;
    warn("could not remove " + file(name) + ": " + std::strerror(errno));
    return false;
  }
  struct stat self {};
  if (::fstat(fd(), &self) != 0 || self.st_dev != st.st_dev) {
    warn("left " + file(name) + " alone: another filesystem is mounted there");
    return false;
  }
  DirHandle sub;
  try {
    sub = open_subdir(name);
  } catch (const std::exception& e) {
    warn(std::string("could not remove: ") + e.what());
    return false;
  }
  bool ok = sub.remove_contents();
  return remove_emptied_dir(*this, name, st.st_dev, st.st_ino) && ok;
}

bool DirHandle::remove_contents() const {
  struct stat self {};
  if (::fstat(fd(), &self) != 0) return false;
  return remove_entries(fd(), self.st_dev, path_);
}

// --- DirFile -----------------------------------------------------------------

int DirFile::open_raw(int flags) const {
  return ::openat(dir_.fd(), name_.c_str(), (flags & ~O_CREAT) | O_NOFOLLOW | O_CLOEXEC);
}

std::optional<bool> DirFile::dax_attribute() const {
  struct statx stx {};
  if (::statx(dir_.fd(), name_.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) != 0)
    throw_errno(errno, "statx " + path());
  if ((stx.stx_attributes_mask & STATX_ATTR_DAX) == 0) return std::nullopt;  // before 5.8
  return (stx.stx_attributes & STATX_ATTR_DAX) != 0;
}

bool DirFile::says_dax() const { return dax_attribute().value_or(false); }

// --- ScratchDir --------------------------------------------------------------

ScratchDir::ScratchDir(const std::string& target) : target_(DirHandle::open(target)) { create(); }

ScratchDir::ScratchDir(const TargetInfo& target) : target_(DirHandle::open(target.real_path)) {
  struct stat st {};
  if (::fstat(target_.fd(), &st) != 0 || st.st_dev != target.dev || st.st_ino != target.ino)
    throw UsageError("target " + target.path +
                     ": replaced by another directory since it was checked; not using it: "
                     "make its parent writable only by trusted users");
  create();
}

void ScratchDir::create() {
  for (const StaleScratch& s : find_stale_scratch(target_, /*remove=*/true)) {
    if (s.removed) {
      warn("removed stale scratch directory " + target_.file(s.name) + " (" + s.owner + ")");
    } else if (s.stale) {
      warn("stale scratch directory " + target_.file(s.name) + " (" + s.owner +
           ") could not be removed: " + s.note);
    }
  }
  for (int attempt = 0;; ++attempt) {
    uint32_t random = 0;
    if (::getrandom(&random, sizeof random, 0) != sizeof random)
      random = static_cast<uint32_t>(::time(nullptr)) + static_cast<uint32_t>(attempt);
    char name[64];
    std::snprintf(name, sizeof name, "%s%d.%08x", kPrefix, static_cast<int>(::getpid()), random);
    try {
      dir_ = target_.make_subdir(name);
      name_ = name;
      break;
    } catch (const std::system_error& e) {
      if (e.code().value() != EEXIST || attempt >= 16) throw;
    }
  }
  struct stat st {};
  if (::fstat(dir_.fd(), &st) != 0) throw_errno(errno, "stat " + dir_.path());
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  {
    std::lock_guard lock(registry_mutex());
    live_dirs().push_back(this);
  }
  try {
    char record[256];
    const int n = std::snprintf(
        record, sizeof record,
        "daxbench scratch directory\npid %d\nstart_ticks %" PRIu64 "\nboot_id %s\n",
        static_cast<int>(::getpid()), process_start_ticks(::getpid()), boot_id().c_str());
    FileDescriptor fd = dir_.create_file(kOwnerFile, 0, 0);
    if (::write(fd.get(), record, static_cast<size_t>(n)) != n)
      throw_errno(errno, "write " + dir_.file(kOwnerFile));
  } catch (...) {
    std::lock_guard lock(registry_mutex());
    remove_locked();
    std::erase(live_dirs(), this);
    throw;
  }
}

ScratchDir::~ScratchDir() {
  std::lock_guard lock(registry_mutex());
  remove_locked();
  std::erase(live_dirs(), this);
}

void ScratchDir::remove() {
  std::lock_guard lock(registry_mutex());
  remove_locked();
}

void ScratchDir::remove_locked() {
  if (removed_ || !dir_.valid()) return;
  removed_ = true;
  dir_.remove_contents();
  remove_emptied_dir(target_, name_, dev_, ino_);
}

void remove_all_scratch_dirs() {
  std::lock_guard lock(registry_mutex());
  for (ScratchDir* d : live_dirs()) d->remove_locked();
}

void remove_tree(const std::string& dir) {
  std::string p = dir;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t slash = p.rfind('/');
  const std::string parent =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : p.substr(0, slash));
  const std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  try {
    DirHandle::open(parent).remove(name);
  } catch (const std::exception& e) {
    warn(std::string("could not remove ") + dir + ": " + e.what());
  }
}

std::vector<StaleScratch> find_stale_scratch(const DirHandle& target, bool remove) {
  std::vector<StaleScratch> found;
  const std::string this_boot = boot_id();
  std::vector<std::string> names = list_names(target.fd());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!is_scratch_name(name)) continue;
    StaleScratch s;
    s.name = name;
    struct stat st {};
    if (::fstatat(target.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISDIR(st.st_mode)) {
      s.owner = "unknown";
      s.note = S_ISLNK(st.st_mode) ? "a symlink, not a scratch directory: left alone, not followed"
                                   : "not a directory: left alone";
      found.push_back(s);
      continue;
    }
    if (st.st_uid != ::geteuid()) {
      s.owner = "unknown";
      s.note = "owned by uid " + std::to_string(st.st_uid) + ", not by this user: left alone";
      found.push_back(s);
      continue;
    }
    DirHandle dir;
    try {
      dir = target.open_subdir(name);
    } catch (const std::exception& e) {
      s.owner = "unknown";
      s.note = e.what();
      found.push_back(s);
      continue;
    }
    struct stat opened {};
    if (::fstat(dir.fd(), &opened) != 0 || !same_inode(opened, st.st_dev, st.st_ino)) {
      s.owner = "unknown";
      s.note = "changed while being inspected: left alone";
      found.push_back(s);
      continue;
    }
    const std::optional<OwnerRecord> owner = read_owner(dir);
    if (!owner) {
      s.owner = "no owner record";
      s.note =
          "no owner record (being created, or from a daxbench before 2026-12): left alone; "
          "remove it by hand if no daxbench runs on this target";
      found.push_back(s);
      continue;
    }
    s.owner = "pid " + std::to_string(owner->pid) + ", started " +
              std::to_string(owner->start_ticks) + " ticks after boot " + owner->boot;
    if (owner->boot != this_boot) {
      s.stale = true;
      s.owner += ", an earlier boot";
    } else if (process_start_ticks(owner->pid) != owner->start_ticks) {
      s.stale = true;
      s.owner += ", gone";
    } else {
      s.note = "in use by pid " + std::to_string(owner->pid) + ": left alone";
    }
    if (s.stale && remove) {
      const bool emptied = dir.remove_contents();
      s.removed = remove_emptied_dir(target, name, st.st_dev, st.st_ino) && emptied;
      if (!s.removed) s.note = "see the messages above";
    }
    found.push_back(s);
  }
  return found;
}

}  // namespace daxbench
