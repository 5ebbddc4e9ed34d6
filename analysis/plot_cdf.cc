// kind "cdf": per-operation latency distributions from daxbench.latency_ns
// (runs with --latency), one figure per scenario, one line per series. The y
// axis is in "nines" (-log10(1 - p)) so that the tail (p99, p99.9) is readable.
#include <algorithm>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/units.h"

namespace daxbench::analysis {

namespace {

// (latency ns, nines) per percentile: the median over repetitions.
std::vector<std::pair<double, double>> cdf_points(const std::vector<Json>& reps) {
  static const std::pair<const char*, double> kPercentiles[] = {
      {"p50", 0.30103}, {"p90", 1}, {"p99", 2}, {"p99_9", 3}, {"max", 4}};
  std::vector<std::pair<double, double>> points;
  for (auto [key, y] : kPercentiles) {
    std::vector<double> values;
    for (const auto& rep : reps) {
      if (rep.value("count", 0.0) <= 0) continue;
      auto it = rep.find(key);
      if (it != rep.end() && it->is_number() && it->get<double>() > 0)
        values.push_back(it->get<double>());
    }
    if (!values.empty()) points.push_back({median(values), y});
  }
  return points;
}

}  // namespace

void draw_cdf(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec) {
  const std::string what = p.family + ": " + spec.title + " (" + r.run_label(run) + ")";
  PlotSpec by_scenario = spec;
  by_scenario.x = "";  // one figure per scenario: the x "category" names it
  const PlotData d = select_points(r, run, p, by_scenario);
  if (d.points.empty()) return r.omit(what, d.why_empty);
  std::vector<std::string> scenarios;
  std::vector<std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>> lines;
  double max_ns = 0;
  for (const auto& pt : d.points) {
    auto points = cdf_points(pt.benchmark->latency_ns);
    if (points.size() < 2) continue;
    auto it = std::find(scenarios.begin(), scenarios.end(), pt.x);
    if (it == scenarios.end()) {
      scenarios.push_back(pt.x);
      lines.emplace_back();
      it = scenarios.end() - 1;
    }
    for (auto [x, y] : points) max_ns = std::max(max_ns, x);
    lines[static_cast<size_t>(it - scenarios.begin())].push_back({pt.series, points});
  }
  if (scenarios.empty())
    return r.omit(what,
                  "no selected benchmark has per-operation latencies (daxbench.latency_ns); "
                  "run with --latency");
  const Results& res = r.runs[run];
  const std::string clock = clock_of(res);
  const AxisScale scale = time_axis(max_ns, clock);
  for (size_t si = 0; si < scenarios.size() && si < 6; ++si) {
    auto& ls = lines[si];
    std::stable_sort(ls.begin(), ls.end(),
                     [](auto& a, auto& b) { return series_rank(a.first) < series_rank(b.first); });
    std::ostringstream body;
    for (size_t i = 0; i < ls.size(); ++i) {
      body << "$line" << i << " << EOD\n";
      for (auto [x, y] : ls[i].second) body << fmt("%.6g", x / scale.divisor) << " " << y << "\n";
      body << "EOD\n";
    }
    body << "set logscale x\n"
         << "set xlabel "
         << gnuplot_quote("latency per " + p.unit + " (" + scale.unit + ", log scale)") << "\n"
         << "set ylabel 'percentile'\n"
         << "set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)\n"
         << "set yrange [0:4.3]\n"
         << "plot ";
    for (size_t i = 0; i < ls.size(); ++i)
      body << (i ? ", " : "") << "$line" << i << " using 1:2 with linespoints lw 2 pt 7 title "
           << gnuplot_quote(ls[i].first);
    body << "\n";
    const std::string id = "fig-run" + std::to_string(run + 1) + "-" + file_safe(spec.id) + "-" +
                           std::to_string(si + 1);
    r.add_figure("cdf", id, spec.title + (scenarios[si].empty() ? "" : ": " + scenarios[si]),
                 "Per-operation latency percentiles (p50, p90, p99, p99.9, max; median over "
                 "repetitions) from log-bucketed histograms (relative error < 12.5 %), one line "
                 "per inode mode and filesystem. Clock: " +
                     clock_text(res) + ".",
                 body.str(), 1000, 430 + 22 * static_cast<int>((ls.size() + 3) / 4));
  }
  if (scenarios.size() > 6)
    r.omit(what + ", " + std::to_string(scenarios.size() - 6) + " more scenarios",
           "a spec draws at most 6 figures; narrow it with `where`");
}

}  // namespace daxbench::analysis
