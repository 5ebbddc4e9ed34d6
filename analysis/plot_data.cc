// Which benchmarks a PlotSpec selects and where each lands: the part every
// plot kind shares. Reads daxbench.params only, never benchmark names.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>

#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/units.h"

namespace daxbench::analysis {

int series_rank(const std::string& label) {
  static const char* const kOrder[] = {"pagecache", "dax-inode-off", "dax-inode", "dax-always"};
  for (int i = 0; i < 4; ++i) {
    const std::string m = kOrder[i];
    if (label.rfind(m, 0) == 0 &&
        (label.size() == m.size() || label[m.size()] == ' ' || label[m.size()] == '/'))
      return i;
  }
  return 4;
}

PlotData select_points(const Report& r, size_t run, const FamilyPresentation& p,
                       const PlotSpec& spec) {
  const Results& res = r.runs[run];
  PlotData d;
  std::vector<const BenchmarkResult*> chosen;
  for (const auto& b : res.benchmarks) {
    if (b.family() != p.family || !b.error.empty()) continue;
    bool match = true;
    for (const auto& [k, v] : spec.where) match = match && key_value(b, k) == v;
    if (match) chosen.push_back(&b);
  }
  std::string where_text;
  for (const auto& [k, v] : spec.where)
    where_text += (where_text.empty() ? "" : ", ") + k + "=" + v;
  if (chosen.empty()) {
    d.why_empty = "no successful " + p.family + " benchmark" +
                  (where_text.empty() ? "" : " with " + where_text) + " in this run";
    return d;
  }

  // Parameter keys in file order, and how they vary.
  std::vector<std::string> keys;
  for (const auto* b : chosen)
    for (const auto& k : param_keys(*b))
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  std::set<std::string> mode_dependent = mode_dependent_keys(chosen), varying;
  for (const auto& k : spec.series) mode_dependent.erase(k);
  mode_dependent.erase(spec.x);
  for (const auto& k : keys) {
    std::set<std::string> all;
    for (const auto* b : chosen) all.insert(key_value(*b, k));
    const bool in_series =
        std::find(spec.series.begin(), spec.series.end(), k) != spec.series.end();
    if (all.size() > 1 && !in_series && k != spec.x && !mode_dependent.count(k)) varying.insert(k);
  }
  // A key whose value follows from x (hold is "n/a" exactly when the holder
  // is "none") adds no figure of its own.
  if (!spec.x.empty()) {
    for (auto it = varying.begin(); it != varying.end();) {
      std::map<std::string, std::set<std::string>> by_x;
      for (const auto* b : chosen) by_x[key_value(*b, spec.x)].insert(key_value(*b, *it));
      bool follows = true;
      for (const auto& [x, values] : by_x) follows = follows && values.size() == 1;
      it = follows ? varying.erase(it) : std::next(it);
    }
  }
  std::vector<std::string> varying_keys;
  for (const auto& k : keys)
    if (varying.count(k)) varying_keys.push_back(k);
  d.x_label = spec.x.empty() ? join(varying_keys, "/") : spec.x;

  const bool time_y = spec.y == "time_per_unit";
  bool rate = false;
  std::string per;
  for (const auto* b : chosen) {
    PlotPoint pt;
    pt.benchmark = b;
    if (spec.series.empty()) {
      std::vector<std::string> state;
      for (const auto& k : keys)
        if (mode_dependent.count(k) && !not_applicable(key_value(*b, k)))
          state.push_back(key_value(*b, k));
      pt.series =
          b->mode() + (state.empty() ? "" : " (" + join(state, ", ") + ")") + "/" + b->fs_type();
    } else {
      std::vector<std::string> parts;
      for (const auto& k : spec.series) parts.push_back(key_value(*b, k));
      pt.series = join(parts, "/");
    }
    std::vector<std::string> values, facet;
    for (const auto& k : varying_keys) {
      if (!not_applicable(key_value(*b, k))) values.push_back(key_value(*b, k));
      facet.push_back(k + "=" + key_value(*b, k));
    }
    pt.x = spec.x.empty() ? join(values, "/") : key_value(*b, spec.x);
    if (pt.x.empty()) pt.x = p.family;
    pt.facet = spec.x.empty() ? "" : join(facet, ", ");
    std::vector<double> samples;
    if (time_y) {
      const UnitValues u = unit_values(res, *b, p);
      samples = u.samples;
      rate = u.rate;
      per = u.per;
    } else if (const Metric* m = counter_metric(*b, spec.y, p)) {
      samples = m->samples;
      per = m->name;
    }
    if (samples.empty()) continue;
    pt.median = median(samples);
    if (samples.size() >= 2) {
      const Interval ci = bootstrap_median_ci(
          samples, 0.95, stable_hash(b->name, r.options.compare.seed), r.options.compare.resamples);
      pt.low = ci.low;
      pt.high = ci.high;
    } else {
      pt.low = pt.high = pt.median;
    }
    d.points.push_back(pt);
  }
  if (d.points.empty()) {
    d.why_empty = "the selected benchmarks have no " + (time_y ? std::string("time") : spec.y);
    return d;
  }
  double max = 0, min = INFINITY;
  for (const auto& pt : d.points) {
    max = std::max(max, pt.high);
    if (pt.median > 0) min = std::min(min, pt.median);
  }
  if (max == 0) {
    d.points.clear();
    d.why_empty = spec.y + " is 0 in every selected benchmark";
    return d;
  }
  d.log_y = std::isfinite(min) && max / min > 30;
  const std::string clock = clock_of(res);
  if (time_y && rate) {
    const AxisScale a = rate_axis(max);
    d.y_divisor = a.divisor;
    d.y_label = "throughput (" + a.unit + (clock == "instruction-ns" ? " of instruction-ns)" : ")");
  } else if (time_y) {
    const AxisScale a = time_axis(max, clock);
    d.y_divisor = a.divisor;
    d.y_label = "time per " + per + " (" + a.unit + ")";
  } else {
    d.y_label = per + " (median)";
  }
  d.caption = std::string("Median over repetitions with 95 % bootstrap CI") +
              (d.log_y ? ", log scale" : "") + "; " +
              (spec.series.empty() ? "one bar per inode mode and filesystem"
                                   : "series: " + join(spec.series, "/")) +
              (where_text.empty() ? "" : "; benchmarks with " + where_text) +
              ". Clock: " + clock_text(res) + ".";
  return d;
}

}  // namespace daxbench::analysis
