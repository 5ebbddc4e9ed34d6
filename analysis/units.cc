#include "analysis/units.h"

#include <cmath>
#include <cstddef>

namespace daxbench::analysis {

namespace {

// The largest unit of the ladder that `max` reaches.
AxisScale axis(double max, std::span<const UnitStep> steps) {
  size_t i = 0;
  while (i + 1 < steps.size() && std::fabs(max) >= steps[i + 1].divisor) ++i;
  return {steps[i].divisor, steps[i].unit};
}

}  // namespace

AxisScale time_axis(double max_ns, const std::string& clock) {
  return axis(max_ns, time_units(clock));
}

AxisScale count_axis(double max) { return axis(max, count_units()); }

AxisScale rate_axis(double max_bytes_per_second) {
  return axis(max_bytes_per_second, rate_units());
}

std::string factor_text(double factor) {
  if (!std::isfinite(factor)) return "n/a";
  return three_digits(factor) + "×";
}

}  // namespace daxbench::analysis
