// Derived values: a family's DifferenceSpecs (core/presentation.h), each the
// difference of two sibling benchmarks that differ in one parameter only
// (access: pages=pte minus pages=pmd, the page-walk cost per access). Not
// measured directly, so every table says "derived" and how.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/units.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

struct Sides {
  const BenchmarkResult* minuend = nullptr;
  const BenchmarkResult* subtrahend = nullptr;
};

// What tells pairs apart: every parameter but the one the spec subtracts
// over, plus the inode mode and filesystem, as "key=value" in file order.
std::vector<std::string> pair_key(const BenchmarkResult& b, const DifferenceSpec& d) {
  std::vector<std::string> key{"mode=" + b.mode(), "fs=" + b.fs_type()};
  for (const auto& k : param_keys(b))
    if (k != d.param) key.push_back(k + "=" + key_value(b, k));
  return key;
}

bool selected(const BenchmarkResult& b, const FamilyPresentation& p, const DifferenceSpec& d) {
  if (b.family() != p.family) return false;
  for (const auto& [k, v] : d.where)
    if (key_value(b, k) != v) return false;
  const std::string side = key_value(b, d.param);
  return side == d.minuend || side == d.subtrahend;
}

// The parts of a pair's key that vary over all pairs (and are not x): the
// row's scenario label.
// The varying values, mode and filesystem as the names write them
// ("pagecache/ext4", "ref/anon"), a value said once ("ref/anon, chase", not
// "ref, anon, anon, chase" for the anonymous reference's backing=anon).
std::string scenario_label(const std::vector<std::string>& key,
                           const std::set<std::string>& varying) {
  std::vector<std::string> parts;
  std::set<std::string> said;
  std::string previous_key;
  for (const auto& kv : key) {
    const std::string k = kv.substr(0, kv.find('=')), v = kv.substr(kv.find('=') + 1);
    if (!varying.count(k)) continue;
    if (said.insert(v).second) {
      if (k == "fs" && previous_key == "mode" && !parts.empty())
        parts.back() += "/" + v;
      else
        parts.push_back(v);
    }
    previous_key = k;
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out.empty() ? "(all)" : out;
}

std::string signed_value(double v, const UnitValues& u, const std::string& clock) {
  return (v < 0 ? "−" : "") + unit_value_text(std::fabs(v), u, clock);
}

using Pairs = std::map<std::vector<std::string>, Sides>;

// The spec's benchmarks of one run, paired by every other parameter.
Pairs sibling_pairs(const Results& res, const FamilyPresentation& p, const DifferenceSpec& d) {
  Pairs pairs;
  for (const auto& b : res.benchmarks) {
    if (!selected(b, p, d)) continue;
    Sides& s = pairs[pair_key(b, d)];
    (key_value(b, d.param) == d.minuend ? s.minuend : s.subtrahend) = &b;
  }
  return pairs;
}

// Keys (other than x) whose values differ between pairs label the rows.
std::set<std::string> label_keys(const Pairs& pairs, const DifferenceSpec& d) {
  std::map<std::string, std::set<std::string>> values;
  for (const auto& [key, sides] : pairs)
    for (const auto& kv : key)
      values[kv.substr(0, kv.find('='))].insert(kv.substr(kv.find('=') + 1));
  std::set<std::string> varying;
  for (const auto& [k, v] : values)
    if (v.size() > 1 && k != d.x) varying.insert(k);
  return varying;
}

// The data TLB's reach for 4 KiB pages, from the environment (CPUID),
// where the family asks for it; 0: not shown.
double tlb_reach_4k_bytes(const Results& res, const DifferenceSpec& d) {
  if (!d.x_against_tlb_reach || res.emulated()) return 0;
  const std::string n = res.context_string("dtlb_4k_entries");
  if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos)
    return std::stod(n) * 4096;
  return 0;
}

struct DifferenceRow {
  std::string scenario, x;
  std::vector<std::string> cells;
};

// One spec's table over one run: what every row needs, and the rows (or
// why a pair gave none) as they are derived.
struct DifferenceTable {
  const Report& r;
  const Results& res;
  const FamilyPresentation& p;
  const DifferenceSpec& d;
  const std::string clock;
  const double reach_4k;  // 0: no TLB reach column
  std::vector<DifferenceRow> rows;
  std::vector<std::string> not_derived;
};

