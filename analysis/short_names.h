// Row names a maintainer reads at a glance: a benchmark is named by what
// varies across the benchmarks shown (`ext4 dax-always pte write`); what all
// of them share (`fault shared populate:none threads:1 size:8MiB`) is said
// once, in a header. Used by `daxbench compare` and `daxbench report`.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/results.h"

namespace daxbench::analysis {

struct ShortNames {
  // The parts every benchmark shares, space-separated: the header's testcase.
  std::string common;
  // Benchmark name -> its short name; "" when nothing varies (one benchmark).
  std::map<std::string, std::string> of;
  // The part keys that vary ("fs", "mode", parameter keys, "family").
  std::set<std::string> varying;
};

// Parts of a name, in the order a kernel developer says them: the family
// (when several are shown), filesystem, inode mode, then the name's plain
// words from its end (`pte write`), then its `key:value` parameters. A
// parameter whose value follows from the mode alone (cache: `warm` on the
// page cache, `bypassed` under DAX) is left out: the mode says it.
ShortNames short_names(const std::vector<const BenchmarkResult*>& benchmarks);

// The mode class of an inode mode: "dax" for dax-inode and dax-always (the
// per-inode flag and the mount option reach the same fs/dax.c paths),
// "pagecache" for pagecache and dax-inode-off (page cache on a DAX-capable
// mount is still the page cache); any other mode is its own class.
std::string mode_class(const std::string& mode);

// The mode class with the parameters only DAX acts on: "dax pte", "dax pmd",
// "pagecache" (the groups of a geometric mean).
std::string mode_group(const BenchmarkResult& b);

// Benchmarks that measure one scenario twice share a key and a name: the
// short name with the mode class in place of the mode and, on the page
// cache, without the parameters that only DAX acts on (kPageCacheBlind in
// short_names.cc: `pages`, as a page-cache file of these workloads gets no
// PMD mapping). `merge_page_cache_blind = false` keeps those parameters.
struct ScenarioClass {
  std::string key;
  std::string name;  // "xfs pagecache read", "ext4 dax pte write"
};
ScenarioClass scenario_class(const BenchmarkResult& b, const ShortNames& names,
                             bool merge_page_cache_blind = true);

}  // namespace daxbench::analysis
