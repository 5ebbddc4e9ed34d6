// perf record per scenario, attached to daxbench's threads and driven through
// perf's control descriptors (profile.h).
#include "bench/profile.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "core/perf_tool.h"

extern char** environ;

namespace daxbench {

namespace {

namespace fs = std::filesystem;

// How long perf may take to answer a control command or to write its file
// and exit. Under TCG a perf start (mapping a 9 MB binary over 9p, reading
// kallsyms) takes seconds.
constexpr int kAnswerTimeoutMs = 120000;

std::string read_small_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits up to `timeout_ms` for `pid`; true when it exited (status set).
bool wait_for(pid_t pid, int timeout_ms, int& status) {
  for (int waited = 0;; waited += 10) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;
    if (waited >= timeout_ms) return false;
    ::usleep(10000);
  }
}

// The last non-empty line of perf's messages, for an error.
std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
  return last.empty() ? "(no message)" : last;
}

// Paths that perf opens in the child: through the fds it inherits, so the
// files are the ones daxbench created (O_EXCL|O_NOFOLLOW in its own
// directory), never something a path lookup would find later.
constexpr int kChildOut = 3, kChildDir = 4, kChildCtl = 5, kChildAck = 6;
std::string child_fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace

void check_kernel_symbols_visible() {
  std::ifstream in("/proc/kallsyms");
  std::string line;
  int nonzero = 0, lines = 0;
  while (lines < 64 && std::getline(in, line)) {
    ++lines;
    const std::string address = line.substr(0, line.find(' '));
    if (address.find_first_not_of('0') != std::string::npos) ++nonzero;
  }
  if (lines == 0)
    throw UsageError(
        "--profile: /proc/kallsyms is unreadable: kernel functions could not be named");
  if (nonzero == 0) {
    std::string restrict_value = read_small_file("/proc/sys/kernel/kptr_restrict");
    restrict_value = restrict_value.substr(0, restrict_value.find('\n'));
    throw UsageError(
        "--profile: /proc/kallsyms shows only zero addresses (kernel.kptr_restrict = " +
        restrict_value +
        "), so kernel functions could not be named: run as root with kptr_restrict 0 or 1 "
        "(sysctl kernel.kptr_restrict=1)");
  }
}

