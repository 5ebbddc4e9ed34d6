// flag-switch-stress: integrity under switching. For `duration`, in rounds:
// writer threads store a verifiable pattern (block number, generation, seed)
// into their own blocks, alternately through a shared mapping and through
// pwrite(2), re-opening the file for every pass; meanwhile a switcher toggles
// FS_XFLAG_DAX every `switch_every` and drops its references, so the switch
// takes effect whenever the last reference goes (between the writers' passes:
// the inode is evicted and re-loaded in the other mode). After every round the
// file is checked twice: by pread and through a fresh mapping. SIGBUS is
// caught (sigsetjmp, thread-local jump buffer) and counted. Any mismatch or
// SIGBUS fails the benchmark: this is a check of the kernel, not only a timing.
//
// Test-only: with DAXBENCH_TEST_CORRUPT=1 in the environment, one byte of the
// file is flipped after the first round's writes and before its checks, to
// prove the checker fails when it must.
#include "workloads/flag_switch_stress.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "core/inode_mode.h"
#include "core/util.h"
#include "workloads/family.h"
#include "workloads/flag_switch_common.h"

namespace daxbench {
namespace {

constexpr uint64_t kBlock = kStressBlockBytes;
constexpr unsigned kPassesPerRound = 2;
constexpr size_t kFirstOffsetsKept = 8;

// SIGBUS to a thread that armed a jump buffer returns to its sigsetjmp; any
// other SIGBUS gets the default action (the access is retried and kills).
thread_local sigjmp_buf* t_sigbus_jump = nullptr;
thread_local void* t_sigbus_address = nullptr;

void on_sigbus(int sig, siginfo_t* info, void*) {
  if (t_sigbus_jump != nullptr) {
    t_sigbus_address = info->si_addr;
    siglongjmp(*t_sigbus_jump, 1);
  }
  ::signal(sig, SIG_DFL);
}

// Installs the SIGBUS handler for the workload's lifetime.
class SigbusHandler {
 public:
  SigbusHandler() {
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    installed_ = ::sigaction(SIGBUS, &sa, &previous_) == 0;
  }
  ~SigbusHandler() {
    if (installed_) ::sigaction(SIGBUS, &previous_, nullptr);
  }
  SigbusHandler(const SigbusHandler&) = delete;
  SigbusHandler& operator=(const SigbusHandler&) = delete;

