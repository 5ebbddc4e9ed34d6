// A filesystem image mounted through a loop device, for tests that need real
// ext4/xfs on a non-DAX device. Unmounted and deleted at scope end.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "tests/test_util.h"

namespace daxbench::testing {

class LoopMount {
 public:
  // fs: "ext4" or "xfs"; options: mount -o options (e.g. "dax=inode").
  LoopMount(const std::string& fs, const std::string& options) : dir_("/tmp") {
    image_ = dir_.file("fs.img");
    mount_point_ = dir_.file("mnt");
    ::mkdir(mount_point_.c_str(), 0755);
    const std::string mkfs = fs == "xfs" ? "mkfs.xfs -q -f " : "mkfs.ext4 -q -F ";
    const CommandResult r =
        run_shell("truncate -s 512M " + image_ + " && " + mkfs + image_ + " && mount -o loop," +
                  options + " " + image_ + " " + mount_point_);
    if (r.status == 0) {
      mounted_ = true;
    } else {
      error_ = "cannot loop-mount " + fs + " (" + options + "): " + r.err;
    }
  }
  ~LoopMount() {
    if (mounted_) run_shell("umount " + mount_point_);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return mount_point_; }

 private:
  TempDir dir_;
  std::string image_;
  std::string mount_point_;
  bool mounted_ = false;
  std::string error_;
};

}  // namespace daxbench::testing
