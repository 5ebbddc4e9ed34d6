#include "analysis/stats.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace daxbench::analysis {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Multiply-shift maps a 64-bit draw to [0, n) (Lemire); its bias is below
// n / 2^64, and unlike std::uniform_int_distribution it is the same on every
// standard library, so a seed reproduces an interval anywhere.
size_t uniform_index(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}
}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

// Midranks (1-based) of the pooled sample, doubled so that they are integers.
std::vector<long> doubled_midranks(const std::vector<double>& pooled, double* tie_term) {
  const size_t n = pooled.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pooled[a] < pooled[b]; });
  std::vector<long> ranks2(n);
  *tie_term = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && pooled[order[j + 1]] == pooled[order[i]]) ++j;
    // Positions i..j (0-based) share the mean rank ((i + 1) + (j + 1)) / 2.
    const long rank2 = static_cast<long>(i + j + 2);
    for (size_t k = i; k <= j; ++k) ranks2[order[k]] = rank2;
    const double t = static_cast<double>(j - i + 1);
    *tie_term += t * t * t - t;
    i = j + 1;
  }
  return ranks2;
}

}  // namespace

double mann_whitney_min_p_value(size_t n1, size_t n2) {
  // C(n1 + n2, n1) computed in floating point; fine for the sizes used here.
  double c = 1;
  for (size_t i = 1; i <= n1; ++i) c = c * static_cast<double>(n2 + i) / static_cast<double>(i);
  return std::min(1.0, 2.0 / c);
}

MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 MannWhitneyMethod method) {
  if (x.empty() || y.empty()) throw std::invalid_argument("mann_whitney_u: empty sample");
  const size_t n1 = x.size(), n2 = y.size(), n = n1 + n2;
  std::vector<double> pooled(x);
  pooled.insert(pooled.end(), y.begin(), y.end());
  double tie_term = 0;
  const std::vector<long> ranks2 = doubled_midranks(pooled, &tie_term);

  long rank_sum2 = 0;  // 2 * R1
  for (size_t i = 0; i < n1; ++i) rank_sum2 += ranks2[i];

  MannWhitneyResult r;
  r.ties = tie_term > 0;
  // U1 = R1 - n1 (n1 + 1) / 2.
  r.u = static_cast<double>(rank_sum2) / 2.0 - static_cast<double>(n1 * (n1 + 1)) / 2.0;
  // Under H0, E[2 R1] = n1 (n + 1).
  const long center2 = static_cast<long>(n1 * (n + 1));
  const long observed_distance = std::labs(rank_sum2 - center2);

  if (method == MannWhitneyMethod::kAuto) {
    method = n <= kMannWhitneyExactLimit ? MannWhitneyMethod::kExact : MannWhitneyMethod::kNormal;
  }

  if (method == MannWhitneyMethod::kExact) {
    // ways[k][s]: number of k-subsets of the pooled ranks with doubled sum s.
    // Every one of the C(n, n1) assignments is equally likely under H0.
    const long max_sum = std::accumulate(ranks2.begin(), ranks2.end(), 0L);
    std::vector<std::vector<double>> ways(n1 + 1,
                                          std::vector<double>(static_cast<size_t>(max_sum) + 1));
    ways[0][0] = 1;
    for (size_t item = 0; item < n; ++item) {
      const long r2 = ranks2[item];
      for (size_t k = std::min(n1, item + 1); k >= 1; --k) {
        for (long s = max_sum; s >= r2; --s) {
          ways[k][static_cast<size_t>(s)] += ways[k - 1][static_cast<size_t>(s - r2)];
        }
      }
    }
    double extreme = 0, total = 0;
    for (long s = 0; s <= max_sum; ++s) {
      const double w = ways[n1][static_cast<size_t>(s)];
      total += w;
      if (std::labs(s - center2) >= observed_distance) extreme += w;
    }
    r.exact = true;
    r.p_value = std::min(1.0, extreme / total);
    return r;
  }

  // Normal approximation: Var(U) = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1))).
  const double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2),
               dn = static_cast<double>(n);
  const double variance = dn1 * dn2 / 12.0 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  r.exact = false;
  if (variance <= 0) {  // every value tied: no evidence of a difference
    r.p_value = 1;
    return r;
  }
  const double distance = std::fabs(r.u - dn1 * dn2 / 2.0);
  const double z = std::max(0.0, distance - 0.5) / std::sqrt(variance);  // continuity correction
  const boost::math::normal_distribution<double> standard_normal;
  r.p_value = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(standard_normal, z)));
  return r;
}

