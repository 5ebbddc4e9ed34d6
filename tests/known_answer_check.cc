// known_answer_check: asserts what an A/B of a known-answer patch must show,
// reading the compare.json that lab/daxlab ab wrote (daxbench compare
// --format json). The threshold is compare's (ab --threshold): a verdict
// other than "unchanged" is a row that moved. Used by the lab tests in
// tests/kernel_lab.cmake and by scripts/publish-report known-answer.
//
//   known_answer_check COMPARE.json pte-cost PERCENT [TOLERANCE_PERCENT]
//       every DAX 4 KiB fault scenario regresses (the patch is in
//       fs/dax.c: dax_iomap_pte_fault, so ext4 and xfs, reads and writes);
//       the write ones by PERCENT within +-TOLERANCE_PERCENT of it (default
//       25), the patch's size being a share of one DAX PTE write fault;
//       page-cache and DAX PMD scenarios unchanged; nothing improves
//   known_answer_check COMPARE.json pmd-fallback
//       every DAX PMD scenario regresses, its PMD fallbacks go from 0 to at
//       least region/2MiB per iteration and DAX PTE faults appear; page-cache
//       scenarios unchanged (DAX PTE scenarios are listed, not judged)
//   known_answer_check COMPARE.json same
//       nothing regressed or improved: an A/A, or a patch whose cost the
//       clock of the comparison cannot see
//
// A row expected not to move holds when compare did not flag it (verdict
// unchanged, or noisy: the samples cannot tell a change of the threshold
// from none, which the line says); a row expected to move must be
// "regressed".
//   known_answer_check COMPARE.json list
//       judges nothing: lists every scenario's verdict (a wall-clock run,
//       shown as measured)
//
// Prints the check and the comparison's threshold on its first line
// ("check: pte-cost 1; threshold 0.25 %"), then one line per scenario: its short name (what varies:
// fs, dax or page cache, 4 KiB or 2 MiB mapping, access), the verdict, the change in percent and
// per fault in the comparison's unit (instructions in deterministic mode), then the full benchmark
// name; then one line per failed expectation. Exit 0 when every expectation holds, 1 otherwise, 2
// on bad input.
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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

