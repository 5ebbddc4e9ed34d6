// known_answer_check: asserts what an A/B of a known-answer patch must show,
// reading the compare.json that lab/daxlab ab wrote (daxbench compare
// --format json). Used by the lab tests in tests/kernel_lab.cmake and by
// scripts/publish-report known-answer.
//
//   known_answer_check COMPARE.json pte-cost PERCENT [TOLERANCE_PERCENT]
//       exactly the DAX 4 KiB fault scenarios regress, each by PERCENT within
//       +-TOLERANCE_PERCENT of it (default 25); page-cache and DAX PMD
//       scenarios unchanged; nothing improves
//   known_answer_check COMPARE.json pmd-fallback
//       every DAX PMD scenario regresses, its PMD fallbacks go from 0 to at
//       least region/2MiB per iteration and DAX PTE faults appear; page-cache
//       scenarios unchanged (DAX PTE scenarios are not judged)
//   known_answer_check COMPARE.json same
//       A/A: nothing regressed or improved
//
// Prints one line per benchmark checked; exit 0 when every expectation holds,
// 1 otherwise (naming each failure), 2 on bad input.
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/check_lines.h"

namespace {

using Json = nlohmann::json;

using daxbench::check::fail;
using daxbench::check::failures;
using daxbench::check::has;
using daxbench::check::ok;

bool is_dax(const std::string& name) {
  return has(name, "/dax-inode/") || has(name, "/dax-always/");
}
bool is_pagecache(const std::string& name) {
  return has(name, "/pagecache/") || has(name, "/dax-inode-off/");
}

// size:8MiB -> bytes, 0 if absent.
double region_bytes(const std::string& name) {
  const auto at = name.find("/size:");
  if (at == std::string::npos) return 0;
  size_t used = 0;
  const double v = std::stod(name.substr(at + 6), &used);
  const std::string unit = name.substr(at + 6 + used, 3);
  if (unit == "KiB") return v * 1024;
  if (unit == "MiB") return v * 1024 * 1024;
  if (unit == "GiB") return v * 1024 * 1024 * 1024;
  return v;
}

struct Row {
  std::string verdict;
  double change_percent = 0, base_median = 0, new_median = 0;
  double base_min = 0, base_max = 0, new_min = 0, new_max = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr
        << "usage: known_answer_check COMPARE.json pte-cost PERCENT [TOL] | pmd-fallback | same\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "known_answer_check: cannot read " << argv[1] << "\n";
    return 2;
  }
  Json doc;
  try {
    doc = Json::parse(in);
  } catch (const Json::exception& e) {
    std::cerr << "known_answer_check: " << argv[1] << ": " << e.what() << "\n";
    return 2;
  }
  const std::string kind = argv[2];
  // benchmark -> metric -> row
  std::map<std::string, std::map<std::string, Row>> rows;
  for (const auto& m : doc.at("metrics")) {
    // compare writes null for what it could not compute (a ratio over 0).
    auto number = [](const Json& obj, const char* key) {
      return obj.is_object() && obj.contains(key) && obj[key].is_number() ? obj[key].get<double>()
                                                                          : 0.0;
    };
    Row r;
    r.verdict = m.value("verdict", "");
    r.change_percent = number(m, "change_percent");
    r.base_median = m.contains("base") ? number(m["base"], "median") : 0;
    r.new_median = m.contains("new") ? number(m["new"], "median") : 0;
    r.base_min = m.contains("base") ? number(m["base"], "min") : 0;
    r.base_max = m.contains("base") ? number(m["base"], "max") : 0;
    r.new_min = m.contains("new") ? number(m["new"], "min") : 0;
    r.new_max = m.contains("new") ? number(m["new"], "max") : 0;
    rows[m.at("benchmark").get<std::string>()][m.at("metric").get<std::string>()] = r;
  }
  if (rows.empty()) {
    std::cerr << "known_answer_check: " << argv[1] << " compares no benchmark\n";
    return 2;
  }
  // A counter's row per iteration: the first metric whose name starts with
  // `prefix` and is normalised per iteration (older results) or per page
  // touched (the fault family's one normalisation since results keep only
  // that: bench/counters.h), the latter scaled by the pages of the region.
  std::deque<Row> scaled;  // stable addresses
  auto counter = [&](const std::map<std::string, Row>& metrics, const std::string& prefix,
                     double pages) -> const Row* {
    for (const auto& [name, row] : metrics)
      if (name.starts_with(prefix) && name.ends_with("_per_iteration")) return &row;
    for (const auto& [name, row] : metrics) {
      if (!name.starts_with(prefix) || !name.ends_with("_per_page_touched")) continue;
      Row r = row;
      r.base_median *= pages;
      r.new_median *= pages;
      scaled.push_back(r);
      return &scaled.back();
    }
    return nullptr;
  };

