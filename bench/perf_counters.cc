// The counter set of one benchmark: perf events opened before the workload
// starts its threads (inherit=1, so they follow them), enabled only inside
// the timed region, read once at the end. See counters.h, docs/counters.md.
#include <sys/ioctl.h>

#include <cmath>
#include <set>

#include "bench/counters.h"
#include "bench/perf_events.h"

namespace daxbench {
namespace {

// Events of one software PMU (software events, tracepoints, the kprobe PMU)
// share a group, one per PMU, so begin/end of the timed region costs one
// ioctl per PMU. Groups never mix PMUs: on 6.18 a tracepoint opened as a
// sibling of a page-faults leader counted 0 of 200 hits, with time_running a
// tenth of time_enabled. Hardware events are their own groups, so one that
// can't be scheduled doesn't stop the others and each keeps its scaling.
class PerfCounterSet final : public BenchmarkCounters {
 public:
  void add(PerfEvent event, bool leader) {
    if (leader) leader_fds_.push_back(event.fd.get());
    events_.push_back(std::move(event));
  }
  bool empty() const { return events_.empty(); }

  void enable() override {
    for (int fd : leader_fds_) ::ioctl(fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
  }
  void disable() override {
    for (int fd : leader_fds_) ::ioctl(fd, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
  }

  std::vector<CounterReading> read() override {
    std::vector<CounterReading> out;
    for (const auto& e : events_) {
      const PerfValue v = read_perf_event(e.fd.get());
      CounterReading r;
      r.name = e.name;
      r.raw = static_cast<double>(v.value);
      if (v.time_running > 0) {
        r.scaling = static_cast<double>(v.time_enabled) / static_cast<double>(v.time_running);
      } else if (v.time_enabled > 0) {
        r.scaling = 0;  // enabled but never on a counter: the value is unknown
      }
      r.value = r.raw * r.scaling;
      out.push_back(r);
    }
    return out;
  }

 private:
  std::vector<PerfEvent> events_;
  std::vector<int> leader_fds_;
};

bool is_hardware(const EventSpec& s) {
  return s.kind == EventKind::kHardware || s.kind == EventKind::kPfm;
}

// "pages_touched" -> "page_touched", "bytes" -> "byte": the unit after "_per_".
std::string per_unit(const std::string& quantity) {
  if (quantity == "pages_touched") return "page_touched";
  if (quantity == "switches") return "switch";
  if (quantity.ends_with("s")) return quantity.substr(0, quantity.size() - 1);
  return quantity;
}

}  // namespace

void validate_event_names(const std::vector<std::string>& events) {
  for (const auto& e : events) {
    if (e == "none" && events.size() > 1)
      throw UsageError("--events none cannot be combined with other events");
    if (e != "none") parse_event_name(e);
  }
}

std::unique_ptr<BenchmarkCounters> open_counters(const CounterOptions& options,
                                                 const Scenario& scenario,
                                                 std::map<std::string, std::string>& unsupported) {
  if (options.no_events) return nullptr;
  std::vector<std::string> names = options.events.empty()
                                       ? default_events(scenario.family, scenario.target.fs_type)
                                       : options.events;
  std::vector<EventSpec> specs;
  std::set<std::string> seen;
  bool need_tracefs = false;
  for (const auto& n : names) {
    if (n == "none" || !seen.insert(n).second) continue;
    specs.push_back(parse_event_name(n));
    need_tracefs |= specs.back().kind == EventKind::kTracepoint;
  }
  if (specs.empty()) return nullptr;

  std::unique_ptr<TracefsMount> tracefs;
  if (need_tracefs) tracefs = std::make_unique<TracefsMount>();
  auto set = std::make_unique<PerfCounterSet>();
  std::map<EventKind, int> leaders;  // group leader fd per software PMU
  std::map<std::string, std::string> failed;
  for (const auto& spec : specs) {
    std::string why;
    std::optional<PerfEvent> ev;
    bool leader = true;
    const auto group = leaders.find(spec.kind);
    if (!is_hardware(spec) && group != leaders.end()) {
      ev = open_perf_event(spec, group->second, tracefs.get(), why);
      leader = !ev;
    }
    if (!ev) ev = open_perf_event(spec, -1, tracefs.get(), why);
    if (!ev) {
      failed[spec.name] = why;
      continue;
    }
    if (leader && !is_hardware(spec) && group == leaders.end()) leaders[spec.kind] = ev->fd.get();
    set->add(std::move(*ev), leader);
  }
  if (options.require_events && !failed.empty()) {
    const auto& [name, why] = *failed.begin();
    throw UsageError("event '" + name + "' cannot be counted here: " + why +
                     "; drop it from --events or leave out --require-events");
  }
  unsupported.insert(failed.begin(), failed.end());
  if (set->empty()) return nullptr;
  return set;
}

std::map<std::string, double> derive_counters(const std::vector<CounterReading>& readings,
                                              const std::map<std::string, double>& per_iteration,
                                              double iterations) {
  std::map<std::string, double> out;
  std::map<std::string, double> totals;  // by stem
  for (const auto& r : readings) {
    // Enabled but never scheduled: the count is unknown, so it is left out
    // rather than reported as 0.
    if (r.scaling == 0) continue;
    const std::string stem = counter_stem(r.name);
    totals[stem] = r.value;
    out[stem + "_total"] = r.value;
    if (std::fabs(r.scaling - 1.0) > 1e-9) out[stem + "_scaling"] = r.scaling;
    if (iterations <= 0) continue;
    out[stem + "_per_iteration"] = r.value / iterations;
    for (const auto& [quantity, amount] : per_iteration) {
      if (amount <= 0) continue;
      out[stem + "_per_" + per_unit(quantity)] = r.value / (iterations * amount);
    }
  }
  // PMD faults that mapped a PMD among those attempted (mapped + fallback).
  if (totals.count("pmd_mapped") && totals.count("pmd_fallback")) {
    const double attempted = totals["pmd_mapped"] + totals["pmd_fallback"];
    if (attempted > 0) {
      out["pmd_mapped_ratio"] = totals["pmd_mapped"] / attempted;
      if (iterations > 0) out["pmd_attempted_per_iteration"] = attempted / iterations;
    }
  }
  // Faults that really happened per page the workload touched: < 1 with PMD
  // mappings or fault-around, > 1 when write-after-read adds mkwrite faults.
  if (totals.count("page_faults") && iterations > 0) {
    if (auto it = per_iteration.find("pages_touched"); it != per_iteration.end() && it->second > 0)
      out["faults_per_page_touched"] = totals["page_faults"] / (iterations * it->second);
  }
  return out;
}

}  // namespace daxbench
