// `daxbench report RESULTS.json... -o DIR`: a self-contained HTML page and a
// Markdown README with the same tables and gnuplot SVG plots, the full
// environment of every run and the command lines that reproduce it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/cli.h"
#include "analysis/compare.h"
#include "analysis/document.h"
#include "analysis/gnuplot.h"
#include "analysis/profile_section.h"
#include "analysis/results.h"
#include "analysis/stats.h"
#include "core/command.h"
#include "core/error.h"
#include "core/scratch.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr const char* kReportUsage = R"(usage: daxbench report RESULTS.json... -o DIR [options]

Writes DIR/index.html (self-contained: inline SVG, no network access) and
DIR/README.md (the same content in Markdown, plots as SVG files beside it),
and copies the results files into DIR. Plots, rendered by gnuplot, where the
results have the data for them:
  - DAX vs page cache: median time per iteration with 95 % CIs, one bar per
    inode mode and filesystem, per scenario (one plot per workload family)
  - latency CDFs from the per-operation histograms (runs made with --latency)
  - PMD faults mapped vs fallen back (counters pmd_mapped*, pmd_fallback*)
  - flag-switch time-to-effective distributions
  - given two or more runs, the A/B ratio of each run against the first, with
    95 % CIs and the verdicts of `daxbench compare` (runs without a benchmark
    in common, e.g. different suites, are shown side by side; --no-ab never
    compares)
Plots without data are left out and the report says which and why.

examples:
  daxbench report results/lab.json -o reports/dax-vs-pagecache/ \
      --title "DAX vs page cache on Linux {kernel_release}, emulated pmem"
  daxbench report base.json new.json -o reports/patch-comparison/ --title "Patch comparison" \
      --notes reports/patch-comparison/notes.txt)";

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+%@") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The clock and lab sentence every table and plot carries.
std::string clock_text(const Results& r) {
  std::string unit = r.time_unit() == "instruction-ns"
                         ? "instruction-ns (QEMU icount: 1 ns per guest instruction, no cache/TLB "
                           "model; for comparing kernel code paths, not hardware)"
                         : "ns of wall-clock time (CLOCK_MONOTONIC)";
  std::string where =
      r.emulated() ? "emulated lab: " + r.context_string("lab") : "real hardware (not emulated)";
  if (r.clock().empty()) unit += " (clock not recorded; assumed wall-ns)";
  return unit + "; " + where;
}

std::string short_clock(const Results& r) {
  return r.time_unit() + (r.emulated() ? ", emulated lab" : ", real hardware");
}

// Splits a benchmark name into the scenario (what is measured) and the group
// it is measured in (inode mode, filesystem and, for the page cache, its
// state): "fault/write/.../cache:warm/pagecache/ext4/threads:1/size:64MiB" ->
// scenario "fault/write/.../threads:1/size:64MiB", group "pagecache (warm)/ext4".
// The cache state is moved to the group because DAX files have none
// (cache:bypassed), so page-cache and DAX bars share one scenario.
std::pair<std::string, std::string> scenario_and_group(const BenchmarkResult& b) {
  const std::string mode = b.mode(), fs_type = b.fs_type();
  std::string scenario, cache;
  std::stringstream ss(b.scenario());
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.rfind("cache:", 0) == 0) {
      cache = part.substr(6);
      continue;
    }
    if (!scenario.empty()) scenario += '/';
    scenario += part;
  }
  std::string group = mode.empty() ? "?" : mode;
  if (!cache.empty() && cache != "bypassed" && cache != "n/a" && cache != "n-a") {
    group += " (" + cache + ")";
  }
  if (!fs_type.empty()) group += "/" + fs_type;
  return {scenario, group};
}

int mode_rank(const std::string& group) {
  static const char* const kOrder[] = {"pagecache", "dax-inode-off", "dax-inode", "dax-always"};
  for (int i = 0; i < 4; ++i) {
    const std::string m = kOrder[i];
    if (group.rfind(m, 0) == 0 &&
        (group.size() == m.size() || group[m.size()] == ' ' || group[m.size()] == '/')) {
      return i;
    }
  }
  return 4;
}

// Drops the '/'-separated name components that every label shares (when there
// are two or more labels and something distinctive is left), so plot labels
// stay short; returns the shared components for the caption.
std::string shorten_labels(std::vector<std::string>& labels) {
  if (labels.size() < 2) return "";
  auto split = [](const std::string& s) {
    std::vector<std::string> parts;
    std::stringstream ss(s);
    for (std::string p; std::getline(ss, p, '/');) parts.push_back(p);
    return parts;
  };
  std::vector<std::vector<std::string>> parts;
  for (const auto& l : labels) parts.push_back(split(l));
  std::vector<std::string> common;
  for (const auto& c : parts.front()) {
    bool everywhere = true;
    for (const auto& p : parts) everywhere &= std::find(p.begin(), p.end(), c) != p.end();
    if (everywhere && std::find(common.begin(), common.end(), c) == common.end()) {
      common.push_back(c);
    }
  }
  if (common.empty()) return "";
  std::vector<std::string> shortened;
  for (const auto& p : parts) {
    std::string out;
    for (const auto& c : p) {
      if (std::find(common.begin(), common.end(), c) != common.end()) continue;
      out += (out.empty() ? "" : "/") + c;
    }
    if (out.empty()) return "";  // a label would vanish: keep them whole
    shortened.push_back(out);
  }
  labels = shortened;
  std::string joined;
  for (const auto& c : common) joined += (joined.empty() ? "" : "/") + c;
  return joined;
}

std::string common_note(const std::string& common) {
  return common.empty() ? "" : " Labels omit what every one shares: " + common + ".";
}

// Forms of a perf counter that repeat another one (bench/perf_counters.cc:
// derive_counters writes each event as _total, _per_iteration, _per_<unit>,
// and _scaling): the report's tables keep _per_iteration and _per_page_touched.
bool is_derived_form(const std::string& name) {
  for (const char* suffix : {"_total", "_scaling", "_per_byte", "_per_operation"}) {
    const std::string sfx = suffix;
    if (name.size() > sfx.size() && name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0) {
      return true;
    }
  }
  return false;
}

// The key sits below a CDF plot, one line per entry: the plot keeps its height.
int cdf_height(size_t lines) { return 380 + 22 * static_cast<int>(lines); }

// Long x tic labels go vertical: slanted ones would run off the left edge.
std::string xtics_for(size_t longest_label) {
  return longest_label > 24 ? "set xtics rotate by 90 right\n" : "set xtics rotate by 20 right\n";
}

