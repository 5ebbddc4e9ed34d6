// Output of `daxbench compare`: an aligned table laid out like 0-day/LKP
// regression reports (base, %stddev, %change, new, %stddev, metric), with the
// confidence interval, p-value and verdict added; Markdown; JSON.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

#include "analysis/compare.h"
#include "analysis/units.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

std::string stddev_text(const Summary& s) {
  return "±" + fmt("%.1f", s.relative_stddev_percent()) + "%";
}

std::string p_text(double p) { return p < 0.001 ? fmt("%.1e", p) : fmt("%.3f", p); }

std::string pad_left(const std::string& s, size_t width) {
  // "±" is two bytes but one column.
  size_t columns = 0;
  for (unsigned char c : s) columns += (c & 0xC0) != 0x80;
  return columns >= width ? s : std::string(width - columns, ' ') + s;
}

std::string pad_right(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

const char* colour_of(Verdict v) {
  switch (v) {
    case Verdict::kRegressed:
      return "\033[1;31m";
    case Verdict::kImproved:
      return "\033[1;32m";
    case Verdict::kNoisy:
      return "\033[33m";
    case Verdict::kUnchanged:
      return "";
  }
  return "";
}

size_t count_of(const Comparison& c, Verdict v) {
  auto it = c.verdict_counts.find(v);
  return it == c.verdict_counts.end() ? 0 : it->second;
}

// Counters one side lacks, collapsed: one line per side with the count and
// the first names; every name with its benchmark count under --all.
std::vector<std::string> one_sided_counters(const Comparison& c, const FormatOptions& f) {
  std::vector<std::string> out;
  bool normalisations = false;
  for (const auto* side : {&c.counters_only_in_base, &c.counters_only_in_new}) {
    if (side->empty()) continue;
    const bool base = side == &c.counters_only_in_base;
    size_t entries = 0;
    std::set<std::string> benchmarks;
    for (const auto& [name, in] : *side) {
      entries += in.size();
      benchmarks.insert(in.begin(), in.end());
      normalisations = normalisations || name.find("_per_") != std::string::npos;
    }
    constexpr size_t kNamesShown = 6;
    std::string names;
    size_t listed = 0;
    for (const auto& [name, in] : *side) {
      if (!f.all && listed == kNamesShown) break;
      names += (names.empty() ? "" : ", ") + name + " (" + std::to_string(in.size()) + ")";
      ++listed;
    }
    if (listed < side->size())
      names += " and " + std::to_string(side->size() - listed) + " more (--all lists them)";
    out.push_back(std::to_string(entries) + " counter values only in " +
                  (base ? "base (" + c.base_path : "new (" + c.new_path) + "), " +
                  std::to_string(side->size()) + (side->size() == 1 ? " name in " : " names in ") +
                  std::to_string(benchmarks.size()) + " benchmarks: " + names);
  }
  if (normalisations)
    out.push_back(
        "results written before December 2026 carry every normalisation of each counter, newer "
        "ones only the family's (docs/results-format.md); the common ones were compared");
  return out;
}

}  // namespace

std::string summary_line(const Comparison& c) {
  std::string out = std::to_string(count_of(c, Verdict::kRegressed)) + " benchmarks regressed, " +
                    std::to_string(count_of(c, Verdict::kImproved)) + " improved, " +
                    std::to_string(count_of(c, Verdict::kUnchanged)) + " unchanged";
  if (const size_t noisy = count_of(c, Verdict::kNoisy))
    out += ", " + std::to_string(noisy) + " noisy";
  return out;
}

