// `daxbench run` and `daxbench list`: the scenario matrix registered with
// Google Benchmark, timed with manual time around the workload's own timed
// region, with perf counters, NUMA binding, progress, and results JSON.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "bench/benchmark_limit.h"
#include "bench/config.h"
#include "bench/console.h"
#include "bench/counters.h"
#include "bench/environment.h"
#include "bench/kernel_log.h"
#include "bench/matrix.h"
#include "bench/placement.h"
#include "bench/profile.h"
#include "bench/run_signals.h"
#include "core/command.h"
#include "core/inode_mode.h"
#include "core/scratch.h"
#include "core/util.h"

namespace daxbench {

namespace {

// A SIGBUS noted by the handler (run_signals.h) fails the benchmark that
// caused it, naming the file.
void throw_if_sigbus() {
  if (auto report = take_sigbus_report()) throw WorkloadFailure(*report);
}

// Enables counters and reads the clock at the edges of the workload's
// measured region; several begin/end pairs per iteration add up.
class HarnessRegion final : public TimedRegion {
 public:
  explicit HarnessRegion(BenchmarkCounters* counters) : counters_(counters) {}
  void begin() override {
    if (counters_) counters_->enable();
    start_ns_ = now_ns();
  }
  void end() override {
    const uint64_t t = now_ns();
    if (counters_) counters_->disable();
    elapsed_ns_ += t - start_ns_;
  }
  uint64_t take_elapsed_ns() {
    const uint64_t e = elapsed_ns_;
    elapsed_ns_ = 0;
    return e;
  }

 private:
  BenchmarkCounters* counters_;
  uint64_t start_ns_ = 0;
  uint64_t elapsed_ns_ = 0;
};

// What the results JSON says about each benchmark beyond Google Benchmark's
// fields; filled while it runs (the last call of a benchmark wins).
struct BenchmarkRecord {
  nlohmann::json daxbench;
  bool failed = false;
  std::string failure;  // the first failure's error message ("failed: ...")
};

// Readings of counted instances of one benchmark, each for one repetition.
struct PendingCounts {
  struct Instance {
    std::vector<CounterReading> readings;
    double iterations = 0;
  };
  CounterSetup setup;
  std::deque<Instance> instances;
};

struct RunState {
  // Held while records, unsupported_events or the reporter's JSON change,
  // and by the signal thread while it copies them (run_signals.h: hurry).
  std::mutex data_mutex;
  // Held by whoever writes the results and removes the scratch directories:
  // the main thread at the end, or the signal thread on a second signal.
  std::mutex finish_mutex;
  RunConfig config;
  std::vector<PlannedBenchmark> plan;
  std::map<std::string, std::unique_ptr<ScratchDir>> scratch;  // by target real path
  std::map<std::string, BenchmarkRecord> records;              // by benchmark name
  std::map<std::string, std::string> unsupported_events;
  // --benchmark-timeout (bench/benchmark_limit.h); a benchmark whose
  // iteration never returned, and why, once the run ends for it.
  BenchmarkLimit* limit = nullptr;
  std::string stuck_benchmark;
  std::string stuck_reason;
  // The kernel log (bench/kernel_log.h), and what it held for the stuck
  // benchmark when the kernel log called it stuck (empty when
  // --benchmark-timeout did: the complaint is always among the lines).
  KernelLog* kernel_log = nullptr;
  std::vector<std::string> stuck_kernel_lines;
  // Writes the results of the benchmarks finished so far, marked as a run
  // still going: a kernel that dies with the run cannot take them along.
  std::function<void()> checkpoint;
  uint64_t start_ns = 0;
  size_t last_index = SIZE_MAX;
  size_t started = 0;
  size_t total_runs = 0;
  unsigned subdir_counter = 0;
  // Benchmarks a stop request cut short: their finished repetitions are kept,
  // their aggregates (over fewer repetitions than asked) are not.
  std::set<std::string> cut_short;
  // --profile: the profiles directory, and each benchmark's profile once
  // recorded (in its first repetition; later repetitions refer to it).
  std::unique_ptr<ProfileStore> profiles;
  std::map<std::string, nlohmann::json> profile_records;
  // The machine and kernel (bench/environment.h: system_json), read once
  // when the run starts: reading the kernel config again at every
  // checkpoint cost ~0.5 s a benchmark in the lab's deterministic mode.
  nlohmann::json system;
  // Calls of each benchmark that Google Benchmark reports, so far
  // (counts_as_reported).
  std::map<std::string, int> reported;
  // Counted instances not yet reported, by benchmark (count_instances).
  std::map<std::string, PendingCounts> pending_counts;
};

// Google Benchmark 1.7.1 finds a benchmark's iteration count by calling it
// with growing counts until the timed total reaches --benchmark_min_time,
// and reports only that call; later repetitions reuse the count and are all
// reported (benchmark_runner.cc: ShouldReportIterationResults, a manual-time
// benchmark's seconds being the sum of SetIterationTime). The counted pass,
// whose counter set costs ~0.3 s to open and close under the lab's TCG, is
// skipped for a call that cannot be reported; 10 % of slack means a call
// near the limit is counted anyway, as every call after it is.
bool counts_as_reported(RunState& st, const std::string& name, uint64_t timed_ns,
                        double iterations) {
  constexpr double kMaxIterations = 1e9;  // benchmark_runner.cc: kMaxIterations
  int& reported = st.reported[name];
  if (reported > 0 || iterations >= kMaxIterations ||
      static_cast<double>(timed_ns) >= 0.9e9 * st.config.benchmark.min_time_s) {
    ++reported;
    return true;
  }
  return false;
}

std::string format_duration(double seconds) {
  char buf[32];
  if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.0fs", seconds);
  } else {
    std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(seconds / 60),
                  std::fmod(seconds, 60));
  }
  return buf;
}

void print_progress(RunState& st, size_t index) {
  if (index == st.last_index) return;
  st.last_index = index;
  ++st.started;
  const double elapsed = static_cast<double>(now_ns() - st.start_ns) / 1e9;
  std::string eta = "?";
  if (st.started > 1) {
    const double per = elapsed / static_cast<double>(st.started - 1);
    eta = format_duration(per * static_cast<double>(st.total_runs - st.started + 1));
  }
  std::string line = "[";  // appended: "[" + std::string&& trips GCC 12's -Wrestrict at -O3
  line += std::to_string(st.started) + "/" + std::to_string(st.total_runs) + "] " +
          st.plan[index].scenario.name + " (elapsed " + format_duration(elapsed) + ", ~" + eta +
          " left)";
  ProgressLine::get().show(line);
}

