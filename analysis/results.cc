#include "analysis/results.h"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/util.h"

namespace daxbench::analysis {

namespace {

// Keys of a Google Benchmark run object that are not user counters
// (benchmark/src/json_reporter.cc, v1.7).
const std::set<std::string>& standard_keys() {
  static const std::set<std::string> keys = {"name",
                                             "family_index",
                                             "per_family_instance_index",
                                             "run_name",
                                             "run_type",
                                             "repetitions",
                                             "repetition_index",
                                             "threads",
                                             "iterations",
                                             "real_time",
                                             "cpu_time",
                                             "time_unit",
                                             "aggregate_name",
                                             "aggregate_unit",
                                             "error_occurred",
                                             "error_message",
                                             "label",
                                             "big_o",
                                             "rms",
                                             "complexity",
                                             "daxbench"};
  return keys;
}

// Splits a benchmark name at '/'.
std::vector<std::string> split_name(const std::string& name) {
  std::vector<std::string> parts;
  std::stringstream ss(name);
  std::string part;
  while (std::getline(ss, part, '/')) parts.push_back(part);
  return parts;
}

const std::set<std::string>& inode_modes() {
  static const std::set<std::string> modes = {"pagecache", "dax-always", "dax-inode",
                                              "dax-inode-off"};
  return modes;
}

std::string json_string(const Json& object, const std::string& key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace

double to_nanoseconds(double value, const std::string& unit, const std::string& path) {
  if (unit == "ns") return value;
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  throw UsageError(path + ": unknown time_unit \"" + unit + "\" (expected ns, us, ms or s)");
}

const Metric* BenchmarkResult::metric(const std::string& metric_name) const {
  for (const auto& m : metrics) {
    if (m.name == metric_name) return &m;
  }
  return nullptr;
}

std::string BenchmarkResult::family() const {
  std::string f = json_string(daxbench, "family");
  if (!f.empty()) return f;
  auto parts = split_name(name);
  return parts.empty() ? "" : parts.front();
}

namespace {

// "anon" when the name puts ref/anon where the mode and filesystem go.
std::string reference_of(const std::string& name, const Json& daxbench) {
  const auto parts = split_name(name);
  const std::string m = json_string(daxbench, "mode"), fs = json_string(daxbench, "fs_type");
  std::string ref;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == m && parts[i + 1] == fs) return "";
    if (parts[i] == "ref" && ref.empty()) ref = parts[i + 1];
  }
  return ref;
}

}  // namespace

std::string BenchmarkResult::mode() const {
  if (!reference_of(name, daxbench).empty()) return "ref";
  std::string m = json_string(daxbench, "mode");
  if (!m.empty()) return m;
  for (const auto& part : split_name(name)) {
    if (inode_modes().count(part)) return part;
  }
  return "";
}

std::string BenchmarkResult::fs_type() const {
  if (std::string ref = reference_of(name, daxbench); !ref.empty()) return ref;
  std::string fs = json_string(daxbench, "fs_type");
  if (!fs.empty()) return fs;
  // By the naming rule the filesystem follows the inode mode.
  auto parts = split_name(name);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (inode_modes().count(parts[i])) return parts[i + 1];
  }
  return "";
}

std::string BenchmarkResult::scenario() const {
  const std::string m = mode(), fs = fs_type();
  auto parts = split_name(name);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!m.empty() && parts[i] == m) {
      // By the naming rule the filesystem component follows the mode.
      if (i + 1 < parts.size() && parts[i + 1] == fs) ++i;
      continue;
    }
    if (!out.empty()) out += '/';
    out += parts[i];
  }
  return out;
}

