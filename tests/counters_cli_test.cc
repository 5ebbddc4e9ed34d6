// The counters and pmd-check through the daxbench binary on the host (tmpfs,
// no DAX): what lands in the results JSON, what an unknown event does to the
// exit status, and that pmd-check says DAX is not effective here.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench/private_mounts.h"
#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

class CountersCli : public ::testing::Test {
 protected:
  TempDir shm_{"/dev/shm"};
  TempDir work_;

  nlohmann::json run_fault(const std::string& extra) {
    const std::string out = work_.file("r.json");
    const CommandResult r = run_daxbench(
        "run --target " + shm_.path() +
        " --family fault --access write --mapping shared --pages pte --cache warm --size 4MiB "
        "--benchmark_min_time=0.05 --out " +
        out + " " + extra);
    EXPECT_EQ(r.status, 0) << r.err;
    return nlohmann::json::parse(read_file(out));
  }
};

TEST_F(CountersCli, PageFaultsAtLeastPagesTouchedInResults) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for kernel-mode counting";
  const auto j = run_fault("--events page-faults,syscalls:sys_enter_getppid,cycles");
  ASSERT_EQ(j["benchmarks"].size(), 1u);
  const auto& b = j["benchmarks"][0];
  ASSERT_TRUE(b.contains("page_faults_per_page_touched")) << b.dump(1);
  EXPECT_GE(b["page_faults_per_page_touched"].get<double>(), 1.0);
  EXPECT_FALSE(b.contains("faults_per_page_touched")) << "the same figure, written once";
  // One normalisation per counter, the family's (per page touched), and the total.
  for (const auto& [key, value] : b.items()) {
    if (key.starts_with("page_faults_")) {
      EXPECT_TRUE(key == "page_faults_total" || key == "page_faults_per_page_touched") << key;
    }
  }
  EXPECT_DOUBLE_EQ(b["syscalls_sys_enter_getppid_total"].get<double>(), 0);  // never called
  // cycles: counted, or listed as unsupported and absent from the counters.
  const auto& unsupported = j["context"]["unsupported_events"];
  EXPECT_NE(unsupported.contains("cycles"), b.contains("cycles_total"));
}

TEST_F(CountersCli, CountsFollowWorkerThreads) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for kernel-mode counting";
  // threads:2 faults in worker threads started by prepare(), after the
  // counters were opened: inherited events must see their faults.
  const auto j = run_fault("--threads 2 --events page-faults");
  const auto& b = j["benchmarks"][0];
  EXPECT_EQ(b["pages_touched"].get<double>(), 2 * 4 * 256);
  EXPECT_GE(b["page_faults_per_page_touched"].get<double>(), 1.0);
}

TEST_F(CountersCli, DefaultEventsOnTmpfs) {
  const auto j = run_fault("");
  const auto& b = j["benchmarks"][0];
  EXPECT_TRUE(b.contains("page_faults_per_page_touched")) << b.dump(1);
  // No DAX here: the fs_dax tracepoints exist and count nothing.
  if (b.contains("dax_pte_faults_per_page_touched")) {
    EXPECT_EQ(b["dax_pte_faults_per_page_touched"].get<double>(), 0);
    EXPECT_EQ(b["pmd_mapped_per_page_touched"].get<double>(), 0);
    EXPECT_FALSE(b.contains("pmd_mapped_ratio"));  // nothing attempted
  }
}

TEST_F(CountersCli, EventsNoneCountsNothing) {
  const auto j = run_fault("--events none");
  const auto& b = j["benchmarks"][0];
  EXPECT_FALSE(b.contains("page_faults_total"));
  EXPECT_TRUE(j["context"]["unsupported_events"].empty());
}

TEST_F(CountersCli, UnknownEventIsExit2WithOneLine) {
  const CommandResult r =
      run_daxbench("run --target " + shm_.path() + " --family fault --events page-faults,bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown event 'bogus'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kprobe:function"), std::string::npos) << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
}

TEST_F(CountersCli, RemotePlacementOnOneNodeIsExit2) {
  if (read_file("/sys/devices/system/node/online").find('-') != std::string::npos)
    GTEST_SKIP() << "multi-node machine";
  const CommandResult r =
      run_daxbench("run --target " + shm_.path() + " --family fault --numa-placement remote");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("remote"), std::string::npos) << r.err;
}

