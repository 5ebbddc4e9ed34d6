// daxbench trend on committed results: a planted cost makes exactly the
// change points it should and an A/A none; the 6.1 -> 6.12 change points
// carry the counters that explain them and the config options that differ;
// bad input is refused before anything is written.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/results.h"
#include "analysis/trend.h"

namespace daxbench::analysis {
namespace {

namespace fs = std::filesystem;

const std::string kReports = std::string(DAXBENCH_SOURCE_DIR) + "/reports/";
const std::string kDaxbench = std::string(DAXBENCH_BINARY_DIR) + "/daxbench";

Trend trend_of(const std::vector<std::string>& files, const std::vector<std::string>& names,
               double threshold = 0.02) {
  std::vector<Results> runs;
  for (const auto& f : files) runs.push_back(load_results(kReports + f));
  CompareOptions options;
  options.threshold = threshold;
  return make_trend(runs, names, options);
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Known answer: the unpatched 6.12 build twice (an A/A across two boots),
// then the build with 5 % of an ext4 DAX 4 KiB write fault planted on every
// DAX PTE fault (lab/patches/known-answer/pte-cost-5pct.patch).
TEST(AnalysisTrend, APlantedCostIsOneChangePointPerDaxPteRowAndAnAANone) {
  const Trend t = trend_of({"known-answer/aa-1/base.json", "known-answer/aa-1/new.json",
                            "known-answer/pte-cost-5pct/new.json"},
                           {"base", "aa", "planted"});
  ASSERT_EQ(t.kernels.size(), 3u);
  ASSERT_EQ(t.pairs.size(), 2u);
  EXPECT_EQ(t.change_points_in(0), 0u);
  size_t dax_pte_rows = 0;
  for (const auto& r : t.rows) {
    SCOPED_TRACE(r.name);
    const bool dax_pte = has(r.name, "dax") && has(r.name, "pte");
    dax_pte_rows += dax_pte;
    if (!dax_pte) {
      EXPECT_TRUE(r.changes.empty());
      continue;
    }
    ASSERT_EQ(r.changes.size(), 1u);
    EXPECT_EQ(r.changes[0].pair, 1u);
    EXPECT_EQ(r.changes[0].verdict, Verdict::kRegressed);
    EXPECT_GT(r.changes[0].ratio, 1.02);
    // The cost is instructions on the same path: no counter moved.
    EXPECT_TRUE(r.changes[0].counters.empty());
  }
  EXPECT_EQ(dax_pte_rows, 4u);  // read and write, ext4 and xfs
  EXPECT_EQ(t.change_points_in(1), dax_pte_rows);
  EXPECT_EQ(t.change_points, dax_pte_rows);
}

// Debian's 6.1 -> 6.12: the ext4 DAX 4 KiB rows regress because each fault
// walks handle_mm_fault twice (per-VMA lock tried, then mmap_lock), and the
// config difference that allows it is named.
TEST(AnalysisTrend, TheExt4DaxChangePointCarriesItsCountersAndConfig) {
  const Trend t =
      trend_of({"kernel-6.1-vs-6.12/base.json", "kernel-6.1-vs-6.12/new.json"}, {"6.1", "6.12"});
  bool ext4_dax_pte = false;
  for (const auto& r : t.rows) {
    if (!has(r.name, "ext4 dax pte")) continue;
    SCOPED_TRACE(r.name);
    ext4_dax_pte = true;
    EXPECT_EQ(r.per, "fault");
    ASSERT_EQ(r.changes.size(), 1u);
    EXPECT_EQ(r.changes[0].verdict, Verdict::kRegressed);
    bool walks = false;
    for (const auto& m : r.changes[0].counters)
      if (has(m.what, "handle_mm_fault_calls")) {
        walks = true;
        EXPECT_NEAR(m.base, 1, 0.01);
        EXPECT_NEAR(m.neu, 2, 0.01);
      }
    EXPECT_TRUE(walks);
  }
  EXPECT_TRUE(ext4_dax_pte);
  bool per_vma_lock = false;
  for (const auto& d : t.config)
    if (d.option == "CONFIG_PER_VMA_LOCK") {
      per_vma_lock = true;
      EXPECT_EQ(d.base, "absent");
      EXPECT_EQ(d.neu, "y");
    }
  EXPECT_TRUE(per_vma_lock);
  // 6.9 renamed PAGE_TABLE_ISOLATION to MITIGATION_PAGE_TABLE_ISOLATION,
  // y on both: a rename is no config difference.
  for (const auto& d : t.config) EXPECT_FALSE(has(d.option, "PAGE_TABLE_ISOLATION")) << d.option;
  // Rows with change points come first, largest first.
  ASSERT_FALSE(t.rows.empty());
  EXPECT_FALSE(t.rows.front().changes.empty());
}

// The published fix (reports/ext4-dax-vma-lock): Debian's 6.1, the 7.3.4
// lab build, the same with lab/patches/ext4-dax-vma-lock/ applied. Each
// ext4 DAX 4 KiB row regresses from 6.1 to 7.3 and improves with the fix,
// where handle_mm_fault walks go 2 -> 1 per fault. Page-cache rows, whose
// faults per iteration differ between 6.1 and 7.3 (large folios), are per
// page and say so.
TEST(AnalysisTrend, TheExt4FixUndoesTheSecondWalk) {
  const Trend t = trend_of(
      {"ext4-dax-vma-lock/6.1.json", "ext4-dax-vma-lock/7.3.json", "ext4-dax-vma-lock/fix.json"},
      {"6.1", "7.3", "fix"});
  size_t ext4_dax = 0;
  for (const auto& r : t.rows) {
    SCOPED_TRACE(r.name);
    if (has(r.name, "dax-inode-off")) {
      EXPECT_TRUE(has(r.name, "[per page]"));
      EXPECT_EQ(r.per, "page");
      continue;
    }
    EXPECT_FALSE(has(r.name, "[per"));
    if (!has(r.name, "ext4 dax-inode")) continue;
    ++ext4_dax;
    ASSERT_EQ(r.changes.size(), 2u);
    EXPECT_EQ(r.changes[0].verdict, Verdict::kRegressed);
    EXPECT_EQ(r.changes[1].verdict, Verdict::kImproved);
    bool walks = false;
    for (const auto& m : r.changes[1].counters)
      if (has(m.what, "handle_mm_fault_calls")) {
        walks = true;
        EXPECT_NEAR(m.base, 2, 0.01);
        EXPECT_NEAR(m.neu, 1, 0.01);
      }
    EXPECT_TRUE(walks);
  }
  EXPECT_EQ(ext4_dax, 3u);  // read, write, write-after-read
}

struct CommandResult {
  int status = -1;
  std::string out;
};

CommandResult run(const std::string& command) {
  const fs::path out =
      fs::temp_directory_path() / ("daxbench-trend-out-" + std::to_string(getpid()));
  const int raw = std::system((command + " >" + out.string() + " 2>&1").c_str());
  std::ifstream in(out);
  CommandResult r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1,
                  std::string(std::istreambuf_iterator<char>(in), {})};
  fs::remove(out);
  return r;
}

TEST(AnalysisTrend, TheCommandWritesItsDirectoryAndRefusesBadInput) {
  const fs::path dir = fs::temp_directory_path() / ("daxbench-trend-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const std::string files =
      kReports + "kernel-6.1-vs-6.12/base.json " + kReports + "kernel-6.1-vs-6.12/new.json ";
  const auto ok = run(kDaxbench + " trend " + files + "--names 6.1,6.12 -o " + dir.string());
  ASSERT_EQ(ok.status, 0) << ok.out;
  EXPECT_TRUE(has(ok.out, "handle_mm_fault_calls per page fault 1.00 -> 2.00")) << ok.out;
  for (const char* f : {"README.md", "trend.txt", "trend.json", "fig-trend-fault.svg",
                        "fig-trend-fault-change.svg"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  std::ifstream in(dir / "trend.json");
  const auto j = nlohmann::json::parse(in);
  size_t sum = 0;
  for (const auto& p : j["pairs"]) sum += p["change_points"].get<size_t>();
  EXPECT_EQ(j["change_points"].get<size_t>(), sum);
  EXPECT_GT(sum, 0u);

  const fs::path none = dir / "never";
  for (const std::string& bad :
       {kReports + "kernel-6.1-vs-6.12/base.json -o " + none.string(),
        files + "--names 6.1 -o " + none.string(), files + "--names x,x -o " + none.string(),
        files + "--names 'a b,c' -o " + none.string(), files + "--threshold -1 -o " + none.string(),
        files}) {
    const auto r = run(kDaxbench + " trend " + bad);
    EXPECT_EQ(r.status, 2) << bad << "\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
  EXPECT_FALSE(fs::exists(none));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace daxbench::analysis
