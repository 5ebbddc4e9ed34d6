#include "bench/run_signals.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>

namespace daxbench {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_watching{false};

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kStopSignals) sigaddset(&set, sig);
  return set;
}

// Sent by ~StopSignals to the signal thread alone (pthread_kill) to end its
// wait. The thread sleeps until a signal comes and never wakes on a timer: a
// thread of this address space that ran on another CPU during a timed region
// would make `threads:1` two threads in the mm (its wake-ups leave that CPU
// in mm_cpumask, so the workload's munmaps send it flush IPIs, and its own
// copy-on-write faults after a fork flush the workload's CPU: mm/memory.c
// wp_page_copy -> ptep_clear_flush -> arch/x86/mm/tlb.c flush_tlb_mm_range).
int quit_signal() { return SIGRTMIN; }

sigset_t watched_set() {
  sigset_t set = stop_set();
  sigaddset(&set, quit_signal());
  return set;
}

void request_stop(int sig) {
  int none = 0;
  g_signal.compare_exchange_strong(none, sig);
  g_stop.store(true);
}

void on_sigpipe(int) { request_stop(SIGPIPE); }

// --- SIGBUS ---------------------------------------------------------------

std::atomic<uint64_t> g_sigbus_pages{0};
std::atomic<bool> g_sigbus_claimed{false};
std::atomic<bool> g_sigbus_described{false};
char g_sigbus_file[PATH_MAX];
uintptr_t g_sigbus_address = 0;
uint64_t g_sigbus_offset = 0;
struct sigaction g_previous_sigbus {};

unsigned long parse_hex(const char*& p, const char* end) {
  unsigned long v = 0;
  for (; p < end; ++p) {
    const char c = *p;
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) break;
    v = v * 16 + static_cast<unsigned long>(d);
  }
  return v;
}

// One line of /proc/self/maps: "start-end perms offset dev inode   path".
// Async-signal-safe (no allocation).
bool match_maps_line(const char* line, const char* end, uintptr_t addr) {
  const char* p = line;
  const unsigned long start = parse_hex(p, end);
  if (p >= end || *p != '-') return false;
  ++p;
  const unsigned long stop = parse_hex(p, end);
  if (addr < start || addr >= stop) return false;
  int field = 2;  // after the range: perms, offset, dev, inode, then the path
  unsigned long offset = 0;
  while (p < end && field <= 5) {
    while (p < end && *p == ' ') ++p;
    if (field == 3) {
      offset = parse_hex(p, end);
    } else {
      while (p < end && *p != ' ') ++p;
    }
    ++field;
  }
  while (p < end && *p == ' ') ++p;
  size_t n = static_cast<size_t>(end - p);
  if (n >= sizeof g_sigbus_file) n = sizeof g_sigbus_file - 1;
  std::memcpy(g_sigbus_file, p, n);
  g_sigbus_file[n] = '\0';
  g_sigbus_offset = offset + (addr - start);
  return true;
}

// Finds the mapping holding `addr` in /proc/self/maps (open/read/close are
// async-signal-safe); leaves g_sigbus_file empty if none.
void describe_address(uintptr_t addr) {
  static char buf[8192];
  static char line[PATH_MAX + 256];
  g_sigbus_file[0] = '\0';
  const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  size_t len = 0;
  bool found = false;
  ssize_t n;
  while (!found && (n = ::read(fd, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n && !found; ++i) {
      if (buf[i] != '\n') {
        if (len < sizeof line) line[len++] = buf[i];
        continue;
      }
      found = match_maps_line(line, line + len, addr);
      len = 0;
    }
  }
  ::close(fd);
}

void on_sigbus(int sig, siginfo_t* info, void* context) {
  // BUS_ADRERR: the page is gone (past EOF, hole that cannot be filled);
  // BUS_OBJERR / BUS_MCEERR_*: the storage failed. Alignment faults are bugs.
  const bool lost_page = info->si_code == BUS_ADRERR || info->si_code == BUS_OBJERR ||
                         info->si_code == BUS_MCEERR_AR || info->si_code == BUS_MCEERR_AO;
  const uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (!lost_page || addr == 0) {
    ::sigaction(sig, &g_previous_sigbus, nullptr);
    (void)context;
    return;  // the access repeats and takes the previous (default) action
  }
  const uintptr_t page = addr & ~static_cast<uintptr_t>(4095);
  bool unclaimed = false;
  if (g_sigbus_claimed.compare_exchange_strong(unclaimed, true)) {
    g_sigbus_address = addr;
    describe_address(addr);
    g_sigbus_described.store(true, std::memory_order_release);
  }
  // An anonymous page in place of the lost one lets the access complete; the
  // benchmark's numbers are void anyway and it is failed after the iteration.
  void* p = ::mmap(reinterpret_cast<void*>(page), 4096, PROT_READ | PROT_WRITE,
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    ::sigaction(sig, &g_previous_sigbus, nullptr);
    return;
  }
  g_sigbus_pages.fetch_add(1);
}

}  // namespace