// Explicit tic labels are printf formats to gnuplot: '%' must be doubled.
std::string tic_label(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%') out += '%';
  }
  return gnuplot_quote(out);
}

std::string file_safe(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

// Names the report writes itself; a results file copied in never takes one.
bool is_generated_name(const std::string& name);

// The report directory, held open by fd. Every file the report writes goes
// through write(): an fd-relative atomic replace (core/util.h), so a
// symlink found there is replaced, never written through. The names are
// listed in a manifest, so a later report into the same directory can tell
// its own files from anyone else's and refuses (without --force) to write
// among files it did not write.
class ReportDir {
 public:
  static constexpr const char* kManifest = ".daxbench-report";

  // Checks everything before anything is written; throws UsageError.
  ReportDir(const std::string& path, const std::vector<std::string>& inputs, bool force);
  void write(const std::string& name, const std::string& text);
  // Marks `name` as part of the report without writing it (a results file
  // that is already there: the input itself).
  void keep(const std::string& name) { written_.insert(name); }
  // True when DIR/name is the very file `src` (st_dev/st_ino, not following
  // a symlink at name).
  bool holds(const std::string& name, const std::string& src) const;
  void write_manifest();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  FileDescriptor fd_;
  std::set<std::string> written_;
  std::vector<std::pair<dev_t, ino_t>> inputs_;
};

// A private directory for gnuplot to write in (mkdtemp, 0700, under $TMPDIR
// or /tmp): gnuplot opens its output by name and would follow a symlink, so
// it never writes in the report directory itself.
class RenderDir {
 public:
  RenderDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/daxbench-report.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr)
      throw UsageError(tmpl + ": cannot create a directory to render plots in (" +
                       std::strerror(errno) + "); set TMPDIR to a writable directory");
    path_ = tmpl;
  }
  RenderDir(const RenderDir&) = delete;
  RenderDir& operator=(const RenderDir&) = delete;
  ~RenderDir() { remove_tree(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ReportOptions {
  std::string out_dir;
  std::string notes_file;  // plain-text paragraphs shown after the list of runs
  bool ab = true;          // compare each later run against the first
  std::string title = "daxbench report";
  CompareOptions compare;
};

class ReportBuilder {
 public:
  ReportBuilder(const ReportOptions& options, const std::vector<Results>& runs, ReportDir& out,
                const RenderDir& render)
      : options_(options), runs_(runs), out_(out), render_(render) {}

  void build(const std::vector<std::string>& results_copies, const std::string& command) {
    overview(results_copies, command);
    notes();
    for (size_t i = 0; i < runs_.size(); ++i) run_section(i);
    if (options_.ab) {
      for (size_t i = 1; i < runs_.size(); ++i) ab_section(0, i);
    } else if (runs_.size() > 1) {
      omit("A/B comparisons", "--no-ab: the runs are shown side by side, not compared");
    }
    omitted_section();
  }

  const Document& document() const { return doc_; }
  size_t figure_count() const { return figures_; }

 private:
  std::string run_label(size_t i) const {
    return "run " + std::to_string(i + 1) + " (" + fs::path(runs_[i].path).filename().string() +
           ")";
  }

  void overview(const std::vector<std::string>& copies, const std::string& command) {
    doc_.heading(2, "Runs");
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < runs_.size(); ++i) {
      const Results& r = runs_[i];
      rows.push_back({run_label(i), r.context_string("kernel_release"), r.context_string("date"),
                      r.clock().empty() ? "(not recorded)" : r.clock(),
                      r.emulated() ? "emulated lab: " + r.context_string("lab")
                                   : "real hardware (not emulated)",
                      std::to_string(r.benchmarks.size()), copies[i]});
    }
    doc_.table({"run", "kernel", "date", "clock", "lab", "benchmarks", "results file"}, rows);
    doc_.paragraph(
        "Times are medians over the repetitions of each benchmark, per iteration of its timed "
        "region; ±stddev is the relative standard deviation over repetitions; confidence "
        "intervals are 95 % percentile-bootstrap intervals (seed " +
        std::to_string(options_.compare.seed) + ").");
    doc_.heading(2, "Reproduce");
    doc_.paragraph("Each run was produced by the command line recorded in its results file:");
    std::string commands;
    for (size_t i = 0; i < runs_.size(); ++i) {
      const std::string cl = runs_[i].context_string("command_line");
      commands +=
          "# " + run_label(i) + "\n" + (cl.empty() ? "# (command_line not recorded)" : cl) + "\n";
    }
    doc_.code(commands.substr(0, commands.size() - 1));
    doc_.paragraph("This report was generated with:");
    doc_.code(command);
  }

  // The author's text (e.g. what the changelog says differs between two
  // kernels on these paths): paragraphs separated by blank lines.
  void notes() {
    if (options_.notes_file.empty()) return;
    std::ifstream in(options_.notes_file);
    if (!in) throw UsageError(options_.notes_file + ": cannot open the --notes file");
    doc_.heading(2, "Notes");
    std::string line, paragraph;
    auto flush = [&] {
      if (!paragraph.empty()) doc_.paragraph(paragraph);
      paragraph.clear();
    };
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t") == std::string::npos) {
        flush();
      } else {
        paragraph += (paragraph.empty() ? "" : " ") + line;
      }
    }
    flush();
  }

  void run_section(size_t index) {
    const Results& r = runs_[index];
    doc_.heading(2, "Run " + std::to_string(index + 1) + ": " + r.path);
    doc_.paragraph("Clock and unit: " + clock_text(r) + ".");
    if (r.context.value("incomplete", false)) {
      doc_.paragraph(
          "This run was interrupted (incomplete: true): only finished benchmarks "
          "are present.");
    }
    environment_tables(r);
    results_table(index);
    doc_.heading(3, "Plots of " + run_label(index));
    const size_t before = figures_;
    dax_vs_pagecache_plots(index);
    latency_plots(index);
    pmd_plot(index);
    flag_switch_plot(index);
    if (figures_ == before) doc_.paragraph("No plot could be drawn for this run (see below).");
    add_profile_run_section(doc_, r);  // profile hook (analysis/profile_section.h)
  }

  void environment_tables(const Results& r) {
    doc_.heading(3, "Environment");
    std::vector<std::vector<std::string>> rows;
    for (auto it = r.context.begin(); it != r.context.end(); ++it) {
      if (it.key() == "targets") continue;
      rows.push_back({it.key(), it->is_string() ? it->get<std::string>() : it->dump()});
    }
    doc_.table({"key", "value"}, rows);
    auto targets = r.context.find("targets");
    if (targets != r.context.end() && targets->is_array() && !targets->empty()) {
      std::vector<std::string> header;
      for (auto it = (*targets)[0].begin(); it != (*targets)[0].end(); ++it) {
        header.push_back(it.key());
      }
      std::vector<std::vector<std::string>> trows;
      for (const auto& t : *targets) {
        std::vector<std::string> row;
        for (const auto& key : header) {
          const Json v = t.value(key, Json());
          row.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        }
        trows.push_back(row);
      }
      doc_.heading(3, "Targets");
      doc_.table(header, trows);
    }
  }

  void results_table(size_t index) {
    const Results& r = runs_[index];
    doc_.heading(3, "Results");
    doc_.paragraph("Time per iteration of the timed region. Unit and clock: " + clock_text(r) +
                   ".");
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> skipped, counter_names;
    std::vector<std::pair<std::string, std::map<std::string, std::string>>> counter_cells;
    size_t derived_hidden = 0;
    for (const auto& b : r.benchmarks) {
      if (!b.error.empty()) {
        skipped.push_back(b.name + ": " + b.error);
        continue;
      }
      const Metric* t = b.metric("real_time");
      if (!t || t->samples.empty()) continue;
      const Summary s = summarize(t->samples);
      const Interval ci = bootstrap_median_ci(
          t->samples, 0.95, stable_hash(b.name, options_.compare.seed), options_.compare.resamples);
      rows.push_back({b.name, std::to_string(s.n), format_value(s.median),
                      "±" + fmt("%.1f", s.relative_stddev_percent()) + "%",
                      s.n >= 2 ? "[" + format_value(ci.low) + ", " + format_value(ci.high) + "]"
                               : "n/a (1 repetition)"});
      std::map<std::string, std::string> cells;
      for (const auto& m : b.metrics) {
        if (m.name == "real_time" || m.samples.empty()) continue;
        if (is_derived_form(m.name)) {
          ++derived_hidden;
          continue;
        }
        const Summary cs = summarize(m.samples);
        if (std::find(counter_names.begin(), counter_names.end(), m.name) == counter_names.end()) {
          counter_names.push_back(m.name);
        }
        cells[m.name] =
            format_value(cs.median) +
            (cs.stddev > 0 ? " ±" + fmt("%.1f", cs.relative_stddev_percent()) + "%" : "");
      }
      counter_cells.push_back({b.name, cells});
    }
    doc_.table({"benchmark", "repetitions", "median time (" + r.time_unit() + ")", "±stddev",
                "95% CI of median"},
               rows);
    if (!counter_names.empty()) {
      doc_.paragraph(
          "Counters of " + run_label(index) +
          ": medians over repetitions (±relative stddev when not constant), in the unit their "
          "name states (per iteration, per page touched, per second of the run's clock: " +
          short_clock(r) + ")." +
          (derived_hidden
               ? " Left out here, and in the results file " + fs::path(r.path).filename().string() +
                     " beside this report: " + std::to_string(derived_hidden) +
                     " derived forms (*_total, *_scaling, *_per_byte, *_per_operation)."
               : std::string()));
      // One row per benchmark, one column per counter: compact for long suites.
      std::vector<std::string> header = {"benchmark"};
      header.insert(header.end(), counter_names.begin(), counter_names.end());
      std::vector<std::vector<std::string>> counter_rows;
      for (const auto& [name, cells] : counter_cells) {
        std::vector<std::string> row = {name};
        for (const auto& counter : counter_names) {
          auto it = cells.find(counter);
          row.push_back(it == cells.end() ? "" : it->second);
        }
        counter_rows.push_back(row);
      }
      doc_.table(header, counter_rows);
    }
    if (!skipped.empty()) {
      doc_.paragraph("Skipped or failed benchmarks:");
      doc_.list(skipped);
    }
  }

  // Writes the script and runs gnuplot; adds the figure to the document.
  void add_figure(const std::string& kind, const std::string& id, const std::string& title,
                  const std::string& caption, const std::string& body, int width, int height) {
    Figure f;
    f.id = id;
    f.kind = kind;
    f.title = title;
    f.caption = caption;
    f.file = id + ".svg";
    const fs::path dir = render_.path();
    std::ostringstream script;
    script << "# Rendered by daxbench report; run `gnuplot " << id << ".gp` to redraw.\n"
           << "set terminal svg size " << width << "," << height
           << " dynamic font 'sans,11' background '#ffffff'\n"
           << "set termoption noenhanced\n"
           << "set output " << gnuplot_quote(f.file) << "\n"
           << "set datafile missing '?'\n"
           << "set grid ytics lc rgb '#dddddd'\n"
           << "set key below\n"
           << "set title " << gnuplot_quote(title) << "\n"
           << body;
    run_gnuplot(script.str(), dir.string(), id + ".gp");
    std::ifstream in(dir / f.file);
    std::stringstream svg;
    svg << in.rdbuf();
    out_.write(id + ".gp", script.str());
    out_.write(f.file, svg.str());
    f.svg = inline_svg(svg.str(), id + "-", title);
    doc_.figure(f);
    ++figures_;
  }

  void omit(const std::string& what, const std::string& why) {
    omitted_.push_back(what + ": " + why);
  }

  struct Bar {
    double median = 0, low = 0, high = 0;
  };

  void dax_vs_pagecache_plots(size_t index) {
    const Results& r = runs_[index];
    // family -> scenario -> group -> bar
    std::map<std::string, std::map<std::string, std::map<std::string, Bar>>> data;
    std::map<std::string, std::vector<std::string>> scenario_order;
    for (const auto& b : r.benchmarks) {
      const Metric* t = b.metric("real_time");
      if (!b.error.empty() || !t || t->samples.empty()) continue;
      auto [scenario, group] = scenario_and_group(b);
      Bar bar;
      bar.median = median(t->samples);
      const Interval ci = bootstrap_median_ci(
          t->samples, 0.95, stable_hash(b.name, options_.compare.seed), options_.compare.resamples);
      bar.low = t->samples.size() >= 2 ? ci.low : bar.median;
      bar.high = t->samples.size() >= 2 ? ci.high : bar.median;
      auto& scenarios = data[b.family()];
      if (!scenarios.count(scenario)) scenario_order[b.family()].push_back(scenario);
      scenarios[scenario][group] = bar;
    }
    if (data.empty()) {
      omit("DAX vs page cache (" + run_label(index) + ")", "no successful benchmark");
      return;
    }
    for (const auto& [family, scenarios] : data) {
      std::set<std::string> group_set;
      for (const auto& [_, groups] : scenarios) {
        for (const auto& [g, __] : groups) group_set.insert(g);
      }
      std::vector<std::string> groups(group_set.begin(), group_set.end());
      std::stable_sort(
          groups.begin(), groups.end(),
          [](const std::string& a, const std::string& b) { return mode_rank(a) < mode_rank(b); });
      // Drawn even for one group: it still shows the times with their CIs.
      const std::string single_group_note =
          groups.size() < 2
              ? " Only one inode mode and filesystem was measured (" + groups.front() +
                    "): run with several --modes to compare DAX with the page cache."
              : "";
      std::ostringstream body;
      body << "$data << EOD\n";
      size_t longest = 0;
      std::vector<std::string> labels;
      for (const auto& scenario : scenario_order[family]) {
        std::string label = scenario;
        if (label.rfind(family + "/", 0) == 0) label = label.substr(family.size() + 1);
        labels.push_back(label);
      }
      const std::string common = shorten_labels(labels);
      for (size_t si = 0; si < labels.size(); ++si) {
        const std::string& scenario = scenario_order[family][si];
        const std::string& label = labels[si];
        longest = std::max(longest, label.size());
        body << gnuplot_field(label);
        for (const auto& g : groups) {
          auto it = scenarios.at(scenario).find(g);
          if (it == scenarios.at(scenario).end()) {
            body << " ? ? ?";
          } else {
            body << " " << fmt("%.6g", it->second.median) << " " << fmt("%.6g", it->second.low)
                 << " " << fmt("%.6g", it->second.high);
          }
        }
        body << "\n";
      }
      body << "EOD\n"
           << "set style data histogram\n"
           << "set style histogram errorbars gap 1 lw 1\n"
           << "set style fill solid 0.7 border -1\n"
           << "set logscale y\n"
           << xtics_for(longest) << "set ylabel "
           << gnuplot_quote("median time per iteration (" + r.time_unit() + ")") << "\n"
           << "plot ";
      for (size_t g = 0; g < groups.size(); ++g) {
        const size_t col = 2 + 3 * g;
        body << (g ? ", '' " : "$data ") << "using " << col << ":" << col + 1 << ":" << col + 2
             << (g == 0 ? ":xtic(1)" : "") << " title " << gnuplot_quote(groups[g]);
      }
      body << "\n";
      const size_t n_scen = scenario_order[family].size();
      const int width = static_cast<int>(std::max<size_t>(720, 160 + n_scen * groups.size() * 40));
      const int height = 460 + static_cast<int>(std::min<size_t>(longest, 110) * 6);
      add_figure("dax-vs-pagecache",
                 "fig-run" + std::to_string(index + 1) + "-dax-vs-pagecache-" + file_safe(family),
                 family + ": DAX vs page cache, " + run_label(index),
                 "Median time per iteration with 95 % bootstrap CI (log scale), one bar per inode "
                 "mode and filesystem. Unit: " +
                     r.time_unit() + ". Clock: " + clock_text(r) + "." + single_group_note +
                     common_note(common),
                 body.str(), width, height);
    }
  }

  // CDF points from a daxbench.latency_ns object: (latency, -log10(1 - p)).
  // The y axis is in "nines" so that the tail (p99, p99.9) is readable.
  static std::vector<std::pair<double, double>> cdf_points(const std::vector<Json>& reps) {
    static const std::pair<const char*, double> kPercentiles[] = {
        {"p50", 0.30103}, {"p90", 1}, {"p99", 2}, {"p99_9", 3}, {"max", 4}};
    std::vector<std::pair<double, double>> points;
    for (auto [key, y] : kPercentiles) {
      std::vector<double> values;
      for (const auto& rep : reps) {
        if (rep.value("count", 0.0) <= 0) continue;
        auto it = rep.find(key);
        if (it != rep.end() && it->is_number() && it->get<double>() > 0) {
          values.push_back(it->get<double>());
        }
      }
      if (!values.empty()) points.push_back({median(values), y});
    }
    return points;
  }

  std::string cdf_body(
      const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& lines,
      const std::string& xlabel) {
    std::ostringstream body;
    for (size_t i = 0; i < lines.size(); ++i) {
      body << "$line" << i << " << EOD\n";
      for (auto [x, y] : lines[i].second) body << fmt("%.6g", x) << " " << y << "\n";
      body << "EOD\n";
    }
    body << "set logscale x\n"
         << "set xlabel " << gnuplot_quote(xlabel) << "\n"
         << "set ylabel 'percentile'\n"
         << "set ytics ('50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, 'max' 4)\n"
         << "set yrange [0:4.3]\n"
         << "plot ";
    for (size_t i = 0; i < lines.size(); ++i) {
      body << (i ? ", " : "") << "$line" << i << " using 1:2 with linespoints lw 2 title "
           << gnuplot_quote(lines[i].first);
    }
    body << "\n";
    return body.str();
  }

  void latency_plots(size_t index) {
    const Results& r = runs_[index];
    std::map<std::string,
             std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>>
        by_scenario;
    std::vector<std::string> order;
    for (const auto& b : r.benchmarks) {
      if (!b.error.empty() || b.latency_ns.empty() || b.family() == "flag-switch") continue;
      auto points = cdf_points(b.latency_ns);
      if (points.size() < 2) continue;
      auto [scenario, group] = scenario_and_group(b);
      if (!by_scenario.count(scenario)) order.push_back(scenario);
      by_scenario[scenario].push_back({group, points});
    }
    if (order.empty()) {
      omit("latency CDFs (" + run_label(index) + ")",
           "no benchmark (flag-switch aside, plotted as time-to-effective) has per-operation "
           "latencies (daxbench.latency_ns); run with --latency");
      return;
    }
    int n = 0;
    for (const auto& scenario : order) {
      auto lines = by_scenario[scenario];
      std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        return mode_rank(a.first) < mode_rank(b.first);
      });
      add_figure("latency-cdf",
                 "fig-run" + std::to_string(index + 1) + "-latency-" + std::to_string(++n),
                 "Latency CDF: " + scenario + ", " + run_label(index),
                 "Per-operation latency percentiles (p50, p90, p99, p99.9, max; median over "
                 "repetitions) from log-bucketed histograms (relative error < 12.5 %), one line "
                 "per inode mode and filesystem. Unit: " +
                     r.time_unit() + ". Clock: " + clock_text(r) + ".",
                 cdf_body(lines, "latency per operation (" + r.time_unit() + ", log scale)"), 720,
                 cdf_height(lines.size()));
    }
  }

  void pmd_plot(size_t index) {
    const Results& r = runs_[index];
    struct Row {
      std::string label;
      double mapped = 0, fallback = 0;
    };
    std::vector<Row> rows;
    std::string mapped_name, fallback_name;
    for (const auto& b : r.benchmarks) {
      if (!b.error.empty()) continue;
      // The per-iteration counts (bench/perf_counters.cc: derive_counters);
      // else any other count that is not a total, scaling factor or share.
      auto pick = [&b](const std::string& stem) -> const Metric* {
        if (const Metric* m = b.metric(stem + "_per_iteration"); m && !m->samples.empty()) {
          return m;
        }
        for (const auto& m : b.metrics) {
          if (m.samples.empty() || m.name.rfind(stem, 0) != 0) continue;
          if (m.name.find("_ratio") != std::string::npos ||
              m.name.find("_total") != std::string::npos ||
              m.name.find("_scaling") != std::string::npos) {
            continue;
          }
          return &m;
        }
        return nullptr;
      };
      const Metric* mapped = pick("pmd_mapped");
      const Metric* fallback = pick("pmd_fallback");
      if (!mapped && !fallback) continue;
      // Only scenarios that ask for PMD mappings (pages=pmd, pmd-misaligned)
      // or where PMD faults happened: a row of zeros for every 4 KiB scenario
      // would hide the ones that matter.
      const bool pmd_scenario = b.name.find("/pmd") != std::string::npos;
      const double mapped_median = mapped ? median(mapped->samples) : 0;
      const double fallback_median = fallback ? median(fallback->samples) : 0;
      if (!pmd_scenario && mapped_median == 0 && fallback_median == 0) continue;
      if (mapped) mapped_name = mapped->name;
      if (fallback) fallback_name = fallback->name;
      rows.push_back({b.name, mapped_median, fallback_median});
    }
    if (rows.empty()) {
      omit("PMD mapped vs fallback (" + run_label(index) + ")",
           "no benchmark has pmd_mapped* or pmd_fallback* counters (PMD scenarios on a DAX "
           "target with the fs_dax tracepoints available)");
      return;
    }
    if (std::all_of(rows.begin(), rows.end(),
                    [](const Row& row) { return row.mapped == 0 && row.fallback == 0; })) {
      omit("PMD mapped vs fallback (" + run_label(index) + ")",
           "every pmd_mapped/pmd_fallback count is 0: no DAX PMD fault happened (page-cache "
           "targets, or PMD scenarios did not run)");
      return;
    }
    std::vector<std::string> labels;
    for (const auto& row : rows) labels.push_back(row.label);
    const std::string common = shorten_labels(labels);
    for (size_t i = 0; i < rows.size(); ++i) rows[i].label = labels[i];
    std::ostringstream body;
    body << "$data << EOD\n";
    size_t longest = 0;
    for (const auto& row : rows) {
      longest = std::max(longest, row.label.size());
      body << gnuplot_field(row.label) << " " << fmt("%.6g", row.mapped) << " "
           << fmt("%.6g", row.fallback) << "\n";
    }
    body << "EOD\n"
         << "set style data histogram\n"
         << "set style histogram rowstacked\n"
         << "set style fill solid 0.8 border -1\n"
         << "set boxwidth 0.6\n"
         << xtics_for(longest) << "set yrange [0:*]\n"
         << "set ylabel 'PMD faults per iteration (median)'\n"
         << "plot $data using 2:xtic(1) title "
         << gnuplot_quote("mapped as PMD (" + (mapped_name.empty() ? "absent" : mapped_name) + ")")
         << " lc rgb '#2a9d8f', '' using 3 title "
         << gnuplot_quote("fell back to PTE (" +
                          (fallback_name.empty() ? "absent" : fallback_name) + ")")
         << " lc rgb '#e76f51'\n";
    add_figure("pmd", "fig-run" + std::to_string(index + 1) + "-pmd",
               "PMD faults mapped vs fallback, " + run_label(index),
               "Per scenario: PMD faults that mapped a 2 MiB entry and those that fell back to "
               "4 KiB PTEs (fs/dax.c: dax_iomap_pmd_fault), medians over repetitions. Counts per "
               "iteration; clock not involved. " +
                   std::string(r.emulated() ? "Emulated lab: " + r.context_string("lab")
                                            : "Real hardware (not emulated)") +
                   "." + common_note(common),
               body.str(), static_cast<int>(std::max<size_t>(640, 120 + rows.size() * 70)),
               460 + static_cast<int>(std::min<size_t>(longest, 110) * 6));
  }

  void flag_switch_plot(size_t index) {
    const Results& r = runs_[index];
    std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> lines;
    std::vector<std::pair<std::string, std::vector<double>>> strips;
    // The family measures several things (ioctl cost, time-to-effective,
    // first access); this plot is about time-to-effective when it was run.
    bool any_time_to_effective = false;
    for (const auto& b : r.benchmarks) {
      any_time_to_effective |= b.error.empty() && b.family() == "flag-switch" &&
                               b.name.find("/time-to-effective/") != std::string::npos;
    }
    for (const auto& b : r.benchmarks) {
      if (!b.error.empty() || b.family() != "flag-switch") continue;
      if (any_time_to_effective && b.name.find("/time-to-effective/") == std::string::npos) {
        continue;
      }
      auto points = cdf_points(b.latency_ns);
      if (points.size() >= 2) {
        lines.push_back({b.name, points});
      } else if (const Metric* t = b.metric("real_time"); t && !t->samples.empty()) {
        strips.push_back({b.name, t->samples});
      }
    }
    if (lines.empty() && strips.empty()) {
      omit("flag-switch time-to-effective (" + run_label(index) + ")",
           "no flag-switch benchmark in this run");
      return;
    }
    std::vector<std::string> labels;
    for (const auto& l : lines) labels.push_back(l.first);
    for (const auto& st : strips) labels.push_back(st.first);
    const std::string common = shorten_labels(labels);
    for (size_t i = 0; i < lines.size(); ++i) lines[i].first = labels[i];
    for (size_t i = 0; i < strips.size(); ++i) strips[i].first = labels[lines.size() + i];
    if (!lines.empty()) {
      add_figure("flag-switch", "fig-run" + std::to_string(index + 1) + "-flag-switch",
                 "flag-switch time-to-effective, " + run_label(index),
                 "Distribution of the time from changing FS_XFLAG_DAX until statx reports the new "
                 "state (the change takes effect when the last reference goes away), per "
                 "scenario: percentiles of the per-switch histogram. Unit: " +
                     r.time_unit() + ". Clock: " + clock_text(r) + "." + common_note(common),
                 cdf_body(lines, "time to effective (" + r.time_unit() + ", log scale)"), 720,
                 cdf_height(lines.size()));
      return;
    }
    std::ostringstream body;
    for (size_t i = 0; i < strips.size(); ++i) {
      body << "$s" << i << " << EOD\n";
      for (double v : strips[i].second) body << i << " " << fmt("%.6g", v) << "\n";
      body << "EOD\n";
    }
    size_t longest = 0;
    for (const auto& strip : strips) longest = std::max(longest, strip.first.size());
    body << (longest > 24 ? "set xtics rotate by 90 right (" : "set xtics rotate by 20 right (");
    for (size_t i = 0; i < strips.size(); ++i) {
      body << (i ? ", " : "") << tic_label(strips[i].first) << " " << i;
    }
    body << ")\nset xrange [-0.5:" << strips.size() - 0.5 << "]\n"
         << "set ylabel " << gnuplot_quote("time per iteration (" + r.time_unit() + ")") << "\n"
         << "plot ";
    for (size_t i = 0; i < strips.size(); ++i) {
      body << (i ? ", " : "") << "$s" << i << " using 1:2 with points pt 7 ps 0.8 lc rgb '#264653' "
           << (i ? "notitle" : "title 'repetitions'");
    }
    body << "\n";
    add_figure("flag-switch", "fig-run" + std::to_string(index + 1) + "-flag-switch",
               "flag-switch time per iteration, " + run_label(index),
               "One point per repetition (no per-switch latencies recorded: run with --latency for "
               "the time-to-effective distribution). Unit: " +
                   r.time_unit() + ". Clock: " + clock_text(r) + "." + common_note(common),
               body.str(), 720, 460 + static_cast<int>(std::min<size_t>(longest, 110) * 6));
  }

  void ab_section(size_t base_index, size_t new_index) {
    const Results& base = runs_[base_index];
    const Results& neu = runs_[new_index];
    // Runs of different suites (e.g. quick, then pmd-tuning, in one report)
    // have nothing to compare: no A/B section for them.
    bool common = false;
    for (const auto& b : neu.benchmarks) common |= base.find(b.name) != nullptr;
    if (!common) {
      omit("A/B of " + run_label(new_index) + " against " + run_label(base_index),
           "no benchmark in common (different suites): shown side by side");
      return;
    }
    doc_.heading(2, "A/B: " + run_label(new_index) + " against " + run_label(base_index));
    Comparison c;
    try {
      c = compare_results(base, neu, options_.compare);
    } catch (const UsageError& e) {
      doc_.paragraph(std::string("Not compared: ") + e.what());
      omit("A/B ratio chart (" + run_label(new_index) + ")", e.what());
      profile_deltas(base_index, new_index, Comparison{});  // profile hook
      return;
    }
    doc_.paragraph(
        "As `daxbench compare " + base.path + " " + neu.path +
        "`: %change = new/base - 1 of the "
        "medians, 95 % bootstrap CI of that ratio, two-sided Mann-Whitney U p-value, verdict at "
        "threshold " +
        fmt("%g", options_.compare.threshold * 100) + " % and alpha " +
        fmt("%g", options_.compare.alpha) + ". Time unit: " + c.time_unit +
        ". Clock: " + clock_text(base) + ".");
    std::vector<std::vector<std::string>> env;
    for (const auto& e : c.environment) {
      if (e.differs()) env.push_back({e.key, e.base, e.neu});
    }
    if (env.empty()) {
      doc_.paragraph("Environment: no differences in the keys compared.");
    } else {
      doc_.paragraph("Environment differences:");
      doc_.table({"key", "base", "new"}, env);
    }
    if (!c.warnings.empty()) doc_.list(c.warnings);
    for (const auto& n : c.notes) doc_.paragraph(n);
    // The full table (every counter) goes to a Markdown file beside the
    // report; here: every time row, and the counters that did not stay unchanged.
    const std::string full_name = "compare-run" + std::to_string(new_index + 1) + "-vs-run" +
                                  std::to_string(base_index + 1) + ".md";
    out_.write(full_name, format_markdown(c, options_.compare));
    size_t hidden = 0;
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : c.rows) {
      if (m.metric != "real_time" &&
          (m.verdict == Verdict::kUnchanged || is_derived_form(m.metric))) {
        ++hidden;
        continue;
      }
      rows.push_back(
          {format_value(m.base.median), "±" + fmt("%.1f", m.base.relative_stddev_percent()) + "%",
           format_change(m.ratio),
           std::isfinite(m.ci.low)
               ? "[" + format_change(m.ci.low) + ", " + format_change(m.ci.high) + "]"
               : "n/a",
           format_value(m.neu.median), "±" + fmt("%.1f", m.neu.relative_stddev_percent()) + "%",
           fmt(m.test.p_value < 0.001 ? "%.1e" : "%.3f", m.test.p_value), to_string(m.verdict),
           m.label()});
    }
    doc_.table(
        {"base", "±stddev", "%change", "95% CI", "new", "±stddev", "p-value", "verdict", "metric"},
        rows);
    if (hidden) {
      doc_.paragraph(std::to_string(hidden) +
                     " counter rows that are unchanged or derived forms of others are left out "
                     "here; every row is in " +
                     full_name + " beside this report.");
    }
    std::map<Verdict, size_t> counts = c.verdict_counts;
    doc_.paragraph((c.geomean_benchmarks ? "Geometric mean of time ratios over " +
                                               std::to_string(c.geomean_benchmarks) +
                                               " benchmarks: " + fmt("%.4f", c.geomean_time_ratio) +
                                               " (" + format_change(c.geomean_time_ratio) + ")"
                                         : std::string("Geometric mean of time ratios: n/a")) +
                   ". Verdicts: " + std::to_string(counts[Verdict::kRegressed]) + " regressed, " +
                   std::to_string(counts[Verdict::kImproved]) + " improved, " +
                   std::to_string(counts[Verdict::kNoisy]) + " noisy, " +
                   std::to_string(counts[Verdict::kUnchanged]) + " unchanged.");
    std::vector<std::string> not_compared;
    for (const auto& n : c.only_in_base) not_compared.push_back(n + ": only in " + base.path);
    for (const auto& n : c.only_in_new) not_compared.push_back(n + ": only in " + neu.path);
    for (const auto& [n, why] : c.not_compared) not_compared.push_back(n + ": " + why);
    if (!not_compared.empty()) {
      doc_.paragraph("Not compared:");
      doc_.list(not_compared);
    }
    profile_deltas(base_index, new_index, c);  // profile hook
    ratio_chart(c, base, new_index);
  }

  // profile hook (analysis/profile_section.h): perf diff per scenario, and
  // its rows as JSON beside the report.
  void profile_deltas(size_t base_index, size_t new_index, const Comparison& c) {
    const std::string deltas = add_profile_ab_section(doc_, runs_[base_index], runs_[new_index], c);
    if (!deltas.empty())
      out_.write("profile-deltas-run" + std::to_string(new_index + 1) + "-vs-run" +
                     std::to_string(base_index + 1) + ".json",
                 deltas);
  }

  void ratio_chart(const Comparison& c, const Results& base, size_t new_index) {
    std::vector<const MetricComparison*> rows;
    for (const auto& m : c.rows) {
      if (m.metric == "real_time" && std::isfinite(m.ratio) && std::isfinite(m.ci.low)) {
        rows.push_back(&m);
      }
    }
    if (rows.empty()) {
      omit("A/B ratio chart (" + run_label(new_index) + ")", "no finite time ratio");
      return;
    }
    std::ostringstream body;
    const Verdict kinds[] = {Verdict::kRegressed, Verdict::kImproved, Verdict::kUnchanged,
                             Verdict::kNoisy};
    const char* colours[] = {"#d62828", "#2a9d8f", "#555555", "#e9c46a"};
    size_t longest = 0;
    for (size_t k = 0; k < 4; ++k) {
      body << "$v" << k << " << EOD\n";
      for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i]->verdict != kinds[k]) continue;
        body << i << " " << fmt("%.6g", rows[i]->ratio) << " " << fmt("%.6g", rows[i]->ci.low)
             << " " << fmt("%.6g", rows[i]->ci.high) << "\n";
      }
      body << "0 ? ? ?\nEOD\n";  // never empty: gnuplot refuses empty data blocks
    }
    std::vector<std::string> labels;
    for (const auto* row : rows) labels.push_back(row->benchmark);
    const std::string common = shorten_labels(labels);
    body << "set ytics (";
    for (size_t i = 0; i < rows.size(); ++i) {
      longest = std::max(longest, labels[i].size());
      body << (i ? ", " : "") << tic_label(labels[i]) << " " << i;
    }
    const double t = options_.compare.threshold;
    // Reversed range: the first benchmark at the top, as in the tables.
    body << ")\nset yrange [" << rows.size() - 0.3 << ":-0.7]\n"
         << "set grid xtics lc rgb '#dddddd'\n"
         << "set xlabel " << gnuplot_quote("time ratio new/base (median), 95 % CI") << "\n"
         << "set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb '#000000'\n"
         << "set arrow from " << 1 - t << ", graph 0 to " << 1 - t
         << ", graph 1 nohead dt 2 lc rgb '#888888'\n"
         << "set arrow from " << 1 + t << ", graph 0 to " << 1 + t
         << ", graph 1 nohead dt 2 lc rgb '#888888'\n"
         << "plot ";
    for (size_t k = 0; k < 4; ++k) {
      body << (k ? ", " : "") << "$v" << k
           << " using 2:1:3:4 with xerrorbars pt 7 ps 1 lw 1.5 lc rgb '" << colours[k] << "' title "
           << gnuplot_quote(to_string(kinds[k]));
    }
    body << "\n";
    add_figure("ab-ratio", "fig-ab-run" + std::to_string(new_index + 1) + "-vs-run1",
               "A/B time ratio: " + run_label(new_index) + " / " + run_label(0),
               "Ratio of median times per iteration, new over base, with 95 % bootstrap CI; "
               "dashed lines at ±" +
                   fmt("%g", t * 100) +
                   " % (the threshold), colour = verdict. Unit of both "
                   "times: " +
                   c.time_unit + ". Clock: " + clock_text(base) + "." + common_note(common),
               body.str(), 760 + static_cast<int>(std::min<size_t>(longest, 110) * 6),
               160 + static_cast<int>(rows.size()) * 28);
  }

  void omitted_section() {
    doc_.heading(2, "Plots not drawn");
    if (omitted_.empty()) {
      doc_.paragraph("None: every plot type had data.");
    } else {
      doc_.list(omitted_);
    }
  }

  const ReportOptions& options_;
  const std::vector<Results>& runs_;
  ReportDir& out_;
  const RenderDir& render_;
  Document doc_;
  std::vector<std::string> omitted_;
  size_t figures_ = 0;
};

