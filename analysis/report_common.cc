// The state of one report: figures rendered through gnuplot into the report
// directory, the runs' comparisons, and the helpers every section shares.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "analysis/gnuplot.h"
#include "analysis/report.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace fs = std::filesystem;

std::string file_safe(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

std::string drop_common_parts(std::vector<std::string>& labels) {
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
    if (everywhere && std::find(common.begin(), common.end(), c) == common.end())
      common.push_back(c);
  }
  if (common.empty()) return "";
  std::vector<std::string> shortened;
  for (const auto& p : parts) {
    std::string out;
    for (const auto& c : p)
      if (std::find(common.begin(), common.end(), c) == common.end())
        out += (out.empty() ? "" : "/") + c;
    if (out.empty()) return "";  // a label would vanish: keep them whole
    shortened.push_back(out);
  }
  labels = shortened;
  std::string joined;
  for (const auto& c : common) joined += (joined.empty() ? "" : "/") + c;
  return joined;
}

std::string clock_of(const Results& r) { return r.clock().empty() ? "wall-ns" : r.clock(); }

std::vector<std::string> families_in(const Results& r) {
  std::vector<std::string> out;
  for (const auto& b : r.benchmarks)
    if (std::find(out.begin(), out.end(), b.family()) == out.end()) out.push_back(b.family());
  return out;
}

std::string clock_text(const Results& r) {
  std::string unit =
      r.time_unit() == "instruction-ns"
          ? "instruction-ns (QEMU icount: 1 ns per guest instruction, no cache/TLB "
            "model; for comparing kernel code paths, not hardware; shown as instructions)"
          : "ns of wall-clock time (CLOCK_MONOTONIC)";
  // The lab itself is described once, in the report's header.
  std::string where = r.emulated() ? "emulated lab" : "real hardware (not emulated)";
  if (r.clock().empty()) unit += " (clock not recorded; assumed wall-ns)";
  return unit + "; " + where;
}

std::optional<double> numeric(const std::string& s) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (...) {
    return std::nullopt;
  }
  const std::string unit = s.substr(used);
  static const std::pair<const char*, double> kUnits[] = {
      {"", 1},      {"B", 1},     {"KiB", 1024}, {"MiB", 1048576}, {"GiB", 1073741824.0},
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3},  {"s", 1}};
  for (auto [name, factor] : kUnits)
    if (unit == name) return v * factor;
  return std::nullopt;
}

std::string tic_label(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%') out += '%';
  }
  return gnuplot_quote(out);
}

std::string xtics_for(size_t longest_label) {
  if (longest_label <= 14) return "set xtics norotate\n";
  return longest_label > 28 ? "set xtics rotate by 90 right\n" : "set xtics rotate by 30 right\n";
}

PlotDrawer plot_drawer(const std::string& kind) {
  if (kind == "bars") return draw_bars;
  if (kind == "lines") return draw_lines;
  if (kind == "cdf") return draw_cdf;
  if (kind == "scaling") return draw_scaling;
  return nullptr;
}

std::string Report::run_label(size_t i) const {
  return "run " + std::to_string(i + 1) + " (" + fs::path(runs[i].path).filename().string() + ")";
}

const std::vector<size_t>& Report::compared_runs() const {
  if (compared_known_) return compared_;
  compared_known_ = true;
  if (!options.ab) return compared_;
  for (size_t i = 1; i < runs.size(); ++i) {
    bool common = false;
    for (const auto& b : runs[i].benchmarks) common = common || runs[0].find(b.name) != nullptr;
    if (common) compared_.push_back(i);
  }
  return compared_;
}

const Comparison* Report::comparison(size_t i) {
  if (auto it = comparisons_.find(i); it != comparisons_.end()) return &it->second;
  if (comparison_errors_.count(i)) return nullptr;
  try {
    return &(comparisons_[i] = compare_results(runs[0], runs[i], options.compare));
  } catch (const UsageError& e) {
    comparisons_.erase(i);
    comparison_errors_[i] = e.what();
    omit("A/B of " + run_label(i) + " against " + run_label(0), e.what());
    return nullptr;
  }
}

void Report::add_figure(const std::string& kind, const std::string& id, const std::string& title,
                        const std::string& caption, const std::string& body, int width,
                        int height) {
  Figure f;
  f.id = id;
  f.kind = kind;
  f.title = title;
  f.caption = caption;
  f.file = id + ".svg";
  // Drawn at about the width the page shows it (figure svg: width 100% of
  // a 1100 px column), so 13 px text stays 13 px: never scaled down to a
  // size nobody reads.
  std::ostringstream script;
  script << "# Rendered by daxbench report; run `gnuplot " << id << ".gp` to redraw.\n"
         << "set terminal svg size " << width << "," << height
         << " dynamic font 'sans,13' background '#ffffff'\n"
         << "set termoption noenhanced\n"
         << "set output " << gnuplot_quote(f.file) << "\n"
         << "set datafile missing '?'\n"
         << "set grid ytics lc rgb '#dddddd'\n"
         << "set key below\n"
         << "set title " << gnuplot_quote(title) << " font 'sans,14'\n"
         << body;
  f.svg = inline_svg(draw_svg(id, script.str(), out, render), id + "-", title);
  doc.figure(f);
  ++figures;
}

}  // namespace daxbench::analysis
