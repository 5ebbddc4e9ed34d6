// perf report / perf diff over the profiles of `daxbench run --profile`
// (profile_section.h).
#include "analysis/profile_section.h"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/perf_tool.h"
#include "core/scratch.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

namespace fs = std::filesystem;

constexpr size_t kTopRows = 10;

// How the sample times were set (daxbench.profile.period_dither): random
// periods, or why they were fixed. Older results files say nothing.
std::string dither_text(const Json& profile) {
  const Json d = profile.value("period_dither", Json());
  if (!d.is_object()) return "";
  if (d.contains("off")) return "; fixed period: " + d.value("off", std::string());
  const Json range = d.value("period_ns", Json::array());
  if (range.size() != 2) return "";
  return "; random sample times, periods " + fmt("%.3g", range[0].get<double>() / 1e3) + "-" +
         fmt("%.3g", range[1].get<double>() / 1e3) + " µs, changed " +
         std::to_string(d.value("changes", uint64_t{0})) + " times";
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  for (std::string x; std::getline(ss, x, ';');) f.push_back(trim(x));
  return f;
}

double percent(const std::string& s) {
  if (s.empty()) return 0;
  try {
    return std::stod(s);  // "28.56%" and "+4.50%" parse up to the '%'
  } catch (...) {
    return 0;
  }
}

uint64_t number(const std::string& s) {
  try {
    return s.empty() ? 0 : std::stoull(s);
  } catch (...) {
    return 0;
  }
}

// "[k] dax_iomap_pte_fault" -> (true, "dax_iomap_pte_fault"); "[.] main" -> (false, "main").
std::pair<bool, std::string> split_symbol(const std::string& s) {
  // An address perf could not name ("[k] 0x00007fc460600000": a user
  // address at the top of a kernel chain) is no kernel function.
  if (s.rfind("[k] 0x", 0) == 0 ||
      (s.rfind("[k] ", 0) == 0 && s.size() >= 12 &&
       s.find_first_not_of("0123456789abcdef", 4) == std::string::npos))
    return {false, s.substr(4)};
  if (s.rfind("[k] ", 0) == 0) return {true, s.substr(4)};
  if (s.size() > 4 && s[0] == '[' && s[2] == ']') return {false, s.substr(4)};
  return {false, s};
}

// The perf binary, found once per report (core/perf_tool.h).
const std::string& perf_binary() {
  static const std::string perf = find_perf("daxbench report (to read --profile profiles)");
  return perf;
}

fs::path beside(const Results& run, const std::string& relative) {
  const fs::path p(relative);
  if (p.is_absolute()) return p;
  const fs::path dir = fs::path(run.path).parent_path();
  return dir.empty() ? p : dir / p;
}

std::string why_failed(const Captured& c) {
  std::string text = trim(c.err.empty() ? c.out : c.err);
  const auto nl = text.rfind('\n');
  if (nl != std::string::npos) text = text.substr(nl + 1);
  return "perf exited " + std::to_string(c.status) + (text.empty() ? "" : ": " + text);
}

