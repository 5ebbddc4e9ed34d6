#include "analysis/trend.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "analysis/compare_scenarios.h"
#include "analysis/families.h"
#include "analysis/profile_section.h"
#include "analysis/report.h"
#include "analysis/short_names.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

// Profile deltas listed per change point: the few functions that moved most.
constexpr size_t kProfileMoves = 4;

bool is_change(Verdict v) { return v == Verdict::kRegressed || v == Verdict::kImproved; }

// "handle_mm_fault_calls_per_page_touched" -> "handle_mm_fault_calls per page touched".
std::string counter_text(const std::string& metric) {
  const size_t at = metric.rfind("_per_");
  if (at == std::string::npos) return metric;
  std::string unit = metric.substr(at + 5);
  std::replace(unit.begin(), unit.end(), '_', ' ');
  return metric.substr(0, at) + " per " + unit;
}

// The compared benchmarks of one pair, by name.
std::map<std::string, const BenchmarkComparison*> by_name(const Comparison& c) {
  std::map<std::string, const BenchmarkComparison*> out;
  for (const auto& b : c.benchmarks) out[b.benchmark] = &b;
  return out;
}

struct Candidate {
  const BenchmarkResult* first = nullptr;  // in runs[0]
  std::vector<double> values;
  std::vector<Verdict> verdicts;  // per pair
  std::string per;
  bool rate = false;
};

// One benchmark across every kernel: per fault only when every kernel
// counted the same faults per iteration (else per the family's unit, as
// compare does for a pair whose faults differ).
Candidate measure(const std::vector<Results>& runs, const BenchmarkResult& b,
                  const std::vector<std::map<std::string, const BenchmarkComparison*>>& judged) {
  Candidate c;
  c.first = &b;
  const double faults = faults_per_iteration(b);
  bool per_fault = faults > 0;
  for (const auto& r : runs)
    per_fault = per_fault && faults_per_iteration(*r.find(b.name)) == faults;
  for (const auto& r : runs) {
    const HeadlineValues h = headline_values(r, *r.find(b.name), per_fault);
    c.values.push_back(h.samples.empty() ? std::numeric_limits<double>::quiet_NaN()
                                         : median(h.samples));
    c.per = h.per;
    c.rate = h.rate;
  }
  for (const auto& j : judged) c.verdicts.push_back(j.at(b.name)->verdict);
  return c;
}

// Members of one scenario class agree when every pair gives them the same
// verdict and every kernel's value is within the threshold of the first's.
bool agree(const Candidate& a, const Candidate& z, double threshold) {
  if (a.verdicts != z.verdicts) return false;
  for (size_t k = 0; k < a.values.size(); ++k)
    if (!(std::fabs(z.values[k] / a.values[k] - 1) <= threshold)) return false;
  return true;
}

std::vector<TrendMove> counter_moves(const Comparison& c, const Results& base,
                                     const std::string& benchmark) {
  const BenchmarkResult* b = base.find(benchmark);
  const FamilyPresentation p = family_view(base, b->family()).presentation;
  std::set<std::string> shown;
  for (const auto& [column, metric] : shown_counters(*b, p)) shown.insert(metric->name);
  std::vector<const MetricComparison*> moved;
  for (const auto& m : c.rows)
    if (m.benchmark == benchmark && shown.count(m.metric) &&
        (!m.presence().empty() || is_change(m.verdict)))
      moved.push_back(&m);
  order_largest_change_first(moved);
  std::vector<TrendMove> out;
  for (const auto* m : moved) {
    const std::string presence = m->presence();
    out.push_back({counter_text(m->metric), m->base.median, m->neu.median,
                   presence.empty() ? format_change(m->ratio) : presence});
  }
  return out;
}

void profile_moves(const Results& base, const Results& neu, const std::string& benchmark,
                   TrendChange& change) {
  const BenchmarkResult* b = base.find(benchmark);
  const BenchmarkResult* n = neu.find(benchmark);
  if (b->profiles.empty() || n->profiles.empty()) return;  // not profiled: nothing to say
  const ProfileDiff d = diff_profiles(base, neu, benchmark);
  if (!d.error.empty()) {
    change.profile_note = d.error;
    return;
  }
  for (const auto& row : d.rows) {
    if (!row.above_noise()) continue;
    change.profile.push_back({row.symbol, row.base_percent, row.new_percent,
                              (row.delta >= 0 ? "+" : "") + fmt("%.1f", row.delta) + " pp"});
    if (change.profile.size() == kProfileMoves) break;
  }
  if (change.profile.empty())
    change.profile_note = "no kernel function moved above the profile's noise (" +
                          fmt("%.1f", d.noise_floor) + " pp floor)";
}

