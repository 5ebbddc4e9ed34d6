// What a workload family knows about presenting its own results: its natural
// unit, the counters worth a headline, and its report plots. Each family
// declares it (workloads/), `daxbench run` writes it into every results file
// (context "families"), and compare and report read it from there, so they
// need no family code and adding a family never edits analysis/.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace daxbench {

// One plot of a family's results, declared as data: which benchmarks it shows
// (`where`: parameter values they must have), what goes on the x axis (a
// parameter key, or "" for one bar group per scenario), which parameters
// split the series, and the y value ("time_per_unit" or a counter name).
struct PlotSpec {
  std::string id;                            // "fault-time-per-page", unique in the family
  std::string title;                         // "DAX vs page cache: time per page touched"
  std::string kind = "bars";                 // "bars", "lines", "cdf" (latency) or "scaling"
  std::string x;                             // parameter key ("working_set", "tasks") or ""
  std::vector<std::string> series;           // parameter keys that split the series
  std::string y = "time_per_unit";           // "time_per_unit" or a counter name
  std::map<std::string, std::string> where;  // parameter key -> required value
  bool log_x = false;
};

// A value the report derives as the difference of two sibling benchmarks:
// those that differ only in parameter `param`, one with value `minuend` and
// one with `subtrahend` (access: pages=pte minus pages=pmd, the page-walk
// cost per access). One table row per pair, against parameter `x`; labelled
// with `label` so nobody mistakes it for a measured value.
struct DifferenceSpec {
  std::string id;                            // "access-page-walk-cost", unique in the family
  std::string title;                         // "Page-walk cost per access"
  std::string param;                         // "pages"
  std::string minuend;                       // "pte"
  std::string subtrahend;                    // "pmd"
  std::string label;                         // "derived (pte − pmd)"
  std::string x;                             // "working_set": the column the rows are sorted by
  std::map<std::string, std::string> where;  // parameter key -> required value
  // x is a working-set size: each row says whether it lies beyond the data
  // TLB's 4 KiB reach (environment dtlb_4k_entries), where the difference is
  // a page-walk cost.
  bool x_against_tlb_reach = false;
};

// A ratio of counters `daxbench run` derives for a family: `name` is the
// total of the counter `part` (a stem) over the sum of the totals of
// `whole`; left out when a counter was not counted or the sum is 0.
struct CounterRatio {
  std::string name;
  std::string part;
  std::vector<std::string> whole;
};

// A counter per a quantity of the workload other than the family's unit:
// `name` is the total of `counter` (a stem) over iterations x `quantity`
// per iteration; left out when the quantity is the family's unit (the
// counter is in it already) or the scenario reports none of it.
struct CounterPer {
  std::string name;
  std::string counter;
  std::string quantity;
};

struct FamilyPresentation {
  std::string family;  // "fault"
  // The natural unit, singular ("fault", "page", "switch", "access", "byte"),
  // and the per-iteration quantity (a key of Workload::per_iteration) that
  // counts it: time per unit = iteration time / that quantity, and counters
  // are shown per unit.
  std::string unit = "operation";
  std::string unit_quantity = "operations";
  // Report the rate (bytes per second) instead of time per unit.
  bool throughput = false;
  // Counter names, most telling first: the console's columns and the
  // report's findings. Two or three. A perf counter by its stem
  // ("pmd_mapped"): the results have it in the family's unit only
  // ("pmd_mapped_per_page_touched", bench/counters.h: derive_counters);
  // anything else by its full name ("pmd_mapped_ratio", a total of
  // the workload such as "switches_never").
  std::vector<std::string> headline_counters;
  std::vector<PlotSpec> plots;
  // Values derived from pairs of benchmarks; none in files written before
  // the member existed.
  std::vector<DifferenceSpec> differences;
  // Metrics whose larger value is better, by the start of their names
  // ("pmd_mapped" covers pmd_mapped_per_page_touched and pmd_mapped_ratio);
  // every other metric but a rate (*_per_second) is a cost. Files written
  // before the member existed read by analysis's legacy rule instead.
  std::vector<std::string> higher_is_better;
  // What `daxbench run` derives from the counters beside the family's unit
  // (bench/counters.h: derive_counters). Not in results files: the values are.
  std::vector<CounterRatio> ratios;
  std::vector<CounterPer> per_quantity;
};

// The unit after "_per_" in a counter's name, for a per-iteration quantity:
// its first word made singular ("pages_touched" -> "page_touched",
// "switches" -> "switch", "accesses" -> "access", "flushes" -> "flush").
// The one rule `daxbench run` names counters by and compare and report read
// them by.
std::string per_unit(const std::string& quantity);

// The results-file form: context "families" is {"<family>": <presentation>},
// with the member names above ("unit", "unit_quantity", "throughput",
// "headline_counters", "plots": [{"id", "title", "kind", "x", "series", "y",
// "where", "log_x"}], "differences": [{"id", "title", "param", "minuend",
// "subtrahend", "label", "x", "where", "x_against_tlb_reach"}]). Missing members take the defaults
// above.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PlotSpec, id, title, kind, x, series, y, where,
                                                log_x)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DifferenceSpec, id, title, param, minuend,
                                                subtrahend, label, x, where, x_against_tlb_reach)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FamilyPresentation, family, unit, unit_quantity,
                                                throughput, headline_counters, plots, differences,
                                                higher_is_better)

}  // namespace daxbench
