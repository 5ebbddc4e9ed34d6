// flag-switch: what it costs to move a file between DAX and the page cache
// with the per-inode flag on a dax=inode mount (the question of the 2017
// "ext4 per-inode DAX flag" thread). The inode mode is the starting state:
// dax-inode files switch to the page cache ("to-pagecache"), dax-inode-off and
// pagecache files switch to DAX ("to-dax"). Kinds:
//   ioctl              the one ioctl that changes the flag
//   time-to-effective  the latency past the holder's release: from the last
//                      reference going (holder none/fd/mmap/faulting, kept for
//                      `hold` after the ioctl, untimed) to the first statx that
//                      reports the new state
//   first-access       the first open+mmap+touch after the switch took effect
//                      (the inode is re-instantiated in its new mode)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>
#include <vector>

#include "core/inode_mode.h"
#include "core/region_slots.h"
#include "core/util.h"
#include "workloads/family.h"
#include "workloads/flag_switch_common.h"

namespace daxbench {
namespace {

enum class Kind { kIoctl, kTimeToEffective, kFirstAccess };
enum class Holder { kNone, kFd, kMmap, kFaulting };

// The first word of each page written by holders and first accesses.
uint64_t page_stamp(uint64_t offset, uint64_t seed) {
  return (offset * 0x9E3779B97F4A7C15ull) ^ seed ^ 0xF1A65717C4ull;
}

// A hold is spent inside every timed iteration and the timeout bounds each
// wait for statx to show the new state: beyond these an iteration is not a
// measurement any more but a hang.
constexpr double kMaxHoldSeconds = 60;
constexpr double kMaxTimeoutSeconds = 600;

void check_flag_switch_params(const ScenarioParams& p) {
  check_common_params(p);
  const double timeout = *parse_duration(p.at("timeout"));
  if (!(timeout > 0) || timeout > kMaxTimeoutSeconds)
    throw UsageError("timeout " + p.at("timeout") + " must be more than 0 and at most 600s");
  if (p.at("hold") != "n/a" && *parse_duration(p.at("hold")) > kMaxHoldSeconds)
    throw UsageError("hold " + p.at("hold") +
                     " is longer than 60s (it is spent in every iteration); use a shorter hold");
}

class FlagSwitchWorkload final : public Workload {
 public:
  explicit FlagSwitchWorkload(const Scenario& s) : scenario_(s), switch_(DaxSwitchApi::kFsxattr) {
    const auto& p = s.params;
    kind_ = p.at("measure") == "ioctl"               ? Kind::kIoctl
            : p.at("measure") == "time-to-effective" ? Kind::kTimeToEffective
                                                     : Kind::kFirstAccess;
    const std::string& h = p.at("holder");
    holder_ = h == "fd"         ? Holder::kFd
              : h == "mmap"     ? Holder::kMmap
              : h == "faulting" ? Holder::kFaulting
                                : Holder::kNone;
    if (p.at("hold") != "n/a")
      hold_ns_ = static_cast<uint64_t>(*parse_duration(p.at("hold")) * 1e9);
    timeout_ns_ = static_cast<uint64_t>(*parse_duration(p.at("timeout")) * 1e9);
    try {
      check_flag_switch_params(p);  // the matrix checked it already; direct create() too
    } catch (const UsageError& e) {
      throw UsageError("flag-switch scenario " + s.name + ": " + e.what());
    }
    switch_ =
        DaxFlagSwitch(p.at("api") == "setflags" ? DaxSwitchApi::kSetflags : DaxSwitchApi::kFsxattr);
    threads_ = std::stoul(p.at("threads"));
    size_ = *parse_size(p.at("size"));
    start_dax_ = expects_dax(s.mode);
  }

  ~FlagSwitchWorkload() override { release_holder(); }

