// Plot axes and factors for compare and report. The number formatting that
// the console of `daxbench run` shares is in core/units.h; it is named here
// too, so analysis code says `humanize_ns` or `analysis::humanize_ns` alike.
#pragma once

#include <string>

#include "core/units.h"

namespace daxbench::analysis {

using daxbench::humanize_count;
using daxbench::humanize_ns;
using daxbench::humanize_rate;
using daxbench::three_digits;

// A scale for a plot axis whose values reach `max_ns`: the divisor and its
// unit name ("µs", 1e3). Instruction-ns: ("k instructions", 1e3) and so on.
struct AxisScale {
  double divisor = 1;
  std::string unit;
};
AxisScale time_axis(double max_ns, const std::string& clock = "wall-ns");
AxisScale rate_axis(double max_bytes_per_second);
AxisScale count_axis(double max);  // ("", 1), ("k", 1e3), ("M", 1e6) ...

// "+10.0%" from a ratio, "38.2x" style factor text ("38×", "1.43×").
std::string factor_text(double factor);

}  // namespace daxbench::analysis