std::map<std::string, std::string> config_options(const Results& r, std::string& unknown) {
  std::map<std::string, std::string> out;
  const auto it = r.context.find("kernel_config");
  if (it == r.context.end() || !it->is_object()) {
    unknown = "not recorded (results from before kernel_config)";
    return out;
  }
  const std::string source = it->value("source", "");
  // "unknown: what was tried; why not; ...": its first reason is enough here.
  if (source.rfind("unknown", 0) == 0) unknown = source.substr(0, source.find("; "));
  if (const auto o = it->find("options"); o != it->end() && o->is_object())
    for (const auto& [k, v] : o->items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

// One name for an option Kconfig renamed: 6.9 moved the x86 mitigations
// under MITIGATION_ (CONFIG_PAGE_TABLE_ISOLATION became
// CONFIG_MITIGATION_PAGE_TABLE_ISOLATION, CONFIG_CPU_UNRET_ENTRY
// CONFIG_MITIGATION_UNRET_ENTRY) and SPECULATION_MITIGATIONS became
// CPU_MITIGATIONS: a rename alone is no difference of config.
std::string config_identity(const std::string& option) {
  static const std::map<std::string, std::string> renamed = {
      {"CONFIG_SPECULATION_MITIGATIONS", "CONFIG_CPU_MITIGATIONS"},
      {"CONFIG_CPU_UNRET_ENTRY", "CONFIG_UNRET_ENTRY"},
      {"CONFIG_CPU_IBRS_ENTRY", "CONFIG_IBRS_ENTRY"}};
  if (const auto it = renamed.find(option); it != renamed.end()) return it->second;
  const std::string prefix = "CONFIG_MITIGATION_";
  if (option.rfind(prefix, 0) == 0) return "CONFIG_" + option.substr(prefix.size());
  return option;
}

// Options by their identity, each value with the name it had there
// ("y (as CONFIG_PAGE_TABLE_ISOLATION)" where the name differs).
std::map<std::string, std::pair<std::string, std::string>> by_identity(
    const std::map<std::string, std::string>& options) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : options) out[config_identity(k)] = {k, v};
  return out;
}

void config_diffs(const std::vector<Results>& runs, Trend& t) {
  std::vector<std::map<std::string, std::pair<std::string, std::string>>> options;
  for (size_t k = 0; k < runs.size(); ++k) {
    std::string unknown;
    options.push_back(by_identity(config_options(runs[k], unknown)));
    if (!unknown.empty()) t.config_unknown.push_back(t.kernels[k].name + ": " + unknown);
  }
  for (size_t i = 0; i + 1 < runs.size(); ++i) {
    std::set<std::string> keys;
    for (const auto& [k, v] : options[i]) keys.insert(k);
    for (const auto& [k, v] : options[i + 1]) keys.insert(k);
    for (const auto& k : keys) {
      const auto a = options[i].find(k), z = options[i + 1].find(k);
      const std::string va = a == options[i].end() ? "absent" : a->second.second;
      const std::string vz = z == options[i + 1].end() ? "absent" : z->second.second;
      if (va == vz) continue;
      // Named as the newer kernel names it.
      const std::string name = z != options[i + 1].end() ? z->second.first : a->second.first;
      t.config.push_back({i, name, va, vz});
    }
  }
}

double largest_change(const TrendRow& r) {
  double most = 0;
  for (const auto& c : r.changes) most = std::max(most, std::fabs(std::log(c.ratio)));
  return most;
}

// Each adjacent pair compared, and each kernel named with what booted.
void compare_adjacent_pairs(const std::vector<Results>& runs, const std::vector<std::string>& names,
                            const CompareOptions& options, Trend& t) {
  for (size_t i = 0; i + 1 < runs.size(); ++i)
    t.pairs.push_back(compare_results(runs[i], runs[i + 1], options));
  for (size_t k = 0; k < runs.size(); ++k)
    t.kernels.push_back({names[k], k == 0 ? t.pairs[0].base_kernel : t.pairs[k - 1].new_kernel});
}

