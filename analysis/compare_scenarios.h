// The benchmark-level half of compare (compare.h): one verdict per benchmark
// on its headline, the rows that group benchmarks measured twice, the
// changed counters, geometric means per group and the header facts.
#pragma once

#include "analysis/compare.h"

namespace daxbench::analysis {

// Fills c.benchmarks, groups, counter_rows, geomeans, names, the header
// fields and verdict_counts from c.rows and both results.
void judge_benchmarks(const Results& base, const Results& neu, const CompareOptions& options,
                      Comparison& c);

}  // namespace daxbench::analysis
