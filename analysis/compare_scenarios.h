// The benchmark-level half of compare (compare.h): one verdict per benchmark
// on its headline, the rows that group benchmarks measured twice, the
// changed counters, geometric means per group and the header facts.
#pragma once

#include "analysis/compare.h"

namespace daxbench::analysis {

// Fills c.benchmarks, groups, counter_rows, geomeans, names, the header
// fields and verdict_counts from c.rows and both results.
// The kernel's page faults per iteration of b (median of the software event
// page-faults), 0 when not counted.
double faults_per_iteration(const BenchmarkResult& b);

// The family's headline of one benchmark of r, one sample per repetition:
// time per fault when `per_fault` and the family counts pages and the
// faults were counted, else time per the family's unit (bytes per second
// for a throughput family on a wall clock; never a rate from the
// deterministic clock). Callers pass per_fault only where every side
// compared counted the same faults per iteration.
struct HeadlineValues {
  std::vector<double> samples;
  std::string per;  // "fault", "page", ...; "" for a rate
  bool rate = false;
};
HeadlineValues headline_values(const Results& r, const BenchmarkResult& b, bool per_fault);

void judge_benchmarks(const Results& base, const Results& neu, const CompareOptions& options,
                      Comparison& c);

}  // namespace daxbench::analysis
