// Driving a workload family directly through its Family/Workload interface,
// as the harness does, for the families' unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/target.h"
#include "workloads/family.h"

namespace daxbench::testing {

// Counts the begin()/end() calls a workload makes around its timed region.
class CountingRegion : public TimedRegion {
 public:
  void begin() override { ++begins; }
  void end() override { ++ends; }
  int begins = 0, ends = 0;
};

// One matrix point: the first default of every parameter, then `overrides`,
// then the family's own normalisation (as the matrix expansion does).
inline Scenario make_family_scenario(const std::string& family, const std::string& dir,
                                     const ScenarioParams& overrides, InodeMode mode,
                                     uint64_t seed) {
  const Family* f = find_family(family);
  EXPECT_NE(f, nullptr) << family;
  Scenario s;
  s.family = f;
  for (const auto& spec : f->params()) s.params[spec.key] = spec.defaults.front();
  for (const auto& [k, v] : overrides) s.params[k] = v;
  s.params = *f->normalize(s.params, mode);
  s.mode = mode;
  s.target = probe_target(dir);
  s.seed = seed;
  s.name = f->scenario_name(s);
  return s;
}

}  // namespace daxbench::testing
