// The access family on the host: the chase is one cycle over every page, the
// page sizes it reports are what /proc/self/smaps says, the timed region
// holds exactly one access per page and no fault, and every bad parameter
// is refused when the matrix is expanded.
#include "workloads/access.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "bench/counters.h"
#include "core/util.h"
#include "tests/test_util.h"
#include "tests/workload_test_util.h"

namespace daxbench {
namespace {

using testing::CountingRegion;
using testing::TempDir;

Scenario access_scenario(const std::string& dir, const ScenarioParams& overrides) {
  return testing::make_family_scenario("access", dir, overrides, InodeMode::kPageCache, 7);
}

// AnonHugePages + FilePmdMapped + ShmemPmdMapped of the whole process, in kB.
uint64_t process_pmd_kib() {
  std::ifstream in("/proc/self/smaps");
  uint64_t total = 0;
  for (std::string line; std::getline(in, line);)
    for (const char* key : {"AnonHugePages:", "FilePmdMapped:", "ShmemPmdMapped:"})
      if (line.starts_with(key)) total += std::stoull(line.substr(std::strlen(key)));
  return total;
}

bool thp_madvise_possible() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(in, line);
  return line.find("[never]") == std::string::npos && !line.empty();
}

TEST(AccessChase, OneCycleThroughEveryPage) {
  for (uint64_t pages : {2ull, 3ull, 511ull, 512ull, 262144ull})
    for (uint64_t seed : {1ull, 42ull}) {
      const auto next = access_chase_successors(pages, seed);
      ASSERT_EQ(next.size(), pages);
      std::vector<bool> seen(pages, false);
      uint64_t p = 0;
      for (uint64_t k = 1; k <= pages; ++k) {
        ASSERT_LT(next[p], pages);
        p = next[p];
        ASSERT_FALSE(seen[p]) << "page " << p << " visited twice (pages " << pages << ")";
        seen[p] = true;
        if (k < pages) {
          ASSERT_NE(p, 0u) << "cycle closes after " << k << " of " << pages;
        }
      }
      EXPECT_EQ(p, 0u) << "back at the start after exactly " << pages << " steps";
    }
  EXPECT_EQ(access_chase_successors(4096, 5), access_chase_successors(4096, 5));
  EXPECT_NE(access_chase_successors(4096, 5), access_chase_successors(4096, 6));
}

TEST(AccessChase, OneLinePerPageSpreadOverEveryLineOffset) {
  std::set<uint64_t> offsets;
  for (uint64_t page = 0; page < 64; ++page) {
    const uint64_t off = access_line_offset(page);
    EXPECT_EQ(off % 64, 0u);
    EXPECT_LE(off + 64, kPageSize);
    offsets.insert(off);
  }
  EXPECT_EQ(offsets.size(), 64u);
}

// Runs prepare + `iterations` timed iterations and checks the exact counts.
void run_and_count(Workload& w, const std::string& dir, uint64_t ws, int iterations = 2) {
  w.prepare_path(dir);
  CountingRegion region;
  for (int i = 0; i < iterations; ++i) w.run_iteration(region);
  EXPECT_EQ(region.begins, iterations);
  EXPECT_EQ(region.ends, iterations);
  const auto q = w.per_iteration();
  // Whole laps of one access per page, at least 2^20 accesses.
  const double pages = static_cast<double>(ws / kPageSize);
  EXPECT_EQ(q.at("accesses"), q.at("laps") * pages);
  EXPECT_EQ(q.at("laps"), std::ceil((1 << 20) / pages));
  EXPECT_EQ(q.at("operations"), q.at("accesses"));
}

TEST(Access, AnonymousPteAndPmdMappingsAreWhatSmapsSays) {
  TempDir shm("/dev/shm");
  const uint64_t ws = 16 * kMiB;
  {
    const uint64_t before = process_pmd_kib();
    auto w = find_family("access")->create(access_scenario(
        shm.path(), {{"backing", "anon"}, {"pages", "pte"}, {"working_set", "16MiB"}}));
    run_and_count(*w, shm.path(), ws);
    EXPECT_EQ(process_pmd_kib(), before) << "pages=pte got huge pages";
    EXPECT_EQ(w->facts().at("pmd_mapped_bytes"), "0");
    EXPECT_NE(w->facts().at("page_size_source").find("smaps"), std::string::npos);
  }
  if (!thp_madvise_possible()) GTEST_SKIP() << "transparent_hugepage/enabled is never here";
  const uint64_t before = process_pmd_kib();
  auto w = find_family("access")->create(access_scenario(
      shm.path(), {{"backing", "anon"}, {"pages", "pmd"}, {"working_set", "16MiB"}}));
  run_and_count(*w, shm.path(), ws);
  EXPECT_EQ(process_pmd_kib() - before, ws / kKiB)
      << "smaps: AnonHugePages grew by the working set";
  EXPECT_EQ(w->facts().at("pmd_mapped_bytes"), std::to_string(ws));
}

TEST(Access, EveryPatternAndOpRunsOnTheFileWithExactCounts) {
  TempDir shm("/dev/shm");
  for (const char* pattern : {"chase", "random", "seq"})
    for (const char* op : {"load", "store"}) {
      SCOPED_TRACE(std::string(pattern) + "/" + op);
      TempDir sub(shm.path());
      auto w =
          find_family("access")->create(access_scenario(sub.path(), {{"backing", "file"},
                                                                     {"pages", "pte"},
                                                                     {"pattern", pattern},
                                                                     {"op", op},
                                                                     {"working_set", "4MiB"}}));
      run_and_count(*w, sub.path(), 4 * kMiB);
      EXPECT_EQ(w->facts().at("pmd_mapped_bytes"), "0");
      EXPECT_EQ(w->facts().at("effective_dax"), "no");
    }
}

// No fault inside the timed region: everything was faulted in by prepare.
TEST(Access, TimedRegionTakesNoFault) {
  TempDir shm("/dev/shm");
  const Scenario s =
      access_scenario(shm.path(), {{"backing", "file"}, {"pages", "pte"}, {"working_set", "8MiB"}});
  CounterOptions options;
  options.events = {"page-faults"};
  std::map<std::string, std::string> unsupported;
  auto counters = open_counters(options, s, unsupported);
  if (!counters) GTEST_SKIP() << "page-faults not countable: " << unsupported["page-faults"];
  auto w = find_family("access")->create(s);
  w->prepare_path(shm.path());
  struct Counted : TimedRegion {
    BenchmarkCounters* c;
    void begin() override { c->enable(); }
    void end() override { c->disable(); }
  } region;
  region.c = counters.get();
  for (int i = 0; i < 3; ++i) w->run_iteration(region);
  const auto readings = counters->read();
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].value, 0) << "faults in the timed region";
}