 private:
  struct sigaction previous_ {};
  bool installed_ = false;
};

std::string hex64(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

constexpr double kMaxStressTimeoutSeconds = 600;

void check_stress_params(const ScenarioParams& p) {
  check_common_params(p);
  const double duration = *parse_duration(p.at("duration"));
  const double every = *parse_duration(p.at("switch_every"));
  const double timeout = *parse_duration(p.at("timeout"));
  if (!(duration > 0)) throw UsageError("duration " + p.at("duration") + " must be more than 0");
  if (!(every > 0) || every > duration)
    throw UsageError("switch_every " + p.at("switch_every") +
                     " must be more than 0 and at most the duration (" + p.at("duration") + ")");
  if (!(timeout > 0) || timeout > kMaxStressTimeoutSeconds)
    throw UsageError("timeout " + p.at("timeout") + " must be more than 0 and at most 600s");
}

class StressWorkload final : public Workload {
 public:
  explicit StressWorkload(const Scenario& s) : scenario_(s) {
    const auto& p = s.params;
    duration_ns_ = static_cast<uint64_t>(*parse_duration(p.at("duration")) * 1e9);
    switch_every_ns_ = static_cast<uint64_t>(*parse_duration(p.at("switch_every")) * 1e9);
    timeout_ns_ = static_cast<uint64_t>(*parse_duration(p.at("timeout")) * 1e9);
    threads_ = std::stoul(p.at("threads"));
    region_bytes_ = *parse_size(p.at("size"));
    try {
      check_stress_params(p);  // the matrix checked it already; direct create() too
    } catch (const UsageError& e) {
      throw UsageError("flag-switch-stress scenario " + s.name + ": " + e.what());
    }
    const char* corrupt = std::getenv("DAXBENCH_TEST_CORRUPT");
    inject_corruption_ = corrupt != nullptr && std::string(corrupt) == "1";
  }

  void prepare(const DirHandle& dir) override {
    check_flag_switching_possible(scenario_, dir, DaxSwitchApi::kFsxattr,
                                  /*need_dax_device=*/false);
    file_ = DirFile(dir, "flag-switch-stress.data");
    path_ = file_.path();
    {
      FileDescriptor fd = dir.create_file(file_.name(), file_bytes());
      fill_file(fd.get(), file_bytes(), 0);
    }
    verify_file_mode(file_, scenario_.target, scenario_.mode);
    last_state_dax_ = file_.says_dax();
    sigbus_handler_ = std::make_unique<SigbusHandler>();
    if (!scenario_.target.dax_capable)
      facts_["switching"] = "the device is not DAX-capable (" + scenario_.target.dax_capability +
                            "): the flag toggles and the inode is evicted and re-loaded, but it "
                            "never becomes DAX";
    if (inject_corruption_) facts_["test_corruption_injected"] = "yes (DAXBENCH_TEST_CORRUPT=1)";
    facts_["writers"] = std::to_string(threads_) + " threads, " + std::to_string(kPassesPerRound) +
                        " passes a round, alternately mmap stores and pwrite per 4 KiB block";
  }

  void run_iteration(TimedRegion& region) override {
    region.begin();
    const uint64_t start = now_ns();
    do {
      run_round();
      if (sigbus_ > 0 || mismatches_ > 0) break;
    } while (now_ns() - start < duration_ns_);
    region.end();
    ++iterations_;
    if (sigbus_ > 0 || mismatches_ > 0) throw WorkloadFailure(failure_summary());
  }

  std::map<std::string, double> per_iteration() const override {
    const double n = iterations_ > 0 ? static_cast<double>(iterations_) : 1.0;
    return {{"rounds", static_cast<double>(rounds_) / n},
            {"operations", static_cast<double>(rounds_) / n},
            {"bytes", static_cast<double>(bytes_written_) / n}};
  }

  std::map<std::string, double> totals() const override {
    std::map<std::string, double> t = {
        {"rounds", static_cast<double>(rounds_)},
        {"switches_requested", static_cast<double>(switches_requested_)},
        {"switches_effective", static_cast<double>(switches_effective_)},
        {"switches_never", static_cast<double>(switches_never_)},
        {"bytes_verified", static_cast<double>(bytes_verified_)},
        {"sigbus", static_cast<double>(sigbus_)},
        {"mismatches", static_cast<double>(mismatches_)}};
    for (size_t i = 0; i < first_offsets_.size(); ++i)
      t["mismatch_offset_" + std::to_string(i)] = static_cast<double>(first_offsets_[i]);
    return t;
  }

  std::map<std::string, std::string> facts() const override { return facts_; }

 private:
  uint64_t file_bytes() const { return region_bytes_ * threads_; }
  uint64_t generation(uint64_t round, unsigned pass) const {
    return round * kPassesPerRound + pass;
  }

  void run_round() {
    const uint64_t round = rounds_;
    // Writers, each re-opening and re-mapping the file for every pass.
    std::atomic<unsigned> writers_left{threads_};
    std::vector<std::string> errors(threads_);
    std::vector<std::thread> writers;
    for (unsigned t = 0; t < threads_; ++t) {
      try {
        writers.emplace_back([&, t] {
          for (unsigned pass = 0; pass < kPassesPerRound && errors[t].empty(); ++pass)
            write_pass(t, round, pass, errors[t]);
          writers_left.fetch_sub(1);
        });
      } catch (const std::system_error& e) {
        // The writers already started finish their passes; a joinable
        // std::thread must not be destroyed (std::terminate).
        for (auto& w : writers) w.join();
        throw WorkloadFailure("cannot start writer thread " + std::to_string(t + 1) + " of " +
                              std::to_string(threads_) + ": " + e.code().message() +
                              " (limits: ulimit -u, the cgroup's pids.max, kernel.threads-max)");
      }
    }
    // The switcher: toggle, drop the reference, look; again every switch_every.
    while (writers_left.load() > 0) {
      toggle_flag();
      const uint64_t until = now_ns() + switch_every_ns_;
      while (writers_left.load() > 0 && now_ns() < until) {
        const timespec ts{0, 200000};
        ::nanosleep(&ts, nullptr);
      }
    }
    for (auto& w : writers) w.join();
    for (const auto& e : errors)
      if (!e.empty()) throw WorkloadFailure(e);
    bytes_written_ += file_bytes() * kPassesPerRound;

    // Every reference is gone: the flag's state must now be the inode's.
    settle();
    if (inject_corruption_ && round == 0) flip_one_byte();
    const uint64_t final_generation = generation(round, kPassesPerRound - 1);
    verify_by_pread(final_generation);
    verify_by_mapping(final_generation);
    ++rounds_;
  }

  // One pass of writer t: every block of its region, even blocks (shifted by
  // the pass) through the mapping, the others through pwrite(2).
  void write_pass(unsigned t, uint64_t round, unsigned pass, std::string& error) {
    const uint64_t gen = generation(round, pass);
    const uint64_t base_offset = region_bytes_ * t;
    const int fd = file_.open_raw(O_RDWR);
    if (fd < 0) {
      error = "flag-switch-stress: open " + path_ + ": " + std::strerror(errno);
      return;
    }
    FileDescriptor owner(fd);
    void* addr = ::mmap(nullptr, region_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                        static_cast<off_t>(base_offset));
    if (addr == MAP_FAILED) {
      error = "flag-switch-stress: mmap " + path_ + ": " + std::strerror(errno);
      return;
    }
    Mapping mapping(addr, region_bytes_);
    std::vector<uint64_t> buffer(kBlock / sizeof(uint64_t));
    const uint64_t blocks = region_bytes_ / kBlock;
    volatile uint64_t next = 0;  // survives a siglongjmp
    sigjmp_buf jump;
    if (sigsetjmp(jump, 1) != 0) {
      // SIGBUS on a store: count it, skip that block (its check will fail).
      record_sigbus(base_offset + next * kBlock);
      next = next + 1;
    }
    t_sigbus_jump = &jump;
    while (next < blocks) {
      const uint64_t b = next;
      const uint64_t block = (base_offset + b * kBlock) / kBlock;
      if (((b + pass + round) & 1) == 0) {
        uint64_t* words = reinterpret_cast<uint64_t*>(mapping.data() + b * kBlock);
        for (uint64_t i = 0; i < kBlock / sizeof(uint64_t); ++i)
          words[i] = stress_word(block, gen, scenario_.seed, i);
      } else {
        for (uint64_t i = 0; i < buffer.size(); ++i)
          buffer[i] = stress_word(block, gen, scenario_.seed, i);
        const ssize_t n = ::pwrite(fd, buffer.data(), kBlock, static_cast<off_t>(block * kBlock));
        if (n != static_cast<ssize_t>(kBlock)) {
          t_sigbus_jump = nullptr;
          error = "flag-switch-stress: pwrite " + path_ + " at " + std::to_string(block * kBlock) +
                  ": " + (n < 0 ? std::strerror(errno) : "short write");
          return;
        }
      }
      next = b + 1;
    }
    t_sigbus_jump = nullptr;
  }

  void record_sigbus(uint64_t offset) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sigbus_++ == 0) first_sigbus_offset_ = offset;
  }

