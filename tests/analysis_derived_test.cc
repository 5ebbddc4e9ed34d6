// daxbench report's derived values and scaling curves, on results files built
// here with known times: a DifferenceSpec prints exactly pte - pmd and says
// why a pair is missing; a "scaling" plot prints exactly rate(n) / (n x
// rate(1)) and draws the linear-scaling line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/presentation.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using daxbench::testing::read_file;
using daxbench::testing::run_shell;
using daxbench::testing::TempDir;
using nlohmann::json;

const std::string kDaxbench = std::string(DAXBENCH_BINARY_DIR) + "/daxbench";

// Three repetitions of one access benchmark: `ns_per_access` each time.
void add_benchmark(json& benchmarks, const json& params, double ns_per_access,
                   const std::string& error = "") {
  std::string name = "access/" + params.value("pattern", "") + "/load/" +
                     params.value("pages", "") +
                     "/ref/anon/processes:" + params.value("processes", "") +
                     "/working_set:" + params.value("working_set", "");
  for (int rep = 0; rep < 3; ++rep) {
    json b = {{"name", name},
              {"run_name", name},
              {"run_type", "iteration"},
              {"repetitions", 3},
              {"repetition_index", rep},
              {"iterations", 10},
              {"real_time", ns_per_access * 1000},
              {"time_unit", "ns"},
              {"accesses", 1000.0},
              {"daxbench",
               {{"family", "access"}, {"params", params}, {"mode", "ref"}, {"fs_type", "anon"}}}};
    if (!error.empty()) {
      b = {{"name", name},           {"run_name", name},       {"run_type", "iteration"},
           {"error_occurred", true}, {"error_message", error}, {"daxbench", b["daxbench"]}};
      benchmarks.push_back(b);
      return;
    }
    benchmarks.push_back(b);
  }
}

json access_params(const std::string& pattern, const std::string& pages, const std::string& ws,
                   const std::string& processes = "1") {
  return {{"pattern", pattern}, {"op", "load"},      {"pages", pages},
          {"backing", "anon"},  {"working_set", ws}, {"processes", processes}};
}

json results(const std::string& lab) {
  daxbench::FamilyPresentation p;
  p.family = "access";
  p.unit = "access";
  p.unit_quantity = "accesses";
  daxbench::DifferenceSpec d;
  d.id = "walk";
  d.title = "Page-walk cost per access";
  d.param = "pages";
  d.minuend = "pte";
  d.subtrahend = "pmd";
  d.label = "derived (pte − pmd)";
  d.x = "working_set";
  d.x_against_tlb_reach = true;
  d.where = {{"pattern", "chase"}};
  p.differences.push_back(d);
  daxbench::PlotSpec s;
  s.id = "scaling";
  s.title = "accesses/s against processes";
  s.kind = "scaling";
  s.x = "processes";
  s.series = {"pages", "backing"};
  s.where = {{"pattern", "random"}};
  p.plots.push_back(s);

  json benchmarks = json::array();
  add_benchmark(benchmarks, access_params("chase", "pte", "1GiB"), 100);
  add_benchmark(benchmarks, access_params("chase", "pmd", "1GiB"), 60);
  add_benchmark(benchmarks, access_params("chase", "pte", "64MiB"), 30);
  add_benchmark(benchmarks, access_params("chase", "pmd", "64MiB"), 32.5);
  add_benchmark(benchmarks, access_params("chase", "pte", "4MiB"), 5);  // no pmd
  add_benchmark(benchmarks, access_params("chase", "pte", "16MiB"), 9);
  add_benchmark(benchmarks, access_params("chase", "pmd", "16MiB"), 0, "THP off");
  // Scaling: 1e8, 1.6e8 and 2e8 accesses/s at 1, 2 and 4 processes.
  add_benchmark(benchmarks, access_params("random", "pte", "16MiB", "1"), 10);
  add_benchmark(benchmarks, access_params("random", "pte", "16MiB", "2"), 6.25);
  add_benchmark(benchmarks, access_params("random", "pte", "16MiB", "4"), 5);
  return {{"context",
           {{"date", "2026-12-02T00:00:00+00:00"},
            {"daxbench_version", "test"},
            {"kernel_release", "6.18.0"},
            {"clock", "wall-ns"},
            {"lab", lab},
            {"online_cpus", "0-1"},
            {"online_cpu_count", "2"},
            {"families", {{"access", p}}}}},
          {"benchmarks", benchmarks}};
}

std::string report_of(const TempDir& tmp, const std::string& name, const json& r) {
  const std::string file = tmp.file(name + ".json");
  std::ofstream(file) << r.dump(1);
  const std::string dir = tmp.file(name);
  const auto out = run_shell(kDaxbench + " report " + file + " -o " + dir);
  EXPECT_EQ(out.status, 0) << out.err;
  return read_file(dir + "/README.md");
}