// A private directory (mkdtemp under $TMPDIR, removed by fd walk) holding the
// build-id caches of both sides of a diff: perf reads one cache, and each
// side's kernel symbols are in its own run's cache.
class MergedCache {
 public:
  MergedCache() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/daxbench-profile.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr)
      throw std::runtime_error("cannot create a temporary directory for perf diff under " +
                               tmpl.substr(0, tmpl.rfind('/')));
    path_ = tmpl;
  }
  MergedCache(const MergedCache&) = delete;
  MergedCache& operator=(const MergedCache&) = delete;
  ~MergedCache() { remove_tree(path_); }
  // Adds what is not there yet (the same kernel's entries are identical).
  void add(const fs::path& cache) {
    std::error_code ec;
    const fs::path to(path_);
    for (fs::recursive_directory_iterator it(cache, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path rel = it->path().lexically_relative(cache);
      const fs::path dest = to / rel;
      if (fs::exists(fs::symlink_status(dest))) continue;
      if (it->is_symlink()) {
        fs::copy_symlink(it->path(), dest, ec);
      } else if (it->is_directory()) {
        fs::create_directories(dest, ec);
      } else {
        fs::copy_file(it->path(), dest, ec);
      }
    }
    if (ec) throw std::runtime_error("cannot copy " + cache.string() + ": " + ec.message());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// True when both caches hold [kernel.kallsyms] for one build id with
// different contents (two boots of one kernel: module addresses differ).
bool same_build_id_other_kallsyms(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const fs::path ka = a / "[kernel.kallsyms]";
  for (fs::directory_iterator it(ka, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path other = b / "[kernel.kallsyms]" / it->path().filename() / "kallsyms";
    const fs::path mine = it->path() / "kallsyms";
    if (!fs::exists(other)) continue;
    std::ifstream x(mine, std::ios::binary), y(other, std::ios::binary);
    std::istreambuf_iterator<char> ex, ey;
    if (!std::equal(std::istreambuf_iterator<char>(x), ex, std::istreambuf_iterator<char>(y), ey))
      return true;
  }
  return false;
}

struct Located {
  fs::path file, cache;
  uint64_t samples = 0, period_ns = 0;
  std::string error;
};

Located locate(const Results& run, const Json& profile) {
  Located l;
  l.file = beside(run, profile.value("file", ""));
  l.cache = beside(run, profile.value("buildid_cache", ""));
  l.samples = profile.value("samples", uint64_t{0});
  l.period_ns = profile.value("period_ns", uint64_t{0});
  std::error_code ec;
  if (profile.value("file", "").empty() || !fs::is_regular_file(l.file, ec))
    l.error = "profile " + l.file.string() + " not found";
  else if (l.period_ns == 0)
    l.error = "profile " + l.file.string() + " has no period_ns in the results file";
  return l;
}

// perf diff base new: symbol -> row, in perf's order.
std::vector<ProfileDelta> perf_diff(const Located& base, const Located& neu, std::string& error) {
  std::vector<ProfileDelta> rows;
  MergedCache cache;
  try {
    cache.add(base.cache);
    cache.add(neu.cache);
  } catch (const std::exception& e) {
    error = e.what();
    return rows;
  }
  const Captured c =
      run_captured({perf_binary(), "--buildid-dir", cache.path(), "diff", "-q", "-p", "-t", ";",
                    "--sort", "dso,sym", base.file.string(), neu.file.string()});
  if (c.status != 0) {
    error = why_failed(c);
    return rows;
  }
  std::istringstream in(c.out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    // Baseline ; Period ; Delta ; Period ; Shared Object ; Symbol
    const auto f = split_fields(line);
    if (f.size() < 6) continue;
    ProfileDelta d;
    d.base_percent = percent(f[0]);
    d.base_samples = number(f[1]) / base.period_ns;
    d.new_samples = number(f[3]) / neu.period_ns;
    d.new_percent =
        neu.samples ? 100.0 * static_cast<double>(d.new_samples) / static_cast<double>(neu.samples)
                    : 0;
    // perf prints no delta for an entry missing on one side; the shares
    // still say how it changed.
    d.delta = f[2].empty() ? d.new_percent - d.base_percent : percent(f[2]);
    std::tie(d.kernel, d.symbol) = split_symbol(f[5]);
    d.dso = f[4];
    d.ranked = std::max(d.base_samples, d.new_samples) >= kMinProfileSamples;
    rows.push_back(d);
  }
  // perf diff sorts the matched entries by |delta| and lists the ones found
  // on one side only after them, without a delta: all in one order here.
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::abs(a.delta) > std::abs(b.delta);
  });
  return rows;
}

// The standard error of the difference of two sample shares (binomial), in
// percentage points.
double binomial_se(double pct1, double n1, double pct2, double n2) {
  const double p1 = pct1 / 100, p2 = pct2 / 100;
  return std::sqrt(p1 * (1 - p1) / std::max(n1, 1.0) + p2 * (1 - p2) / std::max(n2, 1.0)) * 100;
}

// Kernel modules: perf names their functions from the kallsyms copy in the
// build-id cache, one per kernel build id. Two boots of one modular kernel
// load modules at different addresses under the same build id, so one
// side's module functions would be named from the other's kallsyms: those
// rows are dropped, and said so.
void drop_unreliable_module_rows(ProfileDiff& d, const Located& base, const Located& neu) {
  if (!same_build_id_other_kallsyms(base.cache, neu.cache)) return;
  const auto before = d.rows.size();
  std::erase_if(d.rows, [](const ProfileDelta& r) { return r.module(); });
  d.dropped_module_rows = before - d.rows.size();
}

// A/A: the base side's second profile (another round of the same kernel):
// how far functions move with no change at all. Its overdispersion phi =
// mean over ranked functions of (A/A delta / its binomial standard error)^2
// scales every function's standard error (phi is about 1 when boots differ
// only by sampling), and the function's own A/A delta is a bound of its own.
struct AaReference {
  std::map<std::string, double> delta;  // |A/A delta| by symbol
  double phi = 1;
};

// Sets d.aa_file and d.aa_overdispersion when the A/A diff ranks a function.
AaReference aa_reference(const Results& base, const Json& second, const Located& lb,
                         ProfileDiff& d) {
  AaReference aa;
  const Located la = locate(base, second);
  if (!la.error.empty()) return aa;
  std::string aa_error;
  const bool aa_modules_unreliable = same_build_id_other_kallsyms(lb.cache, la.cache);
  double sum = 0;
  size_t n = 0;
  for (const auto& r : perf_diff(lb, la, aa_error)) {
    if (aa_modules_unreliable && r.module()) continue;
    aa.delta[r.symbol] = std::abs(r.delta);
    const double se = binomial_se(r.base_percent, static_cast<double>(lb.samples), r.new_percent,
                                  static_cast<double>(la.samples));
    if (r.ranked && se > 0) {
      sum += (r.delta / se) * (r.delta / se);
      ++n;
    }
  }
  if (aa_error.empty() && n > 0) {
    d.aa_file = la.file.string();
    d.aa_overdispersion = sum / static_cast<double>(n);
    aa.phi = std::max(1.0, d.aa_overdispersion);
  }
  return aa;
}

// Each row's noise: the largest of 3 (A/A-scaled) standard errors, its own
// A/A delta and the diff's noise floor.
void set_row_noise(ProfileDiff& d, const AaReference& aa) {
  for (auto& r : d.rows) {
    const double se = binomial_se(r.base_percent, static_cast<double>(d.base_samples),
                                  r.new_percent, static_cast<double>(d.new_samples));
    const auto own = aa.delta.find(r.symbol);
    r.aa_delta = own != aa.delta.end() ? own->second : 0;
    r.noise = std::max({3 * std::sqrt(aa.phi) * se, r.aa_delta, d.noise_floor});
  }
}

// The benchmarks of the new run profiled on both sides, in its order.
std::vector<std::string> profiled_on_both_sides(const Results& base, const Results& neu) {
  std::vector<std::string> names;
  for (const auto& b : neu.benchmarks) {
    const BenchmarkResult* other = base.find(b.name);
    if (other && !other->profiles.empty() && !b.profiles.empty()) names.push_back(b.name);
  }
  return names;
}

// How the deltas and their noise are computed, once above the scenarios.
void add_profile_ab_method(Document& doc) {
  doc.paragraph(
      "Per function, `perf diff` of the base run's profile against the new run's (matched by "
      "shared object and symbol by perf itself), sorted by absolute change: Delta = new % - "
      "base % of each profile's samples, in percentage points. Noise, the largest of: 3 "
      "standard errors of the difference of two sample shares (binomial), scaled by the "
      "overdispersion of an A/A when the base run has a second profile (another round of the "
      "same kernel); the function's own delta in that A/A; and in deterministic lab mode " +
      fmt("%.1f", kDeterministicSkidFloor) +
      " pp, for attribution that moves between functions with no change of work, which an A/A "
      "of one kernel cannot see; and in deterministic mode the layout "
      "skid of this A/B: the largest move of any function in another scenario whose time did "
      "not change (same instructions on both kernels, so its moves are attribution, not work). "
      "Functions with fewer than " +
      std::to_string(kMinProfileSamples) + " samples on both sides are not ranked.");
}

// The scenario's time change and verdict from the comparison's real_time
// row; both left as they are when it has none.
void time_change(const Comparison& c, const std::string& name, std::string& change,
                 std::string& verdict) {
  for (const auto& m : c.rows) {
    if (m.benchmark == name && m.metric == "real_time") {
      change = "time " + format_change(m.ratio);
      verdict = to_string(m.verdict);
    }
  }
}

// A diff's ranked rows: all of them as JSON, the first kTopRows as the
// table's cells.
struct RankedDeltas {
  Json json = Json::array();
  std::vector<std::vector<std::string>> table;
  size_t unranked = 0, above = 0;
};

RankedDeltas ranked_deltas(const ProfileDiff& d) {
  RankedDeltas out;
  for (const auto& r : d.rows) {
    if (!r.ranked) {
      ++out.unranked;
      continue;
    }
    out.above += r.above_noise();
    out.json.push_back({{"symbol", r.symbol},
                        {"kernel", r.kernel},
                        {"base_percent", r.base_percent},
                        {"new_percent", r.new_percent},
                        {"delta", r.delta},
                        {"noise", r.noise},
                        {"aa_delta", r.aa_delta},
                        {"base_samples", r.base_samples},
                        {"new_samples", r.new_samples},
                        {"above_noise", r.above_noise()}});
    if (out.table.size() < kTopRows)
      out.table.push_back({(r.kernel ? "[k] " : "[.] ") + r.symbol, fmt("%.2f", r.base_percent),
                           fmt("%.2f", r.new_percent), fmt("%+.2f", r.delta), fmt("%.2f", r.noise),
                           std::to_string(r.base_samples) + " / " + std::to_string(r.new_samples),
                           r.above_noise() ? "yes" : "no"});
  }
  return out;
}

// The sentence above a scenario's table: the profiles, the A/A reference,
// the layout skid, and how many functions moved beyond their noise.
std::string diff_summary_text(const ProfileDiff& d, size_t above) {
  return std::to_string(d.base_samples) + " base samples (`" + d.base_file + "`), " +
         std::to_string(d.new_samples) + " new samples (`" + d.new_file + "`)" +
         (d.aa_file.empty() ? "; no second base profile for an A/A noise reference"
                            : "; A/A reference `" + d.aa_file + "`") +
         (d.aa_file.empty() ? std::string()
                            : "; A/A overdispersion " + fmt("%.2f", d.aa_overdispersion)) +
         (d.layout_skid > 0
              ? "; layout skid " + fmt("%.2f", d.layout_skid) + " pp (largest move in `" +
                    d.layout_skid_from + "`, whose time did not change)"
              : std::string()) +
         ". " + std::to_string(above) + " functions changed by more than their noise.";
}

// One scenario's diff: its part of the document, and its JSON.
Json add_scenario_diff(Document& doc, const std::string& name, const std::string& change,
                       const std::string& verdict, const ProfileDiff& d) {
  doc.heading(4, name + ": " + change + (verdict.empty() ? "" : " (" + verdict + ")"));
  Json j = {{"name", name},
            {"time", change},
            {"verdict", verdict},
            {"base_file", d.base_file},
            {"new_file", d.new_file},
            {"aa_file", d.aa_file},
            {"base_samples", d.base_samples},
            {"new_samples", d.new_samples},
            {"rows", Json::array()}};
  if (!d.error.empty()) {
    doc.paragraph("Not diffed: " + d.error + ".");
    j["error"] = d.error;
    return j;
  }
  if (d.dropped_module_rows)
    doc.paragraph(std::to_string(d.dropped_module_rows) +
                  " rows of kernel-module functions left out: both profiles come from one "
                  "modular kernel booted twice, whose modules sit at other addresses in each "
                  "boot, and perf names them from one boot's kallsyms.");
  j["dropped_module_rows"] = d.dropped_module_rows;
  j["aa_overdispersion"] = d.aa_overdispersion;
  j["noise_floor"] = d.noise_floor;
  j["layout_skid"] = d.layout_skid;
  j["layout_skid_from"] = d.layout_skid_from;
  RankedDeltas ranked = ranked_deltas(d);
  j["rows"] = std::move(ranked.json);
  doc.paragraph(diff_summary_text(d, ranked.above));
  if (!ranked.table.empty())
    doc.table({"function", "base %", "new %", "delta (pp)", "noise (pp)", "samples base / new",
               "above noise"},
              ranked.table);
  if (ranked.unranked)
    doc.paragraph(std::to_string(ranked.unranked) + " functions with fewer than " +
                  std::to_string(kMinProfileSamples) + " samples on both sides not ranked.");
  j["functions_above_noise"] = ranked.above;
  return j;
}

}  // namespace

