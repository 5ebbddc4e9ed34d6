#include "bench/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "bench/ini_file.h"
#include "bench/run_options.h"
#include "core/command.h"
#include "core/thread_headroom.h"
#include "core/util.h"

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

std::string family_names() {
  std::vector<std::string> names;
  for (const Family* f : all_families()) names.push_back(f->name());
  return join(names);
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

std::string shown(const std::string& value) {
  std::string out = value.size() > 100 ? value.substr(0, 100) + "..." : value;
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "'" + out + "'";
}

std::string check_param_value(const ParamSpec& spec, const std::string& value,
                              const std::string& where) {
  switch (spec.kind) {
    case ParamKind::kChoice:
      for (const auto& a : spec.allowed)
        if (a == value) return value;
      throw UsageError(where + ": " + shown(value) +
                       " is not allowed; allowed: " + join(spec.allowed));
    case ParamKind::kSize:
      if (auto bytes = parse_size(value)) return format_size(*bytes);
      throw UsageError(where + ": " + shown(value) + " is not a size; use e.g. 4KiB, 64MiB, 1GiB");
    case ParamKind::kCount: {
      if (const auto n = whole_number(value, 6); n && *n > 0) return std::to_string(*n);
      throw UsageError(where + ": " + shown(value) +
                       " is not a positive whole number below 1000000");
    }
    case ParamKind::kDuration:
      checked_duration(value, where);
      return value;
  }
  return value;
}

namespace {

// The parsed command line and config, shared by the steps below.
struct ParsedOptions {
  std::string command;  // "run" or "list"
  po::variables_map vm;
  std::vector<std::pair<std::string, std::string>> benchmark_args;  // (flag, where)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
  std::vector<std::string> section_order;
  std::string get(const char* key) const {
    return vm.count(key) ? vm[key].as<std::string>() : std::string();
  }
};

void print_run_help(const std::string& command, const po::options_description& cli_only,
                    const po::options_description& globals) {
  std::cout << "Usage: daxbench " << command << " [--config FILE] [options] [--benchmark_*...]\n\n"
            << (command == "list"
                    ? "Prints the scenario matrix, one benchmark name a line; creates nothing.\n\n"
                    : "Runs the scenario matrix and writes Google Benchmark JSON with the "
                      "environment.\n\n")
            << cli_only << "\n"
            << globals << "\n";
  for (const auto& family_params : param_options(true)) std::cout << family_params << "\n";
  std::cout
      << "Parameters shared by several families apply to each of them.\n"
      << "\nGoogle Benchmark flags (libbenchmark 1.7.1) are checked, then passed on:\n"
      << "  --benchmark_repetitions=N (1..10000), --benchmark_min_time=SECONDS (0.5, not 0.5s),\n"
      << "  --benchmark_filter=REGEX (leading '-' negates; must select a scenario; list applies "
         "it),\n"
      << "  --benchmark_time_unit=ns|us|ms|s, --benchmark_color=auto|true|false,\n"
      << "  --benchmark_format=console|json|csv (Google Benchmark's own output on stdout\n"
      << "  instead of daxbench's compact table; --out FILE is JSON either way),\n"
      << "  --benchmark_enable_random_interleaving, --benchmark_context=k=v,...,\n"
      << "  --benchmark_list_tests (prints the names, runs nothing),\n"
      << "  --benchmark_out=FILE (the same as --out FILE).\n"
      << "In a config, write them at the top level without dashes.\n"
      << "\nSIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE stop the run after the current "
         "iteration:\n"
      << "finished benchmarks are written (incomplete: true; on the first of SIGINT, SIGTERM,\n"
      << "SIGHUP, SIGQUIT at once, then again at the stop), the scratch directory removed,\n"
      << "exit status 128+signal; a second signal stops at once, and still cleans.\n"
      << "Exit status 1: a benchmark failed (e.g. past --benchmark-timeout); 3: a benchmark\n"
      << "was stuck in an iteration, what finished is written and the run ended there.\n"
      << "Bad input: one line on stderr, exit status 2, nothing created.\n"
      << "Families: " << family_names() << "\n\n"
      << kRunExamples;
}

// The config file: registered options at top level (stored after the
// command line, which wins), benchmark_* keys, and [sections] as groups.
void read_config_file(ParsedOptions& o, const po::options_description& globals, RunConfig& config) {
  if (!o.vm.count("config")) return;
  config.config_file = o.vm["config"].as<std::string>();
  const std::string text = read_config_text(config.config_file);
  check_ini_duplicates(text, config.config_file);
  std::istringstream in(text);
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
      o.benchmark_args.emplace_back("--" + key + "=" + value,
                                    "config " + config.config_file + ": ");
    } else if (dot == std::string::npos) {
      throw UsageError("config " + config.config_file + ": unknown key " + shown(key) +
                       " at top level; allowed: " + allowed_top_level_keys());
    } else {
      const std::string section = key.substr(0, dot);
      if (!o.sections.count(section)) o.section_order.push_back(section);
      o.sections[section].emplace_back(key.substr(dot + 1), value);
    }
  }
  try {
    po::store(top, o.vm);  // after the command line: the command line wins
  } catch (const po::error& e) {
    throw UsageError("config " + config.config_file + ": " + e.what());
  }
}