  int pte_dax = 0, pmd_dax = 0, pagecache = 0;
  for (const auto& [bench, metrics] : rows) {
    const auto t = metrics.find("real_time");
    if (t == metrics.end()) {
      fail(bench + ": no real_time comparison");
      continue;
    }
    const Row& time = t->second;
    // The spread of each side says whether one round (one boot) stood out.
    char line[640];
    std::snprintf(line, sizeof line, "%s: %s %+.2f %% (base %.6g..%.6g, new %.6g..%.6g)",
                  bench.c_str(), time.verdict.c_str(), time.change_percent, time.base_min,
                  time.base_max, time.new_min, time.new_max);
    // A planted cost or an A/A must not make anything better; a forced PMD
    // fallback may (the change to dax_iomap_pmd_fault can change how
    // dax_iomap_fault is compiled), so that is reported, not failed.
    for (const auto& [metric, row] : metrics) {
      if (row.verdict != "improved") continue;
      if (kind == "pmd-fallback")
        ok(bench + ": " + metric + " improved (reported, not judged)");
      else
        fail(bench + ": " + metric + " improved (nothing may improve)");
    }
    if (kind == "same") {
      if (time.verdict == "unchanged")
        ok(line);
      else
        fail(std::string(line) + " (A/A must be unchanged)");
      for (const auto& [metric, row] : metrics)
        if (row.verdict == "regressed") fail(bench + ": " + metric + " regressed in an A/A");
      continue;
    }
    const bool pte = has(bench, "/pte/"), pmd = has(bench, "/pmd/");
    if (is_pagecache(bench)) {
      ++pagecache;
      if (time.verdict == "unchanged")
        ok(std::string(line) + " (page cache: unchanged)");
      else
        fail(std::string(line) + " (page cache must be unchanged)");
      continue;
    }
    if (!is_dax(bench)) continue;
    if (kind == "pte-cost") {
      if (argc < 4) {
        std::cerr << "known_answer_check: pte-cost needs PERCENT\n";
        return 2;
      }
      const double want = std::stod(argv[3]);
      const double tol = argc > 4 ? std::stod(argv[4]) : 25;
      if (pte) {
        ++pte_dax;
        const bool size_ok = std::fabs(time.change_percent - want) <= want * tol / 100;
        if (time.verdict == "regressed" && size_ok) {
          ok(std::string(line) + " (DAX PTE: regressed by the injected " + argv[3] + " %)");
        } else {
          fail(std::string(line) + " (DAX PTE must regress by " + argv[3] + " % +-" +
               std::to_string(static_cast<int>(tol)) + " % of it)");
        }
      } else if (pmd) {
        ++pmd_dax;
        if (time.verdict == "unchanged")
          ok(std::string(line) + " (DAX PMD: unchanged)");
        else
          fail(std::string(line) + " (DAX PMD must be unchanged by a PTE-path cost)");
      }
    } else if (kind == "pmd-fallback") {
      if (!pmd) continue;
      ++pmd_dax;
      if (time.verdict == "regressed")
        ok(std::string(line) + " (DAX PMD: regressed)");
      else
        fail(std::string(line) + " (DAX PMD must regress when PMD faults fall back)");
      const double want_fallbacks = region_bytes(bench) / (2 << 20);
      const Row* fb = counter(metrics, "pmd_fallback", region_bytes(bench) / 4096);
      if (!fb) {
        fail(bench + ": no pmd_fallback counter compared");
      } else if (fb->base_median == 0 && fb->new_median >= want_fallbacks) {
        // At least one fallback per 2 MiB region. 6.12 reports two per
        // region (fs_dax:dax_pmd_fault_done with VM_FAULT_FALLBACK twice
        // before the first 4 KiB fault of the region is mapped).
        ok(bench + ": pmd_fallback per iteration 0 -> " + std::to_string(fb->new_median) + " (" +
           std::to_string(fb->new_median / want_fallbacks) + " per 2 MiB region)");
      } else {
        fail(bench + ": pmd_fallback per iteration " + std::to_string(fb->base_median) + " -> " +
             std::to_string(fb->new_median) + ", expected 0 -> at least " +
             std::to_string(want_fallbacks) + " (one per 2 MiB region)");
      }
      const Row* pte_faults = counter(metrics, "dax_pte_fault", region_bytes(bench) / 4096);
      if (!pte_faults) {
        fail(bench + ": no dax_pte_fault counter compared");
      } else if (pte_faults->base_median == 0 && pte_faults->new_median > 0) {
        ok(bench + ": DAX PTE faults per iteration 0 -> " + std::to_string(pte_faults->new_median));
      } else {
        fail(bench + ": DAX PTE faults per iteration " + std::to_string(pte_faults->base_median) +
             " -> " + std::to_string(pte_faults->new_median) + ", expected 0 -> > 0");
      }
    } else {
      std::cerr << "known_answer_check: unknown check '" << kind << "'\n";
      return 2;
    }
  }
  if (kind == "pte-cost" && pte_dax == 0) fail("no DAX PTE fault scenario compared");
  if (kind == "pmd-fallback" && pmd_dax == 0) fail("no DAX PMD fault scenario compared");
  if (kind != "same" && pagecache == 0) fail("no page-cache scenario compared");
  std::cout << (failures ? "FAILED: " : "PASSED: ") << failures << " failures, " << rows.size()
            << " benchmarks\n";
  return failures ? 1 : 0;
}
