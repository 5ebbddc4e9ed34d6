// The data TLB's size from CPUID, decoded from known register values (the
// AMD EPYC these tests were written on, and an Intel leaf 0x18 layout), and
// recorded in every run's environment.
#include "bench/dtlb_size.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

TEST(DtlbSize, AmdL2DtlbFromLeaf80000006) {
  // CPUID 0x80000005/6 of an AMD EPYC VM: L1 dTLB 72 entries (4 KiB and
  // 2 MiB), L2 dTLB 3072 of each (associativity 6 and 5).
  const DtlbSize s = amd_dtlb({0xff48ff40, 0xff48ff40, 0, 0}, {0x5c002200, 0x6c004200, 0, 0});
  EXPECT_EQ(s.entries_4k, 3072u);
  EXPECT_EQ(s.entries_2m, 3072u);
  EXPECT_EQ(s.source, "CPUID 0x80000006 (AMD): L2 dTLB");
  // No L2 TLB (associativity 0): the L1 dTLB is the reach.
  const DtlbSize l1 = amd_dtlb({0xff48ff40, 0xff40ff40, 0, 0}, {0, 0, 0, 0});
  EXPECT_EQ(l1.entries_4k, 64u);
  EXPECT_EQ(l1.entries_2m, 72u);
  EXPECT_EQ(l1.source, "CPUID 0x80000006 (AMD): L1 dTLB (no L2 dTLB)");
  EXPECT_EQ(amd_dtlb({}, {}).entries_4k, 0u);
  EXPECT_EQ(amd_dtlb({}, {}).source.rfind("unknown", 0), 0u);
}

TEST(DtlbSize, IntelLeaf18TakesTheLargestDataStructure) {
  auto sub = [](uint32_t pages, uint32_t ways, uint32_t sets, uint32_t type, uint32_t level) {
    return CpuidRegs{0, ways << 16 | pages, sets, level << 5 | type};
  };
  std::vector<CpuidRegs> leaves = {
      sub(0x1, 4, 16, 1, 1),     // L1 dTLB, 4 KiB: 64 entries
      sub(0x6, 4, 8, 1, 1),      // L1 dTLB, 2 MiB/4 MiB: 32
      sub(0x3, 8, 256, 3, 2),    // STLB, unified, 4 KiB and 2 MiB: 2048
      sub(0x1, 8, 1024, 2, 2),   // an instruction TLB, larger: not data
      sub(0x1, 16, 1024, 0, 3),  // type 0: no structure
  };
  leaves[0].eax = 4;  // subleaf 0: the last subleaf
  const DtlbSize s = intel_dtlb(leaves);
  EXPECT_EQ(s.entries_4k, 2048u);
  EXPECT_EQ(s.entries_2m, 2048u);
  EXPECT_EQ(s.source, "CPUID 0x18 (Intel): level 2 TLB");
  EXPECT_EQ(intel_dtlb({}).source.rfind("unknown", 0), 0u);
}

TEST(DtlbSize, EveryRunRecordsItOrWhyNot) {
  const DtlbSize here = read_dtlb_size();
  EXPECT_FALSE(here.source.empty());
  EXPECT_EQ(here.entries_4k == 0, here.source.rfind("unknown", 0) == 0) << here.source;
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r = run_daxbench("run --target " + shm.path() +
                                       " --family fault --access read --pages pte --size 2MiB "
                                       "--events none --benchmark_min_time=0.01 --out " +
                                       work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto ctx = nlohmann::json::parse(read_file(work.file("r.json")))["context"];
  EXPECT_EQ(ctx["dtlb_4k_entries"],
            here.entries_4k ? std::to_string(here.entries_4k) : std::string("unknown"));
  EXPECT_EQ(ctx["dtlb_source"], here.source);
}

}  // namespace
}  // namespace daxbench::testing
