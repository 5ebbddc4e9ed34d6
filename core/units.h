// Numbers as a reader wants them: three significant digits and a unit that
// keeps them between 1 and 1000 (ns/µs/ms/s, MB/s/GB/s, k/M for counts). The
// console of `daxbench run` (bench/console.cc) and compare and report
// (analysis/) print the same numbers the same way.
#pragma once

#include <span>
#include <string>

namespace daxbench {

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

// One rung of a unit ladder: values from `divisor` up are shown in `unit`.
struct UnitStep {
  double divisor;
  const char* unit;
};
// The ladders the humanize_* functions climb, smallest unit first; plot
// axes (analysis/units.h) take their units from the same ones.
std::span<const UnitStep> time_units(const std::string& clock);
std::span<const UnitStep> rate_units();
std::span<const UnitStep> count_units();

}  // namespace daxbench