// What the timed instance found: totals, latencies, facts (into the results
// record and Google Benchmark's counters).
void describe_timed(const Workload& timed, benchmark::State& state, nlohmann::json& info) {
  nlohmann::json totals = nlohmann::json::object();
  for (const auto& [key, value] : timed.totals()) {
    totals[key] = value;
    state.counters[key] = value;
  }
  info["totals"] = totals;
  if (const LatencyHistogram* h = timed.latency(); h && h->count() > 0) {
    const std::pair<const char*, double> quantiles[] = {
        {"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99_9", 0.999}, {"max", 1.0}};
    nlohmann::json lat = {{"count", h->count()}, {"min", h->min_ns()}};
    for (const auto& [label, q] : quantiles) {
      lat[label] = h->quantile_ns(q);
      state.counters[std::string("latency_") + label + "_ns"] =
          static_cast<double>(h->quantile_ns(q));
    }
    info["latency_ns"] = lat;
  }
  nlohmann::json facts = nlohmann::json::object();
  for (const auto& [k, v] : timed.facts()) facts[k] = v;
  info["facts"] = facts;
}

// Per-iteration quantities and the rates and per-operation time they give.
void set_rate_counters(const std::map<std::string, double>& per_iteration, double iterations,
                       uint64_t total_ns, benchmark::State& state) {
  for (const auto& [key, value] : per_iteration) state.counters[key] = value;
  const double seconds = static_cast<double>(total_ns) / 1e9;
  if (seconds > 0) {
    if (per_iteration.count("bytes"))
      state.counters["bytes_per_second"] = per_iteration.at("bytes") * iterations / seconds;
    if (per_iteration.count("operations"))
      state.counters["operations_per_second"] =
          per_iteration.at("operations") * iterations / seconds;
  }
  if (per_iteration.count("operations") && per_iteration.at("operations") > 0)
    state.counters["ns_per_operation"] =
        static_cast<double>(total_ns) / (per_iteration.at("operations") * iterations);
}

// The scratch directories of one call of a benchmark: a fresh one per
// workload instance, with the inode mode applied, created and removed
// through the scratch directory's fd (core/scratch.h). Whatever is left is
// removed when the call ends.
class CallDirs {
 public:
  CallDirs(RunState& st, const Scenario& scenario)
      : st_(st), scenario_(scenario), scratch_(st.scratch.at(scenario.target.real_path)->dir()) {}
  CallDirs(const CallDirs&) = delete;
  CallDirs& operator=(const CallDirs&) = delete;
  ~CallDirs() {
    for (const auto& n : names_) scratch_.remove(n);
  }
  DirHandle fresh() {
    std::string name = "b";  // appended: "b" + std::string&& trips GCC 12's -Wrestrict at -O3
    name += std::to_string(st_.subdir_counter++);
    DirHandle dir = scratch_.make_subdir(name);
    names_.push_back(name);
    apply_mode_to_directory(dir, scenario_.target, scenario_.mode);
    return dir;
  }
  // The newest directory's instance is done: it goes before the next is made.
  void drop_newest() {
    scratch_.remove(names_.back());
    names_.pop_back();
  }

 private:
  RunState& st_;
  const Scenario& scenario_;
  const DirHandle& scratch_;
  std::vector<std::string> names_;
};

// A fresh instance of the scenario, prepared in a fresh directory.
std::unique_ptr<Workload> fresh_instance(const Scenario& scenario, CallDirs& dirs) {
  std::unique_ptr<Workload> w = scenario.family->create(scenario);
  w->prepare(dirs.fresh());
  return w;
}

struct NoHook {
  void operator()() const {}
};

// One pass over a workload, the same for the timed, counted and profiled
// passes: iterations while `more()` says so, each checked for a stop
// request and the benchmark's time limit, `between()` after the workload's
// before_iteration, `after()` when the iteration returned; then finish().
// A SIGBUS an iteration drew fails the benchmark. False when a stop request
// cut the pass short (finish() not called).
template <typename More, typename After, typename Between = NoHook>
bool run_iterations(Workload& w, TimedRegion& region, const BenchmarkLimit& limit, More&& more,
                    After&& after, Between&& between = Between{}) {
  while (more()) {
    if (stop_requested()) return false;
    limit.check();
    w.before_iteration();
    between();
    w.run_iteration(region);
    throw_if_sigbus();
    after();
  }
  w.finish();
  throw_if_sigbus();
  return true;
}

// The profile pass (--profile, bench/profile.h): a fresh instance of the
// scenario, perf attached before prepare() so worker threads inherit its
// events, enabled around each timed region only; iterations until the
// profiled regions add up to --profile-time. Returns the results file's
// "profile" object, or null when a stop request cut it short.
nlohmann::json profile_pass(const ProfileStore& store, const Scenario& scenario, size_t index,
                            const BenchmarkLimit& limit, CallDirs& dirs) {
  const ProfileOptions& o = store.options();
  PerfRecording recording(store, profile_file_name(index, scenario.name));
  std::unique_ptr<Workload> profiled = fresh_instance(scenario, dirs);
  ProfileRegion region(recording);
  const auto min_ns = static_cast<uint64_t>(o.min_seconds * 1e9);
  unsigned iterations = 0;
  auto more = [&] {
    return iterations == 0 || (region.elapsed_ns() < min_ns && iterations < o.max_iterations);
  };
  if (!run_iterations(*profiled, region, limit, more, [&] { ++iterations; })) return nullptr;
  profiled.reset();
  nlohmann::json j = recording.finish();
  const double seconds = static_cast<double>(region.elapsed_ns()) / 1e9;
  j["iterations"] = iterations;
  j["profiled_ns"] = region.elapsed_ns();
  // cpu-clock ticks only while a profiled thread is on a CPU: fewer samples
  // than profiled_ns / period_ns means the region also waited (or perf
  // lost samples), more means several threads ran.
  j["expected_samples"] = region.elapsed_ns() / o.period_ns;
  if (seconds > 0) j["samples_per_second"] = j["samples"].get<double>() / seconds;
  return j;
}

// Counters' reasons for being unsupported go into the run's list, once per
// reason (they differ per filesystem). The caller holds data_mutex.
void note_unsupported(RunState& st, const CounterSetup& setup) {
  for (const auto& [name, why] : setup.unsupported) {
    std::string& all = st.unsupported_events[name];
    if (all.find(why) == std::string::npos) all += (all.empty() ? "" : "; ") + why;
  }
}