// Families: --family filters the config's sections, or creates one group each.
void build_groups(const ParsedOptions& o, RunConfig& config) {
  std::vector<std::string> wanted = split_list(o.get("family"));
  for (const auto& name : wanted)
    if (!find_family(name))
      throw UsageError("family: unknown family " + shown(name) + "; known: " + family_names());
  config.groups.clear();
  for (const auto& section : o.section_order) {
    ScenarioGroup group;
    group.section = section;
    std::string family_name = section.substr(0, section.find(':'));
    for (const auto& [k, v] : o.sections.at(section))
      if (k == "family") family_name = v;
    group.family = find_family(family_name);
    const std::string where_section = "config " + config.config_file + ": [" + section + "]";
    if (!group.family)
      throw UsageError(where_section + ": unknown family " + shown(family_name) +
                       " (set family = NAME in the section); known: " + family_names());
    for (const auto& [k, v] : o.sections.at(section)) {
      if (k == "family") continue;
      const auto spec = find_param(group.family, k);
      if (!spec) {
        std::vector<std::string> keys;
        for (const auto& s : group.family->params()) keys.push_back(s.key);
        throw UsageError(where_section + ": unknown key " + shown(k) + " for family " +
                         family_name + "; allowed: family, " + join(keys));
      }
      group.values[k] = check_values(*spec, v, where_section + " " + k);
    }
    if (wanted.empty() ||
        std::find(wanted.begin(), wanted.end(), group.family->name()) != wanted.end())
      config.groups.push_back(std::move(group));
  }
  if (o.section_order.empty()) {
    if (wanted.empty()) wanted.push_back(default_family().name());
    for (const auto& name : wanted)
      config.groups.push_back(ScenarioGroup{"", find_family(name), {}});
  } else if (config.groups.empty()) {
    throw UsageError("family: no section of " + config.config_file + " runs family " +
                     o.get("family"));
  }
}

// Fill defaults, then let command-line parameters replace values.
void apply_parameters(const ParsedOptions& o, const po::options_description& params,
                      RunConfig& config) {
  for (auto& group : config.groups)
    for (const ParamSpec& spec : group.family->params())
      if (!group.values.count(spec.key)) group.values[spec.key] = spec.defaults;
  for (const auto& opt : params.options()) {
    const std::string key = opt->long_name();
    if (!o.vm.count(key)) continue;
    bool applied = false;
    for (auto& group : config.groups) {
      const auto spec = find_param(group.family, key);
      if (!spec) continue;
      group.values[key] = check_values(*spec, o.get(key.c_str()), "--" + key);
      applied = true;
    }
    if (!applied) throw UsageError("--" + key + " does not apply to the families being run");
  }
}

}  // namespace

bool parse_run_config(int argc, char** argv, RunConfig& config, bool need_targets) {
  ParsedOptions o;
  o.command = argv[0];
  const std::string& command = o.command;
  po::options_description cli_only("General");
  cli_only.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(),
      "INI file: top-level options and one [section] per scenario group");
  po::options_description globals = global_options();
  po::options_description params = param_options(false).front();
  po::options_description all;
  all.add(cli_only).add(globals).add(params);

  // Google Benchmark's own flags are checked apart (parse_benchmark_flags).
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

  try {
    // Exact option names only (core/command.h: kExactOptionStyle).
    const po::parsed_options parsed =
        po::command_line_parser(ours).options(all).style(kExactOptionStyle).run();
    for (const auto& opt : parsed.options)
      if (opt.position_key >= 0)
        throw UsageError("unexpected argument " +
                         shown(opt.original_tokens.empty() ? "" : opt.original_tokens.front()) +
                         ": every value needs its option (e.g. --target DIR); see daxbench " +
                         command + " --help");
    po::store(parsed, o.vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench " + command + " --help)");
  }
  if (o.vm.count("help")) {
    print_run_help(command, cli_only, globals);
    return false;
  }
  read_config_file(o, globals, config);
  po::notify(o.vm);
  apply_run_options(o.vm, o.command, config, need_targets);
  build_groups(o, config);
  apply_parameters(o, params, config);

  std::vector<std::pair<std::string, std::string>>& benchmark_args = o.benchmark_args;
  for (const auto& f : cli_benchmark_flags) benchmark_args.emplace_back(f, "");
  config.benchmark = parse_benchmark_flags(benchmark_args);
  apply_deterministic_min_time(config.benchmark);
  config.benchmark_flags = config.benchmark.pass_on;
  if (!config.benchmark.out.empty()) {
    if (config.out.empty()) {
      config.out = config.benchmark.out;
    } else if (config.out != config.benchmark.out) {
      throw UsageError("--benchmark_out=" + config.benchmark.out + " and --out " + config.out +
                       ": one results file; give only --out FILE");
    }
  }
  return true;
}

}  // namespace daxbench
