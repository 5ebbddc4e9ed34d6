// Results JSON from real runs of the binary: Google Benchmark's schema plus
// daxbench's context keys; interrupted runs keep what finished and clean up.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

TEST(Results, SchemaContextAndCounters) {
  TempDir shm("/dev/shm");
  TempDir work;
  const std::string out = work.file("r.json");
  const CommandResult r = run_daxbench(
      "run --target " + shm.path() +
      " --access read,write --size 4MiB --latency --benchmark_min_time=0.01 --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("[1/2] fault/read/"), std::string::npos) << "progress lines: " << r.err;
  EXPECT_NE(r.err.find("[2/2] fault/write/"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp." + std::to_string(0))) << "no temporary left";
  const auto j = nlohmann::json::parse(read_file(out));
  const auto& ctx = j.at("context");
  for (const char* key : {"daxbench_version", "kernel_release", "kernel_cmdline", "cpu_model",
                          "thp_enabled", "thp_defrag", "fault_around_bytes", "clock", "lab",
                          "command_line", "config_file", "time_measurement", "incomplete",
                          "unsupported_events", "targets", "numa_binding", "date", "num_cpus"})
    EXPECT_TRUE(ctx.contains(key)) << key;
  EXPECT_EQ(ctx.at("clock"), "wall-ns");
  EXPECT_EQ(ctx.at("incomplete"), false);
  ASSERT_EQ(ctx.at("targets").size(), 1u);
  EXPECT_EQ(ctx.at("targets")[0].at("fs_type"), "tmpfs");
  EXPECT_EQ(ctx.at("targets")[0].at("dax_capable"), false);
  for (const char* key : {"mount_options", "source", "block_device", "dax_policy", "numa_node"})
    EXPECT_TRUE(ctx.at("targets")[0].contains(key)) << key;

  const auto& benchmarks = j.at("benchmarks");
  ASSERT_EQ(benchmarks.size(), 2u);
  const auto& b = benchmarks[1];
  EXPECT_EQ(b.at("name"),
            "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:4MiB");
  EXPECT_EQ(b.at("run_type"), "iteration");
  EXPECT_GT(b.at("real_time").get<double>(), 0);
  EXPECT_EQ(b.at("pages_touched").get<double>(), 1024);
  EXPECT_EQ(b.at("bytes").get<double>(), 4.0 * 1024 * 1024);
  EXPECT_GT(b.at("bytes_per_second").get<double>(), 0);
  EXPECT_GT(b.at("latency_p99_ns").get<double>(), 0);
  const auto& d = b.at("daxbench");
  EXPECT_EQ(d.at("family"), "fault");
  EXPECT_EQ(d.at("mode"), "pagecache");
  EXPECT_EQ(d.at("fs_type"), "tmpfs");
  EXPECT_EQ(d.at("params").at("access"), "write");
  EXPECT_EQ(d.at("facts").at("effective_dax"), "no");
  EXPECT_EQ(d.at("latency_ns").at("count"), 1024 * b.at("iterations").get<int>());
  // Scratch space is gone.
  EXPECT_TRUE(shm.entries("daxbench.").empty());
}

TEST(Results, CountsComeFromASeparatePassUnlessInline) {
  TempDir shm("/dev/shm");
  TempDir work;
  for (const std::string counting : {"separate", "inline"}) {
    const std::string out = work.file(counting + ".json");
    const CommandResult r = run_daxbench("run --target " + shm.path() +
                                         " --size 2MiB --events page-faults --counting " +
                                         counting + " --benchmark_min_time=0.05 --out " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto b = nlohmann::json::parse(read_file(out)).at("benchmarks").at(0);
    const double counted = b.at("counted_iterations").get<double>();
    if (counting == "separate") {
      EXPECT_GE(counted, 1);
      EXPECT_LE(counted, 5);
    } else {
      EXPECT_EQ(counted, b.at("iterations").get<double>());
    }
    // Either way a write to each of 512 pages faults at least once per
    // iteration (large folios may map several pages per fault, never fewer
    // faults than folios): the per-iteration count is real, not 0.
    EXPECT_GT(testing::per_iteration(b, "page_faults"), 0) << counting;
    EXPECT_LE(testing::per_iteration(b, "page_faults"), 512 + 16) << counting;
  }
}

TEST(Results, RepetitionsGiveAggregatesAndValidJson) {
  TempDir shm("/dev/shm");
  TempDir work;
  // Counters that stay 0 have an undefined coefficient of variation (0/0):
  // Google Benchmark prints it as a bare NaN, which must not break the file.
  const CommandResult r =
      run_daxbench("run --target " + shm.path() +
                   " --size 1MiB --benchmark_min_time=0.01 --benchmark_repetitions=3 --out " +
                   work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(work.file("r.json")));
  int iterations = 0, aggregates = 0;
  for (const auto& b : j.at("benchmarks")) {
    if (b.at("run_type") == "iteration") ++iterations;
    if (b.at("run_type") == "aggregate") ++aggregates;
    for (const auto& [key, value] : b.items()) EXPECT_FALSE(value.is_null()) << key;
  }
  EXPECT_EQ(iterations, 3);
  EXPECT_GE(aggregates, 3) << "mean, median, stddev";
}

TEST(Results, SkippedScenarioIsReportedWithItsReason) {
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r = run_daxbench(
      "run --target " + shm.path() +
      " --mapping sync --size 2MiB --benchmark_min_time=0.01 --out " + work.file("r.json"));
  EXPECT_EQ(r.status, 0) << "a skip is not a failure: " << r.err;
  const auto j = nlohmann::json::parse(read_file(work.file("r.json")));
  ASSERT_EQ(j.at("benchmarks").size(), 1u);
  EXPECT_EQ(j["benchmarks"][0].at("error_occurred"), true);
  // The kernel's refusal, by errno name (core/map_sync.h): tmpfs has no DAX.
  const std::string message = j["benchmarks"][0].at("error_message");
  EXPECT_NE(message.find("skipped: MAP_SYNC refused by the kernel (EOPNOTSUPP): "
                         "MAP_SYNC needs a DAX file"),
            std::string::npos)
      << message;
}

TEST(Results, InterruptedRunKeepsFinishedBenchmarksAndRemovesScratch) {
  TempDir shm("/dev/shm");
  TempDir work;
  const std::string out = work.file("r.json");
  const std::string err = work.file("err");
  // Many slow-ish benchmarks; interrupt after the second has started.
  const std::string cmd =
      daxbench_binary() + " run --target " + shm.path() +
      " --size 8MiB --threads 1,2 --access read,write,write-after-read --populate none,populate"
      " --benchmark_min_time=0.3 --out " +
      out + " >/dev/null 2>" + err + " & echo $!";
  const CommandResult started = run_shell(cmd);
  const pid_t pid = std::stoi(started.out);
  bool second_started = false;
  for (int i = 0; i < 600 && !second_started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    second_started = read_file(err).find("[3/") != std::string::npos;
  }
  ASSERT_TRUE(second_started) << read_file(err);
  ASSERT_FALSE(std::filesystem::exists(out)) << "results are written at the end, atomically";
  ::kill(pid, SIGINT);
  int status = 0;
  for (int i = 0; i < 400 && ::kill(pid, 0) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  (void)status;
  ASSERT_NE(::kill(pid, 0), 0) << "daxbench still running after SIGINT";
  const auto j = nlohmann::json::parse(read_file(out));
  EXPECT_EQ(j.at("context").at("incomplete"), true);
  EXPECT_GE(j.at("benchmarks").size(), 2u);
  EXPECT_LT(j.at("benchmarks").size(), 12u);
  for (const auto& b : j.at("benchmarks")) {
    EXPECT_FALSE(b.value("error_occurred", false)) << b.dump();
    EXPECT_GT(b.at("iterations").get<int>(), 0);
  }
  EXPECT_NE(read_file(err).find("incomplete"), std::string::npos);
  EXPECT_TRUE(shm.entries("daxbench.").empty()) << "scratch directory removed after SIGINT";
}

}  // namespace
}  // namespace daxbench::testing
