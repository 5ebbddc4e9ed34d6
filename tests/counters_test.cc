// The counter layer against the running kernel: software events and
// tracepoints count what the test makes the kernel do (in kernel mode too,
// and in threads created after the counters were opened), unsupported events
// are listed and left out, bad names are usage errors.
#include "bench/counters.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/perf_events.h"
#include "core/target.h"
#include "core/util.h"

namespace daxbench {
namespace {

Scenario scenario(const std::string& family = "fault", const std::string& fs = "tmpfs") {
  Scenario s;
  s.family = find_family(family);
  s.target.fs_type = fs;
  return s;
}

struct Opened {
  std::unique_ptr<BenchmarkCounters> counters;
  std::map<std::string, std::string> unsupported;
};

Opened open(const std::vector<std::string>& events) {
  CounterOptions o;
  o.events = events;
  Opened r;
  r.counters = open_counters(o, scenario(), r.unsupported);
  return r;
}

double value_of(const std::vector<CounterReading>& readings, const std::string& name) {
  for (const auto& r : readings)
    if (r.name == name) return r.value;
  ADD_FAILURE() << "no reading for " << name;
  return -1;
}

bool has_reading(const std::vector<CounterReading>& readings, const std::string& name) {
  return std::any_of(readings.begin(), readings.end(),
                     [&](const CounterReading& r) { return r.name == name; });
}

std::string mounts() {
  std::ifstream in("/proc/self/mounts");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool tracefs_mounted() { return mounts().find(" tracefs ") != std::string::npos; }

// Writes one byte to each page of a fresh anonymous mapping.
void touch_pages(size_t pages) {
  void* p = ::mmap(nullptr, pages * kPageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  ::madvise(p, pages * kPageSize, MADV_NOHUGEPAGE);  // one fault per page
  auto* bytes = static_cast<volatile char*>(p);
  for (size_t i = 0; i < pages; ++i) bytes[i * kPageSize] = 1;
  ::munmap(p, pages * kPageSize);
}

TEST(Counters, PageFaultsAtLeastPagesTouchedInLaterThread) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for kernel-mode counting";
  Opened o = open({"page-faults"});
  ASSERT_TRUE(o.counters) << o.unsupported["page-faults"];
  constexpr size_t kPages = 1024;
  o.counters->enable();
  // Created after open_counters, as the workload's threads are.
  std::thread worker([] { touch_pages(kPages); });
  worker.join();
  o.counters->disable();
  const auto readings = o.counters->read();
  EXPECT_GE(value_of(readings, "page-faults"), kPages);
  EXPECT_LT(value_of(readings, "page-faults"), kPages * 2);
}

TEST(Counters, KernelModeFaultsAreCounted) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for kernel-mode counting";
  // read(2) into untouched pages faults them in kernel mode (copy_to_user):
  // counted only because exclude_kernel = 0.
  constexpr size_t kPages = 256;
  void* p = ::mmap(nullptr, kPages * kPageSize, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  ::madvise(p, kPages * kPageSize, MADV_NOHUGEPAGE);
  FileDescriptor zero = open_or_throw("/dev/zero", O_RDONLY);
  Opened o = open({"page-faults"});
  ASSERT_TRUE(o.counters);
  o.counters->enable();
  const ssize_t n = ::read(zero.get(), p, kPages * kPageSize);
  o.counters->disable();
  ASSERT_EQ(n, static_cast<ssize_t>(kPages * kPageSize));
  EXPECT_GE(value_of(o.counters->read(), "page-faults"), kPages);
  ::munmap(p, kPages * kPageSize);
}

TEST(Counters, TracepointCountsExactlyAndOnlyWhenEnabled) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  Opened o = open({"syscalls:sys_enter_getppid"});
  ASSERT_TRUE(o.counters) << o.unsupported["syscalls:sys_enter_getppid"];
  for (int i = 0; i < 50; ++i) ::syscall(SYS_getppid);  // before enable: not counted
  for (int round = 0; round < 3; ++round) {
    o.counters->enable();
    std::thread worker([] {
      for (int i = 0; i < 1000; ++i) ::syscall(SYS_getppid);
    });
    worker.join();
    for (int i = 0; i < 100; ++i) ::syscall(SYS_getppid);
    o.counters->disable();
    for (int i = 0; i < 50; ++i) ::syscall(SYS_getppid);  // between regions: not counted
  }
  const auto readings = o.counters->read();
  EXPECT_EQ(value_of(readings, "syscalls:sys_enter_getppid"), 3 * 1100);
  EXPECT_EQ(readings[0].scaling, 1.0);
}

// The counted pass counts several instances with one set (bench/run.cc:
// count_instances): after restart, a reading holds only what came after,
// also the counts of threads that exited before it (folded into the
// inherited event) and of threads created after it.
TEST(Counters, RestartStartsNewTotalsIncludingExitedThreads) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  Opened o = open({"syscalls:sys_enter_getppid", "page-faults"});
  ASSERT_TRUE(o.counters) << o.unsupported["syscalls:sys_enter_getppid"];
  ASSERT_TRUE(o.unsupported.empty()) << o.unsupported.begin()->second;
  for (int instance = 1; instance <= 3; ++instance) {
    o.counters->restart();
    o.counters->enable();
    std::thread worker([instance] {
      for (int i = 0; i < 100 * instance; ++i) ::syscall(SYS_getppid);
    });
    worker.join();
    o.counters->disable();
    for (int i = 0; i < 50; ++i) ::syscall(SYS_getppid);  // disabled: not counted
    const auto readings = o.counters->read();
    EXPECT_EQ(value_of(readings, "syscalls:sys_enter_getppid"), 100 * instance) << instance;
    for (const auto& r : readings) EXPECT_EQ(r.scaling, 1.0) << r.name << " " << instance;
  }
}

TEST(Counters, TracepointFilterAppliesInInheritedThreads) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  const std::string filtered = "syscalls:sys_enter_dup[fildes == 987]";
  Opened o = open({filtered, "syscalls:sys_enter_dup"});
  ASSERT_TRUE(o.counters) << o.unsupported[filtered];
  ASSERT_TRUE(o.unsupported.empty()) << o.unsupported.begin()->second;
  o.counters->enable();
  std::thread worker([] {
    for (int i = 0; i < 300; ++i) ::syscall(SYS_dup, 987);  // EBADF, still traced
    for (int i = 0; i < 200; ++i) ::syscall(SYS_dup, 986);
  });
  worker.join();
  o.counters->disable();
  const auto readings = o.counters->read();
  EXPECT_EQ(value_of(readings, filtered), 300);
  EXPECT_EQ(value_of(readings, "syscalls:sys_enter_dup"), 500);
}

