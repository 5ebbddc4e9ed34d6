// Issue 11, "signals and faults never lose finished results": the real
// daxbench binary on a tmpfs (or plain directory) target, signalled while it
// runs. Each test asserts what the user is promised: the results file holds
// the finished benchmarks and says `incomplete: true`, the scratch directory
// is gone, the exit status is 128+signal; a thread that cannot be created is
// one error and no hang; a file truncated under a mapping fails that
// benchmark, naming the file, and the run goes on; a benchmark past
// --benchmark-timeout is failed and the run goes on, one stuck in an
// iteration ends the run with what finished written.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/test_util.h"

extern char** environ;

namespace daxbench::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A daxbench process with stdout and stderr in files (or stdout a pipe).
class Child {
 public:
  Child(const std::vector<std::string>& args, const TempDir& work, bool stdout_pipe = false)
      : err_(work.file("stderr")) {
    std::vector<std::string> argv = {daxbench_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int pipe_fds[2] = {-1, -1};
    if (stdout_pipe) {
      EXPECT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
      posix_spawn_file_actions_adddup2(&fa, pipe_fds[1], STDOUT_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, work.file("stdout").c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    // Default dispositions and an empty mask, whatever the test runner has.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGBUS}) sigaddset(&defaults, sig);
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    EXPECT_EQ(posix_spawn(&pid_, cargv[0], &fa, &attr, cargv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (stdout_pipe) {
      ::close(pipe_fds[1]);
      out_fd_ = pipe_fds[0];
    }
  }
  ~Child() {
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
  }

  std::string err() const { return read_file(err_); }

  // Waits until stderr contains `needle`; false on timeout or exit.
  bool wait_for_stderr(const std::string& needle, double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
      if (err().find(needle) != std::string::npos) return true;
      if (exited()) return err().find(needle) != std::string::npos;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Reads stdout (a pipe) up to the first newline, then closes it.
  std::string read_line_and_close() {
    std::string line;
    char c;
    while (::read(out_fd_, &c, 1) == 1 && c != '\n') line += c;
    ::close(out_fd_);
    out_fd_ = -1;
    return line;
  }

  void signal(int sig) { ASSERT_EQ(::kill(pid_, sig), 0); }

  // Exit status, 128+signal if killed, or -1 after `seconds` (then killed).
  int wait_exit(double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (!exited() && Clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!exited()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      status_ = -1;
      killed_ = true;
    }
    return killed_ ? -1 : status_;
  }

 private:
  bool exited() {
    if (status_ >= 0) return true;
    int raw = 0;
    if (::waitpid(pid_, &raw, WNOHANG) != pid_) return false;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return true;
  }
  pid_t pid_ = -1;
  int status_ = -1;
  bool killed_ = false;
  int out_fd_ = -1;
  std::string err_;
};

// Entries of a results file by run_name: iteration entries and aggregates.
struct Parsed {
  nlohmann::json doc;
  std::map<std::string, int> iterations;
  std::map<std::string, int> aggregates;
  std::map<std::string, std::string> errors;
};

Parsed parse(const std::string& path) {
  Parsed p;
  p.doc = nlohmann::json::parse(read_file(path));
  for (const auto& b : p.doc["benchmarks"]) {
    const std::string name = b.value("run_name", b.value("name", ""));
    if (b.value("error_occurred", false)) {
      p.errors[name] = b.value("error_message", "");
    } else if (b.value("run_type", "") == "aggregate") {
      ++p.aggregates[name];
    } else {
      ++p.iterations[name];
    }
  }
  return p;
}

const std::string kRead =
    "fault/read/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB";
const std::string kWrite =
    "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB";

class SignalTest : public ::testing::TestWithParam<int> {};

// The bug of issue 11: a signal during --benchmark_repetitions aborted in
// Google Benchmark (ComputeStats, exit 134) and wrote nothing. The signal is
// sent while the second benchmark repeats; that it really came between its
// repetitions (at least 2 finished, not all 8) is checked from the results,
// and the delay is adjusted if a try missed that window.
TEST_P(SignalTest, MidRepetitionsKeepsFinishedBenchmarksAndCleans) {
  const int sig = GetParam();
  bool hit_window = false;
  double delay = 0.8;
  for (int attempt = 0; attempt < 4 && !hit_window; ++attempt) {
    TempDir target("/dev/shm");
    TempDir work;
    const std::string out = work.file("r.json");
    Child child(
        {"run", "--target", target.path(), "--access", "read,write", "--size", "4MiB", "--events",
         "none", "--benchmark_repetitions=8", "--benchmark_min_time=0.1", "--out", out},
        work);
    ASSERT_TRUE(child.wait_for_stderr("[2/2]", 60)) << child.err();
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    child.signal(sig);
    const int status = child.wait_exit(60);
    const std::string err = child.err();
    EXPECT_EQ(err.find("ComputeStats"), std::string::npos) << err;
    // On a fast or idle host the run can end before the signal arrives:
    // exit 0 with everything written. That try missed the window.
    if (status == 0 && std::filesystem::exists(out) && parse(out).iterations.count(kWrite) &&
        parse(out).iterations.at(kWrite) == 8) {
      delay /= 2;
      continue;
    }
    EXPECT_EQ(status, 128 + sig) << err;
    EXPECT_TRUE(target.entries().empty()) << "scratch directory left behind: " << err;
    ASSERT_TRUE(std::filesystem::exists(out)) << err;
    const Parsed r = parse(out);
    EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 8) << "finished benchmark";
    EXPECT_EQ(r.aggregates.count(kRead) ? r.aggregates.at(kRead) : 0, 4) << "its aggregates";
    EXPECT_TRUE(r.errors.empty()) << "no 'interrupted' entries are written";
    const int cut = r.iterations.count(kWrite) ? r.iterations.at(kWrite) : 0;
    // All 8 done: the signal came after the last repetition (too late for
    // this try); the results may then be complete.
    if (cut < 8) {
      EXPECT_EQ(r.doc["context"].value("incomplete", false), true) << err;
    }
    if (cut >= 2 && cut < 8) {
      hit_window = true;
      EXPECT_EQ(r.aggregates.count(kWrite), 0u) << "no aggregates over fewer repetitions";
      EXPECT_EQ(r.doc["context"]["cut_short_benchmarks"], nlohmann::json::array({kWrite}));
    } else {
      delay = cut < 2 ? delay + 0.5 : delay / 2;
    }
  }
  EXPECT_TRUE(hit_window) << "never signalled between two finished repetitions";
}

INSTANTIATE_TEST_SUITE_P(StopSignals, SignalTest,
                         ::testing::Values(SIGINT, SIGTERM, SIGHUP, SIGQUIT),
                         [](const auto& info) { return std::string(sigabbrev_np(info.param)); });

// `daxbench run | head -1`: stdout becomes a closed pipe after the first
// line; the run stops, keeps what finished, cleans, exits 128+SIGPIPE.
TEST(Sigpipe, ClosedStdoutStopsTheRunAndKeepsWhatFinished) {
  TempDir target("/dev/shm");
  TempDir work;
  const std::string out = work.file("r.json");
  Child child({"run", "--target", target.path(), "--access", "read,write,write-after-read",
               "--size", "4MiB", "--events", "none", "--benchmark_min_time=0.3", "--out", out},
              work, /*stdout_pipe=*/true);
  EXPECT_FALSE(child.read_line_and_close().empty());
  const int status = child.wait_exit(60);
  const std::string err = child.err();
  EXPECT_EQ(status, 128 + SIGPIPE) << err;
  EXPECT_TRUE(target.entries().empty()) << err;
  ASSERT_TRUE(std::filesystem::exists(out)) << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
  EXPECT_EQ(r.iterations.count(kRead), 1u) << "the first benchmark finished before the pipe broke";
  EXPECT_LT(r.iterations.size(), 3u) << "the run stopped";
  EXPECT_TRUE(r.errors.empty());
}

// A signal while a large file is being prepared: the first stops the run
// once preparation is done; a second one stops it at once. Either way the
// finished benchmark is kept and the scratch directory removed.
TEST(SignalDuringPreparation, FirstStopsAfterItSecondAtOnceBothClean) {
  for (const bool twice : {false, true}) {
    TempDir target;  // a plain directory on the root filesystem
    TempDir work;
    const std::string out = work.file("r.json");
    Child child({"run", "--target", target.path(), "--access", "read", "--size", "4MiB,2GiB",
                 "--events", "none", "--benchmark_min_time=0.05", "--out", out},
                work);
    ASSERT_TRUE(child.wait_for_stderr("[2/2]", 60)) << child.err();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto signalled = Clock::now();
    child.signal(SIGINT);
    if (twice) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      child.signal(SIGINT);
    }
    const int status = child.wait_exit(300);
    const double took = std::chrono::duration<double>(Clock::now() - signalled).count();
    const std::string err = child.err();
    EXPECT_EQ(status, 128 + SIGINT) << err;
    EXPECT_TRUE(target.entries().empty()) << "scratch left behind (twice=" << twice << "): " << err;
    ASSERT_TRUE(std::filesystem::exists(out)) << err;
    const Parsed r = parse(out);
    EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
    const std::string small =
        "fault/read/shared/pte/populate:none/cache:warm/pagecache/ext4/threads:1/size:4MiB";
    EXPECT_EQ(r.iterations.count(small), 1u) << read_file(out);
    EXPECT_EQ(r.iterations.size(), 1u) << "the 2GiB benchmark never ran";
    if (twice) {
      EXPECT_NE(err.find("second signal"), std::string::npos) << err;
      EXPECT_LT(took, 5.0) << "the second signal hurries";
    }
  }
}

// Thread creation failing: with 1 GiB thread stacks (ulimit -s) and 3 GiB of
// address space (ulimit -v), the fourth worker cannot be created. That is one
// clear error for that benchmark, and no hang on the pool's barrier.
TEST(ThreadCreation, FailureIsOneErrorNotAHang) {
  TempDir target("/dev/shm");
  TempDir work;
  const std::string out = work.file("r.json");
  const CommandResult r =
      run_shell("ulimit -s 1048576 && ulimit -v 3145728 && timeout -s KILL 60 " +
                daxbench_binary() + " run --target " + target.path() +
                " --threads 8 --size 64KiB --events none --benchmark_min_time=0.01 --out " + out);
  EXPECT_EQ(r.status, 1) << "exit 1 (a benchmark failed), not 137 (killed by timeout): " << r.err;
  EXPECT_NE(r.err.find("cannot start worker thread"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("of 8"), std::string::npos) << r.err;
  EXPECT_TRUE(target.entries().empty()) << r.err;
  ASSERT_TRUE(std::filesystem::exists(out)) << r.err;
  const Parsed p = parse(out);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_NE(p.errors.begin()->second.find("cannot start worker thread"), std::string::npos);
}

// Thread counts beyond RLIMIT_NPROC are refused before anything starts, by
// `list` and `run` alike. RLIMIT_NPROC does not bind root, so the command
// runs as uid 64321 (setpriv; a uid nothing else runs as, so no other task
// counts against its limit) with `ulimit -u 30`.
TEST(ThreadCreation, CountsBeyondRlimitNprocAreRefusedUpFront) {
  TempDir target("/dev/shm");
  ASSERT_EQ(::chmod(target.path().c_str(), 0777), 0);
  for (const char* cmd : {"list", "run"}) {
    const CommandResult r =
        run_shell("setpriv --reuid=64321 --regid=64321 --clear-groups prlimit --nproc=30 " +
                  daxbench_binary() + " " + cmd + " --target " + target.path() +
                  " --threads 64 --size 4KiB --events none");
    EXPECT_EQ(r.status, 2) << cmd << ": " << r.err;
    EXPECT_EQ(count_lines(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("threads 64"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ulimit -u"), std::string::npos) << r.err;
    EXPECT_TRUE(target.entries().empty());
  }
  // Within the limit it is accepted.
  const CommandResult ok =
      run_shell("setpriv --reuid=64321 --regid=64321 --clear-groups prlimit --nproc=30 " +
                daxbench_binary() + " list --target " + target.path() + " --threads 4");
  EXPECT_EQ(ok.status, 0) << ok.err;
}

// SIGBUS: another process truncates the file of the running benchmark. That
// benchmark fails with a message naming the file; the next one runs.
// With repetitions, the failed one is the first (Google Benchmark's last
// sizing call and the first repetition are the first call to last 300 ms):
// libbenchmark 1.7.1 would dereference its missing statistics once two later
// repetitions succeeded (SIGSEGV); the later repetitions fail with it.
void truncated_file_fails_that_benchmark(int repetitions) {
  TempDir target("/dev/shm");
  TempDir work;
  const std::string out = work.file("r.json");
  Child child(
      {"run", "--target", target.path(), "--access", "read,write", "--size", "16MiB", "--events",
       "none", "--benchmark_min_time=" + std::string(repetitions > 1 ? "1" : "2"),
       "--benchmark_repetitions=" + std::to_string(repetitions), "--out", out},
      work);
  ASSERT_TRUE(child.wait_for_stderr("[1/2]", 60)) << child.err();
  // The first benchmark's file, once it is in its timed loop: truncate it to
  // nothing. Google Benchmark calls the benchmark several times while it
  // sizes the iteration count, each call with a fresh directory; the last
  // call runs for about --benchmark_min_time, so a file that stays for
  // 300 ms is in that call's timed loop (its prepare takes a few ms).
  std::string victim, candidate;
  auto candidate_since = Clock::now();
  const auto until = Clock::now() + std::chrono::seconds(60);
  while (victim.empty() && Clock::now() < until && child.err().find("[2/2]") == std::string::npos) {
    std::string found;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(target.path(), ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->path().filename() == "fault.data") found = it->path().string();
    if (found != candidate) {
      candidate = found;
      candidate_since = Clock::now();
    } else if (!found.empty() && Clock::now() - candidate_since > std::chrono::milliseconds(300) &&
               ::truncate(found.c_str(), 0) == 0) {
      victim = found;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(victim.empty()) << child.err();
  const int status = child.wait_exit(120);
  const std::string err = child.err();
  EXPECT_EQ(status, 1) << "one benchmark failed, none crashed (139: SIGSEGV): " << err;
  EXPECT_NE(err.find("SIGBUS"), std::string::npos) << err;
  EXPECT_NE(err.find(victim), std::string::npos) << "names the file " << victim << ": " << err;
  EXPECT_TRUE(target.entries().empty()) << err;
  ASSERT_TRUE(std::filesystem::exists(out)) << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", true), false);
  const std::string read16 =
      "fault/read/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:16MiB";
  const std::string write16 =
      "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:16MiB";
  ASSERT_EQ(r.errors.count(read16), 1u) << read_file(out);
  EXPECT_NE(r.errors.at(read16).find("SIGBUS"), std::string::npos);
  EXPECT_NE(r.errors.at(read16).find(victim), std::string::npos);
  EXPECT_EQ(r.iterations.count(write16) ? r.iterations.at(write16) : 0, repetitions)
      << "the run went on";
  EXPECT_EQ(r.iterations.count(read16), 0u) << "no repetition after the failure counts";
  EXPECT_EQ(r.aggregates.count(read16), 0u);
}

TEST(Sigbus, TruncatedFileFailsThatBenchmarkAndTheRunGoesOn) {
  truncated_file_fails_that_benchmark(1);
}

TEST(Sigbus, TruncatedFileInTheFirstRepetitionFailsTheRestNoCrash) {
  truncated_file_fails_that_benchmark(3);
}

// --benchmark-timeout (bench/benchmark_limit.h). DAXBENCH_TEST_STALL makes
// one benchmark slow (1 s more per iteration) or stuck (its first iteration
// never returns); without the limit the slow one would run for about a
// minute and pass, and the stuck one would hang the run.
class StallHook {
 public:
  explicit StallHook(const std::string& spec) { ::setenv("DAXBENCH_TEST_STALL", spec.c_str(), 1); }
  ~StallHook() { ::unsetenv("DAXBENCH_TEST_STALL"); }
};

const std::string kWriteAfterRead =
    "fault/write-after-read/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/"
    "size:4MiB";

std::vector<std::string> three_benchmarks(const TempDir& target, const std::string& out,
                                          const std::string& limit) {
  return {"run",
          "--target",
          target.path(),
          "--access",
          "read,write,write-after-read",
          "--size",
          "4MiB",
          "--events",
          "none",
          "--benchmark_min_time=0.05",
          "--benchmark_repetitions=2",
          "--benchmark-timeout",
          limit,
          "--out",
          out};
}

// Three benchmarks (read, write, write-after-read), the write one stalled.
struct StalledRun {
  StalledRun(const std::string& stall, const std::string& limit)
      : out(work.file("r.json")), hook(stall), child(three_benchmarks(target, out, limit), work) {}
  TempDir target{"/dev/shm"};
  TempDir work;
  std::string out;
  StallHook hook;
  Child child;
};

TEST(BenchmarkTimeout, SlowBenchmarkIsEndedAndTheRunGoesOn) {
  const auto started = Clock::now();
  StalledRun run("slow:/write/", "0.25");
  [[maybe_unused]] auto& [target, work, out, hook, child] = run;
  const int status = child.wait_exit(120);
  const double took = std::chrono::duration<double>(Clock::now() - started).count();
  const std::string err = child.err();
  EXPECT_EQ(status, 1) << "a benchmark failed: " << err;
  EXPECT_LT(took, 40.0) << "0.5 s for 2 repetitions: the slow one ends after its first iteration";
  EXPECT_NE(err.find(kWrite + ": did not finish within 0.5s"), std::string::npos) << err;
  EXPECT_TRUE(target.entries().empty()) << err;
  ASSERT_TRUE(std::filesystem::exists(out)) << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", true), false);
  EXPECT_EQ(r.doc["context"].value("benchmark_timeout_s", 0.0), 0.25);
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2) << read_file(out);
  EXPECT_EQ(r.iterations.count(kWriteAfterRead) ? r.iterations.at(kWriteAfterRead) : 0, 2)
      << "the run went on after the slow benchmark";
  ASSERT_EQ(r.errors.count(kWrite), 1u) << read_file(out);
  EXPECT_NE(r.errors.at(kWrite).find("failed: did not finish within 0.5s (--benchmark-timeout"),
            std::string::npos)
      << r.errors.at(kWrite);
  EXPECT_EQ(r.iterations.count(kWrite), 0u);
}

TEST(BenchmarkTimeout, StuckIterationWritesWhatFinishedAndEndsTheRun) {
  StalledRun run("stuck:/write/", "1");
  [[maybe_unused]] auto& [target, work, out, hook, child] = run;
  // 2 s allowed (1 s a repetition), then a 2 s grace: stuck after about 4 s.
  const int status = child.wait_exit(60);
  const std::string err = child.err();
  EXPECT_EQ(status, 3) << "a stuck benchmark ends the run with status 3: " << err;
  EXPECT_NE(err.find("stuck"), std::string::npos) << err;
  EXPECT_TRUE(target.entries().empty()) << "scratch removed: " << err;
  ASSERT_TRUE(std::filesystem::exists(out)) << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
  EXPECT_NE(r.doc["context"].value("incomplete_reason", "").find(kWrite), std::string::npos);
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2) << "finished, kept";
  EXPECT_EQ(r.aggregates.count(kRead) ? r.aggregates.at(kRead) : 0, 4) << "with its aggregates";
  ASSERT_EQ(r.errors.count(kWrite), 1u) << read_file(out);
  const std::string why = r.errors.at(kWrite);
  EXPECT_NE(why.find("failed: did not finish within 2s"), std::string::npos) << why;
  EXPECT_NE(why.find("stuck; threads: tid "), std::string::npos) << why;
  // The stuck thread sleeps in sigsuspend: state S.
  EXPECT_NE(why.find(" state S "), std::string::npos) << why;
  EXPECT_EQ(r.iterations.count(kWriteAfterRead), 0u) << "never started";
}

// The lab's --timeout sends SIGTERM, waits, then kills. An iteration that
// never returns never reaches the stop point, so the first signal itself
// writes what finished; the file is there before any second signal.
TEST(StopSignal, FirstSignalWritesResultsWhileAnIterationIsStuck) {
  StalledRun run("stuck:/write/", "0");
  [[maybe_unused]] auto& [target, work, out, hook, child] = run;
  ASSERT_TRUE(child.wait_for_stderr("[2/3]", 60)) << child.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Written after the first benchmark, as a run still going (a checkpoint).
  ASSERT_TRUE(std::filesystem::exists(out)) << child.err();
  const std::string running = "written after each finished benchmark while the run went on";
  EXPECT_NE(parse(out).doc["context"].value("incomplete_reason", "").find(running),
            std::string::npos)
      << read_file(out);
  child.signal(SIGTERM);
  const auto until = Clock::now() + std::chrono::seconds(10);
  auto reason = [&] { return parse(out).doc["context"].value("incomplete_reason", ""); };
  while (reason().find("stopped by TERM") == std::string::npos && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_NE(reason().find("stopped by TERM"), std::string::npos)
      << "written on the first signal: " << child.err();
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2) << read_file(out);
  EXPECT_EQ(r.iterations.count(kWrite), 0u);
  // Still stuck: the second signal ends it and removes the scratch.
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait_exit(30), 128 + SIGTERM) << child.err();
  EXPECT_TRUE(target.entries().empty()) << child.err();
}

// Issue 22: the kernel log (bench/kernel_log.h). DAXBENCH_TEST_KERNEL_LOG
// gives daxbench a pipe in place of /dev/kmsg, into which the test writes the
// kernel's records while a chosen benchmark runs (a process cannot write a
// kernel record into the real /dev/kmsg: tests/kernel_log_test.cc).
class KernelLogHook {
 public:
  explicit KernelLogHook(const std::string& path) {
    ::setenv("DAXBENCH_TEST_KERNEL_LOG", path.c_str(), 1);
  }
  ~KernelLogHook() { ::unsetenv("DAXBENCH_TEST_KERNEL_LOG"); }
};

struct KernelLogRun {
  explicit KernelLogRun(const std::string& stall)
      : out(work.file("r.json")),
        kmsg_hook(kmsg.path()),
        hook(stall),
        child(three_benchmarks(target, out, "0"), work) {}
  TempDir target{"/dev/shm"};
  TempDir work;
  std::string out;
  FakeKmsg kmsg;
  KernelLogHook kmsg_hook;
  StallHook hook;
  Child child;
};

TEST(KernelLog, AWarningDuringABenchmarkFailsItWithTheLineAndTheRunGoesOn) {
  KernelLogRun run("slow:/write/");  // 1 s an iteration: time to log into it
  [[maybe_unused]] auto& [target, work, out, kmsg, kmsg_hook, hook, child] = run;
  ASSERT_TRUE(child.wait_for_stderr("] " + kWrite, 60)) << child.err();
  kmsg.kernel("WARNING: CPU: 0 PID: 1 at fs/dax.c:1 planted+0x0/0x1");
  kmsg.kernel("Call Trace:");
  const int status = child.wait_exit(120);
  const std::string err = child.err();
  EXPECT_EQ(status, 1) << "a benchmark failed: " << err;
  const std::string line = "[   12.345678] WARNING: CPU: 0 PID: 1 at fs/dax.c:1 planted+0x0/0x1";
  EXPECT_NE(err.find(kWrite + ": failed: the kernel reported during this benchmark: " + line),
            std::string::npos)
      << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", true), false);
  EXPECT_EQ(r.doc["context"]["kernel_log"].value("read", false), true);
  ASSERT_EQ(r.errors.count(kWrite), 1u) << read_file(out);
  EXPECT_EQ(r.errors.at(kWrite), "failed: the kernel reported during this benchmark: " + line);
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2);
  EXPECT_EQ(r.iterations.count(kWriteAfterRead) ? r.iterations.at(kWriteAfterRead) : 0, 2)
      << "the run went on";
  for (const auto& b : r.doc["benchmarks"]) {
    const nlohmann::json lines = b["daxbench"].value("kernel_log", nlohmann::json::array());
    if (b.value("run_name", "") == kWrite && b.value("repetition_index", 0) == 0) {
      ASSERT_EQ(lines.size(), 2u) << b.dump();
      EXPECT_EQ(lines[0], line);
    } else if (b.value("run_name", "") != kWrite) {
      EXPECT_TRUE(lines.empty()) << b.dump();
    }
  }
}

TEST(KernelLog, AnOopsInABenchmarkThatNeverReturnsEndsTheRunWithWhatFinished) {
  KernelLogRun run("stuck:/write/");  // the first iteration never returns
  [[maybe_unused]] auto& [target, work, out, kmsg, kmsg_hook, hook, child] = run;
  ASSERT_TRUE(child.wait_for_stderr("] " + kWrite, 60)) << child.err();
  const auto logged = Clock::now();
  kmsg.kernel("BUG: kernel NULL pointer dereference, address: 0000000000000000", 1);
  kmsg.kernel("Oops: 0000 [#1] PREEMPT SMP NOPTI", 4);
  const int status = child.wait_exit(90);
  const double took = std::chrono::duration<double>(Clock::now() - logged).count();
  const std::string err = child.err();
  EXPECT_EQ(status, 3) << "ended as a stuck benchmark: " << err;
  EXPECT_GE(took, 19.0) << "20 s of grace for the benchmark to return";
  EXPECT_LT(took, 40.0) << "ended soon after the grace, not at a timeout";
  EXPECT_TRUE(target.entries().empty()) << "scratch removed: " << err;
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
  EXPECT_NE(r.doc["context"].value("incomplete_reason", "").find("after a kernel report"),
            std::string::npos)
      << r.doc["context"].dump();
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2) << "finished, kept";
  ASSERT_EQ(r.errors.count(kWrite), 1u) << read_file(out);
  EXPECT_NE(
      r.errors.at(kWrite).find("the kernel reported \"[   12.345678] BUG: kernel NULL pointer "
                               "dereference, address: 0000000000000000\" during this "
                               "benchmark, and it had not returned 20 s later: stuck"),
      std::string::npos)
      << r.errors.at(kWrite);
  for (const auto& b : r.doc["benchmarks"]) {
    if (b.value("run_name", "") == kWrite) {
      EXPECT_EQ(b["daxbench"].value("kernel_log", nlohmann::json::array()).size(), 2u) << b.dump();
    }
  }
}

// A kernel that dies takes daxbench with it, and no signal comes: what
// finished was written after each benchmark, as a run still going.
TEST(KernelLog, AKilledRunKeepsEveryFinishedBenchmark) {
  StalledRun run("stuck:/write-after-read/", "0");
  [[maybe_unused]] auto& [target, work, out, hook, child] = run;
  ASSERT_TRUE(child.wait_for_stderr("] " + kWriteAfterRead, 60)) << child.err();
  child.signal(SIGKILL);
  EXPECT_EQ(child.wait_exit(30), 128 + SIGKILL);
  const Parsed r = parse(out);
  EXPECT_EQ(r.doc["context"].value("incomplete", false), true);
  EXPECT_NE(
      r.doc["context"].value("incomplete_reason", "").find("daxbench or the kernel under it died"),
      std::string::npos);
  EXPECT_EQ(r.iterations.count(kRead) ? r.iterations.at(kRead) : 0, 2) << read_file(out);
  EXPECT_EQ(r.iterations.count(kWrite) ? r.iterations.at(kWrite) : 0, 2) << read_file(out);
  EXPECT_EQ(r.aggregates.count(kWrite) ? r.aggregates.at(kWrite) : 0, 4) << "with its aggregates";
  EXPECT_EQ(r.iterations.count(kWriteAfterRead), 0u);
}

TEST(KernelLog, AnUnreadableLogIsSaidNeverClean) {
  TempDir target{"/dev/shm"};
  TempDir work;
  KernelLogHook hook("/nonexistent/kmsg");
  const CommandResult r = run_daxbench("run --target " + target.path() +
                                       " --access read --size 4MiB --events none "
                                       "--benchmark_min_time=0.01 --out " +
                                       work.file("r.json"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("note: kernel log not checked (cannot open /nonexistent/kmsg: No such file "
                       "or directory)"),
            std::string::npos)
      << r.err;
  const auto doc = nlohmann::json::parse(read_file(work.file("r.json")));
  EXPECT_EQ(doc["context"]["kernel_log"].value("read", true), false);
  EXPECT_NE(doc["context"]["kernel_log"].value("why", "").find("were not checked"),
            std::string::npos);
}

}  // namespace
}  // namespace daxbench::testing
