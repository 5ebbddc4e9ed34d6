#include "bench/run_options.h"

#include <cmath>
#include <regex>
#include <string_view>

#include "core/inode_mode.h"
#include "core/target.h"
#include "core/util.h"

namespace po = boost::program_options;

namespace daxbench {

// (std::stoull would take a sign, spaces and a trailing "x".)
std::optional<uint64_t> whole_number(const std::string& value, size_t max_digits) {
  if (value.empty() || value.size() > max_digits ||
      value.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(value);
}

bool parse_bool(const std::string& value, const std::string& where) {
  if (value == "true" || value == "yes" || value == "1" || value == "on") return true;
  if (value == "false" || value == "no" || value == "0" || value == "off") return false;
  throw UsageError(where + ": " + shown(value) + " is not a boolean; use true or false");
}

// Seconds from a duration as given ("500ms", "60s", "2"): digits, an optional
// fraction, an optional ms/s suffix; no "inf", "nan", hexadecimal or
// exponents (std::stod would take them); at most a day.
double checked_duration(const std::string& value, const std::string& where) {
  static const std::regex kDurationSyntax("[0-9]+(\\.[0-9]+)?(ms|s)?");
  const auto seconds = parse_duration(value);
  if (!std::regex_match(value, kDurationSyntax) || !seconds || !std::isfinite(*seconds))
    throw UsageError(where + ": " + shown(value) + " is not a duration; use e.g. 500ms or 60s");
  if (*seconds > kMaxDurationSeconds)
    throw UsageError(where + ": " + shown(value) + " is longer than a day (86400s)");
  return *seconds;
}

namespace {

void set_modes(const std::string& value, RunConfig& config) {
  config.modes.clear();
  for (const auto& m : split_list(value)) {
    auto mode = parse_inode_mode(m);
    if (!mode)
      throw UsageError("modes: " + shown(m) +
                       " is not an inode mode; allowed: pagecache, dax-always, "
                       "dax-inode, dax-inode-off");
    if (std::find(config.modes.begin(), config.modes.end(), *mode) == config.modes.end())
      config.modes.push_back(*mode);
  }
  if (config.modes.empty()) throw UsageError("modes: no mode given");
}

void set_events(const std::string& value, RunConfig& config) {
  if (value == "none") {
    config.counters.no_events = true;
  } else {
    config.counters.events = split_list(value);
    validate_event_names(config.counters.events);
  }
}

void set_counting(const std::string& value, RunConfig& config) {
  if (value != "separate" && value != "inline")
    throw UsageError("counting: " + shown(value) + " is not allowed; allowed: separate, inline");
  config.counting_inline = value == "inline";
}

void set_profile_period(const std::string& value, RunConfig& config) {
  const auto us = whole_number(value, 7);
  if (!us || *us < 1 || *us > 1000000)
    throw UsageError("profile-period-us: " + shown(value) +
                     " is not a whole number of microseconds from 1 to 1000000");
  config.profile.period_ns = *us * 1000;
}

void set_profile_time(const std::string& value, RunConfig& config) {
  const auto t = parse_duration(value);
  if (!t || *t <= 0 || *t > 3600)
    throw UsageError("profile-time: " + shown(value) +
                     " is not a duration above 0 and up to 1 hour (e.g. 200ms, 2s)");
  config.profile.min_seconds = *t;
}

// How an option is given: with a value, as a flag (a value optional:
// "--latency" is "--latency=true"), or repeatable (--target, several).
enum class OptionForm { kValue, kFlag, kRepeatable };

// One run option, on the command line or at the top level of an INI config:
// its help line and what it sets. The table makes the help, the list of
// allowed top-level keys and the checks; `set` throws UsageError for a bad
// value, and is called with `absent` when the option is not given (unless
// that is null).
struct RunOption {
  const char* name;
  OptionForm form;
  const char* help;
  void (*set)(const std::string& value, RunConfig& config);  // null: read elsewhere
  const char* absent = nullptr;
};

// In help order; applied in this order too, --target first.
const RunOption kRunOptions[] = {
    {"target", OptionForm::kRepeatable,
     "directory on the filesystem to measure; repeat or comma-separate for several",
     [](const std::string& v, RunConfig& c) {
       for (const auto& item : split_target_list(v)) c.targets.push_back(item);
     }},
    {"modes", OptionForm::kValue,
     "inode modes: pagecache, dax-always, dax-inode, dax-inode-off (default pagecache)", set_modes,
     "pagecache"},
    // Read by build_groups: it filters the config's sections.
    {"family", OptionForm::kValue,
     "workload families to run (default: every [section] of the config, else fault)", nullptr},
    {"out", OptionForm::kValue, "results file (Google Benchmark JSON + environment)",
     [](const std::string& v, RunConfig& c) { c.out = v; }, ""},
    {"latency", OptionForm::kFlag, "time each operation into a histogram (p50/p90/p99/p99.9/max)",
     [](const std::string& v, RunConfig& c) { c.latency = parse_bool(v, "latency"); }},
    {"seed", OptionForm::kValue, "seed for every pseudo-random choice (default 1)",
     [](const std::string& v, RunConfig& c) {
       const auto seed = whole_number(v, 19);
       if (!seed) throw UsageError("seed: " + shown(v) + " is not a whole number");
       c.seed = *seed;
     }},
    {"events", OptionForm::kValue,
     "perf events to count (default: the family's set; 'none' for no counters)", set_events},
    {"counting", OptionForm::kValue,
     "separate (default): time without counters, then count a second instance over up to 5 "
     "iterations; inline: count the timed iterations themselves (counting adds kernel work)",
     set_counting},
    {"profile", OptionForm::kFlag,
     "record a perf call-graph profile (cpu-clock) of each scenario's timed regions in a pass "
     "of its own; perf.data files in <out stem>.profiles/ beside --out",
     [](const std::string& v, RunConfig& c) { c.profile.enabled = parse_bool(v, "profile"); }},
    {"profile-period-us", OptionForm::kValue,
     "--profile: mean cpu-clock sample period in microseconds (default 20; each period is "
     "drawn from half to one and a half of it)",
     set_profile_period},
    {"profile-time", OptionForm::kValue,
     "--profile: profiled region time to reach per scenario, e.g. 200ms (default 0.2s; at "
     "least 1, at most 10000 iterations)",
     set_profile_time},
    {"require-events", OptionForm::kFlag,
     "fail instead of listing events this machine cannot count as unsupported",
     [](const std::string& v, RunConfig& c) {
       c.counters.require_events = parse_bool(v, "require-events");
     }},
    {"cpu-node", OptionForm::kValue, "run workload threads on NUMA node N|auto|all",
     [](const std::string& v, RunConfig& c) { c.placement.cpu_node = v; }, ""},
    {"mem-node", OptionForm::kValue, "take private memory from NUMA node N|auto",
     [](const std::string& v, RunConfig& c) { c.placement.mem_node = v; }, ""},
    {"numa-placement", OptionForm::kValue, "expand the matrix over local,remote placement",
     [](const std::string& v, RunConfig& c) { c.placement.placements = split_list(v); }, ""},
    {"pin-tasks", OptionForm::kFlag,
     "pin each worker thread or process (threads or processes > 1) to one CPU of those the "
     "run may use, task i on the i-th CPU mod their count, as will-it-scale does; recorded as "
     "the benchmark's task_cpus fact",
     [](const std::string& v, RunConfig& c) { c.pin_tasks = parse_bool(v, "pin-tasks"); }},
    {"benchmark-timeout", OptionForm::kValue,
     "seconds a benchmark may run per repetition (default 600; 0: no limit); past it the "
     "benchmark is ended at its next iteration and recorded as failed, and the run goes on; "
     "an iteration that has not returned a grace period later (a tenth of the limit, 2 to "
     "60 s) is stuck: what finished is written and the run ends with exit status 3",
     [](const std::string& v, RunConfig& c) {
       c.benchmark_timeout_s = checked_duration(v, "benchmark-timeout");
     }},
};

// One option of the table as given, or its value when absent.
void apply_option(const RunOption& opt, const po::variables_map& vm, RunConfig& config) {
  if (!opt.set) return;
  if (!vm.count(opt.name)) {
    if (opt.absent) opt.set(opt.absent, config);
  } else if (opt.form == OptionForm::kRepeatable) {
    for (const auto& v : vm[opt.name].as<std::vector<std::string>>()) opt.set(v, config);
  } else {
    opt.set(vm[opt.name].as<std::string>(), config);
  }
}

}  // namespace

// Options shared by the command line and the top level of an INI file.
po::options_description global_options() {
  po::options_description d("Run options (command line or top level of an INI config)");
  for (const RunOption& o : kRunOptions) {
    switch (o.form) {
      case OptionForm::kRepeatable:
        d.add_options()(o.name, po::value<std::vector<std::string>>(), o.help);
        break;
      case OptionForm::kFlag:
        d.add_options()(o.name, po::value<std::string>()->implicit_value("true"), o.help);
        break;
      case OptionForm::kValue:
        d.add_options()(o.name, po::value<std::string>(), o.help);
        break;
    }
  }
  return d;
}

// The keys a config may have at its top level.
std::string allowed_top_level_keys() {
  std::vector<std::string> names;
  for (const RunOption& o : kRunOptions) names.emplace_back(o.name);
  return join(names) + ", benchmark_*, or a [section]";
}

// Targets, modes and the other run options, in the table's order; no
// target is said before anything else is checked.
void apply_run_options(const po::variables_map& vm, const std::string& command, RunConfig& config,
                       bool need_targets) {
  for (const RunOption& opt : kRunOptions) {
    apply_option(opt, vm, config);
    if (std::string_view(opt.name) == "target" && need_targets && config.targets.empty())
      throw UsageError(
          "no target: give --target DIR (a directory on the filesystem to measure), "
          "or run inside the lab: lab/daxlab run -- daxbench " +
          command + " ...");
  }
  if ((vm.count("profile-period-us") || vm.count("profile-time")) && !config.profile.enabled)
    throw UsageError("profile-period-us and profile-time go with --profile");
  validate_placement_options(config.placement);
}

}  // namespace daxbench
