#include "analysis/compare_scenarios.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/families.h"

namespace daxbench::analysis {

namespace {

// The kernel's page faults per iteration: the software event
// PERF_COUNT_SW_PAGE_FAULTS per iteration. Older files carry it normalised
// ("<event>_per_iteration"); newer ones only its total and the iterations
// it was counted over (docs/results-format.md: one normalisation per
// counter), so each repetition's value is total / counted_iterations.
constexpr const char* kFaultsPerIteration = "page_faults_per_iteration";

std::vector<double> faults_samples(const BenchmarkResult& b) {
  if (const Metric* m = b.metric(kFaultsPerIteration)) return m->samples;
  const Metric* total = b.metric("page_faults_total");
  const Metric* iterations = b.metric("counted_iterations");
  std::vector<double> out;
  if (!total || !iterations || total->samples.size() != iterations->samples.size()) return out;
  for (size_t i = 0; i < total->samples.size(); ++i)
    if (iterations->samples[i] > 0) out.push_back(total->samples[i] / iterations->samples[i]);
  return out;
}

std::string after(const std::string& s, const std::string& marker) {
  const size_t at = s.rfind(marker);
  return at == std::string::npos ? "" : s.substr(at + marker.size());
}

// "6.1.0-57-amd64 (linux-image-6.1.0-57-amd64 6.1.192-3)": lab/daxlab ends
// context.lab with ", kernel RELEASE (PACKAGE VERSION)" or the bzImage it
// booted; a host run has only kernel_release.
// A Debian package named after the release is said by its version alone.
std::string kernel_text(const Results& r) {
  const std::string release = r.context_string("kernel_release");
  std::string from_lab = after(r.context_string("lab"), ", kernel ");
  if (from_lab.empty()) return release;
  // What the lab says after the kernel ("; perf jump labels held from
  // boot") is the machine's, and the suite beside an exact package version
  // ("6.12.118-1~deb12u1, bookworm-security") adds nothing to it.
  from_lab = from_lab.substr(0, from_lab.find("; "));
  if (const size_t close = from_lab.rfind(')'), comma = from_lab.rfind(", ", close);
      close != std::string::npos && comma != std::string::npos &&
      from_lab.find(' ', comma + 2) > close)
    from_lab.erase(comma, close - comma);
  const std::string package = "(linux-image-" + release;
  if (const size_t at = from_lab.find(package); !release.empty() && at != std::string::npos) {
    const size_t space = from_lab.find(' ', at);
    if (space != std::string::npos)
      return from_lab.substr(0, at) + "(Debian package " + from_lab.substr(space + 1);
  }
  return from_lab;
}

// The lab or host without its kernel, and without the clock sentence the
// header's clock line says once.
std::string machine_text(const Results& r) {
  const std::string lab = r.context_string("lab");
  if (lab.empty()) {
    const std::string cpus = r.context_string("num_cpus");
    return r.context_string("cpu_model") + (cpus.empty() ? "" : ", " + cpus + " CPUs") + ", " +
           r.context_string("host_name");
  }
  // The targets carry the node the kernel reported; the header says the clock.
  std::string text;
  for (const auto& p : lab_machine_parts(lab)) {
    if (!text.empty()) text += ", ";
    text += p;
  }
  return text;
}

// daxbench merge records the rounds it merged (context.merged_from), each
// one boot under lab/daxlab ab; an unmerged file is one run.
size_t runs_of(const Results& r) {
  auto it = r.context.find("merged_from");
  return it != r.context.end() && it->is_array() && !it->empty() ? it->size() : 1;
}

// The family's headline of one benchmark (see BenchmarkComparison): per
// fault when the faults are the same on both sides (else the per-page
// figure says more).
HeadlineValues headline(const Results& r, const BenchmarkResult& b, const BenchmarkResult& other) {
  const double here = faults_per_iteration(b);
  return headline_values(r, b, here > 0 && here == faults_per_iteration(other));
}

std::string plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void group_rows(const CompareOptions& options, Comparison& c) {
  std::map<std::string, std::vector<size_t>> classes;
  std::vector<std::string> order;
  std::map<std::string, std::string> class_names;
  for (size_t i = 0; i < c.benchmarks.size(); ++i) {
    const auto& b = c.benchmarks[i];
    const std::string key = b.family + "|" + b.scenario;
    if (!classes.count(key)) order.push_back(key);
    classes[key].push_back(i);
    class_names[key] = b.scenario;
  }
  for (const auto& key : order) {
    auto members = classes[key];
    std::stable_sort(members.begin(), members.end(), [&](size_t a, size_t z) {
      return c.benchmarks[a].ratio < c.benchmarks[z].ratio;
    });
    // Agree = same verdict and ratios within the threshold of the cluster's
    // first: a difference between two copies that would not itself be a
    // change is not a finding.
    std::vector<RowGroup> clusters;
    for (size_t i : members) {
      const auto& b = c.benchmarks[i];
      if (!clusters.empty()) {
        auto& last = clusters.back();
        const auto& first = c.benchmarks[last.members.front()];
        if (first.verdict == b.verdict && std::isfinite(b.ratio) && first.ratio > 0 &&
            b.ratio / first.ratio - 1 <= options.threshold) {
          last.members.push_back(i);
          continue;
        }
      }
      RowGroup g;
      g.members = {i};
      g.verdict = b.verdict;
      clusters.push_back(g);
    }
    for (auto& g : clusters) {
      g.representative = g.members[g.members.size() / 2];
      g.low = c.benchmarks[g.members.front()].ratio;
      g.high = c.benchmarks[g.members.back()].ratio;
      const size_t n = g.members.size();
      if (n == 1) {
        g.name = c.benchmarks[g.members[0]].short_name;
      } else {
        g.name = class_names[key] + " (x" + std::to_string(n) +
                 (n < members.size() ? " of " + std::to_string(members.size()) : "") + ")";
      }
      c.groups.push_back(g);
    }
  }
  std::stable_sort(c.groups.begin(), c.groups.end(), [&](const RowGroup& a, const RowGroup& z) {
    return std::fabs(std::log(c.benchmarks[a.representative].ratio)) >
           std::fabs(std::log(c.benchmarks[z.representative].ratio));
  });
}

void collect_counter_rows(const Results& base, const CompareOptions& options, Comparison& c) {
  std::map<std::pair<std::string, std::string>, const MetricComparison*> by_name;
  for (const auto& r : c.rows) by_name[{r.benchmark, r.metric}] = &r;
  std::map<std::string, CounterRow> rows;
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> short_of;
  for (const auto& bc : c.benchmarks) {
    const BenchmarkResult* b = base.find(bc.benchmark);
    const FamilyPresentation p = family_view(base, bc.family).presentation;
    for (const auto& [column, metric] : shown_counters(*b, p)) {
      auto it = by_name.find({bc.benchmark, metric->name});
      if (it == by_name.end()) continue;
      const MetricComparison& m = *it->second;
      const std::string presence = m.presence();
      if (presence.empty() && m.verdict != Verdict::kRegressed && m.verdict != Verdict::kImproved)
        continue;
      const std::string change = presence.empty() ? format_change(m.ratio) : presence;
      const ScenarioClass cls = scenario_class(*b, c.names, false);
      // Same counter, same strict scenario, same change within the threshold:
      // one row (rounded to the threshold's resolution).
      const double step = std::max(options.threshold, 1e-6);
      const std::string bucket =
          presence.empty() ? std::to_string(std::lround(std::log(m.ratio) / step)) : presence;
      const std::string key = m.metric + "|" + cls.key + "|" + bucket;
      if (!rows.count(key)) {
        order.push_back(key);
        rows[key].counter = m.metric;
        rows[key].name = cls.name;
        rows[key].change = change;
      }
      rows[key].members.push_back(m);
      short_of[key].push_back(bc.short_name);
    }
  }
  for (const auto& key : order) {
    CounterRow r = rows[key];
    if (r.members.size() == 1) {
      r.name = short_of[key][0];
    } else {
      r.name += " (x" + std::to_string(r.members.size()) + ")";
    }
    c.counter_rows.push_back(r);
  }
  std::stable_sort(
      c.counter_rows.begin(), c.counter_rows.end(), [](const CounterRow& a, const CounterRow& z) {
        const bool a_plain = a.members[0].presence().empty();
        const bool z_plain = z.members[0].presence().empty();
        if (a_plain != z_plain) return a_plain;
        return std::fabs(std::log(a.members[0].ratio)) > std::fabs(std::log(z.members[0].ratio));
      });
}

void geometric_means(const Results& base, Comparison& c) {
  std::map<std::string, std::vector<double>> ratios;
  std::vector<std::string> order;
  std::set<std::string> families;
  for (const auto& b : c.benchmarks) families.insert(b.family);
  for (const auto& bc : c.benchmarks) {
    const BenchmarkResult* b = base.find(bc.benchmark);
    std::string name = b->fs_type() + " " + mode_group(*b);
    if (families.size() > 1) name = bc.family + " " + name;
    if (!ratios.count(name)) order.push_back(name);
    // A rate's ratio is upside down for a cost: invert so that < 1 is better.
    ratios[name].push_back(bc.rate ? 1 / bc.ratio : bc.ratio);
  }
  for (const auto& name : order) {
    GeomeanGroup g;
    g.name = name;
    g.ratio = geometric_mean(ratios[name]);
    g.benchmarks = ratios[name].size();
    c.geomeans.push_back(g);
  }
}

}  // namespace

double faults_per_iteration(const BenchmarkResult& b) {
  const std::vector<double> faults = faults_samples(b);
  return faults.empty() ? 0 : median(faults);
}

HeadlineValues headline_values(const Results& r, const BenchmarkResult& b, bool per_fault) {
  FamilyPresentation p = family_view(r, b.family()).presentation;
  const Metric* time = b.metric("real_time");
  const double per_iteration = faults_per_iteration(b);
  HeadlineValues h;
  // A family counting pages: what a fault costs. Each repetition's time
  // over the median faults per iteration: a repetition that counted a few
  // stray faults more (6.1, ext4 page cache, PMD write-after-read: 8.9 %
  // spread per repetition against 0.1 % in time) does not make the cost
  // look noisy.
  if (per_fault && p.unit == "page" && time && per_iteration > 0) {
    h.per = "fault";
    for (double t : time->samples) h.samples.push_back(t / per_iteration);
    return h;
  }
  // Rates from the deterministic clock are instructions per byte upside
  // down, not bandwidth: time per unit instead.
  if (r.clock() == "instruction-ns") p.throughput = false;
  UnitValues u = unit_values(r, b, p);
  h.samples = std::move(u.samples);
  h.rate = u.rate;
  h.per = u.rate ? "" : u.per;
  return h;
}

void judge_benchmarks(const Results& base, const Results& neu, const CompareOptions& options,
                      Comparison& c) {
  std::vector<const BenchmarkResult*> compared;
  for (const auto& b : base.benchmarks) {
    const BenchmarkResult* n = neu.find(b.name);
    if (n && b.error.empty() && n->error.empty() && b.repetitions >= 2 && n->repetitions >= 2)
      compared.push_back(&b);
  }
  c.names = short_names(compared);
  c.verdict_counts.clear();
  std::vector<double> noise;
  for (const auto* b : compared) {
    const BenchmarkResult& n = *neu.find(b->name);
    const HeadlineValues hb = headline(base, *b, n), hn = headline(neu, n, *b);
    if (hb.samples.size() < 2 || hn.samples.size() < 2 || hb.per != hn.per) {
      c.not_compared.push_back({b->name, hb.per != hn.per
                                             ? "headline per " + hb.per + " on base, per " +
                                                   hn.per + " on new: not one unit"
                                             : "fewer than 2 positive times for its headline"});
      continue;
    }
    BenchmarkComparison bc;
    bc.benchmark = b->name;
    bc.short_name = c.names.of[b->name];
    bc.scenario = scenario_class(*b, c.names).name;
    bc.family = b->family();
    bc.per = hb.per;
    bc.rate = hb.rate;
    bc.direction = hb.rate ? Direction::kHigherIsBetter : Direction::kLowerIsBetter;
    bc.base = summarize(hb.samples);
    bc.neu = summarize(hn.samples);
    bc.ratio = bc.neu.median / bc.base.median;
    bc.ci = bootstrap_ratio_of_medians_ci(hb.samples, hn.samples, options.confidence,
                                          stable_hash(b->name + ".headline", options.seed),
                                          options.resamples);
    bc.test = mann_whitney_u(hn.samples, hb.samples);
    bc.verdict = decide(VerdictInput{bc.ratio, bc.ci, bc.test.p_value, bc.direction,
                                     options.threshold, options.alpha});
    noise.push_back(bc.base.relative_stddev_percent());
    noise.push_back(bc.neu.relative_stddev_percent());
    ++c.verdict_counts[bc.verdict];
    c.benchmarks.push_back(bc);
  }
  group_rows(options, c);
  collect_counter_rows(base, options, c);
  geometric_means(base, c);

  c.base_kernel = kernel_text(base);
  c.new_kernel = kernel_text(neu);
  c.testcase = c.names.common;
  if (const std::string config = base.context_string("config_file"); !config.empty())
    c.testcase += " (" + config.substr(config.rfind('/') + 1) + ")";  // configs/NAME
  const std::string mb = machine_text(base), mn = machine_text(neu);
  c.machine = mb == mn ? mb : "base: " + mb + "; new: " + mn;
  const size_t rb = runs_of(base), rn = runs_of(neu);
  c.boots = rb == 1 && rn == 1
                ? std::string(base.emulated() ? "one boot per kernel" : "one run per side") + " (" +
                      (base.emulated() ? "boot" : "run") + "-to-" +
                      (base.emulated() ? "boot" : "run") + " noise not in it)"
                : plural(rb, "run") + " (base) and " + plural(rn, "run") +
                      " (new) merged (context merged_from)";
  c.unit = c.time_unit == "instruction-ns" ? "instructions" : "ns";
  if (!noise.empty()) {
    c.noise_max_percent = *std::max_element(noise.begin(), noise.end());
    c.noise_median_percent = median(noise);
  }
}

}  // namespace daxbench::analysis
