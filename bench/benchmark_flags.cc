#include "bench/benchmark_flags.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "bench/config.h"
#include "bench/environment.h"
#include "core/error.h"

namespace daxbench {
namespace {

// --- Google Benchmark flags (libbenchmark 1.7.1, src/benchmark.cc:
// ParseCommandLineFlags) -------------------------------------------------

bool parse_gb_bool(const std::string& value, bool& out) {
  // commandlineflags.cc: IsTruthyFlagValue, restricted to unambiguous words.
  static const std::set<std::string> yes = {"", "1", "true", "yes", "on", "t", "y"};
  static const std::set<std::string> no = {"0", "false", "no", "off", "f", "n"};
  std::string v;
  for (char c : value) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (yes.count(v)) return out = true, true;
  if (no.count(v)) return out = false, true;
  return false;
}

// A decimal number, as strtod reads it in 1.7.1 (the "0.5s" and "100x" forms
// came with 1.8; "inf", "nan" and hexadecimal are refused).
std::optional<double> parse_gb_number(const std::string& value) {
  static const std::regex kNumber("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  if (!std::regex_match(value, kNumber)) return std::nullopt;
  return std::strtod(value.c_str(), nullptr);
}

// One Google Benchmark flag as given: its name, its value, where it came from.
struct GbFlag {
  std::string name;   // "benchmark_repetitions"
  std::string value;  // "" when given without "="
  bool has_value = false;
  std::string where;  // "" (command line) or "config FILE: "

  std::string flag() const { return "--" + name; }
  // "--benchmark_x=VALUE" as echoed in messages (cut to 100 characters).
  std::string bad() const {
    const std::string v = shown(value);
    return where + flag() + "=" + v.substr(1, v.size() - 2);
  }
  const std::string& need_value() const {
    if (!has_value)
      throw UsageError(where + flag() + " needs a value: " + flag() +
                       "=VALUE (Google Benchmark takes no separate argument)");
    return value;
  }
  bool as_bool() const {
    bool b = false;
    if (!parse_gb_bool(value, b)) throw UsageError(bad() + ": not a boolean; use true or false");
    return b;
  }
};

void gb_filter(const GbFlag& f, BenchmarkFlags& flags) {
  std::string spec = f.need_value().starts_with("-") ? f.value.substr(1) : f.value;
  if (spec == "all") spec = ".";
  try {
    std::regex re(spec, std::regex::extended);
  } catch (const std::regex_error& e) {
    throw UsageError(f.bad() + ": not a valid regular expression (" + e.what() + ")");
  }
  flags.filter = f.value;
}

void gb_repetitions(const GbFlag& f, BenchmarkFlags& flags) {
  const std::string& v = f.need_value();
  const bool digits =
      !v.empty() && v.size() < 6 && v.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoi(v) < 1 || std::stoi(v) > 10000)
    throw UsageError(f.bad() + ": not a whole number from 1 to 10000");
  flags.repetitions = std::stoi(v);
  flags.pass_on.push_back(f.flag() + "=" + std::to_string(flags.repetitions));
}

void gb_seconds(const GbFlag& f, BenchmarkFlags& flags) {
  const auto v = parse_gb_number(f.need_value());
  const bool positive_needed = f.name == "benchmark_min_time";
  if (!v || (positive_needed && !(*v > 0)) || *v > kMaxDurationSeconds)
    throw UsageError(f.bad() + ": not " + (positive_needed ? "a positive" : "a") +
                     " number of seconds up to 86400, written as this libbenchmark (1.7.1) "
                     "reads it: e.g. 0.5, not 0.5s");
  if (positive_needed) {
    flags.min_time_s = *v;
    flags.min_time_given = true;
  }
  flags.pass_on.push_back(f.flag() + "=" + f.value);
}

void gb_bool_pass_on(const GbFlag& f, BenchmarkFlags& flags) {
  flags.pass_on.push_back(f.flag() + "=" + (f.as_bool() ? "true" : "false"));
}

void gb_aggregates_only(const GbFlag& f, BenchmarkFlags&) {
  if (f.as_bool())
    throw UsageError(f.where + f.flag() +
                     ": not supported: the results file keeps every repetition, which compare "
                     "and report need; the console shows them all");
}

void gb_format(const GbFlag& f, BenchmarkFlags& flags) {
  static const std::set<std::string> formats = {"console", "json", "csv"};
  if (!formats.count(f.need_value()))
    throw UsageError(f.bad() +
                     ": use console, json or csv (Google Benchmark's reporters on stdout); "
                     "without it daxbench shows its compact table");
  flags.format = f.value;
}

void gb_out(const GbFlag& f, BenchmarkFlags& flags) {
  if (f.need_value().empty()) throw UsageError(f.where + f.flag() + ": empty file name");
  flags.out = f.value;
}

void gb_out_format(const GbFlag& f, BenchmarkFlags&) {
  if (f.need_value() != "json")
    throw UsageError(f.bad() + ": the results file (--out) is JSON; only json is accepted");
}

void gb_color(const GbFlag& f, BenchmarkFlags& flags) {
  bool b = false;
  if (f.need_value() == "auto") {
    flags.color = "auto";
  } else if (!f.value.empty() && parse_gb_bool(f.value, b)) {
    flags.color = b ? "true" : "false";
  } else {
    throw UsageError(f.bad() + ": use auto, true or false");
  }
}

void gb_time_unit(const GbFlag& f, BenchmarkFlags& flags) {
  static const std::set<std::string> units = {"ns", "us", "ms", "s"};
  if (!units.count(f.need_value()))
    throw UsageError(f.bad() + ": not a time unit; use ns, us, ms or s");
  flags.time_unit = f.value;
}

void gb_context(const GbFlag& f, BenchmarkFlags& flags) {
  static const std::regex kPairs("[^=,]+=[^,]*(,[^=,]+=[^,]*)*");
  if (!std::regex_match(f.need_value(), kPairs))
    throw UsageError(f.bad() + ": use key=value[,key=value...]");
  flags.pass_on.push_back(f.flag() + "=" + f.value);
}

void gb_perf_counters(const GbFlag& f, BenchmarkFlags&) {
  throw UsageError(f.where + f.flag() +
                   ": not supported; daxbench counts with its own perf events (--events), "
                   "kernel mode included");
}

void check_benchmark_flag(const GbFlag& f, BenchmarkFlags& flags) {
  // The flags of libbenchmark 1.7.1 (src/benchmark.cc: ParseCommandLineFlags).
  using Check = void (*)(const GbFlag&, BenchmarkFlags&);
  static const std::map<std::string, Check> checks = {
      {"benchmark_filter", gb_filter},
      {"benchmark_list_tests",
       [](const GbFlag& g, BenchmarkFlags& out) { out.list_tests = g.as_bool(); }},
      {"benchmark_repetitions", gb_repetitions},
      {"benchmark_min_time", gb_seconds},
      {"benchmark_min_warmup_time", gb_seconds},
      {"benchmark_enable_random_interleaving", gb_bool_pass_on},
      {"benchmark_counters_tabular", gb_bool_pass_on},
      {"benchmark_report_aggregates_only", gb_aggregates_only},
      {"benchmark_display_aggregates_only", gb_aggregates_only},
      {"benchmark_format", gb_format},
      {"benchmark_out", gb_out},
      {"benchmark_out_format", gb_out_format},
      {"benchmark_color", gb_color},
      {"benchmark_time_unit", gb_time_unit},
      {"benchmark_context", gb_context},
      {"benchmark_perf_counters", gb_perf_counters},
  };
  const auto it = checks.find(f.name);
  if (it == checks.end()) {
    const std::string v = shown(f.flag());
    if (f.name == "benchmark_timeout")
      throw UsageError(f.where +
                       "unknown Google Benchmark flag --benchmark_timeout; daxbench's "
                       "own per-benchmark limit is --benchmark-timeout SECONDS");
    throw UsageError(f.where + "unknown Google Benchmark flag " + v.substr(1, v.size() - 2) +
                     "; known: benchmark_filter, benchmark_repetitions, benchmark_min_time, "
                     "benchmark_min_warmup_time, benchmark_enable_random_interleaving, "
                     "benchmark_list_tests, benchmark_time_unit, benchmark_context, "
                     "benchmark_color, benchmark_counters_tabular, benchmark_format, "
                     "benchmark_out (as --out)");
  }
  it->second(f, flags);
}

}  // namespace

// `args` are "--benchmark_NAME[=VALUE]", config ones first: a later flag
// replaces an earlier one of the same name.
BenchmarkFlags parse_benchmark_flags(const std::vector<std::pair<std::string, std::string>>& args) {
  std::map<std::string, std::pair<std::optional<std::string>, std::string>> last;
  std::vector<std::string> order;
  for (const auto& [arg, where] : args) {
    const auto eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    std::optional<std::string> value;
    if (eq != std::string::npos) value = arg.substr(eq + 1);
    if (!last.count(name)) order.push_back(name);
    last[name] = {value, where};
  }
  BenchmarkFlags flags;
  for (const auto& name : order) {
    const auto& [value, where] = last[name];
    check_benchmark_flag(GbFlag{name, value.value_or(""), value.has_value(), where}, flags);
  }
  return flags;
}

// Under the lab's deterministic clock (DAXBENCH_CLOCK=instruction-ns) a
// repetition's time is an instruction count: repetitions of 20 ms agreed
// within 0.3 % (16 fault scenarios of 16 MiB on 7.3.4; at 10 ms the PMD rows
// spread 0.6-1.0 %), and Google Benchmark's 0.5 s default spends 25 times as
// long on the same answer (docs/lab.md "Accelerators and the deterministic
// mode"). A given flag wins.
void apply_deterministic_min_time(BenchmarkFlags& flags) {
  if (flags.min_time_given || clock_kind() != "instruction-ns") return;
  flags.min_time_s = 0.02;
  flags.min_time_default = "daxbench's default under the deterministic clock (instruction-ns)";
  flags.pass_on.push_back("--benchmark_min_time=0.02");
}

}  // namespace daxbench
