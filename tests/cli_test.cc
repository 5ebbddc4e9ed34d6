// The command line and INI configs, through the real binary: good input runs,
// every class of bad input is one line naming the culprit with exit status 2,
// and nothing is created in the target.
#include <gtest/gtest.h>
#include <sys/stat.h>

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

TEST_F(CliTest, VersionIsTheOneResultsFilesRecord) {
  const CommandResult r = run_daxbench("--version");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("daxbench ", 0), 0u) << r.out;
  EXPECT_EQ(count_lines(r.out), 1u) << r.out;
  EXPECT_EQ(r.out.find("unknown"), std::string::npos) << "built outside git? " << r.out;
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

// Issue 11: every bad parameter is refused at matrix expansion, so `list`
// and `run` refuse it alike, in one line, exit 2, before anything exists.
TEST_F(CliTest, BadParametersAreRefusedAlikeByListAndRun) {
  const std::string t = " --target " + shm_.path();
  const std::string long_value(300, 'x');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--size 4097", "size 4097B is not a multiple of 4KiB"},
      {"--size 6KiB", "size 6KiB is not a multiple of 4KiB"},
      {"--pages pmd --size 3MiB", "size 3MiB is not a multiple of 2MiB, which pages=pmd needs"},
      {"--family mmap-write --size 3MiB", "must be a multiple of 2MiB"},
      {"--family mmap-write --store 24B", "store 24B must be a power of two"},
      {"--size 8589934591GiB --threads 2", "more bytes than a file can hold"},
      {"--threads 999999 --size 4KiB", "threads 999999: this process may start"},
      {"--threads 0", "'0' is not a positive whole number"},
      {"--family flag-switch --hold inf", "'inf' is not a duration"},
      {"--family flag-switch --hold nan", "'nan' is not a duration"},
      {"--family flag-switch --hold 1e9", "'1e9' is not a duration"},
      {"--family flag-switch --hold 0x10", "'0x10' is not a duration"},
      {"--family flag-switch --hold 120s", "hold 120s is longer than 60s"},
      {"--family flag-switch-stress --duration 100000s", "'100000s' is longer than a day"},
      {"--family flag-switch-stress --duration 1s --switch_every 2s", "at most the duration"},
      {"--benchmark-timeout 1e3", "benchmark-timeout: '1e3' is not a duration"},
      {"--benchmark-timeout 90000", "benchmark-timeout: '90000' is longer than a day"},
      {"--benchmark_timeout=5", "daxbench's own per-benchmark limit is --benchmark-timeout"},
      {"--access " + long_value, "'" + std::string(100, 'x') + "...' is not allowed"},
      {"--tar " + shm_.path(), "unrecognised option '--tar'"},
      {"--acc read", "unrecognised option '--acc'"},
      {"stray", "unexpected argument 'stray'"},
  };
  for (const auto& [args, needle] : cases)
    for (const char* cmd : {"list ", "run "}) expect_usage_error(cmd + args + t, needle, shm_);
  // The echo is cut: the 300-character value is not printed whole.
  EXPECT_EQ(run_daxbench("list --access " + long_value + t).err.find(long_value),
            std::string::npos);
}

TEST_F(CliTest, ConfigFilesAreCheckedBeforeAnythingRuns) {
  const std::string t = " --target " + shm_.path();
  // A UTF-8 byte order mark is accepted.
  const CommandResult bom =
      run_daxbench("list --config " + config("\xEF\xBB\xBF[fault]\nsize = 4MiB\n") + t);
  EXPECT_EQ(bom.status, 0) << bom.err;
  EXPECT_EQ(
      bom.out,
      "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n");
  // The same key in two sections is no duplicate, also after a commented header.
  const CommandResult two = run_daxbench(
      "list --config " +
      config(
          "[fault] # 4 KiB\nsize = 4MiB # small\n[fault:pmd] # 2 MiB\npages = pmd\nsize = 2MiB\n") +
      t);
  EXPECT_EQ(two.status, 0) << two.err;
  EXPECT_EQ(count_lines(two.out), 2u) << two.out;
  for (const char* cmd : {"list", "run"}) {
    const std::string c = std::string(cmd) + " --config ";
    expect_usage_error(c + config("[fault]\nsize = 4MiB\n[fault]\naccess = read\n") + t,
                       "line 3: section [fault] appears twice (first at line 1)", shm_);
    expect_usage_error(c + config("[fault]\nsize = 4MiB\nsize = 8MiB\n") + t,
                       "line 3: key 'size' in [fault] given twice (first at line 2)", shm_);
    expect_usage_error(c + config("modes = pagecache\nmodes = pagecache\n") + t,
                       "key 'modes' at top level given twice", shm_);
    expect_usage_error(c + config("mode = pagecache\n") + t, "unknown key 'mode'", shm_);
    expect_usage_error(c + config("[fault]\nsize = 3MiB\npages = pmd\n") + t,
                       "[fault]: size 3MiB is not a multiple of 2MiB", shm_);
    expect_usage_error(c + work_.path() + t, "is a directory, not a regular file", shm_);
    const std::string fifo = work_.file("fifo.ini");
    ::mkfifo(fifo.c_str(), 0600);
    expect_usage_error(c + fifo + t, "is a FIFO, not a regular file", shm_);
    expect_usage_error(c + "/dev/null" + t, "is a device, not a regular file", shm_);
  }
}

