// lab_probe: asserts, inside the daxlab guest, what the kernel does with DAX
// files on a filesystem's two lab mounts (dax=inode and dax=always). It needs
// only the C++ standard library and Linux headers, so the lab tests do not
// depend on the daxbench core.
//
//   lab_probe check FS INODE_MOUNT ALWAYS_MOUNT
//       effective DAX state per inode mode (statx STATX_ATTR_DAX), PMD faults
//       of a 2 MiB-aligned write mapping (fs_dax tracepoints), MAP_SYNC, and
//       the FS_XFLAG_DAX switch taking effect at last close. One line per
//       check ("ok ..." or "FAIL ..."); exit status 1 if any check failed.
//   lab_probe time-faults DIR [ITERATIONS]
//       times a fixed write-fault loop on a DAX file in DIR with
//       CLOCK_MONOTONIC (instruction-ns under daxlab --deterministic) and
//       prints the median cost per fault, one "metric value" line each.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kPmd = 2u << 20;

int g_failures = 0;
int g_checks = 0;

void report(bool ok, const std::string& what) {
  ++g_checks;
  if (!ok) ++g_failures;
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  std::fflush(stdout);
}

[[noreturn]] void fatal(const std::string& what) {
  std::fprintf(stderr, "lab_probe: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(2);
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd_ = std::exchange(o.fd_, -1);
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Owns a mapping.
class Mapping {
 public:
  Mapping() = default;
  Mapping(void* addr, std::size_t len) : addr_(addr), len_(len) {}
  Mapping(Mapping&& o) noexcept
      : addr_(std::exchange(o.addr_, MAP_FAILED)), len_(std::exchange(o.len_, 0)) {}
  ~Mapping() {
    if (addr_ != MAP_FAILED) ::munmap(addr_, len_);
  }
  char* data() const { return static_cast<char*>(addr_); }
  bool valid() const { return addr_ != MAP_FAILED; }

 private:
  void* addr_ = MAP_FAILED;
  std::size_t len_ = 0;
};

// A scratch directory removed with its contents at the end.
class ScratchDir {
 public:
  explicit ScratchDir(std::filesystem::path p) : path_(std::move(p)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A tracefs instance with the fs_dax fault tracepoints enabled, so the counts
// are ours alone (Documentation/trace/ftrace.rst: "instances").
class TraceInstance {
 public:
  TraceInstance() {
    root_ = "/sys/kernel/tracing/instances/lab_probe_" + std::to_string(::getpid());
    if (::mkdir(root_.c_str(), 0755) != 0) fatal("mkdir " + root_ + " (is tracefs mounted?)");
    for (const char* ev : {"dax_pmd_fault_done", "dax_pte_fault_done"}) write(std::string("events/fs_dax/") + ev + "/enable", "1");
  }
  ~TraceInstance() {
    write("tracing_on", "0");
    ::rmdir(root_.c_str());
  }
  void clear() { write("trace", ""); }
  // Counts of events in the buffer: name -> result flags -> count.
  struct Counts {
    int pmd_nopage = 0, pmd_fallback = 0, pmd_other = 0, pte = 0;
  };
  Counts counts() const {
    Counts c;
    std::ifstream in(root_ + "/trace");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (line.find("dax_pte_fault_done:") != std::string::npos) {
        ++c.pte;
      } else if (line.find("dax_pmd_fault_done:") != std::string::npos) {
        // The last field is the VM_FAULT_* result (include/trace/events/fs_dax.h).
        const std::string result = line.substr(line.find_last_of(' ') + 1);
        if (result.find("FALLBACK") != std::string::npos) ++c.pmd_fallback;
        else if (result.find("NOPAGE") != std::string::npos) ++c.pmd_nopage;
        else ++c.pmd_other;
      }
    }
    return c;
  }

 private:
  void write(const std::string& file, const std::string& value) const {
    const std::string path = root_ + "/" + file;
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
    if (fd < 0) fatal("open " + path);
    if (!value.empty() && ::write(fd, value.data(), value.size()) < 0) fatal("write " + path);
    ::close(fd);
  }
  std::string root_;
};

// -1 if statx fails, else 0/1 for STATX_ATTR_DAX.
int statx_dax(const std::string& path) {
  struct statx stx {};
  if (::statx(AT_FDCWD, path.c_str(), 0, STATX_BASIC_STATS, &stx) != 0) return -1;
  if (!(stx.stx_attributes_mask & STATX_ATTR_DAX)) return -1;
  return (stx.stx_attributes & STATX_ATTR_DAX) ? 1 : 0;
}

bool set_dax_flag(int fd, bool on) {
  struct fsxattr fa {};
  if (::ioctl(fd, FS_IOC_FSGETXATTR, &fa) != 0) return false;
  fa.fsx_xflags = on ? (fa.fsx_xflags | FS_XFLAG_DAX) : (fa.fsx_xflags & ~FS_XFLAG_DAX);
  return ::ioctl(fd, FS_IOC_FSSETXATTR, &fa) == 0;
}

Fd make_file(const std::string& path, std::size_t size) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644));
  if (fd.get() < 0) fatal("create " + path);
  // fallocate, not writes: DAX block allocation keeps the 2 MiB alignment the
  // lab's mkfs options ask for (xfs extsize hint, ext4 stripe width).
  if (size != 0 && ::fallocate(fd.get(), 0, 0, static_cast<off_t>(size)) != 0) fatal("fallocate " + path);
  return fd;
}

