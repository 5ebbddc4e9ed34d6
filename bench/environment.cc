#include "bench/environment.h"

#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "daxbench_version.h"  // generated at build time (cmake/version.cmake)
#include "workloads/util.h"

namespace daxbench {

namespace {

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

// mm/memory.c exposes fault_around_bytes only in debugfs. If debugfs is not
// mounted, mount it privately in a temporary directory, read, and undo both.
std::string fault_around_bytes() {
  std::string value = read_text_file("/sys/kernel/debug/fault_around_bytes");
  if (!value.empty()) return value;
  char dir[] = "/tmp/daxbench-debugfs.XXXXXX";
  if (::mkdtemp(dir) == nullptr) return std::string("unavailable (") + std::strerror(errno) + ")";
  std::string result;
  if (::mount("debugfs", dir, "debugfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) ==
      0) {
    result = read_text_file(std::string(dir) + "/fault_around_bytes");
    if (result.empty()) result = "unavailable (not in debugfs)";
    ::umount2(dir, MNT_DETACH);
  } else {
    result = std::string("unavailable (debugfs: ") + std::strerror(errno) + ")";
  }
  ::rmdir(dir);
  return result;
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
  return {
      {"daxbench_version", daxbench_version()},
      {"kernel_release", u.release},
      {"kernel_cmdline", read_text_file("/proc/cmdline")},
      {"cpu_model", cpu_model()},
      {"online_cpus", read_text_file("/sys/devices/system/cpu/online")},
      {"numa_nodes_online", read_text_file("/sys/devices/system/node/online")},
      {"thp_enabled",
       selected_choice(read_text_file("/sys/kernel/mm/transparent_hugepage/enabled"))},
      {"thp_defrag", selected_choice(read_text_file("/sys/kernel/mm/transparent_hugepage/defrag"))},
      {"fault_around_bytes", fault_around_bytes()},
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