ProfileSummary summarize_profile(const Results& run, const Json& profile) {
  ProfileSummary s;
  const Located l = locate(run, profile);
  s.file = l.file.string();
  s.samples = l.samples;
  if (!l.error.empty()) {
    s.error = l.error;
    return s;
  }
  // perf report's lines, fields split; sets s.error and returns nothing on failure.
  auto report = [&](const char* children_flag) {
    std::vector<std::vector<std::string>> lines;
    const Captured c = run_captured({perf_binary(), "--buildid-dir", l.cache.string(), "report",
                                     "-i", s.file, "--stdio", children_flag, "--sort", "dso,sym",
                                     "-g", "none", "-n", "-t", ";", "-q"});
    if (c.status != 0) {
      s.error = why_failed(c);
      return lines;
    }
    std::istringstream in(c.out);
    for (std::string line; std::getline(in, line);) lines.push_back(split_fields(line));
    return lines;
  };
  // Overhead ; Samples ; Shared Object ; Symbol
  for (const auto& f : report("--no-children")) {
    if (f.size() < 4) continue;
    ProfileFunction fn;
    fn.self_percent = percent(f[0]);
    fn.samples = number(f[1]);
    std::tie(fn.kernel, fn.symbol) = split_symbol(f[3]);
    if (!fn.kernel) continue;
    if (fn.samples < kMinProfileSamples) {
      ++s.unranked;
      continue;
    }
    s.self.push_back(fn);
  }
  if (!s.error.empty()) return s;
  // Children ; Self ; Samples ; Shared Object ; Symbol
  for (const auto& f : report("--children")) {
    if (f.size() < 5) continue;
    ProfileFunction fn;
    fn.children_percent = percent(f[0]);
    fn.self_percent = percent(f[1]);
    fn.samples = number(f[2]);
    std::tie(fn.kernel, fn.symbol) = split_symbol(f[4]);
    if (!fn.kernel) continue;
    // Ranked by the samples below the function (its children share).
    if (fn.children_percent * static_cast<double>(s.samples) / 100.0 <
        static_cast<double>(kMinProfileSamples))
      continue;
    s.children.push_back(fn);
  }
  if (!s.error.empty()) return s;
  std::stable_sort(s.children.begin(), s.children.end(), [](const auto& a, const auto& b) {
    return a.children_percent > b.children_percent;
  });
  return s;
}

