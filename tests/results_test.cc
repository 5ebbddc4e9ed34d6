// Results JSON from real runs of the binary: Google Benchmark's schema plus
// daxbench's context keys; interrupted runs keep what finished and clean up.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/environment.h"
#include "core/util.h"
#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

// Doubles that are not finite, as Google Benchmark (nan, -inf) and other
// writers (NaN, Infinity) put them, read as null; strings, exponents and
// JSON's own words stay.
TEST(Results, NonFiniteWordsBecomeNullOutsideStrings) {
  EXPECT_EQ(null_non_finite(R"({"a": nan, "b": -inf, "c": NaN, "d": -Infinity, "e": inf})"),
            R"({"a": null, "b": null, "c": null, "d": null, "e": null})");
  const std::string kept =
      R"({"s": "nan inf \" NaN", "x": 1e-05, "y": -2.5E+3, "t": true, "n": null})";
  EXPECT_EQ(null_non_finite(kept), kept);
  EXPECT_EQ(nlohmann::json::parse(null_non_finite(R"([1, -nan, 2])")).dump(), "[1,null,2]");
}

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
  for (const char* key : {"mount_options", "source", "block_device", "dax_policy", "numa_node",
                          "numa_node_source", "numa_node_cpus"})
    EXPECT_TRUE(ctx.at("targets")[0].contains(key)) << key;
  EXPECT_EQ(ctx.at("targets")[0].at("numa_node_source"), "none: not on a block device");

  // Provenance: the kernel's config, checked against zcat and sha256sum
  // where the kernel has /proc/config.gz; the vulnerabilities as sysfs has them.
  const auto& config = ctx.at("kernel_config");
  const std::string source = config.at("source");
  if (std::filesystem::exists("/proc/config.gz")) {
    EXPECT_EQ(source, "/proc/config.gz");
    const CommandResult sum = run_shell("zcat /proc/config.gz | sha256sum");
    ASSERT_EQ(sum.status, 0);
    EXPECT_EQ(config.at("sha256"), sum.out.substr(0, 64));
    const CommandResult hz = run_shell("zcat /proc/config.gz | sed -n 's/^CONFIG_HZ=//p'");
    if (!hz.out.empty()) {
      EXPECT_EQ(config.at("options").at("CONFIG_HZ"), hz.out.substr(0, hz.out.find('\n')));
    }
  } else if (source.starts_with("unknown: ")) {
    EXPECT_EQ(config.at("sha256"), "");
    EXPECT_TRUE(config.at("options").empty());
  } else {
    EXPECT_EQ(config.at("sha256").get<std::string>().size(), 64u) << source;
  }
  const std::filesystem::path vulns = "/sys/devices/system/cpu/vulnerabilities";
  if (std::filesystem::is_directory(vulns)) {
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(vulns)) {
      ++files;
      EXPECT_EQ(ctx.at("cpu_vulnerabilities").at(e.path().filename().string()),
                read_file(e.path().string()).substr(0, read_file(e.path().string()).find('\n')));
    }
    EXPECT_EQ(ctx.at("cpu_vulnerabilities").size(), files);
  }
  // Not the lab, and (unless this host is a QEMU model) not emulated.
  if (!cpu_emulated().empty()) {
    EXPECT_EQ(ctx.at("emulated_fields")[0], "mhz_per_cpu");
  } else {
    EXPECT_EQ(ctx.at("cpu_emulated"), "");
    EXPECT_FALSE(ctx.contains("emulated_fields"));
  }

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

TEST(Results, KernelConfigOptionsHashAndGzip) {
  // scripts/kconfig/confdata.c writes "CONFIG_X=v" and "# CONFIG_X is not set".
  const std::string text =
      "CONFIG_HZ=250\n# CONFIG_DEBUG_VM is not set\nCONFIG_FS_DAX=y\nCONFIG_UNRELATED=y\n"
      "# CONFIG_PER_VMA_LOCK_STATS is not set\n"
      "CONFIG_CC_VERSION_TEXT=\"x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0\"\n";
  const Facts options = config_options(text);
  ASSERT_EQ(options.size(), 4u);  // in kernel_config_options() order, only those listed
  EXPECT_EQ(options[0], (std::pair<std::string, std::string>{"CONFIG_FS_DAX", "y"}));
  EXPECT_EQ(options[1], (std::pair<std::string, std::string>{"CONFIG_HZ", "250"}));
  EXPECT_EQ(options[2], (std::pair<std::string, std::string>{"CONFIG_DEBUG_VM", "n"}));
  EXPECT_EQ(options[3],
            (std::pair<std::string, std::string>{
                "CONFIG_CC_VERSION_TEXT", "x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0"}));
  // FIPS 180-2 appendix B.1.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  TempDir work;
  std::ofstream(work.file("config")) << text;
  ASSERT_EQ(run_shell("gzip -k " + work.file("config")).status, 0);
  std::string read, error;
  ASSERT_TRUE(read_kernel_config(work.file("config.gz"), read, error)) << error;
  EXPECT_EQ(read, text);
  EXPECT_FALSE(read_kernel_config(work.file("absent.gz"), read, error));
  EXPECT_NE(error.find("absent.gz: No such file"), std::string::npos) << error;
}