namespace {

constexpr size_t kMailColumns = 80;

size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

// "label:    text" wrapped at `width` on spaces, continuation lines indented
// under the text; a word longer than a line is never cut.
std::string wrap(const std::string& label, const std::string& text, size_t width) {
  const std::string indent(10, ' ');
  std::string out, line = pad_right(label.empty() ? "" : label + ":", 10);
  bool first_word = true;
  std::istringstream words(text);
  for (std::string w; words >> w;) {
    if (!first_word && columns(line) + 1 + columns(w) > width) {
      out += line + "\n";
      line = indent + w;
    } else {
      line += (first_word ? "" : " ") + w;
    }
    first_word = false;
  }
  return out + line + "\n";
}

std::string percent(double v) { return fmt("%.1f", v) + " %"; }

std::string unit_per(const Comparison& c, const BenchmarkComparison& b) {
  if (b.rate) return "bytes per second";
  return c.unit + " per " + b.per;
}

// The unit every time row shares ("instructions per fault"), or "" when
// they differ (each row then says its own).
std::string shared_unit(const Comparison& c, const std::vector<const RowGroup*>& rows) {
  std::set<std::string> units;
  for (const auto* g : rows) units.insert(unit_per(c, c.benchmarks[g->representative]));
  return units.size() == 1 ? *units.begin() : "";
}

bool group_changed(const RowGroup& g) {
  return g.verdict == Verdict::kRegressed || g.verdict == Verdict::kImproved;
}

std::vector<const RowGroup*> shown_groups(const Comparison& c, const FormatOptions& f) {
  std::vector<const RowGroup*> out;
  for (const auto& g : c.groups)
    if (f.all || group_changed(g)) out.push_back(&g);
  return out;
}

// p carries no information when every changed row sits at the smallest p
// its sample sizes allow: then it is said once, not on every row.
std::string p_floor_sentence(const Comparison& c, const std::vector<const RowGroup*>& rows) {
  std::set<std::pair<size_t, size_t>> sizes;
  bool any = false;
  for (const auto* g : rows) {
    for (size_t i : g->members) {
      const auto& b = c.benchmarks[i];
      if (!group_changed(*g)) continue;
      any = true;
      const double floor = mann_whitney_min_p_value(b.base.n, b.neu.n);
      if (!b.test.exact || b.test.p_value > floor * (1 + 1e-9)) return "";
      sizes.insert({b.base.n, b.neu.n});
    }
  }
  if (!any || sizes.size() != 1) return "";
  const auto [nb, nn] = *sizes.begin();
  return "at its floor for n=" + std::to_string(nb) + "/" + std::to_string(nn) + " (" +
         fmt("%.3f", mann_whitney_min_p_value(nb, nn)) + ", Mann-Whitney U) on every changed row";
}

// A CI narrower than 0.1 point of %change says nothing the median does not.
bool ci_informative(const BenchmarkComparison& b) {
  return std::isfinite(b.ci.low) && std::isfinite(b.ci.high) && b.ci.high - b.ci.low >= 0.001;
}

std::string group_ci_text(const Comparison& c, const RowGroup& g) {
  const auto& b = c.benchmarks[g.representative];
  // A group's %change is its members' range; one member's CI beside it misleads.
  if (!ci_informative(b) || (g.members.size() > 1 && g.high - g.low >= 0.001)) return "";
  return "[" + fmt("%+.1f", (b.ci.low - 1) * 100) + "," + fmt("%+.1f", (b.ci.high - 1) * 100) + "]";
}

// %change of a group: its representative's, with the members' range when
// they spread by 0.1 point or more.
std::string group_change(const Comparison& c, const RowGroup& g) {
  std::string out = format_change(c.benchmarks[g.representative].ratio);
  if (g.members.size() > 1 && (g.high - g.low) >= 0.001)
    out = fmt("%+.1f", (g.low - 1) * 100) + ".." + fmt("%+.1f%%", (g.high - 1) * 100);
  return out;
}

std::string value_text(double v) { return humanize_count(v); }

struct Header {
  std::vector<std::pair<std::string, std::string>> lines;  // label, text
};

Header header(const Comparison& c, const CompareOptions& o,
              const std::vector<const RowGroup*>& rows) {
  Header h;
  h.lines.push_back({"base", c.base_kernel});
  h.lines.push_back({"new", c.new_kernel});
  h.lines.push_back({"testcase", c.testcase});
  h.lines.push_back({"machine", c.machine});
  h.lines.push_back({"clock", c.unit == "instructions"
                                  ? "instructions (QEMU icount; no cache or TLB model)"
                                  : "ns (wall clock, CLOCK_MONOTONIC)"});
  h.lines.push_back({"noise", "stddev <= " + percent(c.noise_max_percent) + " (median " +
                                  percent(c.noise_median_percent) + "), " + c.boots +
                                  "; threshold " + fmt("%g", o.threshold * 100) + " %"});
  if (const std::string p = p_floor_sentence(c, rows); !p.empty()) h.lines.push_back({"p", p});
  for (const auto& w : c.warnings) h.lines.push_back({"warning", w});
  h.lines.push_back({"result", summary_line(c)});
  return h;
}

std::string geomean_line(const Comparison& c) {
  std::string out;
  for (const auto& g : c.geomeans)
    out += (out.empty() ? "" : ", ") + g.name + " " + format_change(g.ratio);
  return out;
}

std::string elsewhere_line(const Comparison& c) {
  std::string out;
  if (!c.only_in_base.empty()) out += std::to_string(c.only_in_base.size()) + " only in base";
  if (!c.only_in_new.empty())
    out += (out.empty() ? "" : ", ") + std::to_string(c.only_in_new.size()) + " only in new";
  if (!c.not_compared.empty())
    out += (out.empty() ? "" : ", ") + std::to_string(c.not_compared.size()) + " not compared";
  return out.empty() ? "" : out + " (--verbose lists them)";
}

// What only --verbose shows: notes, the environment, the one-sided lists.
std::string verbose_text(const Comparison& c, const FormatOptions& shown, bool colour) {
  std::ostringstream out;
  const char* reset = colour ? "\033[0m" : "";
  for (const auto& n : c.notes) out << "note: " << n << "\n";
  size_t width = 0;
  for (const auto& e : c.environment) width = std::max(width, e.key.size());
  out << "\nenvironment (! marks a key that differs):\n";
  for (bool differing : {true, false}) {
    for (const auto& e : c.environment) {
      if (e.differs() != differing) continue;
      if (differing) {
        out << (colour ? "\033[1;33m" : "") << "! " << pad_right(e.key, width)
            << "  base: " << (e.base.empty() ? "(absent)" : e.base) << "\n"
            << "  " << std::string(width, ' ') << "  new:  " << (e.neu.empty() ? "(absent)" : e.neu)
            << reset << "\n";
      } else if (!e.base.empty()) {
        out << "  " << pad_right(e.key, width) << "  " << e.base << "\n";
      }
    }
  }
  if (!c.only_in_base.empty()) {
    out << "\nonly in base (" << c.base_path << "):\n";
    for (const auto& n : c.only_in_base) out << "  " << n << "\n";
  }
  if (!c.only_in_new.empty()) {
    out << "\nonly in new (" << c.new_path << "):\n";
    for (const auto& n : c.only_in_new) out << "  " << n << "\n";
  }
  if (!c.not_compared.empty()) {
    out << "\nnot compared:\n";
    for (const auto& [name, reason] : c.not_compared) out << "  " << name << ": " << reason << "\n";
  }
  if (const auto lines = one_sided_counters(c, shown); !lines.empty()) {
    out << "\n";
    for (const auto& l : lines) out << l << "\n";
  }
  out << "\nrows: benchmarks of one scenario measured twice (dax-inode and dax-always; "
         "pagecache and dax-inode-off; pte and pmd on the page cache) share a row, "
         "\"(xN)\", when their changes agree within the threshold "
         "(docs/analysis.md: compare)\n";
  for (const auto& g : c.groups) {
    if (g.members.size() < 2) continue;
    out << "  " << g.name << ":";
    for (size_t i : g.members) out << " " << c.benchmarks[i].short_name;
    out << "\n";
  }
  return out.str();
}

}  // namespace

