// The fault family driven through its Family/Workload interface on this
// host's page cache: what it touches, what it writes, and what the kernel did.
#include "workloads/fault.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstring>
#include <vector>

#include "tests/test_util.h"
#include "tests/workload_test_util.h"
#include "workloads/family.h"
#include "core/inode_mode.h"
#include "core/util.h"

namespace daxbench::testing {
namespace {

Scenario make_scenario(const std::string& dir, const ScenarioParams& overrides) {
  return make_family_scenario("fault", dir, overrides, InodeMode::kPageCache, 7);
}

long minor_faults() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_minflt;
}

TEST(Fault, NameSaysWhatRan) {
  TempDir shm("/dev/shm");
  EXPECT_EQ(make_scenario(shm.path(), {{"size", "64MiB"}}).name,
            "fault/write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/threads:1/size:64MiB");
}

TEST(Fault, WritesTouchEveryPageReallyFaultAndLandOnTheFile) {
  TempDir dir("/tmp");  // ext4 or whatever /tmp is: a real page cache
  const Scenario s = make_scenario(dir.path(), {{"size", "4MiB"}, {"threads", "2"}});
  auto w = find_family("fault")->create(s);
  w->prepare_path(dir.path());
  EXPECT_EQ(w->per_iteration().at("pages_touched"), 2.0 * 4 * kMiB / kPageSize);
  EXPECT_EQ(w->per_iteration().at("bytes"), 2.0 * 4 * kMiB);
  CountingRegion region;
  std::vector<long> faults;
  for (int i = 0; i < 3; ++i) {
    w->before_iteration();
    const long before = minor_faults();
    w->run_iteration(region);
    faults.push_back(minor_faults() - before);
  }
  EXPECT_EQ(region.begins, 3);
  EXPECT_EQ(region.ends, 3);
  // Each iteration maps afresh, so the pages fault again every time. Pages
  // and faults differ: with large folios one fault may map several pages
  // (mm/memory.c: finish_fault), so only "faults happened, every time" holds.
  for (long f : faults) {
    EXPECT_GT(f, 0);
    EXPECT_LE(f, 2 * static_cast<long>(4 * kMiB / kPageSize) + 64);
    EXPECT_GE(f, faults[0] / 2);
  }
  w->finish();
  // Independently of finish(): every page carries its stamp on the file.
  FileDescriptor fd = open_or_throw(dir.file("fault.data"), O_RDONLY);
  for (uint64_t off = 0; off < 8 * kMiB; off += kPageSize) {
    uint64_t v = 0;
    ASSERT_EQ(::pread(fd.get(), &v, sizeof v, static_cast<off_t>(off)), 8);
    ASSERT_EQ(v, fault_page_stamp(off, 7)) << "offset " << off;
  }
}

// The untimed loops (workloads/fault.h): every page gets its own stamp, at
// any base and file offset, and nothing but the first word of each page.
TEST(Fault, TouchLoopsStampEveryPageAndReadEveryPage) {
  const uint64_t bytes = 64 * kPageSize;
  std::vector<uint64_t> buffer((bytes + kPageSize) / sizeof(uint64_t), 0);
  // A page-aligned base inside the buffer, whatever new[] returned.
  char* base = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(buffer.data()) + kPageSize - 1) / kPageSize * kPageSize);
  const uint64_t file_offset = 3 * kMiB;
  write_page_stamps(base, bytes, file_offset, 42);
  uint64_t expected_sum = 0;
  for (uint64_t off = 0; off < bytes; off += kPageSize) {
    uint64_t v = 0;
    std::memcpy(&v, base + off, sizeof v);
    ASSERT_EQ(v, fault_page_stamp(file_offset + off, 42)) << "offset " << off;
    ASSERT_NE(v, 0u);
    uint64_t next = 1;
    std::memcpy(&next, base + off + sizeof v, sizeof next);
    ASSERT_EQ(next, 0u) << "offset " << off << ": more than one word written";
    expected_sum += v;
  }
  EXPECT_NE(fault_page_stamp(0, 42), fault_page_stamp(0, 43));
  EXPECT_EQ(read_pages(base, bytes), expected_sum);
  EXPECT_EQ(read_pages(base, 0), 0u);
}

TEST(Fault, PrivateWritesDoNotReachTheFile) {
  TempDir dir("/tmp");
  auto w = find_family("fault")->create(
      make_scenario(dir.path(), {{"size", "1MiB"}, {"mapping", "private"}}));
  w->prepare_path(dir.path());
  CountingRegion region;
  w->before_iteration();
  w->run_iteration(region);
  w->finish();
  FileDescriptor fd = open_or_throw(dir.file("fault.data"), O_RDONLY);
  for (uint64_t off = 0; off < kMiB; off += kPageSize) {
    uint64_t v = 1;
    ASSERT_EQ(::pread(fd.get(), &v, sizeof v, static_cast<off_t>(off)), 8);
    ASSERT_EQ(v, 0u) << "offset " << off;
  }
}

