// Placeholder until the perf-counter layer lands: every requested event is
// reported as unsupported (never as 0).
#include "bench/counters.h"

namespace daxbench {

std::unique_ptr<BenchmarkCounters> open_counters(const CounterOptions& options, const Scenario&,
                                                 std::map<std::string, std::string>& unsupported) {
  for (const auto& e : options.events) unsupported[e] = "perf counters not implemented yet";
  return nullptr;
}

std::map<std::string, double> derive_counters(const std::vector<CounterReading>& readings,
                                              const std::map<std::string, double>&, double iterations) {
  std::map<std::string, double> out;
  for (const auto& r : readings) out[r.name + "_per_iteration"] = iterations > 0 ? r.value / iterations : 0;
  return out;
}

void validate_event_names(const std::vector<std::string>&) {}

}  // namespace daxbench