std::string format_text(const Comparison& c, const CompareOptions& o, bool colour,
                        const FormatOptions& shown) {
  std::ostringstream out;
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  const auto rows = shown_groups(c, shown);
  for (const auto& [label, text] : header(c, o, rows).lines) {
    const bool result = label == "result";
    out << (result ? bold : "") << wrap(label, text, kMailColumns) << (result ? reset : "");
  }
  out << "\n";
  const bool p_once = !p_floor_sentence(c, rows).empty();
  bool any_ci = false;
  for (const auto* g : rows) any_ci = any_ci || !group_ci_text(c, *g).empty();
  const std::string unit = shared_unit(c, rows);
  if (rows.empty()) {
    out << "No benchmark changed beyond the threshold.\n";
  } else {
    out << pad_left("base", 9) << pad_left("±stddev", 9) << pad_left("%change", 14)
        << (any_ci ? pad_left("95% CI", 14) : "") << pad_left("new", 9) << pad_left("±stddev", 9)
        << (p_once ? "" : pad_left("p", 8)) << "  " << (unit.empty() ? "benchmark" : unit) << "\n";
    for (const auto* g : rows) {
      const auto& b = c.benchmarks[g->representative];
      const char* vc = colour ? colour_of(g->verdict) : "";
      out << pad_left(value_text(b.base.median), 9) << pad_left(stddev_text(b.base), 9) << vc
          << pad_left(group_change(c, *g), 14) << reset
          << (any_ci ? pad_left(group_ci_text(c, *g), 14) : "")
          << pad_left(value_text(b.neu.median), 9) << pad_left(stddev_text(b.neu), 9)
          << (p_once ? "" : pad_left(p_text(b.test.p_value), 8)) << "  " << g->name
          << (unit.empty() ? " (" + unit_per(c, b) + ")" : "")
          << (group_changed(*g) ? "" : std::string(" (") + to_string(g->verdict) + ")") << "\n";
    }
  }
  if (!c.counter_rows.empty()) {
    out << "\n"
        << pad_left("base", 9) << pad_left("%change", 14) << pad_left("new", 9) << "  counter\n";
    for (const auto& r : c.counter_rows) {
      const auto& m = r.members[r.members.size() / 2];
      out << pad_left(value_text(m.base.median), 9) << pad_left(r.change, 14)
          << pad_left(value_text(m.neu.median), 9) << "  " << r.name << ": " << r.counter << "\n";
    }
  }
  out << "\n" << wrap("geomean", geomean_line(c), kMailColumns);
  if (const std::string rest = elsewhere_line(c); !rest.empty())
    out << "\n" << wrap("", rest, kMailColumns);
  if (shown.verbose) out << verbose_text(c, shown, colour);
  return out.str();
}

