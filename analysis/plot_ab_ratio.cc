// The A/B chart: for every benchmark, the ratio of median times new/base
// with its 95 % bootstrap CI, coloured by verdict, the threshold dashed;
// sorted by the ratio on a log axis, so both kernels are in every point and
// a halving reads as far from 1 as a doubling. It stands for the family
// plots in an A/B report (plots_section): those show one run each.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"

namespace daxbench::analysis {

void draw_ab_ratio(Report& r, const Comparison& c, size_t new_index) {
  std::vector<const MetricComparison*> rows;
  for (const auto& m : c.rows)
    if (m.metric == "real_time" && std::isfinite(m.ratio) && std::isfinite(m.ci.low))
      rows.push_back(&m);
  if (rows.empty())
    return r.omit("A/B ratio chart (" + r.run_label(new_index) + ")", "no finite time ratio");
  // Largest slowdown at the top, largest speedup at the bottom.
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->ratio > b->ratio; });
  std::ostringstream body;
  const Verdict kinds[] = {Verdict::kRegressed, Verdict::kImproved, Verdict::kUnchanged,
                           Verdict::kNoisy};
  const char* colours[] = {"#d62828", "#2a9d8f", "#555555", "#e9c46a"};
  for (size_t k = 0; k < 4; ++k) {
    body << "$v" << k << " << EOD\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i]->verdict != kinds[k]) continue;
      body << i << " " << fmt("%.6g", rows[i]->ratio) << " " << fmt("%.6g", rows[i]->ci.low) << " "
           << fmt("%.6g", rows[i]->ci.high) << "\n";
    }
    body << "0 ? ? ?\nEOD\n";  // never empty: gnuplot refuses empty data blocks
  }
  std::vector<std::string> labels;
  for (const auto* row : rows) labels.push_back(row->benchmark);
  const std::string common = drop_common_parts(labels);
  body << "set ytics (";
  for (size_t i = 0; i < rows.size(); ++i)
    body << (i ? ", " : "") << tic_label(labels[i]) << " " << i;
  const double t = r.options.compare.threshold;
  // Reversed range: the first benchmark at the top, as in the tables.
  body << ")\nset yrange [" << rows.size() - 0.3 << ":-0.7]\n"
       << "set grid xtics lc rgb '#dddddd'\n"
       << "set logscale x 2\n"
       << "set xlabel " << gnuplot_quote("time ratio new/base (median), 95 % CI, log scale") << "\n"
       << "set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'\n"
       << "set arrow from " << 1 - t << ", graph 0 to " << 1 - t
       << ", graph 1 nohead dt 2 lc rgb '#888888'\n"
       << "set arrow from " << 1 + t << ", graph 0 to " << 1 + t
       << ", graph 1 nohead dt 2 lc rgb '#888888'\n"
       << "plot ";
  for (size_t k = 0; k < 4; ++k)
    body << (k ? ", " : "") << "$v" << k
         << " using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '" << colours[k] << "' title "
         << gnuplot_quote(to_string(kinds[k]));
  body << "\n";
  r.add_figure("ab-ratio", "fig-ab-run" + std::to_string(new_index + 1) + "-vs-run1",
               "A/B time ratio: " + r.run_label(new_index) + " / " + r.run_label(0),
               "Ratio of median times per iteration, new over base, with 95 % bootstrap CI, "
               "sorted, log scale; "
               "dashed lines at ±" +
                   fmt("%g", t * 100) +
                   " % (the threshold), colour = verdict. Clock: " + clock_text(r.runs[0]) + "." +
                   (common.empty() ? "" : " Labels omit what every one shares: " + common + "."),
               body.str(), 1000, 170 + static_cast<int>(rows.size()) * 24);
}

}  // namespace daxbench::analysis
