// tlb:tlb_flush, split by its `reason` (numbers read from the event's format
// file), is a default counter of the fault family. With two threads in one
// address space on two CPUs, each munmap must flush the other CPU's TLB
// (arch/x86/mm/tlb.c: flush_tlb_mm_range -> flush_tlb_multi, the other CPU
// then traces TLB_REMOTE_SHOOTDOWN while it runs the other thread); a single
// thread's munmap flushes only locally.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

nlohmann::json run_fault(const TempDir& target, const TempDir& work, int threads) {
  const std::string out = work.file("t" + std::to_string(threads) + ".json");
  // Inline counting over every timed iteration (at least 0.5 s of them).
  const CommandResult r = run_daxbench(
      "run --target " + target.path() + " --access write --pages pte --size 32MiB --threads " +
      std::to_string(threads) + " --counting inline --benchmark_min_time=0.5 --out " + out);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(read_file(out));
}

TEST(TlbFlush, RemoteShootdownsAtTwoThreadsNoneAtOne) {
  if (::sysconf(_SC_NPROCESSORS_ONLN) < 2) GTEST_SKIP() << "needs 2 CPUs";
  TempDir shm("/dev/shm");
  TempDir work;
  const nlohmann::json one = run_fault(shm, work, 1);
  const auto& unsupported = one["context"]["unsupported_events"];
  if (unsupported.contains("tlb:tlb_flush/remote_shootdown"))
    GTEST_SKIP() << "not countable here: " << unsupported["tlb:tlb_flush/remote_shootdown"];
  const nlohmann::json two = run_fault(shm, work, 2);
  ASSERT_EQ(one["benchmarks"].size(), 1u);
  ASSERT_EQ(two["benchmarks"].size(), 1u);
  const auto& b1 = one["benchmarks"][0];
  const auto& b2 = two["benchmarks"][0];
  EXPECT_EQ(b1["daxbench"]["counter_sources"]["tlb:tlb_flush/remote_shootdown"],
            "tlb:tlb_flush [reason == 1]");
  EXPECT_EQ(b1["tlb_flush_remote_shootdown_total"].get<double>(), 0) << b1.dump(1);
  EXPECT_GT(b2["tlb_flush_remote_shootdown_total"].get<double>(), 0) << b2.dump(1);
  // Per iteration and per page touched, as every counter.
  EXPECT_TRUE(b2.contains("tlb_flush_remote_shootdown_per_iteration"));
  EXPECT_TRUE(b2.contains("tlb_flush_remote_shootdown_per_page_touched"));
  // The sender's side: flush IPIs grow with the second thread.
  EXPECT_GT(b2["tlb_flush_remote_ipi_send_per_iteration"].get<double>(),
            b1["tlb_flush_remote_ipi_send_per_iteration"].get<double>());
}

}  // namespace
}  // namespace daxbench::testing
