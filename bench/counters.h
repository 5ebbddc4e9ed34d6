// The interface between the harness and the perf-counter layer
// (perf_counters.cc): one counter set per benchmark, enabled around the timed
// region only, following the workload's threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "workloads/family.h"

namespace daxbench {

struct CounterReading {
  std::string name;      // as requested ("page-faults", "fs_dax:dax_pmd_fault_done/mapped")
  double value = 0;      // scaled for multiplexing: raw * time_enabled / time_running
  double raw = 0;        // as read
  double scaling = 1.0;  // time_enabled / time_running (1.0 = never multiplexed)
};

class BenchmarkCounters {
 public:
  virtual ~BenchmarkCounters() = default;
  virtual void enable() = 0;   // at TimedRegion::begin
  virtual void disable() = 0;  // at TimedRegion::end
  // Totals since open or the last restart, over every thread of the
  // workload (threads that exited included).
  virtual std::vector<CounterReading> read() = 0;
  // Starts new totals, while disabled: one set counts several instances of
  // a scenario in turn, each read on its own.
  virtual void restart() = 0;
};

struct CounterOptions {
  std::vector<std::string> events;  // --events; empty = the family's default set
  bool no_events = false;           // --events none
  bool require_events = false;      // --require-events
};

// What open_counters found on this kernel, for the results.
struct CounterSetup {
  // name -> why it can't be counted here (left out of the readings, never 0)
  std::map<std::string, std::string> unsupported;
  // name -> the kernel function(s) or tracepoint it was opened as, for
  // kprobes, tracepoints and logical counters ("fs_dax_fault_handler" ->
  // "kprobe:xfs_filemap_fault")
  std::map<std::string, std::string> sources;
  std::string tracefs;  // how tracefs was read ("" = not needed)
};

// Opens the counters for one benchmark. Called before Workload::prepare, so
// the worker threads it creates inherit them. Each name is first resolved
// against this kernel (bench/counter_sources.h). Events this kernel/machine
// can't count go into `setup.unsupported` (name -> reason) and are left out,
// or, with require_events, throw UsageError. Returns null when no event is
// requested.
std::unique_ptr<BenchmarkCounters> open_counters(const CounterOptions& options,
                                                 const Scenario& scenario, CounterSetup& setup);
// The same, keeping only the unsupported map.
std::unique_ptr<BenchmarkCounters> open_counters(const CounterOptions& options,
                                                 const Scenario& scenario,
                                                 std::map<std::string, std::string>& unsupported);

// Google Benchmark counters from the readings, one normalisation per
// counter: <stem>_total (over `iterations`), <stem>_scaling when perf
// multiplexed it, and <stem>_per_<unit> for the family's unit quantity
// (FamilyPresentation::unit_quantity: "pages_touched" -> _per_page_touched),
// or <stem>_per_iteration when the scenario does not report that quantity;
// plus what the family derives (FamilyPresentation::ratios, per_quantity).
// Units are in the names.
std::map<std::string, double> derive_counters(const std::vector<CounterReading>& readings,
                                              const std::map<std::string, double>& per_iteration,
                                              double iterations, const FamilyPresentation& family);

// Checks event names without opening anything (bad names: UsageError).
void validate_event_names(const std::vector<std::string>& events);

}  // namespace daxbench