namespace {

struct StoreLocation {
  std::string name;  // "<stem>.profiles"
  DirHandle parent;
  bool earlier = false;  // an earlier run's profiles directory is there
};

StoreLocation locate_store(const std::string& results_path) {
  const fs::path out(results_path);
  StoreLocation l;
  std::string stem = out.filename().string();
  if (stem.size() > 5 && stem.ends_with(".json")) stem.resize(stem.size() - 5);
  l.name = stem + ".profiles";
  l.parent = DirHandle::open(out.parent_path().empty() ? "." : out.parent_path().string());
  struct stat st {};
  if (::fstatat(l.parent.fd(), l.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return l;
  // An earlier run's profiles (its marker is there): replaced, as --out
  // replaces the earlier results file. Anything else is not daxbench's.
  if (S_ISDIR(st.st_mode) && st.st_uid == ::geteuid()) {
    DirHandle old = l.parent.open_subdir(l.name);
    struct stat m {};
    l.earlier = ::fstatat(old.fd(), ProfileStore::kMarker, &m, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISREG(m.st_mode);
  }
  if (!l.earlier)
    throw UsageError("--profile: " + l.parent.file(l.name) +
                     " exists and is not a profiles directory of an earlier daxbench run (no " +
                     ProfileStore::kMarker + " in it); move it away or choose another --out");
  return l;
}

}  // namespace

void ProfileStore::check(const std::string& results_path) { locate_store(results_path); }

ProfileStore::ProfileStore(const std::string& results_path, std::string perf,
                           ProfileOptions options)
    : perf_(std::move(perf)), options_(options) {
  const fs::path out(results_path);
  StoreLocation l = locate_store(results_path);
  name_ = l.name;
  DirHandle& parent_dir = l.parent;
  if (l.earlier && !parent_dir.remove(name_))
    throw UsageError("--profile: could not remove the earlier " + parent_dir.file(name_));
  dir_ = parent_dir.make_subdir(name_);
  FileDescriptor marker = dir_.create_file(kMarker, 0, 0);
  const std::string text = "profiles of " + out.filename().string() +
                           " (daxbench run --profile): perf.data per benchmark, perf build-id "
                           "cache with the kernel's symbols in " +
                           kBuildIdCache + "/\n";
  if (::write(marker.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw std::system_error(errno, std::generic_category(), "write " + dir_.file(kMarker));
}

void ProfileStore::cache_kernel_symbols() {
  // perf keeps a copy of /proc/kallsyms in its build-id cache, keyed by the
  // kernel's build id, for every DSO a recording hit: a kernel-only event
  // (cpu-clock:k) over `cat /proc/kallsyms` hits only the kernel (and the
  // vdso), so the cache gets this kernel's symbols and not 40 MB of
  // daxbench binary. The scenario recordings then use -N (no cache update).
  const std::string name = "kernel-symbols.perf.data";
  FileDescriptor out = dir_.create_file(name, 0, 0);
  FileDescriptor errors(::memfd_create("daxbench-perf", MFD_CLOEXEC));
  const std::vector<std::string> argv = {perf_,
                                         "--buildid-dir",
                                         join_path(child_fd_path(kChildDir), kBuildIdCache),
                                         "record",
                                         "-q",
                                         "-e",
                                         "cpu-clock:k",
                                         "-c",
                                         "200000",
                                         "-o",
                                         child_fd_path(kChildOut),
                                         "--",
                                         "/bin/cat",
                                         "/proc/kallsyms"};
  const pid_t pid = spawn_process(
      argv, {{kChildOut, out.get()}, {kChildDir, dir_.fd()}, {STDERR_FILENO, errors.get()}}, true);
  int status = 0;
  if (!wait_for(pid, kAnswerTimeoutMs, status)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    throw std::runtime_error("perf record of the kernel's symbols did not finish");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("perf record of the kernel's symbols failed: " +
                             last_line(read_memfd(errors.get())));
  struct stat st {};
  const std::string kernel_dir = std::string(kBuildIdCache) + "/[kernel.kallsyms]";
  if (::fstatat(dir_.fd(), kernel_dir.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISDIR(st.st_mode))
    throw std::runtime_error("perf record did not copy the kernel's symbols into " +
                             dir_.file(kernel_dir) +
                             " (no kernel sample while reading "
                             "/proc/kallsyms?)");
  dir_.remove(name);  // its job was the cache
  trim_module_copies();
}

// perf caches a copy of the whole kallsyms under every loaded module's name
// too ([ext4]/<id>/kallsyms: 24 x 4.7 MB on Debian's modular 6.1); the
// kernel's own copy names module functions as well (checked: ext4_dax_*
// resolve from it alone). So only [kernel.kallsyms] and [vdso] are kept, and
// the .build-id links that pointed at the others go too.
void ProfileStore::trim_module_copies() {
  const DirHandle cache = dir_.open_subdir(kBuildIdCache);
  for (const auto& n : list_names(cache.fd()))
    if (n.starts_with("[") && n != "[kernel.kallsyms]" && n != "[vdso]") cache.remove(n);
  struct stat st {};
  if (::fstatat(cache.fd(), ".build-id", &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  const DirHandle ids = cache.open_subdir(".build-id");
  for (const auto& prefix : list_names(ids.fd())) {
    const DirHandle sub = ids.open_subdir(prefix);
    size_t left = 0;
    for (const auto& link : list_names(sub.fd())) {
      // A link whose target is gone (relative to its own directory).
      if (::faccessat(sub.fd(), link.c_str(), F_OK, 0) != 0 && errno == ENOENT) {
        sub.remove(link);
      } else {
        ++left;
      }
    }
    if (left == 0) ids.remove(prefix);
  }
}

PerfRecording::PerfRecording(const ProfileStore& store, const std::string& file_name)
    : store_(store), file_name_(file_name), dither_(store.options().period_ns) {
  FileDescriptor out = store.dir().create_file(file_name, 0, 0);
  int ctl[2], ack[2];
  if (::pipe2(ctl, O_CLOEXEC) != 0 || ::pipe2(ack, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe for perf's control");
  FileDescriptor ctl_read(ctl[0]), ack_write(ack[1]);
  ctl_ = FileDescriptor(ctl[1]);
  ack_ = FileDescriptor(ack[0]);
  errors_ = FileDescriptor(::memfd_create("daxbench-perf", MFD_CLOEXEC));
  if (!errors_.valid()) throw std::system_error(errno, std::generic_category(), "memfd_create");
  const ProfileOptions& o = store.options();
  const std::vector<std::string> argv = {
      store.perf(),
      "--buildid-dir",
      join_path(child_fd_path(kChildDir), ProfileStore::kBuildIdCache),
      "record",
      "-e",
      "cpu-clock",
      "-c",
      std::to_string(o.period_ns),
      "-g",
      "-N",  // no build-id cache update: the kernel's symbols are cached once
      "-D",  // start with the events disabled: enabled around each region
      "-1",
      "--control",
      "fd:" + std::to_string(kChildCtl) + "," + std::to_string(kChildAck),
      "-t",
      threads_of_this_process_except(dither_.tid()),
      "-o",
      child_fd_path(kChildOut)};
  pid_ = spawn_process(argv,
                       {{kChildOut, out.get()},
                        {kChildDir, store.dir().fd()},
                        {kChildCtl, ctl_read.get()},
                        {kChildAck, ack_write.get()},
                        {STDERR_FILENO, errors_.get()}},
                       true);
  // perf reads its control fd only once its events are open on every thread
  // it was given: the answer to a ping says it is attached, and its event
  // descriptors are there for the dither to take.
  command("ping");
  dither_.attach(pid_);
}

PerfRecording::~PerfRecording() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

std::string PerfRecording::perf_stderr() const { return read_memfd(errors_.get()); }

void PerfRecording::command(const char* what) {
  const std::string line = std::string(what) + "\n";
  auto fail = [&](const std::string& why) -> void {
    throw std::runtime_error("perf record (" + file_name_ + ") " + why + ": " +
                             last_line(perf_stderr()));
  };
  if (::write(ctl_.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    fail(std::string("did not take the command '") + what + "' (" + std::strerror(errno) + ")");
  // "ack\n", possibly in pieces.
  std::string got;
  while (got.find('\n') == std::string::npos) {
    pollfd p{ack_.get(), POLLIN, 0};
    const int r = ::poll(&p, 1, kAnswerTimeoutMs);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) fail(std::string("did not answer '") + what + "'");
    char buf[16];
    const ssize_t n = ::read(ack_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(std::string("exited instead of answering '") + what + "'");
    got.append(buf, static_cast<size_t>(n));
  }
  if (got.rfind("ack", 0) != 0) fail("answered '" + got.substr(0, got.find('\n')) + "'");
}

nlohmann::json PerfRecording::finish() {
  dither_.detach();
  ::kill(pid_, SIGINT);
  int status = 0;
  const bool exited = wait_for(pid_, kAnswerTimeoutMs, status);
  if (!exited) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  const std::string messages = perf_stderr();
  if (!exited) throw std::runtime_error("perf record (" + file_name_ + ") did not stop");
  // perf record writes its file on SIGINT, then dies of it (it raises the
  // signal again, builtin-record.c: record__sig_exit) or exits 0.
  const bool stopped = (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
                       (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
  if (!stopped)
    throw std::runtime_error("perf record (" + file_name_ + ") failed: " + last_line(messages));
  // "[ perf record: Captured and wrote 0.901 MB FILE (10766 samples) ]"
  static const std::regex samples_re(R"(\((\d+) samples\))");
  std::smatch m;
  nlohmann::json j = {{"file", store_.name() + "/" + file_name_},
                      {"event", "cpu-clock"},
                      {"period_ns", store_.options().period_ns},
                      {"call_graph", "fp"},
                      {"buildid_cache", store_.name() + "/" + ProfileStore::kBuildIdCache},
                      {"period_dither", dither_.describe()}};
  if (std::regex_search(messages, m, samples_re)) {
    j["samples"] = std::stoull(m[1]);
  } else {
    throw std::runtime_error("perf record (" + file_name_ +
                             ") did not say how many samples it wrote: " + last_line(messages));
  }
  // Warnings perf printed (lost chunks, throttling): kept, never hidden.
  std::vector<std::string> warnings;
  std::istringstream in(messages);
  for (std::string l; std::getline(in, l);)
    if (l.find("perf record:") == std::string::npos && l != "Events enabled" &&
        l != "Events disabled" && l.find_first_not_of(" \t") != std::string::npos)
      warnings.push_back(l);
  if (!warnings.empty()) j["perf_messages"] = warnings;
  return j;
}

std::string profile_file_name(size_t index, const std::string& benchmark_name) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%03zu-", index);
  std::string s = prefix;
  for (char c : benchmark_name)
    s +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (s.size() > 200) s.resize(200);
  return s + ".perf.data";
}

}  // namespace daxbench
