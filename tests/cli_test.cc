// The command line and INI configs, through the real binary: good input runs,
// every class of bad input is one line naming the culprit with exit status 2,
// and nothing is created in the target.
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

// Asserts: exit 2, exactly one line on stderr containing `needle`, nothing
// created in `target`.
void expect_usage_error(const std::string& args, const std::string& needle, const TempDir& target) {
  const CommandResult r = run_daxbench(args);
  EXPECT_EQ(r.status, 2) << args << "\nstderr: " << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << args << "\nstderr: " << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << "missing '" << needle << "' in: " << r.err;
  EXPECT_TRUE(target.entries().empty()) << args << " created something in the target";
}

class CliTest : public ::testing::Test {
 protected:
  TempDir shm_{"/dev/shm"};
  TempDir work_;
  std::string config(const std::string& text) {
    const std::string path = work_.file("c" + std::to_string(n_++) + ".ini");
    write_text(path, text);
    return path;
  }
  int n_ = 0;
};

TEST_F(CliTest, ListPrintsOneNameALineFromConfigAndCreatesNothing) {
  const std::string cfg =
      config("[fault]\naccess = read,write\nsize = 4MiB\n[fault:pmd]\npages = pmd\nsize = 2MiB\n");
  const CommandResult r = run_daxbench("list --config " + cfg + " --target " + shm_.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "fault/read/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n"
      "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n"
      "fault/write/shared/pmd/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:2MiB\n");
  EXPECT_TRUE(shm_.entries().empty());
}

TEST_F(CliTest, ListWithoutTargetShowsPlaceholderFilesystem) {
  const CommandResult r = run_daxbench("list --config " + source_dir() + "/configs/quick.ini");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(
      r.out.find(
          "fault/write/shared/pte/populate:none/cache:warm/pagecache/FS/threads:1/size:64MiB\n"),
      std::string::npos)
      << r.out;
}

TEST_F(CliTest, MatrixExpandsEveryMultiValuedParameter) {
  const CommandResult r =
      run_daxbench("list --target " + shm_.path() +
                   " --access read,write,write-after-read --threads 1,2 --size 4MiB,8M");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 3u * 2u * 2u) << r.out;
  EXPECT_NE(r.out.find("/threads:2/size:8MiB\n"), std::string::npos) << "sizes are canonicalised";
}

TEST_F(CliTest, CommandLineWinsOverConfig) {
  const std::string cfg = config("modes = pagecache\n[fault]\naccess = read\nsize = 4MiB\n");
  const CommandResult r =
      run_daxbench("list --config " + cfg + " --target " + shm_.path() + " --access write");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n");
}

TEST_F(CliTest, HelpShowsRealExamples) {
  const CommandResult r = run_daxbench("run --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("daxbench run --config configs/quick.ini --target /mnt/pmem"),
            std::string::npos);
  EXPECT_NE(r.out.find("--access"), std::string::npos) << "family parameters are listed";
  const CommandResult top = run_daxbench("--help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.out.find("daxbench env --target /mnt/pmem"), std::string::npos);
}

TEST_F(CliTest, BadInputIsOneLineExitTwoNothingCreated) {
  const std::string t = " --target " + shm_.path();
  expect_usage_error("run --config " + work_.file("missing.ini") + t, "missing.ini", shm_);
  expect_usage_error("run --config " + config("bogus = 1\n") + t, "unknown key 'bogus'", shm_);
  expect_usage_error("run --config " + config("[fault]\nacess = read\n") + t, "unknown key 'acess'",
                     shm_);
  expect_usage_error("run --config " + config("[fault]\naccess = wrte\n") + t,
                     "'wrte' is not allowed", shm_);
  expect_usage_error("run --config " + config("[fault]\nsize = 12parsecs\n") + t,
                     "'12parsecs' is not a size", shm_);
  expect_usage_error("run --config " + config("[fault]\nthreads = -1\n") + t,
                     "not a positive whole number", shm_);
  expect_usage_error("run --config " + config("[nosuch]\nx = 1\n") + t, "unknown family 'nosuch'",
                     shm_);
  expect_usage_error("run --config " + config("this line is not ini\n") + t, ".ini", shm_);
  expect_usage_error("run --config " + config("latency = maybe\n") + t, "'maybe' is not a boolean",
                     shm_);
  expect_usage_error("run --modes dax-sometimes" + t, "'dax-sometimes' is not an inode mode", shm_);
  expect_usage_error("run --no-such-option" + t, "no-such-option", shm_);
  expect_usage_error("run --access sideways" + t, "'sideways' is not allowed", shm_);
  expect_usage_error("run --family nosuch" + t, "unknown family 'nosuch'", shm_);
  expect_usage_error("run --benchmark_nonsense=1" + t, "benchmark_nonsense", shm_);
  expect_usage_error("run --seed abc" + t, "seed", shm_);
  expect_usage_error("run --counting sometimes" + t, "'sometimes' is not allowed", shm_);
  expect_usage_error("run", "no target", shm_);
  expect_usage_error("run --out " + work_.file("no/such/dir/r.json") + t, "does not exist", shm_);
  expect_usage_error("frobnicate", "unknown command 'frobnicate'", shm_);
}

TEST_F(CliTest, BadTargetsAreRefusedBeforeAnythingIsCreated) {
  expect_usage_error("run --target " + shm_.file("absent"), "No such file or directory", shm_);
  write_text(shm_.file("plain"), "x");
  const CommandResult r = run_daxbench("run --target " + shm_.file("plain"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  std::filesystem::remove(shm_.file("plain"));
  // More than the free space: a region far larger than the tmpfs.
  expect_usage_error("run --target " + shm_.path() + " --size 64GiB --threads 64", "free", shm_);
}

TEST_F(CliTest, ReadOnlyTargetIsRefused) {
  if (::geteuid() == 0) {
    // root bypasses permission bits; use a read-only bind mount instead.
    TempDir ro;
    ASSERT_EQ(std::system(("mount --bind " + ro.path() + " " + ro.path() +
                           " && mount -o remount,bind,ro " + ro.path())
                              .c_str()),
              0);
    const CommandResult r = run_daxbench("run --target " + ro.path());
    std::system(("umount " + ro.path()).c_str());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("not writable"), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, DaxModesOnTmpfsFailWithTheReason) {
  for (const char* mode : {"dax-always", "dax-inode", "dax-inode-off"}) {
    const CommandResult r =
        run_daxbench(std::string("run --modes ") + mode + " --target " + shm_.path());
    EXPECT_EQ(r.status, 2) << mode;
    EXPECT_NE(r.err.find(std::string("mode ") + mode), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("tmpfs"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("lab/daxlab"), std::string::npos) << "says what to do: " << r.err;
    EXPECT_TRUE(shm_.entries().empty());
  }
}

TEST_F(CliTest, GoogleBenchmarkFlagsPassThrough) {
  const std::string cfg =
      config("benchmark_min_time = 0.01\n[fault]\naccess = read,write\nsize = 1MiB\n");
  const CommandResult r =
      run_daxbench("run --config " + cfg + " --target " + shm_.path() +
                   " --benchmark_filter=fault/read --out " + work_.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("fault/read/"), std::string::npos);
  EXPECT_EQ(r.out.find("fault/write/"), std::string::npos) << "filter applied";
}

}  // namespace
}  // namespace daxbench::testing
