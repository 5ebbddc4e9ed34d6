// Kernel pseudo-filesystems (tracefs, debugfs, securityfs) mounted where no
// other process can see them: in a helper process's own mount namespace.
//
// Why a helper process and not unshare(CLONE_NEWNS) in daxbench itself:
// unshare refuses a process whose threads share its filesystem context
// (kernel/fork.c: unshare_fs -> EINVAL when fs->users > 1), and daxbench has
// worker threads; a namespace of our own would also hide mounts made later
// by others. The helper is forked, unshares, makes every mount MS_PRIVATE
// (so nothing propagates back to the parent namespace), mounts, then waits.
// daxbench reads the mounted files through /proc/<helper>/root, which the
// kernel resolves in the helper's namespace (fs/proc/base.c:
// proc_root_link). When the helper exits -- on destruction, on daxbench's
// exit or SIGKILL (pipe EOF, PR_SET_PDEATHSIG) -- its namespace dies and the
// kernel unmounts everything: nothing is left behind, even after SIGKILL.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace daxbench {

struct PrivateMountRequest {
  std::string fs_type;      // "tracefs"
  std::string mount_point;  // an existing directory, "/sys/kernel/tracing"
  unsigned long flags = 0;  // MS_RDONLY | MS_NOSUID | ...
};

class PrivateMounts {
 public:
  // Forks the helper and mounts `requests` in order inside its namespace.
  // Never throws for a mount that fails: ok(i) / error(i) say what happened.
  explicit PrivateMounts(const std::vector<PrivateMountRequest>& requests);
  PrivateMounts(const PrivateMounts&) = delete;
  PrivateMounts& operator=(const PrivateMounts&) = delete;
  ~PrivateMounts();  // ends the helper; its mounts go with its namespace

  // Whether the helper runs in its own namespace ("" = yes, else why not).
  const std::string& namespace_error() const { return namespace_error_; }
  bool ok(size_t i) const { return namespace_error_.empty() && errors_.at(i) == 0; }
  // errno of request i's mount(2) (0 = mounted).
  int mount_errno(size_t i) const { return errors_.at(i); }
  // One line: why request i is not mounted ("" when it is).
  std::string error(size_t i) const;
  // `path` as seen inside the helper's namespace: "/proc/<pid>/root" + path.
  std::string path(const std::string& path) const;
  pid_t pid() const { return pid_; }

 private:
  std::vector<PrivateMountRequest> requests_;
  std::vector<int> errors_;
  std::string namespace_error_;
  pid_t pid_ = -1;
  int keepalive_fd_ = -1;  // write end; the helper exits at EOF
};

}  // namespace daxbench