std::string format_mail(const Comparison& c, const CompareOptions& o, const FormatOptions& shown) {
  std::ostringstream out;
  const auto rows = shown_groups(c, shown);
  if (shown.header) {
    for (const auto& [label, text] : header(c, o, rows).lines)
      out << wrap(label, text, kMailColumns);
    out << "\n";
  }
  const std::string unit = shared_unit(c, rows);
  if (!unit.empty()) out << wrap("values", unit + "; median of each side", kMailColumns);
  out << wrap("geomean", geomean_line(c), kMailColumns) << "\n";
  if (rows.empty()) {
    out << "No benchmark changed beyond the threshold.\n";
    return out.str();
  }
  // LKP's layout: base ±%stddev %change new ±%stddev metric.
  auto row = [&](const std::string& base, const std::string& sb, const std::string& change,
                 const std::string& neu, const std::string& sn, const std::string& name) {
    std::string line = pad_left(base, 8) + pad_left(sb, 6) + pad_left(change, 14) +
                       pad_left(neu, 8) + pad_left(sn, 6) + "  ";
    if (columns(line) + columns(name) <= kMailColumns) return line + name + "\n";
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n" + wrap("", name, kMailColumns);
  };
  out << row("base", "±%sd", "%change", "new", "±%sd", "metric");
  for (const auto* g : rows) {
    const auto& b = c.benchmarks[g->representative];
    out << row(value_text(b.base.median), fmt("±%.1f", b.base.relative_stddev_percent()),
               group_change(c, *g), value_text(b.neu.median),
               fmt("±%.1f", b.neu.relative_stddev_percent()),
               g->name + (unit.empty() ? " (" + unit_per(c, b) + ")" : ""));
  }
  if (!c.counter_rows.empty()) {
    out << "\n";
    for (const auto& r : c.counter_rows) {
      const auto& m = r.members[r.members.size() / 2];
      out << row(value_text(m.base.median), "", r.change, value_text(m.neu.median), "",
                 r.name + ": " + r.counter);
    }
  }
  if (const std::string rest = elsewhere_line(c); !rest.empty())
    out << "\n" << wrap("", rest, kMailColumns);
  return out.str();
}

