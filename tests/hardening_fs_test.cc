// "Never outside its own files" (issue 11, docs/reliability.md): scratch
// space by fd, stale scratch directories, result files, report directories
// and targets. Every test asserts what happened on disk: a file outside the
// target keeps its content and mtime, a symlink is still a symlink, nothing
// was created where it must not be.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/scratch.h"
#include "core/target.h"
#include "core/util.h"
#include "tests/hardening_fs_util.h"
#include "tests/test_util.h"

namespace daxbench {
namespace {

using testing::age;
using testing::as_other_user;
using testing::CommandResult;
using testing::count_lines;
using testing::describe_entry;
using testing::kOtherGid;
using testing::kOtherUid;
using testing::Outside;
using testing::read_file;
using testing::run_daxbench;
using testing::run_shell;
using testing::TempDir;
using testing::write_text;
namespace fs = std::filesystem;

bool is_symlink(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// A world-writable, non-sticky target, as on a shared lab mount.
void make_shared(const TempDir& target) { ::chmod(target.path().c_str(), 0777); }

// One small, fast scenario.
const std::string kQuickRun = " --family fault --access read --size 1MiB --benchmark_min_time=0.01";

// --- 1. Scratch space by file descriptor ------------------------------------

TEST(HardeningScratch, PrivateDirectoryWithOwnerRecordRemovedWithEverythingInside) {
  TempDir target;
  std::string path;
  {
    ScratchDir scratch(target.path());
    path = scratch.path();
    struct stat st {};
    ASSERT_EQ(::lstat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_EQ(st.st_uid, ::geteuid());
    const std::string owner = read_file(path + "/owner");
    EXPECT_NE(owner.find("pid " + std::to_string(::getpid()) + "\n"), std::string::npos) << owner;
    EXPECT_NE(owner.find("start_ticks "), std::string::npos) << owner;
    EXPECT_NE(owner.find("boot_id "), std::string::npos) << owner;
    DirHandle sub = scratch.dir().make_subdir("b0");
    sub.create_file("data", kMiB);
    DirHandle deeper = sub.make_subdir("deeper");
    deeper.create_file("more", kPageSize);
    EXPECT_EQ(fs::file_size(path + "/b0/data"), kMiB);
    EXPECT_THROW(sub.create_file("data", kPageSize), std::system_error) << "O_EXCL";
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(target.entries().empty());
}

// The attack the issue describes, made deterministic: the scratch
// directory is renamed away and its name pointed at a directory outside the
// target, between creation and use; then daxbench creates, writes and
// removes its files as it always does.
TEST(HardeningScratch, RenamedAwayAndReplacedBySymlinkIsNeverFollowed) {
  TempDir target;
  make_shared(target);
  Outside outside;
  std::string name;
  {
    ScratchDir scratch(target.path());
    name = scratch.name();
    ASSERT_EQ(::rename(target.file(name).c_str(), target.file("moved").c_str()), 0);
    ASSERT_EQ(::symlink(outside.path().c_str(), target.file(name).c_str()), 0);
    DirHandle b0 = scratch.dir().make_subdir("b0");
    FileDescriptor fd = b0.create_file("fault.data", kPageSize);
    ASSERT_EQ(::pwrite(fd.get(), "x", 1, 0), 1);
    EXPECT_TRUE(fs::exists(target.file("moved/b0/fault.data")))
        << "created in the directory daxbench made, wherever it is now";
    DirFile f(b0, "fault.data");
    EXPECT_TRUE(f.open(O_RDWR).valid());
    scratch.dir().remove("b0");
  }
  EXPECT_TRUE(outside.untouched()) << outside.diff();
  EXPECT_TRUE(is_symlink(target.file(name))) << "the planted link is left alone, not followed";
  EXPECT_FALSE(fs::exists(target.file("moved"))) << "the renamed scratch directory is removed";
}

TEST(HardeningScratch, SymlinksInsideAreUnlinkedNeverFollowed) {
  TempDir target;
  Outside outside;
  std::string path;
  {
    ScratchDir scratch(target.path());
    path = scratch.path();
    ASSERT_EQ(::symlink(outside.file("victim").c_str(), (path + "/file-link").c_str()), 0);
    ASSERT_EQ(::symlink(outside.path().c_str(), (path + "/dir-link").c_str()), 0);
    ASSERT_EQ(::symlink(outside.file("sub").c_str(), (path + "/sub-link").c_str()), 0);
  }
  EXPECT_FALSE(fs::exists(fs::symlink_status(path)));
  EXPECT_TRUE(outside.untouched()) << outside.diff();
}

TEST(HardeningScratch, ExistingSymlinksAreNeverOpenedOrCreatedThrough) {
  TempDir target;
  Outside outside;
  DirHandle dir = DirHandle::open(target.path());
  ASSERT_EQ(::symlink(outside.file("victim").c_str(), target.file("f").c_str()), 0);
  ASSERT_EQ(::symlink(outside.path().c_str(), target.file("d").c_str()), 0);
  EXPECT_THROW(dir.create_file("f", kPageSize), std::system_error);       // O_EXCL|O_NOFOLLOW
  EXPECT_THROW(dir.open_file("f", O_RDWR | O_TRUNC), std::system_error);  // O_NOFOLLOW
  EXPECT_THROW(dir.open_subdir("d"), std::runtime_error);
  EXPECT_THROW(dir.make_subdir("d"), std::system_error);  // EEXIST
  EXPECT_THROW(DirHandle::open(target.file("d")), std::system_error);
  EXPECT_THROW(DirHandle::open(target.file("d") + "/"), std::system_error) << "trailing slash";
  EXPECT_THROW(create_file(target.file("f"), kPageSize), std::system_error);
  EXPECT_TRUE(dir.remove("d"));
  EXPECT_TRUE(dir.remove("f"));
  EXPECT_TRUE(outside.untouched()) << outside.diff();
}

TEST(HardeningScratch, NameTakenOverByAnotherUsersDirectoryIsLeftAlone) {
  TempDir target;
  make_shared(target);
  std::string name;
  {
    ScratchDir scratch(target.path());
    name = scratch.name();
    ASSERT_EQ(::rename(target.file(name).c_str(), target.file("moved").c_str()), 0);
    ASSERT_EQ(::mkdir(target.file(name).c_str(), 0755), 0);
    write_text(target.file(name + "/theirs"), "their file\n");
    ASSERT_EQ(::chown(target.file(name).c_str(), kOtherUid, kOtherGid), 0);
    scratch.dir().make_subdir("b0").create_file("x", kPageSize);
  }
  EXPECT_EQ(read_file(target.file(name + "/theirs")), "their file\n");
  EXPECT_FALSE(fs::exists(target.file("moved")));
}

TEST(HardeningScratch, TargetSwappedAfterItWasProbedIsRefused) {
  TempDir parent;
  const std::string target = parent.file("target");
  ASSERT_EQ(::mkdir(target.c_str(), 0755), 0);
  const TargetInfo info = probe_target(target);
  ASSERT_EQ(::rename(target.c_str(), parent.file("probed").c_str()), 0);
  ASSERT_EQ(::mkdir(target.c_str(), 0777), 0);
  EXPECT_THROW(ScratchDir{info}, UsageError);
  EXPECT_TRUE(fs::is_empty(target));
  EXPECT_TRUE(fs::is_empty(parent.file("probed")));
  ASSERT_EQ(::rmdir(target.c_str()), 0);
  ASSERT_EQ(::symlink(parent.file("probed").c_str(), target.c_str()), 0);
  EXPECT_THROW(ScratchDir{info}, std::system_error) << "real_path is opened O_NOFOLLOW";
  EXPECT_TRUE(fs::is_empty(parent.file("probed")));
}

// --- 2. Stale scratch directories -------------------------------------------

// A run killed with SIGKILL after it created its scratch directory and a file.
pid_t killed_run(const std::string& target) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ScratchDir scratch(target);
    scratch.dir().make_subdir("b0").create_file("fault.data", kMiB);
    ::raise(SIGKILL);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  return pid;
}

void forge_owner(const std::string& dir, long pid, const std::string& ticks,
                 const std::string& boot) {
  ::mkdir(dir.c_str(), 0700);
  write_text(dir + "/owner", "daxbench scratch directory\npid " + std::to_string(pid) +
                                 "\nstart_ticks " + ticks + "\nboot_id " + boot + "\n");
}

std::string my_start_ticks() {
  const std::string stat = read_file("/proc/self/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  for (int i = 3; i <= 22; ++i) fields >> f;
  return f;
}

TEST(HardeningStale, CleanRemovesKilledRunsAndKeepsLiveLinksAndOthers) {
  TempDir target;
  Outside outside;
  ScratchDir live(target.path());  // first: creating one removes stale ones
  const pid_t dead = killed_run(target.path());
  const auto stale_names = target.entries("daxbench." + std::to_string(dead) + ".");
  ASSERT_EQ(stale_names.size(), 1u);
  ASSERT_EQ(::symlink(outside.path().c_str(), target.file("daxbench.1.0badf00d").c_str()), 0);
  forge_owner(target.file("daxbench.2.0000beef"), dead, "1", "x");
  ASSERT_EQ(::chown(target.file("daxbench.2.0000beef").c_str(), kOtherUid, kOtherGid), 0);

  const CommandResult dry = run_daxbench("clean --dry-run --target " + target.path());
  EXPECT_EQ(dry.status, 0) << dry.err;
  EXPECT_NE(dry.out.find("would remove " + target.file(stale_names[0])), std::string::npos)
      << dry.out;
  EXPECT_TRUE(fs::exists(target.file(stale_names[0]))) << "--dry-run removes nothing";

  const CommandResult r = run_daxbench("clean --target " + target.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("removed " + target.file(stale_names[0]) + " (pid " + std::to_string(dead)),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(target.file(stale_names[0])));
  EXPECT_NE(r.out.find("kept " + live.path() + ": in use by pid " + std::to_string(::getpid())),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(live.path() + "/owner"));
  EXPECT_NE(r.out.find("daxbench.1.0badf00d: a symlink"), std::string::npos) << r.out;
  EXPECT_TRUE(is_symlink(target.file("daxbench.1.0badf00d")));
  EXPECT_NE(r.out.find("daxbench.2.0000beef: owned by uid 65534"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(target.file("daxbench.2.0000beef/owner")));
  EXPECT_TRUE(outside.untouched()) << outside.diff();
}

TEST(HardeningStale, EarlierBootAndReusedPidAreStaleMissingRecordIsKept) {
  TempDir target;
  const std::string boot = read_file("/proc/sys/kernel/random/boot_id");
  const std::string this_boot = boot.substr(0, boot.find('\n'));
  forge_owner(target.file("daxbench.10.00000001"), ::getpid(), my_start_ticks(),
              "00000000-0000-0000-0000-000000000000");
  forge_owner(target.file("daxbench.11.00000002"), ::getpid(), "1", this_boot);
  forge_owner(target.file("daxbench.12.00000003"), ::getpid(), my_start_ticks(), this_boot);
  ::mkdir(target.file("daxbench.13.00000004").c_str(), 0700);
  ::mkdir(target.file("daxbench.notes").c_str(), 0700);  // not a scratch name: ignored
  const auto found = find_stale_scratch(DirHandle::open(target.path()), /*remove=*/true);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_TRUE(found[0].stale && found[0].removed) << found[0].owner << found[0].note;
  EXPECT_NE(found[0].owner.find("earlier boot"), std::string::npos);
  EXPECT_TRUE(found[1].stale && found[1].removed) << found[1].owner << found[1].note;
  EXPECT_FALSE(found[2].stale) << "our own pid with our start time is alive";
  EXPECT_FALSE(found[3].stale);
  EXPECT_NE(found[3].note.find("no owner record"), std::string::npos);
  EXPECT_FALSE(fs::exists(target.file("daxbench.10.00000001")));
  EXPECT_FALSE(fs::exists(target.file("daxbench.11.00000002")));
  EXPECT_TRUE(fs::exists(target.file("daxbench.12.00000003")));
  EXPECT_TRUE(fs::exists(target.file("daxbench.13.00000004")));
  EXPECT_TRUE(fs::exists(target.file("daxbench.notes")));
}

TEST(HardeningStale, CleanNeverCrossesIntoAMountedFilesystem) {
  TempDir target;
  const std::string stale = target.file("daxbench.3.00c0ffee");
  forge_owner(stale, 3, "1", "an-earlier-boot");
  ::mkdir((stale + "/mnt").c_str(), 0700);
  // In a private mount namespace: a tmpfs inside the stale directory, with a
  // file; clean empties the directory but must leave the mount's file.
  const CommandResult r =
      run_shell("unshare -m sh -c 'mount -t tmpfs none " + stale + "/mnt || exit 77; echo keep > " +
                stale + "/mnt/file; " + testing::daxbench_binary() + " clean --target " +
                target.path() + "; echo status=$? >&2; cat " + stale + "/mnt/file'");
  if (r.status == 77) GTEST_SKIP() << "cannot mount a tmpfs here: " << r.err;
  EXPECT_TRUE(r.out.ends_with("\nkeep\n")) << r.out << r.err;
  EXPECT_NE(r.err.find("another filesystem is mounted there"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(stale + "/owner")) << "the rest of the stale directory went";
}

TEST(HardeningStale, NextRunNamesAndRemovesThem) {
  TempDir target;
  const pid_t dead = killed_run(target.path());
  const auto stale_names = target.entries("daxbench.");
  ASSERT_EQ(stale_names.size(), 1u);
  const CommandResult r = run_daxbench("run --target " + target.path() + kQuickRun);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("removed stale scratch directory " + target.file(stale_names[0]) + " (pid " +
                       std::to_string(dead)),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(target.entries().empty()) << "the stale one and the run's own are gone";
}

// --- 3. Result files ---------------------------------------------------------

class HardeningOutput : public ::testing::Test {
 protected:
  TempDir target_;
  TempDir work_;
  Outside outside_;
  void SetUp() override {
    write_text(work_.file("run.ini"), "benchmark_min_time = 0.01\n[fault]\naccess = read\n");
    age(work_.file("run.ini"));
    ::mkfifo(work_.file("fifo").c_str(), 0644);
    ::link(work_.file("run.ini").c_str(), work_.file("hardlink.ini").c_str());
    ::symlink(outside_.file("victim").c_str(), work_.file("link.json").c_str());
    ::mkdir(work_.file("dir").c_str(), 0755);
  }
  std::vector<std::pair<std::string, std::string>> bad_destinations() const {
    return {{work_.file("dir"), "is a directory"},
            {"/dev/null", "is a device"},
            {work_.file("fifo"), "FIFO"},
            {"/proc/self/daxbench.json", "/proc"},
            {"/sys/kernel/daxbench.json", "/sys"},
            {work_.file(std::string(250, 'r')), "too long for the temporary"},
            {work_.file("link.json"), "is a symlink"},
            {work_.file("no/such/dir/r.json"), "does not exist"}};
  }
};

TEST_F(HardeningOutput, RunRefusesEveryBadDestinationBeforeAnythingRuns) {
  const std::string config_before = describe_entry(work_.file("run.ini"));
  auto cases = bad_destinations();
  cases.push_back({work_.file("run.ini"), "same file as the input"});
  cases.push_back({work_.file("hardlink.ini"), "same file as the input"});
  for (const auto& [dest, needle] : cases) {
    // timeout: opening the FIFO for writing would block forever.
    const CommandResult r = run_shell("timeout 60 " + testing::daxbench_binary() +
                                      " run --config " + work_.file("run.ini") + " --target " +
                                      target_.path() + kQuickRun + " --out " + dest);
    EXPECT_EQ(r.status, 2) << dest << "\n" << r.err;
    EXPECT_EQ(count_lines(r.err), 1u) << dest << "\n" << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << dest << "\n" << r.err;
    EXPECT_TRUE(target_.entries().empty()) << dest << ": a scratch directory was created";
  }
  EXPECT_EQ(describe_entry(work_.file("run.ini")), config_before) << "the config is untouched";
  EXPECT_TRUE(is_symlink(work_.file("link.json")));
  EXPECT_TRUE(outside_.untouched()) << outside_.diff();
  EXPECT_FALSE(fs::exists(work_.file(std::string(250, 'r'))));
}

TEST_F(HardeningOutput, CompareAndMergeRefuseBadDestinationsAndTheirInputs) {
  const std::string a = work_.file("a.json"), b = work_.file("b.json");
  fs::copy_file(testing::source_dir() + "/tests/data/analysis/run-a.json", a);
  fs::copy_file(testing::source_dir() + "/tests/data/analysis/run-a.json", b);
  age(a);
  age(b);
  ::link(b.c_str(), work_.file("b-link.json").c_str());
  const std::string a_before = describe_entry(a), b_before = describe_entry(b);
  auto cases = bad_destinations();
  cases.push_back({a, "same file as the input"});
  cases.push_back({work_.file("b-link.json"), "same file as the input"});
  for (const char* command : {" compare ", " merge "}) {
    for (const auto& [dest, needle] : cases) {
      const CommandResult r = run_shell("timeout 60 " + testing::daxbench_binary() + command + a +
                                        " " + b + " -o " + dest);
      EXPECT_EQ(r.status, 2) << command << dest << "\n" << r.err;
      EXPECT_EQ(count_lines(r.err), 1u) << command << dest << "\n" << r.err;
      EXPECT_NE(r.err.find(needle), std::string::npos) << command << dest << "\n" << r.err;
    }
  }
  EXPECT_EQ(describe_entry(a), a_before);
  EXPECT_EQ(describe_entry(b), b_before);
  EXPECT_TRUE(outside_.untouched()) << outside_.diff();
}

TEST_F(HardeningOutput, ReplacedFileKeepsOwnerAndModeAndNoTemporaryIsLeft) {
  const std::string a = testing::source_dir() + "/tests/data/analysis/run-a.json";
  const std::string out = work_.file("dir/cmp.md");
  write_text(out, "old\n");
  ASSERT_EQ(::chown(out.c_str(), kOtherUid, kOtherGid), 0);
  ASSERT_EQ(::chmod(out.c_str(), 0640), 0);
  const CommandResult r = run_daxbench("compare " + a + " " + a + " --format markdown -o " + out);
  EXPECT_EQ(r.status, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kOtherUid);
  EXPECT_EQ(st.st_gid, kOtherGid);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_NE(read_file(out), "old\n");
  EXPECT_EQ(fs::directory_entry(work_.file("dir")).exists(), true);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(work_.file("dir"))) ++entries;
  EXPECT_EQ(entries, 1u) << "no temporary left beside the result";
}

// The --out directory is renamed away during the run and its name pointed
// outside (what anyone who can write its parent can do): the results still
// go to the directory that was checked, never to where the name now leads.
TEST_F(HardeningOutput, OutDirectoryRenamedDuringTheRunStillGetsTheResults) {
  const std::string out_dir = work_.file("outdir");
  ASSERT_EQ(::mkdir(out_dir.c_str(), 0755), 0);
  const std::string script =
      "bash -c '" + testing::daxbench_binary() + " run --target " + target_.path() +
      " --family fault --access read,write --size 4MiB --benchmark_min_time=0.3 --out " + out_dir +
      "/r.json & pid=$!; for i in $(seq 1000); do ls " + target_.path() +
      "/daxbench.* >/dev/null 2>&1 && break; sleep 0.01; done; mv " + out_dir + " " + out_dir +
      ".moved && ln -s " + outside_.path() + " " + out_dir +
      " && echo swapped; wait $pid; echo status=$?'";
  const CommandResult r = run_shell(script);
  ASSERT_NE(r.out.find("swapped"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("status=0"), std::string::npos) << r.out << r.err;
  EXPECT_TRUE(outside_.untouched()) << outside_.diff();
  EXPECT_TRUE(nlohmann::json::accept(read_file(out_dir + ".moved/r.json"))) << r.err;
}

TEST_F(HardeningOutput, AtomicWriteReplacesASymlinkNeverWritesThroughIt) {
  write_file_atomically(work_.file("link.json"), "new\n");
  EXPECT_FALSE(is_symlink(work_.file("link.json")));
  EXPECT_EQ(read_file(work_.file("link.json")), "new\n");
  EXPECT_TRUE(outside_.untouched()) << outside_.diff();
  EXPECT_THROW(write_file_atomically(work_.file("dir"), "x"), std::system_error);
  EXPECT_THROW(write_file_atomically(work_.file("absent/x.json"), "x"), std::system_error);
}

// --- 4. report -o DIR -------------------------------------------------------

class HardeningReport : public ::testing::Test {
 protected:
  TempDir work_;
  Outside outside_;
  const std::string results_ = testing::source_dir() + "/tests/data/analysis/run-a.json";
  CommandResult report(const std::string& inputs, const std::string& dir,
                       const std::string& extra = "") {
    return run_daxbench("report " + inputs + " -o " + dir + extra);
  }
};

TEST_F(HardeningReport, DirectoryWithOthersFilesIsRefusedUnlessForce) {
  const std::string dir = work_.file("r");
  ::mkdir(dir.c_str(), 0755);
  write_text(dir + "/mine.txt", "the user's notes\n");
  age(dir + "/mine.txt");
  const std::string before = describe_entry(dir + "/mine.txt");
  const CommandResult refused = report(results_, dir);
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_EQ(count_lines(refused.err), 1u) << refused.err;
  EXPECT_NE(refused.err.find("mine.txt"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir + "/index.html")) << "nothing written before the refusal";
  const CommandResult forced = report(results_, dir, " --force");
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_TRUE(fs::exists(dir + "/index.html"));
  EXPECT_EQ(describe_entry(dir + "/mine.txt"), before);
  // Its own earlier report: regenerated without --force.
  const CommandResult again = report(results_, work_.file("fresh"));
  EXPECT_EQ(again.status, 0) << again.err;
  const CommandResult regenerate = report(results_, work_.file("fresh"));
  EXPECT_EQ(regenerate.status, 0) << regenerate.err;
}

TEST_F(HardeningReport, SymlinkFoundThereIsReplacedNeverWrittenThrough) {
  const std::string dir = work_.file("r");
  ::mkdir(dir.c_str(), 0755);
  ASSERT_EQ(::symlink(outside_.file("victim").c_str(), (dir + "/README.md").c_str()), 0);
  ASSERT_EQ(::symlink(outside_.file("sub/inner").c_str(), (dir + "/run-a.json").c_str()), 0);
  // gnuplot opens its output by name: a link where a plot goes. The plot's
  // name is the first one this report really writes (a probe report first).
  const std::string probe = work_.file("probe");
  ASSERT_EQ(report(results_, probe).status, 0);
  std::string plot;
  for (const auto& e : fs::directory_iterator(probe))
    if (e.path().extension() == ".svg" && (plot.empty() || e.path().stem().string() < plot))
      plot = e.path().stem().string();
  ASSERT_FALSE(plot.empty()) << "the report drew no plot";
  ASSERT_EQ(::symlink(outside_.file("victim").c_str(), (dir + "/" + plot + ".svg").c_str()), 0);
  ASSERT_EQ(::symlink(outside_.file("victim").c_str(), (dir + "/" + plot + ".gp").c_str()), 0);
  const CommandResult refused = report(results_, dir);
  EXPECT_EQ(refused.status, 2) << refused.err;
  const CommandResult r = report(results_, dir, " --force");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(is_symlink(dir + "/README.md"));
  EXPECT_NE(read_file(dir + "/README.md").find("daxbench report"), std::string::npos);
  EXPECT_FALSE(is_symlink(dir + "/run-a.json"));
  EXPECT_EQ(read_file(dir + "/run-a.json"), read_file(results_));
  EXPECT_FALSE(is_symlink(dir + "/" + plot + ".svg"));
  EXPECT_NE(read_file(dir + "/" + plot + ".svg").find("<svg"), std::string::npos);
  EXPECT_FALSE(is_symlink(dir + "/" + plot + ".gp"));
  EXPECT_TRUE(outside_.untouched()) << outside_.diff();
}

TEST_F(HardeningReport, ResultsNamedLikeAGeneratedFileAreNotClobbered) {
  // A results file called README.md elsewhere: copied under another name.
  const std::string input = work_.file("README.md");
  fs::copy_file(results_, input);
  age(input);
  const std::string input_before = describe_entry(input);
  const std::string dir = work_.file("r");
  const CommandResult r = report(input, dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(describe_entry(input), input_before);
  EXPECT_NE(read_file(dir + "/README.md").find("daxbench report"), std::string::npos);
  EXPECT_EQ(read_file(dir + "/results-run1.json"), read_file(results_));
  // The same file inside the report directory: refused before anything.
  const std::string inside = work_.file("inside");
  ::mkdir(inside.c_str(), 0755);
  fs::copy_file(results_, inside + "/README.md");
  age(inside + "/README.md");
  const std::string inside_before = describe_entry(inside + "/README.md");
  const CommandResult refused = report(inside + "/README.md", inside, " --force");
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_EQ(count_lines(refused.err), 1u) << refused.err;
  EXPECT_EQ(describe_entry(inside + "/README.md"), inside_before);
  EXPECT_FALSE(fs::exists(inside + "/index.html"));
}

TEST_F(HardeningReport, NotesAndResultsAlreadyInTheDirectoryAreInputsNotForeign) {
  const std::string dir = work_.file("r");
  ::mkdir(dir.c_str(), 0755);
  fs::copy_file(results_, dir + "/lab.json");
  write_text(dir + "/notes.txt", "what differs\n");
  const CommandResult r = report(dir + "/lab.json", dir, " --notes " + dir + "/notes.txt");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/notes.txt"), "what differs\n");
}

// --- 5. Targets --------------------------------------------------------------

TEST(HardeningTargets, EnvNeedsNoWriteAccessRunDoes) {
  TempDir target;
  ::chmod(target.path().c_str(), 0755);  // root's, read-only for the other user
  const CommandResult env =
      run_shell(as_other_user() + testing::daxbench_binary() + " env --target " + target.path());
  EXPECT_EQ(env.status, 0) << env.err;
  EXPECT_NE(env.out.find("target " + target.path()), std::string::npos) << env.out;
  const CommandResult run = run_shell(as_other_user() + testing::daxbench_binary() +
                                      " run --target " + target.path() + kQuickRun);
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_NE(run.err.find("not writable"), std::string::npos) << run.err;
  EXPECT_TRUE(target.entries().empty());
}

TEST(HardeningTargets, ProcAndSysAreNotFilesystemsToBenchmark) {
  for (const char* dir : {"/proc", "/proc/self", "/sys", "/sys/kernel"}) {
    for (const char* cmd : {"env", "list", "run"}) {
      const CommandResult r = run_daxbench(std::string(cmd) + " --target " + dir);
      EXPECT_EQ(r.status, 2) << cmd << " " << dir << "\n" << r.err;
      EXPECT_EQ(count_lines(r.err), 1u) << cmd << " " << dir << "\n" << r.err;
      EXPECT_NE(r.err.find("not a filesystem to benchmark"), std::string::npos) << r.err;
    }
  }
}

TEST(HardeningTargets, DirectoryWithACommaInItsNameCanBeTargeted) {
  TempDir parent;
  const std::string dir = parent.file("pmem,fast");
  ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
  const CommandResult env = run_daxbench("env --json --target " + dir);
  ASSERT_EQ(env.status, 0) << env.err;
  EXPECT_EQ(nlohmann::json::parse(env.out)["targets"].size(), 1u);
  const CommandResult run =
      run_daxbench("run --target " + dir + kQuickRun + " --out " + parent.file("r.json"));
  EXPECT_EQ(run.status, 0) << run.err;
  const auto results = nlohmann::json::parse(read_file(parent.file("r.json")));
  EXPECT_EQ(results["context"]["targets"].size(), 1u);
  EXPECT_EQ(results["context"]["targets"][0].value("path", ""), dir);
  // Two directories are still two, comma-separated.
  const std::string other = parent.file("other");
  ::mkdir(other.c_str(), 0755);
  const CommandResult two = run_daxbench("env --json --target " + other + "," + parent.path());
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_EQ(nlohmann::json::parse(two.out)["targets"].size(), 2u);
}

TEST(HardeningTargets, NoFreeInodesIsCaughtBeforeAnythingIsCreated) {
  TempDir mnt;
  // A private mount namespace: the 3-inode tmpfs is invisible elsewhere and
  // goes with the shell.
  const CommandResult r =
      run_shell("unshare -m sh -c 'mount -t tmpfs -o nr_inodes=3,size=4m none " + mnt.path() +
                " || exit 77; touch " + mnt.path() + "/a " + mnt.path() + "/b; " +
                testing::daxbench_binary() + " run --target " + mnt.path() + kQuickRun +
                "; echo status=$? >&2; ls -A " + mnt.path() + "'");
  if (r.status == 77) GTEST_SKIP() << "cannot mount a tmpfs here: " << r.err;
  EXPECT_NE(r.err.find("no free inodes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("status=2"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "a\nb\n") << "nothing created on the full filesystem";
}

}  // namespace
}  // namespace daxbench
