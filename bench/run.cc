// `daxbench run` and `daxbench list`: the scenario matrix registered with
// Google Benchmark, timed with manual time around the workload's own timed
// region, with perf counters, NUMA binding, progress, and results JSON.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <signal.h>
#include <strings.h>
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

// The profile pass (--profile, bench/profile.h): a fresh instance of the
// scenario, perf attached before prepare() so worker threads inherit its
// events, enabled around each timed region only; iterations until the
// profiled regions add up to --profile-time. Returns the results file's
// "profile" object, or null when a stop request cut it short.
template <typename FreshDir>
nlohmann::json profile_pass(const ProfileStore& store, const Family& family,
                            const Scenario& scenario, size_t index, const BenchmarkLimit& limit,
                            FreshDir&& fresh_dir) {
  const ProfileOptions& o = store.options();
  PerfRecording recording(store, profile_file_name(index, scenario.name));
  std::unique_ptr<Workload> profiled = family.create(scenario);
  profiled->prepare(fresh_dir());
  ProfileRegion region(recording);
  const auto min_ns = static_cast<uint64_t>(o.min_seconds * 1e9);
  unsigned iterations = 0;
  while (iterations == 0 || (region.elapsed_ns() < min_ns && iterations < o.max_iterations)) {
    if (stop_requested()) return nullptr;
    limit.check();
    profiled->before_iteration();
    profiled->run_iteration(region);
    throw_if_sigbus();
    ++iterations;
  }
  profiled->finish();
  throw_if_sigbus();
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
// directory is removed (`drop_dir`) before the next is made. Fills
// `pending`; false when a stop request cut it short.
template <typename FreshDir, typename DropDir>
bool count_instances(RunState& st, const Family& family, const Scenario& scenario,
                     double iterations, int instances, FreshDir&& fresh_dir, DropDir&& drop_dir,
                     PendingCounts& pending) {
  pending.setup = CounterSetup{};
  std::unique_ptr<BenchmarkCounters> counters =
      open_counters(st.config.counters, scenario, pending.setup);
  if (!counters) return true;
  for (int k = 0; k < instances; ++k) {
    std::unique_ptr<Workload> counted = family.create(scenario);
    counted->prepare(fresh_dir());
    counters->restart();
    HarnessRegion region(counters.get());
    for (int i = 0; i < static_cast<int>(iterations); ++i) {
      // Counters over fewer iterations than `iterations` would be
      // normalised wrongly: a stop here cuts the benchmark short.
      if (stop_requested()) return false;
      st.limit->check();
      counted->before_iteration();
      counted->run_iteration(region);
      throw_if_sigbus();
    }
    counted->finish();
    throw_if_sigbus();
    counted.reset();  // its threads have exited: their counts are in the set's
    pending.instances.push_back({counters->read(), iterations});
    drop_dir();
  }
  return true;
}

// What a benchmark's "daxbench" object says of its scenario, before anything ran.
nlohmann::json scenario_json(const Scenario& scenario) {
  return {{"family", scenario.family},
          {"params", scenario.params},
          {"mode", to_string(scenario.mode)},
          {"target", scenario.target.path},
          {"fs_type", scenario.target.fs_type}};
}

void run_one(benchmark::State& state, RunState& st, size_t index) {
  // Google Benchmark reports a benchmark (its repetitions and aggregates)
  // before it calls the next: at a new one, the last is in the results.
  if (index != st.last_index && st.last_index != SIZE_MAX && st.checkpoint) st.checkpoint();
  const PlannedBenchmark& planned = st.plan[index];
  const Scenario& scenario = planned.scenario;
  // What the kernel logs from here to the end of this call is this
  // benchmark's (a call that returns early leaves it to the run's).
  KernelWindow kernel_window(st.kernel_log, scenario.name);
  print_progress(st, index);
  // This call's time counts towards the benchmark's --benchmark-timeout.
  BenchmarkLimit::Call limited(*st.limit, scenario.name);
  // Google Benchmark 1.7.1 requires every repetition of a benchmark to report
  // the same iteration count (statistics.cc: ComputeStats, a CHECK that
  // aborts the process). A repetition that skips before its loop reports 0,
  // so a skip always enters the loop: after SkipWithError it runs no
  // iteration and reports the count the other repetitions ran.
  bool loop_entered = false;
  auto skip = [&](const std::string& why) {
    state.SkipWithError(why.c_str());
    if (!loop_entered) {
      loop_entered = true;
      for (auto _ : state) {
      }
    }
  };
  auto interrupted = [&] {
    {
      std::lock_guard lock(st.data_mutex);
      st.cut_short.insert(scenario.name);
    }
    skip("interrupted");
  };
  if (stop_requested()) return interrupted();
  // A benchmark that failed once fails its remaining repetitions with the
  // same message (its results are void anyway). Google Benchmark 1.7.1 also
  // needs it: ComputeStats reads the statistics of the first repetition,
  // which a failed one does not carry (a null pointer), as soon as two
  // other repetitions succeeded.
  std::string earlier_failure;
  {
    std::lock_guard lock(st.data_mutex);
    if (auto it = st.records.find(scenario.name); it != st.records.end() && it->second.failed)
      earlier_failure = it->second.failure;
  }
  if (!earlier_failure.empty()) return skip(earlier_failure);
  const Family* family = find_family(scenario.family);
  Placement placement = planned.placement;
  bool failed = false;
  std::string failure;
  nlohmann::json info = scenario_json(scenario);
  try {
    // A fresh directory per workload instance, with the inode mode applied.
    // Created and removed through the scratch directory's fd (scratch.h).
    const DirHandle& scratch = st.scratch.at(scenario.target.real_path)->dir();
    struct DirCleanup {
      const DirHandle& scratch;
      std::vector<std::string> names;
      ~DirCleanup() {
        for (const auto& n : names) scratch.remove(n);
      }
    } cleanup{scratch, {}};
    auto fresh_dir = [&] {
      std::string name = "b";  // appended: "b" + std::string&& trips GCC 12's -Wrestrict at -O3
      name += std::to_string(st.subdir_counter++);
      DirHandle dir = scratch.make_subdir(name);
      cleanup.names.push_back(name);
      apply_mode_to_directory(dir, scenario.target, scenario.mode);
      return dir;
    };
    // Opened before prepare(), so the worker threads it starts inherit them.
    auto open = [&]() -> std::unique_ptr<BenchmarkCounters> {
      if (st.config.counters.no_events) return nullptr;
      CounterSetup setup;
      auto counters = open_counters(st.config.counters, scenario, setup);
      info["counter_sources"] = setup.sources;  // what each counter is on this kernel
      info["unsupported_counters"] = setup.unsupported;
      std::lock_guard lock(st.data_mutex);
      note_unsupported(st, setup);
      return counters;
    };

    PlacementBinding binding(placement);
    info["placement"] = placement.describe();
    const bool count_inline = st.config.counting_inline;
    std::unique_ptr<BenchmarkCounters> counters = count_inline ? open() : nullptr;
    std::unique_ptr<Workload> workload = family->create(scenario);
    workload->prepare(fresh_dir());
    throw_if_sigbus();
    if (stop_requested()) return interrupted();  // a signal during file preparation
    st.limit->check();
    HarnessRegion region(counters.get());
    uint64_t total_ns = 0;
    loop_entered = true;
    bool stopped = false;
    for (auto _ : state) {
      if (stop_requested()) {
        stopped = true;
        break;
      }
      st.limit->check();
      workload->before_iteration();
      test_stall_iteration(scenario.name);
      workload->run_iteration(region);
      throw_if_sigbus();
      const uint64_t ns = region.take_elapsed_ns();
      total_ns += ns;
      state.SetIterationTime(static_cast<double>(ns) / 1e9);
    }
    if (stopped) return interrupted();
    // Google Benchmark may end a call after one long iteration (its wall
    // clock cap): a benchmark past its limit fails here too.
    st.limit->check();
    workload->finish();
    throw_if_sigbus();

    const auto per_iteration = workload->per_iteration();
    const double iterations = static_cast<double>(state.iterations());
    describe_timed(*workload, state, info);
    set_rate_counters(per_iteration, iterations, total_ns, state);

    double counted_iterations = iterations;
    std::optional<std::vector<CounterReading>> readings;
    if (counters) readings = counters->read();
    if (!count_inline && !st.config.counters.no_events &&
        counts_as_reported(st, scenario.name, total_ns, iterations)) {
      // Counting costs the kernel a few hundred instructions per event (perf
      // software events, tracepoints), ~10 % of a 4 KiB fault: so the timed
      // iterations run uncounted and fresh instances of the same scenario
      // are counted over a few more iterations, their counters enabled
      // around each timed region exactly as they would be inline.
      workload.reset();
      PendingCounts& pending = st.pending_counts[scenario.name];
      if (pending.instances.empty()) {
        if (stop_requested()) return interrupted();
        // This call's repetition and those still to come, counted now.
        const int left = st.config.benchmark.repetitions - st.reported[scenario.name] + 1;
        auto drop_dir = [&] {
          scratch.remove(cleanup.names.back());
          cleanup.names.pop_back();
        };
        if (!count_instances(st, *family, scenario, std::clamp(iterations, 1.0, 5.0),
                             std::max(left, 1), fresh_dir, drop_dir, pending))
          return interrupted();
        std::lock_guard lock(st.data_mutex);
        note_unsupported(st, pending.setup);
      }
      info["counter_sources"] = pending.setup.sources;
      info["unsupported_counters"] = pending.setup.unsupported;
      if (!pending.instances.empty()) {
        readings = std::move(pending.instances.front().readings);
        counted_iterations = pending.instances.front().iterations;
        pending.instances.pop_front();
      }
    }
    if (readings) {
      for (const auto& [key, value] : derive_counters(*readings, per_iteration, counted_iterations,
                                                      family->presentation().unit_quantity))
        state.counters[key] = value;
      state.counters["counted_iterations"] = counted_iterations;
    }
    if (st.profiles) {
      nlohmann::json profile;
      {
        std::lock_guard lock(st.data_mutex);
        if (auto it = st.profile_records.find(scenario.name); it != st.profile_records.end())
          profile = it->second;
      }
      if (profile.is_null()) {
        workload.reset();
        if (stop_requested()) return interrupted();
        profile = profile_pass(*st.profiles, *family, scenario, index, *st.limit, fresh_dir);
        if (profile.is_null()) return interrupted();
        std::lock_guard lock(st.data_mutex);
        st.profile_records[scenario.name] = profile;
      }
      info["profile"] = profile;
    }
  } catch (const SkipScenario& e) {
    skip(std::string("skipped: ") + e.what());
    info["skipped"] = e.what();
  } catch (const std::exception& e) {
    failed = true;
    failure = std::string("failed: ") + e.what();
    // A SIGBUS noted while the exception unwound belongs to this benchmark.
    take_sigbus_report();
    skip(failure);
    ProgressLine::get().clear();
    std::fprintf(stderr, "daxbench: %s: %s\n", scenario.name.c_str(), e.what());
  }
  if (st.kernel_log) {
    KernelLog::Window kernel = kernel_window.take();
    if (!kernel.lines.empty()) info["kernel_log"] = kernel.lines;
    if (kernel.lost) info["kernel_log_lost_records"] = kernel.lost;
    if (!kernel.first_complaint.empty() && !failed) {
      failed = true;
      failure = "failed: the kernel reported during this benchmark: " + kernel.first_complaint;
      skip(failure);
      ProgressLine::get().clear();
      std::fprintf(stderr, "daxbench: %s: %s\n", scenario.name.c_str(), failure.c_str());
    }
  }
  std::lock_guard lock(st.data_mutex);
  BenchmarkRecord& record = st.records[scenario.name];
  if (failed && !record.failed) record.failure = failure;
  record.failed = record.failed || failed;
  record.daxbench = std::move(info);
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
  for (const auto& b : st.plan) names.emplace_back(b.scenario.name, b.scenario.family);
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

// Google Benchmark writes NaN/inf doubles as bare nan/inf (e.g. the "cv"
// aggregate of a counter whose mean is 0), which is not JSON. Turn them into
// null so the document parses; the keys are then dropped.
std::string sanitize_gb_json(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t value = i + 2;  // after ": "
    if (text.compare(i, 2, ": ") == 0) {
      if (value < text.size() && text[value] == '-') ++value;
      const std::string word = text.substr(value, 3);
      if (strcasecmp(word.c_str(), "nan") == 0 || strcasecmp(word.c_str(), "inf") == 0) {
        out += ": null";
        i = value;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

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

nlohmann::json build_results(const RunState& st, const std::vector<TargetInfo>& targets,
                             const std::string& gb_json, bool interrupted, bool running) {
  nlohmann::json results = nlohmann::json::parse(sanitize_gb_json(gb_json));
  auto& ctx = results["context"];
  ctx.update(st.system);
  ctx["command_line"] = st.config.command_line;
  ctx["config_file"] = st.config.config_file;
  ctx["time_measurement"] =
      "real_time is the workload's timed region only (mmap/touch/munmap for fault), measured by "
      "daxbench with CLOCK_MONOTONIC and passed to Google Benchmark as manual time";
  ctx["incomplete"] = interrupted || running;
  ctx["kernel_log"] = kernel_log_json(st);
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
    ctx["cut_short_benchmarks"] = nlohmann::json::array();  // filled below
  }
  ctx["benchmark_timeout_s"] = st.config.benchmark_timeout_s;
  ctx["benchmark_min_time_s"] = st.config.benchmark.min_time_s;
  if (!st.config.benchmark.min_time_default.empty())
    ctx["benchmark_min_time_source"] = st.config.benchmark.min_time_default;
  ctx["unsupported_events"] = st.unsupported_events;
  if (st.profiles) {
    ctx["profiles"] = {
        {"directory", st.profiles->name()},
        {"perf", st.profiles->perf()},
        {"perf_version", perf_version(st.profiles->perf())},
        {"event", "cpu-clock"},
        {"period_ns", st.profiles->options().period_ns},
        {"kernel_symbols", "/proc/kallsyms, kept in the perf build-id cache " +
                               st.profiles->name() + "/" + ProfileStore::kBuildIdCache},
        {"pass",
         "separate: a fresh instance of each scenario after its timed (and counted) "
         "iterations, perf enabled around each timed region only"}};
  }
  // How each family's results read (core/presentation.h): compare and report
  // take units, headline counters and plots from here, not from family code.
  ctx["families"] = nlohmann::json::object();
  for (const Family* f : all_families()) ctx["families"][f->name()] = f->presentation();
  ctx["targets"] = nlohmann::json::array();
  for (const auto& t : targets) ctx["targets"].push_back(target_json(t));
  std::string binding = "none";
  if (!st.config.placement.cpu_node.empty() || !st.config.placement.mem_node.empty() ||
      !st.config.placement.placements.empty())
    binding = "cpu-node=" + st.config.placement.cpu_node +
              " mem-node=" + st.config.placement.mem_node +
              " placements=" + std::to_string(st.config.placement.placements.size());
  ctx["numa_binding"] = binding;
  ctx["task_pinning"] = st.config.pin_tasks
                            ? "one CPU per worker thread or process (--pin-tasks): task i on the "
                              "i-th allowed CPU mod their count; each benchmark's task_cpus fact"
                            : "none: the scheduler places worker threads and processes";

  nlohmann::json kept = nlohmann::json::array();
  for (auto& b : results["benchmarks"]) {
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
  // Google Benchmark reports a benchmark once its function returned; the
  // stuck one never did, so its entry is made here, as a failed run reads.
  if (!st.stuck_benchmark.empty()) {
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
    kept.push_back(b);
  }
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
    n = std::max(n, find_family(b.scenario.family)->bytes_needed(b.scenario.params));
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

int run_command(int argc, char** argv, bool list_only) {
  RunState st;
  if (!parse_run_config(argc, argv, st.config, /*need_targets=*/!list_only)) return 0;

  std::vector<TargetInfo> targets;
  for (const auto& path : st.config.targets) targets.push_back(probe_target(path));
  std::vector<std::string> notes;
  if (targets.empty()) {
    // `list` without a target: names carry "FS" where the filesystem goes.
    RunConfig unchecked = st.config;
    st.plan = expand_matrix(unchecked, {TargetInfo{}}, nullptr);
  } else {
    st.plan = expand_matrix(st.config, targets, &notes);
  }
  if (st.plan.empty())
    throw UsageError("the matrix is empty: no family runs in the requested modes");

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

  // --profile: perf and kernel symbols are checked before anything runs;
  // the profiles directory is made once the inode modes have been checked.
  std::string perf;
  if (st.config.profile.enabled) {
    if (st.config.out.empty())
      throw UsageError("--profile needs --out FILE: the profiles are kept beside the results file");
    perf = find_perf("--profile");
    check_kernel_symbols_visible();
    ProfileStore::check(st.config.out);
  }

  initialize_google_benchmark(st.config.benchmark_flags);
  st.system = system_json();

  TeeReporter reporter(st.data_mutex, display_reporter(st), st.config.benchmark.format);
  // Writes what is finished; the caller holds finish_mutex. `running`: a
  // checkpoint while the run goes on (RunState::checkpoint), said nowhere.
  auto write_results = [&](bool interrupted, bool running = false) {
    if (st.config.out.empty()) return;
    std::string text;
    {
      std::lock_guard lock(st.data_mutex);
      text = build_results(st, targets, reporter.json(), interrupted, running).dump(2) + "\n";
    }
    out_file.write(text);
    if (running) return;
    ProgressLine::get().clear();
    std::fprintf(stderr, "daxbench: results written to %s%s\n", st.config.out.c_str(),
                 !interrupted                 ? ""
                 : st.stuck_benchmark.empty() ? " (incomplete: interrupted)"
                                              : " (incomplete: a benchmark is stuck)");
  };
  // From another thread (signals, the benchmark limit), or as a checkpoint:
  // writes what is finished unless the main thread is already finishing,
  // whose lock the result then does not own.
  auto write_now = [&](bool running = false) {
    std::unique_lock finishing(st.finish_mutex, std::try_to_lock);
    if (!finishing.owns_lock()) return finishing;
    try {
      write_results(!running, running);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "daxbench: results%s not written: %s\n", running ? " so far" : "",
                   e.what());
    }
    return finishing;
  };
  // The first signal writes what is finished at once, in case the current
  // iteration never returns; the main thread writes again when it stops.
  auto first = [&](int) { write_now(); };
  // A second signal: what is finished is written and the scratch
  // directories removed now, from the signal thread, unless the main
  // thread is already doing exactly that.
  auto hurry = [&](int first_signal) {
    if (!write_now().owns_lock()) return;
    // After the first signal the main thread creates no new benchmark
    // directory (run_one checks before fresh_dir); files it still writes
    // are unlinked under it, which Linux allows.
    remove_all_scratch_dirs();
    std::fprintf(stderr, "daxbench: second signal: stopped at once, scratch directories removed\n");
    std::fflush(stderr);
    ::_exit(128 + first_signal);
  };
  // A benchmark stuck in an iteration (bench/benchmark_limit.h): recorded as
  // failed, what finished written, scratch removed, exit status 3. The stuck
  // thread cannot be taken back, so the run cannot go on.
  auto stuck = [&](const std::string& name, const std::string& why) {
    {
      std::lock_guard lock(st.data_mutex);
      st.stuck_benchmark = name;
      st.stuck_reason = "failed: " + why;
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
  };

  // From here on a signal stops the run and keeps what is finished; SIGBUS
  // from a lost mapping fails one benchmark, not the run.
  // Declared before the signal thread, so that it outlives it (the thread
  // writes results, which read the kernel log); made after it.
  std::unique_ptr<KernelLog> kernel_log;
  StopSignals signals(first, hurry);
  SigbusGuard sigbus;
  BenchmarkLimit limit(st.config.benchmark_timeout_s, st.config.benchmark.repetitions, stuck);
  st.limit = &limit;
  // The kernel log from here on (bench/kernel_log.h); a benchmark that drew
  // an Oops and did not return within 20 s ends the run as a stuck one does.
  // Its watcher thread inherits the blocked stop signals.
  // Test-only: DAXBENCH_TEST_KERNEL_LOG=FIFO reads kernel records a test
  // writes (tests/interrupted_run_test.cc), as /dev/kmsg gives them.
  const char* test_log = std::getenv("DAXBENCH_TEST_KERNEL_LOG");
  kernel_log = std::make_unique<KernelLog>(
      20.0,
      [&](const std::string& name, const std::string& why) {
        {
          std::lock_guard lock(st.data_mutex);
          st.stuck_kernel_lines = kernel_log->current().lines;
        }
        stuck(name, why);
      },
      test_log && *test_log ? test_log : "/dev/kmsg");
  st.kernel_log = kernel_log.get();
  if (!kernel_log->unreadable().empty())
    std::fprintf(stderr, "note: kernel log not checked (%s)\n", kernel_log->unreadable().c_str());
  st.checkpoint = [&] { write_now(true); };
  int status = 0;
  try {
    // Scratch directories, then a check that every (target, mode) really
    // gives the promised inode state before anything is measured.
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

    if (st.config.profile.enabled && !stop_requested()) {
      st.profiles = std::make_unique<ProfileStore>(st.config.out, perf, st.config.profile);
      st.profiles->cache_kernel_symbols();
    }

    // Notes only now: a refusal above is the one line of a failed run.
    for (const auto& n : notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    if (st.config.out.empty())
      std::fprintf(stderr, "note: no --out FILE given: results are shown but not saved\n");

    st.total_runs = st.plan.size();
    const benchmark::TimeUnit unit =
        st.config.benchmark.time_unit == "ns"   ? benchmark::kNanosecond
        : st.config.benchmark.time_unit == "ms" ? benchmark::kMillisecond
        : st.config.benchmark.time_unit == "s"  ? benchmark::kSecond
                                                : benchmark::kMicrosecond;
    for (size_t i = 0; i < st.plan.size(); ++i) {
      benchmark::RegisterBenchmark(st.plan[i].scenario.name.c_str(),
                                   [&st, i](benchmark::State& state) { run_one(state, st, i); })
          ->UseManualTime()
          ->Unit(unit);
    }
    st.start_ns = now_ns();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();

    std::lock_guard finishing(st.finish_mutex);
    const bool interrupted = stop_requested();
    write_results(interrupted);
    {
      std::lock_guard lock(st.data_mutex);
      for (const auto& [name, r] : st.records)
        if (r.failed) status = 1;
    }
    const std::string between = kernel_log->between().first_complaint;
    if (!between.empty()) {
      std::fprintf(stderr, "daxbench: the kernel reported between benchmarks: %s\n",
                   between.c_str());
      status = 1;
    }
    // A signal that came after the last benchmark (results complete) still
    // gives its exit status: whoever sent it learns it was seen.
    if (stop_requested()) status = 128 + stop_signal();
    st.scratch.clear();
  } catch (...) {
    std::lock_guard finishing(st.finish_mutex);
    st.scratch.clear();
    throw;
  }
  return status;
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(Run, "run", "run the scenario matrix and write results JSON",
                          [](int argc, char** argv) { return run_command(argc, argv, false); });
DAXBENCH_REGISTER_COMMAND(List, "list", "print the scenario matrix, one benchmark name a line",
                          [](int argc, char** argv) { return run_command(argc, argv, true); });

}  // namespace daxbench
