// The fallback for results files written before context "families" existed
// (every file under reports/ up to December 2026): what those files' families
// would have declared. This file is the one place in analysis/ that names a
// family or reads a benchmark's facts for a family's sake; files with context
// "families" never reach it.
#include <map>

#include "analysis/families.h"

namespace daxbench::analysis {

namespace {

PlotSpec spec(std::string id, std::string title, std::string kind, std::string x,
              std::map<std::string, std::string> where, std::string y = "time_per_unit") {
  PlotSpec s;
  s.id = std::move(id);
  s.title = std::move(title);
  s.kind = std::move(kind);
  s.x = std::move(x);
  s.where = std::move(where);
  s.y = std::move(y);
  return s;
}

std::map<std::string, FamilyPresentation> table() {
  std::map<std::string, FamilyPresentation> t;
  {
    FamilyPresentation p;
    p.family = "fault";
    p.unit = "page";
    p.unit_quantity = "pages_touched";
    p.headline_counters = {"faults_per_page_touched", "pmd_mapped", "pmd_fallback"};
    p.plots = {
        spec("fault-pte", "4 KiB faults: time per page touched", "bars", "access",
             {{"pages", "pte"}}),
        spec("fault-pages", "Write faults by mapping size: time per page touched", "bars", "pages",
             {{"access", "write"}}),
        spec("fault-pmd-mapped", "PMD faults that mapped 2 MiB, per page touched", "bars", "pages",
             {{"access", "write"}}, "pmd_mapped"),
        spec("fault-latency", "Per-page fault latency", "cdf", "", {{"pages", "pte"}}),
    };
    t[p.family] = p;
  }
  {
    FamilyPresentation p;
    p.family = "mmap-write";
    p.unit = "byte";
    p.unit_quantity = "bytes";
    p.throughput = true;
    p.headline_counters = {"page_faults", "dax_pfn_mkwrites", "dax_writebacks"};
    p.plots = {spec("mmap-write-bandwidth", "Store bandwidth through a shared mapping", "bars",
                    "store", {})};
    t[p.family] = p;
  }
  {
    FamilyPresentation p;
    p.family = "flag-switch";
    p.unit = "switch";
    p.unit_quantity = "switches";
    p.headline_counters = {"switches_effective", "switches_never"};
    p.plots = {
        spec("flag-switch-holders", "Time to effective past the holder's release", "bars", "holder",
             {{"measure", "time-to-effective"}}),
        spec("flag-switch-latency", "Time to effective past the holder's release", "cdf", "",
             {{"measure", "time-to-effective"}}),
    };
    t[p.family] = p;
  }
  {
    FamilyPresentation p;
    p.family = "flag-switch-stress";
    p.unit = "round";
    p.unit_quantity = "rounds";
    p.headline_counters = {"mismatches", "sigbus"};
    t[p.family] = p;
  }
  return t;
}

}  // namespace

std::optional<FamilyPresentation> legacy_presentation(const std::string& family) {
  static const std::map<std::string, FamilyPresentation> kTable = table();
  auto it = kTable.find(family);
  if (it == kTable.end()) return std::nullopt;
  return it->second;
}

// flag-switch time-to-effective timed the ioctl, the configured hold and the
// kernel's part together until workloads/flag_switch.cc moved the region to
// the holder's release; its facts said so ("includes the hold time"). The
// per-switch histogram always measured from the release: its median is the
// kernel's part.
std::optional<std::pair<std::string, std::string>> legacy_time_metric(const BenchmarkResult& b) {
  if (!b.daxbench.is_object() || b.family() != "flag-switch") return std::nullopt;
  const auto facts = b.daxbench.find("facts");
  if (facts == b.daxbench.end() || !facts->is_object()) return std::nullopt;
  const std::string timed = facts->value("timed", "");
  if (timed.find("includes the hold time") == std::string::npos) return std::nullopt;
  if (!b.metric("latency_p50_ns")) return std::nullopt;
  return std::make_pair(std::string("latency_p50_ns"),
                        std::string("median of the per-switch histogram (from the holder's "
                                    "release); this file's real_time includes the hold"));
}

// Files written before presentations named their higher-is-better metrics.
Direction metric_direction(const std::string& name) {
  if (name.ends_with("_per_second") || name == "bytes_per_second" || name == "items_per_second") {
    return Direction::kHigherIsBetter;
  }
  // What the families' presentations now say (workloads/family.cc:
  // Family::presentation, flag_switch*.cc).
  if (name.starts_with("pmd_mapped") || name.find("mapped_ratio") != std::string::npos ||
      name.find("switches_effective") != std::string::npos) {
    return Direction::kHigherIsBetter;
  }
  return Direction::kLowerIsBetter;
}

}  // namespace daxbench::analysis
