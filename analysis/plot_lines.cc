// kind "lines": the value against a numeric parameter (sizes, counts,
// durations), one line per series with 95 % CI error bars; one figure per
// combination of the other parameters that vary. A parameter whose values
// are not numbers is drawn as bars instead.
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"

namespace daxbench::analysis {

void draw_lines(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec) {
  const std::string what = p.family + ": " + spec.title + " (" + r.run_label(run) + ")";
  const PlotData d = select_points(r, run, p, spec);
  if (d.points.empty()) return r.omit(what, d.why_empty);
  for (const auto& pt : d.points)
    if (!numeric(pt.x)) return draw_bars(r, run, p, spec);
  std::vector<std::string> facets;
  for (const auto& pt : d.points)
    if (std::find(facets.begin(), facets.end(), pt.facet) == facets.end())
      facets.push_back(pt.facet);
  for (size_t fi = 0; fi < facets.size() && fi < 6; ++fi) {
    std::vector<std::string> series;
    for (const auto& pt : d.points)
      if (pt.facet == facets[fi] &&
          std::find(series.begin(), series.end(), pt.series) == series.end())
        series.push_back(pt.series);
    std::stable_sort(series.begin(), series.end(), [](const std::string& a, const std::string& b) {
      return series_rank(a) < series_rank(b);
    });
    std::ostringstream body;
    std::vector<std::pair<double, std::string>> tics;
    for (size_t s = 0; s < series.size(); ++s) {
      std::vector<const PlotPoint*> line;
      for (const auto& pt : d.points)
        if (pt.facet == facets[fi] && pt.series == series[s]) line.push_back(&pt);
      std::sort(line.begin(), line.end(),
                [](auto* a, auto* b) { return *numeric(a->x) < *numeric(b->x); });
      body << "$line" << s << " << EOD\n";
      for (const auto* pt : line) {
        body << fmt("%.6g", *numeric(pt->x)) << " " << fmt("%.6g", pt->median / d.y_divisor) << " "
             << fmt("%.6g", pt->low / d.y_divisor) << " " << fmt("%.6g", pt->high / d.y_divisor)
             << "\n";
        if (std::find_if(tics.begin(), tics.end(), [&](auto& t) { return t.second == pt->x; }) ==
            tics.end())
          tics.push_back({*numeric(pt->x), pt->x});
      }
      body << "EOD\n";
    }
    body << (spec.log_x ? "set logscale x 2\n" : "")
         << (d.log_y ? "set logscale y\n" : "set yrange [0:*]\n") << "set xtics (";
    for (size_t i = 0; i < tics.size(); ++i)
      body << (i ? ", " : "") << tic_label(tics[i].second) << " " << fmt("%.6g", tics[i].first);
    body << ")\nset xlabel " << gnuplot_quote(d.x_label) << "\n"
         << "set ylabel " << gnuplot_quote(d.y_label) << "\n"
         << "plot ";
    for (size_t s = 0; s < series.size(); ++s)
      body << (s ? ", " : "") << "$line" << s << " using 1:2:3:4 with yerrorlines lw 2 pt 7 title "
           << gnuplot_quote(series[s]);
    body << "\n";
    const std::string id = "fig-run" + std::to_string(run + 1) + "-" + file_safe(spec.id) +
                           (facets.size() > 1 ? "-" + std::to_string(fi + 1) : "");
    r.add_figure("lines", id, spec.title + (facets[fi].empty() ? "" : " (" + facets[fi] + ")"),
                 d.caption, body.str(), 1000, 460 + 22 * static_cast<int>((series.size() + 3) / 4));
  }
}

}  // namespace daxbench::analysis
