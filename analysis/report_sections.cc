// The sections of `daxbench report`, in reading order: a summary of the
// runs, findings generated from the numbers (A/B verdicts; DAX against its
// page-cache baseline per family), notes, plots, per-benchmark detail, and
// the environment folded away at the end.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "analysis/profile_section.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/units.h"
#include "core/error.h"

namespace daxbench::analysis {

namespace {

namespace fs = std::filesystem;

std::vector<const BenchmarkResult*> of_family(const Results& r, const std::string& family) {
  std::vector<const BenchmarkResult*> out;
  for (const auto& b : r.benchmarks)
    if (b.family() == family && b.error.empty()) out.push_back(&b);
  return out;
}

// The parameters that tell these benchmarks apart (not the mode-dependent
// ones), in file order.
std::vector<std::string> varying_keys(const std::vector<const BenchmarkResult*>& bs) {
  const std::set<std::string> mode_dependent = mode_dependent_keys(bs);
  std::vector<std::string> keys;
  for (const auto* b : bs)
    for (const auto& k : param_keys(*b))
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (mode_dependent.count(k)) continue;
    std::set<std::string> values;
    for (const auto* b : bs) values.insert(key_value(*b, k));
    if (values.size() > 1) out.push_back(k);
  }
  return out;
}

std::string scenario_label(const BenchmarkResult& b, const std::vector<std::string>& keys) {
  std::vector<std::string> values;
  for (const auto& k : keys)
    if (!not_applicable(key_value(b, k))) values.push_back(key_value(b, k));
  return values.empty() ? b.family() : join(values, "/");
}

std::string stddev_text(const Summary& s) {
  return "±" + fmt("%.1f", s.relative_stddev_percent()) + "%";
}

// ---- DAX against its page-cache baseline ----

struct Pair {
  const BenchmarkResult* dax = nullptr;
  const BenchmarkResult* base = nullptr;
  UnitValues dax_values, base_values;
  double ratio = NAN;  // median(DAX) / median(baseline) of the unit values
  Interval ci{NAN, NAN};
  std::string label;
};

// For every DAX benchmark, the baseline benchmark of the same family,
// filesystem and parameters (mode-dependent parameters aside): dax-inode
// against dax-inode-off (same mount, flag clear), dax-always against
// pagecache.
std::vector<Pair> pairs_of(const Report& r, const Results& res,
                           const std::vector<const BenchmarkResult*>& bs,
                           const FamilyPresentation& p) {
  const std::set<std::string> mode_dependent = mode_dependent_keys(bs);
  const std::vector<std::string> keys = varying_keys(bs);
  std::vector<Pair> out;
  for (const auto* d : bs) {
    const std::string base_mode = baseline_mode(d->mode());
    if (base_mode.empty()) continue;
    for (const auto* b : bs) {
      if (b->mode() != base_mode || b->fs_type() != d->fs_type()) continue;
      bool same = true;
      for (const auto& k : param_keys(*d))
        same = same && (mode_dependent.count(k) || key_value(*d, k) == key_value(*b, k));
      if (!same) continue;
      Pair pair;
      pair.dax = d;
      pair.base = b;
      pair.dax_values = unit_values(res, *d, p);
      pair.base_values = unit_values(res, *b, p);
      if (pair.dax_values.samples.empty() || pair.base_values.samples.empty()) continue;
      pair.ratio = median(pair.dax_values.samples) / median(pair.base_values.samples);
      if (pair.dax_values.samples.size() >= 2 && pair.base_values.samples.size() >= 2)
        pair.ci = bootstrap_ratio_of_medians_ci(
            pair.base_values.samples, pair.dax_values.samples, 0.95,
            stable_hash(d->name + b->name, r.options.compare.seed), r.options.compare.resamples);
      // The baseline's page-cache state, when the run has several.
      std::vector<std::string> state;
      for (const auto& k : param_keys(*b)) {
        if (!mode_dependent.count(k) || not_applicable(key_value(*b, k))) continue;
        std::set<std::string> states;
        for (const auto* other : bs)
          if (other->mode() == base_mode) states.insert(key_value(*other, k));
        if (states.size() > 1) state.push_back(k + " " + key_value(*b, k));
      }
      pair.label = scenario_label(*d, keys) + (state.empty() ? "" : " (" + join(state, ", ") + ")");
      out.push_back(pair);
    }
  }
  return out;
}

// A CI needs 2 repetitions on each side; with one, nothing can be judged
// (and "within noise" would claim a noise nobody measured).
bool has_ci(const Pair& p) { return std::isfinite(p.ci.low) && std::isfinite(p.ci.high); }

// +1: DAX better beyond its CI, -1: worse, 0: the CI includes no change or
// there is none (fewer than 2 repetitions: see has_ci).
int judged(const Pair& p) {
  if (!has_ci(p)) return 0;
  const bool rate = p.dax_values.rate;
  if (p.ci.high < 1) return rate ? -1 : 1;
  if (p.ci.low > 1) return rate ? 1 : -1;
  return 0;
}

// How much better DAX is (> 1) or worse (< 1), whatever the direction.
double advantage(const Pair& p) { return p.dax_values.rate ? p.ratio : 1 / p.ratio; }

// "125× cheaper"; under the deterministic clock the factor is one of
// instruction counts ("125× fewer instructions"), never a time to set beside
// a wall-clock factor.
std::string factor_words(double advantage, bool rate, const std::string& clock) {
  const bool up = advantage >= 1;
  const std::string f = factor_text(up ? advantage : 1 / advantage) + " ";
  if (rate) return f + (up ? "higher" : "lower");
  if (clock == "instruction-ns") return f + (up ? "fewer instructions" : "more instructions");
  return f + (up ? "cheaper" : "costlier");
}

// Per unit, a side that takes far fewer page faults than the other (the page
// cache mapping a large folio a fault, DAX one page) wins by mapping more a
// fault, not by a cheaper fault: said beside the gap, from the page-fault
// counter of both sides ("" when they take about as many, or it is absent).
std::string faults_note(const Pair& pair, const FamilyPresentation& p) {
  const std::string name = "page_faults_per_" + per_unit(p.unit_quantity);
  const Metric* d = pair.dax->metric(name);
  const Metric* b = pair.base->metric(name);
  if (!d || !b || d->samples.empty() || b->samples.empty()) return "";
  const double fd = median(d->samples), fb = median(b->samples);
  if (!(fd > 0 && fb > 0) || std::max(fd, fb) / std::min(fd, fb) < 2) return "";
  auto faults = [](double f) { return fmt("%.3g", f); };
  const std::string per = pair.dax_values.per;
  auto per_fault = [&](double f) {
    return f < 1 ? ", " + faults(1 / f) + " " + per + "s a fault" : "";
  };
  return "; page faults per " + per + ": DAX " + faults(fd) + per_fault(fd) + ", baseline " +
         faults(fb) + per_fault(fb) + ": the gap is in how much one fault maps, not only in what " +
         "a fault costs";
}

// One sentence per filesystem over its rows (one representative pair each).
std::string group_sentence(const std::string& fs_type, const std::vector<const Pair*>& group,
                           const std::string& clock, const FamilyPresentation& p) {
  int better = 0, worse = 0, unclear = 0, unjudged = 0;
  const Pair* widest = nullptr;
  for (const auto* p : group) {
    const int j = judged(*p);
    (!has_ci(*p) ? unjudged : j > 0 ? better : j < 0 ? worse : unclear)++;
    if (!widest || std::fabs(std::log(advantage(*p))) > std::fabs(std::log(advantage(*widest))))
      widest = p;
  }
  const bool rate = group.front()->dax_values.rate;
  const std::string per = group.front()->dax_values.per;
  // Only the counts that are not zero: "is cheaper per page in 4 of 5
  // scenarios, costlier in 1".
  const std::string of =
      " of " + std::to_string(group.size()) + " scenario" + (group.size() == 1 ? "" : "s");
  struct Part {
    int n;
    std::string first, later;
  };
  const Part all_parts[] = {
      {better, rate ? "has higher throughput" : "is cheaper per " + per,
       rate ? "higher" : "cheaper"},
      {worse, rate ? "has lower throughput" : "is costlier per " + per,
       rate ? "lower" : "costlier"},
      {unclear, "is within noise of its baseline", "within noise"},
      {unjudged, "is not judged (1 repetition)", "not judged (1 repetition)"}};
  std::vector<std::string> parts;
  for (const auto& part : all_parts)
    if (part.n)
      parts.push_back((parts.empty() ? part.first : part.later) + " in " + std::to_string(part.n) +
                      (parts.empty() ? of : ""));
  std::string s = fs_type + ": DAX " + join(parts, ", ");
  const double a = advantage(*widest);
  s += "; widest gap " + widest->label + " (" + widest->dax->mode() +
       "): " + unit_value_text(median(widest->dax_values.samples), widest->dax_values, clock) +
       " against " +
       unit_value_text(median(widest->base_values.samples), widest->base_values, clock) +
       (rate ? "" : " per " + per) + " (DAX " + factor_words(a, rate, clock) +
       (!has_ci(*widest)       ? ", not judged: 1 repetition"
        : judged(*widest) == 0 ? ", not beyond its CI"
                               : "") +
       ")" + faults_note(*widest, p) + ".";
  return s;
}

// Rows: dax-inode (against dax-inode-off) and dax-always (against
// pagecache) measure one scenario twice; they share a row when they agree
// (the same judgement), else each has its own. Largest gap first.
std::vector<std::vector<const Pair*>> rows_of_agreeing_pairs(const std::vector<Pair>& pairs) {
  std::vector<std::vector<const Pair*>> grouped;
  for (const auto& pr : pairs) {
    auto home = std::find_if(grouped.begin(), grouped.end(), [&](const auto& g) {
      const Pair& first = *g.front();
      return first.label == pr.label && first.dax->fs_type() == pr.dax->fs_type() &&
             judged(first) == judged(pr) && has_ci(first) == has_ci(pr);
    });
    if (home == grouped.end()) {
      grouped.push_back({&pr});
    } else {
      home->push_back(&pr);
    }
  }
  std::stable_sort(grouped.begin(), grouped.end(), [](const auto& a, const auto& z) {
    return std::fabs(std::log(advantage(*a.front()))) > std::fabs(std::log(advantage(*z.front())));
  });
  return grouped;
}

// One sentence per filesystem, in the order of their widest gaps.
std::vector<std::string> fs_sentences(const std::vector<std::vector<const Pair*>>& grouped,
                                      const std::string& clock, const FamilyPresentation& p) {
  std::vector<std::string> fs_order;
  for (const auto& g : grouped)
    if (std::find(fs_order.begin(), fs_order.end(), g.front()->dax->fs_type()) == fs_order.end())
      fs_order.push_back(g.front()->dax->fs_type());
  std::vector<std::string> sentences;
  for (const auto& fs_type : fs_order) {
    std::vector<const Pair*> reps;
    for (const auto& g : grouped)
      if (g.front()->dax->fs_type() == fs_type) reps.push_back(g.front());
    sentences.push_back(group_sentence(fs_type, reps, clock, p));
  }
  return sentences;
}

// The DAX modes of a row's pairs, or their baselines' modes.
std::string modes_of(const std::vector<const Pair*>& g, bool dax) {
  std::vector<std::string> m;
  for (const auto* p : g) m.push_back(dax ? p->dax->mode() : baseline_mode(p->dax->mode()));
  return join(m, ", ");
}

// The smallest and largest value over a row's pairs.
template <typename Value>
std::pair<double, double> range_of(const std::vector<const Pair*>& g, Value value) {
  double lo = value(*g.front()), hi = lo;
  for (const auto* p : g) {
    lo = std::min(lo, value(*p));
    hi = std::max(hi, value(*p));
  }
  return {lo, hi};
}

// "4.32–4.47× cheaper": the smaller factor, then the larger in words.
std::string advantage_range_words(const std::vector<const Pair*>& g, const std::string& clock) {
  const auto [alo, ahi] = range_of(g, [](const Pair& p) { return advantage(p); });
  const bool up = alo >= 1;
  std::string words = factor_words(up ? ahi : alo, g.front()->dax_values.rate, clock);
  if (std::string low = factor_text(up ? alo : 1 / ahi); low != factor_text(up ? ahi : 1 / alo)) {
    if (low.ends_with("×")) low.resize(low.size() - std::string("×").size());
    words = low + "–" + words;
  }
  return words;
}

std::vector<std::string> dax_row(const std::vector<const Pair*>& g, const std::string& clock) {
  const Pair& pr = *g.front();
  const auto [lo, hi] = range_of(g, [](const Pair& p) { return p.ratio; });
  const std::string words = advantage_range_words(g, clock);
  return {pr.label,
          pr.dax->fs_type(),
          modes_of(g, true),
          unit_value_text(median(pr.dax_values.samples), pr.dax_values, clock),
          modes_of(g, false),
          unit_value_text(median(pr.base_values.samples), pr.base_values, clock),
          three_digits(lo) == three_digits(hi) ? three_digits(lo)
                                               : three_digits(lo) + "–" + three_digits(hi),
          has_ci(pr) ? std::string("[")
                           .append(three_digits(pr.ci.low))
                           .append(", ")
                           .append(three_digits(pr.ci.high))
                           .append("]")
                     : "n/a (1 repetition)",
          !has_ci(pr)       ? "not judged (1 repetition)"
          : judged(pr) == 0 ? "no clear difference"
                            : words};
}

// What the table's numbers are: medians, the CI, the scenario's keys, the
// clock, a note on the times, and where the units came from.
std::string dax_table_note(const std::vector<Pair>& pairs,
                           const std::vector<const BenchmarkResult*>& bs, const Results& res,
                           const FamilyView& view) {
  std::string note;
  for (const auto& pr : pairs)
    if (!pr.dax_values.note.empty()) note = pr.dax_values.note;
  return "Medians over repetitions; the ratio's 95 % CI is a percentile bootstrap of "
         "both sides. Scenario: " +
         (varying_keys(bs).empty() ? std::string("the only one") : join(varying_keys(bs), "/")) +
         ". Clock: " + clock_text(res) + "." + (note.empty() ? "" : " Times: " + note + ".") +
         (view.from_file ? ""
                         : " Units from daxbench's fallback table (this results file predates "
                           "context \"families\").");
}

// One family's DAX findings; false when it has none to show (no pair with
// its baseline, or a rate under the deterministic clock).
bool dax_family_findings(Report& r, size_t run, const std::string& family) {
  const Results& res = r.runs[run];
  const std::string clock = clock_of(res);
  const auto bs = of_family(res, family);
  if (bs.empty()) return false;
  const FamilyView view = family_view(res, family);
  const FamilyPresentation& p = view.presentation;
  std::vector<Pair> pairs = pairs_of(r, res, bs, p);
  if (pairs.empty()) return false;
  // A rate from the deterministic clock (bytes per instruction-ns) is not
  // a rate of anything: not shown.
  if (pairs.front().dax_values.rate && clock == "instruction-ns") {
    r.doc.paragraph(family +
                    ": its unit is a rate, and the deterministic clock counts "
                    "instructions, not time: no rate shown.");
    return false;
  }
  const std::vector<std::vector<const Pair*>> grouped = rows_of_agreeing_pairs(pairs);
  const std::string what = unit_value_label(pairs.front().dax_values);
  r.doc.heading(3, family + ": " + what + ", DAX against its page-cache baseline" +
                       (r.runs.size() > 1 ? " (" + r.run_label(run) + ")" : ""));
  const std::vector<std::string> sentences = fs_sentences(grouped, clock, p);
  std::vector<std::vector<std::string>> rows;
  for (const auto& g : grouped) rows.push_back(dax_row(g, clock));
  r.doc.list(sentences);
  const std::string unit = pairs.front().dax_values.rate ? "throughput" : what;
  r.doc.table(
      {"scenario", "fs", "DAX", unit, "baseline", unit, "DAX / baseline", "95% CI", "DAX is"},
      rows);
  r.doc.paragraph(dax_table_note(pairs, bs, res, view));
  return true;
}

void dax_findings(Report& r, size_t run) {
  bool any = false;
  for (const auto& family : families_in(r.runs[run])) any |= dax_family_findings(r, run, family);
  if (!any)
    r.doc.paragraph(r.run_label(run) +
                    ": no DAX benchmark has its page-cache baseline in this run (dax-inode needs "
                    "dax-inode-off, dax-always needs pagecache, same filesystem and parameters).");
}

// ---- A/B in the LKP layout ----

// The rows worth showing of a comparison: time, and each counter in its
// family's one normalisation.
bool displayed(const Report& r, size_t new_index, const MetricComparison& m) {
  if (m.metric == "real_time") return true;
  const BenchmarkResult* b = r.runs[new_index].find(m.benchmark);
  if (!b) return false;
  const FamilyView v = family_view(r.runs[new_index], b->family());
  for (const auto& [name, metric] : shown_counters(*b, v.presentation))
    if (name == m.metric) return true;
  return false;
}

std::vector<std::string> lkp_row(const MetricComparison& m, const std::string& clock,
                                 const std::map<std::string, std::string>& short_name) {
  const bool time = m.metric == "real_time";
  auto value = [&](double v) { return time ? humanize_ns(v, clock) : humanize_count(v); };
  return {value(m.base.median),
          stddev_text(m.base),
          format_change(m.ratio),
          std::isfinite(m.ci.low)
              ? "[" + format_change(m.ci.low) + ", " + format_change(m.ci.high) + "]"
              : "n/a",
          value(m.neu.median),
          stddev_text(m.neu),
          to_string(m.verdict),
          short_name.at(m.benchmark) + (time ? ": time per iteration" : ": " + m.metric)};
}

const std::vector<std::string> kLkpHeader = {"base", "±%stddev", "%change", "95% CI",
                                             "new",  "±%stddev", "verdict", "metric"};

// profile hook (analysis/profile_section.h): perf diff per scenario, and its
// rows as JSON beside the report.
void profile_deltas(Report& r, size_t i, const Comparison& c) {
  const std::string deltas = add_profile_ab_section(r.doc, r.runs[0], r.runs[i], c);
  if (!deltas.empty())
    r.out.write("profile-deltas-run" + std::to_string(i + 1) + "-vs-run1.json", deltas);
}

// The finding as compare says it: one verdict per benchmark, copies of a
// scenario grouped, per fault; the same text as mail.txt, so the report,
// compare and the mail count alike.
// The mail's own header (kernels, machine, clock, noise) is this report's
// header, said once above.
void add_mail_summary(Report& r, const Comparison& c) {
  FormatOptions rows_only;
  rows_only.header = false;
  r.doc.paragraph(summary_line(c) + " (one verdict per benchmark), as `daxbench compare " +
                  "--format mail` prints it below its header (mail.txt beside this report):");
  r.doc.code(format_mail(c, r.options.compare, rows_only));
  for (const auto& w : c.warnings) r.doc.paragraph("Warning: " + w);
}

// Rows named by what differs; what every row shares is said once (returned
// in common).
std::map<std::string, std::string> short_names_of(const std::vector<MetricComparison>& rows,
                                                  std::string& common) {
  std::vector<std::string> names;
  for (const auto& m : rows)
    if (std::find(names.begin(), names.end(), m.benchmark) == names.end())
      names.push_back(m.benchmark);
  std::vector<std::string> short_names = names;
  common = drop_common_parts(short_names);
  std::map<std::string, std::string> short_name;
  for (size_t k = 0; k < names.size(); ++k) short_name[names[k]] = short_names[k];
  return short_name;
}

void add_changed_rows(Report& r, const std::vector<const MetricComparison*>& changed,
                      const std::string& clock,
                      const std::map<std::string, std::string>& short_name,
                      const std::string& common) {
  if (changed.empty()) {
    r.doc.paragraph("No metric changed beyond the threshold (" +
                    fmt("%g", r.options.compare.threshold * 100) + " %) at alpha " +
                    fmt("%g", r.options.compare.alpha) + ".");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* m : changed) rows.push_back(lkp_row(*m, clock, short_name));
  r.doc.paragraph(
      "In detail, each benchmark's time and counters that changed, times first, then "
      "counters, largest first in each (%change = "
      "new/base − 1 of the medians, "
      "95 % bootstrap CI, two-sided Mann–Whitney U at alpha " +
      fmt("%g", r.options.compare.alpha) + ", threshold " +
      fmt("%g", r.options.compare.threshold * 100) + " %)" +
      (common.empty() ? "" : "; every benchmark is " + common + ", the rows name the rest") + ":");
  r.doc.table(kLkpHeader, rows);
}

// The kernel and the lab are in the header, said once.
void add_other_environment_differences(Report& r, const Comparison& c) {
  std::vector<std::string> env;
  for (const auto& e : c.environment)
    if (e.differs() && e.key != "kernel_release" && e.key != "lab")
      env.push_back(e.key + ": " + (e.base.empty() ? "(absent)" : e.base) + " → " +
                    (e.neu.empty() ? "(absent)" : e.neu));
  if (!env.empty()) {
    r.doc.paragraph("Other environment differences:");
    r.doc.list(env);
  }
}

// Counted once, by benchmark, above: these rows are not counted again.
void add_other_rows(Report& r, const std::vector<const MetricComparison*>& rest,
                    const std::string& clock,
                    const std::map<std::string, std::string>& short_name) {
  const std::string count = "The other rows, unchanged or noisy";
  if (rest.empty()) return;
  r.doc.fold_begin(count, 4, !r.options.all);
  std::vector<std::vector<std::string>> rows;
  for (const auto* m : rest) rows.push_back(lkp_row(*m, clock, short_name));
  r.doc.table(kLkpHeader, rows);
  r.doc.fold_end();
  if (!r.options.all) {
    r.doc.paragraph(count + ": not listed here (daxbench report --all lists them).");
    r.doc.only_in("markdown");
  }
}

void write_full_comparison(Report& r, size_t i, const Comparison& c) {
  const std::string full_name = "compare-run" + std::to_string(i + 1) + "-vs-run1.md";
  FormatOptions every;
  every.all = every.verbose = true;
  r.out.write(full_name, format_markdown(c, r.options.compare, every));
  r.doc.paragraph("Every row, totals and other normalisations included: " + full_name +
                  " beside this report.");
}

void ab_findings(Report& r, size_t i) {
  const Comparison* c = r.comparison(i);
  const Results& base = r.runs[0];
  r.doc.heading(3, "A/B: " + r.run_label(i) + " against " + r.run_label(0));
  if (!c) {
    r.doc.paragraph("Not compared: see \"Plots not drawn\".");
    profile_deltas(r, i, Comparison{});
    return;
  }
  add_mail_summary(r, *c);
  // Below: each benchmark's time and counters as rows of their own (time,
  // and each counter once in its family's unit), for the detail.
  Comparison shown = *c;
  std::erase_if(shown.rows, [&](const MetricComparison& m) { return !displayed(r, i, m); });
  std::vector<const MetricComparison*> changed, rest;
  for (const auto& m : shown.rows) {
    (m.verdict == Verdict::kRegressed || m.verdict == Verdict::kImproved ? changed : rest)
        .push_back(&m);
  }
  order_largest_change_first(changed);
  const std::string clock = clock_of(base);
  std::string common;
  const std::map<std::string, std::string> short_name = short_names_of(shown.rows, common);
  add_changed_rows(r, changed, clock, short_name, common);
  add_other_environment_differences(r, *c);
  add_other_rows(r, rest, clock, short_name);
  write_full_comparison(r, i, *c);
  profile_deltas(r, i, *c);
}

// ---- Per-benchmark detail ----

// Each benchmark's shown counters by column name.
using CounterCells = std::map<const BenchmarkResult*, std::map<std::string, const Metric*>>;

// Columns: counters non-zero in at least one row, headline ones first.
std::vector<std::string> counter_columns(const std::vector<const BenchmarkResult*>& bs,
                                         const FamilyPresentation& p, CounterCells& cells) {
  std::vector<std::string> columns;
  std::set<std::string> nonzero;
  for (const auto* b : bs)
    for (const auto& [name, m] : shown_counters(*b, p)) {
      cells[b][name] = m;
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
      if (median(m->samples) != 0) nonzero.insert(name);
    }
  std::erase_if(columns, [&](const std::string& c) { return !nonzero.count(c); });
  auto headline_rank = [&](const std::string& c) {
    for (size_t i = 0; i < p.headline_counters.size(); ++i)
      if (c == p.headline_counters[i] || c.starts_with(p.headline_counters[i] + "_per_")) return i;
    return p.headline_counters.size();
  };
  std::stable_sort(columns.begin(), columns.end(),
                   [&](auto& a, auto& b) { return headline_rank(a) < headline_rank(b); });
  return columns;
}

// A benchmark's row: scenario, its time per unit with spread and CI, then
// each counter column's median.
std::vector<std::string> detail_row(const Report& r, const BenchmarkResult& b, const UnitValues& u,
                                    const std::vector<std::string>& keys, const std::string& clock,
                                    const std::vector<std::string>& columns,
                                    const std::map<std::string, const Metric*>& counters) {
  const Summary s = summarize(u.samples);
  const Interval ci = bootstrap_median_ci(
      u.samples, 0.95, stable_hash(b.name, r.options.compare.seed), r.options.compare.resamples);
  std::vector<std::string> row = {scenario_label(b, keys),
                                  b.mode(),
                                  b.fs_type(),
                                  std::to_string(s.n),
                                  unit_value_text(s.median, u, clock),
                                  stddev_text(s),
                                  s.n >= 2 ? "[" + unit_value_text(ci.low, u, clock) + ", " +
                                                 unit_value_text(ci.high, u, clock) + "]"
                                           : "n/a"};
  for (const auto& c : columns) {
    auto it = counters.find(c);
    if (it == counters.end()) {
      row.push_back("");
    } else if (c.starts_with("latency_")) {
      row.push_back(humanize_ns(median(it->second->samples), clock));
    } else {
      row.push_back(humanize_count(median(it->second->samples)));
    }
  }
  return row;
}

// A family's table over one run, under a paragraph saying what its columns
// are.
void family_detail(Report& r, const Results& res, const std::string& family) {
  const auto bs = of_family(res, family);
  if (bs.empty()) return;
  const std::string clock = clock_of(res);
  const FamilyPresentation p = family_view(res, family).presentation;
  const auto keys = varying_keys(bs);
  CounterCells cells;
  const std::vector<std::string> columns = counter_columns(bs, p, cells);
  std::string value_header;
  std::vector<std::vector<std::string>> rows;
  for (const auto* b : bs) {
    const UnitValues u = unit_values(res, *b, p);
    if (u.samples.empty()) continue;
    value_header = unit_value_label(u);
    rows.push_back(detail_row(r, *b, u, keys, clock, columns, cells[b]));
  }
  std::vector<std::string> header = {"scenario",   "mode",    "fs",    "n",
                                     value_header, "±stddev", "95% CI"};
  const std::string suffix = "_per_" + per_unit(p.unit_quantity);
  std::vector<std::string> per_unit, other;
  for (const auto& c : columns) {
    if (c.ends_with(suffix)) {
      header.push_back(c.substr(0, c.size() - suffix.size()));
      per_unit.push_back(c.substr(0, c.size() - suffix.size()));
    } else {
      header.push_back(c);
      other.push_back(c);
    }
  }
  r.doc.heading(4, family);
  r.doc.paragraph(
      "Medians over repetitions. " +
      (per_unit.empty() ? std::string()
                        : "Counters per " + p.unit + " (" + join(per_unit, ", ") + "); ") +
      (other.empty() ? std::string() : "as named: " + join(other, ", ") + "; ") +
      "a counter is shown only where it is non-zero in some row; every other form (totals, per "
      "iteration, per byte) is in the results file. Scenario: " +
      (keys.empty() ? std::string("the only one") : join(keys, "/")) + ".");
  r.doc.table(header, rows);
}

void add_skipped_and_failed(Report& r, const Results& res) {
  std::vector<std::string> skipped, failed;
  for (const auto& b : res.benchmarks) {
    if (b.error.empty()) continue;
    (b.error.rfind("skipped", 0) == 0 ? skipped : failed).push_back(b.name + ": " + b.error);
  }
  if (!skipped.empty()) {
    r.doc.paragraph(std::to_string(skipped.size()) + " skipped (not possible here):");
    r.doc.list(skipped);
  }
  if (!failed.empty()) {
    r.doc.paragraph(std::to_string(failed.size()) + " failed:");
    r.doc.list(failed);
  }
}

void run_detail(Report& r, size_t run) {
  const Results& res = r.runs[run];
  r.doc.heading(3,
                "Run " + std::to_string(run + 1) + ": " + fs::path(res.path).filename().string());
  if (res.context.value("incomplete", false))
    r.doc.paragraph(
        "This run was interrupted (incomplete: true): only finished benchmarks are "
        "present.");
  for (const auto& family : families_in(res)) family_detail(r, res, family);
  add_skipped_and_failed(r, res);
  add_profile_run_section(r.doc, res);  // profile hook (analysis/profile_section.h)
}

}  // namespace