  // Open, flip the flag, close (dropping the switcher's reference), and see
  // whether the state changed (it does when nobody else held the inode).
  void toggle_flag() {
    {
      FileDescriptor fd = file_.open(O_RDWR);
      DaxFlagSwitch sw(DaxSwitchApi::kFsxattr);
      int err = sw.load(fd.get());
      if (err == 0) err = sw.apply(fd.get(), !sw.loaded_flag());
      if (err != 0)
        throw WorkloadFailure("flag-switch-stress: toggling FS_XFLAG_DAX on " + path_ + ": " +
                              std::strerror(err));
    }
    ++switches_requested_;
    observe_state();
  }

  void observe_state() {
    const bool dax = file_.says_dax();
    if (dax != last_state_dax_) ++switches_effective_;
    last_state_dax_ = dax;
  }

  // With no reference held the flag must be in effect; wait for it.
  void settle() {
    bool flag = false;
    {
      FileDescriptor fd = file_.open(O_RDONLY);
      flag = get_dax_flag(fd.get());
    }
    // On a device that is not DAX-capable the flag can never give DAX.
    const bool reachable = scenario_.target.dax_capable || !flag;
    if (reachable && wait_for_dax_state(file_, flag, now_ns() + timeout_ns_) == 0)
      ++switches_never_;
    observe_state();
  }

