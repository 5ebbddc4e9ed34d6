#include "analysis/families.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/stats.h"
#include "analysis/units.h"

namespace daxbench::analysis {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The per-iteration quantities the harness reports beside the counters
// (Workload::per_iteration and bench/run.cc: set_rate_counters): facts of
// the scenario, not measurements to tabulate.
bool is_harness_quantity(const std::string& name, const FamilyPresentation& p) {
  static const std::set<std::string> kHarness = {"operations", "bytes", "counted_iterations",
                                                 "ns_per_operation"};
  return name == p.unit_quantity || kHarness.count(name) || ends_with(name, "_per_second");
}

}  // namespace

FamilyView family_view(const Results& r, const std::string& family) {
  FamilyView v;
  auto families = r.context.find("families");
  if (families != r.context.end() && families->is_object()) {
    v.from_file = true;
    v.presentation.family = family;
    auto it = families->find(family);
    if (it != families->end() && it->is_object()) {
      try {
        // Through nlohmann::json: the macros of core/presentation.h are for it.
        v.presentation = nlohmann::json::parse(it->dump()).get<FamilyPresentation>();
      } catch (const nlohmann::json::exception&) {
        v.presentation = FamilyPresentation{};  // malformed: the defaults
      }
      v.presentation.family = family;
    }
    return v;
  }
  if (auto legacy = legacy_presentation(family)) {
    v.presentation = *legacy;
  } else {
    v.presentation.family = family;
  }
  return v;
}

UnitValues unit_values(const Results& r, const BenchmarkResult& b, const FamilyPresentation& p) {
  (void)r;
  UnitValues u;
  const Metric* time = b.metric("real_time");
  if (!time || time->samples.empty()) return u;
  std::vector<double> times = time->samples;
  if (auto legacy = legacy_time_metric(b)) {
    if (const Metric* m = b.metric(legacy->first); m && !m->samples.empty()) {
      times = m->samples;
      u.note = legacy->second;
    }
  }
  const Metric* quantity = b.metric(p.unit_quantity);
  const bool per_quantity = quantity && !quantity->samples.empty() && median(quantity->samples) > 0;
  u.per = per_quantity ? p.unit : "iteration";
  if (!u.note.empty()) u.per = p.unit;  // a per-operation latency already
  auto amount = [&](size_t i) {
    if (!per_quantity || !u.note.empty()) return 1.0;
    return i < quantity->samples.size() ? quantity->samples[i] : median(quantity->samples);
  };
  u.rate = p.throughput && per_quantity && u.note.empty();
  for (size_t i = 0; i < times.size(); ++i) {
    if (!(times[i] > 0)) continue;
    u.samples.push_back(u.rate ? amount(i) * 1e9 / times[i] : times[i] / amount(i));
  }
  return u;
}

std::string unit_value_text(double v, const UnitValues& u, const std::string& clock) {
  if (u.rate) return humanize_rate(v) + (clock == "instruction-ns" ? " (per insn-s)" : "");
  return humanize_ns(v, clock);
}

std::string unit_value_label(const UnitValues& u) {
  return u.rate ? "throughput" : "time per " + u.per;
}

const Metric* counter_metric(const BenchmarkResult& b, const std::string& counter,
                             const FamilyPresentation& p) {
  if (const Metric* m = b.metric(counter + "_per_" + per_unit(p.unit_quantity));
      m && !m->samples.empty())
    return m;
  if (const Metric* m = b.metric(counter + "_per_page_fault"); m && !m->samples.empty()) return m;
  if (const Metric* m = b.metric(counter); m && !m->samples.empty()) return m;
  return nullptr;
}