void findings_section(Report& r) {
  r.doc.heading(2, "Findings");
  const auto& compared = r.compared_runs();
  for (size_t i : compared) ab_findings(r, i);
  for (size_t i = 0; i < r.runs.size(); ++i)
    if (std::find(compared.begin(), compared.end(), i) == compared.end()) dax_findings(r, i);
}

void notes_section(Report& r) {
  if (r.options.notes_file.empty()) return;
  std::ifstream in(r.options.notes_file);
  if (!in) throw UsageError(r.options.notes_file + ": cannot open the --notes file");
  r.doc.heading(2, "Notes");
  // Paragraphs separated by blank lines; lines starting "- " are list items.
  std::string line, paragraph;
  std::vector<std::string> items;
  auto flush = [&] {
    if (!paragraph.empty()) r.doc.paragraph(paragraph);
    if (!items.empty()) r.doc.list(items);
    paragraph.clear();
    items.clear();
  };
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
    } else if (line.rfind("- ", 0) == 0) {
      if (!paragraph.empty()) r.doc.paragraph(paragraph);
      paragraph.clear();
      items.push_back(line.substr(2));
    } else if (!items.empty()) {
      items.back() += " " + line;
    } else {
      paragraph += (paragraph.empty() ? "" : " ") + line;
    }
  }
  flush();
}

