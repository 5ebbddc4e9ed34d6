// The access family against real fsdax: runs inside the daxlab guest
// (`ctest -R access_lab`: lab/daxlab run -- access_lab_test), where
// DAXLAB_TARGETS lists ext4 and xfs mounted dax=inode and dax=always on
// fsdax namespaces. Skips outside the lab.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

std::string all_targets() {
  const char* env = std::getenv("DAXLAB_TARGETS");
  std::istringstream in(env ? env : "");
  std::string args;
  for (std::string t; in >> t;) args += " --target " + t;
  return args;
}

// DAX pmd scenarios really map PMDs on ext4 and xfs (and pte ones none), the
// family runs in every inode mode, and lab results say the TLB is emulated.
TEST(AccessLab, DaxPmdScenariosMapPmdsOnExt4AndXfsInEveryMode) {
  const std::string targets = all_targets();
  if (targets.empty()) GTEST_SKIP() << "not in the daxlab guest (DAXLAB_TARGETS unset)";
  TempDir work;
  const std::string out = work.file("access.json");
  const CommandResult r = run_daxbench(
      "run --family access --pattern chase --op load --pages pte,pmd --backing file,anon "
      "--working_set 8MiB --modes pagecache,dax-inode,dax-inode-off,dax-always "
      "--benchmark_min_time=0.01" +
      targets + " --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(read_file(out));
  std::set<std::string> dax_pmd_seen, modes_seen;
  for (const auto& b : j["benchmarks"]) {
    const std::string name = b["name"];
    SCOPED_TRACE(name);
    const auto& d = b["daxbench"];
    const auto& params = d["params"];
    if (b.contains("error_message")) {
      // Only the page cache may lack 2 MiB folios; that is a skip with the reason.
      EXPECT_EQ(params["pages"], "pmd");
      EXPECT_NE(b["error_message"].get<std::string>().find("skipped: pages=pmd on the page cache"),
                std::string::npos)
          << b["error_message"];
      continue;
    }
    EXPECT_EQ(d["facts"]["tlb"].get<std::string>().rfind("no hardware TLB: emulated", 0), 0u);
    EXPECT_GT(b["ns_per_operation"].get<double>(), 0);
    const std::string mapped = d["facts"]["pmd_mapped"];
    if (params["pages"] == "pte") {
      EXPECT_EQ(mapped, "0B of 8MiB");
    } else {
      EXPECT_EQ(mapped, "8MiB of 8MiB");
    }
    if (params["backing"] == "file") modes_seen.insert(d["mode"].get<std::string>());
    const bool dax = d["facts"].value("effective_dax", "") == "yes";
    if (dax && params["pages"] == "pmd")
      dax_pmd_seen.insert(d["fs_type"].get<std::string>() + "/" + d["mode"].get<std::string>());
    // tlb:tlb_flush counts in the guest (no PMU needed), or says why not.
    const bool counted = b.contains("tlb_flush_local_mm_shootdown_total");
    EXPECT_TRUE(counted ||
                j["context"]["unsupported_events"].contains("tlb:tlb_flush/local_mm_shootdown"));
  }
  for (const char* want : {"ext4/dax-inode", "ext4/dax-always", "xfs/dax-inode", "xfs/dax-always"})
    EXPECT_TRUE(dax_pmd_seen.count(want)) << want << " had no pmd scenario with PMDs";
  EXPECT_EQ(modes_seen.size(), 4u) << "the family runs in every mode";
}

}  // namespace
}  // namespace daxbench::testing
