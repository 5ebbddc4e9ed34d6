// `daxbench run --profile`: a kernel+user call-graph profile of each
// scenario's timed regions, recorded by Linux perf itself (`perf record -g`,
// software event cpu-clock: no hardware PMU needed, so it works in the lab)
// in a pass of its own after the timed one, so profiling never perturbs the
// timed numbers. One perf.data per scenario in `<results stem>.profiles/`
// beside the results file (docs/results-format.md: "profile").
//
// How perf is attached to exactly the profiled region: one `perf record -t
// <daxbench's threads>` per scenario (every thread but the one that makes
// the sample times random, bench/period_dither.h), started with its events
// disabled (`-D -1`) and driven through its control descriptors
// (`--control fd:CTL,ACK`):
// "enable" before each timed region and "disable" after it, each answered
// with "ack" before daxbench goes on, so the samples fall inside the regions.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/period_dither.h"
#include "core/perf_tool.h"
#include "core/scratch.h"
#include "core/util.h"
#include "workloads/family.h"

namespace daxbench {

struct ProfileOptions {
  bool enabled = false;
  // cpu-clock mean sample period (perf record -c, a period, not a
  // frequency); the period actually used is changed at random while perf
  // records (bench/period_dither.h), so that sample times never strobe a
  // periodic workload, in the lab's deterministic mode above all.
  uint64_t period_ns = 20000;
  // The profile pass runs iterations until its profiled regions add up to
  // this much time (at least one iteration, at most max_iterations).
  double min_seconds = 0.2;
  unsigned max_iterations = 10000;
};

// Refuses (UsageError) kernel addresses hidden by kernel.kptr_restrict: a
// profile whose kernel frames cannot be named is not worth recording.
void check_kernel_symbols_visible();

// `<results stem>.profiles/` beside the results file, created empty at the
// start of the run (a directory of that name left by an earlier run, with
// its marker file, is replaced; anything else there is refused). Holds the
// per-scenario perf.data files and a perf build-id cache with this kernel's
// kallsyms (so perf report and perf diff name kernel functions on another
// kernel, e.g. the lab guest's profile read on the host).
class ProfileStore {
 public:
  static constexpr const char* kMarker = ".daxbench-profiles";
  // `results_path`: the --out file (checked already). Throws UsageError.
  ProfileStore(const std::string& results_path, std::string perf, ProfileOptions options);
  // The refusals of the constructor, before anything runs (nothing created).
  static void check(const std::string& results_path);
  // Copies this kernel's symbols into the build-id cache (a short perf
  // record of kernel-only samples); done once, before the first scenario.
  void cache_kernel_symbols();

  const DirHandle& dir() const { return dir_; }
  // The directory's name relative to the results file's directory.
  const std::string& name() const { return name_; }
  const std::string& perf() const { return perf_; }
  const ProfileOptions& options() const { return options_; }
  static constexpr const char* kBuildIdCache = "buildid-cache";

 private:
  void trim_module_copies();

  std::string perf_;
  ProfileOptions options_;
  std::string name_;
  DirHandle dir_;
};

// One running `perf record` attached to this process, writing `file_name`
// in the store. The destructor stops and reaps perf if finish() was not called.
class PerfRecording {
 public:
  PerfRecording(const ProfileStore& store, const std::string& file_name);
  PerfRecording(const PerfRecording&) = delete;
  PerfRecording& operator=(const PerfRecording&) = delete;
  ~PerfRecording();
  void enable() { command("enable"); }
  void disable() { command("disable"); }
  // Stops perf (SIGINT: it writes its header), waits, and returns what the
  // results file says of the profile: file, samples, period, ... Throws
  // std::runtime_error with perf's own message when it failed.
  nlohmann::json finish();

 private:
  void command(const char* what);
  std::string perf_stderr() const;

  const ProfileStore& store_;
  std::string file_name_;
  // Started before perf, so perf neither profiles it nor passes the
  // recording on to it (perf record -t lists every other thread).
  PeriodDither dither_;
  pid_t pid_ = -1;
  FileDescriptor ctl_;     // our end of perf's control fd
  FileDescriptor ack_;     // our end of perf's ack fd
  FileDescriptor errors_;  // perf's stderr (a memfd)
};

// The timed region of the profile pass: perf enabled around exactly the
// workload's region, its time added up.
class ProfileRegion final : public TimedRegion {
 public:
  explicit ProfileRegion(PerfRecording& recording) : recording_(recording) {}
  void begin() override {
    recording_.enable();
    start_ns_ = now_ns();
  }
  void end() override {
    elapsed_ns_ += now_ns() - start_ns_;
    recording_.disable();
  }
  uint64_t elapsed_ns() const { return elapsed_ns_; }

 private:
  PerfRecording& recording_;
  uint64_t start_ns_ = 0;
  uint64_t elapsed_ns_ = 0;
};

// A file name for a benchmark's profile: its index and name with every
// character outside [A-Za-z0-9._-] replaced, ".perf.data" appended.
std::string profile_file_name(size_t index, const std::string& benchmark_name);

}  // namespace daxbench