// Copies each results file into the report directory (the report links to
// them), unless it is already there; names are made unique and never one
// the report writes itself (a results file named README.md is copied as
// results-run1.json, not over the README).
std::vector<std::string> copy_results(const std::vector<std::string>& files, ReportDir& out) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (size_t i = 0; i < files.size(); ++i) {
    const fs::path src = files[i];
    std::string name = src.filename().string();
    if (used.count(name)) name = "run" + std::to_string(i + 1) + "-" + name;
    for (int n = 0; is_generated_name(name) || used.count(name); ++n)
      name = "results-run" + std::to_string(i + 1) + (n ? "-" + std::to_string(n) : "") + ".json";
    used.insert(name);
    if (out.holds(name, src.string())) {
      out.keep(name);
    } else {
      std::ifstream in(src, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) throw UsageError(src.string() + ": cannot read results to copy into the report");
      out.write(name, text.str());
    }
    names.push_back(name);
  }
  return names;
}

bool is_generated_name(const std::string& name) {
  return name == "index.html" || name == "README.md" || name == ReportDir::kManifest ||
         name.ends_with(".svg") || name.ends_with(".gp") ||
         (name.starts_with("compare-run") && name.ends_with(".md"));
}

ReportDir::ReportDir(const std::string& path, const std::vector<std::string>& inputs, bool force)
    : path_(path) {
  for (const auto& input : inputs) {
    struct stat st {};
    if (!input.empty() && ::stat(input.c_str(), &st) == 0)
      inputs_.push_back({st.st_dev, st.st_ino});
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode))
    throw UsageError("-o " + path + ": not a directory; give a new or empty directory");
  // The checks of check_output_file (pseudo filesystems, a writable parent,
  // name length) on a file that would live in the directory.
  if (exists) {
    check_output_file("-o", (fs::path(path) / "index.html").string());
    fd_.reset(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd_.valid())
      throw UsageError("-o " + path + ": cannot open (" + std::strerror(errno) + ")");
    std::set<std::string> ours = {kManifest};
    if (FileDescriptor m(::openat(fd_.get(), kManifest, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        m.valid()) {
      std::string text(1 << 20, '\0');
      const ssize_t n = ::pread(m.get(), text.data(), text.size(), 0);
      std::istringstream lines(text.substr(0, n > 0 ? static_cast<size_t>(n) : 0));
      std::string line;
      if (std::getline(lines, line) && line == "daxbench report manifest")
        while (std::getline(lines, line))
          if (!line.empty()) ours.insert(line);
    }
    std::vector<std::string> foreign;
    for (const auto& e : fs::directory_iterator(path)) {
      const std::string name = e.path().filename().string();
      struct stat est {};
      const bool is_input = ::fstatat(fd_.get(), name.c_str(), &est, AT_SYMLINK_NOFOLLOW) == 0 &&
                            std::find(inputs_.begin(), inputs_.end(),
                                      std::pair{est.st_dev, est.st_ino}) != inputs_.end();
      if (is_input && is_generated_name(name))
        throw UsageError("-o " + path + ": the input " + (fs::path(path) / name).string() +
                         " has the name of a file the report writes; move it or write elsewhere");
      if (!ours.count(name) && !is_input) foreign.push_back(name);
    }
    if (!foreign.empty() && !force) {
      std::sort(foreign.begin(), foreign.end());
      std::string examples;
      for (size_t i = 0; i < foreign.size() && i < 3; ++i) examples += (i ? ", " : "") + foreign[i];
      throw UsageError("-o " + path + ": holds " + std::to_string(foreign.size()) +
                       " file(s) daxbench did not write (" + examples +
                       (foreign.size() > 3 ? ", ..." : "") +
                       "); give a new or empty directory, or --force to write beside them");
    }
  } else {
    std::error_code ec;
    fs::create_directories(path, ec);
    fd_.reset(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (ec || !fd_.valid())
      throw UsageError("-o " + path + ": cannot create the report directory (" +
                       (ec ? ec.message() : std::string(std::strerror(errno))) + ")");
  }
}

bool ReportDir::holds(const std::string& name, const std::string& src) const {
  struct stat a {
  }, b{};
  return ::fstatat(fd_.get(), name.c_str(), &a, AT_SYMLINK_NOFOLLOW) == 0 &&
         ::stat(src.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void ReportDir::write(const std::string& name, const std::string& text) {
  const std::string where = (fs::path(path_) / name).string();
  struct stat st {};
  if (::fstatat(fd_.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      std::find(inputs_.begin(), inputs_.end(), std::pair{st.st_dev, st.st_ino}) != inputs_.end())
    throw UsageError(where + ": is one of the inputs; not overwriting it: write elsewhere");
  try {
    write_file_atomically_at(fd_.get(), name, text, where);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
  written_.insert(name);
}

void ReportDir::write_manifest() {
  std::string text = "daxbench report manifest\n";
  for (const auto& n : written_) text += n + "\n";
  write(kManifest, text);
}

}  // namespace

int report_main(int argc, char** argv) {
  ReportOptions options;
  double threshold_percent = 2;
  std::vector<std::string> files;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&options.out_dir),
      "report directory (created; an existing one may hold only an earlier report's files)")(
      "force",
      "write into an existing directory that holds files daxbench did not write "
      "(they are left alone; a name the report writes is replaced, never written through)")(
      "title", po::value<std::string>(&options.title)->default_value("daxbench report"),
      "report title; {kernel_release} is replaced by the first run's kernel")(
      "threshold", po::value<double>(&threshold_percent)->default_value(2),
      "A/B verdict threshold in PERCENT (as daxbench compare)")(
      "alpha", po::value<double>(&options.compare.alpha)->default_value(0.05, "0.05"),
      "A/B significance level (as daxbench compare)")(
      "seed", po::value<uint64_t>(&options.compare.seed)->default_value(1), "bootstrap seed")(
      "no-ab", "do not compare the runs (e.g. several suites from one machine)")(
      "notes", po::value<std::string>(&options.notes_file),
      "plain-text FILE whose paragraphs are shown after the list of runs (e.g. what the "
      "changelog says differs between two kernels)");
  po::variables_map vm;
  if (!parse_files_and_options(argc, argv, "report", kReportUsage, visible, files, vm)) return 0;
  if (files.empty())
    throw UsageError("expected one or more results files (see daxbench report --help)");
  if (options.out_dir.empty()) throw UsageError("-o DIR is required (see daxbench report --help)");
  if (!(threshold_percent >= 0 && threshold_percent < 1000)) {
    throw UsageError("--threshold must be a percentage >= 0, e.g. --threshold 2");
  }
  if (!(options.compare.alpha > 0 && options.compare.alpha < 1)) {
    throw UsageError("--alpha must be in (0, 1), e.g. --alpha 0.05");
  }
  options.compare.threshold = threshold_percent / 100;
  options.ab = !vm.count("no-ab");
  if (!options.notes_file.empty() && !std::ifstream(options.notes_file)) {
    throw UsageError(options.notes_file + ": cannot open the --notes file");
  }

  std::vector<Results> runs;
  for (const auto& f : files) runs.push_back(load_results(f));
  const std::string title_template = options.title;
  for (size_t pos; (pos = options.title.find("{kernel_release}")) != std::string::npos;) {
    options.title.replace(pos, 16, runs.front().context_string("kernel_release"));
  }

  std::vector<std::string> inputs = files;
  inputs.push_back(options.notes_file);
  ReportDir out(options.out_dir, inputs, vm.count("force") != 0);
  const RenderDir render;
  const std::vector<std::string> copies = copy_results(files, out);

  // The command that regenerates this report from the copies in DIR.
  std::string command = "daxbench report";
  for (const auto& c : copies)
    command += " " + shell_quote((fs::path(options.out_dir) / c).string());
  command += " -o " + shell_quote(options.out_dir);
  if (vm.count("title") && !vm["title"].defaulted())
    command += " --title " + shell_quote(title_template);
  if (!vm["threshold"].defaulted()) command += " --threshold " + fmt("%g", threshold_percent);
  if (!vm["alpha"].defaulted()) command += " --alpha " + fmt("%g", options.compare.alpha);
  if (!vm["seed"].defaulted()) command += " --seed " + std::to_string(options.compare.seed);
  if (!options.notes_file.empty()) command += " --notes " + shell_quote(options.notes_file);
  if (!options.ab) command += " --no-ab";

  ReportBuilder builder(options, runs, out, render);
  builder.build(copies, command);
  const fs::path dir = options.out_dir;
  out.write("index.html", builder.document().to_html(options.title));
  out.write("README.md", builder.document().to_markdown(options.title));
  out.write_manifest();
  std::cout << "daxbench report: wrote " << (dir / "index.html").string() << " and "
            << (dir / "README.md").string() << " with " << builder.figure_count() << " plots\n";
  return 0;
}

}  // namespace daxbench::analysis

DAXBENCH_REGISTER_COMMAND(Report, "report",
                          "HTML + Markdown report with gnuplot plots from results files",
                          daxbench::analysis::report_main);
