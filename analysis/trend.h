// A trend over kernels: the same scenarios measured on K1..Kn (one results
// file each, rounds merged), each adjacent pair compared with compare's
// statistics. A row per scenario, a column per kernel, the cost per unit of
// the family (per fault for the fault paths); a change point where an
// adjacent pair differs significantly beyond the threshold, with the
// counters that moved there, the profile deltas when both sides were
// profiled, and the kernel config options that differ. `daxbench trend`
// and lab/daxlab trend (docs/analysis.md "Trend").
#pragma once

#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/results.h"

namespace daxbench::analysis {

struct TrendKernel {
  std::string name;    // the column's name (--names, or the file's stem)
  std::string kernel;  // compare's kernel text: "6.1.0-57-amd64 (Debian package 6.1.192-3)"
};

// What moved at one change point of one row: a counter per unit of the
// family, or a kernel function's share of the profile.
struct TrendMove {
  std::string what;  // "handle_mm_fault_calls per fault", "dax_iomap_pte_fault (self)"
  double base = 0, neu = 0;
  std::string change;  // "+100.0%", "new", "gone", "+3.1 pp"
};

struct TrendChange {
  size_t pair = 0;  // kernels[pair] -> kernels[pair + 1]
  double ratio = 1;
  Verdict verdict = Verdict::kUnchanged;
  std::vector<TrendMove> counters;  // largest change first
  std::vector<TrendMove> profile;   // above noise only, largest first
  std::string profile_note;         // why no profile delta ("", "no profile", perf's error)
};

struct TrendRow {
  std::string name;                  // "ext4 dax pte write", "xfs pagecache read (x4)"
  std::string family;                // "fault"
  std::string per;                   // "fault", "page", ...; "" for a rate
  bool rate = false;                 // bytes per second (higher is better)
  std::vector<std::string> members;  // benchmark names
  std::string representative;        // the member whose numbers are shown
  std::vector<double> values;        // median per kernel; NaN where not measured
  std::vector<TrendChange> changes;  // the change points, in kernel order
};

struct TrendConfigDiff {
  size_t pair = 0;
  std::string option, base, neu;  // "CONFIG_PER_VMA_LOCK", "n", "y"; "absent" when no line
};

struct Trend {
  std::vector<TrendKernel> kernels;
  std::vector<Comparison> pairs;  // pairs[i]: kernels[i] vs kernels[i + 1]
  std::vector<TrendRow> rows;     // rows with change points first (largest first), then the rest
  std::vector<TrendConfigDiff> config;
  std::vector<std::string>
      config_unknown;                   // "7.3: unknown: ..." where a kernel's config was not read
  std::string testcase, machine, unit;  // as compare's header
  std::string measured_by;              // "daxbench 5968ab4 (clean tree)", each version once
  size_t change_points = 0;
  size_t change_points_in(size_t pair) const;
};

// Needs >= 2 files with benchmarks in common; throws UsageError otherwise.
Trend make_trend(const std::vector<Results>& runs, const std::vector<std::string>& names,
                 const CompareOptions& options);

// Plain text (the table within 80 columns for up to five kernels),
// Markdown (README.md) and JSON (trend.json: "change_points" and "pairs"
// with each pair's count, then every row).
std::string trend_text(const Trend& t, const CompareOptions& options);
std::string trend_markdown(const Trend& t, const CompareOptions& options,
                           const std::vector<std::string>& figures);
std::string trend_json(const Trend& t, const CompareOptions& options);

}  // namespace daxbench::analysis