// The counted pass: `instances` fresh instances of the scenario in turn,
// each over `iterations` iterations with the counters enabled around each
// timed region, one counter set opened for all (before each prepare(), so
// worker threads inherit it) and restarted between them: opening and
// closing the set costs ~0.3 s under the lab's TCG (every kprobe and
// tracepoint registered and removed), more than counting. Each instance's
// directory is removed before the next is made. Fills `pending`; false when
// a stop request cut it short.
bool count_instances(RunState& st, const Scenario& scenario, double iterations, int instances,
                     CallDirs& dirs, PendingCounts& pending) {
  pending.setup = CounterSetup{};
  std::unique_ptr<BenchmarkCounters> counters =
      open_counters(st.config.counters, scenario, pending.setup);
  if (!counters) return true;
  const int n = static_cast<int>(iterations);
  for (int k = 0; k < instances; ++k) {
    std::unique_ptr<Workload> counted = fresh_instance(scenario, dirs);
    counters->restart();
    HarnessRegion region(counters.get());
    // Counters over fewer iterations than `iterations` would be
    // normalised wrongly: a stop here cuts the benchmark short.
    int i = 0;
    if (!run_iterations(
            *counted, region, *st.limit, [&] { return i < n; }, [&] { ++i; }))
      return false;
    counted.reset();  // its threads have exited: their counts are in the set's
    pending.instances.push_back({counters->read(), iterations});
    dirs.drop_newest();
  }
  return true;
}

// What a benchmark's "daxbench" object says of its scenario, before anything ran.
nlohmann::json scenario_json(const Scenario& scenario) {
  return {{"family", scenario.family->name()},
          {"params", scenario.params},
          {"mode", to_string(scenario.mode)},
          {"target", scenario.target.path},
          {"fs_type", scenario.target.fs_type}};
}

// Counter readings for one repetition, over the iterations they counted.
struct CountedReadings {
  std::optional<std::vector<CounterReading>> readings;
  double iterations = 0;
};

// One call of a benchmark by Google Benchmark: the timed pass, then the
// counted pass (for a call that is reported) and the profile pass, and what
// the results file says of the benchmark.
class BenchmarkCall {
 public:
  BenchmarkCall(benchmark::State& state, RunState& st, size_t index)
      : state_(state),
        st_(st),
        index_(index),
        scenario_(st.plan[index].scenario),
        placement_(st.plan[index].placement),
        info_(scenario_json(scenario_)) {}

  // False when the call returned early (a stop request, or a failure in an
  // earlier repetition): then nothing of it is recorded.
  bool run() {
    if (stop_requested()) return interrupted();
    // A benchmark that failed once fails its remaining repetitions with the
    // same message (its results are void anyway). Google Benchmark 1.7.1
    // also needs it: ComputeStats reads the statistics of the first
    // repetition, which a failed one does not carry (a null pointer), as
    // soon as two other repetitions succeeded.
    if (const std::string earlier = earlier_failure(); !earlier.empty()) {
      skip(earlier);
      return false;
    }
    try {
      return passes();
    } catch (const SkipScenario& e) {
      skip(std::string("skipped: ") + e.what());
      info_["skipped"] = e.what();
    } catch (const std::exception& e) {
      // A SIGBUS noted while the exception unwound belongs to this benchmark.
      take_sigbus_report();
      fail(std::string("failed: ") + e.what(), e.what());
    }
    return true;
  }

  // What the kernel logged during the call; a complaint fails it.
  void take_kernel_log(KernelWindow& window) {
    if (!st_.kernel_log) return;
    KernelLog::Window kernel = window.take();
    if (!kernel.lines.empty()) info_["kernel_log"] = kernel.lines;
    if (kernel.lost) info_["kernel_log_lost_records"] = kernel.lost;
    if (!kernel.first_complaint.empty() && !failed_) {
      const std::string failure =
          "failed: the kernel reported during this benchmark: " + kernel.first_complaint;
      fail(failure, failure);
    }
  }

  void record() {
    std::lock_guard lock(st_.data_mutex);
    BenchmarkRecord& record = st_.records[scenario_.name];
    if (failed_ && !record.failed) record.failure = failure_;
    record.failed = record.failed || failed_;
    record.daxbench = std::move(info_);
  }

 private:
  bool passes() {
    CallDirs dirs(st_, scenario_);
    PlacementBinding binding(placement_);
    info_["placement"] = placement_.describe();
    const bool count_inline = st_.config.counting_inline;
    std::unique_ptr<BenchmarkCounters> counters = count_inline ? open_inline_counters() : nullptr;
    std::unique_ptr<Workload> workload = fresh_instance(scenario_, dirs);
    throw_if_sigbus();
    if (stop_requested()) return interrupted();  // a signal during file preparation
    st_.limit->check();
    HarnessRegion region(counters.get());
    uint64_t total_ns = 0;
    if (!timed_pass(*workload, region, total_ns)) return interrupted();

    const auto per_iteration = workload->per_iteration();
    const double iterations = static_cast<double>(state_.iterations());
    describe_timed(*workload, state_, info_);
    set_rate_counters(per_iteration, iterations, total_ns, state_);

    CountedReadings counted{std::nullopt, iterations};
    if (counters) counted.readings = counters->read();
    if (!count_inline && !st_.config.counters.no_events &&
        counts_as_reported(st_, scenario_.name, total_ns, iterations)) {
      workload.reset();
      if (!counted_pass(dirs, iterations, counted)) return interrupted();
    }
    if (counted.readings) add_counters(*counted.readings, per_iteration, counted.iterations);
    if (st_.profiles && !profile(dirs, workload)) return interrupted();
    return true;
  }

  // Opened before prepare(), so the worker threads it starts inherit them.
  std::unique_ptr<BenchmarkCounters> open_inline_counters() {
    if (st_.config.counters.no_events) return nullptr;
    CounterSetup setup;
    auto counters = open_counters(st_.config.counters, scenario_, setup);
    info_["counter_sources"] = setup.sources;  // what each counter is on this kernel
    info_["unsupported_counters"] = setup.unsupported;
    std::lock_guard lock(st_.data_mutex);
    note_unsupported(st_, setup);
    return counters;
  }