TEST(Counters, SoftwareEventsAndTracepointsTogetherCountExactly) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  // Regression: mixing PMUs in one group lost the tracepoint's counts.
  Opened o = open(
      {"page-faults", "syscalls:sys_enter_getppid", "context-switches", "syscalls:sys_enter_dup"});
  ASSERT_TRUE(o.counters);
  ASSERT_TRUE(o.unsupported.empty()) << o.unsupported.begin()->second;
  for (int round = 0; round < 200; ++round) {
    o.counters->enable();
    ::syscall(SYS_getppid);
    ::syscall(SYS_dup, 999);
    o.counters->disable();
  }
  const auto readings = o.counters->read();
  EXPECT_EQ(value_of(readings, "syscalls:sys_enter_getppid"), 200);
  EXPECT_EQ(value_of(readings, "syscalls:sys_enter_dup"), 200);
  for (const auto& r : readings) EXPECT_EQ(r.scaling, 1.0) << r.name;
}

TEST(Counters, BadFilterIsUnsupportedWithReason) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for tracepoints";
  const std::string name = "syscalls:sys_enter_dup[no_such_field == 1]";
  Opened o = open({name, "page-faults"});
  ASSERT_TRUE(o.unsupported.count(name));
  EXPECT_NE(o.unsupported[name].find("format"), std::string::npos) << o.unsupported[name];
  ASSERT_TRUE(o.counters);
  EXPECT_FALSE(has_reading(o.counters->read(), name));
}

TEST(Counters, MissingTracepointAndKprobeAreUnsupportedNeverZero) {
  Opened o = open({"fs_dax:no_such_event", "kprobe:no_such_function_daxbench", "page-faults"});
  ASSERT_TRUE(o.unsupported.count("fs_dax:no_such_event"));
  ASSERT_TRUE(o.unsupported.count("kprobe:no_such_function_daxbench"));
  EXPECT_FALSE(o.unsupported["kprobe:no_such_function_daxbench"].empty());
  if (o.counters) {
    const auto readings = o.counters->read();
    EXPECT_FALSE(has_reading(readings, "fs_dax:no_such_event"));
    EXPECT_FALSE(has_reading(readings, "kprobe:no_such_function_daxbench"));
  }
}

