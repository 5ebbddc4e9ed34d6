// The profiles of `daxbench run --profile` in `daxbench report`: per scenario
// the top kernel functions by self % and by children % (perf report), and
// for two runs the per-function delta that `perf diff` computes, ranked by
// absolute change, next to the time change of that scenario. perf does the
// reading and the matching of functions; this file runs it and lays out
// what it printed. Kept apart from report.cc: report.cc calls the two
// add_profile_* functions (marked "profile hook" there).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/document.h"
#include "analysis/results.h"

namespace daxbench::analysis {

// A function needs this many samples (on either side, for a delta) to be
// ranked: below it the share is too uncertain to order (binomial relative
// error above ~22 %).
constexpr uint64_t kMinProfileSamples = 20;

// Percentage points any function's share may move between two deterministic
// lab profiles (clock instruction-ns) with no change of work when a patch
// moves code (our explanation, not checked in QEMU's source: TCG takes the
// sampling interrupt at the end of a translation block, and where blocks
// end follows the code layout).
// Measured: the page-cache scenarios of the pte-cost-20pct A/B (fs/dax.c
// only, their code unchanged, times -0.0 %) moved by up to 1.49 pp
// (set_pte_range), an A/A of one kernel by up to 0.8 pp.
constexpr double kDeterministicSkidFloor = 2.0;

struct ProfileFunction {
  std::string symbol;  // "dax_iomap_pte_fault" (perf's name, without "[k] ")
  bool kernel = false;
  double self_percent = 0;
  double children_percent = 0;
  uint64_t samples = 0;  // self samples
};

struct ProfileSummary {
  std::string file;  // the perf.data, as a path usable from here
  uint64_t samples = 0;
  std::vector<ProfileFunction> self;      // kernel functions by self %, ranked only
  std::vector<ProfileFunction> children;  // kernel functions by children %, ranked only
  size_t unranked = 0;                    // kernel functions below kMinProfileSamples
  std::string error;                      // why there is no summary (perf failed, file missing)
};

struct ProfileDelta {
  std::string symbol;
  bool kernel = false;
  std::string dso;  // "[kernel.kallsyms]", "[ext4]" (a module), "daxbench", ...
  bool module() const {
    return kernel && dso.size() > 2 && dso.front() == '[' && dso != "[kernel.kallsyms]";
  }
  double base_percent = 0;
  double new_percent = 0;
  double delta = 0;  // perf diff's Delta: new % - base %, in percentage points
  uint64_t base_samples = 0;
  uint64_t new_samples = 0;
  // Percentage points a delta must exceed to count, the largest of: 3
  // binomial standard errors of the difference of two sample shares, times
  // sqrt of the A/A overdispersion (when the base side has two profiles of
  // the same kernel); the function's own delta in that A/A; the noise floor
  // of deterministic lab profiles (kDeterministicSkidFloor).
  double noise = 0;
  double aa_delta = 0;  // |delta| base profile 1 vs base profile 2, when there are two
  bool ranked = false;  // enough samples on at least one side
  bool above_noise() const { return ranked && std::abs(delta) > noise; }
};

struct ProfileDiff {
  std::string base_file, new_file, aa_file;
  uint64_t base_samples = 0, new_samples = 0;
  std::vector<ProfileDelta> rows;  // by |delta|, largest first (one-sided entries included)
  double aa_overdispersion = 0;    // mean (A/A delta / binomial se)^2 (0: no A/A profile)
  double noise_floor = 0;          // kDeterministicSkidFloor in instruction-ns runs, else 0
  // Deterministic A/Bs only (apply_layout_skid): the largest |delta| of any
  // ranked function in the other scenarios of the same A/B whose time was
  // unchanged, and which scenario showed it ("" when none).
  double layout_skid = 0;
  std::string layout_skid_from;
  size_t dropped_module_rows = 0;  // module functions left out (see diff_profiles)
  std::string error;
};

// perf report of one profile object (daxbench.profile) of `run`.
ProfileSummary summarize_profile(const Results& run, const Json& profile);
// perf diff of base's first profile of `name` against new's first, with
// base's second profile (if any) as the A/A noise reference.
ProfileDiff diff_profiles(const Results& base, const Results& neu, const std::string& name);

// In a deterministic A/B (clock instruction-ns) a scenario whose time did
// not change executed the same instructions on both kernels, so whatever
// moved in its profile moved by attribution (code layout), not work. Each
// scenario's noise is raised to the largest such move seen in the *other*
// unchanged scenarios of the same A/B (leave one out: a scenario never sets
// its own bound). `unchanged[i]` says whether diffs[i]'s time was unchanged.
void apply_layout_skid(std::vector<ProfileDiff>& diffs, const std::vector<std::string>& names,
                       const std::vector<bool>& unchanged);

// Report hooks: the profile tables of a run, and the profile deltas of an A/B
// (beside the time change from `c`). Both add nothing when no benchmark has a
// profile. add_profile_ab_section also returns the deltas as JSON for
// profile-deltas-runN-vs-runM.json beside the report ("" when none).
void add_profile_run_section(Document& doc, const Results& run);
std::string add_profile_ab_section(Document& doc, const Results& base, const Results& neu,
                                   const Comparison& c);

}  // namespace daxbench::analysis