  // Google Benchmark's iterations, each timed by the workload's own region
  // and passed on as manual time.
  bool timed_pass(Workload& workload, HarnessRegion& region, uint64_t& total_ns) {
    loop_entered_ = true;
    auto more = [&] { return state_.KeepRunning(); };
    auto after = [&] {
      const uint64_t ns = region.take_elapsed_ns();
      total_ns += ns;
      state_.SetIterationTime(static_cast<double>(ns) / 1e9);
    };
    auto between = [&] { test_stall_iteration(scenario_.name); };
    // Google Benchmark may end a call after one long iteration (its wall
    // clock cap): a benchmark past its limit fails before finish() too.
    auto more_or_limit = [&] {
      if (more()) return true;
      st_.limit->check();
      return false;
    };
    return run_iterations(workload, region, *st_.limit, more_or_limit, after, between);
  }

  // Counting costs the kernel a few hundred instructions per event (perf
  // software events, tracepoints), ~10 % of a 4 KiB fault: so the timed
  // iterations run uncounted and fresh instances of the same scenario are
  // counted over a few more iterations, their counters enabled around each
  // timed region exactly as they would be inline: this call's repetition
  // and those still to come, counted at the first.
  bool counted_pass(CallDirs& dirs, double iterations, CountedReadings& counted) {
    PendingCounts& pending = st_.pending_counts[scenario_.name];
    if (pending.instances.empty()) {
      if (stop_requested()) return false;
      const int left = st_.config.benchmark.repetitions - st_.reported[scenario_.name] + 1;
      if (!count_instances(st_, scenario_, std::clamp(iterations, 1.0, 5.0), std::max(left, 1),
                           dirs, pending))
        return false;
      std::lock_guard lock(st_.data_mutex);
      note_unsupported(st_, pending.setup);
    }
    info_["counter_sources"] = pending.setup.sources;
    info_["unsupported_counters"] = pending.setup.unsupported;
    if (!pending.instances.empty()) {
      counted.readings = std::move(pending.instances.front().readings);
      counted.iterations = pending.instances.front().iterations;
      pending.instances.pop_front();
    }
    return true;
  }

  void add_counters(const std::vector<CounterReading>& readings,
                    const std::map<std::string, double>& per_iteration, double iterations) {
    for (const auto& [key, value] : derive_counters(readings, per_iteration, iterations,
                                                    scenario_.family->presentation()))
      state_.counters[key] = value;
    state_.counters["counted_iterations"] = iterations;
  }

  // The benchmark's profile, recorded in its first call; later repetitions
  // refer to it.
  bool profile(CallDirs& dirs, std::unique_ptr<Workload>& workload) {
    nlohmann::json profile;
    {
      std::lock_guard lock(st_.data_mutex);
      if (auto it = st_.profile_records.find(scenario_.name); it != st_.profile_records.end())
        profile = it->second;
    }
    if (profile.is_null()) {
      workload.reset();
      if (stop_requested()) return false;
      profile = profile_pass(*st_.profiles, scenario_, index_, *st_.limit, dirs);
      if (profile.is_null()) return false;
      std::lock_guard lock(st_.data_mutex);
      st_.profile_records[scenario_.name] = profile;
    }
    info_["profile"] = profile;
    return true;
  }

  std::string earlier_failure() {
    std::lock_guard lock(st_.data_mutex);
    auto it = st_.records.find(scenario_.name);
    return it != st_.records.end() && it->second.failed ? it->second.failure : "";
  }

  // Google Benchmark 1.7.1 requires every repetition of a benchmark to
  // report the same iteration count (statistics.cc: ComputeStats, a CHECK
  // that aborts the process). A repetition that skips before its loop
  // reports 0, so a skip always enters the loop: after SkipWithError it runs
  // no iteration and reports the count the other repetitions ran.
  void skip(const std::string& why) {
    state_.SkipWithError(why.c_str());
    if (!loop_entered_) {
      loop_entered_ = true;
      for (auto _ : state_) {
      }
    }
  }

  bool interrupted() {
    {
      std::lock_guard lock(st_.data_mutex);
      st_.cut_short.insert(scenario_.name);
    }
    skip("interrupted");
    return false;
  }

  void fail(const std::string& failure, const std::string& shown) {
    failed_ = true;
    failure_ = failure;
    skip(failure);
    ProgressLine::get().clear();
    std::fprintf(stderr, "daxbench: %s: %s\n", scenario_.name.c_str(), shown.c_str());
  }

  benchmark::State& state_;
  RunState& st_;
  const size_t index_;
  const Scenario& scenario_;
  Placement placement_;
  nlohmann::json info_;
  bool loop_entered_ = false;
  bool failed_ = false;
  std::string failure_;
};

void run_one(benchmark::State& state, RunState& st, size_t index) {
  // Google Benchmark reports a benchmark (its repetitions and aggregates)
  // before it calls the next: at a new one, the last is in the results.
  if (index != st.last_index && st.last_index != SIZE_MAX && st.checkpoint) st.checkpoint();
  const std::string& name = st.plan[index].scenario.name;
  // What the kernel logs from here to the end of this call is this
  // benchmark's (a call that returns early leaves it to the run's).
  KernelWindow kernel_window(st.kernel_log, name);
  print_progress(st, index);
  // This call's time counts towards the benchmark's --benchmark-timeout.
  BenchmarkLimit::Call limited(*st.limit, name);
  BenchmarkCall call(state, st, index);
  if (!call.run()) return;
  call.take_kernel_log(kernel_window);
  call.record();
}

// Counters worth a column of Google Benchmark's console (the results file
// has all of them): the rates and latency percentiles every family may have,
// and the headline counters each family declares (Family::presentation), a
// perf counter's stem in the family's unit.
const std::set<std::string>& console_counters() {
  static const std::set<std::string> names = [] {
    std::set<std::string> n = {"ns_per_operation", "bytes_per_second", "operations_per_second",
                               "latency_p50_ns", "latency_p99_ns"};
    for (const Family* f : all_families()) {
      const FamilyPresentation p = f->presentation();
      for (const auto& c : p.headline_counters) {
        n.insert(c);
        n.insert(c + "_per_" + per_unit(p.unit_quantity));
      }
    }
    return n;
  }();
  return names;
}