// The benchmarks every pair judged, in the first file's order; refused
// when there are none.
std::vector<const BenchmarkResult*> judged_in_every_pair(
    const std::vector<Results>& runs,
    const std::vector<std::map<std::string, const BenchmarkComparison*>>& judged) {
  std::vector<const BenchmarkResult*> common;
  for (const auto& b : runs[0].benchmarks) {
    bool everywhere = true;
    for (const auto& j : judged) everywhere = everywhere && j.count(b.name);
    if (everywhere) common.push_back(&b);
  }
  if (common.empty())
    throw UsageError("no benchmark was compared in every adjacent pair of " + runs.front().path +
                     " .. " + runs.back().path + ": they measured different scenarios");
  return common;
}

// "daxbench 5968ab4 (clean tree)", each version once.
std::string measured_by_text(const std::vector<Results>& runs) {
  std::vector<std::string> tools;
  for (const auto& r : runs)
    if (const std::string v = tree_text(r.context_string("daxbench_version"));
        std::find(tools.begin(), tools.end(), v) == tools.end())
      tools.push_back(v);
  return "daxbench " + join(tools, ", ");
}

// Scenario classes in file order, each with its measured members.
struct ScenarioClasses {
  std::map<std::string, std::vector<Candidate>> members;
  std::map<std::string, std::string> name;
  std::vector<std::string> order;
};

ScenarioClasses scenario_classes(
    const std::vector<Results>& runs, const std::vector<const BenchmarkResult*>& common,
    const ShortNames& short_of,
    const std::vector<std::map<std::string, const BenchmarkComparison*>>& judged) {
  ScenarioClasses out;
  for (const auto* b : common) {
    const ScenarioClass cls = scenario_class(*b, short_of);
    const std::string key = b->family() + "|" + cls.key;
    if (!out.members.count(key)) out.order.push_back(key);
    out.members[key].push_back(measure(runs, *b, judged));
    out.name[key] = cls.name;
  }
  return out;
}

// Members of a class that agree share a row: clusters in first-seen order.
std::vector<std::vector<const Candidate*>> agreeing_clusters(const std::vector<Candidate>& members,
                                                             double threshold) {
  std::vector<std::vector<const Candidate*>> clusters;
  for (const auto& c : members) {
    auto home = std::find_if(clusters.begin(), clusters.end(),
                             [&](const auto& cl) { return agree(*cl.front(), c, threshold); });
    if (home == clusters.end()) {
      clusters.push_back({&c});
    } else {
      home->push_back(&c);
    }
  }
  return clusters;
}

// The member whose numbers a cluster's row shows: its middle one.
const Candidate& rep_of(const std::vector<const Candidate*>& cl) { return *cl[cl.size() / 2]; }

// A cluster's row, without its change points: named by its member (or its
// class, with how many of the class it holds), valued by its representative.
TrendRow trend_row(const std::vector<const Candidate*>& cl, size_t class_size,
                   const std::string& class_name, const ShortNames& short_of) {
  TrendRow row;
  const Candidate& rep = rep_of(cl);
  row.name = cl.size() == 1 ? short_of.of.at(rep.first->name) : class_name;
  if (row.name.empty()) row.name = class_name;
  if (cl.size() > 1)
    row.name += " (x" + std::to_string(cl.size()) +
                (cl.size() < class_size ? " of " + std::to_string(class_size) : "") + ")";
  row.family = rep.first->family();
  row.per = rep.per;
  row.rate = rep.rate;
  for (const auto* c : cl) row.members.push_back(c->first->name);
  row.representative = rep.first->name;
  row.values = rep.values;
  return row;
}

// A change point for each pair that judged the representative changed,
// with the counters and profile functions that moved there.
void add_change_points(const std::vector<Results>& runs, const Candidate& rep, TrendRow& row,
                       Trend& t) {
  for (size_t i = 0; i < t.pairs.size(); ++i) {
    if (!is_change(rep.verdicts[i])) continue;
    TrendChange change;
    change.pair = i;
    change.verdict = rep.verdicts[i];
    change.ratio = rep.values[i + 1] / rep.values[i];
    change.counters = counter_moves(t.pairs[i], runs[i], row.representative);
    profile_moves(runs[i], runs[i + 1], row.representative, change);
    row.changes.push_back(change);
    ++t.change_points;
  }
}

