// The logical TLB counters (dtlb_load_walks, dtlb_walk_cycles) resolve to the
// libpfm4 event of the CPU at hand. No PMU is needed to check the encoding:
// LIBPFM_FORCE_PMU makes libpfm4 use another CPU's tables. libpfm4 reads it
// once, in pfm_initialize, so each CPU is checked in a child process that
// sets it before its first libpfm4 call.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/counter_sources.h"
#include "bench/perf_events.h"

namespace daxbench {
namespace {

struct Resolution {
  std::string event;  // the libpfm4 name chosen, or "unsupported: <why>"
  unsigned type = 0;
  unsigned long long config = 0;
};

// Resolves `counter` with libpfm4 forced to `pmu`, in a child process.
Resolution resolve_forced(const std::string& pmu, const std::string& counter) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ::setenv("LIBPFM_FORCE_PMU", pmu.c_str(), 1);
    TracefsCatalog tracefs("", "not needed");
    const ResolvedCounter r = resolve_counter(parse_event_name(counter), "ext4", tracefs);
    std::string line;
    if (r.sources.empty()) {
      line = "unsupported: " + r.unsupported + "\n0 0\n";
    } else {
      std::string why;
      const auto attr = encode_pfm_event(r.sources.front().plus.front().name, why);
      line = r.sources.front().plus.front().name + "\n" + std::to_string(attr ? attr->type : 0) +
             " " + std::to_string(attr ? attr->config : 0) + "\n";
    }
    (void)!::write(fds[1], line.data(), line.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << pmu << " " << counter;
  Resolution res;
  const size_t nl = text.find('\n');
  res.event = text.substr(0, nl);
  std::sscanf(text.c_str() + nl + 1, "%u %llu", &res.type, &res.config);
  return res;
}

// Expected values from the vendors' tables: config = event | umask << 8 |
// cmask << 24 (PERF_TYPE_RAW, 4).
TEST(TlbCounters, IntelSkylakeWalksAndWalkCycles) {
  const Resolution walks = resolve_forced("skl", "dtlb_load_walks");
  EXPECT_EQ(walks.event, "DTLB_LOAD_MISSES:WALK_COMPLETED");
  EXPECT_EQ(walks.type, PERF_TYPE_RAW);
  EXPECT_EQ(walks.config, 0x0e08u);  // event 0x08, umask 0x0e
  const Resolution cycles = resolve_forced("skl", "dtlb_walk_cycles");
  EXPECT_EQ(cycles.event, "DTLB_LOAD_MISSES:WALK_ACTIVE");
  EXPECT_EQ(cycles.config, 0x1001008u);  // event 0x08, umask 0x10, cmask 1
}

TEST(TlbCounters, IntelHaswellHasWalkDurationInstead) {
  EXPECT_EQ(resolve_forced("hsw", "dtlb_load_walks").config, 0x0e08u);
  const Resolution cycles = resolve_forced("hsw", "dtlb_walk_cycles");
  EXPECT_EQ(cycles.event, "DTLB_LOAD_MISSES:WALK_DURATION");
  EXPECT_EQ(cycles.config, 0x1008u);  // event 0x08, umask 0x10
}

TEST(TlbCounters, AmdZenCountsL2DtlbMissesAndHasNoWalkCycles) {
  for (const char* pmu : {"amd64_fam19h_zen3", "amd64_fam19h_zen4"}) {
    const Resolution walks = resolve_forced(pmu, "dtlb_load_walks");
    EXPECT_TRUE(walks.event.starts_with("L1_DTLB_MISS:")) << pmu << ": " << walks.event;
    EXPECT_EQ(walks.type, PERF_TYPE_RAW) << pmu;
    EXPECT_EQ(walks.config, 0xf045u) << pmu;  // event 0x45, the four L2-miss umasks
    const Resolution cycles = resolve_forced(pmu, "dtlb_walk_cycles");
    EXPECT_TRUE(cycles.event.starts_with("unsupported: libpfm4 has no such event"))
        << pmu << ": " << cycles.event;
    EXPECT_NE(cycles.event.find(pmu), std::string::npos) << "names the PMU: " << cycles.event;
  }
}

TEST(TlbCounters, StemsAreTheNames) {
  EXPECT_EQ(counter_stem("dtlb_load_walks"), "dtlb_load_walks");
  EXPECT_EQ(counter_stem("dtlb_walk_cycles"), "dtlb_walk_cycles");
  EXPECT_EQ(parse_event_name("dtlb_walk_cycles").kind, EventKind::kLogical);
}

}  // namespace
}  // namespace daxbench