// What stdout shows (--benchmark_format): daxbench's compact table by
// default, else Google Benchmark's console (headline columns only), JSON or
// CSV reporter, unchanged.
std::unique_ptr<benchmark::BenchmarkReporter> display_reporter(const RunState& st) {
  const BenchmarkFlags& flags = st.config.benchmark;
  if (flags.format == "json") return std::make_unique<benchmark::JSONReporter>();
  if (flags.format == "csv") {
    BENCHMARK_DISABLE_DEPRECATED_WARNING
    return std::make_unique<benchmark::CSVReporter>();
    BENCHMARK_RESTORE_DEPRECATED_WARNING
  }
  if (flags.format == "console") {
    const bool color = flags.color == "true" || (flags.color == "auto" && ::isatty(STDOUT_FILENO));
    return std::make_unique<benchmark::ConsoleReporter>(
        color ? benchmark::ConsoleReporter::OO_ColorTabular
              : benchmark::ConsoleReporter::OO_Tabular);
  }
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& b : st.plan) names.emplace_back(b.scenario.name, b.scenario.family->name());
  std::map<std::string, FamilyPresentation> families;
  for (const Family* f : all_families()) families[f->name()] = f->presentation();
  return std::make_unique<CompactConsoleReporter>(names, families, clock_kind());
}

// Shows the console table and collects Google Benchmark's JSON in memory, so
// the results file is written once, atomically, with our keys added.
class TeeReporter final : public benchmark::BenchmarkReporter {
 public:
  // `format`: --benchmark_format ("" = daxbench's compact table).
  TeeReporter(std::mutex& mutex, std::unique_ptr<benchmark::BenchmarkReporter> display,
              const std::string& format)
      : mutex_(mutex),
        display_(std::move(display)),
        gb_console_(format == "console"),
        compact_(format.empty()) {
    display_->SetOutputStream(&std::cout);
    display_->SetErrorStream(&std::cerr);
    json_.SetOutputStream(&json_text_);
    json_.SetErrorStream(&json_errors_);
  }
  bool ReportContext(const Context& context) override {
    {
      std::lock_guard lock(mutex_);
      json_.ReportContext(context);
      context_reported_ = true;
      // Debian's libbenchmark is a DEBUG build, and its console says
      // "Timings may be affected": true of its own loop, not of the manual
      // time daxbench measures around the timed region.
      if (compact_ &&
          json_text_.str().find(R"("library_build_type": "debug")") != std::string::npos)
        std::fprintf(stderr,
                     "note: libbenchmark was built as DEBUG; daxbench times each timed region "
                     "itself (manual time), so its timings are not affected\n");
    }
    ProgressLine::get().clear();
    return display_->ReportContext(context);
  }
  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> named = runs;
    // The time is daxbench's own measurement of the timed region; keep
    // benchmark names free of Google Benchmark's "/manual_time" suffix.
    for (Run& r : named) r.run_name.time_type.clear();
    {
      std::lock_guard lock(mutex_);
      json_.ReportRuns(named);
    }
    // Google Benchmark's console shows the headline columns; the JSON keeps
    // every counter.
    if (gb_console_) {
      for (Run& r : named) {
        benchmark::UserCounters shown;
        for (const auto& [name, counter] : r.counters)
          if (console_counters().count(name)) shown[name] = counter;
        r.counters = shown;
      }
    }
    ProgressLine::get().clear();
    display_->ReportRuns(named);
  }
  void Finalize() override {
    ProgressLine::get().clear();
    display_->Finalize();
    std::lock_guard lock(mutex_);
    json_.Finalize();
    finalized_ = true;
  }
  // The JSON so far, closed as Finalize would close it (json_reporter.cc:
  // Finalize writes "\n  ]\n}\n"). The caller holds the mutex.
  std::string json() const {
    if (!context_reported_) return R"({"context": {}, "benchmarks": []})";
    return finalized_ ? json_text_.str() : json_text_.str() + "\n  ]\n}\n";
  }

 private:
  std::mutex& mutex_;
  bool context_reported_ = false;
  bool finalized_ = false;
  std::unique_ptr<benchmark::BenchmarkReporter> display_;
  bool gb_console_;
  bool compact_;
  benchmark::JSONReporter json_;
  std::ostringstream json_text_;
  std::ostringstream json_errors_;
};

// What the kernel logged during the run, as the results keep it: where it
// was read from, or why it could not be (never silently clean).
nlohmann::json kernel_log_json(const RunState& st) {
  if (!st.kernel_log) return {{"read", false}, {"why", "not read (no run)"}};
  if (!st.kernel_log->unreadable().empty())
    return {{"read", false},
            {"why", st.kernel_log->unreadable() +
                        ": kernel WARNINGs, Oopses and lockups during the run were not checked"}};
  KernelLog::Window between = st.kernel_log->between();
  nlohmann::json j = {
      {"read", true},
      {"source",
       "/dev/kmsg from the start of the run; the kernel's records during each benchmark are in "
       "its kernel_log, and a WARNING, BUG, Oops, general protection fault, UBSAN report, hung "
       "task, lockup, RCU stall or panic fails it"}};
  if (!between.lines.empty()) j["between_benchmarks"] = between.lines;
  if (!between.first_complaint.empty()) j["complaint_between_benchmarks"] = between.first_complaint;
  if (between.lost) j["lost_records_between_benchmarks"] = between.lost;
  return j;
}

// Why a run's results are incomplete (nothing when they are complete).
void describe_incomplete(const RunState& st, bool interrupted, bool running, nlohmann::json& ctx) {
  if (running) {
    ctx["incomplete_reason"] =
        "written after each finished benchmark while the run went on, and not rewritten at its "
        "end: daxbench or the kernel under it died; the benchmarks absent did not finish";
  } else if (!st.stuck_benchmark.empty()) {
    ctx["incomplete_reason"] =
        "benchmark " + st.stuck_benchmark + " was stuck in an iteration that never returned (" +
        (!st.stuck_kernel_lines.empty() ? "after a kernel report" : "--benchmark-timeout") +
        "): the run ended there; it is recorded as failed, the "
        "benchmarks after it are absent";
    ctx["cut_short_benchmarks"] = nlohmann::json::array();
  } else if (interrupted) {
    const int sig = stop_signal();
    ctx["incomplete_reason"] = std::string("stopped by ") + (sig ? sigabbrev_np(sig) : "?") +
                               ": benchmarks not started are absent, a benchmark cut short "
                               "keeps its finished repetitions and has no aggregates";
    ctx["cut_short_benchmarks"] = nlohmann::json::array();  // filled by build_results
  }
}