  void prepare(const DirHandle& dir) override {
    check_flag_switching_possible(scenario_, dir, switch_.api(), /*need_dax_device=*/true);
    file_ = DirFile(dir, "flag-switch.data");
    path_ = file_.path();
    {
      FileDescriptor fd = dir.create_file(file_.name(), size_);
      fill_file(fd.get(), size_, 0);
    }
    verify_file_mode(file_, scenario_.target, scenario_.mode);
    facts_["starting_state"] = start_dax_ ? "dax" : "pagecache";
    facts_["switch"] =
        std::string(start_dax_ ? "to-pagecache" : "to-dax") + " with " + to_string(switch_.api());
    switch (kind_) {
      case Kind::kIoctl:
        facts_["timed"] = "the one ioctl that changes the flag (restored untimed)";
        break;
      case Kind::kTimeToEffective:
        facts_["timed"] =
            "from the release of the last reference (the holder's, or the switcher's fd with "
            "holder none) to the first statx reporting the new state; the hold is not timed";
        facts_["hold"] = scenario_.params.at("hold") == "n/a"
                             ? "none"
                             : scenario_.params.at("hold") +
                                   " after the ioctl, untimed (total ioctl-to-release in "
                                   "totals.hold_ns)";
        facts_["latency"] =
            "from the holder's release (close, munmap, or the stop signal to the "
            "faulting threads) to the first statx reporting the new state";
        break;
      case Kind::kFirstAccess:
        facts_["timed"] = "open + mmap + write-touch of every 4 KiB page, first after the switch";
        break;
    }
  }

  void before_iteration() override {
    restore_starting_state();
    switch (kind_) {
      case Kind::kIoctl:
        switcher_ = file_.open(O_RDWR);
        load_flag(switcher_.get());
        break;
      case Kind::kTimeToEffective:
        take_holder();
        switcher_ = file_.open(O_RDWR);
        load_flag(switcher_.get());
        break;
      case Kind::kFirstAccess: {
        // Switch untimed, and drop every reference without a statx, so the
        // inode is evicted and not yet looked up again.
        FileDescriptor fd = file_.open(O_RDWR);
        load_flag(fd.get());
        if (const int err = switch_.apply(fd.get(), !start_dax_))
          throw WorkloadFailure("flag-switch: " + std::string(to_string(switch_.api())) + " on " +
                                path_ + " failed: " + std::strerror(err));
        break;
      }
    }
  }

  void run_iteration(TimedRegion& region) override {
    switch (kind_) {
      case Kind::kIoctl:
        run_ioctl(region);
        break;
      case Kind::kTimeToEffective:
        run_time_to_effective(region);
        break;
      case Kind::kFirstAccess:
        run_first_access(region);
        break;
    }
    ++iterations_;
  }

  void finish() override {
    release_holder();
    switcher_.reset();
    if (!stamped_) return;
    // Pages written through mappings in either mode must still hold their
    // stamps: a switch must never lose data.
    FileDescriptor fd = file_.open(O_RDONLY);
    for (uint64_t off = 0; off < size_; off += kPageSize) {
      uint64_t found = 0;
      if (::pread(fd.get(), &found, sizeof found, static_cast<off_t>(off)) != sizeof found)
        throw WorkloadFailure("flag-switch: pread " + path_ + " at " + std::to_string(off) +
                              " failed");
      const uint64_t expected = page_stamp(off, scenario_.seed);
      if (found != expected) {
        char msg[200];
        std::snprintf(msg, sizeof msg, " at offset %llu: expected 0x%016llx, found 0x%016llx",
                      static_cast<unsigned long long>(off),
                      static_cast<unsigned long long>(expected),
                      static_cast<unsigned long long>(found));
        throw WorkloadFailure("flag-switch: " + path_ + msg);
      }
    }
    facts_["verified"] =
        std::to_string(size_ / kPageSize) + " page stamps read back after the switches";
  }

  std::map<std::string, double> per_iteration() const override {
    return {{"switches", 1}, {"operations", 1}};
  }

  std::map<std::string, double> totals() const override {
    std::map<std::string, double> t = {{"switches", static_cast<double>(iterations_)}};
    if (kind_ != Kind::kIoctl) {
      t["switches_effective"] = static_cast<double>(effective_);
      t["switches_never"] = static_cast<double>(never_);
    }
    if (kind_ == Kind::kTimeToEffective && holder_ != Holder::kNone) {
      t["switches_effective_while_held"] = static_cast<double>(while_held_);
      t["hold_ns"] = static_cast<double>(held_ns_);  // ioctl to release, summed, untimed
    }
    return t;
  }

  const LatencyHistogram* latency() const override {
    return scenario_.latency ? &histogram_ : nullptr;
  }

  std::map<std::string, std::string> facts() const override {
    auto f = facts_;
    if (never_ > 0)
      f["never"] = std::to_string(never_) + " of " + std::to_string(iterations_) +
                   " switches did not take effect within " + scenario_.params.at("timeout");
    return f;
  }

 private:
  void load_flag(int fd) {
    if (const int err = switch_.load(fd))
      throw std::system_error(err, std::generic_category(), "reading the DAX flag of " + path_);
  }

