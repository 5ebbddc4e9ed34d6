#include "bench/environment.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

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

// Whether `path` is the root of a mount (statx STATX_ATTR_MOUNT_ROOT, 5.8+).
bool is_mount_root(const std::string& path) {
  struct statx stx {};
  return ::statx(AT_FDCWD, path.c_str(), 0, STATX_BASIC_STATS, &stx) == 0 &&
         (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0 &&
         (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

bool in_lab() {
  const char* lab = std::getenv("DAXBENCH_LAB");
  return lab != nullptr && *lab != '\0';
}

std::string dmi_sys_vendor() { return read_text_file("/sys/class/dmi/id/sys_vendor"); }

}  // namespace

const std::vector<std::string>& kernel_config_options() {
  // What changes the paths daxbench measures, or their cost.
  static const std::vector<std::string> options = {
      "CONFIG_FS_DAX", "CONFIG_FS_DAX_PMD",  // fs/dax.c, its PMD faults
      // The boot default of transparent_hugepage/enabled (mm/huge_memory.c)
      "CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS",
      "CONFIG_TRANSPARENT_HUGEPAGE_MADVISE",
      // Faults under the VMA's lock, not mmap_lock (6.4+, mm/memory.c: lock_vma_under_rcu)
      "CONFIG_PER_VMA_LOCK",
      // Preemption model and tick (kernel/Kconfig.preempt, kernel/Kconfig.hz)
      "CONFIG_PREEMPT_NONE", "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT", "CONFIG_PREEMPT_LAZY",
      "CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_DYNAMIC", "CONFIG_HZ",
      // Page-table isolation: a CR3 switch on every kernel entry and exit,
      // faults included (renamed MITIGATION_PAGE_TABLE_ISOLATION in 6.9)
      "CONFIG_PAGE_TABLE_ISOLATION", "CONFIG_MITIGATION_PAGE_TABLE_ISOLATION",
      // Speculation mitigations on every kernel entry, exit and indirect
      // call (arch/x86/Kconfig; renamed MITIGATION_* in 6.9, the umbrella
      // SPECULATION_MITIGATIONS became CPU_MITIGATIONS)
      "CONFIG_SPECULATION_MITIGATIONS", "CONFIG_CPU_MITIGATIONS", "CONFIG_RETPOLINE",
      "CONFIG_MITIGATION_RETPOLINE", "CONFIG_RETHUNK", "CONFIG_MITIGATION_RETHUNK",
      "CONFIG_CPU_UNRET_ENTRY", "CONFIG_MITIGATION_UNRET_ENTRY", "CONFIG_CALL_DEPTH_TRACKING",
      "CONFIG_MITIGATION_CALL_DEPTH_TRACKING", "CONFIG_CPU_IBRS_ENTRY",
      "CONFIG_MITIGATION_IBRS_ENTRY", "CONFIG_SLS", "CONFIG_MITIGATION_SLS",
      // Debugging that multiplies fault costs
      "CONFIG_DEBUG_VM", "CONFIG_DEBUG_PAGEALLOC", "CONFIG_PROVE_LOCKING", "CONFIG_LOCKDEP",
      "CONFIG_KASAN", "CONFIG_KFENCE",
      // Zeroing of every allocated page by default (mm/page_alloc.c: want_init_on_alloc)
      "CONFIG_INIT_ON_ALLOC_DEFAULT_ON", "CONFIG_MEMCG",
      // The compiler that built the kernel: every path's instructions
      // (scripts/Kconfig.include; Debian builds a release's packages in
      // different suites with different GCCs)
      "CONFIG_CC_VERSION_TEXT", "CONFIG_GCC_VERSION", "CONFIG_CLANG_VERSION"};
  return options;
}

bool read_kernel_config(const std::string& path, std::string& text, std::string& error) {
  text.clear();
  if (!path.ends_with(".gz")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = path + ": " + std::strerror(errno);
      return false;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
  }
  gzFile gz = ::gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  int n = 0;
  while ((n = ::gzread(gz, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  int zerr = Z_OK;
  const std::string message = n < 0 ? ::gzerror(gz, &zerr) : "";
  ::gzclose(gz);
  if (n < 0) error = path + ": cannot decompress (" + message + ")";
  return n == 0;
}

Facts config_options(const std::string& text) {
  std::map<std::string, std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // "CONFIG_HZ=250", "# CONFIG_DEBUG_VM is not set" (scripts/kconfig/confdata.c)
    std::string name, value;
    if (line.starts_with("CONFIG_")) {
      const auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      name = line.substr(0, eq);
      value = line.substr(eq + 1);
      // A string option's quotes are the file's syntax, not its value.
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    } else if (line.starts_with("# CONFIG_") && line.ends_with(" is not set")) {
      name = line.substr(2, line.size() - 2 - std::strlen(" is not set"));
      value = "n";
    } else {
      continue;
    }
    found[name] = value;
  }
  Facts out;
  for (const auto& name : kernel_config_options())
    if (auto it = found.find(name); it != found.end()) out.push_back({name, it->second});
  return out;
}

std::string sha256_hex(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) != 1) return "";
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex += digits[md[i] >> 4];
    hex += digits[md[i] & 0xf];
  }
  return hex;
}

KernelConfig kernel_config() {
  struct utsname u {};
  ::uname(&u);
  const std::string release = u.release;
  const bool lab = in_lab();
  // Where the config of the running kernel is: built in (CONFIG_IKCONFIG_PROC),
  // Debian's image packages up to 6.x, the split packages of 7.x
  // (linux-base-<release>). In the lab the guest sees the host's / over 9p
  // (lab/init), so /boot is the host's and /usr/lib/modules/<release> is the
  // guest kernel's own only where the lab mounted its modules there
  // (lab/init: moddir).
  const std::string modules_dir = "/usr/lib/modules/" + release;
  struct Candidate {
    std::string path;
    std::string distrust;  // why, in the lab, this file is not known to be this kernel's
  };
  const std::vector<Candidate> candidates = {
      {"/proc/config.gz", ""},
      {"/boot/config-" + release, lab ? "the lab guest sees the host's /boot" : ""},
      {modules_dir + "/config",
       lab && is_dir(modules_dir) && !is_mount_root(modules_dir)
           ? modules_dir + " is the host's (the lab mounted no modules there)"
           : ""}};
  std::vector<std::string> tried;
  // lab/daxlab copies the booted kernel's config into the guest's job export
  // and says where it came from (the package, or the build-kernel result).
  const char* lab_config = std::getenv("DAXBENCH_LAB_KERNEL_CONFIG");
  if (lab && lab_config != nullptr && *lab_config != '\0') {
    std::string text, error;
    const char* from = std::getenv("DAXBENCH_LAB_KERNEL_CONFIG_FROM");
    if (read_kernel_config(lab_config, text, error))
      return {std::string("lab: ") + (from != nullptr && *from != '\0' ? from : lab_config),
              sha256_hex(text), config_options(text)};
    tried.push_back(error);
  }
  for (const auto& c : candidates) {
    std::string text, error;
    if (!c.distrust.empty()) {
      tried.push_back(c.path + " not read: " + c.distrust);
    } else if (read_kernel_config(c.path, text, error)) {
      return {c.path, sha256_hex(text), config_options(text)};
    } else {
      tried.push_back(error);
    }
  }
  std::string why;
  for (const auto& t : tried) why += (why.empty() ? "" : "; ") + t;
  return {"unknown: " + why, "", {}};
}

Facts cpu_vulnerabilities() {
  // Documentation/admin-guide/hw-vuln/: the mitigations in use change what a
  // kernel entry and exit, and so every fault, costs.
  Facts out;
  std::error_code ec;
  const std::filesystem::path dir = "/sys/devices/system/cpu/vulnerabilities";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    out.push_back({entry.path().filename(), read_text_file(entry.path())});
  std::sort(out.begin(), out.end());
  return out;
}

std::string cpu_emulated() {
  // QEMU's own CPU models name themselves (target/i386/cpu.c: "QEMU TCG CPU
  // version 2.5+" for -cpu max under TCG, "QEMU Virtual CPU version 2.5+" for
  // qemu64); the lab's description names its accelerator (lab/daxlab).
  const char* lab = std::getenv("DAXBENCH_LAB");
  const std::string model = cpu_model();
  const bool tcg_lab = lab != nullptr && std::string(lab).find(" tcg") != std::string::npos;
  if (!model.starts_with("QEMU") && !tcg_lab) return "";
  std::string evidence = "/proc/cpuinfo model name '" + model + "'";
  const std::string vendor = dmi_sys_vendor();
  if (!vendor.empty()) evidence += ", DMI sys_vendor '" + vendor + "'";
  if (tcg_lab) evidence += ", DAXBENCH_LAB: TCG";
  return "QEMU's CPU model, not a machine's (" + evidence + ")";
}

const std::vector<std::string>& emulated_cpu_fields() {
  // Google Benchmark 1.7's JSONReporter::ReportContext writes mhz_per_cpu,
  // cpu_scaling_enabled and caches from its CPUInfo unconditionally (no
  // option to leave them out); dtlb_* come from CPUID, which QEMU answers.
  static const std::vector<std::string> fields = {"mhz_per_cpu",         "caches",
                                                  "cpu_scaling_enabled", "dtlb_4k_entries",
                                                  "dtlb_2m_entries",     "dtlb_source"};
  return fields;
}

nlohmann::json system_json() {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : system_facts()) j[k] = v;
  const KernelConfig config = kernel_config();
  j["kernel_config"] = {{"source", config.source}, {"sha256", config.sha256}};
  j["kernel_config"]["options"] = nlohmann::json::object();
  for (const auto& [k, v] : config.options) j["kernel_config"]["options"][k] = v;
  const Facts vulnerabilities = cpu_vulnerabilities();
  if (vulnerabilities.empty()) {
    j["cpu_vulnerabilities"] = "unknown: no /sys/devices/system/cpu/vulnerabilities in this kernel";
  } else {
    j["cpu_vulnerabilities"] = nlohmann::json::object();
    for (const auto& [k, v] : vulnerabilities) j["cpu_vulnerabilities"][k] = v;
  }
  j["cpu_emulated"] = cpu_emulated();
  if (!j["cpu_emulated"].get<std::string>().empty()) j["emulated_fields"] = emulated_cpu_fields();
  return j;
}

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
      // The kernel's node number (what numactl and --mem-node take), which
      // need not be the firmware's proximity domain or QEMU's node id.
      {"numa_node", t.numa_node < 0 ? "unknown" : std::to_string(t.numa_node)},
      {"numa_node_source", t.block_device.empty()
                               ? "none: not on a block device"
                               : "/sys/block/" + t.block_device + "/device/numa_node"},
      {"numa_node_cpus", t.numa_node < 0
                             ? "unknown"
                             : read_text_file("/sys/devices/system/node/node" +
                                              std::to_string(t.numa_node) + "/cpulist")},
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
