// The pieces of `daxbench report` (report_command.cc): the state of one
// report being built, the document sections (report_sections.cc), and one
// drawer per plot kind (plot_bars.cc, plot_lines.cc, plot_cdf.cc,
// plot_ab_ratio.cc), which draw a family's declarative PlotSpecs
// (core/presentation.h) over daxbench.params without knowing the family.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/document.h"
#include "analysis/families.h"
#include "analysis/report_dir.h"
#include "analysis/results.h"
#include "core/util.h"

namespace daxbench::analysis {

struct ReportOptions {
  std::string out_dir;
  std::string notes_file;  // plain-text paragraphs shown after the findings
  bool ab = true;          // compare each later run against the first
  bool all = false;        // list every A/B row, not only the changed ones
  std::string title = "daxbench report";
  CompareOptions compare;
};

// One report being built: the runs, the document, the figures.
class Report {
 public:
  Report(const ReportOptions& options, const std::vector<Results>& runs, ReportDir& out,
         const RenderDir& render)
      : options(options), runs(runs), out(out), render(render) {}

  // Writes the gnuplot script (terminal, size, font, title added here),
  // renders it in the private render directory, copies script and SVG into
  // the report, and adds the figure to the document.
  void add_figure(const std::string& kind, const std::string& id, const std::string& title,
                  const std::string& caption, const std::string& body, int width, int height);
  void omit(const std::string& what, const std::string& why) {
    omitted.push_back(what + ": " + why);
  }
  std::string run_label(size_t i) const;
  // The runs compared against the first (A/B), by index; empty with --no-ab
  // or when no later run shares a benchmark with the first.
  const std::vector<size_t>& compared_runs() const;
  // The comparison of run i against run 0 (compare_results), computed once.
  const Comparison* comparison(size_t i);

  const ReportOptions& options;
  const std::vector<Results>& runs;
  ReportDir& out;
  const RenderDir& render;
  Document doc;
  std::vector<std::string> omitted;
  size_t figures = 0;

 private:
  mutable std::vector<size_t> compared_;
  mutable bool compared_known_ = false;
  std::map<size_t, Comparison> comparisons_;
  std::map<size_t, std::string> comparison_errors_;
};

// The clock and lab sentence every table and plot carries.
std::string clock_text(const Results& r);
// The run's clock ("wall-ns" when not recorded, as in the oldest files).
std::string clock_of(const Results& r);
// The families of a run's benchmarks, in file order.
std::vector<std::string> families_in(const Results& r);
std::string file_safe(const std::string& s);
// Drops the '/'-separated name components every label shares (when
// something distinctive is left), so labels stay short; returns them
// joined ("fault/shared/threads:1"), or "" when nothing was dropped.
std::string drop_common_parts(std::vector<std::string>& labels);

// The report's first lines (report_header.cc): kernels, testcase, machine
// once, clock, noise, and the tree that built the measuring daxbench.
void header_section(Report& r);
// "5968ab4 (clean tree)" / "... (dirty tree: uncommitted changes)" from
// context daxbench_version.
std::string tree_text(const std::string& version);
// Throws UsageError when a run was measured by a daxbench built from a
// dirty tree (daxbench_version "...-dirty"), unless allowed.
void check_provenance(const std::vector<Results>& runs, bool allow_dirty);
// Context keys whose values are fiction in this run (made up by QEMU's TCG
// CPU model): not shown.
std::set<std::string> fiction_keys(const Results& r);

// Sections, in the order the report shows them (header_section first).
void findings_section(Report& r);
// The family's DifferenceSpecs (core/presentation.h) as tables of derived
// values, within the findings (report_derived.cc).
void derived_section(Report& r);
void notes_section(Report& r);
void plots_section(Report& r);
void detail_section(Report& r);
void reproduce_and_environment_section(Report& r, const std::vector<std::string>& copies,
                                       const std::string& command);
void omitted_section(Report& r);

// ---- plots ----

// One plotted value: a benchmark's median with its 95 % CI, placed by its
// parameters.
struct PlotPoint {
  const BenchmarkResult* benchmark = nullptr;
  std::string x;       // the x category or value (spec.x), or the scenario when spec.x is ""
  std::string series;  // the bar or line it belongs to
  std::string facet;   // one figure per facet: the other parameters that vary
  double median = 0, low = 0, high = 0;
};

struct PlotData {
  std::vector<PlotPoint> points;  // in file order
  std::string x_label;            // what the x categories are ("access", "access/pages")
  std::string y_label;            // "time per page (µs)"
  double y_divisor = 1;           // values are divided by it for the axis
  bool log_y = false;
  std::string caption;    // unit, clock, what each bar is
  std::string why_empty;  // set when points is empty
};

// The benchmarks of `run` a PlotSpec selects, reduced to points. Parameters
// whose values differ between DAX and page-cache modes only (the page-cache
// state: "warm" there, "bypassed" under DAX) go into the series label, so
// the two share a category.
PlotData select_points(const Report& r, size_t run, const FamilyPresentation& p,
                       const PlotSpec& spec);

// Orders series labels: pagecache, dax-inode-off, dax-inode, dax-always first.
int series_rank(const std::string& label);

// "bars", "lines", "cdf": draws one PlotSpec of a family in run `run` (a
// figure per facet, or an entry in "Plots not drawn").
using PlotDrawer = void (*)(Report& r, size_t run, const FamilyPresentation& p,
                            const PlotSpec& spec);
PlotDrawer plot_drawer(const std::string& kind);  // null for an unknown kind
void draw_bars(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec);
void draw_lines(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec);
void draw_cdf(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec);
// kind "scaling": operations/s against tasks with the linear-scaling line
// and the efficiency at each point (plot_scaling.cc).
void draw_scaling(Report& r, size_t run, const FamilyPresentation& p, const PlotSpec& spec);
// rate(n) / (n x rate(1)): 1 is linear scaling.
double scaling_efficiency(double rate, double tasks, double rate_one_task);
// "The machine had 2 online CPUs (environment online_cpu_count): ..." from
// online_cpu_count, else the online_cpus list, else that it is unknown.
std::string cpu_count_sentence(const Results& res);
// The A/B ratio chart of run `new_index` against run 0.
void draw_ab_ratio(Report& r, const Comparison& c, size_t new_index);

// A parameter value as a number: "64MiB" -> 67108864, "20ms" -> 0.02,
// "4" -> 4; nullopt for words.
std::optional<double> numeric(const std::string& s);

// gnuplot helpers shared by the drawers.
std::string tic_label(const std::string& s);  // '%' doubled: tic labels are formats
// Shortest readable tic rotation for labels of this length.
std::string xtics_for(size_t longest_label);

}  // namespace daxbench::analysis