  void flip_one_byte() {
    const uint64_t offset = std::min<uint64_t>(kBlock + 100, file_bytes() - 1);
    FileDescriptor fd = file_.open(O_RDWR);
    unsigned char byte = 0;
    if (::pread(fd.get(), &byte, 1, static_cast<off_t>(offset)) != 1 ||
        (byte ^= 0xff, ::pwrite(fd.get(), &byte, 1, static_cast<off_t>(offset))) != 1)
      throw std::system_error(errno, std::generic_category(), "test corruption of " + path_);
  }

  // Compares one block; on a mismatch records the first differing word.
  void check_block(uint64_t block, const uint64_t* found, uint64_t gen, const char* how) {
    for (uint64_t i = 0; i < kBlock / sizeof(uint64_t); ++i) {
      const uint64_t expected = stress_word(block, gen, scenario_.seed, i);
      if (found[i] == expected) continue;
      ++mismatches_;
      const uint64_t offset = block * kBlock + i * sizeof(uint64_t);
      if (first_offsets_.size() < kFirstOffsetsKept) first_offsets_.push_back(offset);
      if (first_detail_.empty())
        first_detail_ = std::string(how) + " at offset " + std::to_string(offset) + " (block " +
                        std::to_string(block) + ", word " + std::to_string(i) + "): expected " +
                        hex64(expected) + ", found " + hex64(found[i]) + " after round " +
                        std::to_string(rounds_);
      return;  // one mismatch per block and check
    }
  }

  void verify_by_pread(uint64_t gen) {
    FileDescriptor fd = file_.open(O_RDONLY);
    std::vector<uint64_t> buffer(kMiB / sizeof(uint64_t));
    for (uint64_t base = 0; base < file_bytes(); base += kMiB) {
      const uint64_t chunk = std::min<uint64_t>(kMiB, file_bytes() - base);
      uint64_t done = 0;
      while (done < chunk) {
        const ssize_t n = ::pread(fd.get(), reinterpret_cast<char*>(buffer.data()) + done,
                                  chunk - done, static_cast<off_t>(base + done));
        if (n <= 0)
          throw WorkloadFailure("flag-switch-stress: pread " + path_ + " at " +
                                std::to_string(base + done) + " failed");
        done += static_cast<uint64_t>(n);
      }
      for (uint64_t b = 0; b < chunk / kBlock; ++b)
        check_block((base + b * kBlock) / kBlock, buffer.data() + b * (kBlock / sizeof(uint64_t)),
                    gen, "pread");
    }
    bytes_verified_ += file_bytes();
  }

  void verify_by_mapping(uint64_t gen) {
    FileDescriptor fd = file_.open(O_RDONLY);
    void* addr = ::mmap(nullptr, file_bytes(), PROT_READ, MAP_SHARED, fd.get(), 0);
    if (addr == MAP_FAILED)
      throw std::system_error(errno, std::generic_category(), "mmap for checking " + path_);
    Mapping mapping(addr, file_bytes());
    std::vector<uint64_t> copy(kBlock / sizeof(uint64_t));
    const uint64_t blocks = file_bytes() / kBlock;
    volatile uint64_t next = 0;
    sigjmp_buf jump;
    if (sigsetjmp(jump, 1) != 0) {
      record_sigbus(next * kBlock);
      next = next + 1;
    }
    t_sigbus_jump = &jump;
    while (next < blocks) {
      const uint64_t b = next;
      std::memcpy(copy.data(), mapping.data() + b * kBlock, kBlock);  // may SIGBUS
      check_block(b, copy.data(), gen, "fresh mapping");
      next = b + 1;
    }
    t_sigbus_jump = nullptr;
    bytes_verified_ += file_bytes();
  }