// The page cache of tmpfs with shmem_enabled=never gives no PMD: skipped
// with the reason, never measured as pmd. Where it does give PMDs, smaps
// says so and the fact matches.
TEST(Access, PmdOnThePageCacheIsCheckedNotAssumed) {
  TempDir shm("/dev/shm");
  auto w = find_family("access")->create(access_scenario(
      shm.path(), {{"backing", "file"}, {"pages", "pmd"}, {"working_set", "4MiB"}}));
  try {
    w->prepare_path(shm.path());
    EXPECT_EQ(w->facts().at("pmd_mapped_bytes"), std::to_string(4 * kMiB));
  } catch (const SkipScenario& e) {
    EXPECT_NE(std::string(e.what()).find("0B of 4MiB mapped by PMDs"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("shmem_enabled"), std::string::npos) << e.what();
  }
}

TEST(AccessMatrix, WorkingSetsBeyondFreeSpaceAreLeftOut) {
  const Family* f = find_family("access");
  TargetInfo small;
  small.path = "/somewhere";
  small.free_bytes = 100 * kMiB;
  ScenarioParams p = {{"pattern", "chase"}, {"op", "load"},           {"pages", "pte"},
                      {"backing", "file"},  {"working_set", "64MiB"}, {"processes", "1"}};
  EXPECT_TRUE(f->normalize_for_target(p, InodeMode::kPageCache, small));
  p["working_set"] = "256MiB";
  EXPECT_FALSE(f->normalize_for_target(p, InodeMode::kPageCache, small));
  p["backing"] = "anon";
  EXPECT_TRUE(f->normalize_for_target(p, InodeMode::kPageCache, small));
  p["backing"] = "file";
  EXPECT_TRUE(f->normalize_for_target(p, InodeMode::kPageCache, TargetInfo{}))
      << "`list` without a target keeps the sweep";
}

// --processes 2: each process maps and checks its own region; the parent
// times both, and the accesses count both.
TEST(Access, ProcessesEachMapAndCheckTheirOwnRegion) {
  TempDir shm("/dev/shm");
  for (const char* backing : {"file", "anon"}) {
    SCOPED_TRACE(backing);
    TempDir sub(shm.path());
    auto w = find_family("access")->create(access_scenario(
        sub.path(),
        {{"backing", backing}, {"pages", "pte"}, {"processes", "2"}, {"working_set", "4MiB"}}));
    w->prepare_path(sub.path());
    CountingRegion region;
    for (int i = 0; i < 2; ++i) w->run_iteration(region);
    EXPECT_EQ(region.begins, 2);
    EXPECT_EQ(w->per_iteration().at("accesses"), 2.0 * 1024 * 1024);  // 2 x 1024 laps x 1024
    EXPECT_EQ(w->facts().at("pmd_mapped"), "0B of 4MiB in each of 2 processes");
    w->finish();
  }
  if (!thp_madvise_possible()) return;
  TempDir sub(shm.path());
  auto w = find_family("access")->create(access_scenario(
      sub.path(),
      {{"backing", "anon"}, {"pages", "pmd"}, {"processes", "3"}, {"working_set", "4MiB"}}));
  w->prepare_path(sub.path());
  EXPECT_EQ(w->facts().at("pmd_mapped"), "4MiB of 4MiB in each of 3 processes");
}

class AccessCli : public ::testing::Test {
 protected:
  TempDir shm_{"/dev/shm"};
  void expect_refused(const std::string& args, const std::string& needle) {
    for (const char* cmd : {"list ", "run "}) {
      const auto r = testing::run_daxbench(cmd + args + " --target " + shm_.path());
      EXPECT_EQ(r.status, 2) << cmd << args << ": " << r.err;
      EXPECT_EQ(testing::count_lines(r.err), 1u) << r.err;
      EXPECT_NE(r.err.find(needle), std::string::npos) << needle << " not in: " << r.err;
      EXPECT_TRUE(shm_.entries().empty()) << cmd << args << " created something";
    }
  }
};

TEST_F(AccessCli, BadParametersAreRefusedAtExpansion) {
  expect_refused("--family access --pages pmd --working_set 3MiB",
                 "working_set 3MiB is not a multiple of 2MiB, which pages=pmd needs");
  expect_refused("--family access --working_set 6KiB", "not a multiple of 4KiB");
  expect_refused("--family access --working_set 4KiB", "less than 2 pages");
  expect_refused("--family access --working_set 2048GiB", "more than 1TiB");
  expect_refused("--family access --pattern zigzag", "zigzag");
  expect_refused("--family access --op fetch", "fetch");
  expect_refused("--family access --backing disk", "disk");
  expect_refused("--family access --working_set 1024GiB --processes 17", "is more than 16TiB");
}

TEST_F(AccessCli, NamesAndTheReferenceRunOncePerPoint) {
  const auto r =
      testing::run_daxbench("list --family access --working_set 4MiB --target " + shm_.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "access/chase/load/pte/pagecache/tmpfs/working_set:4MiB\n"
            "access/chase/load/pte/ref/anon/working_set:4MiB\n"
            "access/chase/load/pmd/pagecache/tmpfs/working_set:4MiB\n"
            "access/chase/load/pmd/ref/anon/working_set:4MiB\n");
}

// A whole run: ns per access, no fault in the timed region, and the TLB
// counters either counted or unsupported with a reason, never 0.
TEST_F(AccessCli, RunReportsNsPerAccessAndTlbCountersHonestly) {
  TempDir work;
  const std::string out = work.file("r.json");
  const auto r = testing::run_daxbench(
      "run --family access --pages pte --working_set 16MiB --benchmark_min_time=0.05 --target " +
      shm_.path() + " --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(testing::read_file(out));
  ASSERT_EQ(j["benchmarks"].size(), 2u);
  EXPECT_EQ(j["context"]["families"]["access"]["unit"], "access");
  for (const auto& b : j["benchmarks"]) {
    SCOPED_TRACE(b["name"].get<std::string>());
    EXPECT_GT(b["ns_per_operation"].get<double>(), 0);
    EXPECT_EQ(b["accesses"].get<double>(), 4096 * 256);  // 16 MiB: 256 laps of 4096 pages
    if (b.contains("page_faults_per_access")) {
      EXPECT_EQ(b["page_faults_per_access"], 0);
    }
    for (const char* c : {"dtlb_load_walks", "dtlb_walk_cycles"}) {
      if (b.contains(std::string(c) + "_per_access")) {
        EXPECT_GT(b[std::string(c) + "_per_access"].get<double>(), 0) << c;
      } else {
        ASSERT_TRUE(j["context"]["unsupported_events"].contains(c)) << c;
        EXPECT_FALSE(j["context"]["unsupported_events"][c].get<std::string>().empty());
      }
    }
    EXPECT_EQ(b["daxbench"]["facts"]["tlb"], "hardware");
  }
}

}  // namespace
}  // namespace daxbench