// Per fault where every kernel counted the same faults per iteration, else
// per the family's unit (7.3's page cache maps large folios: fewer faults
// than 6.1 for the same pages). A row in a family's other unit says so.
void mark_rows_in_other_units(std::vector<TrendRow>& rows) {
  std::map<std::string, std::map<std::string, size_t>> units;
  for (const auto& r : rows) ++units[r.family][r.per];
  for (auto& r : rows) {
    const auto& count = units[r.family];
    const auto most = std::max_element(count.begin(), count.end(),
                                       [](auto& a, auto& z) { return a.second < z.second; });
    if (!r.rate && r.per != most->first) r.name += " [per " + r.per + "]";
  }
}

}  // namespace

size_t Trend::change_points_in(size_t pair) const {
  size_t n = 0;
  for (const auto& r : rows)
    for (const auto& c : r.changes) n += c.pair == pair;
  return n;
}

Trend make_trend(const std::vector<Results>& runs, const std::vector<std::string>& names,
                 const CompareOptions& options) {
  if (runs.size() < 2)
    throw UsageError("a trend needs two or more results files, one per kernel, in kernel order");
  Trend t;
  compare_adjacent_pairs(runs, names, options, t);
  std::vector<std::map<std::string, const BenchmarkComparison*>> judged;
  for (const auto& c : t.pairs) judged.push_back(by_name(c));
  const std::vector<const BenchmarkResult*> common = judged_in_every_pair(runs, judged);
  const ShortNames short_of = short_names(common);
  t.testcase = t.pairs[0].testcase;
  t.machine = t.pairs[0].machine;
  t.unit = t.pairs[0].unit;
  t.measured_by = measured_by_text(runs);
  const ScenarioClasses classes = scenario_classes(runs, common, short_of, judged);
  for (const auto& key : classes.order) {
    const std::vector<Candidate>& members = classes.members.at(key);
    for (const auto& cl : agreeing_clusters(members, options.threshold)) {
      TrendRow row = trend_row(cl, members.size(), classes.name.at(key), short_of);
      add_change_points(runs, rep_of(cl), row, t);
      t.rows.push_back(row);
    }
  }
  mark_rows_in_other_units(t.rows);
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const TrendRow& a, const TrendRow& z) {
    return largest_change(a) > largest_change(z);
  });
  config_diffs(runs, t);
  return t;
}

namespace {

std::string unit_text(const Trend& t, const TrendRow& r) {
  if (r.rate) return "bytes per second";
  return t.unit + " per " + r.per;
}

std::string pair_text(const Trend& t, size_t pair) {
  return t.kernels[pair].name + " -> " + t.kernels[pair + 1].name;
}

std::string pad(const std::string& s, size_t width, bool left = true) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

// The families' units of the rows, once: "instructions per fault".
std::vector<std::string> units_of(const Trend& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows)
    if (const std::string u = r.family + ": " + unit_text(t, r);
        std::find(out.begin(), out.end(), u) == out.end())
      out.push_back(u);
  return out;
}

std::string counts_line(const Trend& t) {
  std::string out = std::to_string(t.change_points) + " change point" +
                    (t.change_points == 1 ? "" : "s") + " in " + std::to_string(t.rows.size()) +
                    " rows";
  for (size_t i = 0; i < t.pairs.size(); ++i)
    out += (i ? ", " : ": ") + std::to_string(t.change_points_in(i)) + " " + pair_text(t, i);
  return out;
}

bool marked(const TrendRow& r, size_t kernel) {
  return std::any_of(r.changes.begin(), r.changes.end(),
                     [&](const TrendChange& c) { return c.pair + 1 == kernel; });
}

std::string cell(const TrendRow& r, size_t k) {
  return std::isnan(r.values[k]) ? "-" : format_value(r.values[k]) + (marked(r, k) ? "*" : "");
}

std::string moves_text(const std::vector<TrendMove>& moves, const char* unit) {
  std::string out;
  for (const auto& m : moves) {
    out += (out.empty() ? "" : "; ") + m.what + " " + format_value(m.base) + unit + " -> " +
           format_value(m.neu) + unit + " (" + m.change + ")";
  }
  return out;
}

struct ChangePoint {
  const TrendRow* row;
  const TrendChange* change;
};

// Every change point, the largest change first (across rows and pairs).
std::vector<ChangePoint> largest_first(const Trend& t) {
  std::vector<ChangePoint> out;
  for (const auto& r : t.rows)
    for (const auto& c : r.changes) out.push_back({&r, &c});
  std::stable_sort(out.begin(), out.end(), [](const ChangePoint& a, const ChangePoint& z) {
    return std::fabs(std::log(a.change->ratio)) > std::fabs(std::log(z.change->ratio));
  });
  return out;
}

