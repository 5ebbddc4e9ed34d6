// Helpers of the "never outside its own files" tests (docs/reliability.md):
// snapshots of a directory tree that show whether anything in it was created,
// truncated, rewritten or deleted, and a second, unprivileged uid.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "tests/test_util.h"

namespace daxbench::testing {

// The second local user of the multi-user cases (nobody on Debian).
constexpr uid_t kOtherUid = 65534;
constexpr gid_t kOtherGid = 65534;

// `setpriv` prefix that runs a command as kOtherUid with no supplementary groups.
inline std::string as_other_user() {
  return "setpriv --reuid=" + std::to_string(kOtherUid) + " --regid=" + std::to_string(kOtherGid) +
         " --clear-groups ";
}

// An mtime far in the past, so any write would visibly change it.
inline void age(const std::string& path) {
  const timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// Everything about a tree that a stray create, truncate, write or delete
// would change: per entry (not following symlinks) its type, size, mode,
// owner, mtime, and the content of regular files or the target of symlinks.
inline std::string describe_entry(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::string("absent: ") + std::strerror(errno);
  std::ostringstream e;
  e << std::oct << st.st_mode << std::dec << " uid " << st.st_uid << " size " << st.st_size
    << " mtime " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
  if (S_ISREG(st.st_mode)) {
    const std::string content = read_file(path);
    if (content.size() <= 256) {
      e << " content " << content;
    } else {
      e << " content hash " << std::hash<std::string>{}(content);
    }
  }
  if (S_ISLNK(st.st_mode)) e << " -> " << std::filesystem::read_symlink(path).string();
  return e.str();
}

// The root itself (its mtime shows an entry created and removed again) and
// everything below it.
inline std::map<std::string, std::string> snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  out["."] = describe_entry(root);
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::string path = it->path().string();
    out[path.substr(root.size())] = describe_entry(path);
  }
  return out;
}

// A directory outside every target, holding a file that must never change:
// where a followed symlink would lead.
class Outside {
 public:
  Outside() {
    write_text(dir_.file("victim"), "precious bytes\n");
    ::mkdir(dir_.file("sub").c_str(), 0755);
    write_text(dir_.file("sub/inner"), "inner bytes\n");
    age(dir_.file("victim"));
    age(dir_.file("sub/inner"));
    age(dir_.file("sub"));
    ::chmod(dir_.path().c_str(), 0755);
    age(dir_.path());
    before_ = snapshot(dir_.path());
  }
  const std::string& path() const { return dir_.path(); }
  std::string file(const std::string& n) const { return dir_.file(n); }
  bool untouched() const { return snapshot(dir_.path()) == before_; }
  std::string diff() const {
    std::string out;
    const auto now = snapshot(dir_.path());
    for (const auto& [k, v] : now)
      if (!before_.count(k) || before_.at(k) != v) out += "changed/created " + k + ": " + v + "\n";
    for (const auto& [k, v] : before_)
      if (!now.count(k)) out += "deleted " + k + "\n";
    return out;
  }

 private:
  TempDir dir_;
  std::map<std::string, std::string> before_;
};

}  // namespace daxbench::testing