nlohmann::json profiles_json(const ProfileStore& profiles) {
  return {{"directory", profiles.name()},
          {"perf", profiles.perf()},
          {"perf_version", perf_version(profiles.perf())},
          {"event", "cpu-clock"},
          {"period_ns", profiles.options().period_ns},
          {"kernel_symbols", "/proc/kallsyms, kept in the perf build-id cache " + profiles.name() +
                                 "/" + ProfileStore::kBuildIdCache},
          {"pass",
           "separate: a fresh instance of each scenario after its timed (and counted) "
           "iterations, perf enabled around each timed region only"}};
}

// Where the run's tasks ran: NUMA binding and CPU pinning.
void describe_placement(const RunConfig& config, nlohmann::json& ctx) {
  std::string binding = "none";
  if (!config.placement.cpu_node.empty() || !config.placement.mem_node.empty() ||
      !config.placement.placements.empty())
    binding = "cpu-node=" + config.placement.cpu_node + " mem-node=" + config.placement.mem_node +
              " placements=" + std::to_string(config.placement.placements.size());
  ctx["numa_binding"] = binding;
  ctx["task_pinning"] = config.pin_tasks
                            ? "one CPU per worker thread or process (--pin-tasks): task i on the "
                              "i-th allowed CPU mod their count; each benchmark's task_cpus fact"
                            : "none: the scheduler places worker threads and processes";
}

// The results' context beyond Google Benchmark's: the machine, the run's
// options, and how each family's results read.
void describe_run(const RunState& st, const std::vector<TargetInfo>& targets, bool interrupted,
                  bool running, nlohmann::json& ctx) {
  ctx.update(st.system);
  ctx["command_line"] = st.config.command_line;
  ctx["config_file"] = st.config.config_file;
  ctx["time_measurement"] =
      "real_time is the workload's timed region only (mmap/touch/munmap for fault), measured by "
      "daxbench with CLOCK_MONOTONIC and passed to Google Benchmark as manual time";
  ctx["incomplete"] = interrupted || running;
  ctx["kernel_log"] = kernel_log_json(st);
  describe_incomplete(st, interrupted, running, ctx);
  ctx["benchmark_timeout_s"] = st.config.benchmark_timeout_s;
  ctx["benchmark_min_time_s"] = st.config.benchmark.min_time_s;
  if (!st.config.benchmark.min_time_default.empty())
    ctx["benchmark_min_time_source"] = st.config.benchmark.min_time_default;
  ctx["unsupported_events"] = st.unsupported_events;
  if (st.profiles) ctx["profiles"] = profiles_json(*st.profiles);
  // How each family's results read (core/presentation.h): compare and report
  // take units, headline counters and plots from here, not from family code.
  ctx["families"] = nlohmann::json::object();
  for (const Family* f : all_families()) ctx["families"][f->name()] = f->presentation();
  ctx["targets"] = nlohmann::json::array();
  for (const auto& t : targets) ctx["targets"].push_back(target_json(t));
  describe_placement(st.config, ctx);
}

// Google Benchmark's entries that stay, each with its "daxbench" object:
// not the interrupted ones, nor the aggregates of a benchmark cut short.
nlohmann::json kept_benchmarks(const RunState& st, nlohmann::json& benchmarks) {
  nlohmann::json kept = nlohmann::json::array();
  for (auto& b : benchmarks) {
    if (b.value("error_message", "") == "interrupted") continue;
    if (b.value("run_type", "") == "aggregate" &&
        st.cut_short.count(b.value("run_name", b.value("name", ""))))
      continue;
    for (auto it = b.begin(); it != b.end();) {
      if (it->is_null()) {
        it = b.erase(it);
      } else {
        ++it;
      }
    }
    const std::string run_name = b.value("run_name", b.value("name", ""));
    auto it = st.records.find(run_name);
    if (it != st.records.end()) b["daxbench"] = it->second.daxbench;
    kept.push_back(b);
  }
  return kept;
}

// Google Benchmark reports a benchmark once its function returned; the
// stuck one never did, so its entry is made here, as a failed run reads.
nlohmann::json stuck_benchmark_entry(const RunState& st) {
  nlohmann::json b = {{"name", st.stuck_benchmark},
                      {"run_name", st.stuck_benchmark},
                      {"run_type", "iteration"},
                      {"repetitions", st.config.benchmark.repetitions},
                      {"threads", 1},
                      {"error_occurred", true},
                      {"error_message", st.stuck_reason}};
  if (auto it = st.records.find(st.stuck_benchmark); it != st.records.end()) {
    b["daxbench"] = it->second.daxbench;
  } else {
    for (const auto& planned : st.plan)
      if (planned.scenario.name == st.stuck_benchmark)
        b["daxbench"] = scenario_json(planned.scenario);
  }
  if (!st.stuck_kernel_lines.empty()) b["daxbench"]["kernel_log"] = st.stuck_kernel_lines;
  return b;
}

nlohmann::json build_results(const RunState& st, const std::vector<TargetInfo>& targets,
                             const std::string& gb_json, bool interrupted, bool running) {
  nlohmann::json results = nlohmann::json::parse(null_non_finite(gb_json));
  auto& ctx = results["context"];
  describe_run(st, targets, interrupted, running, ctx);
  nlohmann::json kept = kept_benchmarks(st, results["benchmarks"]);
  if (!st.stuck_benchmark.empty()) kept.push_back(stuck_benchmark_entry(st));
  results["benchmarks"] = kept;
  // Cut short: stopped after at least one repetition finished (a benchmark
  // stopped before any is simply absent).
  if (interrupted) {
    std::set<std::string> with_repetitions;
    for (const auto& b : kept)
      if (b.value("run_type", "") != "aggregate")
        with_repetitions.insert(b.value("run_name", b.value("name", "")));
    for (const auto& name : st.cut_short)
      if (with_repetitions.count(name)) ctx["cut_short_benchmarks"].push_back(name);
  }
  return results;
}

// Free space: files exist one benchmark at a time, so the largest counts.
void check_free_space(const std::vector<PlannedBenchmark>& plan,
                      const std::vector<TargetInfo>& targets) {
  std::map<std::string, uint64_t> needed;
  for (const auto& b : plan) {
    uint64_t& n = needed[b.scenario.target.real_path];
    n = std::max(n, b.scenario.family->bytes_needed(b.scenario.params));
  }
  for (const auto& t : targets) {
    if (!needed.count(t.real_path)) continue;
    const uint64_t want = needed[t.real_path] + needed[t.real_path] / 16 + 16 * kMiB;
    if (t.free_bytes < want)
      throw UsageError("target " + t.path + ": " + format_size(t.free_bytes) +
                       " free, the matrix needs " + format_size(want) +
                       "; free space or use smaller sizes");
  }
}