ProfileDiff diff_profiles(const Results& base, const Results& neu, const std::string& name) {
  ProfileDiff d;
  const BenchmarkResult* b = base.find(name);
  const BenchmarkResult* n = neu.find(name);
  if (!b || !n || b->profiles.empty() || n->profiles.empty()) {
    d.error = "no profile on both sides";
    return d;
  }
  const Located lb = locate(base, b->profiles[0]);
  const Located ln = locate(neu, n->profiles[0]);
  d.base_file = lb.file.string();
  d.new_file = ln.file.string();
  d.base_samples = lb.samples;
  d.new_samples = ln.samples;
  if (!lb.error.empty() || !ln.error.empty()) {
    d.error = lb.error.empty() ? ln.error : lb.error;
    return d;
  }
  d.rows = perf_diff(lb, ln, d.error);
  if (!d.error.empty()) return d;
  drop_unreliable_module_rows(d, lb, ln);
  const AaReference aa =
      b->profiles.size() >= 2 ? aa_reference(base, b->profiles[1], lb, d) : AaReference{};
  // Deterministic lab mode (instruction-ns): a floor for attribution that
  // moves with no change of work and that an A/A of one kernel cannot see.
  // Before sample times were randomized (bench/period_dither.h) a fixed
  // period strobed the workload's loop and a patch that changed the loop's
  // length moved samples by up to 10 pp; with random sample times the page
  // cache moved by at most 1.1 pp in lab.profile_known_answer's A/B, and an
  // interrupt taken late (irqs off) still lands on the next function that
  // enables them (_raw_spin_unlock_irq).
  if (base.clock() == "instruction-ns") d.noise_floor = kDeterministicSkidFloor;
  set_row_noise(d, aa);
  return d;
}

