// `daxbench run --profile` on the host (label host): real perf record runs
// on a temporary directory. What they assert: the profile of a fault
// scenario has the kernel's page-fault path among its top call chains; perf
// was enabled around the timed regions only (its sample count matches the
// profiled time, not the whole pass); without perf the run stops with one
// line naming the package; the profile pass leaves the timed numbers alone.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analysis/merge.h"
#include "analysis/profile_section.h"
#include "analysis/results.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using daxbench::analysis::Json;

const std::string kDaxbench = daxbench::testing::daxbench_binary();

using daxbench::testing::read_file;

int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
}

class ProfileHost : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/daxbench-profile-XXXXXX";
    dir_ = mkdtemp(tmpl);
    fs::create_directory(dir_ / "target");
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A 4 KiB write-fault scenario on the page cache of the temp directory.
  std::string run(const std::string& extra, const std::string& out) const {
    return kDaxbench + " run --target " + (dir_ / "target").string() +
           " --family fault --modes pagecache --access write --mapping shared --pages pte"
           " --cache warm --threads 1 --size 16MiB --events none " +
           extra + " --out " + (dir_ / out).string() + " >" + (dir_ / "run.log").string() + " 2>&1";
  }
  fs::path dir_;
};

TEST_F(ProfileHost, FaultProfileHasThePageFaultPathAmongItsTopChains) {
  ASSERT_EQ(shell(run("--benchmark_min_time=0.05 --profile --profile-time 300ms", "r.json")), 0)
      << read_file(dir_ / "run.log");
  const auto results = daxbench::analysis::load_results((dir_ / "r.json").string());
  ASSERT_EQ(results.benchmarks.size(), 1u);
  const auto& b = results.benchmarks[0];
  ASSERT_EQ(b.profiles.size(), 1u) << "no daxbench.profile in r.json";
  const Json& p = b.profiles[0];
  EXPECT_TRUE(fs::is_regular_file(dir_ / p.value("file", ""))) << p.dump();
  EXPECT_TRUE(fs::is_directory(dir_ / "r.profiles" / "buildid-cache" / "[kernel.kallsyms]"));
  // perf enabled around the timed regions only: cpu-clock ticks while the
  // thread runs inside them, so samples <= profiled time / period (plus a
  // few at the edges); a profile of the whole pass (prepare, munmap between
  // iterations, perf's own start) would exceed it. At least a third: the
  // region is CPU-bound, even on a loaded 2-core host.
  const double samples = p.value("samples", 0.0);
  const double expected = p.value("expected_samples", 0.0);
  EXPECT_GT(expected, 1000) << p.dump();
  EXPECT_LE(samples, expected * 1.1 + 50) << p.dump();
  EXPECT_GE(samples, expected / 3) << p.dump();
  // Sample times were random (bench/period_dither.h): the period changed
  // many times during the pass, and the thread that changed it is not in
  // the profile (perf record -t leaves it out).
  ASSERT_TRUE(p.contains("period_dither")) << p.dump();
  EXPECT_FALSE(p["period_dither"].contains("off")) << p.dump();
  EXPECT_GT(p["period_dither"].value("changes", 0), 100) << p.dump();
  const std::string script = dir_ / "script.txt";
  ASSERT_EQ(shell("perf script -i " + (dir_ / p.value("file", "")).string() +
                  " -F ip,sym 2>/dev/null >" + script),
            0);
  const std::string symbols = read_file(script);
  EXPECT_NE(symbols.find("touch_region"), std::string::npos) << "user frames not named";
  EXPECT_EQ(symbols.find("PeriodDither"), std::string::npos) << "the dither thread was profiled";
  EXPECT_EQ(symbols.find("clock_nanosleep"), std::string::npos) << "the dither thread was profiled";

  const auto summary = daxbench::analysis::summarize_profile(results, p);
  ASSERT_TRUE(summary.error.empty()) << summary.error;
  bool fault_path = false;
  std::string top;
  for (size_t i = 0; i < summary.children.size() && i < 10; ++i) {
    const std::string& f = summary.children[i].symbol;
    top += f + " ";
    fault_path |= f == "handle_mm_fault" || f.ends_with("_page_mkwrite") ||
                  f.ends_with("_filemap_fault") || f == "filemap_fault" || f == "shmem_fault";
  }
  EXPECT_TRUE(fault_path) << "top call chains: " << top;

  // The report shows it.
  ASSERT_EQ(shell(kDaxbench + " report " + (dir_ / "r.json").string() + " -o " +
                  (dir_ / "rep").string() + " --allow-dirty >/dev/null 2>" + (dir_ / "rep.err").string()),
            0)
      << read_file(dir_ / "rep.err");
  const std::string md = read_file(dir_ / "rep" / "README.md");
  EXPECT_NE(md.find("### Profiles (daxbench run --profile)"), std::string::npos);
  EXPECT_NE(md.find("| handle_mm_fault |"), std::string::npos);
}

