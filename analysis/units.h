// Numbers as a reader wants them: three significant digits and a unit that
// keeps them between 1 and 1000 (ns/µs/ms/s, MB/s/GB/s, k/M for counts).
#pragma once

#include <string>

namespace daxbench::analysis {

// Three significant digits, no exponent for everyday magnitudes:
// 16384 -> "16.4k", 0.0625 -> "0.0625", 1.5 -> "1.50", 0 -> "0".
std::string three_digits(double v);

// A count or ratio (a counter per page, per switch ...): three_digits with
// k/M/G above 10^4: 16448 -> "16.4k", 1.004 -> "1.00".
std::string humanize_count(double v);

// A duration in ns of `clock` ("wall-ns" or "instruction-ns"): "4.57 ms",
// "812 ns"; instruction-ns (QEMU icount: 1 ns per guest instruction) gets
// counted as instructions ("4.57 M instructions"), never a wall-clock unit.
std::string humanize_ns(double ns, const std::string& clock = "wall-ns");

// Bytes per second, decimal units: "1.23 GB/s", "512 MB/s".
std::string humanize_rate(double bytes_per_second);

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
