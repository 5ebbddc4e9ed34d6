// The run options of `daxbench run` and `list`, on the command line or at
// the top level of an INI config: one table (name, form, help, setter)
// makes their help, the keys a config may have at top level, and their
// checks. Bad values throw UsageError naming the option.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/config.h"

namespace daxbench {

// The options' help, in the table's order, for Boost.Program_options.
boost::program_options::options_description global_options();

// The keys a config may have at its top level ("target, modes, ...,
// benchmark_*, or a [section]").
std::string allowed_top_level_keys();

// Targets, modes and the other run options from what was parsed, in the
// table's order; no target is said before anything else is checked.
void apply_run_options(const boost::program_options::variables_map& vm, const std::string& command,
                       RunConfig& config, bool need_targets);

// Digits only, at most `max_digits` of them: a whole number, or nullopt.
std::optional<uint64_t> whole_number(const std::string& value, size_t max_digits);

// Seconds from a duration as given ("500ms", "60s", "2"); UsageError naming
// `where` when it is not one or is longer than a day.
double checked_duration(const std::string& value, const std::string& where);

}  // namespace daxbench