TEST(Counters, UnsupportedHardwareEventIsListedNotRead) {
  Opened o = open({"cycles", "page-faults"});
  ASSERT_TRUE(o.counters);
  const auto readings = o.counters->read();
  // Exactly one of: counted, or unsupported with a reason.
  EXPECT_NE(has_reading(readings, "cycles"), o.unsupported.count("cycles") == 1);
  if (o.unsupported.count("cycles")) {
    EXPECT_FALSE(o.unsupported["cycles"].empty());
    std::printf("cycles unsupported here: %s\n", o.unsupported["cycles"].c_str());
  }
  EXPECT_TRUE(has_reading(readings, "page-faults"));
}

TEST(Counters, RequireEventsTurnsUnsupportedIntoError) {
  CounterOptions o;
  o.events = {"fs_dax:no_such_event"};
  o.require_events = true;
  std::map<std::string, std::string> unsupported;
  EXPECT_THROW(open_counters(o, scenario(), unsupported), UsageError);
}

// A handler the filesystem does not have is an answer (unsupported, with
// where those calls are counted), not a failure of this machine.
TEST(Counters, RequireEventsLetsAHandlerTheFilesystemLacksPass) {
  CounterOptions o;
  o.events = {"fs_pfn_mkwrite"};
  o.require_events = true;
  std::map<std::string, std::string> unsupported;
  EXPECT_NO_THROW(open_counters(o, scenario("fault", "ext4"), unsupported));
  ASSERT_TRUE(unsupported.count("fs_pfn_mkwrite"));
  EXPECT_NE(unsupported["fs_pfn_mkwrite"].find("ext4_dax_fault"), std::string::npos);
  // One this machine fails to count still is an error.
  o.events = {"fs_pfn_mkwrite", "fs_dax:no_such_event"};
  EXPECT_THROW(open_counters(o, scenario("fault", "ext4"), unsupported), UsageError);
}

TEST(Counters, NoEventsOpensNothing) {
  CounterOptions o;
  o.no_events = true;
  std::map<std::string, std::string> unsupported;
  EXPECT_EQ(open_counters(o, scenario(), unsupported), nullptr);
  EXPECT_TRUE(unsupported.empty());
}

TEST(Counters, TracefsLeftAsFound) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount tracefs";
  const bool before = tracefs_mounted();
  {
    Opened o = open({"syscalls:sys_enter_getppid"});
    EXPECT_TRUE(o.counters);
  }
  EXPECT_EQ(tracefs_mounted(), before);
}

TEST(Counters, DefaultFaultSetOpensOrExplains) {
  for (const std::string fs : {"ext4", "xfs", "tmpfs"}) {
    CounterOptions o;
    CounterSetup setup;
    auto c = open_counters(o, scenario("fault", fs), setup);
    ASSERT_TRUE(c);
    const auto readings = c->read();
    for (const auto& name : default_events("fault", fs)) {
      // Exactly one of: read, or unsupported with a reason.
      EXPECT_NE(has_reading(readings, name), setup.unsupported.count(name) == 1) << name;
      if (setup.unsupported.count(name)) {
        EXPECT_FALSE(setup.unsupported[name].empty()) << name;
        EXPECT_FALSE(setup.sources.count(name)) << name;
      } else if (name.find(':') != std::string::npos || name.starts_with("fs_")) {
        // Every kernel-resolved counter says what it was on this kernel.
        EXPECT_FALSE(setup.sources[name].empty()) << name;
      }
    }
    for (const auto& [name, src] : setup.sources)
      std::printf("%s %s <- %s\n", fs.c_str(), name.c_str(), src.c_str());
    for (const auto& [name, why] : setup.unsupported)
      std::printf("%s %s unsupported: %s\n", fs.c_str(), name.c_str(), why.c_str());
    EXPECT_TRUE(has_reading(readings, "page-faults"));
  }
}

TEST(EventNames, BadNamesAreUsageErrors) {
  for (const std::string bad :
       {"foo", "page_faults", "kprobe:", "kprobe:1abc", "fs_dax:dax_pte_fault_done/bogus",
        "fs_dax:dax_load_hole/mapped", "fs_dax:dax_pmd_fault_done[]", "NOT_AN_EVENT_XYZ:FOO"}) {
    try {
      validate_event_names({bad});
      ADD_FAILURE() << "accepted " << bad;
    } catch (const UsageError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("unknown event '" + bad + "'"), std::string::npos) << msg;
      EXPECT_NE(msg.find("kprobe:function"), std::string::npos) << msg;
    }
  }
}