TEST(AnalysisDerived, DifferenceIsExactlyMinuendMinusSubtrahendAndMissingPairsSayWhy) {
  TempDir tmp("/tmp");
  const std::string md = report_of(tmp, "host", results(""));
  EXPECT_NE(md.find("access: Page-walk cost per access, derived (pte − pmd)"), std::string::npos)
      << md;
  // 100 - 60 at 1 GiB, 30 - 32.5 at 64 MiB (a PMD slower there: shown, signed);
  // every repetition equal, so the CI is the point.
  EXPECT_NE(md.find("| 1GiB | 100 ns | 60.0 ns | 40.0 ns | [40.0 ns, 40.0 ns] |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 64MiB | 30.0 ns | 32.5 ns | −2.50 ns | [−2.50 ns, −2.50 ns] |"),
            std::string::npos)
      << md;
  EXPECT_LT(md.find("| 64MiB | 30.0 ns"), md.find("| 1GiB | 100 ns")) << "sorted by size";
  EXPECT_NE(md.find("working_set 4MiB: no pages=pmd benchmark of the same scenario in this run"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("working_set 16MiB: the pages=pmd benchmark has no result (THP off)"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("| 4MiB | 5.00 ns"), std::string::npos) << "an unpaired row is not shown";
  EXPECT_NE(md.find("The TLB's reach is unknown"), std::string::npos) << md;
  EXPECT_EQ(md.find("No hardware TLB: emulated"), std::string::npos);
}

TEST(AnalysisDerived, RowsSayWhetherTheWorkingSetIsBeyondTheTlbReach) {
  // 32768 4 KiB entries: a 128 MiB reach; 64 MiB lies within it, 1 GiB beyond.
  TempDir tmp("/tmp");
  json r = results("");
  r["context"]["dtlb_4k_entries"] = "32768";
  r["context"]["dtlb_2m_entries"] = "2048";
  r["context"]["dtlb_source"] = "CPUID 0x80000006 (AMD): L2 dTLB";
  const std::string md = report_of(tmp, "reach", r);
  EXPECT_NE(md.find("The data TLB holds 32768 4 KiB entries (environment dtlb_4k_entries, CPUID "
                    "0x80000006 (AMD): L2 dTLB), a reach of 128MiB with 4 KiB pages (2048 "
                    "entries for 2 MiB pages)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 1GiB | 100 ns | 60.0 ns | 40.0 ns | [40.0 ns, 40.0 ns] | beyond |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 64MiB | 30.0 ns | 32.5 ns | −2.50 ns | [−2.50 ns, −2.50 ns] | within |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("The TLB's reach is unknown"), std::string::npos) << md;
  // Unknown on this CPU: the reason is given, no column.
  json unknown = results("");
  unknown["context"]["dtlb_4k_entries"] = "unknown";
  unknown["context"]["dtlb_source"] = "unknown: CPUID 0x18 absent";
  const std::string u = report_of(tmp, "unknown", unknown);
  EXPECT_NE(u.find("The TLB's reach is unknown (the environment records no dTLB size: unknown: "
                   "CPUID 0x18 absent)"),
            std::string::npos)
      << u;
  EXPECT_EQ(u.find("| within |"), std::string::npos);
  // Lab: emulated, whatever CPUID said.
  json lab = results("qemu-tcg");
  lab["context"]["dtlb_4k_entries"] = "32768";
  const std::string l = report_of(tmp, "lab-reach", lab);
  EXPECT_NE(l.find("No hardware TLB: emulated"), std::string::npos);
  EXPECT_EQ(l.find("| within |"), std::string::npos);
}

TEST(AnalysisDerived, LabResultsSayNoHardwareTlb) {
  TempDir tmp("/tmp");
  const std::string md = report_of(tmp, "lab", results("qemu-tcg"));
  EXPECT_NE(md.find("No hardware TLB: emulated"), std::string::npos) << md;
  EXPECT_NE(md.find("the NVDIMMs are host memory: these numbers compare kernel code paths"),
            std::string::npos)
      << md;
}

TEST(AnalysisDerived, ScalingEfficiencyIsExactAndTheLinearLineIsDrawn) {
  TempDir tmp("/tmp");
  const std::string md = report_of(tmp, "host", results(""));
  EXPECT_NE(md.find("| pte/anon | 1 | 100M | 100M | 1.00 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| pte/anon | 2 | 160M | 200M | 0.80 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| pte/anon | 4 | 200M | 400M | 0.50 |"), std::string::npos) << md;
  EXPECT_NE(md.find("The machine had 2 online CPUs"), std::string::npos) << md;
  std::string gp;
  for (const auto& e : fs::directory_iterator(tmp.file("host")))
    if (e.path().extension() == ".gp" &&
        e.path().filename().string().find("scaling") != std::string::npos)
      gp = read_file(e.path().string());
  ASSERT_FALSE(gp.empty()) << "no scaling .gp in the report";
  // tasks, rate, CI, linear rate (M/s), efficiency label
  EXPECT_NE(gp.find("4 200 200 200 400 \"50%\""), std::string::npos) << gp;
  EXPECT_NE(gp.find("using 1:5 with lines dt 2"), std::string::npos) << gp;
  EXPECT_NE(gp.find("title 'linear: pte/anon'"), std::string::npos) << gp;
  // The caption says whether the tasks were pinned (context task_pinning).
  EXPECT_NE(md.find("Task pinning is not recorded"), std::string::npos) << md;
  json pinned = results("");
  pinned["context"]["task_pinning"] = "one CPU per worker thread or process (--pin-tasks): ...";
  EXPECT_NE(report_of(tmp, "pinned", pinned).find("Tasks were pinned one per CPU"),
            std::string::npos);
  json unpinned = results("");
  unpinned["context"]["task_pinning"] = "none: the scheduler places worker threads and processes";
  EXPECT_NE(report_of(tmp, "unpinned", unpinned).find("Tasks were not pinned"), std::string::npos);
}

TEST(AnalysisDerived, PresentationWithoutDifferencesStillLoads) {
  const json old = {{"family", "access"}, {"unit", "access"}, {"plots", json::array()}};
  const auto p = old.get<daxbench::FamilyPresentation>();
  EXPECT_TRUE(p.differences.empty());
  EXPECT_EQ(p.unit, "access");
}

}  // namespace
