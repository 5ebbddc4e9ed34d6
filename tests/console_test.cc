// `daxbench run`'s stdout: the compact table by default (one row per
// benchmark in 120 columns, the family's headline counters, skips as one
// line), Google Benchmark's console with --benchmark_format=console.
#include "bench/console.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Console, ElideMiddleCountsColumns) {  // the progress line
  EXPECT_EQ(elide_middle("abcdef", 6), "abcdef");
  EXPECT_EQ(elide_middle("abcdef", 5), "ab…ef");
  EXPECT_EQ(display_width(elide_middle("µs-µs-µs-µs", 5)), 5u);
  EXPECT_EQ(display_width("4.82 µs"), 7u);
}

TEST(Console, WrapBreaksAfterASeparatorAndKeepsEveryCharacter) {
  const std::string name = "time-to-effective/holder:mmap/hold:20ms/fsxattr/to-dax/pagecache/ext4";
  const auto pieces = wrap_columns(name, 40, 38, "/");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "time-to-effective/holder:mmap/hold:20ms/");
  EXPECT_EQ(pieces[1], "fsxattr/to-dax/pagecache/ext4");
  EXPECT_EQ(wrap_columns("short", 40, 38, "/"), std::vector<std::string>{"short"});
  // No separator in reach: split at the width, nothing dropped.
  EXPECT_EQ(wrap_columns("abcdefgh/ij", 3, 3, "/"),
            (std::vector<std::string>{"abc", "def", "gh/", "ij"}));
  EXPECT_EQ(wrap_columns("µµµµ", 2, 2, "/"), (std::vector<std::string>{"µµ", "µµ"}));
  EXPECT_TRUE(wrap_columns("", 5, 5, "/").empty());
}

// The table from runs handed to the reporter: names longer than their
// column (flag-switch's, on a real filesystem), a counter name wider than
// its column, a skipped benchmark with a long name.
TEST(Console, LongNamesWrapWholeNeverCut) {
  const std::string prefix = "flag-switch/time-to-effective/";
  const std::string suffix = "/fsxattr/to-dax/pagecache/ext4/threads:1/size:2MiB";
  const std::vector<std::string> names = {
      prefix + "holder:none" + suffix,
      prefix + "holder:mmap/hold:20ms/with-a-deliberately-long-parameter:value" + suffix,
      prefix + "holder:faulting/hold:20ms/with-a-deliberately-long-parameter:value" + suffix};
  std::vector<std::pair<std::string, std::string>> planned;
  for (const auto& n : names) planned.push_back({n, "flag-switch"});
  FamilyPresentation p;
  p.family = "flag-switch";
  p.unit = "switch";
  p.unit_quantity = "switches";
  p.headline_counters = {"switches_effective", "tlb_flush_remote_shootdown"};
  CompactConsoleReporter reporter(planned, {{"flag-switch", p}}, "wall-ns");
  std::ostringstream out;
  reporter.SetOutputStream(&out);
  for (size_t i = 0; i < names.size(); ++i) {
    benchmark::BenchmarkReporter::Run run;
    run.run_name.function_name = names[i];
    run.iterations = 10;
    run.real_accumulated_time = 1e-3;
    run.counters["switches"] = benchmark::Counter(1);
    if (i == 2) {
      run.error_occurred = true;
      run.error_message =
          "skipped: holder faulting needs a DAX-capable filesystem; this one is not";
    }
    reporter.ReportRuns({run});
  }
  const std::string text = out.str();
  SCOPED_TRACE(text);
  EXPECT_EQ(text.find("…"), std::string::npos) << "nothing elided";
  const auto all = lines(text);
  for (const auto& line : all) EXPECT_LE(display_width(line), 120u) << line;
  // Every row's name, less what every row has, is there whole: its first
  // piece begins the row, the rest follow on indented lines.
  auto whole_name = [&](const std::string& start) {
    for (size_t i = 0; i < all.size(); ++i) {
      if (!all[i].starts_with(start)) continue;
      std::string name = all[i].substr(0, all[i].find("  "));
      for (size_t k = i + 1; k < all.size() && all[k].starts_with("  "); ++k)
        name += all[k].substr(2);
      return name;
    }
    return std::string("(no row starts with " + start + ")");
  };
  EXPECT_EQ(whole_name("holder:none  "), "holder:none");
  EXPECT_EQ(whole_name("holder:mmap/"),
            "holder:mmap/hold:20ms/with-a-deliberately-long-parameter:value");
  // The skip: its line wrapped between words (the reason's), the name whole.
  EXPECT_NE(text.find("\nskipped: holder:faulting/hold:20ms/with-a-deliberately-long-parameter:"
                      "value: holder faulting"),
            std::string::npos);
  EXPECT_NE(text.find("DAX-capable\n  filesystem; this one is not\n"), std::string::npos);
  // The parts every row has are said once, in the header.
  EXPECT_NE(text.find("every row: time-to-effective/fsxattr/to-dax/pagecache/ext4/threads:1/"
                      "size:2MiB"),
            std::string::npos);
  // The counter wider than its column: on two header lines, broken after '_'.
  size_t header = 0;
  while (header < all.size() && !all[header].starts_with("benchmark")) ++header;
  ASSERT_LT(header, all.size());
  ASSERT_GT(header, 0u);
  EXPECT_TRUE(all[header - 1].ends_with("tlb_flush_remote_")) << all[header - 1];
  EXPECT_TRUE(all[header].ends_with("shootdown")) << all[header];
}