  // Back to the mode's state with no reference left, outside timing.
  void restore_starting_state() {
    release_holder();
    switcher_.reset();
    {
      FileDescriptor fd = file_.open(O_RDWR);
      load_flag(fd.get());
      if (switch_.loaded_flag() != start_dax_) {
        if (const int err = switch_.apply(fd.get(), start_dax_))
          throw WorkloadFailure("flag-switch: restoring the flag on " + path_ +
                                " failed: " + std::strerror(err));
      }
    }
    if (wait_for_dax_state(file_, start_dax_, now_ns() + timeout_ns_) == 0)
      throw WorkloadFailure("flag-switch: " + path_ + " did not return to " +
                            (start_dax_ ? "DAX" : "the page cache") + " within " +
                            scenario_.params.at("timeout") +
                            " after its flag was restored with no reference held");
  }

  void run_ioctl(TimedRegion& region) {
    // The clock is read inside the region: the harness's begin()/end() may
    // enable and disable perf counters, which must not count as latency.
    region.begin();
    const uint64_t t0 = now_ns();
    const int err = switch_.apply(switcher_.get(), !start_dax_);
    const uint64_t t1 = now_ns();
    region.end();
    if (err != 0)
      throw WorkloadFailure("flag-switch: " + std::string(to_string(switch_.api())) + " on " +
                            path_ + " failed: " + std::strerror(err));
    if (scenario_.latency) histogram_.record(t1 - t0);
    // Untimed: put the flag back while the fd still holds the inode, so the
    // state never changes and the next iteration starts the same way.
    if (const int e = switch_.apply(switcher_.get(), start_dax_))
      throw WorkloadFailure("flag-switch: restoring the flag on " + path_ +
                            " failed: " + std::strerror(e));
  }

  // Timed: from the release of the last reference (the holder's, or the
  // switcher's own fd with holder none) to the first statx that reports the
  // new state: the kernel's part (fs/inode.c: iput_final of an inode marked
  // I_DONTCACHE, then a fresh lookup). The configured hold is spent before
  // the region, untimed, and recorded in the facts.
  void run_time_to_effective(TimedRegion& region) {
    const bool want = !start_dax_;
    const int err = switch_.apply(switcher_.get(), want);
    if (err != 0)
      throw WorkloadFailure("flag-switch: " + std::string(to_string(switch_.api())) + " on " +
                            path_ + " failed: " + std::strerror(err));
    const uint64_t t_ioctl = now_ns();
    if (holder_ != Holder::kNone) {
      switcher_.reset();  // the switcher drops its own reference at once
      // Hold for T; a coarse look every millisecond shows a kernel that
      // switched while the inode was still in use (it must not).
      bool seen = false;
      while (now_ns() < t_ioctl + hold_ns_) {
        if (!seen && file_.says_dax() == want) {
          seen = true;
          ++while_held_;
        }
        const uint64_t left = t_ioctl + hold_ns_ - now_ns();
        if (static_cast<int64_t>(left) > 0) {
          const uint64_t nap = std::min<uint64_t>(left, 1000000);
          const timespec ts{0, static_cast<long>(nap)};
          ::nanosleep(&ts, nullptr);
        }
      }
    }
    region.begin();
    const uint64_t t_release = now_ns();
    if (holder_ != Holder::kNone) {
      release_holder();
    } else {
      switcher_.reset();
    }
    const uint64_t t_effective = wait_for_dax_state(file_, want, t_release + timeout_ns_);
    region.end();
    held_ns_ += t_release - t_ioctl;
    if (t_effective == 0) {
      ++never_;
    } else {
      ++effective_;
      if (scenario_.latency) histogram_.record(t_effective - t_release);
    }
  }

