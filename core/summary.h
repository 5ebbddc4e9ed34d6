// A sample of benchmark repetitions in a few numbers: median, mean, sample
// standard deviation, extremes. The console of `daxbench run`
// (bench/console.cc) and compare and report (analysis/) summarise the same
// way; the comparison statistics are in analysis/stats.h.
#pragma once

#include <cstddef>
#include <vector>

namespace daxbench {

double median(std::vector<double> values);  // NaN if empty
double mean(const std::vector<double>& values);
// Sample standard deviation (n - 1 in the denominator); 0 for fewer than 2 values.
double stddev(const std::vector<double>& values);

struct Summary {
  size_t n = 0;
  double median = 0;
  double mean = 0;
  double stddev = 0;
  double min = 0;
  double max = 0;
  // stddev / mean in percent (LKP's "%stddev"); 0 when the mean is 0.
  double relative_stddev_percent() const;
};
Summary summarize(const std::vector<double>& values);

}  // namespace daxbench
