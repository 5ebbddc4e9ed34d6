// mmap-write, flag-switch and flag-switch-stress (and fault's MAP_SYNC
// mapping) against real fsdax: runs
// inside the daxlab guest (ctest label lab: `lab/daxlab run --
// mmap_write_flag_switch_lab_test`), where DAXLAB_TARGETS lists ext4/xfs
// mounts on fsdax namespaces. Skips everything outside the lab.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/inode_mode.h"
#include "core/util.h"
#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

std::vector<std::string> lab_targets() {
  const char* env = std::getenv("DAXLAB_TARGETS");
  std::vector<std::string> out;
  std::istringstream in(env ? env : "");
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// The dax=inode mounts of ext4 and xfs ("--target A --target B").
std::string inode_targets() {
  std::string args;
  for (const auto& t : lab_targets())
    if (t.ends_with("/ext4") || t.ends_with("/xfs")) args += " --target " + t;
  return args;
}

class Lab : public ::testing::Test {
 protected:
  void SetUp() override {
    if (lab_targets().empty()) GTEST_SKIP() << "not in the daxlab guest (DAXLAB_TARGETS unset)";
  }

  // Runs daxbench and returns the results JSON; `status` gets the exit status.
  nlohmann::json run(const std::string& args, int* status = nullptr) {
    const std::string out = work_.file("r" + std::to_string(runs_++) + ".json");
    const CommandResult r = run_daxbench("run " + args + " --out " + out);
    if (status) {
      *status = r.status;
    } else {
      EXPECT_EQ(r.status, 0) << r.err;
    }
    return nlohmann::json::parse(read_file(out));
  }

  TempDir work_;
  int runs_ = 0;
};

// Benchmarks of one run by name (iterations only, not aggregates).
std::vector<nlohmann::json> runs_of(const nlohmann::json& results) {
  std::vector<nlohmann::json> out;
  for (const auto& b : results["benchmarks"])
    if (b.value("run_type", "iteration") == "iteration") out.push_back(b);
  return out;
}

double total(const nlohmann::json& b, const std::string& key) {
  EXPECT_TRUE(b["daxbench"]["totals"].contains(key)) << b["name"] << " has no total " << key;
  return b["daxbench"]["totals"].value(key, -1.0);
}

TEST_F(Lab, TimeToEffectiveIsFiniteForNoneFdAndMmapHoldersOnExt4AndXfs) {
  const nlohmann::json r =
      run("--family flag-switch --measure time-to-effective --holder none,fd,mmap --hold 50ms "
          "--timeout 5s --modes dax-inode,dax-inode-off --latency --benchmark_min_time=0.1" +
          inode_targets());
  std::map<std::string, int> seen;  // filesystem/direction
  for (const auto& b : runs_of(r)) {
    const std::string name = b["name"];
    SCOPED_TRACE(name);
    ASSERT_FALSE(b.value("error_occurred", false)) << b.value("error_message", "");
    EXPECT_EQ(total(b, "switches_never"), 0);
    EXPECT_GE(total(b, "switches_effective"), 1);
    EXPECT_EQ(total(b, "switches_effective"), b["iterations"].get<double>());
    if (name.find("holder:none") == std::string::npos) {
      EXPECT_EQ(total(b, "switches_effective_while_held"), 0) << "switched while still in use";
      // The hold is spent untimed and recorded: real_time is the part past
      // the release, never the 50 ms hold itself. (The kernel's part under
      // TCG is 0.5-12 ms, so the hold is long enough to tell them apart.)
      EXPECT_GE(total(b, "hold_ns"), 50e6 * b["iterations"].get<double>());
      EXPECT_LT(b["daxbench"]["latency_ns"]["p50"].get<double>(), 50e6);
    }
    ASSERT_TRUE(b["daxbench"].contains("latency_ns"));
    EXPECT_GT(b["daxbench"]["latency_ns"]["max"].get<double>(), 0);
    EXPECT_LT(b["daxbench"]["latency_ns"]["max"].get<double>(), 5e9);
    ++seen[b["daxbench"]["fs_type"].get<std::string>() +
           (name.find("to-dax") != std::string::npos ? "/to-dax" : "/to-pagecache")];
  }
  for (const std::string k : {"ext4/to-dax", "ext4/to-pagecache", "xfs/to-dax", "xfs/to-pagecache"})
    EXPECT_EQ(seen[k], 3) << k;
}

TEST_F(Lab, StatxReallyChangesOnlyAfterTheLastReferenceGoes) {
  for (const auto& t : lab_targets()) {
    if (!t.ends_with("/ext4") && !t.ends_with("/xfs")) continue;
    SCOPED_TRACE(t);
    const std::string dir = t + "/mmap-write-flag-switch-lab." + std::to_string(::getpid());
    ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
    const std::string file = dir + "/f";
    {
      FileDescriptor fd = create_file(file, 2 * kMiB);
      EXPECT_FALSE(statx_says_dax(file));
      set_dax_flag(fd.get(), true);
      EXPECT_FALSE(statx_says_dax(file)) << "the open fd keeps the page-cache inode";
    }
    EXPECT_TRUE(statx_says_dax(file)) << "effective once the last reference went";
    {
      FileDescriptor fd = open_or_throw(file, O_RDWR);
      set_dax_flag(fd.get(), false);
      EXPECT_TRUE(statx_says_dax(file));
    }
    EXPECT_FALSE(statx_says_dax(file));
    ::unlink(file.c_str());
    ::rmdir(dir.c_str());
  }
}

TEST_F(Lab, FlushRunsOnDaxWithMapSync) {
  const nlohmann::json r =
      run("--family mmap-write --backing file --persistence flush --store 64B,4KiB "
          "--kind temporal,nontemporal --size 4MiB --modes dax-inode --benchmark_min_time=0.05" +
          inode_targets());
  int n = 0;
  for (const auto& b : runs_of(r)) {
    SCOPED_TRACE(b["name"].get<std::string>());
    ASSERT_FALSE(b.value("error_occurred", false)) << b.value("error_message", "");
    EXPECT_GT(b["bytes_per_second"].get<double>(), 0);
    EXPECT_EQ(b["daxbench"]["facts"]["mapping"], "MAP_SHARED_VALIDATE|MAP_SYNC");
    EXPECT_EQ(b["daxbench"]["facts"]["effective_dax"], "yes");
    ++n;
  }
  EXPECT_EQ(n, 8);
}

// The fault family's sync mapping (MAP_SHARED_VALIDATE|MAP_SYNC) at its
// fixed slot: MAP_SHARED_VALIDATE refuses MAP_FIXED_NOREPLACE, which once
// failed every such scenario on DAX with "Operation not supported".
TEST_F(Lab, FaultMapSyncRunsOnDaxAtItsSlot) {
  const nlohmann::json r =
      run("--family fault --mapping sync --access write --pages pte,pmd --size 4MiB "
          "--modes dax-inode --benchmark_min_time=0.02" +
          inode_targets());
  int n = 0;
  for (const auto& b : runs_of(r)) {
    SCOPED_TRACE(b["name"].get<std::string>());
    ASSERT_FALSE(b.value("error_occurred", false)) << b.value("error_message", "");
    EXPECT_GT(b["real_time"].get<double>(), 0);
    ++n;
  }
  EXPECT_EQ(n, 4);  // pte and pmd on ext4 and xfs
}

TEST_F(Lab, SixtySecondStressEndsWithNoMismatchAndNoSigbus) {
  int status = -1;
  const nlohmann::json r = run(
      "--family flag-switch-stress --duration 60s --modes dax-inode" + inode_targets(), &status);
  EXPECT_EQ(status, 0);
  int n = 0;
  for (const auto& b : runs_of(r)) {
    SCOPED_TRACE(b["name"].get<std::string>());
    ASSERT_FALSE(b.value("error_occurred", false)) << b.value("error_message", "");
    EXPECT_EQ(total(b, "mismatches"), 0);
    EXPECT_EQ(total(b, "sigbus"), 0);
    EXPECT_EQ(total(b, "switches_never"), 0);
    EXPECT_GT(total(b, "switches_effective"), 0) << "the file really moved between modes";
    EXPECT_GT(total(b, "rounds"), 10);
    std::printf("%s: %.0f rounds, %.0f switches effective, %.0f bytes verified\n",
                b["name"].get<std::string>().c_str(), total(b, "rounds"),
                total(b, "switches_effective"), total(b, "bytes_verified"));
    ++n;
  }
  EXPECT_EQ(n, 2);
}

// The performance target: a prefaulted DAX mapping stores at (nearly) the
// speed of anonymous memory. On the wall clock (TCG on a noisy 2-core host)
// the DAX/anon median ratio is printed (target 0.9 for 2 MiB stores);
// repetitions are interleaved so drift hits both sides alike. In deterministic mode
// (DAXBENCH_CLOCK=instruction-ns, ctest mmap_write_flag_switch_lab_deterministic) the
// timed loops must execute the same instructions: ratio 1 within 1 %, for
// both store sizes -- the proof that no fault or harness work is in the loop.
TEST_F(Lab, PrefaultedDaxStoresReachTheAnonymousReference) {
  const char* clock = std::getenv("DAXBENCH_CLOCK");
  const bool deterministic = clock != nullptr && std::string(clock) == "instruction-ns";
  const nlohmann::json r =
      run("--family mmap-write --pattern seq --store 64B,2MiB --kind temporal --persistence none "
          "--prefault yes --threads 1 --size 64MiB --modes dax-inode " +
          std::string(deterministic ? "--benchmark_min_time=0.2 --benchmark_repetitions=3"
                                    : "--benchmark_min_time=0.5 --benchmark_repetitions=9 "
                                      "--benchmark_enable_random_interleaving=true") +
          inode_targets());
  std::map<std::string, std::vector<double>> bw;
  for (const auto& b : runs_of(r)) {
    ASSERT_FALSE(b.value("error_occurred", false)) << b.value("error_message", "");
    bw[b["run_name"].get<std::string>()].push_back(b["bytes_per_second"].get<double>());
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  for (const std::string store : {"2MiB", "64B"}) {
    const std::string prefix = "mmap-write/seq/store:" + store + "/temporal/none/prefault:yes/";
    const double anon = median(bw.at(prefix + "ref/anon/threads:1/size:64MiB"));
    for (const std::string fs : {"ext4", "xfs"}) {
      const double dax = median(bw.at(prefix + "dax-inode/" + fs + "/threads:1/size:64MiB"));
      const double ratio = dax / anon;
      std::printf("store %s on %s (%s): DAX %.4g B/s, ref/anon %.4g B/s, ratio %.3f\n",
                  store.c_str(), fs.c_str(), deterministic ? "instruction-ns" : "wall clock", dax,
                  anon, ratio);
      RecordProperty("ratio_" + store + "_" + fs, std::to_string(ratio));
      if (deterministic) {
        EXPECT_NEAR(ratio, 1.0, 0.01)
            << fs << ": the DAX loop does work the anonymous one does not";
      } else {
        // On the wall clock TCG on a shared 2-core host moves this ratio by
        // tens of percent between runs (0.74-1.44 seen), so the 0.9 target is
        // a benchmark figure, printed above, not a test bound; only a gross
        // loss (faults or harness work inside the loop) fails here. The exact
        // check is the deterministic run.
        EXPECT_GE(ratio, 0.5) << fs << ": the harness or the mapping is in the way";
      }
    }
  }
}

}  // namespace
}  // namespace daxbench::testing
