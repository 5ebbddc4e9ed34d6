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

namespace {

// Successful benchmarks of the family whose params match every spec.where pair.
std::vector<const BenchmarkResult*> chosen_benchmarks(const Results& res,
                                                      const FamilyPresentation& p,
                                                      const PlotSpec& spec) {
  std::vector<const BenchmarkResult*> chosen;
  for (const auto& b : res.benchmarks) {
    if (b.family() != p.family || !b.error.empty()) continue;
    bool match = true;
    for (const auto& [k, v] : spec.where) match = match && key_value(b, k) == v;
    if (match) chosen.push_back(&b);
  }
  return chosen;
}

// "k=v, k=v" of spec.where, for the messages and the caption.
std::string where_text(const PlotSpec& spec) {
  std::string text;
  for (const auto& [k, v] : spec.where) text += (text.empty() ? "" : ", ") + k + "=" + v;
  return text;
}

// How the parameters of the chosen benchmarks vary.
struct ParamLayout {
  std::vector<std::string> keys;          // in file order
  std::set<std::string> mode_dependent;   // differ by mode only: in the series label
  std::vector<std::string> varying_keys;  // vary otherwise: the x categories or facets
};

std::vector<std::string> keys_in_file_order(const std::vector<const BenchmarkResult*>& chosen) {
  std::vector<std::string> keys;
  for (const auto* b : chosen)
    for (const auto& k : param_keys(*b))
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

// Keys with more than one value that are neither x, a series key nor mode-dependent.
std::set<std::string> keys_that_vary(const std::vector<const BenchmarkResult*>& chosen,
                                     const PlotSpec& spec, const ParamLayout& layout) {
  std::set<std::string> varying;
  for (const auto& k : layout.keys) {
    std::set<std::string> all;
    for (const auto* b : chosen) all.insert(key_value(*b, k));
    const bool in_series =
        std::find(spec.series.begin(), spec.series.end(), k) != spec.series.end();
    if (all.size() > 1 && !in_series && k != spec.x && !layout.mode_dependent.count(k))
      varying.insert(k);
  }
  return varying;
}

// A key whose value follows from x (hold is "n/a" exactly when the holder
// is "none") adds no figure of its own.
void drop_keys_that_follow_x(std::set<std::string>& varying,
                             const std::vector<const BenchmarkResult*>& chosen,
                             const PlotSpec& spec) {
  if (spec.x.empty()) return;
  for (auto it = varying.begin(); it != varying.end();) {
    std::map<std::string, std::set<std::string>> by_x;
    for (const auto* b : chosen) by_x[key_value(*b, spec.x)].insert(key_value(*b, *it));
    bool follows = true;
    for (const auto& [x, values] : by_x) follows = follows && values.size() == 1;
    it = follows ? varying.erase(it) : std::next(it);
  }
}

ParamLayout param_layout(const std::vector<const BenchmarkResult*>& chosen, const PlotSpec& spec) {
  ParamLayout layout;
  layout.keys = keys_in_file_order(chosen);
  layout.mode_dependent = mode_dependent_keys(chosen);
  for (const auto& k : spec.series) layout.mode_dependent.erase(k);
  layout.mode_dependent.erase(spec.x);
  std::set<std::string> varying = keys_that_vary(chosen, spec, layout);
  drop_keys_that_follow_x(varying, chosen, spec);
  for (const auto& k : layout.keys)
    if (varying.count(k)) layout.varying_keys.push_back(k);
  return layout;
}

// Without spec.series: mode (with its mode-dependent state)/filesystem.
std::string series_label(const BenchmarkResult& b, const PlotSpec& spec,
                         const ParamLayout& layout) {
  if (!spec.series.empty()) {
    std::vector<std::string> parts;
    for (const auto& k : spec.series) parts.push_back(key_value(b, k));
    return join(parts, "/");
  }
  std::vector<std::string> state;
  for (const auto& k : layout.keys)
    if (layout.mode_dependent.count(k) && !not_applicable(key_value(b, k)))
      state.push_back(key_value(b, k));
  return b.mode() + (state.empty() ? "" : " (" + join(state, ", ") + ")") + "/" + b.fs_type();
}

// Where a benchmark lands: its series, its x, and the figure (facet) it is in.
PlotPoint place_point(const BenchmarkResult& b, const FamilyPresentation& p, const PlotSpec& spec,
                      const ParamLayout& layout) {
  PlotPoint pt;
  pt.benchmark = &b;
  pt.series = series_label(b, spec, layout);
  std::vector<std::string> values, facet;
  for (const auto& k : layout.varying_keys) {
    if (!not_applicable(key_value(b, k))) values.push_back(key_value(b, k));
    facet.push_back(k + "=" + key_value(b, k));
  }
  pt.x = spec.x.empty() ? join(values, "/") : key_value(b, spec.x);
  if (pt.x.empty()) pt.x = p.family;
  pt.facet = spec.x.empty() ? "" : join(facet, ", ");
  return pt;
}

// What the y values are: a rate or a time per unit, or a counter's name.
// The last benchmark that has one sets it.
struct YUnit {
  bool rate = false;
  std::string per;
};

bool plots_time(const PlotSpec& spec) { return spec.y == "time_per_unit"; }

std::vector<double> y_samples(const Results& res, const BenchmarkResult& b,
                              const FamilyPresentation& p, const PlotSpec& spec, YUnit& unit) {
  if (plots_time(spec)) {
    const UnitValues u = unit_values(res, b, p);
    unit.rate = u.rate;
    unit.per = u.per;
    return u.samples;
  }
  if (const Metric* m = counter_metric(b, spec.y, p)) {
    unit.per = m->name;
    return m->samples;
  }
  return {};
}

// The median with its 95 % bootstrap CI, seeded by the benchmark's name so
// reports are reproducible; one sample is its own interval.
void set_median_and_ci(PlotPoint& pt, const std::vector<double>& samples, const Report& r) {
  pt.median = median(samples);
  if (samples.size() >= 2) {
    const Interval ci =
        bootstrap_median_ci(samples, 0.95, stable_hash(pt.benchmark->name, r.options.compare.seed),
                            r.options.compare.resamples);
    pt.low = ci.low;
    pt.high = ci.high;
  } else {
    pt.low = pt.high = pt.median;
  }
}

// The y axis: its divisor and label from the largest value and the clock.
void label_y_axis(PlotData& d, const Results& res, const PlotSpec& spec, const YUnit& unit,
                  double max) {
  const std::string clock = clock_of(res);
  if (plots_time(spec) && unit.rate) {
    const AxisScale a = rate_axis(max);
    d.y_divisor = a.divisor;
    d.y_label = "throughput (" + a.unit + (clock == "instruction-ns" ? " of instruction-ns)" : ")");
  } else if (plots_time(spec)) {
    const AxisScale a = time_axis(max, clock);
    d.y_divisor = a.divisor;
    d.y_label = "time per " + unit.per + " (" + a.unit + ")";
  } else {
    d.y_label = unit.per + " (median)";
  }
}

std::string plot_caption(const PlotData& d, const Results& res, const PlotSpec& spec,
                         const std::string& where) {
  return std::string("Median over repetitions with 95 % bootstrap CI") +
         (d.log_y ? ", log scale" : "") + "; " +
         (spec.series.empty() ? "one bar per inode mode and filesystem"
                              : "series: " + join(spec.series, "/")) +
         (where.empty() ? "" : "; benchmarks with " + where) + ". Clock: " + clock_text(res) + ".";
}

}  // namespace

PlotData select_points(const Report& r, size_t run, const FamilyPresentation& p,
                       const PlotSpec& spec) {
  const Results& res = r.runs[run];
  PlotData d;
  const std::vector<const BenchmarkResult*> chosen = chosen_benchmarks(res, p, spec);
  const std::string where = where_text(spec);
  if (chosen.empty()) {
    d.why_empty = "no successful " + p.family + " benchmark" +
                  (where.empty() ? "" : " with " + where) + " in this run";
    return d;
  }
  const ParamLayout layout = param_layout(chosen, spec);
  d.x_label = spec.x.empty() ? join(layout.varying_keys, "/") : spec.x;

  YUnit unit;
  for (const auto* b : chosen) {
    PlotPoint pt = place_point(*b, p, spec, layout);
    const std::vector<double> samples = y_samples(res, *b, p, spec, unit);
    if (samples.empty()) continue;
    set_median_and_ci(pt, samples, r);
    d.points.push_back(pt);
  }
  if (d.points.empty()) {
    d.why_empty =
        "the selected benchmarks have no " + (plots_time(spec) ? std::string("time") : spec.y);
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
  label_y_axis(d, res, spec, unit, max);
  d.caption = plot_caption(d, res, spec, where);
  return d;
}

}  // namespace daxbench::analysis