  std::string failure_summary() const {
    std::string s = "flag-switch-stress: " + path_ + ": " + std::to_string(mismatches_) +
                    " mismatches, " + std::to_string(sigbus_) + " SIGBUS in " +
                    std::to_string(rounds_) + " rounds (" + std::to_string(switches_effective_) +
                    " switches effective)";
    if (!first_detail_.empty()) s += "; first: " + first_detail_;
    if (!first_offsets_.empty()) {
      s += "; first offsets:";
      for (uint64_t o : first_offsets_) s += " " + std::to_string(o);
    }
    if (sigbus_ > 0) s += "; first SIGBUS at file offset " + std::to_string(first_sigbus_offset_);
    return s;
  }

  Scenario scenario_;
  uint64_t duration_ns_ = 0;
  uint64_t switch_every_ns_ = 0;
  uint64_t timeout_ns_ = 0;
  unsigned threads_ = 1;
  uint64_t region_bytes_ = 0;
  bool inject_corruption_ = false;
  DirFile file_;      // the data file, by name in its directory fd
  std::string path_;  // its path, for messages
  std::unique_ptr<SigbusHandler> sigbus_handler_;
  bool last_state_dax_ = false;
  std::mutex mutex_;
  uint64_t iterations_ = 0, rounds_ = 0, bytes_written_ = 0, bytes_verified_ = 0;
  uint64_t switches_requested_ = 0, switches_effective_ = 0, switches_never_ = 0;
  uint64_t sigbus_ = 0, first_sigbus_offset_ = 0, mismatches_ = 0;
  std::vector<uint64_t> first_offsets_;
  std::string first_detail_;
  std::map<std::string, std::string> facts_;
};

class StressFamily final : public Family {
 public:
  std::string name() const override { return "flag-switch-stress"; }
  std::string description() const override {
    return "integrity under DAX flag switching: mmap and pwrite writers, a toggling switcher, "
           "pread + fresh-mapping checks every round; any mismatch or SIGBUS fails";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"duration", ParamKind::kDuration, {}, {"10s"}, "how long to run rounds", true},
        {"switch_every",
         ParamKind::kDuration,
         {},
         {"2ms"},
         "interval between two flag toggles during a round",
         true},
        {"timeout",
         ParamKind::kDuration,
         {},
         {"2s"},
         "how long to wait for the flag to take effect once nothing holds the file",
         false,
         false},
        {"threads", ParamKind::kCount, {}, {"2"}, "writer threads, each on its own blocks"},
        {"size", ParamKind::kSize, {}, {"4MiB"}, "bytes per writer (4 KiB blocks)"},
    };
  }
  bool supports_mode(InodeMode m) const override { return m != InodeMode::kDaxAlways; }
  void check(const ScenarioParams& p) const override { check_stress_params(p); }
  FamilyPresentation presentation() const override {
    FamilyPresentation p = Family::presentation();
    p.unit = "round";
    p.unit_quantity = "rounds";
    p.headline_counters = {"mismatches", "sigbus", "switches_never"};
    p.higher_is_better.push_back("switches_effective");
    p.plots.push_back(mode_bars_plot(name(), "time per round"));
    return p;
  }
  uint64_t bytes_needed(const ScenarioParams& p) const override {
    return *parse_size(p.at("size")) * std::stoull(p.at("threads"));
  }
  std::unique_ptr<Workload> create(const Scenario& s) const override {
    return std::make_unique<StressWorkload>(s);
  }
};

DAXBENCH_REGISTER_FAMILY(StressFamily);

}  // namespace
}  // namespace daxbench
