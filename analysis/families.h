// What report and compare know about a workload family, all of it from the
// results file: context "families" holds each family's FamilyPresentation
// (core/presentation.h: natural unit, headline counters, plots over
// daxbench.params). Files written before that key existed get the fallback
// table of legacy_families.cc, the only place in analysis/ that knows a
// family by name.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/results.h"
#include "core/presentation.h"

namespace daxbench::analysis {

struct FamilyView {
  FamilyPresentation presentation;
  // "results file" or "fallback for results files without context families"
  bool from_file = false;
};

FamilyView family_view(const Results& r, const std::string& family);

// The fallback presentations (legacy_families.cc), null for an unknown family.
std::optional<FamilyPresentation> legacy_presentation(const std::string& family);
// Old files only: the per-repetition time to use when real_time is not the
// family's headline (flag-switch time-to-effective once included the hold):
// the metric name and a note, or nullopt.
std::optional<std::pair<std::string, std::string>> legacy_time_metric(const BenchmarkResult& b);

// The family's headline value of one benchmark, one sample per repetition:
// time per unit in ns of the run's clock, or bytes per second.
struct UnitValues {
  std::vector<double> samples;
  bool rate = false;              // bytes per second (FamilyPresentation::throughput)
  std::string per = "iteration";  // the unit the time is per ("page", "switch", ...)
  std::string note;               // how it was derived when that is not obvious
};
UnitValues unit_values(const Results& r, const BenchmarkResult& b, const FamilyPresentation& p);

// Text of one value of UnitValues: "4.57 µs" / "1.23 GB/s".
std::string unit_value_text(double v, const UnitValues& u, const std::string& clock);
// "time per page" / "throughput".
std::string unit_value_label(const UnitValues& u);

// The metric of a counter in the family's one normalisation: NAME_per_<unit>
// when it exists, else NAME itself (already normalised, or a total from
// the workload); null if neither.
const Metric* counter_metric(const BenchmarkResult& b, const std::string& counter,
                             const FamilyPresentation& p);

// Counters worth a column for this benchmark: each perf counter once, in the
// family's unit (its _total, _per_iteration, other _per_* and _scaling forms
// stay in the results file), plus the workload's own results; never the
// quantities, rates and harness bookkeeping. Returns (column name, metric).
std::vector<std::pair<std::string, const Metric*>> shown_counters(const BenchmarkResult& b,
                                                                  const FamilyPresentation& p);

// Inode modes (core/inode_mode.h): DAX ones and their page-cache baseline
// (dax-inode vs dax-inode-off on the same mount; dax-always vs pagecache).
bool is_dax_mode(const std::string& mode);
std::string baseline_mode(const std::string& dax_mode);  // "" when none

// A benchmark's value for a plot or grouping key: a parameter of
// daxbench.params, or "mode" / "fs" (the inode mode and filesystem).
std::string key_value(const BenchmarkResult& b, const std::string& key);
// Parameters whose values differ between DAX and page-cache modes only, over
// these benchmarks (the page-cache state: "warm" there, "bypassed" under
// DAX): they do not tell scenarios apart, the mode does.
std::set<std::string> mode_dependent_keys(const std::vector<const BenchmarkResult*>& benchmarks);
// A value a parameter takes where it does not apply ("bypassed", "n/a").
bool not_applicable(const std::string& value);

// The parameter keys of a benchmark (daxbench.params), in file order.
std::vector<std::string> param_keys(const BenchmarkResult& b);

}  // namespace daxbench::analysis