TEST_F(ProfileHost, TwoProfiledRunsGivePerfDiffDeltasInTheReport) {
  for (const char* out : {"a.json", "b.json"})
    ASSERT_EQ(shell(run("--benchmark_min_time=0.02 --benchmark_repetitions=2 --profile "
                        "--profile-time 200ms",
                        out)),
              0)
        << read_file(dir_ / "run.log");
  ASSERT_EQ(
      shell(kDaxbench + " report " + (dir_ / "a.json").string() + " " + (dir_ / "b.json").string() +
            " -o " + (dir_ / "rep").string() + " --allow-dirty >/dev/null 2>" + (dir_ / "rep.err").string()),
      0)
      << read_file(dir_ / "rep.err");
  const Json deltas = Json::parse(read_file(dir_ / "rep" / "profile-deltas-run2-vs-run1.json"));
  ASSERT_EQ(deltas["benchmarks"].size(), 1u) << deltas.dump(1);
  const Json& b = deltas["benchmarks"][0];
  EXPECT_FALSE(b.contains("error")) << b.dump(1);
  ASSERT_GT(b["rows"].size(), 3u) << b.dump(1);
  // perf diff's order: by absolute delta, largest first; every row ranked.
  double last = 1e9;
  for (const auto& r : b["rows"]) {
    EXPECT_LE(std::abs(r["delta"].get<double>()), last + 1e-9) << r.dump();
    last = std::abs(r["delta"].get<double>());
    EXPECT_GE(std::max(r["base_samples"].get<uint64_t>(), r["new_samples"].get<uint64_t>()),
              daxbench::analysis::kMinProfileSamples);
    EXPECT_GT(r["noise"].get<double>(), 0) << r.dump();
  }
  EXPECT_NE(read_file(dir_ / "rep" / "README.md").find("### Profile deltas (perf diff)"),
            std::string::npos);
}