uint64_t stable_hash(const std::string& s, uint64_t seed) {
  uint64_t h = 14695981039346656037ull ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

namespace {

// Percentile-bootstrap interval of stat(median(x*), median(y*)) over
// resamples of both samples; resamples where stat is not finite are dropped.
template <class Stat>
Interval bootstrap_two_medians_ci(const std::vector<double>& x, const std::vector<double>& y,
                                  double confidence, uint64_t seed, int resamples, Stat stat) {
  Interval ci{kNaN, kNaN};
  if (x.empty() || y.empty() || resamples <= 0) return ci;
  std::mt19937_64 rng(seed);
  auto index = [&rng](size_t n) { return uniform_index(rng, n); };
  std::vector<double> bx(x.size()), by(y.size()), values;
  values.reserve(static_cast<size_t>(resamples));
  for (int b = 0; b < resamples; ++b) {
    for (auto& v : bx) v = x[index(x.size())];
    for (auto& v : by) v = y[index(y.size())];
    const double value = stat(median(bx), median(by));
    if (std::isfinite(value)) values.push_back(value);
  }
  if (values.empty()) return ci;
  std::sort(values.begin(), values.end());
  const double tail = (1 - confidence) / 2;
  ci.low = quantile_sorted(values, tail);
  ci.high = quantile_sorted(values, 1 - tail);
  return ci;
}

}  // namespace

Interval bootstrap_ratio_of_medians_ci(const std::vector<double>& x, const std::vector<double>& y,
                                       double confidence, uint64_t seed, int resamples) {
  return bootstrap_two_medians_ci(x, y, confidence, seed, resamples,
                                  [](double mx, double my) { return mx == 0 ? kNaN : my / mx; });
}

Interval bootstrap_difference_of_medians_ci(const std::vector<double>& x,
                                            const std::vector<double>& y, double confidence,
                                            uint64_t seed, int resamples) {
  return bootstrap_two_medians_ci(x, y, confidence, seed, resamples,
                                  [](double mx, double my) { return mx - my; });
}

Interval bootstrap_median_ci(const std::vector<double>& x, double confidence, uint64_t seed,
                             int resamples) {
  Interval ci{kNaN, kNaN};
  if (x.empty() || resamples <= 0) return ci;
  std::mt19937_64 rng(seed);
  std::vector<double> bx(x.size()), medians;
  medians.reserve(static_cast<size_t>(resamples));
  for (int b = 0; b < resamples; ++b) {
    for (auto& v : bx) v = x[uniform_index(rng, x.size())];
    medians.push_back(median(bx));
  }
  std::sort(medians.begin(), medians.end());
  const double tail = (1 - confidence) / 2;
  ci.low = quantile_sorted(medians, tail);
  ci.high = quantile_sorted(medians, 1 - tail);
  return ci;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kImproved:
      return "improved";
    case Verdict::kRegressed:
      return "regressed";
    case Verdict::kUnchanged:
      return "unchanged";
    case Verdict::kNoisy:
      return "noisy";
  }
  return "?";
}

const char* to_string(Direction d) {
  return d == Direction::kLowerIsBetter ? "lower is better" : "higher is better";
}

Verdict decide(const VerdictInput& in) {
  const double change = in.ratio - 1;
  const bool significant = in.p_value < in.alpha;
  const bool ci_known = std::isfinite(in.ci.low) && std::isfinite(in.ci.high);
  const bool ci_excludes_one = ci_known && !in.ci.contains(1.0);
  if (significant && std::fabs(change) >= in.threshold && ci_excludes_one) {
    const bool worse = in.direction == Direction::kLowerIsBetter ? change > 0 : change < 0;
    return worse ? Verdict::kRegressed : Verdict::kImproved;
  }
  if (ci_known && in.ci.low >= 1 - in.threshold && in.ci.high <= 1 + in.threshold) {
    return Verdict::kUnchanged;
  }
  if (significant && std::fabs(change) < in.threshold) return Verdict::kUnchanged;
  return Verdict::kNoisy;
}

double geometric_mean(const std::vector<double>& values) {
  double log_sum = 0;
  size_t n = 0;
  for (double v : values) {
    if (!(v > 0) || !std::isfinite(v)) continue;
    log_sum += std::log(v);
    ++n;
  }
  return n == 0 ? kNaN : std::exp(log_sum / static_cast<double>(n));
}

}  // namespace daxbench::analysis
