// A second local user racing root's daxbench in a shared (world-writable,
// non-sticky) target: it renames every scratch directory it sees and puts a
// symlink to a directory outside the target (or a directory of its own) in
// its place, and it plants a symlink where `run --out` will write. Nothing
// outside the target may be created, truncated or deleted, and the attack
// must really have happened (a test that cannot fail is a defect).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/hardening_fs_util.h"
#include "tests/test_util.h"

namespace daxbench {
namespace {

using testing::as_other_user;
using testing::CommandResult;
using testing::Outside;
using testing::read_file;
using testing::run_daxbench;
using testing::TempDir;
using testing::write_text;
namespace fs = std::filesystem;

// The attacker, run as the other uid. Arguments: target, outside dir, log,
// seconds, results file to plant a link at ("" for none).
constexpr const char* kAttacker = R"(#!/bin/bash
T=$1 O=$2 LOG=$3 SECS=$4 OUT=$5 n=0
while (( SECONDS < SECS )); do
  for d in "$T"/daxbench.*; do
    [[ -d $d && ! -L $d && ! -O $d ]] || continue
    n=$((n + 1))
    if mv "$d" "$T/stolen.$n" 2>/dev/null; then
      if (( n % 2 )); then
        ln -s "$O" "$d" && echo "symlink $d" >> "$LOG"
      else
        mkdir "$d" && echo theirs > "$d/theirs" && echo "directory $d" >> "$LOG"
      fi
    fi
    if [[ -n $OUT && ! -e $OUT && ! -L $OUT ]]; then
      ln -s "$O/victim" "$OUT" && echo "out-link $OUT" >> "$LOG"
    fi
  done
done
)";

class Attacker {
 public:
  Attacker(const TempDir& work, const std::string& target, const std::string& outside,
           const std::string& out, int seconds)
      : log_(work.file("attack.log")) {
    const std::string script = work.file("attacker.sh");
    write_text(script, kAttacker);
    ::chmod(script.c_str(), 0755);
    ::chmod(work.path().c_str(), 0777);
    write_text(log_, "");
    ::chown(log_.c_str(), testing::kOtherUid, testing::kOtherGid);
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string cmd = "exec " + as_other_user() + script + " " + target + " " + outside +
                              " " + log_ + " " + std::to_string(seconds) + " '" + out + "'";
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Attacker() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);  // only the process this test started
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string log() const { return read_file(log_); }
  size_t count(const std::string& kind) const {
    const std::string text = log();
    size_t n = 0;
    for (size_t pos = 0; (pos = text.find(kind + " ", pos)) != std::string::npos; ++pos) ++n;
    return n;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
};

TEST(HardeningRace, SecondUserRenamingAndSymlinkingNeverRedirectsRootsRun) {
  TempDir work;
  TempDir target;
  ::chmod(target.path().c_str(), 0777);  // shared, not sticky
  TempDir shared_out;
  ::chmod(shared_out.path().c_str(), 0777);
  Outside outside;
  const std::string out = shared_out.file("results.json");
  Attacker attacker(work, target.path(), outside.path(), out, 120);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let it start

  std::string errors;
  int runs = 0;
  for (; runs < 12; ++runs) {
    if (attacker.count("symlink") >= 2 && attacker.count("directory") >= 1 &&
        attacker.count("out-link") >= 1)
      break;
    // A user retrying after a refusal ("--out ...: is a symlink") would
    // remove the planted link; so does this loop, to keep racing.
    struct stat planted {};
    if (::lstat(out.c_str(), &planted) == 0 && S_ISLNK(planted.st_mode)) ::unlink(out.c_str());
    // 4 MiB fault files, a few iterations each, two modes of access.
    const CommandResult r = run_daxbench(
        "run --target " + target.path() +
        " --family fault --access read,write --size 4MiB --benchmark_min_time=0.2 --out " + out);
    EXPECT_LT(r.status, 128) << "daxbench crashed\n" << r.err;
    errors += r.err;
  }
  attacker.stop();
  const std::string log = attacker.log();

  // The attack happened, in all its forms.
  EXPECT_GE(attacker.count("symlink"), 1u) << "the attacker never swapped in a symlink\n" << log;
  EXPECT_GE(attacker.count("directory"), 1u) << log;
  EXPECT_GE(attacker.count("out-link"), 1u) << log;
  EXPECT_NE(errors.find("by someone else"), std::string::npos)
      << "daxbench never noticed the swap\n"
      << errors;

  // Nothing outside the target changed: content, sizes, modes, mtimes,
  // no entry created or deleted.
  EXPECT_TRUE(outside.untouched()) << outside.diff() << "\n" << errors;
  // The other user's directories keep their files.
  for (const auto& e : fs::directory_iterator(target.path())) {
    struct stat st {};
    ASSERT_EQ(::lstat(e.path().c_str(), &st), 0);
    if (st.st_uid == testing::kOtherUid && S_ISDIR(st.st_mode) && fs::exists(e.path() / "theirs")) {
      EXPECT_EQ(read_file((e.path() / "theirs").string()), "theirs\n") << e.path();
    }
    // What daxbench leaves in the target: at most an empty directory (a
    // rename that raced its very last unlinkat), never its files.
    if (st.st_uid == 0) {
      EXPECT_TRUE(S_ISDIR(st.st_mode) && fs::is_empty(e.path())) << e.path() << " left behind\n"
                                                                 << errors;
    }
  }
  // The results file: replaced by rename, so the planted link is gone and
  // the victim it pointed to is not the results.
  struct stat st {};
  if (::lstat(out.c_str(), &st) == 0 && st.st_uid == 0) {
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_TRUE(nlohmann::json::accept(read_file(out)));
  }
  EXPECT_EQ(read_file(outside.file("victim")), "precious bytes\n");
  std::printf("race: %d runs; attacker log:\n%s", runs, log.c_str());
}

}  // namespace
}  // namespace daxbench