// A change point as text and markdown say it: its title ("6.1 -> 6.12:
// ext4 dax pte write +23.3%"), the values with their unit, and what moved
// there ("counters: ...", "profile: ...", or "unexplained: ...").
struct ChangeText {
  std::string title, values;
  std::vector<std::string> lines;
};
ChangeText change_text(const Trend& t, const ChangePoint& p) {
  const TrendRow& r = *p.row;
  const TrendChange& c = *p.change;
  ChangeText out;
  out.title = pair_text(t, c.pair) + ": " + r.name + " " + format_change(c.ratio);
  out.values = "(" + format_value(r.values[c.pair]) + " -> " + format_value(r.values[c.pair + 1]) +
               " " + unit_text(t, r) + ")";
  if (!c.counters.empty()) out.lines.push_back("counters: " + moves_text(c.counters, ""));
  if (!c.profile.empty()) out.lines.push_back("profile: " + moves_text(c.profile, "%"));
  if (!c.profile_note.empty()) out.lines.push_back("profile: " + c.profile_note);
  if (c.counters.empty() && c.profile.empty())
    out.lines.push_back(std::string("unexplained: no counter moved") +
                        (c.profile_note.empty() ? " (no profile)" : ""));
  return out;
}

}  // namespace

std::string trend_text(const Trend& t, const CompareOptions& options) {
  std::ostringstream out;
  out << "testcase: " << t.testcase << "\n"
      << "machine:  " << t.machine << "\n"
      << "measured: " << t.measured_by << "\n";
  for (const auto& u : units_of(t)) out << "unit:     " << u << "\n";
  out << "kernels:\n";
  for (const auto& k : t.kernels) out << "  " << pad(k.name, 12) << " " << k.kernel << "\n";
  out << "result:   " << counts_line(t) << " (threshold " << fmt("%g", options.threshold * 100)
      << " %, alpha " << fmt("%g", options.alpha) << "; * = change point)\n\n";
  size_t name_width = 8;
  for (const auto& r : t.rows) name_width = std::max(name_width, r.name.size());
  name_width = std::min<size_t>(name_width, 28);
  size_t col = 6;
  for (const auto& k : t.kernels) col = std::max(col, k.name.size());
  for (const auto& r : t.rows)
    for (size_t k = 0; k < t.kernels.size(); ++k) col = std::max(col, cell(r, k).size());
  out << pad("scenario", name_width);
  for (const auto& k : t.kernels) out << "  " << pad(k.name, col, false);
  out << "\n";
  for (const auto& r : t.rows) {
    if (r.name.size() > name_width)
      out << r.name << "\n" << std::string(name_width, ' ');
    else
      out << pad(r.name, name_width);
    for (size_t k = 0; k < t.kernels.size(); ++k) out << "  " << pad(cell(r, k), col, false);
    out << "\n";
  }
  const std::vector<ChangePoint> points = largest_first(t);
  if (!points.empty()) out << "\nchange points, largest first:\n";
  for (const auto& p : points) {
    const ChangeText c = change_text(t, p);
    out << "  " << c.title << " " << c.values << "\n";
    for (const auto& line : c.lines) out << "    " << line << "\n";
  }
  if (!t.config.empty() || !t.config_unknown.empty()) out << "\nkernel config on these paths:\n";
  for (size_t i = 0; i < t.pairs.size(); ++i) {
    std::string line;
    for (const auto& d : t.config)
      if (d.pair == i) line += (line.empty() ? "" : ", ") + d.option + " " + d.base + "->" + d.neu;
    if (!line.empty()) out << "  " << pair_text(t, i) << ": " << line << "\n";
  }
  for (const auto& u : t.config_unknown) out << "  " << u << "\n";
  return out.str();
}