void apply_layout_skid(std::vector<ProfileDiff>& diffs, const std::vector<std::string>& names,
                       const std::vector<bool>& unchanged) {
  std::vector<double> largest(diffs.size(), 0);
  for (size_t i = 0; i < diffs.size(); ++i) {
    if (!unchanged[i] || !diffs[i].error.empty() || diffs[i].noise_floor == 0) continue;
    for (const auto& r : diffs[i].rows)
      if (r.ranked) largest[i] = std::max(largest[i], std::abs(r.delta));
  }
  for (size_t i = 0; i < diffs.size(); ++i) {
    ProfileDiff& d = diffs[i];
    if (d.noise_floor == 0) continue;  // wall-clock: time says nothing about the work
    for (size_t j = 0; j < diffs.size(); ++j) {
      if (j != i && largest[j] > d.layout_skid) {
        d.layout_skid = largest[j];
        d.layout_skid_from = names[j];
      }
    }
    for (auto& r : d.rows) r.noise = std::max(r.noise, d.layout_skid);
  }
}

void add_profile_run_section(Document& doc, const Results& run) {
  bool any = false;
  for (const auto& b : run.benchmarks) any |= !b.profiles.empty();
  if (!any) return;
  doc.heading(3, "Profiles (daxbench run --profile)");
  const Json& ctx = run.context;
  const Json prof = ctx.contains("profiles") ? ctx["profiles"] : Json::object();
  doc.paragraph("Recorded by `perf record -g` with the software event " +
                prof.value("event", std::string("cpu-clock")) + " every " +
                fmt("%.0f", static_cast<double>(prof.value("period_ns", uint64_t{0})) / 1000) +
                " µs of " + (run.clock() == "instruction-ns" ? "instruction-ns" : "CPU time") +
                " (" + prof.value("perf_version", std::string("perf")) +
                "), in a pass of its own after the timed iterations, perf enabled around each "
                "timed region only. Kernel functions only; self % is the share of the profile's "
                "samples in the function itself, children % in it or anything it called. "
                "Functions with fewer than " +
                std::to_string(kMinProfileSamples) + " samples are not ranked.");
  for (const auto& b : run.benchmarks) {
    for (size_t k = 0; k < b.profiles.size(); ++k) {
      const Json& p = b.profiles[k];
      doc.heading(
          4, b.name + (b.profiles.size() > 1 ? " (profile " + std::to_string(k + 1) + ")" : ""));
      const ProfileSummary s = summarize_profile(run, p);
      doc.paragraph(std::to_string(p.value("samples", uint64_t{0})) + " samples over " +
                    std::to_string(p.value("iterations", 0u)) + " iterations (" +
                    fmt("%.3g", static_cast<double>(p.value("profiled_ns", uint64_t{0})) / 1e9) +
                    " s profiled, " + fmt("%.0f", p.value("samples_per_second", 0.0)) +
                    " samples/s; " + std::to_string(p.value("expected_samples", uint64_t{0})) +
                    " expected from the mean period" + dither_text(p) + "); file `" +
                    p.value("file", std::string()) + "`.");
      if (!s.error.empty()) {
        doc.paragraph("Not read: " + s.error + ".");
        continue;
      }
      std::vector<std::vector<std::string>> rows;
      for (size_t i = 0; i < s.self.size() && i < kTopRows; ++i)
        rows.push_back({s.self[i].symbol, fmt("%.2f", s.self[i].self_percent),
                        std::to_string(s.self[i].samples)});
      if (rows.empty()) {
        doc.paragraph("No kernel function has " + std::to_string(kMinProfileSamples) + " samples.");
      } else {
        doc.table({"kernel function", "self %", "samples"}, rows);
      }
      rows.clear();
      for (size_t i = 0; i < s.children.size() && i < kTopRows; ++i)
        rows.push_back({s.children[i].symbol, fmt("%.2f", s.children[i].children_percent),
                        fmt("%.2f", s.children[i].self_percent)});
      if (!rows.empty()) doc.table({"call chain through (kernel)", "children %", "self %"}, rows);
      if (s.unranked)
        doc.paragraph(std::to_string(s.unranked) + " kernel functions with fewer than " +
                      std::to_string(kMinProfileSamples) + " self samples are not ranked.");
    }
  }
}

std::string add_profile_ab_section(Document& doc, const Results& base, const Results& neu,
                                   const Comparison& c) {
  const std::vector<std::string> names = profiled_on_both_sides(base, neu);
  if (names.empty()) return "";
  doc.heading(3, "Profile deltas (perf diff)");
  add_profile_ab_method(doc);
  Json out = {{"min_samples", kMinProfileSamples}, {"benchmarks", Json::array()}};
  std::vector<std::string> changes(names.size(), "time not compared"), verdicts(names.size());
  std::vector<ProfileDiff> diffs;
  std::vector<bool> unchanged;
  for (size_t i = 0; i < names.size(); ++i) {
    time_change(c, names[i], changes[i], verdicts[i]);
    diffs.push_back(diff_profiles(base, neu, names[i]));
    unchanged.push_back(verdicts[i] == "unchanged");
  }
  apply_layout_skid(diffs, names, unchanged);
  for (size_t i = 0; i < names.size(); ++i)
    out["benchmarks"].push_back(
        add_scenario_diff(doc, names[i], changes[i], verdicts[i], diffs[i]));
  return out.dump(2) + "\n";
}

}  // namespace daxbench::analysis
