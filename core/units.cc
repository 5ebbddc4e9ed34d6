#include "core/units.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

namespace daxbench {

namespace {

// "%.3g" without the exponent form for 1e-4 <= |v| < 1e6, keeping trailing
// zeros that carry a significant digit ("1.50", "20.0").
std::string sig3(double v) {
  if (v == 0) return "0";
  const double a = std::fabs(v);
  if (a < 1e-4 || a >= 1e6) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", v);
    return buf;
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  // Rounding can carry into the next magnitude (999.7 -> 1000).
  const double rounded = std::round(a / std::pow(10, magnitude - 2)) * std::pow(10, magnitude - 2);
  const int m = static_cast<int>(std::floor(std::log10(rounded)));
  const int decimals = std::max(0, 2 - m);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v < 0 ? -rounded : rounded);
  return buf;
}

std::string scaled(double v, std::span<const UnitStep> steps, const char* space) {
  const double a = std::fabs(v);
  size_t i = 0;
  // The largest unit that keeps the number >= 1 (after 3-digit rounding).
  while (i + 1 < steps.size() && a >= steps[i + 1].divisor * 0.9995) ++i;
  return sig3(v / steps[i].divisor) + space + steps[i].unit;
}

constexpr UnitStep kWall[] = {{1, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}};
// Deterministic lab mode: 1 ns of clock per guest instruction (QEMU -icount
// shift=0), so the count is what is shown, in its own name.
constexpr UnitStep kInsn[] = {
    {1, "instructions"}, {1e3, "k instructions"}, {1e6, "M instructions"}, {1e9, "G instructions"}};
constexpr UnitStep kRate[] = {
    {1, "B/s"}, {1e3, "kB/s"}, {1e6, "MB/s"}, {1e9, "GB/s"}, {1e12, "TB/s"}};
constexpr UnitStep kCount[] = {{1, ""}, {1e3, "k"}, {1e6, "M"}, {1e9, "G"}};

}  // namespace

std::span<const UnitStep> time_units(const std::string& clock) {
  if (clock == "instruction-ns") return kInsn;
  return kWall;
}

std::span<const UnitStep> rate_units() { return kRate; }

std::span<const UnitStep> count_units() { return kCount; }

std::string three_digits(double v) {
  if (!std::isfinite(v)) return "n/a";
  return sig3(v);
}

std::string humanize_count(double v) {
  if (!std::isfinite(v)) return "n/a";
  if (std::fabs(v) < 1e4) {
    if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));  // a count: 6, 1300
    return sig3(v);
  }
  return scaled(v, kCount, "");
}

std::string humanize_ns(double ns, const std::string& clock) {
  if (!std::isfinite(ns)) return "n/a";
  return scaled(ns, time_units(clock), " ");
}

std::string humanize_rate(double bytes_per_second) {
  if (!std::isfinite(bytes_per_second)) return "n/a";
  return scaled(bytes_per_second, kRate, " ");
}

}  // namespace daxbench