TEST(EventNames, GoodNamesParse) {
  EXPECT_NO_THROW(validate_event_names(
      {"page-faults", "minor-faults", "major-faults", "context-switches", "cpu-migrations",
       "cycles", "instructions", "dTLB-load-misses", "fs_dax:dax_pmd_fault_done",
       "fs_dax:dax_pmd_fault_done/mapped", "fs_dax:dax_pmd_fault_done/fallback",
       "fs_dax:dax_pmd_fault_done[result == 256]", "kprobe:ext4_page_mkwrite"}));
  const EventSpec mapped = parse_event_name("fs_dax:dax_pmd_fault_done/mapped");
  EXPECT_EQ(mapped.kind, EventKind::kTracepoint);
  EXPECT_EQ(mapped.filter, "result & 8448");  // VM_FAULT_NOPAGE | VM_FAULT_NEEDDSYNC
  EXPECT_EQ(parse_event_name("fs_dax:dax_pmd_fault_done/fallback").filter, "result & 2048");
  EXPECT_EQ(parse_event_name("kprobe:xfs_filemap_pfn_mkwrite").function, "xfs_filemap_pfn_mkwrite");
}

TEST(EventNames, DefaultSetsPerFilesystem) {
  // Handlers by meaning, the same names on ext4 and xfs and on every kernel.
  const auto ext4 = default_events("fault", "ext4");
  EXPECT_NE(std::find(ext4.begin(), ext4.end(), "fs_page_mkwrite"), ext4.end());
  EXPECT_NE(std::find(ext4.begin(), ext4.end(), "fs_dax_fault_handler"), ext4.end());
  EXPECT_NE(std::find(ext4.begin(), ext4.end(), "fs_dax:dax_pmd_fault_done/mapped"), ext4.end());
  const auto xfs = default_events("fault", "xfs");
  EXPECT_NE(std::find(xfs.begin(), xfs.end(), "fs_pfn_mkwrite"), xfs.end());
  EXPECT_NE(std::find(xfs.begin(), xfs.end(), "fs_dax_fault_handler"), xfs.end());
  EXPECT_EQ(std::find(xfs.begin(), xfs.end(), "kprobe:xfs_filemap_pfn_mkwrite"), xfs.end());
  const auto tmpfs = default_events("fault", "tmpfs");
  EXPECT_EQ(std::find(tmpfs.begin(), tmpfs.end(), "fs_dax_fault_handler"), tmpfs.end());
  const auto other = default_events("flag-switch", "xfs");
  EXPECT_EQ(other.front(), "page-faults");
  EXPECT_EQ(std::find(other.begin(), other.end(), "dTLB-load-misses"), other.end());
  EXPECT_NO_THROW(validate_event_names(ext4));
  EXPECT_NO_THROW(validate_event_names(xfs));
}

// The fault family's presentation: its unit (the page touched), its ratios.
FamilyPresentation fault_presentation() { return find_family("fault")->presentation(); }

TEST(DeriveCounters, NamesUnitsAndRatios) {
  std::vector<CounterReading> readings = {
      {"page-faults", 33000, 33000, 1.0},
      {"fs_dax:dax_pmd_fault_done/mapped", 96, 96, 1.0},
      {"fs_dax:dax_pmd_fault_done/fallback", 32, 32, 1.0},
      {"fs_dax:dax_pte_fault_done", 0, 0, 1.0},
      {"dTLB-load-misses", 2000, 1000, 2.0},
      {"kprobe:ext4_page_mkwrite", 10, 10, 1.0},
      {"cycles", 0, 0, 0.0},  // enabled, never scheduled: left out
  };
  const auto c = derive_counters(readings, {{"pages_touched", 16384}, {"bytes", 64.0 * kMiB}}, 2,
                                 fault_presentation());
  EXPECT_DOUBLE_EQ(c.at("page_faults_total"), 33000);
  EXPECT_DOUBLE_EQ(c.at("page_faults_per_page_touched"), 16500.0 / 16384);
  // (the same figure is not written twice as faults_per_page_touched)
  EXPECT_EQ(c.count("faults_per_page_touched"), 0u);
  EXPECT_DOUBLE_EQ(c.at("pmd_mapped_per_page_touched"), 48.0 / 16384);
  EXPECT_DOUBLE_EQ(c.at("pmd_fallback_per_page_touched"), 16.0 / 16384);
  EXPECT_DOUBLE_EQ(c.at("pmd_mapped_ratio"), 0.75);
  EXPECT_DOUBLE_EQ(c.at("dax_pte_faults_per_page_touched"), 0);
  EXPECT_DOUBLE_EQ(c.at("dtlb_load_misses_scaling"), 2.0);
  EXPECT_EQ(c.count("page_faults_scaling"), 0u);
  EXPECT_DOUBLE_EQ(c.at("ext4_page_mkwrite_calls_total"), 10);
  // One normalisation per counter: the family's unit, none of the others.
  for (const auto& [k, v] : c) {
    EXPECT_EQ(k.find("cycles"), std::string::npos) << k;
    EXPECT_FALSE(k.ends_with("_per_iteration")) << k;
    EXPECT_FALSE(k.ends_with("_per_byte")) << k;
  }
}