// The x value of a pair ("" where its key has none).
std::string x_of(const std::vector<std::string>& key, const DifferenceSpec& d) {
  std::string x;
  for (const auto& kv : key)
    if (kv.rfind(d.x + "=", 0) == 0) x = kv.substr(d.x.size() + 1);
  return x;
}

// Why a pair has no difference for want of a benchmark: a side not in the
// run or without a result ("" when both have one).
std::string missing_side_reason(const Sides& s, const DifferenceSpec& d) {
  if (!s.minuend || !s.subtrahend)
    return "no " + d.param + "=" + (s.minuend ? d.subtrahend : d.minuend) +
           " benchmark of the same scenario in this run";
  if (!s.minuend->error.empty() || !s.subtrahend->error.empty()) {
    const BenchmarkResult* missing_side = s.minuend->error.empty() ? s.subtrahend : s.minuend;
    return "the " + d.param + "=" + key_value(*missing_side, d.param) +
           " benchmark has no result (" + missing_side->error + ")";
  }
  return "";
}

// The row's cells: medians, their difference and its CI, and where the
// table has the column, whether x lies beyond the TLB's reach.
std::vector<std::string> difference_cells(const DifferenceTable& t, const Sides& s,
                                          const UnitValues& a, const UnitValues& b,
                                          const std::string& scenario, const std::string& x) {
  const double diff = median(a.samples) - median(b.samples);
  const Interval ci = bootstrap_difference_of_medians_ci(
      a.samples, b.samples, 0.95, stable_hash(s.minuend->name, t.r.options.compare.seed),
      t.r.options.compare.resamples);
  const bool ci_known = std::isfinite(ci.low) && std::isfinite(ci.high);
  std::vector<std::string> cells{scenario,
                                 x,
                                 unit_value_text(median(a.samples), a, t.clock),
                                 unit_value_text(median(b.samples), b, t.clock),
                                 signed_value(diff, a, t.clock),
                                 ci_known ? "[" + signed_value(ci.low, a, t.clock) + ", " +
                                                signed_value(ci.high, a, t.clock) + "]"
                                          : "n/a (one repetition)"};
  if (t.reach_4k > 0) {
    const auto bytes = numeric(x);
    cells.push_back(!bytes ? "?" : *bytes > t.reach_4k ? "beyond" : "within");
  }
  return cells;
}

// One pair: a row of the table, or a line saying why it has none.
void add_pair(DifferenceTable& t, const std::vector<std::string>& key, const Sides& s,
              const std::set<std::string>& varying) {
  const DifferenceSpec& d = t.d;
  const std::string scenario = scenario_label(key, varying);
  const std::string x = x_of(key, d);
  const std::string where = scenario + (x.empty() ? "" : ", " + d.x + " " + x);
  std::string why = missing_side_reason(s, d);
  const UnitValues a = s.minuend ? unit_values(t.res, *s.minuend, t.p) : UnitValues{};
  const UnitValues b = s.subtrahend ? unit_values(t.res, *s.subtrahend, t.p) : UnitValues{};
  if (why.empty() && (a.samples.empty() || b.samples.empty()))
    why = "no " + unit_value_label(a.samples.empty() ? a : b) + " in one of " + d.param + "=" +
          d.minuend + " and " + d.param + "=" + d.subtrahend;
  if (!why.empty()) {
    t.not_derived.push_back(where + ": " + why);
    return;
  }
  t.rows.push_back({scenario, x, difference_cells(t, s, a, b, scenario, x)});
}

void sort_by_scenario_then_x(std::vector<DifferenceRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const DifferenceRow& l, const DifferenceRow& r) {
    if (l.scenario != r.scenario) return l.scenario < r.scenario;
    const auto lx = numeric(l.x), rx = numeric(r.x);
    return lx && rx ? *lx < *rx : l.x < r.x;
  });
}

