// flag-switch and flag-switch-stress on this host (no pmem): both are skipped
// with a clear reason where switching cannot work, and the stress checker
// runs on the host's ext4 (the flag toggles and the inode is evicted and
// re-loaded, though the device never gives DAX) and fails when a byte is
// flipped on purpose.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/util.h"
#include "tests/loop_mount.h"
#include "tests/test_util.h"
#include "tests/workload_test_util.h"
#include "workloads/family.h"
#include "workloads/flag_switch_stress.h"

namespace daxbench::testing {
namespace {

Scenario make_scenario(const std::string& family, const std::string& dir, ScenarioParams overrides,
                       InodeMode mode = InodeMode::kPageCache) {
  return make_family_scenario(family, dir, overrides, mode, 5);
}

std::string skip_reason(const Scenario& s, const std::string& dir) {
  auto w = s.family->create(s);
  try {
    w->prepare_path(dir);
  } catch (const SkipScenario& e) {
    return e.what();
  }
  return "";
}

TEST(FlagSwitch, NamesSayKindHolderAndDirection) {
  TempDir shm("/dev/shm");
  EXPECT_EQ(
      make_scenario("flag-switch", shm.path(), {{"measure", "time-to-effective"}, {"holder", "fd"}},
                    InodeMode::kDaxInode)
          .name,
      "flag-switch/time-to-effective/holder:fd/hold:20ms/fsxattr/to-pagecache/dax-inode/"
      "tmpfs/threads:1/size:2MiB");
  EXPECT_EQ(
      make_scenario("flag-switch", shm.path(),
                    {{"measure", "time-to-effective"}, {"holder", "faulting"}, {"threads", "3"}},
                    InodeMode::kDaxInodeOff)
          .name,
      "flag-switch/time-to-effective/holder:faulting/hold:20ms/fsxattr/to-dax/dax-inode-off/"
      "tmpfs/threads:3/size:2MiB");
  EXPECT_EQ(
      make_scenario("flag-switch", shm.path(), {{"measure", "ioctl"}, {"api", "setflags"}}).name,
      "flag-switch/ioctl/setflags/to-dax/pagecache/tmpfs/threads:1/size:2MiB");
  EXPECT_FALSE(find_family("flag-switch")->supports_mode(InodeMode::kDaxAlways));
  EXPECT_FALSE(find_family("flag-switch-stress")->supports_mode(InodeMode::kDaxAlways));
}

TEST(FlagSwitch, EveryScenarioIsSkippedOnTmpfsWithTheReason) {
  TempDir shm("/dev/shm");
  for (const std::string kind : {"ioctl", "time-to-effective", "first-access"}) {
    for (const std::string holder : {"none", "fd", "mmap", "faulting"}) {
      const Scenario s =
          make_scenario("flag-switch", shm.path(), {{"measure", kind}, {"holder", holder}});
      const std::string why = skip_reason(s, shm.path());
      EXPECT_NE(why.find("no per-inode DAX flag on tmpfs"), std::string::npos)
          << s.name << ": " << why;
      EXPECT_NE(why.find("dax=inode"), std::string::npos) << why;
    }
  }
  const std::string why = skip_reason(
      make_scenario("flag-switch-stress", shm.path(), {{"duration", "1s"}}), shm.path());
  EXPECT_NE(why.find("no per-inode DAX flag on tmpfs"), std::string::npos) << why;
  EXPECT_TRUE(shm.entries().empty()) << "nothing created before the skip";
}

TEST(FlagSwitch, SkippedOnAnExt4DeviceThatCannotGiveDax) {
  TempDir dir("/tmp");  // the host's ext4: dax=inode by default, no DAX device
  const TargetInfo t = probe_target(dir.path());
  if (t.fs_type != "ext4" && t.fs_type != "xfs") GTEST_SKIP() << "/tmp is " << t.fs_type;
  const std::string why = skip_reason(
      make_scenario("flag-switch", dir.path(), {{"measure", "time-to-effective"}}), dir.path());
  EXPECT_NE(why.find("not DAX-capable"), std::string::npos) << why;
  EXPECT_NE(why.find("never take effect"), std::string::npos) << why;
}

TEST(FlagSwitch, SkippedOnDaxNeverMountWithTheReason) {
  LoopMount fs("ext4", "dax=never");
  if (!fs.mounted()) GTEST_SKIP() << fs.error();
  const std::string why = skip_reason(make_scenario("flag-switch", fs.path(), {}), fs.path());
  EXPECT_NE(why.find("dax=never"), std::string::npos) << why;
}

class Stress : public ::testing::TestWithParam<std::string> {};

// Runs the stress on `dir`; returns the failure message, "" if it passed.
std::string run_stress(const std::string& parent, const std::string& name,
                       std::map<std::string, double>* totals) {
  const std::string dir = parent + "/" + name;
  EXPECT_EQ(::mkdir(dir.c_str(), 0700), 0) << dir;
  const Scenario s = make_scenario("flag-switch-stress", dir,
                                   {{"duration", "1s"}, {"size", "256KiB"}, {"threads", "2"}});
  auto w = find_family("flag-switch-stress")->create(s);
  w->prepare_path(dir);
  CountingRegion region;
  std::string failure;
  try {
    w->before_iteration();
    w->run_iteration(region);
    w->finish();
  } catch (const WorkloadFailure& e) {
    failure = e.what();
  }
  EXPECT_EQ(region.begins, 1);
  EXPECT_EQ(region.ends, 1);
  *totals = w->totals();
  return failure;
}

TEST_P(Stress, PassesCleanAndFailsWhenAByteIsFlipped) {
  std::unique_ptr<LoopMount> loop;
  std::unique_ptr<TempDir> tmp;
  std::string dir;
  if (GetParam() == "host") {
    tmp = std::make_unique<TempDir>("/tmp");
    dir = tmp->path();
    const std::string fs = probe_target(dir).fs_type;
    if (fs != "ext4" && fs != "xfs") GTEST_SKIP() << "/tmp is " << fs;
  } else {
    loop = std::make_unique<LoopMount>(GetParam(), "dax=inode");
    if (!loop->mounted()) GTEST_SKIP() << loop->error();
    dir = loop->path();
  }
  std::map<std::string, double> totals;
  EXPECT_EQ(run_stress(dir, "clean", &totals), "");
  EXPECT_GE(totals["rounds"], 2);
  EXPECT_GE(totals["switches_requested"], 2);
  EXPECT_EQ(totals["switches_effective"], 0) << "the device cannot give DAX";
  EXPECT_EQ(totals["sigbus"], 0);
  EXPECT_EQ(totals["mismatches"], 0);
  EXPECT_EQ(totals["bytes_verified"], totals["rounds"] * 2 * 2 * 256 * 1024);

  ::setenv("DAXBENCH_TEST_CORRUPT", "1", 1);
  const std::string failure = run_stress(dir, "corrupt", &totals);
  ::unsetenv("DAXBENCH_TEST_CORRUPT");
  // The flipped byte is byte 100 of block 1: word 12 of that block, seen by
  // both checks (pread and the fresh mapping).
  EXPECT_NE(failure.find("2 mismatches"), std::string::npos) << failure;
  EXPECT_NE(failure.find("offset 4192"), std::string::npos) << failure;
  EXPECT_NE(failure.find("expected 0x"), std::string::npos) << failure;
  EXPECT_EQ(totals["mismatches"], 2);
  EXPECT_EQ(totals["mismatch_offset_0"], 4192);
  EXPECT_EQ(totals["rounds"], 1) << "stops at the first bad round";
}

INSTANTIATE_TEST_SUITE_P(Filesystems, Stress, ::testing::Values("host", "xfs"));

}  // namespace
}  // namespace daxbench::testing
