#include "workloads/family.h"

#include <linux/fs.h>
#include <sys/ioctl.h>

#include <cstdint>
#include <string>

#include "core/util.h"

namespace daxbench {

namespace {

std::vector<std::unique_ptr<Family>>& registry() {
  static std::vector<std::unique_ptr<Family>> families;
  return families;
}

std::vector<const Family*>& registry_view() {
  static std::vector<const Family*> view;
  return view;
}

}  // namespace

void register_family(std::unique_ptr<Family> family) {
  registry_view().push_back(family.get());
  registry().push_back(std::move(family));
}

const std::vector<const Family*>& all_families() { return registry_view(); }

const Family* find_family(const std::string& name) {
  for (const Family* f : all_families())
    if (f->name() == name) return f;
  return nullptr;
}

const Family& default_family() {
  for (const Family* f : all_families())
    if (f->is_default()) return *f;
  throw std::logic_error("no family is the default (Family::is_default)");
}

void check_common_params(const ScenarioParams& p) {
  auto size_it = p.find("size");
  if (size_it == p.end()) return;
  const auto size = parse_size(size_it->second);
  if (!size) throw UsageError("size '" + size_it->second + "' is not a size");
  if (*size % kPageSize != 0)
    throw UsageError("size " + size_it->second + " is not a multiple of 4KiB (whole pages)");
  auto threads_it = p.find("threads");
  if (threads_it == p.end()) return;
  const uint64_t threads = std::stoull(threads_it->second);
  uint64_t total = 0;
  if (__builtin_mul_overflow(*size, threads, &total) || total > static_cast<uint64_t>(INT64_MAX))
    throw UsageError("size " + size_it->second + " x threads " + threads_it->second +
                     " is more bytes than a file can hold (2^63-1); use a smaller size or "
                     "fewer threads");
}

FamilyPresentation Family::presentation() const {
  FamilyPresentation p;
  p.family = name();
  // fs/dax.c: dax_iomap_pmd_fault either maps a 2 MiB entry or falls back
  // to PTEs; more PMD-mapped faults (a larger mapped share) is the goal of
  // the PMD tuning scenarios. Fallbacks are costs.
  p.higher_is_better = {"pmd_mapped"};
  p.ratios = {{"pmd_mapped_ratio", "pmd_mapped", {"pmd_mapped", "pmd_fallback"}}};
  // Faults that really happened per page the workload touched: < 1 with
  // PMD mappings or fault-around, > 1 when write-after-read adds mkwrite
  // faults.
  p.per_quantity = {{"faults_per_page_touched", "page_faults", "pages_touched"}};
  return p;
}

std::vector<std::string> Family::default_events(const std::string&) const {
  return dax_fault_events();
}

const std::vector<std::string>& dax_fault_events() {
  static const std::vector<std::string> events = [] {
    std::vector<std::string> e = {"page-faults", "fs_dax:dax_pte_fault_done",
                                  "fs_dax:dax_pmd_fault_done/mapped",
                                  "fs_dax:dax_pmd_fault_done/fallback"};
    e.insert(e.end(), fault_path_counters().begin(), fault_path_counters().end());
    return e;
  }();
  return events;
}

const std::vector<std::string>& fault_path_counters() {
  static const std::vector<std::string> names = {"handle_mm_fault_calls",
                                                 "mmap_lock_fault_fallbacks", "vma_lock_retries"};
  return names;
}

const std::vector<std::string>& fs_handler_counters() {
  static const std::vector<std::string> names = {"fs_dax_fault_handler", "fs_page_mkwrite",
                                                 "fs_pfn_mkwrite", "fs_huge_fault"};
  return names;
}

bool has_fs_handler_counters(const std::string& fs_type) {
  return fs_type == "ext4" || fs_type == "xfs";
}

const std::vector<std::string>& tlb_flush_events() {
  static const std::vector<std::string> names = {
      "tlb:tlb_flush/remote_shootdown",     "tlb:tlb_flush/remote_ipi_send",
      "tlb:tlb_flush/local_shootdown",      "tlb:tlb_flush/local_mm_shootdown",
      "tlb:tlb_flush/flush_on_task_switch", "tlb:tlb_flush/remote_wrong_cpu"};
  return names;
}

void add_fs_handler_counters(std::vector<std::string>& events, const std::string& fs_type) {
  if (has_fs_handler_counters(fs_type))
    events.insert(events.end(), fs_handler_counters().begin(), fs_handler_counters().end());
}

bool set_pmd_extent_size_hint(const DirHandle& dir, const TargetInfo& target) {
  if (target.fs_type != "xfs") return false;
  // xfs allocates in 2 MiB-aligned extents under an extent size hint.
  struct fsxattr attr {};
  if (::ioctl(dir.fd(), FS_IOC_FSGETXATTR, &attr) != 0) return false;
  attr.fsx_xflags |= FS_XFLAG_EXTSZINHERIT;
  attr.fsx_extsize = static_cast<uint32_t>(kPmdSize);
  return ::ioctl(dir.fd(), FS_IOC_FSSETXATTR, &attr) == 0;
}

PlotSpec mode_bars_plot(const std::string& family, const std::string& what) {
  PlotSpec p;
  p.id = family + "-by-mode";
  p.title = family + ": DAX vs page cache, " + what;
  p.kind = "bars";
  p.series = {"mode", "fs_type"};
  p.y = "time_per_unit";
  return p;
}

PlotSpec latency_cdf_plot(const std::string& family, const std::string& what) {
  PlotSpec p;
  p.id = family + "-latency-cdf";
  p.title = family + ": " + what + " latency distribution";
  p.kind = "cdf";
  p.series = {"mode", "fs_type"};
  p.y = "latency_ns";
  return p;
}

std::string Family::scenario_name(const Scenario& s) const {
  std::string name = this->name();
  for (const ParamSpec& spec : params()) {
    if (!spec.in_name || spec.key == "threads" || spec.key == "size") continue;
    auto it = s.params.find(spec.key);
    if (it == s.params.end()) continue;
    name += "/" + (spec.name_as_key_value ? spec.key + ":" + it->second : it->second);
  }
  return name + mode_and_fs_name(s) + placement_threads_size_name(s);
}

std::string mode_and_fs_name(const Scenario& s) {
  return std::string("/") + to_string(s.mode) + "/" +
         (s.target.fs_type.empty() ? "FS" : s.target.fs_type);
}

std::string placement_threads_size_name(const Scenario& s) {
  std::string name;
  if (!s.placement.empty()) name += "/placement:" + s.placement;
  if (auto it = s.params.find("threads"); it != s.params.end()) name += "/threads:" + it->second;
  if (auto it = s.params.find("size"); it != s.params.end()) name += "/size:" + it->second;
  return name;
}

}  // namespace daxbench