std::vector<std::pair<std::string, const Metric*>> shown_counters(const BenchmarkResult& b,
                                                                  const FamilyPresentation& p) {
  std::vector<std::pair<std::string, const Metric*>> out;
  // Perf counters: bench/perf_counters.cc writes STEM_total and its forms.
  std::set<std::string> stems;
  for (const auto& m : b.metrics)
    if (ends_with(m.name, "_total")) stems.insert(m.name.substr(0, m.name.size() - 6));
  const std::string unit_suffix = "_per_" + per_unit(p.unit_quantity);
  auto derived = [&](const std::string& name) {
    for (const auto& stem : stems)
      if (name.size() > stem.size() + 1 && name.compare(0, stem.size() + 1, stem + "_") == 0)
        return true;
    return false;
  };
  for (const auto& m : b.metrics) {
    if (m.name == "real_time" || m.samples.empty() || is_harness_quantity(m.name, p)) continue;
    if (derived(m.name)) {
      // The one normalisation: per unit, else per iteration; per page fault
      // for the counters asked that way (bench/counter_sources.h:
      // counted_per_page_fault).
      for (const auto& stem : stems) {
        if (m.name == stem + unit_suffix || m.name == stem + "_per_page_fault" ||
            (m.name == stem + "_per_iteration" && !b.metric(stem + unit_suffix)))
          out.push_back({m.name, &m});
      }
      continue;
    }
    // Else: the workload's own totals (daxbench.totals), ratios and
    // per-unit forms the harness derived (faults_per_page_touched,
    // pmd_mapped_ratio), and the median and tail of per-operation latencies
    // (the CDF plots have every percentile). Per-iteration quantities
    // (pages_touched, stores) describe the scenario and are left out.
    const bool total = b.daxbench.is_object() && b.daxbench.contains("totals") &&
                       b.daxbench["totals"].is_object() && b.daxbench["totals"].contains(m.name);
    const bool latency = m.name == "latency_p50_ns" || m.name == "latency_p99_ns";
    const bool ratio =
        m.name.find("_per_") != std::string::npos || m.name.find("_ratio") != std::string::npos;
    if (!total && !latency && !(ratio && !m.name.starts_with("latency_"))) continue;
    out.push_back({m.name, &m});
  }
  return out;
}

bool is_dax_mode(const std::string& mode) { return mode == "dax-inode" || mode == "dax-always"; }

std::string baseline_mode(const std::string& dax_mode) {
  if (dax_mode == "dax-inode") return "dax-inode-off";
  if (dax_mode == "dax-always") return "pagecache";
  return "";
}

std::string key_value(const BenchmarkResult& b, const std::string& key) {
  if (key == "mode") return b.mode();
  if (key == "fs" || key == "fs_type") return b.fs_type();
  if (b.daxbench.is_object()) {
    auto params = b.daxbench.find("params");
    if (params != b.daxbench.end() && params->is_object()) {
      auto it = params->find(key);
      if (it != params->end()) return it->is_string() ? it->get<std::string>() : it->dump();
    }
  }
  return "";
}

std::set<std::string> mode_dependent_keys(const std::vector<const BenchmarkResult*>& benchmarks) {
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> values;
  for (const auto* b : benchmarks)
    for (const auto& k : param_keys(*b))
      (is_dax_mode(b->mode()) ? values[k].first : values[k].second).insert(key_value(*b, k));
  std::set<std::string> out;
  for (const auto& [k, v] : values) {
    const auto& [dax, other] = v;
    bool disjoint = !dax.empty() && !other.empty();
    for (const auto& x : dax) disjoint = disjoint && !other.count(x);
    if (disjoint) out.insert(k);
  }
  return out;
}

bool not_applicable(const std::string& v) { return v == "bypassed" || v == "n/a" || v == "n-a"; }

std::vector<std::string> param_keys(const BenchmarkResult& b) {
  std::vector<std::string> keys;
  if (!b.daxbench.is_object()) return keys;
  auto params = b.daxbench.find("params");
  if (params == b.daxbench.end() || !params->is_object()) return keys;
  for (auto it = params->begin(); it != params->end(); ++it) keys.push_back(it.key());
  return keys;
}

namespace {

// The metrics a family's presentation in the file names as higher-is-better,
// or nullopt when the file's presentation does not say (older files).
std::optional<std::vector<std::string>> higher_is_better_in_file(const Results& r,
                                                                 const std::string& family) {
  const auto families = r.context.find("families");
  if (families == r.context.end() || !families->is_object()) return std::nullopt;
  const auto p = families->find(family);
  if (p == families->end() || !p->is_object()) return std::nullopt;
  const auto names = p->find("higher_is_better");
  if (names == p->end() || !names->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& n : *names)
    if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

Direction direction_by(const std::string& metric, const std::vector<std::string>& higher) {
  if (ends_with(metric, "_per_second")) return Direction::kHigherIsBetter;
  for (const auto& start : higher)
    if (metric.starts_with(start)) return Direction::kHigherIsBetter;
  return Direction::kLowerIsBetter;
}

}  // namespace

void assign_directions(Results& results) {
  std::map<std::string, std::optional<std::vector<std::string>>> by_family;
  for (auto& b : results.benchmarks) {
    auto [it, fresh] = by_family.try_emplace(b.family());
    if (fresh) it->second = higher_is_better_in_file(results, b.family());
    for (auto& m : b.metrics)
      m.direction = it->second ? direction_by(m.name, *it->second) : metric_direction(m.name);
  }
}

}  // namespace daxbench::analysis
