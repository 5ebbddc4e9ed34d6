#include "bench/environment.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "bench/dtlb_size.h"
#include "bench/private_mounts.h"
#include "core/util.h"
#include "daxbench_version.h"  // generated at build time (cmake/version.cmake)

namespace daxbench {

namespace {

constexpr long kDebugfsMagic = 0x64626720;     // include/uapi/linux/magic.h: DEBUGFS_MAGIC
constexpr long kSecurityfsMagic = 0x73636673;  // SECURITYFS_MAGIC

bool is_dir(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// "always [madvise] never" -> "madvise"
std::string selected_choice(const std::string& text) {
  const auto open = text.find('[');
  const auto close = text.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return text;
  return text.substr(open + 1, close - open - 1);
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("model name")) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

// Reads a small file; 0 and its text, or the errno of open/read.
int read_small_file(const std::string& path, std::string& text) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  char buf[256];
  const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  if (n < 0) return errno;
  text.assign(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return 0;
}

bool is_fs(const char* path, long magic) {
  struct statfs st {};
  return ::statfs(path, &st) == 0 && static_cast<long>(st.f_type) == magic;
}

// The kernel lockdown mode ("none", "integrity", "confidentiality"), from
// securityfs (security/lockdown/lockdown.c: lockdown_read, the selected mode
// in brackets); "" when the kernel has no lockdown LSM. securityfs is read
// where mounted, else in a private mount namespace (bench/private_mounts.h).
std::string lockdown_mode() {
  std::string text;
  if (read_small_file("/sys/kernel/security/lockdown", text) != 0 &&
      !is_fs("/sys/kernel/security", kSecurityfsMagic) && is_dir("/sys/kernel/security")) {
    PrivateMounts mounts(
        {{"securityfs", "/sys/kernel/security", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC}});
    if (mounts.ok(0)) read_small_file(mounts.path("/sys/kernel/security/lockdown"), text);
  }
  return text.empty() ? "" : selected_choice(text);
}

// mm/memory.c exposes fault_around_bytes only in debugfs. Under kernel
// lockdown (any mode: LOCKDOWN_DEBUGFS is an integrity reason) debugfs
// refuses every read with EPERM (fs/debugfs/file.c: debugfs_locked_down), so
// it is left alone, mounted or not. Otherwise it is read where debugfs is
// mounted, an error reported with its errno; where it is not mounted, it is
// mounted read-only in a private mount namespace: nobody else sees it and it
// is gone with the helper process.
std::string fault_around_bytes() {
  const std::string file = "/sys/kernel/debug/fault_around_bytes";
  const std::string lockdown = lockdown_mode();
  if (!lockdown.empty() && lockdown != "none")
    return "unreadable (kernel lockdown " + lockdown + ": debugfs refuses reads with " +
           std::strerror(EPERM) + ", errno " + std::to_string(EPERM) +
           "; daxbench leaves debugfs alone under lockdown)";
  std::string value;
  if (is_fs("/sys/kernel/debug", kDebugfsMagic)) {
    const int err = read_small_file(file, value);
    if (err == 0) return value;
    return "unreadable (" + file + ": " + std::strerror(err) + ", errno " + std::to_string(err) +
           ")";
  }
  if (!is_dir("/sys/kernel/debug")) return "unreadable (no debugfs in this kernel)";
  PrivateMounts mounts(
      {{"debugfs", "/sys/kernel/debug", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC}});
  if (!mounts.ok(0)) return "unreadable (" + mounts.error(0) + ")";
  const int err = read_small_file(mounts.path(file), value);
  if (err == 0) return value;
  return "unreadable (" + file + " in a private debugfs mount: " + std::strerror(err) + ", errno " +
         std::to_string(err) + ")";
}

}  // namespace

std::string clock_kind() {
  const char* clock = std::getenv("DAXBENCH_CLOCK");
  return clock != nullptr && *clock != '\0' ? clock : "wall-ns";
}

std::string daxbench_version() { return DAXBENCH_VERSION; }

Facts system_facts() {
  struct utsname u {};
  ::uname(&u);
  const char* lab = std::getenv("DAXBENCH_LAB");
  const DtlbSize tlb = read_dtlb_size();
  auto entries = [](unsigned n) { return n ? std::to_string(n) : std::string("unknown"); };
  return {
      {"daxbench_version", daxbench_version()},
      {"kernel_release", u.release},
      {"kernel_cmdline", read_text_file("/proc/cmdline")},
      {"cpu_model", cpu_model()},
      {"online_cpus", read_text_file("/sys/devices/system/cpu/online")},
      // The scaling plots' reference: tasks beyond it share CPUs.
      {"online_cpu_count", std::to_string(::sysconf(_SC_NPROCESSORS_ONLN))},
      {"numa_nodes_online", read_text_file("/sys/devices/system/node/online")},
      {"thp_enabled",
       selected_choice(read_text_file("/sys/kernel/mm/transparent_hugepage/enabled"))},
      {"thp_defrag", selected_choice(read_text_file("/sys/kernel/mm/transparent_hugepage/defrag"))},
      {"fault_around_bytes", fault_around_bytes()},
      // The derived page-walk cost's reference: working sets beyond
      // entries x page size miss the largest data TLB.
      {"dtlb_4k_entries", entries(tlb.entries_4k)},
      {"dtlb_2m_entries", entries(tlb.entries_2m)},
      {"dtlb_source", tlb.source},
      {"clock", clock_kind()},
      {"lab", lab != nullptr ? lab : ""},
  };
}

Facts target_facts(const TargetInfo& t) {
  return {
      {"path", t.path},
      {"real_path", t.real_path},
      {"fs_type", t.fs_type},
      {"mount_point", t.mount_point},
      {"mount_options", t.mount_options},
      {"source", t.source},
      {"block_device", t.block_device.empty() ? "none" : t.block_device},
      {"partition", t.partition.empty() ? "none" : t.partition},
      {"dax_policy", to_string(t.dax_policy)},
      {"dax_capable", t.dax_capable ? "yes" : "no"},
      {"dax_capability", t.dax_capability},
      {"numa_node", t.numa_node < 0 ? "unknown" : std::to_string(t.numa_node)},
      {"block_size", std::to_string(t.block_size)},
      {"free_bytes", std::to_string(t.free_bytes)},
  };
}

nlohmann::json target_json(const TargetInfo& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : target_facts(t)) j[k] = v;
  j["dax_capable"] = t.dax_capable;
  j["numa_node"] = t.numa_node;
  j["block_size"] = t.block_size;
  j["free_bytes"] = t.free_bytes;
  return j;
}

}  // namespace daxbench