  // The mapping goes at the same address every iteration, beside spacers
  // that keep the page tables above it (core/region_slots.h): whether the
  // first touch also allocates a PMD table does not depend on ASLR.
  void run_first_access(TimedRegion& region) {
    if (first_slot_.count() == 0) first_slot_ = RegionSlots(1, size_);
    first_slot_.release();  // untimed munmap of the placeholder
    char* const at = first_slot_.slot(0);
    region.begin();
    const uint64_t t0 = now_ns();
    const int fd = file_.open_raw(O_RDWR);
    void* addr = fd < 0 ? MAP_FAILED : map_at(at, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr != MAP_FAILED) {
      char* base = static_cast<char*>(addr);
      for (uint64_t off = 0; off < size_; off += kPageSize)
        *reinterpret_cast<volatile uint64_t*>(base + off) = page_stamp(off, scenario_.seed);
    }
    const uint64_t t1 = now_ns();
    region.end();
    FileDescriptor owner(fd);
    if (fd < 0 || addr == MAP_FAILED)
      throw WorkloadFailure("flag-switch: first open+mmap of " + path_ +
                            " failed: " + std::strerror(errno));
    Mapping mapping(addr, size_);
    stamped_ = true;
    if (statx_says_dax(fd) == !start_dax_) {
      ++effective_;
      if (scenario_.latency) histogram_.record(t1 - t0);
    } else {
      ++never_;  // the reloaded inode kept its old state
    }
    mapping.reset();
    first_slot_.reserve();  // nothing else maps there before the next iteration
  }

  // The holder's reference, taken outside timing.
  void take_holder() {
    switch (holder_) {
      case Holder::kNone:
        return;
      case Holder::kFd:
        holder_fd_ = file_.open(O_RDWR);
        return;
      case Holder::kMmap:
      case Holder::kFaulting: {
        FileDescriptor fd = file_.open(O_RDWR);
        void* addr = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
        if (addr == MAP_FAILED)
          throw std::system_error(errno, std::generic_category(), "mmap " + path_);
        holder_map_ = Mapping(addr, size_);
        // The mapping alone holds the inode from here (its struct file).
        for (uint64_t off = 0; off < size_; off += kPageSize)
          *reinterpret_cast<volatile uint64_t*>(holder_map_.data() + off) =
              page_stamp(off, scenario_.seed);
        stamped_ = true;
        if (holder_ == Holder::kFaulting) start_faulting();
        return;
      }
    }
  }

  // K threads write-fault on the mapping until stopped: each writes the
  // stamps of its share of pages, then drops its page table entries
  // (MADV_DONTNEED on a shared mapping keeps the data) and faults again.
  void start_faulting() {
    stop_faulting_.store(false);
    const uint64_t pages = size_ / kPageSize;
    for (unsigned i = 0; i < threads_; ++i) {
      const uint64_t first = pages * i / threads_, last = pages * (i + 1) / threads_;
      try {
        faulters_.emplace_back([this, first, last] {
          char* const base = holder_map_.data();
          while (!stop_faulting_.load(std::memory_order_relaxed)) {
            for (uint64_t pg = first; pg < last; ++pg)
              *reinterpret_cast<volatile uint64_t*>(base + pg * kPageSize) =
                  page_stamp(pg * kPageSize, scenario_.seed);
            if (last > first)
              ::madvise(base + first * kPageSize, (last - first) * kPageSize, MADV_DONTNEED);
          }
        });
      } catch (const std::system_error& e) {
        // The faulters already started are stopped and joined by release_holder().
        throw WorkloadFailure("cannot start faulting thread " + std::to_string(i + 1) + " of " +
                              std::to_string(threads_) + ": " + e.code().message() +
                              " (limits: ulimit -u, the cgroup's pids.max, kernel.threads-max)");
      }
    }
  }

  void release_holder() {
    if (!faulters_.empty()) {
      stop_faulting_.store(true);
      for (auto& t : faulters_) t.join();
      faulters_.clear();
    }
    holder_map_.reset();
    holder_fd_.reset();
  }

