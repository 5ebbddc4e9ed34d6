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

namespace daxbench::analysis {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string stddev_text(const Summary& s) {
  return "±" + fmt("%.1f", s.relative_stddev_percent()) + "%";
}

std::string ci_text(const MetricComparison& r) {
  if (!std::isfinite(r.ci.low) || !std::isfinite(r.ci.high)) return "n/a";
  // Appended, not "[" + std::string&&: GCC 12 warns (-Wrestrict) on that at -O3.
  std::string out = "[";
  out += format_change(r.ci.low);
  out += ", ";
  out += format_change(r.ci.high);
  return out + "]";
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

std::string clock_sentence(const Comparison& c) {
  return c.time_unit == "instruction-ns"
             ? "real_time in instruction-ns (QEMU icount, deterministic lab: 1 ns per guest "
               "instruction, no cache/TLB model)"
             : "real_time in ns (wall clock, CLOCK_MONOTONIC)";
}

std::string geomean_text(const Comparison& c) {
  if (c.geomean_benchmarks == 0) return "geometric mean of time ratios: n/a (no finite ratio)";
  return "geometric mean of time ratios new/base over " + std::to_string(c.geomean_benchmarks) +
         " benchmarks: " + fmt("%.4f", c.geomean_time_ratio) + " (" +
         format_change(c.geomean_time_ratio) + ")";
}

std::string verdict_summary(const Comparison& c) {
  std::string out;
  for (Verdict v :
       {Verdict::kRegressed, Verdict::kImproved, Verdict::kNoisy, Verdict::kUnchanged}) {
    auto it = c.verdict_counts.find(v);
    const size_t n = it == c.verdict_counts.end() ? 0 : it->second;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + to_string(v);
    if (v == Verdict::kUnchanged && c.unchanged_rows_hidden) out += " (rows hidden)";
  }
  return out;
}

size_t count_of(const Comparison& c, Verdict v) {
  auto it = c.verdict_counts.find(v);
  return it == c.verdict_counts.end() ? 0 : it->second;
}

bool changed(const MetricComparison& r) {
  return r.verdict == Verdict::kRegressed || r.verdict == Verdict::kImproved;
}

// The rows to print: every row in file order (--all), or the changed ones,
// times first, then counters, largest change first (as LKP sorts its mails).
std::vector<const MetricComparison*> shown_rows(const Comparison& c, const FormatOptions& f) {
  std::vector<const MetricComparison*> rows;
  for (const auto& r : c.rows)
    if (f.all || changed(r)) rows.push_back(&r);
  if (!f.all) order_largest_change_first(rows);
  return rows;
}

std::string not_shown_text(const Comparison& c, const FormatOptions& f) {
  if (f.all) return "";
  const size_t rest = c.rows.size() - shown_rows(c, f).size();
  if (rest == 0) return "";
  return std::to_string(rest) + " unchanged or noisy rows not shown (--all lists every row)";
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
  std::string out = std::to_string(count_of(c, Verdict::kRegressed)) + " regressed, " +
                    std::to_string(count_of(c, Verdict::kImproved)) + " improved, " +
                    std::to_string(count_of(c, Verdict::kUnchanged)) + " unchanged, " +
                    std::to_string(count_of(c, Verdict::kNoisy)) + " noisy; ";
  if (c.geomean_benchmarks == 0) return out + "geometric mean of time ratios n/a";
  return out + "geometric mean of time ratios " + fmt("%.3f", c.geomean_time_ratio);
}

std::string format_text(const Comparison& c, const CompareOptions& o, bool colour,
                        const FormatOptions& shown) {
  std::ostringstream out;
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  out << bold << summary_line(c) << reset << "\n"
      << "base: " << c.base_path << "\nnew:  " << c.new_path << "\n\n";
  for (const auto& w : c.warnings) out << "warning: " << w << "\n";
  if (!c.warnings.empty()) out << "\n";

  out << clock_sentence(c) << "; counters as named. %change = new/base - 1 of the medians, "
      << "[95% CI] by bootstrap (seed " << o.seed << "), p = two-sided Mann-Whitney U; "
      << "threshold " << fmt("%g", o.threshold * 100) << "%, alpha " << fmt("%g", o.alpha)
      << ".\n\n";
  const auto rows = shown_rows(c, shown);
  if (rows.empty()) {
    out << "No metric changed beyond the threshold.\n";
  } else {
    out << pad_left("base", 14) << pad_left("±stddev", 9) << pad_left("%change", 10)
        << pad_left("[95% CI]", 20) << pad_left("new", 14) << pad_left("±stddev", 9)
        << pad_left("p-value", 9) << "  " << pad_right("verdict", 10) << "  metric\n";
    for (const auto* r : rows) {
      const char* vc = colour ? colour_of(r->verdict) : "";
      out << pad_left(format_value(r->base.median), 14) << pad_left(stddev_text(r->base), 9) << vc
          << pad_left(format_change(r->ratio), 10) << reset << pad_left(ci_text(*r), 20)
          << pad_left(format_value(r->neu.median), 14) << pad_left(stddev_text(r->neu), 9)
          << pad_left(p_text(r->test.p_value), 9) << "  " << vc
          << pad_right(to_string(r->verdict), 10) << reset << "  " << r->label() << "\n";
    }
  }
  if (const std::string rest = not_shown_text(c, shown); !rest.empty()) out << rest << "\n";
  out << "\n" << geomean_text(c) << "\n";
  out << "verdicts: " << verdict_summary(c) << " (" << c.benchmarks_compared
      << " benchmarks compared)\n";
  for (const auto& n : c.notes) out << "note: " << n << "\n";

  size_t differing_keys = 0;
  for (const auto& e : c.environment) differing_keys += e.differs();
  out << "\nenvironment ("
      << (differing_keys ? std::to_string(differing_keys) +
                               (differing_keys == 1 ? " key differs" : " keys differ")
                         : std::string("no differences"))
      << (shown.verbose ? "" : "; --verbose shows every key") << "):\n";
  size_t width = 0;
  for (const auto& e : c.environment) width = std::max(width, e.key.size());
  for (bool differing : {true, false}) {
    for (const auto& e : c.environment) {
      if (e.differs() != differing) continue;
      if (differing) {
        out << (colour ? "\033[1;33m" : "") << "! " << pad_right(e.key, width)
            << "  base: " << (e.base.empty() ? "(absent)" : e.base) << "\n"
            << "  " << std::string(width, ' ') << "  new:  " << (e.neu.empty() ? "(absent)" : e.neu)
            << reset << "\n";
      } else if (shown.verbose && !e.base.empty()) {
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
  out << "## Comparison\n\n**" << summary_line(c) << "**\n\n"
      << "- base: `" << c.base_path << "`\n"
      << "- new: `" << c.new_path << "`\n"
      << "- " << clock_sentence(c) << "\n"
      << "- %change = new/base - 1 of the medians; 95 % CI by bootstrap (seed " << o.seed
      << "); p = two-sided Mann-Whitney U; threshold " << fmt("%g", o.threshold * 100)
      << " %, alpha " << fmt("%g", o.alpha) << "\n\n";
  for (const auto& w : c.warnings) out << "> warning: " << cell(w) << "\n>\n";
  if (!c.warnings.empty()) out << "\n";
  out << "### Results\n\n";
  const auto rows = shown_rows(c, shown);
  if (rows.empty()) {
    out << "No metric changed beyond the threshold.\n";
  } else {
    out << "| base | ±stddev | %change | 95% CI | new | ±stddev | p-value | verdict | metric |\n"
        << "|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
    for (const auto* r : rows) {
      const bool flagged = changed(*r);
      out << "| " << format_value(r->base.median) << " | " << stddev_text(r->base) << " | "
          << format_change(r->ratio) << " | " << ci_text(*r) << " | " << format_value(r->neu.median)
          << " | " << stddev_text(r->neu) << " | " << p_text(r->test.p_value) << " | "
          << (flagged ? "**" : "") << to_string(r->verdict) << (flagged ? "**" : "") << " | `"
          << cell(r->label()) << "` |\n";
    }
  }
  if (const std::string rest = not_shown_text(c, shown); !rest.empty())
    out << "\n" << rest << ".\n";
  out << "\n" << geomean_text(c) << "; verdicts: " << verdict_summary(c) << ".\n";
  for (const auto& n : c.notes) out << "\n" << cell(n) << "\n";
  out << "\n### Environment\n\n";
  size_t differing = 0;
  for (const auto& e : c.environment) differing += e.differs();
  if (!differing && !shown.verbose) {
    out << "No differences in the keys compared (--verbose lists them).\n";
  } else {
    out << "| key | base | new |\n|---|---|---|\n";
    for (bool differs : {true, false}) {
      for (const auto& e : c.environment) {
        if (e.differs() != differs || (e.base.empty() && e.neu.empty())) continue;
        if (!differs && !shown.verbose) continue;
        out << "| " << (differs ? "**" + cell(e.key) + "** (differs)" : cell(e.key)) << " | `"
            << cell(e.base) << "` | `" << cell(e.neu) << "` |\n";
      }
    }
    if (!shown.verbose) out << "\nOnly the keys that differ; --verbose lists every key.\n";
  }
  const auto one_sided = one_sided_counters(c, shown);
  if (!c.only_in_base.empty() || !c.only_in_new.empty() || !c.not_compared.empty() ||
      !one_sided.empty()) {
    out << "\n### Not compared\n\n";
    for (const auto& n : c.only_in_base) out << "- `" << cell(n) << "`: only in base\n";
    for (const auto& n : c.only_in_new) out << "- `" << cell(n) << "`: only in new\n";
    for (const auto& [n, why] : c.not_compared)
      out << "- `" << cell(n) << "`: " << cell(why) << "\n";
    for (const auto& l : one_sided) out << "- " << cell(l) << "\n";
  }
  return out.str();
}

std::string format_json(const Comparison& c, const CompareOptions& o) {
  auto summary = [](const Summary& s) {
    Json j;
    j["n"] = s.n;
    j["median"] = s.median;
    j["mean"] = s.mean;
    j["stddev"] = s.stddev;
    j["relative_stddev_percent"] = s.relative_stddev_percent();
    j["min"] = s.min;
    j["max"] = s.max;
    return j;
  };
  auto finite_or_null = [](double v) { return std::isfinite(v) ? Json(v) : Json(); };
  Json j;
  j["base"] = c.base_path;
  j["new"] = c.new_path;
  j["time_unit"] = c.time_unit;
  j["options"] = {{"threshold", o.threshold},
                  {"alpha", o.alpha},
                  {"confidence", o.confidence},
                  {"seed", o.seed},
                  {"resamples", o.resamples}};
  j["environment"] = Json::array();
  for (const auto& e : c.environment) {
    j["environment"].push_back(
        {{"key", e.key}, {"base", e.base}, {"new", e.neu}, {"differs", e.differs()}});
  }
  j["warnings"] = c.warnings;
  j["notes"] = c.notes;
  j["metrics"] = Json::array();
  for (const auto& r : c.rows) {
    Json m;
    m["benchmark"] = r.benchmark;
    m["metric"] = r.metric;
    m["unit"] = r.unit;
    m["direction"] = to_string(r.direction);
    m["base"] = summary(r.base);
    m["new"] = summary(r.neu);
    m["ratio"] = finite_or_null(r.ratio);
    m["change_percent"] = finite_or_null((r.ratio - 1) * 100);
    m["ci"] = {{"low", finite_or_null(r.ci.low)},
               {"high", finite_or_null(r.ci.high)},
               {"confidence", o.confidence}};
    m["mann_whitney"] = {{"u", r.test.u}, {"p_value", r.test.p_value}, {"exact", r.test.exact}};
    m["p_value"] = r.test.p_value;
    m["verdict"] = to_string(r.verdict);
    j["metrics"].push_back(m);
  }
  j["geometric_mean_time_ratio"] = {{"value", finite_or_null(c.geomean_time_ratio)},
                                    {"benchmarks", c.geomean_benchmarks}};
  Json counts = Json::object();
  for (Verdict v :
       {Verdict::kRegressed, Verdict::kImproved, Verdict::kNoisy, Verdict::kUnchanged}) {
    auto it = c.verdict_counts.find(v);
    counts[to_string(v)] = it == c.verdict_counts.end() ? 0 : it->second;
  }
  j["verdicts"] = counts;
  j["benchmarks_compared"] = c.benchmarks_compared;
  j["only_in_base"] = c.only_in_base;
  j["only_in_new"] = c.only_in_new;
  j["not_compared"] = Json::array();
  for (const auto& [n, why] : c.not_compared) {
    j["not_compared"].push_back({{"name", n}, {"reason", why}});
  }
  j["counters_only_in_base"] = c.counters_only_in_base;
  j["counters_only_in_new"] = c.counters_only_in_new;
  j["regressed"] = c.any_regressed();
  return j.dump(2) + "\n";
}

}  // namespace daxbench::analysis
