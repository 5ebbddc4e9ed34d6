// kind "bars": one cluster per x category (a parameter's values, or one per
// scenario when the spec has no x), one bar per series, 95 % CI error bars;
// one figure per combination of the other parameters that vary.
#include <algorithm>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"

namespace daxbench::analysis {

namespace {

constexpr size_t kMaxFigures = 6;  // per spec: more facets are named, not drawn

template <typename T>
void add_once(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

void draw_bars(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec) {
  const std::string what = p.family + ": " + spec.title + " (" + r.run_label(run) + ")";
  const PlotData d = select_points(r, run, p, spec);
  if (d.points.empty()) return r.omit(what, d.why_empty);
  std::vector<std::string> facets;
  for (const auto& pt : d.points) add_once(facets, pt.facet);
  if (facets.size() > kMaxFigures)
    r.omit(
        what + ", " + std::to_string(facets.size() - kMaxFigures) + " more figures",
        "a spec draws at most " + std::to_string(kMaxFigures) + " figures; narrow it with `where`");
  for (size_t fi = 0; fi < facets.size() && fi < kMaxFigures; ++fi) {
    std::vector<std::string> categories, series;
    for (const auto& pt : d.points) {
      if (pt.facet != facets[fi]) continue;
      add_once(categories, pt.x);
      add_once(series, pt.series);
    }
    std::stable_sort(series.begin(), series.end(), [](const std::string& a, const std::string& b) {
      return series_rank(a) < series_rank(b);
    });
    std::ostringstream body;
    body << "$data << EOD\n";
    size_t longest = 0;
    for (const auto& c : categories) {
      longest = std::max(longest, c.size());
      body << gnuplot_field(c);
      for (const auto& s : series) {
        const PlotPoint* found = nullptr;
        for (const auto& pt : d.points)
          if (pt.facet == facets[fi] && pt.x == c && pt.series == s && !found) found = &pt;
        if (!found) {
          body << " ? ? ?";
        } else {
          body << " " << fmt("%.6g", found->median / d.y_divisor) << " "
               << fmt("%.6g", found->low / d.y_divisor) << " "
               << fmt("%.6g", found->high / d.y_divisor);
        }
      }
      body << "\n";
    }
    body << "EOD\n"
         << "set style data histogram\n"
         << "set style histogram errorbars gap 1 lw 1\n"
         << "set style fill solid 0.75 border -1\n"
         << (d.log_y ? "set logscale y\n" : "set yrange [0:*]\n") << xtics_for(longest)
         << "set xlabel " << gnuplot_quote(d.x_label) << "\n"
         << "set ylabel " << gnuplot_quote(d.y_label) << "\n"
         << "plot ";
    for (size_t s = 0; s < series.size(); ++s) {
      const size_t col = 2 + 3 * s;
      body << (s ? ", '' " : "$data ") << "using " << col << ":" << col + 1 << ":" << col + 2
           << (s == 0 ? ":xtic(1)" : "") << " title " << gnuplot_quote(series[s]);
    }
    body << "\n";
    const std::string id =
        "fig-run" + std::to_string(run + 1) + "-" + file_safe(spec.id) +
        (facets.size() > 1 ? std::string("-").append(std::to_string(fi + 1)) : "");
    const std::string title = spec.title + (facets[fi].empty() ? "" : " (" + facets[fi] + ")");
    const int rows_of_key = static_cast<int>((series.size() + 3) / 4);
    r.add_figure("bars", id, title, d.caption, body.str(), 1000,
                 420 + 22 * rows_of_key + static_cast<int>(std::min<size_t>(longest, 60) * 5));
  }
}

}  // namespace daxbench::analysis