// What the TLB's reach says about the differences: nothing in the lab (no
// TLB), where x crosses it, or that it is unknown.
std::string tlb_reach_text(const Results& res, const DifferenceSpec& d, double reach_4k) {
  if (res.emulated())
    return " No hardware TLB: emulated. This run is from the lab (see \"Emulated\" above), whose "
           "QEMU TCG models no TLB, so the difference is one of emulated code paths, not a "
           "page-walk cost.";
  if (reach_4k > 0)
    return " The data TLB holds " + res.context_string("dtlb_4k_entries") +
           " 4 KiB entries (environment dtlb_4k_entries, " + res.context_string("dtlb_source") +
           "), a reach of " + format_size(static_cast<uint64_t>(reach_4k)) + " with 4 KiB pages (" +
           res.context_string("dtlb_2m_entries") +
           " entries for 2 MiB pages): the last column says whether the " + d.x +
           " lies beyond it, where the difference is a page-walk cost; within it the "
           "difference should be near 0.";
  return " The TLB's reach is unknown (the environment records no dTLB size" +
         (res.context_string("dtlb_source").empty() ? std::string()
                                                    : ": " + res.context_string("dtlb_source")) +
         "), so every " + d.x + " is shown: the difference is a page-walk cost only where the " +
         d.x + " is beyond the " + d.minuend + " mapping's TLB reach, and near 0 within it.";
}

// How the rows were derived, and the TLB's part in them.
std::string derivation_text(const DifferenceTable& t) {
  const DifferenceSpec& d = t.d;
  const std::string what = t.p.throughput ? "throughput" : "time per " + t.p.unit;
  return "Derived, not measured: each row is the median " + what + " of the " + d.param + "=" +
         d.minuend + " benchmark minus that of the " + d.param + "=" + d.subtrahend +
         " benchmark of the same scenario (every other parameter, inode mode and "
         "filesystem equal), with a 95 % bootstrap CI of the difference of medians (" +
         std::to_string(t.r.options.compare.resamples) + " resamples)." +
         tlb_reach_text(t.res, d, t.reach_4k) + " Clock: " + clock_text(t.res) + ".";
}

void add_rows_and_not_derived(Document& doc, DifferenceTable& t) {
  const DifferenceSpec& d = t.d;
  if (!t.rows.empty()) {
    std::vector<std::vector<std::string>> cells;
    for (auto& row : t.rows) cells.push_back(std::move(row.cells));
    std::vector<std::string> header{
        "scenario", d.x.empty() ? "x" : d.x, d.minuend, d.subtrahend, d.label, "95 % CI"};
    if (t.reach_4k > 0) header.push_back("4 KiB TLB reach");
    doc.table(header, cells);
  }
  if (!t.not_derived.empty()) {
    doc.paragraph("Not derived (" + std::to_string(t.not_derived.size()) + "):");
    doc.list(t.not_derived);
  }
}

void difference_table(Report& r, size_t run, const FamilyPresentation& p, const DifferenceSpec& d) {
  const Results& res = r.runs[run];
  const Pairs pairs = sibling_pairs(res, p, d);
  if (pairs.empty()) return;
  const std::string title = p.family + ": " + d.title + ", " + d.label;
  r.doc.heading(3, title + (r.runs.size() > 1 ? " (" + r.run_label(run) + ")" : ""));
  DifferenceTable t{.r = r,
                    .res = res,
                    .p = p,
                    .d = d,
                    .clock = clock_of(res),
                    .reach_4k = tlb_reach_4k_bytes(res, d),
                    .rows = {},
                    .not_derived = {}};
  const std::set<std::string> varying = label_keys(pairs, d);
  for (const auto& [key, s] : pairs) add_pair(t, key, s, varying);
  sort_by_scenario_then_x(t.rows);
  r.doc.paragraph(derivation_text(t));
  add_rows_and_not_derived(r.doc, t);
}

}  // namespace

void derived_section(Report& r) {
  for (size_t run = 0; run < r.runs.size(); ++run) {
    for (const auto& family : families_in(r.runs[run])) {
      const FamilyView view = family_view(r.runs[run], family);
      for (const auto& d : view.presentation.differences)
        difference_table(r, run, view.presentation, d);
    }
  }
}

}  // namespace daxbench::analysis