void plots_section(Report& r) {
  r.doc.heading(2, "Plots");
  const size_t before = r.figures;
  const auto& compared = r.compared_runs();
  for (size_t i : compared)
    if (const Comparison* c = r.comparison(i)) draw_ab_ratio(r, *c, i);
  for (size_t run = 0; run < r.runs.size(); ++run) {
    // An A/B report plots what compares: the ratio chart above has both
    // runs in every point; a family plot shows one run only.
    if (!compared.empty() &&
        (run == 0 || std::find(compared.begin(), compared.end(), run) != compared.end())) {
      r.omit("family plots of " + r.run_label(run),
             "an A/B report plots both runs (the sorted ratio chart above); a plot of one run "
             "alone would not compare");
      continue;
    }
    for (const auto& family : families_in(r.runs[run])) {
      FamilyView view = family_view(r.runs[run], family);
      std::vector<PlotSpec> specs = view.presentation.plots;
      if (specs.empty()) {
        PlotSpec s;  // a family that declares none: its time per unit, per scenario
        s.id = family + "-time";
        s.title =
            family + ": " +
            (view.presentation.throughput ? "throughput" : "time per " + view.presentation.unit);
        specs.push_back(s);
      }
      for (const auto& spec : specs) {
        PlotDrawer draw = plot_drawer(spec.kind);
        if (!draw) {
          r.omit(family + ": " + spec.title, "unknown plot kind \"" + spec.kind + "\"");
          continue;
        }
        draw(r, run, view.presentation, spec);
      }
    }
  }
  if (r.figures == before) r.doc.paragraph("No plot could be drawn (see \"Plots not drawn\").");
}