TEST(Fault, ReadAndWriteAfterReadTouchEveryPage) {
  // /tmp: a filesystem with ->page_mkwrite (tmpfs has none, so there a read
  // fault of a shared writable mapping already maps the page writable).
  TempDir shm("/tmp");
  for (const char* access : {"read", "write-after-read"}) {
    auto w = find_family("fault")->create(
        make_scenario(shm.path(), {{"size", "2MiB"}, {"access", access}}));
    const std::string sub = shm.file(access);
    std::filesystem::create_directory(sub);
    w->prepare_path(sub);
    CountingRegion region;
    const long before = minor_faults();
    w->before_iteration();
    w->run_iteration(region);
    // write-after-read write-faults every page after the read pass: the
    // pages are clean, so the read faults mapped them read-only for
    // write-notify (mm/memory.c: do_wp_page -> ->page_mkwrite).
    if (std::string(access) == "write-after-read") {
      EXPECT_GE(minor_faults() - before, 512);
    }
    EXPECT_GT(minor_faults() - before, 0);
    EXPECT_NO_THROW(w->finish());
  }
}

TEST(Fault, ColdCacheIsEvictedAndCheckedWhereItCanBe) {
  TempDir dir("/tmp");
  auto w = find_family("fault")->create(
      make_scenario(dir.path(), {{"size", "2MiB"}, {"cache", "cold"}, {"access", "read"}}));
  w->prepare_path(dir.path());
  FileDescriptor fd = open_or_throw(dir.file("fault.data"), O_RDONLY);
  CountingRegion region;
  w->before_iteration();
  EXPECT_EQ(resident_pages(fd.get(), 2 * kMiB), 0u)
      << "cold means nothing resident before the touches";
  w->run_iteration(region);
  EXPECT_GT(resident_pages(fd.get(), 2 * kMiB), 0u) << "the read faults brought pages in";
  w->before_iteration();
  EXPECT_EQ(resident_pages(fd.get(), 2 * kMiB), 0u);

  // tmpfs pages are the file: cold is impossible there, and said so.
  TempDir shm("/dev/shm");
  auto t = find_family("fault")->create(
      make_scenario(shm.path(), {{"size", "2MiB"}, {"cache", "cold"}}));
  try {
    t->prepare_path(shm.path());
    ADD_FAILURE() << "cold accepted on tmpfs";
  } catch (const SkipScenario& e) {
    EXPECT_NE(std::string(e.what()).find("tmpfs"), std::string::npos) << e.what();
  }
}

TEST(Fault, MapSyncOnPageCacheIsSkippedWithTheKernelsReason) {
  TempDir shm("/dev/shm");
  auto w = find_family("fault")->create(
      make_scenario(shm.path(), {{"size", "2MiB"}, {"mapping", "sync"}}));
  try {
    w->prepare_path(shm.path());
    ADD_FAILURE() << "MAP_SYNC accepted on tmpfs";
  } catch (const SkipScenario& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("MAP_SYNC"), std::string::npos) << msg;
    // The kernel's refusal by its errno name (core/map_sync.h).
    EXPECT_NE(msg.find("(EOPNOTSUPP)"), std::string::npos) << msg;
  }
}

TEST(Fault, LatencyModeRecordsEveryFirstTouch) {
  TempDir shm("/dev/shm");
  Scenario s = make_scenario(shm.path(), {{"size", "2MiB"}, {"pages", "pmd"}});
  s.latency = true;
  auto w = find_family("fault")->create(s);
  w->prepare_path(shm.path());
  CountingRegion region;
  w->before_iteration();
  w->run_iteration(region);
  ASSERT_NE(w->latency(), nullptr);
  EXPECT_EQ(w->latency()->count(), 512u);
  EXPECT_GT(w->latency()->max_ns(), 0u);
  EXPECT_LE(w->latency()->quantile_ns(0.5), w->latency()->quantile_ns(0.99));
}

TEST(Fault, PmdNeedsWholeHugePages) {
  TempDir shm("/dev/shm");
  EXPECT_THROW(
      find_family("fault")->create(make_scenario(shm.path(), {{"size", "3MiB"}, {"pages", "pmd"}})),
      UsageError);
}

TEST(LatencyHistogram, QuantilesWithinABucket) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 1000; ++v) h.record(v * 100);
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.max_ns(), 100000u);
  const double p50 = static_cast<double>(h.quantile_ns(0.5));
  EXPECT_GE(p50, 50000.0);
  EXPECT_LE(p50, 50000.0 * 1.125);
  const double p99 = static_cast<double>(h.quantile_ns(0.99));
  EXPECT_GE(p99, 99000.0);
  EXPECT_LE(p99, 99000.0 * 1.125);
}

TEST(Sizes, ParseAndFormat) {
  EXPECT_EQ(parse_size("64MiB"), 64 * kMiB);
  EXPECT_EQ(parse_size("4K"), 4 * kKiB);
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_FALSE(parse_size("0"));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size("12parsecs"));
  EXPECT_EQ(format_size(2 * kMiB), "2MiB");
  EXPECT_EQ(format_size(100), "100B");
}

}  // namespace
}  // namespace daxbench::testing