TEST(Console, CvFitsItsColumn) {
  EXPECT_EQ(cv_text(0.339), "±0.3%");
  EXPECT_EQ(cv_text(7.68), "±7.7%");
  EXPECT_EQ(cv_text(9.96), "±10%");
  EXPECT_EQ(cv_text(24.4), "±24%");
  EXPECT_EQ(cv_text(150), "±150%");
  EXPECT_EQ(cv_text(5000), ">999%");
  for (double v : {0.0, 0.339, 9.949, 99.9, 998.0, 1e9}) EXPECT_LE(display_width(cv_text(v)), 5u);
}

TEST(Console, CompactTableOneRowPerBenchmark) {
  TempDir shm("/dev/shm");
  TempDir work;
  // Two fault scenarios that run, one that skips (cache=cold: tmpfs pages
  // can't be evicted), two repetitions each, and mmap-write beside them.
  const CommandResult r = run_daxbench(
      "run --target " + shm.path() +
      " --family fault,mmap-write --access write --pages pte --cache warm,cold --store 4KiB "
      "--size 2MiB --benchmark_min_time=0.01 --benchmark_repetitions=2 --out " +
      work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  SCOPED_TRACE(r.out);
  for (const auto& line : lines(r.out)) EXPECT_LE(display_width(line), 120u) << line;
  // No Google Benchmark header, aggregate rows or DEBUG warning.
  EXPECT_EQ(r.out.find("Benchmark "), std::string::npos);
  EXPECT_EQ(r.out.find("_median"), std::string::npos);
  EXPECT_EQ(r.out.find("***WARNING***"), std::string::npos);
  EXPECT_EQ(r.out.find("ERROR"), std::string::npos);
  // The families' headers name their headline counters.
  EXPECT_NE(r.out.find("fault: per page"), std::string::npos);
  EXPECT_NE(r.out.find("mmap-write: throughput"), std::string::npos);
  for (const char* c :
       {"pmd_mapped", "handle_mm_fault_calls", "mmap_lock_", "page_faults", "dax_pfn_mkwrites"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c;
  // The skipped point: one plain line.
  EXPECT_EQ(count_of(r.out, "skipped: "), 1u);
  // (named without what the family's header says every row has)
  EXPECT_NE(r.out.find("skipped: cache:cold: cache=cold impossible on tmpfs"), std::string::npos);
  // One row per benchmark that ran: the warm fault and each mmap-write point.
  const auto j = nlohmann::json::parse(read_file(work.file("r.json")));
  std::set<std::string> ran;
  for (const auto& b : j["benchmarks"])
    if (!b.value("error_occurred", false)) ran.insert(b["run_name"].get<std::string>());
  ASSERT_GE(ran.size(), 2u);
  size_t rows = 0;
  for (const auto& line : lines(r.out)) rows += line.find(" ±") != std::string::npos;
  EXPECT_EQ(rows, ran.size());
  // Throughput for mmap-write, time per page for fault.
  EXPECT_NE(r.out.find("B/s"), std::string::npos);
  EXPECT_NE(r.out.find("s "), std::string::npos);
}

TEST(Console, PartsEveryNameHasAreSaidOnceWhereverTheyStand) {
  // configs/scaling.ini: "processes:N" stands in some fault names only, so
  // the parts after it are shifted; they are still said once, in the header.
  TempDir shm("/dev/shm");
  TempDir work;
  const CommandResult r = run_daxbench(
      "run --config " + std::string(DAXBENCH_SOURCE_DIR) + "/configs/scaling.ini --family fault " +
      "--target " + shm.path() + " --size 2MiB --events none --benchmark_min_time=0.01 --out " +
      work.file("r.json"));
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  SCOPED_TRACE(r.out);
  EXPECT_NE(r.out.find("every row: write/shared/pte/populate:none/cache:warm/pagecache/tmpfs/"
                       "size:2MiB"),
            std::string::npos);
  size_t rows = 0;
  for (const auto& line : lines(r.out)) {
    if (line.find(" ns ") == std::string::npos && line.find(" µs ") == std::string::npos) continue;
    ++rows;  // a benchmark's row: its time per page
    EXPECT_EQ(line.find("size:2MiB"), std::string::npos) << line;
    EXPECT_EQ(line.find("…"), std::string::npos) << line;  // short enough to show whole
    EXPECT_TRUE(line.starts_with("threads:") || line.starts_with("processes:")) << line;
  }
  EXPECT_EQ(rows, 7u);  // threads 1..4, processes 2..4
}

TEST(Console, GoogleBenchmarkConsoleOnRequest) {
  TempDir shm("/dev/shm");
  const CommandResult r =
      run_daxbench("run --target " + shm.path() +
                   " --access write --size 2MiB --benchmark_min_time=0.01 --events none"
                   " --benchmark_format=console");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Benchmark"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Iterations"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("fault: per page"), std::string::npos) << r.out;
}

TEST(Console, UnsupportedCounterIsNotAvailableNeverZero) {
  TempDir shm("/dev/shm");
  const CommandResult r = run_daxbench("run --target " + shm.path() +
                                       " --access write --size 2MiB --benchmark_min_time=0.01 "
                                       "--events none");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_GE(count_of(r.out, "n/a"), 2u) << r.out;  // pmd_mapped, pmd_fallback: not counted
}

}  // namespace
}  // namespace daxbench::testing