// A shared mapping of fd whose address is 2 MiB-aligned plus misalign bytes.
Mapping map_aligned(int fd, std::size_t size, std::size_t misalign, int extra_flags = 0) {
  void* probe = ::mmap(nullptr, size + 2 * kPmd, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (probe == MAP_FAILED) fatal("mmap reserve");
  const auto base = (reinterpret_cast<std::uintptr_t>(probe) + kPmd - 1) & ~(kPmd - 1);
  ::munmap(probe, size + 2 * kPmd);
  void* want = reinterpret_cast<void*>(base + misalign);
  void* p = ::mmap(want, size, PROT_READ | PROT_WRITE,
                   (extra_flags ? extra_flags : MAP_SHARED) | MAP_FIXED_NOREPLACE, fd, 0);
  return Mapping(p, size);
}

void touch_pages(const Mapping& m, std::size_t size) {
  for (std::size_t off = 0; off < size; off += kPage) m.data()[off] = 1;
}

struct ModeFile {
  std::string mode;  // inode mode name, as daxbench calls it
  std::string path;
  bool expect_dax;
};

void check_fs(const std::string& fs, const std::string& inode_mount, const std::string& always_mount) {
  const std::string tag = "lab_probe." + std::to_string(::getpid());
  ScratchDir inode_top(inode_mount + "/" + tag);
  ScratchDir always_top(always_mount + "/" + tag);
  ScratchDir on(inode_top.path() / "dax-inode");
  ScratchDir off(inode_top.path() / "dax-inode-off");
  ScratchDir pc(inode_top.path() / "pagecache");
  ScratchDir always(always_top.path() / "dax-always");
  {
    Fd dir(::open(on.path().c_str(), O_RDONLY | O_DIRECTORY));
    // FS_XFLAG_DAX on a directory is inherited by files created in it
    // (Documentation/filesystems/dax.rst, "Enabling DAX on xfs and ext4").
    report(dir.get() >= 0 && set_dax_flag(dir.get(), true), fs + " dax-inode: FS_XFLAG_DAX set on " + on.path().string());
  }
  constexpr std::size_t kSize = 8 * kPmd;  // 16 MiB: 8 PMD faults
  std::vector<ModeFile> files = {
      {"dax-inode", (on.path() / "f").string(), true},
      {"dax-inode-off", (off.path() / "f").string(), false},
      {"pagecache", (pc.path() / "f").string(), false},
      {"dax-always", (always.path() / "f").string(), true},
  };

  // 1. The effective state of a fresh file, per inode mode.
  for (const auto& f : files) {
    make_file(f.path, kSize);
    const int dax = statx_dax(f.path);
    report(dax == (f.expect_dax ? 1 : 0),
           fs + " " + f.mode + ": statx STATX_ATTR_DAX=" + std::to_string(dax) + ", expected " +
               (f.expect_dax ? "1" : "0"));
  }

  // 2. A 2 MiB-aligned shared write mapping: DAX files take one PMD fault per
  //    2 MiB, mapped (VM_FAULT_NOPAGE) with no PTE fallback
  //    (fs/dax.c: dax_iomap_pmd_fault); page-cache files produce no fs_dax event.
  {
    TraceInstance trace;
    for (const auto& f : files) {
      Fd fd(::open(f.path.c_str(), O_RDWR));
      trace.clear();
      {
        Mapping m = map_aligned(fd.get(), kSize, 0);
        if (!m.valid()) fatal("mmap " + f.path);
        touch_pages(m, kSize);
      }
      const auto c = trace.counts();
      const std::string seen = "pmd NOPAGE=" + std::to_string(c.pmd_nopage) +
                               " FALLBACK=" + std::to_string(c.pmd_fallback) +
                               " other=" + std::to_string(c.pmd_other) + " pte=" + std::to_string(c.pte);
      if (f.expect_dax)
        report(c.pmd_nopage == static_cast<int>(kSize / kPmd) && c.pmd_fallback == 0 && c.pte == 0,
               fs + " " + f.mode + ": 2 MiB-aligned write faults over 16 MiB: " + seen + ", expected 8 NOPAGE and 0 pte");
      else
        report(c.pmd_nopage + c.pmd_fallback + c.pmd_other + c.pte == 0,
               fs + " " + f.mode + ": write faults over 16 MiB: " + seen + ", expected no fs_dax event");
    }
  }

  // 3. MAP_SYNC needs a DAX mapping: the kernel refuses it elsewhere with
  //    EOPNOTSUPP (mm/mmap.c: do_mmap, MAP_SHARED_VALIDATE).
  for (const auto& f : files) {
    Fd fd(::open(f.path.c_str(), O_RDWR));
    errno = 0;
    Mapping m(::mmap(nullptr, kPmd, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, fd.get(), 0), kPmd);
    const int err = m.valid() ? 0 : errno;
    if (f.expect_dax)
      report(m.valid(), fs + " " + f.mode + ": mmap MAP_SYNC succeeds" + (err ? std::string(" (got ") + std::strerror(err) + ")" : ""));
    else
      report(!m.valid() && err == EOPNOTSUPP,
             fs + " " + f.mode + ": mmap MAP_SYNC fails with EOPNOTSUPP" +
                 (m.valid() ? " (it succeeded)" : std::string(" (got ") + std::strerror(err) + ")"));
  }

  // 4. Switching FS_XFLAG_DAX on an open file: S_DAX is decided when the inode
  //    is loaded, so statx keeps the old state while a reference remains; the
  //    change applies once the last close evicts the inode
  //    (fs/ext4/ioctl.c, fs/xfs/xfs_ioctl.c: d_mark_dontcache).
  for (const bool to_dax : {true, false}) {
    const std::string path = (to_dax ? off.path() : on.path()).string() + "/switch";
    make_file(path, kPmd).reset();
    const int before = statx_dax(path);
    Fd fd(::open(path.c_str(), O_RDWR));
    const bool set = set_dax_flag(fd.get(), to_dax);
    const int while_open = statx_dax(path);
    fd.reset();
    int after = statx_dax(path);
    for (int i = 0; i < 50 && after != (to_dax ? 1 : 0); ++i) {  // eviction may lag a moment
      ::usleep(20000);
      after = statx_dax(path);
    }
    const std::string dir = to_dax ? "off->on" : "on->off";
    report(set && before == (to_dax ? 0 : 1) && while_open == before && after == (to_dax ? 1 : 0),
           fs + " FS_XFLAG_DAX " + dir + " on an open file: statx DAX before=" + std::to_string(before) +
               " while open=" + std::to_string(while_open) + " after last close=" + std::to_string(after));
  }

  // 5. dax=always overrides the flag: clearing it leaves the file DAX.
  {
    const std::string path = (always.path() / "flagless").string();
    Fd fd = make_file(path, kPmd);
    const bool cleared = set_dax_flag(fd.get(), false);
    fd.reset();
    report(cleared && statx_dax(path) == 1, fs + " dax-always: a file with FS_XFLAG_DAX clear is still DAX");
  }
}

std::uint64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int time_faults(const std::string& dir, int iterations) {
  // The same work every iteration: a fresh mapping, then one write per page.
  // 4 KiB faults (mapping misaligned by one page: fs/dax.c takes the PTE path)
  // and 2 MiB faults (aligned: PMD path).
  const std::string path = dir + "/lab_probe_time." + std::to_string(::getpid());
  constexpr std::size_t kSize = 16 * kPmd;
  Fd fd = make_file(path, kSize + kPmd);
  if (statx_dax(path) != 1) {
    std::fprintf(stderr, "lab_probe: %s is not DAX; time-faults needs a DAX directory\n", path.c_str());
    return 2;
  }
  struct Case {
    const char* metric;
    std::size_t misalign, size, faults;
  } cases[] = {
      {"dax_pte_write_fault_ns", kPage, 4 * kPmd, 4 * kPmd / kPage},
      {"dax_pmd_write_fault_ns", 0, kSize, kSize / kPmd},
  };
  for (const auto& c : cases) {
    std::vector<double> per_fault;
    for (int i = 0; i < iterations + 2; ++i) {
      Mapping m = map_aligned(fd.get(), c.size, c.misalign);
      if (!m.valid()) fatal("mmap " + path);
      const std::uint64_t t0 = now_ns();
      touch_pages(m, c.size);
      const std::uint64_t t1 = now_ns();
      if (i >= 2) per_fault.push_back(static_cast<double>(t1 - t0) / static_cast<double>(c.faults));  // 2 warm-ups
    }
    std::printf("%s %.1f\n", c.metric, median(per_fault));
  }
  fd.reset();
  ::unlink(path.c_str());
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: lab_probe check FS INODE_MOUNT ALWAYS_MOUNT\n"
               "       lab_probe time-faults DAX_DIR [ITERATIONS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "check") {
    check_fs(args[1], args[2], args[3]);
    std::printf("%d checks, %d failed\n", g_checks, g_failures);
    return g_failures == 0 && g_checks > 0 ? 0 : 1;
  }
  if ((args.size() == 2 || args.size() == 3) && args[0] == "time-faults") {
    const int iterations = args.size() == 3 ? std::atoi(args[2].c_str()) : 15;
    if (iterations < 1) return usage();
    return time_faults(args[1], iterations);
  }
  return usage();
}