  Scenario scenario_;
  Kind kind_;
  Holder holder_;
  uint64_t hold_ns_ = 0;
  uint64_t held_ns_ = 0;  // ioctl to release, summed over iterations
  uint64_t timeout_ns_ = 0;
  DaxFlagSwitch switch_;
  unsigned threads_ = 1;
  uint64_t size_ = 0;
  RegionSlots first_slot_;  // first-access: the mapping's address and its spacers
  bool start_dax_ = false;
  DirFile file_;      // the data file, by name in its directory fd
  std::string path_;  // its path, for messages
  FileDescriptor switcher_;
  FileDescriptor holder_fd_;
  Mapping holder_map_;
  std::vector<std::thread> faulters_;
  std::atomic<bool> stop_faulting_{false};
  bool stamped_ = false;
  uint64_t iterations_ = 0, effective_ = 0, never_ = 0, while_held_ = 0;
  LatencyHistogram histogram_;
  std::map<std::string, std::string> facts_;
};

class FlagSwitchFamily final : public Family {
 public:
  std::string name() const override { return "flag-switch"; }
  std::string description() const override {
    return "per-inode DAX flag switch on a dax=inode mount: ioctl cost, time until effective "
           "under fd/mmap/faulting holders, first access after the switch";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"measure",
         ParamKind::kChoice,
         {"ioctl", "time-to-effective", "first-access"},
         {"ioctl", "time-to-effective", "first-access"},
         "what is measured: the ioctl; ioctl until statx shows the new state; or the first "
         "open+mmap+touch after the switch"},
        {"holder",
         ParamKind::kChoice,
         {"none", "fd", "mmap", "faulting"},
         {"none", "fd", "mmap", "faulting"},
         "time-to-effective: what keeps the inode in use during the hold time (faulting: "
         "`threads` threads write-faulting on a mapping)",
         true},
        {"hold",
         ParamKind::kDuration,
         {},
         {"20ms"},
         "time-to-effective: how long the holder keeps the inode after the ioctl",
         true},
        {"api",
         ParamKind::kChoice,
         {"fsxattr", "setflags"},
         {"fsxattr"},
         "FS_IOC_FSSETXATTR with FS_XFLAG_DAX, or FS_IOC_SETFLAGS with FS_DAX_FL"},
        {"timeout",
         ParamKind::kDuration,
         {},
         {"2s"},
         "how long to wait for a switch to take effect before counting it as never",
         false,
         false},
        {"threads", ParamKind::kCount, {}, {"2"}, "faulting threads (holder faulting only)"},
        {"size", ParamKind::kSize, {}, {"2MiB"}, "file size: what is mapped and touched"},
    };
  }
  bool supports_mode(InodeMode m) const override { return m != InodeMode::kDaxAlways; }
  void check(const ScenarioParams& p) const override { check_flag_switch_params(p); }
  std::vector<std::string> default_events(const std::string&) const override {
    // A switch ends with the inode evicted: its mappings are gone, and the
    // shootdowns that cost show in tlb:tlb_flush.
    std::vector<std::string> events = dax_fault_events();
    events.insert(events.end(), tlb_flush_events().begin(), tlb_flush_events().end());
    return events;
  }
  FamilyPresentation presentation() const override {
    FamilyPresentation p = Family::presentation();
    p.unit = "switch";
    p.unit_quantity = "switches";
    p.headline_counters = {"switches_effective", "switches_never", "tlb_flush_remote_shootdown"};
    // Switches that took effect are the goal; those that never did a cost.
    p.higher_is_better.push_back("switches_effective");
    p.plots.push_back(mode_bars_plot(name(), "time per switch"));
    // The time from the ioctl until statx shows the new state, per holder.
    PlotSpec tte;
    tte.id = "flag-switch-time-to-effective";
    tte.title = "flag-switch time-to-effective";
    tte.kind = "cdf";
    tte.series = {"holder", "hold", "mode", "fs_type"};
    tte.y = "latency_ns";
    tte.where = {{"measure", "time-to-effective"}};
    p.plots.push_back(tte);
    return p;
  }
  std::optional<ScenarioParams> normalize(ScenarioParams p, InodeMode) const override {
    if (p.at("measure") != "time-to-effective") p["holder"] = "n/a";
    if (p.at("holder") == "n/a" || p.at("holder") == "none") p["hold"] = "n/a";
    if (p.at("holder") != "faulting") p["threads"] = "1";
    return p;
  }
  uint64_t bytes_needed(const ScenarioParams& p) const override {
    return *parse_size(p.at("size"));
  }

  // flag-switch/time-to-effective/holder:fd/hold:20ms/fsxattr/to-pagecache/dax-inode/ext4/threads:1/size:2MiB
  std::string scenario_name(const Scenario& s) const override {
    const auto& p = s.params;
    std::string name = this->name() + "/" + p.at("measure");
    if (p.at("holder") != "n/a") name += "/holder:" + p.at("holder");
    if (p.at("hold") != "n/a") name += "/hold:" + p.at("hold");
    name += "/" + p.at("api") + "/" + (expects_dax(s.mode) ? "to-pagecache" : "to-dax");
    return name + mode_and_fs_name(s) + placement_threads_size_name(s);
  }

  std::unique_ptr<Workload> create(const Scenario& s) const override {
    return std::make_unique<FlagSwitchWorkload>(s);
  }
};

DAXBENCH_REGISTER_FAMILY(FlagSwitchFamily);

}  // namespace
}  // namespace daxbench