TEST(DeriveCounters, FaultsPerPageTouchedBesideAnotherUnit) {
  // mmap-write counts per byte; its faults per page touched are derived.
  const auto c =
      derive_counters({{"page-faults", 60, 60, 1.0}}, {{"pages_touched", 10}, {"bytes", 40960}}, 3,
                      find_family("mmap-write")->presentation());
  EXPECT_DOUBLE_EQ(c.at("page_faults_per_byte"), 20.0 / 40960);
  EXPECT_DOUBLE_EQ(c.at("faults_per_page_touched"), 2.0);
}

TEST(DeriveCounters, PerIterationWithoutTheUnitQuantity) {
  // A scenario that does not report the family's quantity (or reports 0 of
  // it) gets its counters per iteration instead.
  const auto c = derive_counters({{"page-faults", 30, 30, 1.0}}, {{"pages_touched", 0}}, 3,
                                 fault_presentation());
  EXPECT_DOUBLE_EQ(c.at("page_faults_per_iteration"), 10);
  EXPECT_EQ(c.count("page_faults_per_page_touched"), 0u);
  EXPECT_EQ(c.count("faults_per_page_touched"), 0u);
}

TEST(DeriveCounters, FaultPathCountersPerPageFault) {
  // 3 iterations of 1024 pages, 256 faults each (fault-around): walks and
  // fallbacks are per fault, not per page touched.
  const std::vector<CounterReading> r = {{"page-faults", 768, 768, 1.0},
                                         {"handle_mm_fault_calls", 1536, 1536, 1.0},
                                         {"mmap_lock_fault_fallbacks", 768, 768, 1.0}};
  const auto c = derive_counters(r, {{"pages_touched", 1024}}, 3, fault_presentation());
  EXPECT_DOUBLE_EQ(c.at("handle_mm_fault_calls_per_page_fault"), 2.0);
  EXPECT_DOUBLE_EQ(c.at("mmap_lock_fault_fallbacks_per_page_fault"), 1.0);
  EXPECT_EQ(c.count("handle_mm_fault_calls_per_page_touched"), 0u);
  EXPECT_DOUBLE_EQ(c.at("handle_mm_fault_calls_total"), 1536);
  EXPECT_DOUBLE_EQ(c.at("page_faults_per_page_touched"), 0.25);
  // No page fault (MAP_POPULATE walks the path from get_user_pages): the
  // family's unit instead, never a division by 0.
  const auto p =
      derive_counters({{"page-faults", 0, 0, 1.0}, {"handle_mm_fault_calls", 3072, 3072, 1.0}},
                      {{"pages_touched", 1024}}, 3, fault_presentation());
  EXPECT_EQ(p.count("handle_mm_fault_calls_per_page_fault"), 0u);
  EXPECT_DOUBLE_EQ(p.at("handle_mm_fault_calls_per_page_touched"), 1.0);
}

TEST(DeriveCounters, NoRatioWithoutAttempts) {
  const auto c = derive_counters({{"fs_dax:dax_pmd_fault_done/mapped", 0, 0, 1.0},
                                  {"fs_dax:dax_pmd_fault_done/fallback", 0, 0, 1.0}},
                                 {}, 5, fault_presentation());
  EXPECT_EQ(c.count("pmd_mapped_ratio"), 0u);
  EXPECT_DOUBLE_EQ(c.at("pmd_mapped_per_iteration"), 0);
}

}  // namespace
}  // namespace daxbench
