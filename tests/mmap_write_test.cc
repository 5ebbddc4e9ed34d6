// The mmap-write family driven through its Family/Workload interface on this
// host's page cache: the bytes it writes, its persistence variants, the
// anonymous reference, and the skips it owes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "tests/test_util.h"
#include "tests/workload_test_util.h"
#include "workloads/family.h"
#include "workloads/mmap_write_pattern.h"

namespace daxbench::testing {
namespace {

const Family& family() {
  const Family* f = find_family("mmap-write");
  EXPECT_NE(f, nullptr);
  return *f;
}

// One matrix point, 2 MiB per thread unless overridden.
Scenario make_scenario(const std::string& dir, ScenarioParams overrides,
                       InodeMode mode = InodeMode::kPageCache) {
  overrides.emplace("size", "2MiB");
  return make_family_scenario("mmap-write", dir, overrides, mode, 11);
}

// Reads the whole file with pread and compares every word with the pattern of
// `generation`; returns the first bad offset or -1.
int64_t first_bad_offset(const std::string& path, uint64_t bytes, uint64_t seed,
                         uint64_t generation) {
  FileDescriptor fd = open_or_throw(path, O_RDONLY);
  std::vector<uint64_t> words(bytes / 8);
  uint64_t done = 0;
  while (done < bytes) {
    const ssize_t n = ::pread(fd.get(), reinterpret_cast<char*>(words.data()) + done, bytes - done,
                              static_cast<off_t>(done));
    if (n <= 0) return static_cast<int64_t>(done);
    done += static_cast<uint64_t>(n);
  }
  for (uint64_t i = 0; i < words.size(); ++i)
    if (words[i] != mmap_write_word(i * 8, seed, generation)) return static_cast<int64_t>(i * 8);
  return -1;
}

void run_iterations(Workload& w, int n, CountingRegion& region) {
  for (int i = 0; i < n; ++i) {
    w.before_iteration();
    w.run_iteration(region);
  }
}

TEST(MmapWrite, NamesSayWhatRanAndTheReferenceHasOneName) {
  TempDir shm("/dev/shm");
  EXPECT_EQ(
      make_scenario(shm.path(), {{"store", "64B"}}).name,
      "mmap-write/seq/store:64B/temporal/none/prefault:yes/pagecache/tmpfs/threads:1/size:2MiB");
  EXPECT_EQ(
      make_scenario(shm.path(), {{"store", "4KiB"}, {"persistence", "msync"}, {"every", "16"}})
          .name,
      "mmap-write/seq/store:4KiB/temporal/msync:16/prefault:yes/pagecache/tmpfs/threads:1/"
      "size:2MiB");
  // ref/anon replaces mode and filesystem, so it is one benchmark whatever
  // the modes (the matrix keeps one of equal names).
  const Scenario a = make_scenario(shm.path(), {{"store", "64B"}, {"backing", "anon"}});
  const Scenario b =
      make_scenario(shm.path(), {{"store", "64B"}, {"backing", "anon"}}, InodeMode::kDaxInode);
  EXPECT_EQ(a.name,
            "mmap-write/seq/store:64B/temporal/none/prefault:yes/ref/anon/threads:1/size:2MiB");
  EXPECT_EQ(a.name, b.name);
  // No file to msync or fsync on anonymous memory: those points are dropped.
  ScenarioParams p = a.params;
  p["persistence"] = "msync";
  EXPECT_FALSE(family().normalize(p, InodeMode::kPageCache).has_value());
  // The reference is in every config by default.
  for (const auto& spec : family().params()) {
    if (spec.key == "backing") {
      EXPECT_EQ(spec.defaults, (std::vector<std::string>{"file", "anon"}));
    }
  }
  EXPECT_EQ(family().bytes_needed(a.params), 0u);
}

struct PatternCase {
  std::string pattern, store, kind, prefault, threads;
};

// GoogleTest prints a parameter it cannot print as a byte dump of the struct.
void PrintTo(const PatternCase& c, std::ostream* os) {
  *os << c.pattern << " " << c.store << " " << c.kind << " prefault:" << c.prefault
      << " threads:" << c.threads;
}

class MmapWritePattern : public ::testing::TestWithParam<PatternCase> {};

TEST_P(MmapWritePattern, WritesExactlyThePatternOnTheFile) {
  const PatternCase& c = GetParam();
  for (const std::string parent : {"/dev/shm", "/tmp"}) {
    TempDir dir(parent);
    const Scenario s = make_scenario(dir.path(), {{"pattern", c.pattern},
                                                  {"store", c.store},
                                                  {"kind", c.kind},
                                                  {"prefault", c.prefault},
                                                  {"threads", c.threads},
                                                  {"backing", "file"}});
    auto w = family().create(s);
    w->prepare_path(dir.path());
    const uint64_t threads = std::stoull(c.threads);
    const uint64_t store = *parse_size(c.store);
    EXPECT_EQ(w->per_iteration().at("bytes"), static_cast<double>(2 * kMiB * threads));
    EXPECT_EQ(w->per_iteration().at("operations"), static_cast<double>(2 * kMiB * threads / store));
    CountingRegion region;
    run_iterations(*w, 3, region);
    EXPECT_EQ(region.begins, 3);
    EXPECT_EQ(region.ends, 3);
    EXPECT_NO_THROW(w->finish());
    // Independently of finish(): every word of the file is iteration 3's.
    EXPECT_EQ(first_bad_offset(dir.file("mmap-write.data"), 2 * kMiB * threads, 11, 3), -1)
        << s.name;
    EXPECT_NE(mmap_write_word(0, 11, 3), mmap_write_word(0, 11, 2)) << "generations differ";
  }
}

INSTANTIATE_TEST_SUITE_P(Patterns, MmapWritePattern,
                         ::testing::Values(PatternCase{"seq", "64B", "temporal", "yes", "1"},
                                           PatternCase{"rand", "8B", "temporal", "yes", "2"},
                                           PatternCase{"rand", "4KiB", "nontemporal", "no", "1"},
                                           PatternCase{"seq", "2MiB", "nontemporal", "yes", "2"},
                                           PatternCase{"rand", "256B", "temporal", "no", "2"}),
                         [](const auto& info) {
                           return info.param.pattern + "_" +
                                  std::to_string(*parse_size(info.param.store)) + "B_" +
                                  info.param.kind + "_prefault_" + info.param.prefault +
                                  "_threads" + info.param.threads;
                         });

TEST(MmapWrite, MsyncAndFsyncVariantsRunAndVerify) {
  TempDir dir("/tmp");  // ext4 on this host: msync/fsync really write back
  for (const std::string persistence : {"msync", "fsync"}) {
    for (const std::string pattern : {"seq", "rand"}) {
      SCOPED_TRACE(persistence + " " + pattern);
      const std::string sub = dir.file(persistence + pattern);
      ASSERT_EQ(::mkdir(sub.c_str(), 0700), 0);
      const Scenario s = make_scenario(sub, {{"persistence", persistence},
                                             {"every", "16"},
                                             {"pattern", pattern},
                                             {"store", "4KiB"},
                                             {"backing", "file"}});
      EXPECT_NE(s.name.find("/" + persistence + ":16/"), std::string::npos) << s.name;
      auto w = family().create(s);
      w->prepare_path(sub);
      CountingRegion region;
      run_iterations(*w, 2, region);
      EXPECT_NO_THROW(w->finish());
      EXPECT_EQ(first_bad_offset(sub + "/mmap-write.data", 2 * kMiB, 11, 2), -1);
      // After the last sync nothing the sync covered is left dirty: evicting
      // the page cache must leave the pattern on the file.
      FileDescriptor fd = open_or_throw(sub + "/mmap-write.data", O_RDONLY);
      evict_page_cache(fd.get(), 2 * kMiB);
      EXPECT_EQ(first_bad_offset(sub + "/mmap-write.data", 2 * kMiB, 11, 2), -1);
    }
  }
}

TEST(MmapWrite, FlushIsSkippedOnThePageCacheBecauseMapSyncIsRefused) {
  for (const std::string parent : {"/dev/shm", "/tmp"}) {
    TempDir dir(parent);
    auto w =
        family().create(make_scenario(dir.path(), {{"persistence", "flush"}, {"backing", "file"}}));
    try {
      w->prepare_path(dir.path());
      ADD_FAILURE() << "flush accepted on a page-cache file in " << parent;
    } catch (const SkipScenario& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("MAP_SYNC"), std::string::npos) << msg;
      EXPECT_NE(msg.find("(EOPNOTSUPP)"), std::string::npos) << msg;  // core/map_sync.h
    }
  }
}

TEST(MmapWrite, AnonymousReferenceRunsTheSameLoopIncludingFlush) {
  TempDir dir("/dev/shm");
  for (const std::string persistence : {"none", "flush"}) {
    Scenario s = make_scenario(
        dir.path(), {{"backing", "anon"}, {"persistence", persistence}, {"store", "256B"}});
    s.latency = true;
    auto w = family().create(s);
    w->prepare_path(dir.path());
    CountingRegion region;
    run_iterations(*w, 2, region);
    EXPECT_NO_THROW(w->finish());
    EXPECT_TRUE(dir.entries().empty()) << "the reference creates no file";
    ASSERT_NE(w->latency(), nullptr);
    EXPECT_EQ(w->latency()->count(), 2 * 2 * kMiB / 256) << "one latency per store";
    EXPECT_GT(w->latency()->quantile_ns(0.5), 0u);
  }
}

TEST(MmapWrite, CheckFailsWithOffsetExpectedAndFoundWhenTheFileIsWrong) {
  TempDir dir("/tmp");
  auto w = family().create(make_scenario(dir.path(), {{"backing", "file"}, {"store", "4KiB"}}));
  w->prepare_path(dir.path());
  CountingRegion region;
  run_iterations(*w, 1, region);
  // Damage one byte behind the workload's back, through the file.
  FileDescriptor fd = open_or_throw(dir.file("mmap-write.data"), O_RDWR);
  const char junk = 0x5a;
  ASSERT_EQ(::pwrite(fd.get(), &junk, 1, 12345), 1);
  try {
    w->finish();
    ADD_FAILURE() << "damage not detected";
  } catch (const WorkloadFailure& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("offset 12344"), std::string::npos) << msg;  // the word holding it
    EXPECT_NE(msg.find("expected 0x"), std::string::npos) << msg;
    EXPECT_NE(msg.find("found 0x"), std::string::npos) << msg;
  }
}

TEST(MmapWrite, BadStoreSizesAreUsageErrors) {
  TempDir dir("/dev/shm");
  EXPECT_THROW(family().create(make_scenario(dir.path(), {{"store", "24B"}})), UsageError);
  EXPECT_THROW(family().create(make_scenario(dir.path(), {{"store", "4MiB"}, {"size", "4MiB"}})),
               UsageError);
  EXPECT_THROW(family().create(make_scenario(dir.path(), {{"store", "2MiB"}, {"size", "1MiB"}})),
               UsageError);
}

}  // namespace
}  // namespace daxbench::testing