std::string format_markdown(const Comparison& c, const CompareOptions& o,
                            const FormatOptions& shown) {
  std::ostringstream out;
  auto cell = [](std::string s) {
    std::string r;
    for (char ch : s) {
      if (ch == '|')
        r += "\\|";
      else if (ch == '\n')
        r += ' ';
      else
        r += ch;
    }
    return r;
  };
  const auto rows = shown_groups(c, shown);
  out << "## Comparison\n\n**" << summary_line(c) << "**\n\n";
  for (const auto& [label, text] : header(c, o, rows).lines)
    if (label != "result") out << "- " << label << ": " << cell(text) << "\n";
  out << "- geometric mean per group: " << cell(geomean_line(c)) << "\n\n";
  const bool p_once = !p_floor_sentence(c, rows).empty();
  const std::string unit = shared_unit(c, rows);
  if (rows.empty()) {
    out << "No benchmark changed beyond the threshold.\n";
  } else {
    out << "| base | ±%stddev | %change | 95% CI | new | ±%stddev |" << (p_once ? "" : " p |")
        << " " << (unit.empty() ? "benchmark" : cell(unit)) << " |\n"
        << "|---:|---:|---:|---:|---:|---:|" << (p_once ? "" : "---:|") << "---|\n";
    for (const auto* g : rows) {
      const auto& b = c.benchmarks[g->representative];
      const bool flagged = group_changed(*g);
      out << "| " << value_text(b.base.median) << " | " << stddev_text(b.base) << " | "
          << (flagged ? "**" : "") << group_change(c, *g) << (flagged ? "**" : "") << " | "
          << group_ci_text(c, *g) << " | " << value_text(b.neu.median) << " | "
          << stddev_text(b.neu) << " |" << (p_once ? "" : " " + p_text(b.test.p_value) + " |")
          << " " << cell(g->name) << (unit.empty() ? " (" + unit_per(c, b) + ")" : "")
          << (flagged ? "" : std::string(" (") + to_string(g->verdict) + ")") << " |\n";
    }
  }
  if (!c.counter_rows.empty()) {
    out << "\n| base | %change | new | counter |\n|---:|---:|---:|---|\n";
    for (const auto& r : c.counter_rows) {
      const auto& m = r.members[r.members.size() / 2];
      out << "| " << value_text(m.base.median) << " | " << r.change << " | "
          << value_text(m.neu.median) << " | " << cell(r.name) << ": `" << r.counter << "` |\n";
    }
  }
  if (const std::string rest = elsewhere_line(c); !rest.empty()) out << "\n" << rest << "\n";
  if (shown.verbose) out << "\n```\n" << verbose_text(c, shown, false) << "```\n";
  return out.str();
}

namespace {

// JSON has no NaN or infinity: a ratio without a value is null.
Json finite_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(); }

Json summary_json(const Summary& s) {
  Json j;
  j["n"] = s.n;
  j["median"] = s.median;
  j["mean"] = s.mean;
  j["stddev"] = s.stddev;
  j["relative_stddev_percent"] = s.relative_stddev_percent();
  j["min"] = s.min;
  j["max"] = s.max;
  return j;
}

Json options_json(const CompareOptions& o) {
  return {{"threshold", o.threshold},
          {"alpha", o.alpha},
          {"confidence", o.confidence},
          {"seed", o.seed},
          {"resamples", o.resamples}};
}

Json environment_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& e : c.environment) {
    out.push_back({{"key", e.key}, {"base", e.base}, {"new", e.neu}, {"differs", e.differs()}});
  }
  return out;
}

Json metric_json(const MetricComparison& r, const CompareOptions& o) {
  Json m;
  m["benchmark"] = r.benchmark;
  m["metric"] = r.metric;
  m["unit"] = r.unit;
  m["direction"] = to_string(r.direction);
  m["base"] = summary_json(r.base);
  m["new"] = summary_json(r.neu);
  m["ratio"] = finite_or_null(r.ratio);
  m["change_percent"] = finite_or_null((r.ratio - 1) * 100);
  m["ci"] = {{"low", finite_or_null(r.ci.low)},
             {"high", finite_or_null(r.ci.high)},
             {"confidence", o.confidence}};
  m["mann_whitney"] = {{"u", r.test.u}, {"p_value", r.test.p_value}, {"exact", r.test.exact}};
  m["p_value"] = r.test.p_value;
  m["verdict"] = to_string(r.verdict);
  return m;
}

Json metrics_json(const Comparison& c, const CompareOptions& o) {
  Json out = Json::array();
  for (const auto& r : c.rows) out.push_back(metric_json(r, o));
  return out;
}

