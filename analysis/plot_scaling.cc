// kind "scaling" (will-it-scale's curves): operations per second of all
// tasks together against the task count (spec.x: threads, processes), one
// line per series with 95 % CI error bars, beside its linear-scaling line
// (the 1-task rate times the tasks), each point labelled with its efficiency
// rate(n) / (n x rate(1)); the same numbers follow as a table, with how many
// CPUs the machine had.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/units.h"

namespace daxbench::analysis {

namespace {

struct RatePoint {
  double tasks = 0;
  std::string x;
  double rate = 0, low = 0, high = 0;  // per second, median and 95 % CI
};

// "0-1" or "0,2-3" (the kernel's cpu list format) -> 2, 3; 0 if unparsable.
int cpu_list_count(const std::string& list) {
  int count = 0;
  std::istringstream in(list);
  std::string part;
  while (std::getline(in, part, ',')) {
    const auto dash = part.find('-');
    try {
      count += dash == std::string::npos
                   ? 1
                   : std::stoi(part.substr(dash + 1)) - std::stoi(part.substr(0, dash)) + 1;
    } catch (...) {
      return 0;
    }
  }
  return count;
}

}  // namespace

std::string cpu_count_sentence(const Results& res) {
  std::string n = res.context_string("online_cpu_count");
  std::string from = "online_cpu_count";
  if (n.empty()) {
    const int listed = cpu_list_count(res.context_string("online_cpus"));
    if (listed > 0) {
      n = std::to_string(listed);
      from = "online_cpus " + res.context_string("online_cpus");
    }
  }
  if (n.empty()) return "The number of CPUs is not recorded in this results file.";
  return "The machine had " + n + " online CPU" + (n == "1" ? "" : "s") + " (environment " + from +
         "): more tasks than that share CPUs, so efficiency beyond " + n + " tasks is bounded by " +
         n + " / tasks.";
}

// Whether the tasks were pinned (context task_pinning, --pin-tasks).
std::string pinning_sentence(const Results& res) {
  const std::string pinning = res.context_string("task_pinning");
  if (pinning.empty()) return "Task pinning is not recorded in this results file.";
  if (pinning.rfind("none", 0) == 0)
    return "Tasks were not pinned: the scheduler placed them (--pin-tasks pins one per CPU).";
  return "Tasks were pinned one per CPU, round-robin over the allowed CPUs (--pin-tasks).";
}

double scaling_efficiency(double rate, double tasks, double rate_one_task) {
  return rate / (tasks * rate_one_task);
}

namespace {

using SeriesLines = std::map<std::string, std::vector<RatePoint>>;  // series -> points
using FacetLines = std::map<std::string, SeriesLines>;              // facet -> series

// The rates of every point, by facet and series.
struct ScalingRates {
  FacetLines facets;
  bool bytes = false;   // the family's values are bytes/s, not time per unit
  std::string refusal;  // set when an x is not a task count: no plot
};

// Rates from the family's values: time per unit (ns) inverted, or bytes/s.
std::vector<double> rates_of(const UnitValues& u) {
  std::vector<double> rates;
  for (double v : u.samples)
    if (v > 0) rates.push_back(u.rate ? v : 1e9 / v);
  return rates;
}

// The median rate with its 95 % bootstrap CI, seeded by the benchmark's name
// so reports are reproducible; one rate is its own interval.
RatePoint rate_point(const std::vector<double>& rates, double tasks, const PlotPoint& pt,
                     const Report& r) {
  RatePoint rp{tasks, pt.x, median(rates), 0, 0};
  const Interval ci =
      bootstrap_median_ci(rates, 0.95, stable_hash(pt.benchmark->name, r.options.compare.seed),
                          r.options.compare.resamples);
  rp.low = rates.size() >= 2 ? ci.low : rp.rate;
  rp.high = rates.size() >= 2 ? ci.high : rp.rate;
  return rp;
}

ScalingRates collect_rates(const Report& r, const Results& res, const FamilyPresentation& p,
                           const PlotSpec& spec, const PlotData& d) {
  ScalingRates out;
  for (const auto& pt : d.points) {
    const auto tasks = numeric(pt.x);
    if (!tasks || *tasks < 1) {
      out.refusal = spec.x + " \"" + pt.x + "\" is not a task count";
      return out;
    }
    const UnitValues u = unit_values(res, *pt.benchmark, p);
    out.bytes = u.rate;
    const std::vector<double> rates = rates_of(u);
    if (rates.empty()) continue;
    out.facets[pt.facet][pt.series].push_back(rate_point(rates, *tasks, pt, r));
  }
  return out;
}

std::string facet_suffix(const std::string& facet) {
  return facet.empty() ? "" : " (" + facet + ")";
}

// Series with at least two points, the first at 1 task (efficiency is
// relative to it), in series_rank order; the others are named in `skipped`.
// Sorts each line by task count.
std::vector<std::string> drawable_series(SeriesLines& series_map, const std::string& facet,
                                         const PlotSpec& spec, std::vector<std::string>& skipped) {
  std::vector<std::string> series;
  for (auto& [name, line] : series_map) {
    std::sort(line.begin(), line.end(), [](auto& a, auto& b) { return a.tasks < b.tasks; });
    if (line.size() < 2)
      skipped.push_back(name + facet_suffix(facet) + ": only " + spec.x + " " + line.front().x);
    else if (line.front().tasks != 1)
      skipped.push_back(name + facet_suffix(facet) + ": no 1-task point");
    else
      series.push_back(name);
  }
  std::stable_sort(series.begin(), series.end(), [](const std::string& a, const std::string& b) {
    return series_rank(a) < series_rank(b);
  });
  return series;
}

// The y range: every CI and every linear-scaling point.
double highest_rate(const std::vector<std::string>& series, const SeriesLines& series_map) {
  double max = 0;
  for (const auto& s : series)
    for (const auto& pt : series_map.at(s))
      max = std::max({max, pt.high, pt.tasks * series_map.at(s).front().rate});
  return max;
}

// One gnuplot data block per series, $line<s>.
void write_data_blocks(std::ostringstream& body, const std::vector<std::string>& series,
                       const SeriesLines& series_map, const AxisScale& a) {
  for (size_t s = 0; s < series.size(); ++s) {
    const auto& line = series_map.at(series[s]);
    const double one = line.front().rate;
    // columns: tasks, rate, CI low, CI high, linear rate, efficiency label
    body << "$line" << s << " << EOD\n";
    for (const auto& pt : line) {
      const double eff = scaling_efficiency(pt.rate, pt.tasks, one);
      body << fmt("%.6g", pt.tasks) << " " << fmt("%.6g", pt.rate / a.divisor) << " "
           << fmt("%.6g", pt.low / a.divisor) << " " << fmt("%.6g", pt.high / a.divisor) << " "
           << fmt("%.6g", one * pt.tasks / a.divisor) << " \"" << fmt("%.0f", 100 * eff) << "%\"\n";
    }
    body << "EOD\n";
  }
}

// Per series: the measured line with CI bars, the dashed linear line and
// the efficiency labels.
void write_plot_commands(std::ostringstream& body, const std::vector<std::string>& series,
                         const PlotSpec& spec, const std::string& per_second, const AxisScale& a) {
  body << "set yrange [0:*]\nset xtics 1\nset xlabel " << gnuplot_quote(spec.x) << "\n"
       << "set ylabel " << gnuplot_quote(per_second + (a.unit.empty() ? "" : " (" + a.unit + ")"))
       << "\nplot ";
  for (size_t s = 0; s < series.size(); ++s)
    body << (s ? ", " : "") << "$line" << s << " using 1:2:3:4 with yerrorlines lw 2 pt 7 lc "
         << s + 1 << " title " << gnuplot_quote(series[s]) << ", $line" << s
         << " using 1:5 with lines dt 2 lc " << s + 1 << " title "
         << gnuplot_quote("linear: " + series[s]) << ", $line" << s
         << " using 1:2:6 with labels offset 0,1 font \",9\" notitle";
  body << "\n";
}

// The table under the figures: the same numbers, one row per point.
void append_table_rows(std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::string>& series, const SeriesLines& series_map,
                       const std::string& facet) {
  for (const auto& name : series) {
    const auto& line = series_map.at(name);
    const double one = line.front().rate;
    for (const auto& pt : line) {
      const double eff = scaling_efficiency(pt.rate, pt.tasks, one);
      rows.push_back({name + facet_suffix(facet), pt.x, humanize_count(pt.rate),
                      humanize_count(one * pt.tasks), fmt("%.2f", eff)});
    }
  }
}

// What every figure of one scaling plot shares.
struct ScalingPlot {
  Report& r;
  size_t run;
  const PlotSpec& spec;
  const Results& res;
  std::string per_second;  // the y unit: "faults/s", "bytes per instruction-second"
  size_t facet_count;
};

// Figure `number` (counted over the drawn facets) of the plot, for one facet.
void add_facet_figure(const ScalingPlot& plot, const std::string& facet,
                      const std::vector<std::string>& series, const SeriesLines& series_map,
                      size_t number) {
  const AxisScale a = count_axis(highest_rate(series, series_map));
  std::ostringstream body;
  write_data_blocks(body, series, series_map, a);
  write_plot_commands(body, series, plot.spec, plot.per_second, a);
  const std::string id =
      "fig-run" + std::to_string(plot.run + 1) + "-" + file_safe(plot.spec.id) +
      (plot.facet_count > 1 ? std::string("-").append(std::to_string(number)) : "");
  plot.r.add_figure("scaling", id, plot.spec.title + facet_suffix(facet),
                    "Median " + plot.per_second + " of all tasks together over repetitions, 95 % " +
                        "bootstrap CI; dashed: linear scaling (the 1-task rate × tasks); labels: " +
                        "efficiency rate(n) / (n × rate(1)). " + cpu_count_sentence(plot.res) +
                        " " + pinning_sentence(plot.res) + " Clock: " + clock_text(plot.res) + ".",
                    body.str(), 1000, 460 + 22 * static_cast<int>((2 * series.size() + 3) / 4));
}

}  // namespace

void draw_scaling(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec) {
  const std::string what = p.family + ": " + spec.title + " (" + r.run_label(run) + ")";
  const PlotData d = select_points(r, run, p, spec);
  if (d.points.empty()) return r.omit(what, d.why_empty);
  const Results& res = r.runs[run];
  ScalingRates rates = collect_rates(r, res, p, spec, d);
  if (!rates.refusal.empty()) return r.omit(what, rates.refusal);
  std::string unit = p.unit_quantity;
  std::replace(unit.begin(), unit.end(), '_', ' ');
  const bool instruction_ns = res.clock() == "instruction-ns";
  const ScalingPlot plot{
      r,
      run,
      spec,
      res,
      (rates.bytes ? "bytes" : unit) + (instruction_ns ? " per instruction-second" : "/s"),
      rates.facets.size()};
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> skipped;
  size_t drawn = 0;
  for (auto& [facet, series_map] : rates.facets) {
    const std::vector<std::string> series = drawable_series(series_map, facet, spec, skipped);
    if (series.empty()) continue;
    append_table_rows(rows, series, series_map, facet);
    add_facet_figure(plot, facet, series, series_map, ++drawn);
  }
  for (const auto& s : skipped) r.omit(what, s);
  if (rows.empty()) return;
  r.doc.table({"series", spec.x, plot.per_second, "linear", "efficiency"}, rows);
}

}  // namespace daxbench::analysis
