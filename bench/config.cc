#include "bench/config.h"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "workloads/util.h"

namespace po = boost::program_options;

namespace daxbench {

namespace {

const char* kRunExamples = R"(Examples:
  daxbench run --config configs/quick.ini --target /mnt/pmem --modes pagecache,dax-inode --out results/run.json
  daxbench run --target /mnt/pmem --modes dax-inode,dax-inode-off --access write,read --size 64MiB --threads 1,2
  daxbench run --config configs/pmd-tuning.ini --target /mnt/pmem --modes dax-always --latency
  daxbench run --config configs/quick.ini --target /tmp --benchmark_repetitions=5 --benchmark_filter=write
  daxbench list --config configs/full.ini --target /mnt/pmem
)";

// Options shared by the command line and the top level of an INI file.
po::options_description global_options() {
  po::options_description d("Run options (command line or top level of an INI config)");
  d.add_options()("target", po::value<std::vector<std::string>>(),
                  "directory on the filesystem to measure; repeat or comma-separate for several")(
      "modes", po::value<std::string>(),
      "inode modes: pagecache, dax-always, dax-inode, dax-inode-off (default pagecache)")(
      "family", po::value<std::string>(),
      "workload families to run (default: every [section] of the config, else fault)")(
      "out", po::value<std::string>(), "results file (Google Benchmark JSON + environment)")(
      "latency", po::value<std::string>()->implicit_value("true"),
      "time each operation into a histogram (p50/p90/p99/p99.9/max)")(
      "seed", po::value<std::string>(), "seed for every pseudo-random choice (default 1)")(
      "events", po::value<std::string>(),
      "perf events to count (default: the family's set; 'none' for no counters)")(
      "counting", po::value<std::string>(),
      "separate (default): time without counters, then count a second instance over up to 5 "
      "iterations; inline: count the timed iterations themselves (counting adds kernel work)")(
      "require-events", po::value<std::string>()->implicit_value("true"),
      "fail instead of listing events this machine cannot count as unsupported")(
      "cpu-node", po::value<std::string>(), "run workload threads on NUMA node N|auto|all")(
      "mem-node", po::value<std::string>(), "take private memory from NUMA node N|auto")(
      "numa-placement", po::value<std::string>(), "expand the matrix over local,remote placement");
  return d;
}

std::string describe_param(const ParamSpec& spec) {
  std::string help = spec.help;
  if (!spec.allowed.empty()) {
    help += " [";
    for (size_t i = 0; i < spec.allowed.size(); ++i) help += (i ? "|" : "") + spec.allowed[i];
    help += "]";
  }
  if (!spec.defaults.empty()) {
    help += " (default ";
    for (size_t i = 0; i < spec.defaults.size(); ++i) help += (i ? "," : "") + spec.defaults[i];
    help += ")";
  }
  return help;
}

// Family parameters, accepted on the command line for every family that has
// them (they replace the config's values for that key). `for_help` gives one
// section per family with that family's own text; parsing uses the union.
std::vector<po::options_description> param_options(bool for_help) {
  std::vector<po::options_description> out;
  std::set<std::string> seen;
  if (!for_help)
    out.emplace_back("Scenario parameters (override every config section that has them)");
  for (const Family* f : all_families()) {
    if (for_help)
      out.emplace_back("Parameters of family " + f->name() + " (" + f->description() + ")");
    for (const ParamSpec& spec : f->params()) {
      if (!for_help && !seen.insert(spec.key).second) continue;
      out.back().add_options()(spec.key.c_str(), po::value<std::string>(),
                               describe_param(spec).c_str());
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string family_names() {
  std::vector<std::string> names;
  for (const Family* f : all_families()) names.push_back(f->name());
  return join(names);
}

bool parse_bool(const std::string& value, const std::string& where) {
  if (value == "true" || value == "yes" || value == "1" || value == "on") return true;
  if (value == "false" || value == "no" || value == "0" || value == "off") return false;
  throw UsageError(where + ": '" + value + "' is not a boolean; use true or false");
}

std::optional<ParamSpec> find_param(const Family* f, const std::string& key) {
  for (const ParamSpec& s : f->params())
    if (s.key == key) return s;
  return std::nullopt;
}

std::vector<std::string> check_values(const ParamSpec& spec, const std::string& text,
                                      const std::string& where) {
  std::vector<std::string> out;
  for (const auto& v : split_list(text)) out.push_back(check_param_value(spec, v, where));
  if (out.empty()) throw UsageError(where + ": no value given");
  return out;
}

}  // namespace

std::string check_param_value(const ParamSpec& spec, const std::string& value,
                              const std::string& where) {
  switch (spec.kind) {
    case ParamKind::kChoice:
      for (const auto& a : spec.allowed)
        if (a == value) return value;
      throw UsageError(where + ": '" + value + "' is not allowed; allowed: " + join(spec.allowed));
    case ParamKind::kSize:
      if (auto bytes = parse_size(value)) return format_size(*bytes);
      throw UsageError(where + ": '" + value + "' is not a size; use e.g. 4KiB, 64MiB, 1GiB");
    case ParamKind::kCount: {
      const bool digits =
          !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
      if (digits && value.size() < 7 && std::stoul(value) > 0)
        return std::to_string(std::stoul(value));
      throw UsageError(where + ": '" + value + "' is not a positive whole number");
    }
    case ParamKind::kDuration:
      if (parse_duration(value)) return value;
      throw UsageError(where + ": '" + value + "' is not a duration; use e.g. 500ms or 60s");
  }
  return value;
}

bool parse_run_config(int argc, char** argv, RunConfig& config, bool need_targets) {
  const std::string command = argv[0];
  po::options_description cli_only("General");
  cli_only.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(),
      "INI file: top-level options and one [section] per scenario group");
  po::options_description globals = global_options();
  po::options_description params = param_options(false).front();
  po::options_description all;
  all.add(cli_only).add(globals).add(params);

  // Google Benchmark's own flags pass through untouched.
  std::vector<std::string> ours;
  std::vector<std::string> cli_benchmark_flags;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with("--benchmark_")) {
      cli_benchmark_flags.push_back(a);
    } else {
      ours.push_back(a);
    }
  }
  config.command_line.clear();
  for (int i = 0; i < argc; ++i)
    config.command_line += (i ? " " : "daxbench ") + std::string(argv[i]);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(ours).options(all).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench " + command + " --help)");
  }
  if (vm.count("help")) {
    std::cout
        << "Usage: daxbench " << command << " [--config FILE] [options] [--benchmark_*...]\n\n"
        << (command == "list"
                ? "Prints the scenario matrix, one benchmark name a line; creates nothing.\n\n"
                : "Runs the scenario matrix and writes Google Benchmark JSON with the "
                  "environment.\n\n")
        << cli_only << "\n"
        << globals << "\n";
    for (const auto& family_params : param_options(true)) std::cout << family_params << "\n";
    std::cout
        << "Parameters shared by several families apply to each of them.\n"
        << "\nGoogle Benchmark flags pass through (--benchmark_filter, --benchmark_repetitions,\n"
        << "--benchmark_min_time, ...); in a config, write them at the top level without dashes.\n"
        << "Families: " << family_names() << "\n\n"
        << kRunExamples;
    return false;
  }

  // The config file: registered options at top level, [sections] are groups.
  std::vector<std::string> config_benchmark_flags;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
  std::vector<std::string> section_order;
  if (vm.count("config")) {
    config.config_file = vm["config"].as<std::string>();
    std::ifstream in(config.config_file);
    if (!in)
      throw UsageError("config " + config.config_file + ": cannot open (" + std::strerror(errno) +
                       ")");
    po::parsed_options parsed(nullptr);
    try {
      parsed = po::parse_config_file(in, globals, /*allow_unregistered=*/true);
    } catch (const po::error& e) {
      throw UsageError("config " + config.config_file + ": " + e.what());
    }
    po::parsed_options top(&globals);
    for (const auto& opt : parsed.options) {
      const std::string& key = opt.string_key;
      const std::string value = opt.value.empty() ? "" : opt.value.front();
      const auto dot = key.find('.');
      if (!opt.unregistered) {
        top.options.push_back(opt);
      } else if (dot == std::string::npos && key.starts_with("benchmark_")) {
        config_benchmark_flags.push_back("--" + key + "=" + value);
      } else if (dot == std::string::npos) {
        throw UsageError(
            "config " + config.config_file + ": unknown key '" + key +
            "' at top level; allowed: target, modes, family, out, latency, seed, events, "
            "counting, require-events, cpu-node, mem-node, numa-placement, benchmark_*, or a "
            "[section]");
      } else {
        const std::string section = key.substr(0, dot);
        if (!sections.count(section)) section_order.push_back(section);
        sections[section].emplace_back(key.substr(dot + 1), value);
      }
    }
    try {
      po::store(top, vm);  // after the command line: the command line wins
    } catch (const po::error& e) {
      throw UsageError("config " + config.config_file + ": " + e.what());
    }
  }
  po::notify(vm);

  auto get = [&](const char* key) -> std::string {
    return vm.count(key) ? vm[key].as<std::string>() : std::string();
  };

  if (vm.count("target"))
    for (const auto& t : vm["target"].as<std::vector<std::string>>())
      for (const auto& item : split_target_list(t)) config.targets.push_back(item);
  if (need_targets && config.targets.empty())
    throw UsageError(
        "no target: give --target DIR (a directory on the filesystem to measure), "
        "or run inside the lab: lab/daxlab run -- daxbench " +
        command + " ...");

  config.modes.clear();
  const std::string modes = vm.count("modes") ? get("modes") : "pagecache";
  for (const auto& m : split_list(modes)) {
    auto mode = parse_inode_mode(m);
    if (!mode)
      throw UsageError("modes: '" + m +
                       "' is not an inode mode; allowed: pagecache, dax-always, "
                       "dax-inode, dax-inode-off");
    if (std::find(config.modes.begin(), config.modes.end(), *mode) == config.modes.end())
      config.modes.push_back(*mode);
  }
  if (config.modes.empty()) throw UsageError("modes: no mode given");

  config.out = get("out");
  if (vm.count("latency")) config.latency = parse_bool(get("latency"), "latency");
  if (vm.count("seed")) {
    const std::string s = get("seed");
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 19)
      throw UsageError("seed: '" + s + "' is not a whole number");
    config.seed = std::stoull(s);
  }
  if (vm.count("events")) {
    const std::string e = get("events");
    if (e == "none") {
      config.counters.no_events = true;
    } else {
      config.counters.events = split_list(e);
      validate_event_names(config.counters.events);
    }
  }
  if (vm.count("counting")) {
    const std::string c = get("counting");
    if (c != "separate" && c != "inline")
      throw UsageError("counting: '" + c + "' is not allowed; allowed: separate, inline");
    config.counting_inline = c == "inline";
  }
  if (vm.count("require-events"))
    config.counters.require_events = parse_bool(get("require-events"), "require-events");
  config.placement.cpu_node = get("cpu-node");
  config.placement.mem_node = get("mem-node");
  config.placement.placements = split_list(get("numa-placement"));
  validate_placement_options(config.placement);

  // Families: --family filters the config's sections, or creates one group each.
  std::vector<std::string> wanted = split_list(get("family"));
  for (const auto& name : wanted)
    if (!find_family(name))
      throw UsageError("family: unknown family '" + name + "'; known: " + family_names());

  config.groups.clear();
  for (const auto& section : section_order) {
    ScenarioGroup group;
    group.section = section;
    std::string family_name = section.substr(0, section.find(':'));
    for (const auto& [k, v] : sections[section])
      if (k == "family") family_name = v;
    group.family = find_family(family_name);
    const std::string where_section = "config " + config.config_file + ": [" + section + "]";
    if (!group.family)
      throw UsageError(where_section + ": unknown family '" + family_name +
                       "' (set family = NAME in the section); known: " + family_names());
    for (const auto& [k, v] : sections[section]) {
      if (k == "family") continue;
      const auto spec = find_param(group.family, k);
      if (!spec) {
        std::vector<std::string> keys;
        for (const auto& s : group.family->params()) keys.push_back(s.key);
        throw UsageError(where_section + ": unknown key '" + k + "' for family " + family_name +
                         "; allowed: family, " + join(keys));
      }
      group.values[k] = check_values(*spec, v, where_section + " " + k);
    }
    if (wanted.empty() ||
        std::find(wanted.begin(), wanted.end(), group.family->name()) != wanted.end())
      config.groups.push_back(std::move(group));
  }
  if (section_order.empty()) {
    if (wanted.empty()) wanted.push_back("fault");
    for (const auto& name : wanted)
      config.groups.push_back(ScenarioGroup{"", find_family(name), {}});
  } else if (config.groups.empty()) {
    throw UsageError("family: no section of " + config.config_file + " runs family " +
                     get("family"));
  }

  // Fill defaults, then let command-line parameters replace values.
  for (auto& group : config.groups)
    for (const ParamSpec& spec : group.family->params())
      if (!group.values.count(spec.key)) group.values[spec.key] = spec.defaults;
  for (const auto& opt : params.options()) {
    const std::string key = opt->long_name();
    if (!vm.count(key)) continue;
    bool applied = false;
    for (auto& group : config.groups) {
      const auto spec = find_param(group.family, key);
      if (!spec) continue;
      group.values[key] = check_values(*spec, get(key.c_str()), "--" + key);
      applied = true;
    }
    if (!applied) throw UsageError("--" + key + " does not apply to the families being run");
  }

  config.benchmark_flags = config_benchmark_flags;
  config.benchmark_flags.insert(config.benchmark_flags.end(), cli_benchmark_flags.begin(),
                                cli_benchmark_flags.end());
  return true;
}