std::string Results::context_string(const std::string& key) const {
  auto it = context.find(key);
  if (it == context.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string Results::clock() const { return context_string("clock"); }

std::string Results::time_unit() const {
  return clock() == "instruction-ns" ? "instruction-ns" : "ns";
}

bool Results::emulated() const { return !context_string("lab").empty(); }

const BenchmarkResult* Results::find(const std::string& name) const {
  for (const auto& b : benchmarks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

namespace {

// Throws UsageError naming the path unless the text is a daxbench results
// file: JSON (after sanitize_non_finite), a context with daxbench_version,
// a benchmarks array.
Json parse_results_document(const std::string& text, const std::string& path) {
  Json doc;
  try {
    doc = Json::parse(null_non_finite(text));
  } catch (const Json::parse_error& e) {
    throw UsageError(path + ": not JSON (" + std::string(e.what()) +
                     "); expected a results file written by `daxbench run --out FILE`");
  }
  if (!doc.is_object() || !doc.contains("context") || !doc["context"].is_object() ||
      !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    throw UsageError(path +
                     ": not a benchmark results file (no \"context\" object and \"benchmarks\" "
                     "array); expected the output of `daxbench run --out FILE`");
  }
  if (!doc["context"].contains("daxbench_version")) {
    throw UsageError(path +
                     ": not a daxbench results file (context has no \"daxbench_version\"; plain "
                     "Google Benchmark output is not enough); produce it with `daxbench run "
                     "--out FILE`");
  }
  return doc;
}

// The benchmark an entry (a repetition or an aggregate) belongs to, added
// in file order the first time its run_name is seen.
BenchmarkResult& benchmark_named(Results& results, std::map<std::string, size_t>& index,
                                 const std::string& run_name) {
  auto [it, inserted] = index.emplace(run_name, results.benchmarks.size());
  if (inserted) {
    results.benchmarks.emplace_back();
    results.benchmarks.back().name = run_name;
  }
  return results.benchmarks[it->second];
}

void record_error(BenchmarkResult& bench, const Json& entry) {
  bench.error = json_string(entry, "error_message");
  if (bench.error.empty()) bench.error = "error_occurred without a message";
  // Its parameters still say which scenario failed (derived pairs name it).
  if (entry.contains("daxbench") && bench.daxbench.is_null()) bench.daxbench = entry["daxbench"];
}

// The daxbench object of the first repetition, every latency histogram,
// and each distinct profile.
void keep_daxbench_objects(BenchmarkResult& bench, const Json& entry) {
  if (!entry.contains("daxbench")) return;
  if (bench.daxbench.is_null()) bench.daxbench = entry["daxbench"];
  const Json& dx = entry["daxbench"];
  if (dx.is_object() && dx.contains("latency_ns") && dx["latency_ns"].is_object()) {
    bench.latency_ns.push_back(dx["latency_ns"]);
  }
  // --profile: each run (each round of a merged file) has its own.
  if (dx.is_object() && dx.contains("profile") && dx["profile"].is_object()) {
    bool seen = false;
    for (const auto& p : bench.profiles)
      seen |= p.value("file", "") == dx["profile"].value("file", "");
    if (!seen) bench.profiles.push_back(dx["profile"]);
  }
}

// A finite number becomes a sample (scaled); anything else is counted as
// dropped, so the metric still exists on this side.
void add_sample(BenchmarkResult& bench, const std::string& metric_name, const std::string& unit,
                const Json& value, double scale_to_ns_unit) {
  Metric* m = nullptr;
  for (auto& existing : bench.metrics) {
    if (existing.name == metric_name) m = &existing;
  }
  if (!m) {
    bench.metrics.push_back(Metric{metric_name, unit, metric_direction(metric_name), {}, 0});
    m = &bench.metrics.back();
  }
  if (value.is_number()) {
    const double v = value.get<double>() * scale_to_ns_unit;
    if (std::isfinite(v)) {
      m->samples.push_back(v);
      return;
    }
  }
  ++m->dropped;
}

// A repetition's time is what everything is judged on: a missing,
// non-numeric, zero or negative one is a damaged file, not a sample to
// drop quietly (a zero time would make every ratio infinite).
void check_real_time(const BenchmarkResult& bench, const Json& entry, const std::string& path) {
  const Json& t = entry.contains("real_time") ? entry["real_time"] : Json();
  const bool positive = t.is_number() && std::isfinite(t.get<double>()) && t.get<double>() > 0;
  if (!positive) {
    std::string shown = t.dump();
    if (shown.size() > 100) shown = shown.substr(0, 100) + "...";
    throw UsageError(path + ": benchmark " + bench.name + " repetition " +
                     std::to_string(bench.repetitions - 1) + ": real_time " + shown +
                     " is not a positive number; the file is damaged or not from daxbench "
                     "run");
  }
}

// One successful repetition: its time in ns (or instruction-ns) and every
// numeric or null user counter.
void add_repetition(BenchmarkResult& bench, const Json& entry, const std::string& time_unit_label,
                    const std::string& path) {
  ++bench.repetitions;
  keep_daxbench_objects(bench, entry);
  const std::string unit = entry.contains("time_unit") && entry["time_unit"].is_string()
                               ? entry["time_unit"].get<std::string>()
                               : "ns";
  check_real_time(bench, entry, path);
  add_sample(bench, "real_time", time_unit_label,
             entry.contains("real_time") ? entry["real_time"] : Json(),
             to_nanoseconds(1.0, unit, path));
  for (auto kv = entry.begin(); kv != entry.end(); ++kv) {
    if (standard_keys().count(kv.key())) continue;
    if (!kv.value().is_number() && !kv.value().is_null()) continue;
    add_sample(bench, kv.key(), "", kv.value(), 1.0);
  }
}

}  // namespace

Results parse_results(const std::string& text, const std::string& path) {
  const Json doc = parse_results_document(text, path);
  Results results;
  results.path = path;
  results.context = doc["context"];
  const std::string time_unit_label = results.time_unit();

  std::map<std::string, size_t> index;  // run_name -> position in results.benchmarks
  for (const auto& entry : doc["benchmarks"]) {
    if (!entry.is_object()) continue;
    std::string run_name = json_string(entry, "run_name");
    if (run_name.empty()) run_name = json_string(entry, "name");
    if (run_name.empty()) continue;
    BenchmarkResult& bench = benchmark_named(results, index, run_name);
    if (json_string(entry, "run_type") == "aggregate") {
      ++bench.aggregates;
    } else if (entry.value("error_occurred", false)) {
      record_error(bench, entry);
    } else {
      add_repetition(bench, entry, time_unit_label, path);
    }
  }
  assign_directions(results);
  return results;
}

Results load_results(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    throw UsageError(path + ": cannot open (" + std::strerror(errno) + ")");
  }
  if (S_ISDIR(st.st_mode)) {
    throw UsageError(path + ": is a directory, expected a results JSON file");
  }
  // A FIFO would block, a device is no results file.
  if (!S_ISREG(st.st_mode)) {
    throw UsageError(path + ": is not a regular file (" +
                     (S_ISFIFO(st.st_mode)                         ? std::string("a FIFO")
                      : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? std::string("a device")
                                                                   : std::string("a socket")) +
                     "), expected a results JSON file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError(path + ": cannot open (" + std::strerror(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError(path + ": read failed (" + std::strerror(errno) + ")");
  return parse_results(text.str(), path);
}

std::vector<std::string> lab_parts(const std::string& lab) {
  std::vector<std::string> parts;
  std::string part;
  int depth = 0;
  for (size_t i = 0; i < lab.size(); ++i) {
    const char c = lab[i];
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth == 0 && c == ',' && i + 1 < lab.size() && lab[i + 1] == ' ') {
      parts.push_back(part);
      part.clear();
      ++i;
      continue;
    }
    part += c;
  }
  if (!part.empty()) parts.push_back(part);
  return parts;
}

std::vector<std::string> lab_machine_parts(const std::string& lab) {
  std::vector<std::string> out;
  for (auto p : lab_parts(lab)) {
    if (p.starts_with("kernel ")) continue;
    if (const size_t at = p.find(" (deterministic:"); at != std::string::npos) p.erase(at);
    if (const size_t at = p.find(kLabGuestNode); at != std::string::npos) p.erase(at);
    out.push_back(p);
  }
  return out;
}

}  // namespace daxbench::analysis
