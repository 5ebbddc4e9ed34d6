// Inode modes against real filesystems on this host (no pmem): tmpfs, and
// ext4/xfs on loop devices mounted dax=inode, where FS_XFLAG_DAX can be set
// but the device cannot give DAX, so statx must say "not DAX".
#include <fcntl.h>
#include <gtest/gtest.h>

#include "tests/loop_mount.h"
#include "tests/test_util.h"
#include "core/inode_mode.h"
#include "core/scratch.h"
#include "core/target.h"
#include "core/util.h"

namespace daxbench::testing {
namespace {

TEST(Modes, TmpfsAllowsPagecacheAndRefusesEveryDaxModeClearly) {
  TempDir shm("/dev/shm");
  const TargetInfo t = probe_target(shm.path());
  EXPECT_EQ(t.fs_type, "tmpfs");
  EXPECT_FALSE(t.dax_capable);
  EXPECT_NO_THROW(check_mode_possible(t, InodeMode::kPageCache));
  for (InodeMode m : {InodeMode::kDaxAlways, InodeMode::kDaxInode, InodeMode::kDaxInodeOff}) {
    try {
      check_mode_possible(t, m);
      ADD_FAILURE() << to_string(m) << " accepted on tmpfs";
    } catch (const UsageError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(shm.path()), std::string::npos) << msg;
      EXPECT_NE(msg.find(to_string(m)), std::string::npos) << msg;
      EXPECT_NE(msg.find("tmpfs"), std::string::npos) << msg;
    }
  }
  // A pagecache file on tmpfs really is not DAX.
  apply_mode_to_directory(shm.path(), t, InodeMode::kPageCache);
  create_file(shm.file("f"), kPageSize);
  EXPECT_FALSE(statx_says_dax(shm.file("f")));
  EXPECT_NO_THROW(verify_file_mode(shm.file("f"), t, InodeMode::kPageCache));
  EXPECT_THROW(verify_file_mode(shm.file("f"), t, InodeMode::kDaxAlways), UsageError);
}

TEST(Modes, ScratchDirIsCreatedInsideTargetAndRemovedWithItsFiles) {
  TempDir target;
  std::string path;
  {
    ScratchDir scratch(target.path());
    path = scratch.path();
    EXPECT_EQ(path.rfind(target.path() + "/daxbench." + std::to_string(::getpid()) + ".", 0), 0u)
        << path;
    create_file(join_path(path, "data"), kMiB);
    EXPECT_TRUE(std::filesystem::exists(join_path(path, "data")));
    EXPECT_THROW(create_file(join_path(path, "data"), kMiB), std::system_error) << "O_EXCL";
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(target.entries().empty());
}

class LoopModes : public ::testing::TestWithParam<std::string> {};

TEST_P(LoopModes, FlagSetButDeviceNotDaxFailsClearly) {
  LoopMount fs(GetParam(), "dax=inode");
  if (!fs.mounted()) GTEST_SKIP() << fs.error();
  const TargetInfo t = probe_target(fs.path());
  ASSERT_EQ(t.fs_type, GetParam());
  EXPECT_EQ(t.dax_policy, DaxMountPolicy::kInode);
  EXPECT_FALSE(t.dax_capable) << t.dax_capability;
  EXPECT_NE(t.block_device.find("loop"), std::string::npos) << t.block_device;

  // The flag really is set on the directory and inherited by a new file...
  ScratchDir scratch(fs.path());
  ASSERT_NO_THROW(apply_mode_to_directory(scratch.path(), t, InodeMode::kDaxInode));
  FileDescriptor dir = open_or_throw(scratch.path(), O_RDONLY | O_DIRECTORY);
  EXPECT_TRUE(get_dax_flag(dir.get()));
  const std::string file = join_path(scratch.path(), "f");
  FileDescriptor fd = create_file(file, kPageSize);
  EXPECT_TRUE(get_dax_flag(fd.get()));
  // ...yet statx says the file is not DAX, and the mode check says why.
  EXPECT_FALSE(statx_says_dax(file));
  try {
    verify_file_mode(file, t, InodeMode::kDaxInode);
    ADD_FAILURE() << "dax-inode accepted on a loop device";
  } catch (const UsageError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("dax-inode"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not DAX"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not DAX-capable"), std::string::npos) << msg;
  }
}

TEST_P(LoopModes, BinaryRefusesDaxInodeAndRunsDaxInodeOff) {
  LoopMount fs(GetParam(), "dax=inode");
  if (!fs.mounted()) GTEST_SKIP() << fs.error();
  TempDir work;
  const CommandResult bad = run_daxbench("run --modes dax-inode --size 2MiB --target " + fs.path() +
                                         " --benchmark_min_time=0.01");
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_NE(bad.err.find("statx on"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("says not DAX"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out.find("fault"), std::string::npos) << "nothing was measured";

  const CommandResult good =
      run_daxbench("run --modes dax-inode-off,pagecache --size 2MiB --target " + fs.path() +
                   " --benchmark_min_time=0.01 --out " + work.file("r.json"));
  EXPECT_EQ(good.status, 0) << good.err;
  // Both ran: their rows (the compact table names them by what differs).
  EXPECT_NE(good.out.find("\ndax-inode-off "), std::string::npos) << good.out;
  EXPECT_NE(good.out.find("\npagecache "), std::string::npos) << good.out;
  // Nothing left behind in the target.
  for (const auto& e : std::filesystem::directory_iterator(fs.path()))
    EXPECT_FALSE(e.path().filename().string().starts_with("daxbench.")) << e.path();
}

TEST(Modes, DaxNeverMountRefusesDaxModesAndExplains) {
  LoopMount fs("ext4", "dax=never");
  if (!fs.mounted()) GTEST_SKIP() << fs.error();
  const TargetInfo t = probe_target(fs.path());
  EXPECT_EQ(t.dax_policy, DaxMountPolicy::kNever);
  for (InodeMode m : {InodeMode::kDaxAlways, InodeMode::kDaxInode}) {
    try {
      check_mode_possible(t, m);
      ADD_FAILURE() << to_string(m);
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("remount"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(check_mode_possible(t, InodeMode::kPageCache));
}

INSTANTIATE_TEST_SUITE_P(Filesystems, LoopModes, ::testing::Values("ext4", "xfs"));

}  // namespace
}  // namespace daxbench::testing