bool stop_requested() { return g_stop.load(); }
int stop_signal() { return g_signal.load(); }

StopSignals::StopSignals(std::function<void(int)> first, std::function<void(int)> hurry)
    : first_(std::move(first)), hurry_(std::move(hurry)) {
  // SIGHUP ignored on entry (nohup) stays ignored; the others are taken.
  struct sigaction old {};
  for (int sig : kStopSignals) {
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN && sig != SIGHUP) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      ::sigaction(sig, &dfl, nullptr);
    }
  }
  const sigset_t set = watched_set();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  struct sigaction pipe {};
  pipe.sa_handler = on_sigpipe;
  pipe.sa_flags = SA_RESTART;
  sigemptyset(&pipe.sa_mask);
  ::sigaction(SIGPIPE, &pipe, nullptr);
  g_watching.store(true);
  thread_ = std::thread([this] { watch(); });
}

void StopSignals::watch() {
  const sigset_t set = watched_set();
  bool first_seen = false;
  while (g_watching.load()) {
    siginfo_t info;
    const int sig = ::sigwaitinfo(&set, &info);
    if (sig < 0 || sig == quit_signal()) continue;  // EINTR, or the destructor
    if (!first_seen) {
      first_seen = true;
      request_stop(sig);
      static const char msg[] =
          "daxbench: stopping after the current iteration (a second signal stops at once); "
          "finished results are kept\n";
      [[maybe_unused]] ssize_t w = ::write(STDERR_FILENO, msg, sizeof msg - 1);
      first_(sig);
      continue;
    }
    hurry_(g_signal.load());
  }
}

StopSignals::~StopSignals() {
  g_watching.store(false);
  if (thread_.joinable()) {
    ::pthread_kill(thread_.native_handle(), quit_signal());
    thread_.join();
  }
  // A signal that came after the watcher stopped is a stop request too.
  const sigset_t set = stop_set();
  const timespec zero{0, 0};
  siginfo_t info;
  int sig;
  while ((sig = ::sigtimedwait(&set, &info, &zero)) > 0) request_stop(sig);
  const sigset_t watched = watched_set();
  ::pthread_sigmask(SIG_UNBLOCK, &watched, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &dfl, nullptr);
}

SigbusGuard::SigbusGuard() {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGBUS, &sa, &g_previous_sigbus);
}

SigbusGuard::~SigbusGuard() { ::sigaction(SIGBUS, &g_previous_sigbus, nullptr); }

std::optional<std::string> take_sigbus_report() {
  const uint64_t pages = g_sigbus_pages.exchange(0);
  if (pages == 0 || !g_sigbus_described.load(std::memory_order_acquire)) return std::nullopt;
  std::string file = g_sigbus_file;
  const uint64_t offset = g_sigbus_offset;
  const uintptr_t addr = g_sigbus_address;
  g_sigbus_described.store(false);
  g_sigbus_claimed.store(false);
  char where[64];
  std::snprintf(where, sizeof where, "%#lx", static_cast<unsigned long>(addr));
  if (file.empty()) file = std::string("an anonymous or unknown mapping at ") + where;
  return "SIGBUS reading or writing " + file + " at offset " + std::to_string(offset) + " (" +
         std::to_string(pages) + (pages == 1 ? " page" : " pages") +
         " lost): the file was truncated or its storage failed while mapped; this benchmark's "
         "results are void";
}

}  // namespace daxbench