// Google Benchmark's flags, checked when parsed (benchmark_flags.cc); these cannot
// fail any more, but a stray one would be a bug: refuse it.
// Google Benchmark keeps argv[0] (the context's "executable") past
// Initialize: the strings must outlive the run, hence static.
void initialize_google_benchmark(const std::vector<std::string>& flags) {
  static std::vector<std::string> gb_args;
  static std::vector<char*> gb_argv;
  gb_args = {"daxbench"};
  gb_args.insert(gb_args.end(), flags.begin(), flags.end());
  gb_argv.clear();
  for (auto& a : gb_args) gb_argv.push_back(a.data());
  int gb_argc = static_cast<int>(gb_argv.size());
  gb_argv.push_back(nullptr);
  benchmark::Initialize(&gb_argc, gb_argv.data());
  if (gb_argc > 1) throw UsageError(std::string("unknown Google Benchmark flag ") + gb_argv[1]);
}

// The matrix on the probed targets; `list` without a target names "FS"
// where the filesystem goes.
std::vector<PlannedBenchmark> plan_run(RunConfig& config, const std::vector<TargetInfo>& targets,
                                       std::vector<std::string>& notes) {
  std::vector<PlannedBenchmark> plan;
  if (targets.empty()) {
    RunConfig unchecked = config;
    plan = expand_matrix(unchecked, {TargetInfo{}}, nullptr);
  } else {
    plan = expand_matrix(config, targets, &notes);
  }
  if (plan.empty()) throw UsageError("the matrix is empty: no family runs in the requested modes");
  return plan;
}

// --profile: perf and kernel symbols are checked before anything runs; the
// profiles directory is made once the inode modes have been checked.
// Returns the perf to record with ("" without --profile).
std::string check_profile_prerequisites(const RunConfig& config) {
  if (!config.profile.enabled) return "";
  if (config.out.empty())
    throw UsageError("--profile needs --out FILE: the profiles are kept beside the results file");
  std::string perf = find_perf("--profile");
  check_kernel_symbols_visible();
  ProfileStore::check(config.out);
  return perf;
}

// Scratch directories, then a check that every (target, mode) really gives
// the promised inode state before anything is measured.
void make_scratch_and_check_modes(RunState& st) {
  std::set<std::pair<std::string, InodeMode>> checked;
  for (const auto& b : st.plan) {
    if (stop_requested()) break;
    const TargetInfo& t = b.scenario.target;
    if (!st.scratch.count(t.real_path))
      st.scratch[t.real_path] = std::make_unique<ScratchDir>(t);  // the probed directory
    if (!checked.insert({t.real_path, b.scenario.mode}).second) continue;
    const DirHandle& scratch = st.scratch[t.real_path]->dir();
    const std::string name = std::string("check-") + to_string(b.scenario.mode);
    {
      DirHandle dir = scratch.make_subdir(name);
      apply_mode_to_directory(dir, t, b.scenario.mode);
      FileDescriptor probe = dir.create_file("mode-probe", kPageSize);
      verify_file_mode(probe.get(), dir.file("mode-probe"), t, b.scenario.mode);
    }
    scratch.remove(name);
  }
}

void register_benchmarks(RunState& st) {
  const std::string& u = st.config.benchmark.time_unit;
  const benchmark::TimeUnit unit = u == "ns"   ? benchmark::kNanosecond
                                   : u == "ms" ? benchmark::kMillisecond
                                   : u == "s"  ? benchmark::kSecond
                                               : benchmark::kMicrosecond;
  for (size_t i = 0; i < st.plan.size(); ++i) {
    benchmark::RegisterBenchmark(st.plan[i].scenario.name.c_str(),
                                 [&st, i](benchmark::State& state) { run_one(state, st, i); })
        ->UseManualTime()
        ->Unit(unit);
  }
}

// Writes the results of a run: at its end, after each benchmark (a
// checkpoint), and from other threads when a signal or a stuck benchmark
// ends the run early.
class ResultsWriter {
 public:
  ResultsWriter(RunState& st, const std::vector<TargetInfo>& targets, TeeReporter& reporter,
                OutputFile& out_file)
      : st_(st), targets_(targets), reporter_(reporter), out_file_(out_file) {}

  // Writes what is finished; the caller holds finish_mutex. `running`: a
  // checkpoint while the run goes on (RunState::checkpoint), said nowhere.
  void write(bool interrupted, bool running = false) {
    if (st_.config.out.empty()) return;
    std::string text;
    {
      std::lock_guard lock(st_.data_mutex);
      text = build_results(st_, targets_, reporter_.json(), interrupted, running).dump(2) + "\n";
    }
    out_file_.write(text);
    if (running) return;
    ProgressLine::get().clear();
    std::fprintf(stderr, "daxbench: results written to %s%s\n", st_.config.out.c_str(),
                 !interrupted                  ? ""
                 : st_.stuck_benchmark.empty() ? " (incomplete: interrupted)"
                                               : " (incomplete: a benchmark is stuck)");
  }

  // From another thread (signals, the benchmark limit), or as a checkpoint:
  // writes what is finished unless the main thread is already finishing,
  // whose lock the result then does not own.
  std::unique_lock<std::mutex> write_now(bool running = false) {
    std::unique_lock finishing(st_.finish_mutex, std::try_to_lock);
    if (!finishing.owns_lock()) return finishing;
    try {
      write(!running, running);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "daxbench: results%s not written: %s\n", running ? " so far" : "",
                   e.what());
    }
    return finishing;
  }

  // A second signal: what is finished is written and the scratch
  // directories removed now, from the signal thread, unless the main
  // thread is already doing exactly that.
  void hurry(int first_signal) {
    if (!write_now().owns_lock()) return;
    // After the first signal the main thread creates no new benchmark
    // directory (BenchmarkCall::run checks first); files it still writes
    // are unlinked under it, which Linux allows.
    remove_all_scratch_dirs();
    std::fprintf(stderr, "daxbench: second signal: stopped at once, scratch directories removed\n");
    std::fflush(stderr);
    ::_exit(128 + first_signal);
  }

  // A benchmark stuck in an iteration (bench/benchmark_limit.h): recorded as
  // failed, what finished written, scratch removed, exit status 3. The stuck
  // thread cannot be taken back, so the run cannot go on.
  void stuck(const std::string& name, const std::string& why) {
    {
      std::lock_guard lock(st_.data_mutex);
      st_.stuck_benchmark = name;
      st_.stuck_reason = "failed: " + why;
    }
    ProgressLine::get().clear();
    std::fprintf(stderr, "daxbench: %s: %s\n", name.c_str(), why.c_str());
    if (!write_now().owns_lock()) return;
    remove_all_scratch_dirs();
    std::fprintf(stderr,
                 "daxbench: a benchmark is stuck: the run ends here, scratch directories "
                 "removed (exit status 3)\n");
    std::fflush(stderr);
    ::_exit(3);
  }

 private:
  RunState& st_;
  const std::vector<TargetInfo>& targets_;
  TeeReporter& reporter_;
  OutputFile& out_file_;
};