TEST_F(CountersCli, PmdCheckSaysDaxNotEffectiveOnTmpfs) {
  const std::string file = shm_.file("data");
  ASSERT_EQ(run_shell("dd if=/dev/zero of=" + file + " bs=1M count=4 status=none").status, 0);
  const CommandResult r = run_daxbench("pmd-check " + file);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FIX   dax"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK    offset"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict:"), std::string::npos) << r.out;

  const CommandResult misaligned = run_daxbench("pmd-check " + file + " --offset 4KiB --no-fault");
  EXPECT_EQ(misaligned.status, 1);
  EXPECT_NE(misaligned.out.find("FIX   offset"), std::string::npos) << misaligned.out;
  EXPECT_EQ(misaligned.out.find("fault:"), std::string::npos) << misaligned.out;
}

TEST_F(CountersCli, PmdCheckBadInputIsExit2) {
  EXPECT_EQ(run_daxbench("pmd-check").status, 2);
  EXPECT_EQ(run_daxbench("pmd-check " + shm_.file("missing")).status, 2);
  const std::string file = shm_.file("small");
  ASSERT_EQ(run_shell("dd if=/dev/zero of=" + file + " bs=1M count=1 status=none").status, 0);
  const CommandResult r = run_daxbench("pmd-check " + file + " --offset 100");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("4KiB"), std::string::npos) << r.err;
  const CommandResult help = run_daxbench("pmd-check --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

// Each benchmark records what its kernel counters were opened as, and what
// could not be had, with the reason (docs/results-format.md).
TEST_F(CountersCli, ResultsRecordCounterSourcesAndReasons) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  const auto j = run_fault(
      "--events page-faults,fs_dax:dax_pte_fault_done,fs_dax:dax_insert_mapping,"
      "fs_dax_fault_handler");
  ASSERT_EQ(j["benchmarks"].size(), 1u);
  const auto& d = j["benchmarks"][0]["daxbench"];
  ASSERT_TRUE(d.contains("counter_sources")) << d.dump(1);
  EXPECT_EQ(d["counter_sources"].value("fs_dax:dax_pte_fault_done", ""),
            "fs_dax:dax_pte_fault_done");
  const auto& unsupported = d["unsupported_counters"];
  // Not a filesystem with known handlers: unsupported, never 0.
  ASSERT_TRUE(unsupported.contains("fs_dax_fault_handler")) << unsupported.dump(1);
  EXPECT_NE(unsupported["fs_dax_fault_handler"].get<std::string>().find("on tmpfs"),
            std::string::npos);
  EXPECT_FALSE(j["benchmarks"][0].contains("fs_dax_fault_handler_calls_per_iteration"));
  EXPECT_TRUE(j["context"]["unsupported_events"].contains("fs_dax_fault_handler"));
  // Gone since 6.16; where the running kernel still has it, it is a source.
  if (unsupported.contains("fs_dax:dax_insert_mapping")) {
    EXPECT_NE(unsupported["fs_dax:dax_insert_mapping"].get<std::string>().find("removed in 6.16"),
              std::string::npos);
  } else {
    EXPECT_TRUE(d["counter_sources"].contains("fs_dax:dax_insert_mapping"));
  }
}

// env reads fault_around_bytes (debugfs) without leaving a mount behind, and
// an unreadable value says why, with the errno; under lockdown it says so.
TEST_F(CountersCli, EnvFaultAroundBytesIsANumberOrUnreadableWithErrno) {
  const std::string before = read_file("/proc/self/mountinfo");
  const CommandResult r = run_daxbench("env --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file("/proc/self/mountinfo"), before);
  const std::string v = nlohmann::json::parse(r.out).value("fault_around_bytes", "");
  const bool number = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
  if (!number) {
    EXPECT_TRUE(v.starts_with("unreadable (")) << v;
    EXPECT_NE(v.find("errno "), std::string::npos) << v;
  }
  // The lockdown mode, read independently (securityfs, privately mounted).
  std::string lockdown = read_file("/sys/kernel/security/lockdown");
  if (lockdown.empty() && ::geteuid() == 0) {
    PrivateMounts m({{"securityfs", "/sys/kernel/security", MS_RDONLY}});
    if (m.ok(0)) lockdown = read_file(m.path("/sys/kernel/security/lockdown"));
  }
  if (!lockdown.empty() && lockdown.find("[none]") == std::string::npos) {
    EXPECT_NE(v.find("lockdown"), std::string::npos) << lockdown << ": " << v;
  }
  std::printf("fault_around_bytes here: %s\n", v.c_str());
}

}  // namespace
}  // namespace daxbench::testing
