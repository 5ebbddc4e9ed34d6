#include "core/target.h"

#include <limits.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/util.h"

namespace daxbench {

const char* to_string(DaxMountPolicy p) {
  switch (p) {
    case DaxMountPolicy::kNone:
      return "none (filesystem without DAX)";
    case DaxMountPolicy::kNever:
      return "dax=never";
    case DaxMountPolicy::kInode:
      return "dax=inode";
    case DaxMountPolicy::kAlways:
      return "dax=always";
  }
  return "?";
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

namespace {

// Undoes the octal escapes (\040 for space) of /proc/self/mountinfo.
std::string unescape_mount_field(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 3).c_str(), nullptr, 8));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool path_is_under(const std::string& path, const std::string& mount_point) {
  if (mount_point == "/") return true;
  return path == mount_point || (path.starts_with(mount_point) && path[mount_point.size()] == '/');
}

bool has_option(const std::string& options, const std::string& opt) {
  for (const auto& o : split_list(options))
    if (o == opt) return true;
  return false;
}

// Fills mount facts from the mountinfo line whose mount point is the longest
// prefix of the target (the last such line wins for stacked mounts).
void read_mount(TargetInfo& t) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  size_t best = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, mount_point, mount_opts, field;
    fields >> id >> parent >> devno >> root >> mount_point >> mount_opts;
    while (fields >> field && field != "-") {
    }
    std::string fs_type, source, super_opts;
    fields >> fs_type >> source >> super_opts;
    mount_point = unescape_mount_field(mount_point);
    if (!path_is_under(t.real_path, mount_point) || mount_point.size() < best) continue;
    best = mount_point.size();
    t.mount_point = mount_point;
    t.fs_type = fs_type;
    t.source = unescape_mount_field(source);
    t.mount_options = mount_opts + "," + super_opts;
    t.block_device.clear();
    t.partition.clear();
    unsigned major_no = 0, minor_no = 0;
    if (std::sscanf(devno.c_str(), "%u:%u", &major_no, &minor_no) == 2 && major_no != 0) {
      char resolved[PATH_MAX];
      const std::string link =
          "/sys/dev/block/" + std::to_string(major_no) + ":" + std::to_string(minor_no);
      if (::realpath(link.c_str(), resolved) != nullptr) {
        std::string dev_dir = resolved;
        std::string name = dev_dir.substr(dev_dir.rfind('/') + 1);
        if (::access((dev_dir + "/partition").c_str(), F_OK) == 0) {
          t.partition = name;
          std::string parent_dir = dev_dir.substr(0, dev_dir.rfind('/'));
          name = parent_dir.substr(parent_dir.rfind('/') + 1);
        }
        t.block_device = name;
      }
    }
  }
}

}  // namespace

TargetInfo probe_target(const std::string& path, TargetUse use) {
  TargetInfo t;
  t.path = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw UsageError("target " + path + ": " + std::strerror(errno) +
                     "; give an existing directory on the filesystem to measure");
  if (!S_ISDIR(st.st_mode))
    throw UsageError("target " + path +
                     ": not a directory; give a directory on the filesystem to measure");
  t.dev = st.st_dev;
  t.ino = st.st_ino;
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) == 0 &&
      (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
    throw UsageError("target " + path + ": on " +
                     (fs.f_type == PROC_SUPER_MAGIC ? "/proc" : "/sys") +
                     ", not a filesystem to benchmark; give a directory on ext4, xfs or tmpfs");
  if (use == TargetUse::kBenchmark && ::access(path.c_str(), W_OK | X_OK) != 0)
    throw UsageError("target " + path + ": not writable (" + std::strerror(errno) +
                     "); daxbench creates its scratch directory there");
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr)
    throw UsageError("target " + path + ": " + std::strerror(errno));
  t.real_path = resolved;

  read_mount(t);
  struct statvfs vfs {};
  if (::statvfs(t.real_path.c_str(), &vfs) == 0) {
    t.free_bytes = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    t.block_size = static_cast<uint32_t>(vfs.f_bsize);
    t.free_inodes = vfs.f_favail;
    t.total_inodes = vfs.f_files;
  }
  // Some filesystems (btrfs) report no inode counts at all: f_files 0.
  if (use == TargetUse::kBenchmark && t.total_inodes != 0 && t.free_inodes == 0)
    throw UsageError("target " + path + ": no free inodes (statvfs f_favail 0 of " +
                     std::to_string(t.total_inodes) +
                     "); daxbench needs a few for its scratch directory and files: free some");

  if (t.fs_type == "ext4" || t.fs_type == "xfs") {
    // Mainline 5.8+: dax=inode is the default; "dax" alone is the old dax=always.
    if (has_option(t.mount_options, "dax=always") || has_option(t.mount_options, "dax")) {
      t.dax_policy = DaxMountPolicy::kAlways;
    } else if (has_option(t.mount_options, "dax=never")) {
      t.dax_policy = DaxMountPolicy::kNever;
    } else {
      t.dax_policy = DaxMountPolicy::kInode;
    }
  }

  if (t.block_device.empty()) {
    t.dax_capable = false;
    t.dax_capability = t.fs_type + " is not on a block device";
  } else {
    const std::string dax_file = "/sys/block/" + t.block_device + "/queue/dax";
    const std::string dax = read_text_file(dax_file);
    t.dax_capable = dax == "1";
    t.dax_capability = dax_file + " = " + (dax.empty() ? "(absent)" : dax);
    const std::string node = read_text_file("/sys/block/" + t.block_device + "/device/numa_node");
    if (!node.empty()) t.numa_node = std::atoi(node.c_str());
  }
  return t;
}

std::vector<std::string> split_target_list(const std::string& value) {
  struct stat st {};
  if (value.find(',') != std::string::npos && ::stat(value.c_str(), &st) == 0 &&
      S_ISDIR(st.st_mode))
    return {value};
  return split_list(value);
}

}  // namespace daxbench