// The kernel log from here on (bench/kernel_log.h); a benchmark that drew an
// Oops and did not return within 20 s ends the run as a stuck one does. Its
// watcher thread inherits the blocked stop signals.
// Test-only: DAXBENCH_TEST_KERNEL_LOG=FIFO reads kernel records a test
// writes (tests/interrupted_run_test.cc), as /dev/kmsg gives them.
std::unique_ptr<KernelLog> watch_kernel_log(RunState& st, ResultsWriter& writer) {
  const char* test_log = std::getenv("DAXBENCH_TEST_KERNEL_LOG");
  auto log = std::make_unique<KernelLog>(
      20.0,
      [&st, &writer](const std::string& name, const std::string& why) {
        {
          std::lock_guard lock(st.data_mutex);
          st.stuck_kernel_lines = st.kernel_log->current().lines;
        }
        writer.stuck(name, why);
      },
      test_log && *test_log ? test_log : "/dev/kmsg");
  st.kernel_log = log.get();
  if (!log->unreadable().empty())
    std::fprintf(stderr, "note: kernel log not checked (%s)\n", log->unreadable().c_str());
  return log;
}

// The run's exit status once every benchmark ran: 1 when one failed or the
// kernel complained between benchmarks; a signal that came after the last
// benchmark (results complete) still gives its status: whoever sent it
// learns it was seen.
int run_status(RunState& st) {
  int status = 0;
  {
    std::lock_guard lock(st.data_mutex);
    for (const auto& [name, r] : st.records)
      if (r.failed) status = 1;
  }
  const std::string between = st.kernel_log->between().first_complaint;
  if (!between.empty()) {
    std::fprintf(stderr, "daxbench: the kernel reported between benchmarks: %s\n", between.c_str());
    status = 1;
  }
  if (stop_requested()) status = 128 + stop_signal();
  return status;
}

// Runs the planned benchmarks and writes their results; the exit status.
int run_benchmarks(RunState& st, const std::vector<TargetInfo>& targets, OutputFile& out_file,
                   const std::string& perf, const std::vector<std::string>& notes) {
  TeeReporter reporter(st.data_mutex, display_reporter(st), st.config.benchmark.format);
  ResultsWriter writer(st, targets, reporter, out_file);
  // From here on a signal stops the run and keeps what is finished (the
  // first writes it at once, in case the current iteration never returns;
  // the main thread writes again when it stops); SIGBUS from a lost mapping
  // fails one benchmark, not the run. The kernel log is declared before
  // the signal thread, so that it outlives it (the thread writes results,
  // which read the kernel log); made after it.
  std::unique_ptr<KernelLog> kernel_log;
  StopSignals signals([&](int) { writer.write_now(); }, [&](int s) { writer.hurry(s); });
  SigbusGuard sigbus;
  BenchmarkLimit limit(
      st.config.benchmark_timeout_s, st.config.benchmark.repetitions,
      [&](const std::string& name, const std::string& why) { writer.stuck(name, why); });
  st.limit = &limit;
  kernel_log = watch_kernel_log(st, writer);
  st.checkpoint = [&] { writer.write_now(true); };
  try {
    make_scratch_and_check_modes(st);
    if (st.config.profile.enabled && !stop_requested()) {
      st.profiles = std::make_unique<ProfileStore>(st.config.out, perf, st.config.profile);
      st.profiles->cache_kernel_symbols();
    }
    // Notes only now: a refusal above is the one line of a failed run.
    for (const auto& n : notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    if (st.config.out.empty())
      std::fprintf(stderr, "note: no --out FILE given: results are shown but not saved\n");
    st.total_runs = st.plan.size();
    register_benchmarks(st);
    st.start_ns = now_ns();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();

    std::lock_guard finishing(st.finish_mutex);
    writer.write(stop_requested());
    const int status = run_status(st);
    st.scratch.clear();
    return status;
  } catch (...) {
    std::lock_guard finishing(st.finish_mutex);
    st.scratch.clear();
    throw;
  }
}

int run_command(int argc, char** argv, bool list_only) {
  RunState st;
  if (!parse_run_config(argc, argv, st.config, /*need_targets=*/!list_only)) return 0;
  std::vector<TargetInfo> targets;
  for (const auto& path : st.config.targets) targets.push_back(probe_target(path));
  std::vector<std::string> notes;
  st.plan = plan_run(st.config, targets, notes);

  // `run --benchmark_list_tests` lists like `list` and runs nothing.
  if (list_only || st.config.benchmark.list_tests) {
    for (const auto& n : notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    for (const auto& b : st.plan) std::printf("%s\n", b.scenario.name.c_str());
    return 0;
  }

  check_free_space(st.plan, targets);
  // A long run must not fail at the end for want of a place to write, nor
  // overwrite its own config (core/util.h: check_output_file).
  // The directory is held by fd from here to the end (OutputFile).
  OutputFile out_file;
  if (!st.config.out.empty())
    out_file = OutputFile("--out", st.config.out, {st.config.config_file});
  const std::string perf = check_profile_prerequisites(st.config);
  initialize_google_benchmark(st.config.benchmark_flags);
  st.system = system_json();
  return run_benchmarks(st, targets, out_file, perf, notes);
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(Run, "run", "run the scenario matrix and write results JSON",
                          [](int argc, char** argv) { return run_command(argc, argv, false); });
DAXBENCH_REGISTER_COMMAND(List, "list", "print the scenario matrix, one benchmark name a line",
                          [](int argc, char** argv) { return run_command(argc, argv, true); });

}  // namespace daxbench