std::string trend_markdown(const Trend& t, const CompareOptions& options,
                           const std::vector<std::string>& figures) {
  std::ostringstream out;
  out << "**" << counts_line(t) << "** (threshold " << fmt("%g", options.threshold * 100)
      << " %, alpha " << fmt("%g", options.alpha) << ").\n\n"
      << "- testcase: " << t.testcase << "\n- machine: " << t.machine
      << "\n- measured by: " << t.measured_by << "\n";
  for (const auto& u : units_of(t)) out << "- unit: " << u << "\n";
  out << "\n| kernel | what booted |\n|---|---|\n";
  for (const auto& k : t.kernels) out << "| " << k.name << " | " << k.kernel << " |\n";
  out << "\n## Cost per unit, one column per kernel\n\n"
      << "Medians; `*` marks a change point (compare's verdict on the adjacent pair).\n\n"
      << "| scenario |";
  for (const auto& k : t.kernels) out << " " << k.name << " |";
  out << "\n|---|";
  for (size_t k = 0; k < t.kernels.size(); ++k) out << "---:|";
  out << "\n";
  for (const auto& r : t.rows) {
    out << "| " << r.name << " |";
    for (size_t k = 0; k < t.kernels.size(); ++k) out << " " << cell(r, k) << " |";
    out << "\n";
  }
  const std::vector<ChangePoint> points = largest_first(t);
  if (!points.empty()) out << "\n## Change points, largest first\n\n";
  for (const auto& p : points) {
    const ChangeText c = change_text(t, p);
    out << "- **" << c.title << "** " << c.values << "\n";
    for (const auto& line : c.lines) out << "  - " << line << "\n";
  }
  if (!t.config.empty() || !t.config_unknown.empty()) {
    out << "\n## Kernel config on these paths\n\n| pair | option | before | after |\n"
        << "|---|---|---|---|\n";
    for (const auto& d : t.config)
      out << "| " << pair_text(t, d.pair) << " | " << d.option << " | " << d.base << " | " << d.neu
          << " |\n";
    for (const auto& u : t.config_unknown) out << "\nConfig " << u << "\n";
  }
  if (!figures.empty()) out << "\n## Plots\n\n";
  for (const auto& f : figures) out << "![" << f << "](" << f << ")\n\n";
  out << "\n## Each adjacent pair\n\n";
  for (size_t i = 0; i < t.pairs.size(); ++i)
    out << "- " << pair_text(t, i) << ": " << summary_line(t.pairs[i]) << "; " << t.pairs[i].boots
        << "\n";
  return out.str();
}

std::string trend_json(const Trend& t, const CompareOptions& options) {
  Json j;
  j["threshold"] = options.threshold;
  j["alpha"] = options.alpha;
  j["testcase"] = t.testcase;
  j["machine"] = t.machine;
  j["unit"] = t.unit;
  j["measured_by"] = t.measured_by;
  j["kernels"] = Json::array();
  for (const auto& k : t.kernels) j["kernels"].push_back({{"name", k.name}, {"kernel", k.kernel}});
  j["change_points"] = t.change_points;
  j["pairs"] = Json::array();
  for (size_t i = 0; i < t.pairs.size(); ++i) {
    Json config = Json::array();
    for (const auto& d : t.config)
      if (d.pair == i) config.push_back({{"option", d.option}, {"from", d.base}, {"to", d.neu}});
    j["pairs"].push_back({{"from", t.kernels[i].name},
                          {"to", t.kernels[i + 1].name},
                          {"change_points", t.change_points_in(i)},
                          {"summary", summary_line(t.pairs[i])},
                          {"config", config}});
  }
  j["config_unknown"] = t.config_unknown;
  auto moves = [](const std::vector<TrendMove>& ms) {
    Json a = Json::array();
    for (const auto& m : ms)
      a.push_back({{"what", m.what}, {"from", m.base}, {"to", m.neu}, {"change", m.change}});
    return a;
  };
  j["rows"] = Json::array();
  for (const auto& r : t.rows) {
    Json row = {{"name", r.name},       {"family", r.family},
                {"per", r.per},         {"unit", unit_text(t, r)},
                {"members", r.members}, {"representative", r.representative}};
    row["values"] = Json::array();
    for (double v : r.values) row["values"].push_back(std::isnan(v) ? Json() : Json(v));
    row["changes"] = Json::array();
    for (const auto& c : r.changes)
      row["changes"].push_back({{"from", t.kernels[c.pair].name},
                                {"to", t.kernels[c.pair + 1].name},
                                {"ratio", c.ratio},
                                {"verdict", to_string(c.verdict)},
                                {"counters", moves(c.counters)},
                                {"profile", moves(c.profile)},
                                {"profile_note", c.profile_note}});
    j["rows"].push_back(row);
  }
  return j.dump(2) + "\n";
}

}  // namespace daxbench::analysis