TEST(Results, LabTcgMarksTheCpuEmulated) {
  const char* old = std::getenv("DAXBENCH_LAB");
  const std::string saved = old ? old : "";
  ::setenv("DAXBENCH_LAB", "qemu 7.2.22 tcg -icount shift=0,sleep=off, 1 vCPU", 1);
  const std::string emulated = cpu_emulated();
  const nlohmann::json j = system_json();
  // In the lab /boot is the host's: never taken as the guest kernel's config.
  const std::string config_source = j.at("kernel_config").at("source");
  if (old) {
    ::setenv("DAXBENCH_LAB", saved.c_str(), 1);
  } else {
    ::unsetenv("DAXBENCH_LAB");
  }
  EXPECT_NE(emulated.find("DAXBENCH_LAB: TCG"), std::string::npos) << emulated;
  EXPECT_EQ(j.at("cpu_emulated"), emulated);
  EXPECT_EQ(j.at("emulated_fields"), nlohmann::json(emulated_cpu_fields()));
  EXPECT_FALSE(config_source.starts_with("/boot/")) << config_source;
  if (config_source.starts_with("unknown: ")) {
    EXPECT_NE(config_source.find("the lab guest sees the host's /boot"), std::string::npos);
  }
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

// The counter set is opened once per benchmark and its instances counted
// in turn (bench/run.cc: count_instances): each repetition still has its
// own counts, not the running total of those before it.
TEST(Results, EveryRepetitionHasItsOwnCounts) {
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r = run_daxbench(
      "run --target " + shm.path() +
      " --size 1MiB --events page-faults --benchmark_min_time=0.01 --benchmark_repetitions=4 "
      "--out " +
      work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<double> faults;
  const auto j = nlohmann::json::parse(read_file(work.file("r.json")));
  for (const auto& b : j.at("benchmarks"))
    if (b.at("run_type") == "iteration") faults.push_back(testing::per_iteration(b, "page_faults"));
  ASSERT_EQ(faults.size(), 4u);
  for (double f : faults) {
    EXPECT_GT(f, 0);
    EXPECT_LE(f, 256 + 16) << "a 1 MiB region faults at most once per page";
  }
}

// Under the lab's deterministic clock a repetition defaults to 20 ms of
// instruction-ns, not Google Benchmark's 0.5 s; a given value wins.
TEST(Results, DeterministicClockShortensTheMinimumTime) {
  TempDir shm("/dev/shm");
  TempDir work;
  const std::string run = "DAXBENCH_CLOCK=instruction-ns " + daxbench_binary() + " run --target " +
                          shm.path() + " --size 1MiB --events none --out ";
  ASSERT_EQ(run_shell(run + work.file("d.json")).status, 0);
  ASSERT_EQ(run_shell(run + work.file("g.json") + " --benchmark_min_time=0.03").status, 0);
  const auto d = nlohmann::json::parse(read_file(work.file("d.json"))).at("context");
  const auto g = nlohmann::json::parse(read_file(work.file("g.json"))).at("context");
  EXPECT_EQ(d.at("benchmark_min_time_s"), 0.02);
  EXPECT_NE(d.value("benchmark_min_time_source", "").find("deterministic"), std::string::npos);
  EXPECT_EQ(g.at("benchmark_min_time_s"), 0.03);
  EXPECT_FALSE(g.contains("benchmark_min_time_source"));
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
  // Written after each finished benchmark, atomically, as a run still going.
  ASSERT_TRUE(std::filesystem::exists(out)) << read_file(err);
  EXPECT_NE(nlohmann::json::parse(read_file(out))["context"]
                .value("incomplete_reason", "")
                .find("while the run went on"),
            std::string::npos);
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