// What varies between the scenarios of a known-answer run, in the words of
// the report: "ext4 dax 4KiB write", "xfs page-cache 2MiB read". The
// fault family's names are fault/ACCESS/MAPPING/PAGES/.../MODE/FS/...
// (workloads/fault.cc); the mapping (shared) is common to every row.
std::string short_name(const std::string& bench) {
  std::vector<std::string> parts;
  std::stringstream in(bench);
  for (std::string part; std::getline(in, part, '/');) parts.push_back(part);
  if (parts.size() < 4 || parts[0] != "fault") return bench;
  std::string fs = "?";
  for (const auto& part : parts)
    if (part == "ext4" || part == "xfs") fs = part;
  const std::string mode = is_dax(bench) ? "dax" : is_pagecache(bench) ? "page-cache" : "?";
  const std::string pages = parts[3] == "pte" ? "4KiB" : parts[3] == "pmd" ? "2MiB" : parts[3];
  return fs + " " + mode + " " + pages + " " + parts[1];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: known_answer_check COMPARE.json pte-cost PERCENT [TOL] | pmd-fallback | "
                 "same | list\n";
    return 2;
  }
  const std::string kind = argv[2];
  if (kind != "pte-cost" && kind != "pmd-fallback" && kind != "same" && kind != "list") {
    std::cerr << "known_answer_check: unknown check '" << kind
              << "': expected pte-cost, pmd-fallback, same or list\n";
    return 2;
  }
  double want_percent = 0, tolerance_percent = 25;
  if (kind == "pte-cost") {
    try {
      if (argc < 4) throw std::invalid_argument("missing");
      want_percent = std::stod(argv[3]);
      if (argc > 4) tolerance_percent = std::stod(argv[4]);
    } catch (const std::exception&) {
      std::cerr << "known_answer_check: pte-cost needs PERCENT [TOLERANCE_PERCENT] as numbers\n";
      return 2;
    }
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
  // Deterministic mode's clock counts one guest instruction as 1 ns
  // (lab/daxlab: -icount shift=0), so its unit per fault is instructions.
  const std::string time_unit = doc.value("time_unit", "ns");
  const std::string per_unit = time_unit == "instruction-ns" ? "instructions" : time_unit;
  std::cout << "check:";
  for (int i = 2; i < argc; ++i) std::cout << " " << argv[i];
  if (doc.contains("options") && doc["options"].contains("threshold") &&
      doc["options"]["threshold"].is_number())
    std::cout << "; threshold " << doc["options"]["threshold"].get<double>() * 100 << " %";
  std::cout << "\n";
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
  // One iteration maps the region, touches every 4 KiB page of it once and
  // unmaps it (workloads/fault.cc), so real_time per page is per 4 KiB fault
  // on a 4 KiB mapping and 1/512 of a 2 MiB fault on a PMD mapping.
  auto added_per_page = [](const std::string& bench, const Row& time) {
    const double pages = region_bytes(bench) / 4096;
    return pages > 0 ? (time.new_median - time.base_median) / pages : 0.0;
  };
  const auto real_time = [&](const std::string& bench) -> const Row* {
    const auto t = rows[bench].find("real_time");
    return t == rows[bench].end() ? nullptr : &t->second;
  };
  const auto not_flagged = [](const Row& time) {
    return time.verdict != "regressed" && time.verdict != "improved";
  };
  const auto is_pte_dax = [](const std::string& bench) {
    return is_dax(bench) && has(bench, "/pte/");
  };

  // The planted cost is a fixed number of instructions on every DAX PTE
  // fault; the patch names it as a share of one ext4 DAX PTE write fault.
  double want_added = 0;
  if (kind == "pte-cost") {
    for (const auto& [bench, metrics] : rows) {
      const Row* time = real_time(bench);
      if (!time || !is_pte_dax(bench) || !has(bench, "fault/write/") || !has(bench, "/ext4/"))
        continue;
      want_added = want_percent / 100 * time->base_median / (region_bytes(bench) / 4096);
    }
    if (want_added == 0)
      fail("no ext4 DAX PTE write scenario compared, which sizes the planted cost");
  }

  int pte_dax = 0, pmd_dax = 0, pagecache = 0;
  for (const auto& [bench, metrics] : rows) {
    const Row* time_row = real_time(bench);
    if (!time_row) {
      fail(bench + ": no real_time comparison");
      continue;
    }
    const Row& time = *time_row;
    // The spread of each side says whether one round (one boot) stood out.
    char line[800];
    std::snprintf(line, sizeof line,
                  "%s: %s %+.2f %% (%+.1f %s per 4 KiB page; base %.6g..%.6g, new %.6g..%.6g) [%s]",
                  short_name(bench).c_str(), time.verdict.c_str(), time.change_percent,
                  added_per_page(bench, time), per_unit.c_str(), time.base_min, time.base_max,
                  time.new_min, time.new_max, bench.c_str());
    const auto judged = [&](bool holds, const std::string& expectation) {
      if (holds)
        ok(std::string(line) + " " + expectation);
      else
        fail(std::string(line) + " " + expectation + ": did not hold");
    };
    if (kind == "list") {
      std::cout << "     " << line << "\n";
      continue;
    }
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
      judged(not_flagged(time), "(expected: not flagged)");
      for (const auto& [metric, row] : metrics)
        if (metric != "real_time" && row.verdict == "regressed")
          fail(bench + ": " + metric + " regressed (expected: unchanged)");
      continue;
    }
    const bool pte = has(bench, "/pte/"), pmd = has(bench, "/pmd/");
    if (is_pagecache(bench)) {
      ++pagecache;
      judged(not_flagged(time), "(page cache, expected: not flagged)");
      continue;
    }
    if (!is_dax(bench)) continue;
    if (kind == "pte-cost") {
      if (pte) {
        ++pte_dax;
        const double added = added_per_page(bench, time);
        const bool size_ok = std::fabs(added - want_added) <= want_added * tolerance_percent / 100;
        char expectation[200];
        std::snprintf(expectation, sizeof expectation,
                      "(DAX PTE, expected: regressed by the planted %.1f %s per fault +-%g %%)",
                      want_added, per_unit.c_str(), tolerance_percent);
        judged(time.verdict == "regressed" && size_ok, expectation);
      } else if (pmd) {
        ++pmd_dax;
        judged(not_flagged(time), "(DAX PMD, expected: not flagged by a PTE-path cost)");
      }
      continue;
    }
    // pmd-fallback
    if (!pmd) {
      std::cout << "     " << line << " (DAX PTE: listed, not judged)\n";
      continue;
    }
    ++pmd_dax;
    judged(time.verdict == "regressed", "(DAX PMD, expected: regressed when PMD faults fall back)");
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
  }
  if (kind == "list") {
    std::cout << "NOT JUDGED: " << rows.size() << " benchmarks listed\n";
    return 0;
  }
  if (kind == "pte-cost" && pte_dax == 0) fail("no DAX PTE fault scenario compared");
  if (kind == "pmd-fallback" && pmd_dax == 0) fail("no DAX PMD fault scenario compared");
  if (kind != "same" && pagecache == 0) fail("no page-cache scenario compared");
  std::cout << (failures ? "FAILED: " : "PASSED: ") << failures << " failures, " << rows.size()
            << " benchmarks\n";
  return failures ? 1 : 0;
}
