// Statistics for A/B comparison of benchmark repetitions: robust summaries
// (core/summary.h), the Mann-Whitney U test, a bootstrap confidence interval
// of the ratio of medians, and the verdict that combines them. Pure
// functions, no I/O, so they can be checked against published values
// (tests/analysis_stats_test.cc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/summary.h"

namespace daxbench::analysis {

// Shared with the console of `daxbench run`, in core/summary.h; named here
// too, so analysis code says `summarize` or `analysis::summarize` alike.
using daxbench::mean;
using daxbench::median;
using daxbench::stddev;
using daxbench::summarize;
using daxbench::Summary;

// Quantile q in [0, 1] of sorted values, linear interpolation between order
// statistics (Hyndman & Fan type 7, the default of R and NumPy).
double quantile_sorted(const std::vector<double>& sorted, double q);

enum class MannWhitneyMethod {
  kAuto,    // exact when n1 + n2 <= kExactLimit, else normal approximation
  kExact,   // permutation distribution of the rank sum (with midranks for ties)
  kNormal,  // normal approximation with tie and continuity correction
};

struct MannWhitneyResult {
  double u = 0;        // U statistic of the first sample: #(x > y) + #(x == y) / 2
  double p_value = 1;  // two-sided
  bool exact = false;
  bool ties = false;
};

// Sizes up to this total use the exact distribution: the count of rank
// subsets is at most C(50, 25) ~ 1.3e14, exact in a double.
constexpr size_t kMannWhitneyExactLimit = 50;

// Two-sided Mann-Whitney U (Wilcoxon rank-sum) test. Both samples need at
// least one value. With ties the exact branch enumerates the permutation
// distribution of the midrank sum (conditional on the observed ties), which
// is what the test means when ties exist.
MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 MannWhitneyMethod method = MannWhitneyMethod::kAuto);

// The smallest two-sided p-value the exact test can give for these sizes
// (2 / C(n1 + n2, n1)): with 3 and 3 repetitions it is 0.1, so nothing can be
// significant at alpha 0.05.
double mann_whitney_min_p_value(size_t n1, size_t n2);

struct Interval {
  double low = 0;
  double high = 0;
  bool contains(double v) const { return low <= v && v <= high; }
};

// Percentile-bootstrap confidence interval of median(y) / median(x): both
// samples are resampled with replacement `resamples` times. Deterministic for a
// given seed (std::mt19937_64 with our own index mapping, so the result does not
// depend on the standard library's distributions). Resamples whose base median
// is 0 are dropped; if all are, the interval is NaN.
Interval bootstrap_ratio_of_medians_ci(const std::vector<double>& x, const std::vector<double>& y,
                                       double confidence, uint64_t seed, int resamples = 2000);

// Percentile-bootstrap confidence interval of median(x) - median(y), both
// samples resampled as above (the report's derived differences: pte - pmd).
Interval bootstrap_difference_of_medians_ci(const std::vector<double>& x,
                                            const std::vector<double>& y, double confidence,
                                            uint64_t seed, int resamples = 2000);

// Percentile-bootstrap confidence interval of the median of one sample.
Interval bootstrap_median_ci(const std::vector<double>& x, double confidence, uint64_t seed,
                             int resamples = 2000);

// 64-bit FNV-1a, to derive a per-metric seed that does not depend on which
// other metrics are compared.
uint64_t stable_hash(const std::string& s, uint64_t seed = 0);

enum class Direction { kLowerIsBetter, kHigherIsBetter };
enum class Verdict { kImproved, kRegressed, kUnchanged, kNoisy };
const char* to_string(Verdict);
const char* to_string(Direction);

struct VerdictInput {
  double ratio = 1;  // new median / base median
  Interval ci;       // bootstrap CI of that ratio
  double p_value = 1;
  Direction direction = Direction::kLowerIsBetter;
  double threshold = 0.02;  // relative change that matters
  double alpha = 0.05;
};

// improved / regressed: significant (p < alpha), the change is at least the
//   threshold, and the confidence interval excludes "no change" (1).
// unchanged: the CI lies inside [1 - threshold, 1 + threshold], or the
//   difference is significant but smaller than the threshold.
// noisy: anything else - the CI is too wide to tell a change of the threshold's
//   size from none.
Verdict decide(const VerdictInput& in);

// Geometric mean of positive finite values (others are ignored); NaN if none.
double geometric_mean(const std::vector<double>& values);

}  // namespace daxbench::analysis