TEST_F(ProfileHost, WithoutPerfTheRunStopsWithOneLineNamingThePackage) {
  // PATH without perf: the same one-line refusal as bad input, nothing created.
  const std::string cmd =
      "env PATH=" + dir_.string() + " " + run("--benchmark_min_time=0.01 --profile", "r.json");
  EXPECT_EQ(shell(cmd), 2);
  const std::string log = read_file(dir_ / "run.log");
  EXPECT_NE(log.find("linux-perf"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
  EXPECT_FALSE(fs::exists(dir_ / "r.json"));
  EXPECT_FALSE(fs::exists(dir_ / "r.profiles"));
}

TEST_F(ProfileHost, ADebianWrapperThatFailsOnThisKernelGivesWayToPerfXY) {
  // Debian's /usr/bin/perf can be a wrapper looking for perf_<kernel X.Y>,
  // which fails on a kernel Debian has no perf for; a perf_X.Y beside it works.
  const fs::path bin = dir_ / "bin";
  fs::create_directory(bin);
  std::ofstream(bin / "perf")
      << "#!/bin/sh\necho 'E: linux-perf-9.9 is not installed.' >&2\nexit 1\n";
  fs::permissions(bin / "perf", fs::perms::owner_all);
  fs::create_symlink("/usr/bin/perf", bin / "perf_6.1");
  ASSERT_EQ(shell("env PATH=" + bin.string() + " " +
                  run("--benchmark_min_time=0.01 --profile --profile-time 50ms", "r.json")),
            0)
      << read_file(dir_ / "run.log");
  const Json r = Json::parse(read_file(dir_ / "r.json"));
  EXPECT_EQ(r["context"]["profiles"]["perf"], (bin / "perf_6.1").string());
  EXPECT_GT(r["benchmarks"][0]["daxbench"]["profile"]["samples"].get<int>(), 0);
}

TEST_F(ProfileHost, BadProfileOptionsAreRefusedBeforeAnythingRuns) {
  for (const std::string bad :
       {"--profile-period-us 0", "--profile-period-us 2000000", "--profile --profile-time 0s",
        "--profile-time 1s", "--profile --profile-period-us x"}) {
    EXPECT_EQ(shell(run("--benchmark_min_time=0.01 " + bad, "r.json")), 2) << bad;
    const std::string log = read_file(dir_ / "run.log");
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << bad << ": " << log;
    EXPECT_FALSE(fs::exists(dir_ / "r.json"));
  }
  // Without --out there is nowhere to keep profiles.
  const std::string no_out = kDaxbench + " run --target " + (dir_ / "target").string() +
                             " --family fault --size 4MiB --profile >" +
                             (dir_ / "run.log").string() + " 2>&1";
  EXPECT_EQ(shell(no_out), 2) << read_file(dir_ / "run.log");
  // A directory of the profiles' name that no earlier run made is not replaced.
  fs::create_directory(dir_ / "r.profiles");
  std::ofstream(dir_ / "r.profiles" / "mine.txt") << "someone's file\n";
  EXPECT_EQ(shell(run("--benchmark_min_time=0.01 --profile", "r.json")), 2)
      << read_file(dir_ / "run.log");
  EXPECT_TRUE(fs::exists(dir_ / "r.profiles" / "mine.txt"));
}

TEST_F(ProfileHost, TheProfilePassLeavesTheTimedNumbersAlone) {
  // Runs with and without --profile, interleaved in rounds and merged per
  // side (as lab/daxlab ab does, so this shared VM's load drift lands on both);
  // the timed medians within 25 % (its run-to-run noise is about 10 %:
  // analysis_host_test.cc). A profile pass that leaked into the timed
  // iterations (perf enabled, or its sampling overhead) would show as a
  // regression of the profiled side.
  std::string rounds[2];
  for (int round = 1; round <= 3; ++round) {
    for (const bool profiled : {false, true}) {
      const std::string out =
          std::string(profiled ? "profiled-" : "plain-") + std::to_string(round) + ".json";
      ASSERT_EQ(shell(run(std::string("--benchmark_min_time=0.05 --benchmark_repetitions=3") +
                              (profiled ? " --profile --profile-time 200ms" : ""),
                          out)),
                0)
          << read_file(dir_ / "run.log");
      rounds[profiled].append(" ").append((dir_ / out).string());
    }
  }
  for (const bool profiled : {false, true})
    ASSERT_EQ(shell(kDaxbench + " merge -o " +
                    (dir_ / (profiled ? "profiled.json" : "plain.json")).string() +
                    rounds[profiled] + " >" + (dir_ / "run.log").string() + " 2>&1"),
              0)
        << read_file(dir_ / "run.log");
  const std::string cmp = kDaxbench + " compare " + (dir_ / "plain.json").string() + " " +
                          (dir_ / "profiled.json").string() +
                          " --threshold 25 --fail-on-regression --format json >" +
                          (dir_ / "cmp.json").string() + " 2>" + (dir_ / "cmp.err").string();
  EXPECT_EQ(shell(cmp), 0) << read_file(dir_ / "cmp.err") << read_file(dir_ / "cmp.json");
  // And the timed entries carry no trace of perf: same iteration budget.
  const auto plain = daxbench::analysis::load_results((dir_ / "plain.json").string());
  const auto profiled = daxbench::analysis::load_results((dir_ / "profiled.json").string());
  ASSERT_EQ(profiled.benchmarks.size(), 1u);
  EXPECT_EQ(plain.benchmarks[0].profiles.size(), 0u);
  EXPECT_EQ(profiled.benchmarks[0].profiles.size(), 3u);  // one per round
}

TEST(ProfileMerge, ProfilePathsAreRebasedToTheMergedFile) {
  Json round = Json::parse(R"({"context": {"kernel_release": "6.12", "clock": "wall-ns"},
      "benchmarks": [{"name": "b", "run_name": "b", "run_type": "iteration", "real_time": 1,
        "daxbench": {"profile": {"file": "r1.profiles/000-b.perf.data",
                                 "buildid_cache": "r1.profiles/buildid-cache"}}}]})");
  const Json merged =
      daxbench::analysis::merge_results({{"out/rounds/r1.json", round}}, "out/base.json");
  const Json& p = merged["benchmarks"][0]["daxbench"]["profile"];
  EXPECT_EQ(p["file"], "rounds/r1.profiles/000-b.perf.data");
  EXPECT_EQ(p["buildid_cache"], "rounds/r1.profiles/buildid-cache");
}

TEST(ProfileLayoutSkid, EachScenarioTakesTheLargestMoveOfTheOtherUnchangedOnes) {
  using daxbench::analysis::ProfileDelta;
  using daxbench::analysis::ProfileDiff;
  auto diff = [](std::vector<std::pair<double, bool>> deltas) {  // (delta, ranked)
    ProfileDiff d;
    d.noise_floor = 2;  // deterministic
    for (auto [delta, ranked] : deltas) {
      ProfileDelta r;
      r.delta = delta;
      r.ranked = ranked;
      r.noise = 2;
      d.rows.push_back(r);
    }
    return d;
  };
  // a: the patched scenario (time regressed); b, c: unchanged page cache.
  std::vector<ProfileDiff> diffs = {diff({{30, true}, {-3, true}}),
                                    diff({{5.5, true}, {-9, false}}), diff({{-1.5, true}})};
  daxbench::analysis::apply_layout_skid(diffs, {"a", "b", "c"}, {false, true, true});
  EXPECT_EQ(diffs[0].layout_skid, 5.5);  // b's largest ranked move; unranked -9 ignored
  EXPECT_EQ(diffs[0].layout_skid_from, "b");
  EXPECT_EQ(diffs[0].rows[0].noise, 5.5);
  EXPECT_TRUE(diffs[0].rows[0].above_noise());  // 30 pp still stands out
  EXPECT_EQ(diffs[1].layout_skid, 1.5);         // never its own 5.5: c's
  EXPECT_TRUE(diffs[1].rows[0].above_noise());  // so b's 5.5 pp move is above noise
  EXPECT_EQ(diffs[2].layout_skid, 5.5);
  EXPECT_EQ(diffs[2].rows[0].noise, 5.5);
  // Wall clock: an unchanged time says nothing about the work; no skid term.
  std::vector<ProfileDiff> wall = {diff({{4, true}}), diff({{1, true}})};
  for (auto& d : wall) d.noise_floor = 0;
  daxbench::analysis::apply_layout_skid(wall, {"a", "b"}, {true, true});
  EXPECT_EQ(wall[0].layout_skid, 0);
  EXPECT_EQ(wall[0].rows[0].noise, 2);
}

}  // namespace