// What daxbench passes on to Google Benchmark (libbenchmark 1.7.1) is checked
// first: no raw parser errors, no vector::reserve, no silent exit 0.
TEST_F(CliTest, GoogleBenchmarkFlagsAreChecked) {
  const std::string t = " --target " + shm_.path();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--benchmark_repetitions=0", "--benchmark_repetitions=0: not a whole number from 1"},
      {"--benchmark_repetitions=-1", "--benchmark_repetitions=-1: not a whole number from 1"},
      {"--benchmark_repetitions=abc", "not a whole number"},
      {"--benchmark_repetitions=99999999999", "not a whole number from 1 to 10000"},
      {"--benchmark_min_time=0.5s", "e.g. 0.5, not 0.5s"},
      {"--benchmark_min_time=-1", "not a positive number of seconds"},
      {"--benchmark_min_time=0", "not a positive number of seconds"},
      {"--benchmark_min_time=nan", "not a positive number of seconds"},
      {"'--benchmark_filter=('", "--benchmark_filter=(: not a valid regular expression"},
      {"--benchmark_filter=nosuchscenario", "matches none of the 1 scenarios"},
      {"--benchmark_filter", "--benchmark_filter needs a value"},
      {"--benchmark_format=xml", "use console, json or csv"},
      {"--benchmark_out_format=csv", "only json is accepted"},
      {"--benchmark_time_unit=hours", "not a time unit"},
      {"--benchmark_color=purple", "use auto, true or false"},
      {"--benchmark_list_tests=maybe", "not a boolean"},
      {"--benchmark_report_aggregates_only=true", "keeps every repetition"},
      {"--benchmark_perf_counters=CYCLES", "--events"},
      {"--benchmark_context=foo", "use key=value"},
      {"--benchmark_nonsense=1", "unknown Google Benchmark flag --benchmark_nonsense"},
      {"--benchmark_out=" + work_.file("a.json") + " --out " + work_.file("b.json"),
       "one results file"},
  };
  for (const auto& [args, needle] : cases)
    for (const char* cmd : {"list ", "run "}) expect_usage_error(cmd + args + t, needle, shm_);
  expect_usage_error("run --config " + config("benchmark_repetitions = 0\n") + t,
                     ": --benchmark_repetitions=0: not a whole number", shm_);
  // What libbenchmark 1.7.1 takes is accepted.
  const CommandResult ok = run_daxbench(
      "list --benchmark_min_time=1e-3 --benchmark_min_time=0.25 --benchmark_repetitions=3 "
      "--benchmark_min_warmup_time=0 --benchmark_time_unit=ms --benchmark_color=false "
      "--benchmark_context=kernel=a,patch=b --benchmark_enable_random_interleaving "
      "--benchmark_counters_tabular=true --benchmark_format=console --benchmark_out_format=json "
      "--benchmark_report_aggregates_only=false" +
      t);
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(count_lines(ok.out), 1u) << ok.out;
}

TEST_F(CliTest, FilterSelectsTheMatrixForListAndRunListsTests) {
  const std::string t = " --target " + shm_.path() + " --access read,write --size 4MiB";
  const std::string read =
      "fault/read/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n";
  const std::string write =
      "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB\n";
  CommandResult r = run_daxbench("list --benchmark_filter=fault/read" + t);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, read);
  r = run_daxbench("list --benchmark_filter=-fault/read" + t);  // negative, as in libbenchmark
  EXPECT_EQ(r.out, write) << r.err;
  r = run_daxbench("list --benchmark_filter=all" + t);
  EXPECT_EQ(r.out, read + write) << r.err;
  // run --benchmark_list_tests lists the same names and runs nothing.
  r = run_daxbench("run --benchmark_list_tests --benchmark_filter=write" + t);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, write);
  EXPECT_TRUE(shm_.entries().empty());
  // --benchmark_out folds into --out: one results file.
  const std::string out = work_.file("folded.json");
  r = run_daxbench(
      "run --benchmark_filter=fault/read --benchmark_min_time=0.01 --events none "
      "--benchmark_out=" +
      out + t);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(read_file(out).find("fault/read/"), std::string::npos);
  EXPECT_EQ(read_file(out).find("fault/write/"), std::string::npos);
}

}  // namespace
}  // namespace daxbench::testing