void detail_section(Report& r) {
  r.doc.heading(2, "Per-benchmark detail");
  for (size_t run = 0; run < r.runs.size(); ++run) run_detail(r, run);
}

void reproduce_and_environment_section(Report& r, const std::vector<std::string>& copies,
                                       const std::string& command) {
  r.doc.fold_begin("Reproduce", 2);
  r.doc.paragraph("Each run was produced by the command line recorded in its results file:");
  std::string commands;
  for (size_t i = 0; i < r.runs.size(); ++i) {
    const std::string cl = r.runs[i].context_string("command_line");
    commands += "# " + r.run_label(i) + ", copied here as " + copies[i] + "\n" +
                (cl.empty() ? "# (command_line not recorded)" : cl) + "\n";
  }
  r.doc.code(commands.substr(0, commands.size() - 1));
  r.doc.paragraph("This report was generated with:");
  r.doc.code(command);
  r.doc.fold_end();
  for (size_t i = 0; i < r.runs.size(); ++i) {
    const Results& res = r.runs[i];
    r.doc.fold_begin("Environment and targets of " + r.run_label(i), 2);
    r.doc.paragraph("Clock and unit: " + clock_text(res) + ".");
    std::vector<std::vector<std::string>> rows;
    const std::set<std::string> fiction = fiction_keys(res);
    std::vector<std::string> left_out;
    for (auto it = res.context.begin(); it != res.context.end(); ++it) {
      if (it.key() == "targets" || it.key() == "families" || it.key() == "tcg_fiction") continue;
      if (fiction.count(it.key())) {
        left_out.push_back(it.key());
        continue;
      }
      rows.push_back({it.key(), it->is_string() ? it->get<std::string>() : it->dump()});
    }
    r.doc.table({"key", "value"}, rows);
    if (!left_out.empty())
      r.doc.paragraph("Not shown, made up by QEMU's TCG CPU model rather than measured: " +
                      join(left_out, ", ") + ".");
    auto targets = res.context.find("targets");
    if (targets != res.context.end() && targets->is_array() && !targets->empty()) {
      std::vector<std::string> header;
      for (auto it = (*targets)[0].begin(); it != (*targets)[0].end(); ++it)
        header.push_back(it.key());
      std::vector<std::vector<std::string>> trows;
      for (const auto& t : *targets) {
        std::vector<std::string> row;
        for (const auto& key : header) {
          const Json v = t.value(key, Json());
          row.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        }
        trows.push_back(row);
      }
      r.doc.paragraph("Targets:");
      r.doc.table(header, trows);
    }
    r.doc.fold_end();
  }
}

void omitted_section(Report& r) {
  if (r.omitted.empty()) return;
  r.doc.fold_begin("Plots not drawn (" + std::to_string(r.omitted.size()) + ")", 2);
  r.doc.list(r.omitted);
  r.doc.fold_end();
}

}  // namespace daxbench::analysis