std::vector<PlannedBenchmark> expand_matrix(const RunConfig& config,
                                            const std::vector<TargetInfo>& targets,
                                            std::vector<std::string>* notes) {
  // Pair each mode with, per filesystem type, the first target that allows it.
  std::vector<std::pair<InodeMode, const TargetInfo*>> pairs;
  for (InodeMode mode : config.modes) {
    std::set<std::string> fs_done;
    std::map<std::string, std::string> refusals;  // fs type -> why its targets refused
    std::string first_error;
    for (const TargetInfo& t : targets) {
      if (fs_done.count(t.fs_type)) continue;
      if (!t.path.empty()) {  // empty: the placeholder target of `list` without --target
        try {
          check_mode_possible(t, mode);
        } catch (const UsageError& e) {
          if (first_error.empty()) first_error = e.what();
          refusals.emplace(t.fs_type, e.what());
          continue;
        }
      }
      fs_done.insert(t.fs_type);
      pairs.emplace_back(mode, &t);
    }
    if (fs_done.empty()) throw UsageError(first_error);
    // Say so only where no target of that filesystem could take the mode.
    if (notes)
      for (const auto& [fs, why] : refusals)
        if (!fs_done.count(fs))
          notes->push_back(std::string("mode ") + to_string(mode) + " not run on " + fs + ": " +
                           why);
  }

  std::vector<PlannedBenchmark> out;
  std::set<std::string> names;
  for (const ScenarioGroup& group : config.groups) {
    const std::vector<ParamSpec> specs = group.family->params();
    // Cross product of the parameter values, in the family's order.
    std::vector<ScenarioParams> points{ScenarioParams{}};
    for (const ParamSpec& spec : specs) {
      std::vector<ScenarioParams> next;
      for (const auto& p : points)
        for (const auto& v : group.values.at(spec.key)) {
          ScenarioParams q = p;
          q[spec.key] = v;
          next.push_back(std::move(q));
        }
      points = std::move(next);
    }
    for (const auto& [mode, target] : pairs) {
      if (!group.family->supports_mode(mode)) continue;
      const std::vector<Placement> placements = resolve_placements(config.placement, *target);
      for (const auto& point : points) {
        auto normalized = group.family->normalize(point, mode);
        if (!normalized) continue;
        for (const Placement& placement : placements) {
          PlannedBenchmark b;
          b.scenario.family = group.family->name();
          b.scenario.params = *normalized;
          b.scenario.mode = mode;
          b.scenario.target = *target;
          b.scenario.latency = config.latency;
          b.scenario.seed = config.seed;
          b.scenario.placement = placement.label;
          b.scenario.name = group.family->scenario_name(b.scenario);
          b.placement = placement;
          if (names.insert(b.scenario.name).second) out.push_back(std::move(b));
        }
      }
    }
  }
  return out;
}

}  // namespace daxbench