// Benchmarks by verdict, the one count (summary_line says the same).
Json verdict_counts_json(const Comparison& c) {
  Json counts = Json::object();
  for (Verdict v :
       {Verdict::kRegressed, Verdict::kImproved, Verdict::kNoisy, Verdict::kUnchanged}) {
    counts[to_string(v)] = count_of(c, v);
  }
  return counts;
}

Json header_json(const Comparison& c) {
  return {{"base_kernel", c.base_kernel},
          {"new_kernel", c.new_kernel},
          {"testcase", c.testcase},
          {"machine", c.machine},
          {"boots", c.boots},
          {"unit", c.unit},
          {"noise_max_percent", c.noise_max_percent},
          {"noise_median_percent", c.noise_median_percent}};
}

Json benchmark_json(const Comparison& c, const BenchmarkComparison& b) {
  return {{"benchmark", b.benchmark},
          {"short_name", b.short_name},
          {"scenario", b.scenario},
          {"per", b.rate ? "byte/s" : b.per},
          {"unit", b.rate ? "bytes per second" : c.unit + " per " + b.per},
          {"base", summary_json(b.base)},
          {"new", summary_json(b.neu)},
          {"ratio", finite_or_null(b.ratio)},
          {"ci", {{"low", finite_or_null(b.ci.low)}, {"high", finite_or_null(b.ci.high)}}},
          {"p_value", b.test.p_value},
          {"verdict", to_string(b.verdict)}};
}

Json benchmarks_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& b : c.benchmarks) out.push_back(benchmark_json(c, b));
  return out;
}

Json row_groups_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& g : c.groups) {
    Json members = Json::array();
    for (size_t i : g.members) members.push_back(c.benchmarks[i].benchmark);
    out.push_back({{"name", g.name},
                   {"verdict", to_string(g.verdict)},
                   {"ratio", finite_or_null(c.benchmarks[g.representative].ratio)},
                   {"low", finite_or_null(g.low)},
                   {"high", finite_or_null(g.high)},
                   {"members", members}});
  }
  return out;
}

Json counter_rows_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& r : c.counter_rows) {
    Json members = Json::array();
    for (const auto& m : r.members) members.push_back(m.benchmark);
    out.push_back(
        {{"name", r.name}, {"counter", r.counter}, {"change", r.change}, {"members", members}});
  }
  return out;
}

Json geomeans_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& g : c.geomeans)
    out.push_back(
        {{"group", g.name}, {"ratio", finite_or_null(g.ratio)}, {"benchmarks", g.benchmarks}});
  return out;
}

Json not_compared_json(const Comparison& c) {
  Json out = Json::array();
  for (const auto& [n, why] : c.not_compared) {
    out.push_back({{"name", n}, {"reason", why}});
  }
  return out;
}

}  // namespace

std::string format_json(const Comparison& c, const CompareOptions& o) {
  Json j;
  j["base"] = c.base_path;
  j["new"] = c.new_path;
  j["time_unit"] = c.time_unit;
  j["options"] = options_json(o);
  j["environment"] = environment_json(c);
  j["warnings"] = c.warnings;
  j["notes"] = c.notes;
  j["metrics"] = metrics_json(c, o);
  j["geometric_mean_time_ratio"] = {{"value", finite_or_null(c.geomean_time_ratio)},
                                    {"benchmarks", c.geomean_benchmarks}};
  j["verdicts"] = verdict_counts_json(c);
  j["summary"] = summary_line(c);
  j["benchmarks_compared"] = c.benchmarks_compared;
  j["header"] = header_json(c);
  j["benchmarks"] = benchmarks_json(c);
  j["rows"] = row_groups_json(c);
  j["counter_rows"] = counter_rows_json(c);
  j["geometric_means"] = geomeans_json(c);
  j["only_in_base"] = c.only_in_base;
  j["only_in_new"] = c.only_in_new;
  j["not_compared"] = not_compared_json(c);
  j["counters_only_in_base"] = c.counters_only_in_base;
  j["counters_only_in_new"] = c.counters_only_in_new;
  j["regressed"] = c.any_regressed();
  return j.dump(2) + "\n";
}

}  // namespace daxbench::analysis
