// The counter set of one benchmark: perf events opened before the workload
// starts its threads (inherit=1, so they follow them), enabled only inside
// the timed region, read once at the end. See counters.h, docs/counters.md.
#include <sys/ioctl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "bench/counter_sources.h"
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
  // One reading: the sum of the `plus` events minus the `minus` events
  // (indices into events_). Most readings are one event; a logical counter
  // may be a difference (fs_huge_fault on ext4: every 4 KiB DAX fault enters
  // ext4_dax_huge_fault through ext4_dax_fault).
  struct Reading {
    std::string name;
    std::vector<size_t> plus, minus;
    // Or the growth of a /proc/vmstat item over the enabled spans.
    std::string vmstat;
    uint64_t vmstat_at_enable = 0;
    uint64_t vmstat_growth = 0;
    bool vmstat_lost = false;  // an item that vanished or went backwards
  };

  size_t add(PerfEvent event, bool leader) {
    if (leader) leader_fds_.push_back(event.fd.get());
    events_.push_back(std::move(event));
    return events_.size() - 1;
  }
  void add_reading(Reading r) { readings_.push_back(std::move(r)); }
  bool empty() const { return readings_.empty(); }

  void enable() override {
    sample_vmstat(true);
    for (int fd : leader_fds_) ::ioctl(fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
  }
  void disable() override {
    for (int fd : leader_fds_) ::ioctl(fd, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
    sample_vmstat(false);
  }

  std::vector<CounterReading> read() override {
    std::vector<PerfValue> values;
    for (size_t i = 0; i < events_.size(); ++i) {
      PerfValue v = read_perf_event(events_[i].fd.get());
      if (i < base_.size()) {
        v.value -= base_[i].value;
        v.time_enabled -= base_[i].time_enabled;
        v.time_running -= base_[i].time_running;
      }
      values.push_back(v);
    }
    std::vector<CounterReading> out;
    for (const auto& rd : readings_) {
      CounterReading r;
      r.name = rd.name;
      r.value = 0;
      r.raw = 0;
      r.scaling = 1.0;
      if (!rd.vmstat.empty()) {
        r.value = r.raw = static_cast<double>(rd.vmstat_growth);
        if (rd.vmstat_lost) r.scaling = 0;  // unknown, left out
        out.push_back(r);
        continue;
      }
      bool unknown = false;
      auto take = [&](size_t i, double sign) {
        const PerfValue& v = values[i];
        double scaling = 1.0;
        if (v.time_running > 0) {
          scaling = static_cast<double>(v.time_enabled) / static_cast<double>(v.time_running);
        } else if (v.time_enabled > 0) {
          unknown = true;  // enabled but never on a counter: the value is unknown
        }
        r.raw += sign * static_cast<double>(v.value);
        r.value += sign * static_cast<double>(v.value) * scaling;
        r.scaling = std::max(r.scaling, scaling);
      };
      for (size_t i : rd.plus) take(i, 1);
      for (size_t i : rd.minus) take(i, -1);
      if (!rd.minus.empty() && r.value < 0) {
        // The call graph the difference assumes does not hold on this kernel
        // build (e.g. the callee was inlined into the caller): no count.
        std::fprintf(stderr,
                     "daxbench: counter %s left out: its difference of kprobes is negative "
                     "(%.0f), so this kernel's call graph differs from the one assumed "
                     "(docs/counters.md)\n",
                     rd.name.c_str(), r.value);
        unknown = true;
      }
      if (unknown) r.scaling = 0;
      out.push_back(r);
    }
    return out;
  }

  // The counts go on from their values now (an inherited event's children
  // fold theirs into it as they exit: kernel/events/core.c,
  // sync_child_event), so new totals are differences from here.
  void restart() override {
    base_.clear();
    for (const auto& e : events_) base_.push_back(read_perf_event(e.fd.get()));
    for (auto& rd : readings_) {
      rd.vmstat_growth = 0;
      rd.vmstat_lost = false;
    }
  }

 private:
  // At enable (`start`) and disable: the vmstat items' values, summing the
  // growth of each enabled span. Outside the timed region, like the ioctls.
  void sample_vmstat(bool start) {
    for (auto& rd : readings_) {
      if (rd.vmstat.empty()) continue;
      std::string why;
      const std::optional<uint64_t> v = vmstat_value(rd.vmstat, why);
      if (!v) {
        rd.vmstat_lost = true;
      } else if (start) {
        rd.vmstat_at_enable = *v;
      } else if (*v < rd.vmstat_at_enable) {
        rd.vmstat_lost = true;
      } else {
        rd.vmstat_growth += *v - rd.vmstat_at_enable;
      }
    }
  }

  std::vector<PerfEvent> events_;
  std::vector<int> leader_fds_;
  std::vector<Reading> readings_;
  std::vector<PerfValue> base_;  // each event's values at the last restart
};

bool is_hardware(const EventSpec& s) {
  return s.kind == EventKind::kHardware || s.kind == EventKind::kPfm;
}

// Opens counter sources into one set, keeping one group per software PMU.
class SetBuilder {
 public:
  explicit SetBuilder(const TracefsMount* tracefs) : tracefs_(tracefs) {}

  // Opens every event of `src` as the reading `name`, or none of them (then
  // `why` says which failed and why).
  bool add(const std::string& name, const CounterSource& src, std::string& why) {
    if (!src.vmstat.empty()) {
      PerfCounterSet::Reading reading;
      reading.name = name;
      reading.vmstat = src.vmstat;
      set_->add_reading(std::move(reading));
      return true;
    }
    std::vector<Opened> opened;
    std::map<EventKind, int> new_leaders;
    for (const auto* list : {&src.plus, &src.minus})
      for (const auto& spec : *list)
        if (!open_one(name, spec, new_leaders, opened, why)) return false;
    PerfCounterSet::Reading reading;
    reading.name = name;
    for (size_t i = 0; i < opened.size(); ++i) {
      const size_t index = set_->add(std::move(opened[i].event), opened[i].leader);
      (i < src.plus.size() ? reading.plus : reading.minus).push_back(index);
    }
    set_->add_reading(std::move(reading));
    leaders_.insert(new_leaders.begin(), new_leaders.end());
    return true;
  }

  std::unique_ptr<PerfCounterSet> take() { return std::move(set_); }

 private:
  struct Opened {
    PerfEvent event;
    bool leader;
  };

  // A software event joins its PMU's group (committed, or new in this
  // source); if the kernel refuses that, it leads its own group.
  bool open_one(const std::string& name, const EventSpec& spec,
                std::map<EventKind, int>& new_leaders, std::vector<Opened>& opened,
                std::string& why) {
    int group = -1;
    if (!is_hardware(spec)) {
      if (auto it = leaders_.find(spec.kind); it != leaders_.end()) group = it->second;
      if (auto it = new_leaders.find(spec.kind); it != new_leaders.end()) group = it->second;
    }
    std::optional<PerfEvent> ev;
    if (group >= 0) ev = open_perf_event(spec, group, tracefs_, why);
    const bool leader = !ev;
    if (!ev) ev = open_perf_event(spec, -1, tracefs_, why);
    if (!ev) {
      if (spec.name != name) why = spec.name + ": " + why;
      return false;
    }
    if (leader && !is_hardware(spec) && group < 0) new_leaders[spec.kind] = ev->fd.get();
    opened.push_back({std::move(*ev), leader});
    return true;
  }

  const TracefsMount* tracefs_;
  std::unique_ptr<PerfCounterSet> set_ = std::make_unique<PerfCounterSet>();
  std::map<EventKind, int> leaders_;  // group leader fd per software PMU
};

// The requested names, parsed, without "none" and duplicates.
std::vector<EventSpec> requested_specs(const CounterOptions& options, const Scenario& scenario) {
  const std::vector<std::string> names =
      options.events.empty() ? scenario.family->default_events(scenario.target.fs_type)
                             : options.events;
  std::vector<EventSpec> specs;
  std::set<std::string> seen;
  for (const auto& n : names)
    if (n != "none" && seen.insert(n).second) specs.push_back(parse_event_name(n));
  return specs;
}

bool needs_tracefs(const std::vector<EventSpec>& specs) {
  for (const auto& s : specs)
    if (s.kind == EventKind::kTracepoint || s.kind == EventKind::kKprobe ||
        s.kind == EventKind::kLogical)
      return true;
  return false;
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
                                                 const Scenario& scenario, CounterSetup& setup) {
  if (options.no_events) return nullptr;
  const std::vector<EventSpec> specs = requested_specs(options, scenario);
  if (specs.empty()) return nullptr;

  // Held only while resolving and opening: opened events keep counting.
  std::unique_ptr<TracefsMount> tracefs;
  if (needs_tracefs(specs)) {
    tracefs = std::make_unique<TracefsMount>();
    setup.tracefs = tracefs->root().empty() ? "unavailable: " + tracefs->error() : tracefs->how();
  }
  TracefsCatalog catalog(tracefs ? tracefs->root() : "", tracefs ? tracefs->error() : "");
  SetBuilder builder(tracefs.get());
  std::map<std::string, std::string> failed;
  std::set<std::string> not_applicable;
  for (const auto& spec : specs) {
    const ResolvedCounter resolved = resolve_counter(spec, scenario.target.fs_type, catalog);
    std::string whys = resolved.unsupported;
    bool ok = false;
    for (const auto& src : resolved.sources) {
      std::string why;
      ok = builder.add(spec.name, src, why);
      if (ok) {
        if (!src.description.empty()) setup.sources[spec.name] = src.description;
        break;
      }
      whys += (whys.empty() ? "" : "; ") + why;
    }
    if (!ok) failed[spec.name] = whys;
    if (!ok && resolved.not_applicable) not_applicable.insert(spec.name);
  }
  if (options.require_events) {
    for (const auto& [name, why] : failed) {
      if (not_applicable.count(name)) continue;
      throw UsageError("event '" + name + "' cannot be counted here: " + why +
                       "; drop it from --events or leave out --require-events");
    }
  }
  setup.unsupported.insert(failed.begin(), failed.end());
  std::unique_ptr<PerfCounterSet> set = builder.take();
  if (set->empty()) return nullptr;
  return set;
}

std::unique_ptr<BenchmarkCounters> open_counters(const CounterOptions& options,
                                                 const Scenario& scenario,
                                                 std::map<std::string, std::string>& unsupported) {
  CounterSetup setup;
  auto counters = open_counters(options, scenario, setup);
  unsupported.insert(setup.unsupported.begin(), setup.unsupported.end());
  return counters;
}

namespace {

// The family's ratios of counters (FamilyPresentation::ratios).
void add_family_ratios(const FamilyPresentation& family,
                       const std::map<std::string, double>& totals,
                       std::map<std::string, double>& out) {
  for (const CounterRatio& ratio : family.ratios) {
    auto part = totals.find(ratio.part);
    if (part == totals.end()) continue;
    double whole = 0;
    bool counted = true;
    for (const auto& stem : ratio.whole) {
      auto it = totals.find(stem);
      counted = counted && it != totals.end();
      if (it != totals.end()) whole += it->second;
    }
    if (counted && whole > 0) out[ratio.name] = part->second / whole;
  }
}

// The family's counters per a quantity other than its unit
// (FamilyPresentation::per_quantity); a family whose unit is that quantity
// has the counter in it already.
void add_per_quantity(const FamilyPresentation& family, const std::map<std::string, double>& totals,
                      const std::map<std::string, double>& per_iteration, double iterations,
                      std::map<std::string, double>& out) {
  for (const CounterPer& per : family.per_quantity) {
    auto counter = totals.find(per.counter);
    if (counter == totals.end() || iterations <= 0 || per.quantity == family.unit_quantity)
      continue;
    if (auto it = per_iteration.find(per.quantity); it != per_iteration.end() && it->second > 0)
      out[per.name] = counter->second / (iterations * it->second);
  }
}

}  // namespace

std::map<std::string, double> derive_counters(const std::vector<CounterReading>& readings,
                                              const std::map<std::string, double>& per_iteration,
                                              double iterations, const FamilyPresentation& family) {
  const std::string& unit_quantity = family.unit_quantity;
  std::map<std::string, double> out;
  std::map<std::string, double> totals;  // by stem
  // The family's one normalisation: per unit of its quantity, or per
  // iteration when this scenario does not report that quantity.
  const auto unit = per_iteration.find(unit_quantity);
  const bool per_quantity = unit != per_iteration.end() && unit->second > 0;
  const std::string suffix = per_quantity ? "_per_" + per_unit(unit_quantity) : "_per_iteration";
  const double per_iteration_amount = per_quantity ? unit->second : 1.0;
  // Page faults counted in the same set, for the counters asked "how many
  // per fault" (counted_per_page_fault: the fault-path counters).
  double page_faults = 0;
  for (const auto& r : readings)
    if (r.scaling != 0 && counter_stem(r.name) == "page_faults") page_faults = r.value;
  for (const auto& r : readings) {
    // Enabled but never scheduled: the count is unknown, so it is left out
    // rather than reported as 0.
    if (r.scaling == 0) continue;
    const std::string stem = counter_stem(r.name);
    totals[stem] = r.value;
    out[stem + "_total"] = r.value;
    if (std::fabs(r.scaling - 1.0) > 1e-9) out[stem + "_scaling"] = r.scaling;
    if (counted_per_page_fault(r.name) && page_faults > 0) {
      out[stem + "_per_page_fault"] = r.value / page_faults;
    } else if (iterations > 0) {
      // Also a fault-path counter where no page fault happened (MAP_POPULATE
      // walks the fault path from get_user_pages, without faults).
      out[stem + suffix] = r.value / (iterations * per_iteration_amount);
    }
  }
  add_family_ratios(family, totals, out);
  add_per_quantity(family, totals, per_iteration, iterations, out);
  return out;
}

}  // namespace daxbench
