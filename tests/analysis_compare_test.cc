// daxbench compare: the results loader, A/A and A/B verdicts, exit statuses
// and the one-line errors of every bad-input class, through the real CLI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "analysis/compare.h"
#include "analysis/results.h"
#include "core/target.h"

namespace daxbench::analysis {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(DAXBENCH_SOURCE_DIR) + "/tests/data/analysis/";
const std::string kDaxbench = std::string(DAXBENCH_BINARY_DIR) + "/daxbench";

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr
  std::string out;     // stdout only
  std::string err;     // stderr only
};

// Runs a shell command, capturing stdout and stderr separately.
CommandResult run(const std::string& command) {
  const fs::path dir =
      fs::temp_directory_path() / ("daxbench-compare-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string out_file = (dir / "out").string(), err_file = (dir / "err").string();
  CommandResult r;
  const int raw = std::system((command + " >" + out_file + " 2>" + err_file).c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream o(out_file), e(err_file);
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  r.output = r.out + r.err;
  fs::remove_all(dir);
  return r;
}

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A scratch directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/daxbench-analysis-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Writes a copy of `src` with every repetition's real_time scaled by `factor`
// (a known injected slowdown); counters are left alone.
std::string scaled_copy(const std::string& src, double factor, const fs::path& dir) {
  std::ifstream in(src);
  std::stringstream text;
  text << in.rdbuf();
  // The fixtures contain Google Benchmark's NaN/Infinity only in aggregates
  // of one-repetition.json; run-a.json is plain JSON.
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text.str());
  for (auto& b : doc["benchmarks"]) {
    if (b.value("run_type", "") == "iteration" && !b.value("error_occurred", false)) {
      b["real_time"] = b["real_time"].get<double>() * factor;
    }
  }
  const std::string out = (dir / ("scaled-" + std::to_string(factor) + ".json")).string();
  std::ofstream(out) << doc.dump(2);
  return out;
}

TEST(AnalysisResultsLoader, GroupsRepetitionsAndKeepsAggregatesOut) {
  const Results r = load_results(kData + "run-a.json");
  const BenchmarkResult* b = r.find(
      "fault/write/shared/pmd/populate:none/cache:bypassed/dax-inode/xfs/threads:1/size:64MiB");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->repetitions, 5u);
  EXPECT_EQ(b->aggregates, 4u);  // mean, median, stddev, cv: not samples
  ASSERT_NE(b->metric("real_time"), nullptr);
  EXPECT_EQ(b->metric("real_time")->samples.size(), 5u);
  EXPECT_EQ(b->metric("real_time")->unit, "ns");
  // Every numeric non-standard key is a counter; standard ones are not.
  EXPECT_NE(b->metric("pmd_fallback_per_iteration"), nullptr);
  EXPECT_EQ(b->metric("pmd_fallback_per_iteration")->samples, std::vector<double>(5, 2.0));
  EXPECT_EQ(b->metric("iterations"), nullptr);
  EXPECT_EQ(b->metric("cpu_time"), nullptr);
  EXPECT_EQ(b->metric("repetition_index"), nullptr);
  EXPECT_EQ(b->mode(), "dax-inode");
  EXPECT_EQ(b->fs_type(), "xfs");
  EXPECT_EQ(b->family(), "fault");
  EXPECT_EQ(b->scenario(),
            "fault/write/shared/pmd/populate:none/cache:bypassed/threads:1/size:64MiB");
  EXPECT_EQ(b->latency_ns.size(), 5u);
  // The skipped benchmark is kept with its message.
  bool skipped = false;
  for (const auto& x : r.benchmarks) skipped |= x.error.rfind("skipped: ", 0) == 0;
  EXPECT_TRUE(skipped);
}

TEST(AnalysisResultsLoader, AReferenceIsNotLabelledWithTheRunsMode) {
  // ref/anon is anonymous memory: the run's mode and target (pagecache on
  // ext4) are recorded for it but are not where it ran.
  TempDir tmp;
  nlohmann::json doc = {{"context", {{"daxbench_version", "test"}}},
                        {"benchmarks", nlohmann::json::array()}};
  for (const std::string where : {"ref/anon", "pagecache/ext4"})
    for (int rep = 0; rep < 2; ++rep)
      doc["benchmarks"].push_back(
          {{"name", "access/chase/load/pte/" + where + "/working_set:4MiB"},
           {"run_name", "access/chase/load/pte/" + where + "/working_set:4MiB"},
           {"run_type", "iteration"},
           {"repetitions", 2},
           {"repetition_index", rep},
           {"iterations", 10},
           {"real_time", 100.0 + rep},
           {"cpu_time", 100.0},
           {"time_unit", "ns"},
           {"daxbench", {{"family", "access"}, {"mode", "pagecache"}, {"fs_type", "ext4"}}}});
  const std::string path = (tmp.path / "ref.json").string();
  std::ofstream(path) << doc.dump();
  const Results r = load_results(path);
  const BenchmarkResult* ref = r.find("access/chase/load/pte/ref/anon/working_set:4MiB");
  const BenchmarkResult* file = r.find("access/chase/load/pte/pagecache/ext4/working_set:4MiB");
  ASSERT_NE(ref, nullptr);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(ref->mode(), "ref");
  EXPECT_EQ(ref->fs_type(), "anon");
  EXPECT_EQ(file->mode(), "pagecache");
  EXPECT_EQ(file->fs_type(), "ext4");
}

TEST(AnalysisResultsLoader, ReadsNanInfinityAndConvertsTimeUnits) {
  const std::string text = R"({
    "context": {"daxbench_version": "test", "clock": "wall-ns", "lab": ""},
    "benchmarks": [
      {"name": "b", "run_name": "b", "run_type": "iteration", "repetitions": 3,
       "repetition_index": 0, "iterations": 1, "real_time": 1.5, "cpu_time": 1,
       "time_unit": "us", "bytes_per_second": Infinity, "faults": 7},
      {"name": "b", "run_name": "b", "run_type": "iteration", "repetitions": 3,
       "repetition_index": 1, "iterations": 1, "real_time": 2, "cpu_time": 1,
       "time_unit": "ms", "bytes_per_second": NaN, "faults": -Infinity},
      {"name": "b", "run_name": "b", "run_type": "iteration", "repetitions": 3,
       "repetition_index": 2, "iterations": 1, "real_time": 1, "cpu_time": 1,
       "time_unit": "s", "bytes_per_second": 10, "faults": 8, "label": "Infinity NaN"},
      {"name": "b_mean", "run_name": "b", "run_type": "aggregate", "aggregate_name": "mean",
       "real_time": NaN, "time_unit": "ns"}
    ]})";
  const Results r = parse_results(text, "inline.json");
  const BenchmarkResult* b = r.find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->metric("real_time")->samples, (std::vector<double>{1500, 2e6, 1e9}));
  EXPECT_EQ(b->metric("bytes_per_second")->samples, std::vector<double>{10});
  EXPECT_EQ(b->metric("bytes_per_second")->dropped, 2u);
  EXPECT_EQ(b->metric("faults")->samples, (std::vector<double>{7, 8}));
  EXPECT_EQ(b->metric("label"), nullptr);
}

TEST(AnalysisResultsLoader, MetricDirections) {
  EXPECT_EQ(metric_direction("real_time"), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction("page_faults_per_iteration"), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction("dtlb_misses_per_iteration"), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction("latency_p99_ns"), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction("pmd_fallback_per_iteration"), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction("bytes_per_second"), Direction::kHigherIsBetter);
  EXPECT_EQ(metric_direction("items_per_second"), Direction::kHigherIsBetter);
  EXPECT_EQ(metric_direction("operations_per_second"), Direction::kHigherIsBetter);
  EXPECT_EQ(metric_direction("pmd_mapped_ratio"), Direction::kHigherIsBetter);
  EXPECT_EQ(metric_direction("pmd_mapped_per_iteration"), Direction::kHigherIsBetter);
}

TEST(AnalysisCompare, SameFileAgainstItselfHasNoRegression) {
  const Results a = load_results(kData + "run-a.json");
  const Comparison c = compare_results(a, a, CompareOptions{});
  EXPECT_FALSE(c.any_regressed());
  EXPECT_EQ(c.verdict_counts.count(Verdict::kImproved), 0u);
  EXPECT_NEAR(c.geomean_time_ratio, 1.0, 1e-12);
  for (const auto& e : c.environment) EXPECT_FALSE(e.differs()) << e.key;

  const auto cli = run(kDaxbench + " compare " + kData + "run-a.json " + kData +
                       "run-a.json --fail-on-regression");
  EXPECT_EQ(cli.status, 0) << cli.output;
  EXPECT_NE(cli.out.find("0 regressed"), std::string::npos) << cli.out;

  // The first line is the summary; unchanged rows are counted, not listed
  // (--all lists them); the environment shows only what differs (--verbose:
  // every key).
  EXPECT_EQ(cli.out.rfind("0 regressed, 0 improved, ", 0), 0u) << cli.out.substr(0, 200);
  EXPECT_NE(cli.out.substr(0, cli.out.find('\n')).find("; geometric mean of time ratios 1.000"),
            std::string::npos)
      << cli.out.substr(0, 200);
  EXPECT_EQ(cli.out.find("  unchanged  "), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("rows not shown (--all lists every row)"), std::string::npos);
  EXPECT_EQ(cli.out.find("kernel_cmdline"), std::string::npos) << "same on both sides";
  const auto all =
      run(kDaxbench + " compare " + kData + "run-a.json " + kData + "run-a.json --all --verbose");
  EXPECT_NE(all.out.find("  unchanged  "), std::string::npos);
  EXPECT_NE(all.out.find("kernel_cmdline"), std::string::npos);
  // --hide-unchanged keeps working (scripts use it), for JSON too.
  const auto hidden = run(kDaxbench + " compare " + kData + "run-a.json " + kData +
                          "run-a.json --hide-unchanged --all");
  EXPECT_EQ(hidden.status, 0);
  EXPECT_EQ(hidden.out.find("  unchanged  "), std::string::npos) << hidden.out;
  EXPECT_NE(hidden.out.find("unchanged (rows hidden)"), std::string::npos) << hidden.out;
}

TEST(AnalysisCompare, TwoRunsOfTheSameSetupHaveNoRegression) {
  // run-b.json: independent noise from the same distributions as run-a.json.
  const auto cli = run(kDaxbench + " compare " + kData + "run-a.json " + kData +
                       "run-b.json --fail-on-regression");
  EXPECT_EQ(cli.status, 0) << cli.output;
  EXPECT_NE(cli.out.find("0 regressed"), std::string::npos) << cli.out;
  // Benchmarks present on one side only are listed by name.
  EXPECT_NE(cli.out.find("only in base"), std::string::npos);
  EXPECT_NE(cli.out.find("mmap-write/msync/stride:4KiB/dax-always/xfs/threads:1/size:16MiB"),
            std::string::npos);
  EXPECT_NE(cli.out.find("only in new"), std::string::npos);
  EXPECT_NE(cli.out.find("fault/read/shared/pte/populate:none/cache:cold/pagecache/ext4"),
            std::string::npos);
}

TEST(AnalysisCompare, InjectedTenPercentSlowdownIsARegression) {
  TempDir tmp;
  const std::string slow = scaled_copy(kData + "run-a.json", 1.10, tmp.path);
  const auto flagged =
      run(kDaxbench + " compare " + kData + "run-a.json " + slow + " --fail-on-regression");
  EXPECT_EQ(flagged.status, 1) << flagged.output;
  EXPECT_NE(flagged.out.find("regressed"), std::string::npos);
  EXPECT_NE(flagged.out.find("+10.0%"), std::string::npos);
  // Without --fail-on-regression the verdict is reported but the exit is 0.
  const auto plain = run(kDaxbench + " compare " + kData + "run-a.json " + slow);
  EXPECT_EQ(plain.status, 0) << plain.output;

  // JSON output: every benchmark's time regressed; the geometric mean is 1.10.
  const auto json = run(kDaxbench + " compare " + kData + "run-a.json " + slow + " --format json");
  ASSERT_EQ(json.status, 0) << json.output;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_TRUE(doc["regressed"].get<bool>());
  EXPECT_NEAR(doc["geometric_mean_time_ratio"]["value"].get<double>(), 1.10, 1e-9);
  size_t time_rows = 0, regressed = 0;
  for (const auto& m : doc["metrics"]) {
    if (m["metric"] != "real_time") continue;
    ++time_rows;
    regressed += m["verdict"] == "regressed";
    EXPECT_LE(m["ci"]["low"].get<double>(), 1.10 + 1e-9);
    EXPECT_GT(m["ci"]["low"].get<double>(), 1.0);
  }
  EXPECT_EQ(time_rows, regressed);
  EXPECT_GT(time_rows, 10u);

  // A speed-up is "improved", never "regressed".
  const std::string fast = scaled_copy(kData + "run-a.json", 0.90, tmp.path);
  const auto faster =
      run(kDaxbench + " compare " + kData + "run-a.json " + fast + " --fail-on-regression");
  EXPECT_EQ(faster.status, 0) << faster.output;
  EXPECT_NE(faster.out.find("improved"), std::string::npos);
  EXPECT_NE(faster.out.find("0 regressed"), std::string::npos);

  // A threshold above the change: unchanged.
  const auto tolerant = run(kDaxbench + " compare " + kData + "run-a.json " + slow +
                            " --threshold 15 --fail-on-regression");
  EXPECT_EQ(tolerant.status, 0) << tolerant.output;
}

TEST(AnalysisCompare, CountersOnOneSideAreCollapsed) {
  // An older file (every normalisation) against a newer, pruned one: the
  // counter the new file renamed is on one side in every benchmark. That is
  // one line per side, not one per benchmark; the JSON names each.
  TempDir tmp;
  std::ifstream in(kData + "run-a.json");
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(in);
  std::set<std::string> with_counter;
  for (auto& b : doc["benchmarks"]) {
    if (!b.contains("page_faults_per_iteration")) continue;
    if (b.value("run_type", "") == "iteration") with_counter.insert(b["run_name"]);
    b["page_faults_per_page_touched"] = b["page_faults_per_iteration"];
    b.erase("page_faults_per_iteration");
  }
  ASSERT_GE(with_counter.size(), 10u);
  const std::string pruned = (tmp.path / "pruned.json").string();
  std::ofstream(pruned) << doc.dump(1);
  const auto text = run(kDaxbench + " compare " + kData + "run-a.json " + pruned);
  EXPECT_EQ(text.status, 0) << text.output;
  EXPECT_EQ(text.out.find("counter only in"), std::string::npos) << text.out;
  const std::string n = std::to_string(with_counter.size());
  EXPECT_NE(text.out.find(n + " counter values only in base (" + kData + "run-a.json), 1 name in " +
                          n + " benchmarks: page_faults_per_iteration (" + n + ")"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("only in new (" + pruned + "), 1 name in " + n +
                          " benchmarks: page_faults_per_page_touched"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("carry every normalisation"), std::string::npos);
  EXPECT_LT(count_lines(text.out), 40u) << text.out;
  const auto md =
      run(kDaxbench + " compare " + kData + "run-a.json " + pruned + " --format markdown");
  EXPECT_NE(md.out.find("- " + n + " counter values only in base"), std::string::npos) << md.out;
  const auto js = run(kDaxbench + " compare " + kData + "run-a.json " + pruned + " --format json");
  ASSERT_EQ(js.status, 0) << js.output;
  const auto j = nlohmann::json::parse(js.out);
  EXPECT_EQ(j["counters_only_in_base"]["page_faults_per_iteration"].size(), with_counter.size());
  EXPECT_EQ(j["counters_only_in_new"]["page_faults_per_page_touched"].size(), with_counter.size());
}

TEST(AnalysisCompare, ChangeFromZeroReadsNew) {
  // A counter that was 0 on base and fired on new has ratio +inf: "new",
  // not "+inf%"; the other way round it is -100 %.
  EXPECT_EQ(format_change(std::numeric_limits<double>::infinity()), "new");
  EXPECT_EQ(format_change(0.0), "-100.0%");
  EXPECT_EQ(format_change(1.05), "+5.0%");
  EXPECT_EQ(format_change(std::numeric_limits<double>::quiet_NaN()), "n/a");
}

TEST(AnalysisCompare, ChangedRowsPutTimesBeforeCountersLargestFirst) {
  // LKP's order: the headline time rows lead even when a counter moved more
  // (a counter that was 0 on base has an infinite ratio).
  auto row = [](const char* benchmark, const char* metric, double ratio) {
    MetricComparison m;
    m.benchmark = benchmark;
    m.metric = metric;
    m.ratio = ratio;
    return m;
  };
  const std::vector<MetricComparison> all = {
      row("a", "page_faults_per_page", std::numeric_limits<double>::infinity()),
      row("a", "real_time", 1.05),
      row("b", "tlb_flush_per_page", 0.5),
      row("b", "real_time", 0.8),
      row("c", "real_time", 1.1),
  };
  std::vector<const MetricComparison*> rows;
  for (const auto& m : all) rows.push_back(&m);
  order_largest_change_first(rows);
  std::vector<std::string> order;
  for (const auto* m : rows) order.push_back(m->benchmark + "." + m->metric);
  EXPECT_EQ(order, (std::vector<std::string>{"b.real_time", "c.real_time", "a.real_time",
                                             "a.page_faults_per_page", "b.tlb_flush_per_page"}));
}

// One-bucket moves of a histogram percentile (< 12.5 %) are below the
// histogram's resolution: not a regression even when consistent, unlike the
// same change in time.
TEST(AnalysisCompare, HistogramPercentilesNeedMoreThanOneBucket) {
  auto make = [](double time_ns, double p99_ns) {
    std::string benchmarks;
    for (int i = 0; i < 5; ++i) {
      if (i) benchmarks += ",";
      benchmarks += R"({"name": "b", "run_name": "b", "run_type": "iteration", "repetitions": 5,
        "repetition_index": )" +
                    std::to_string(i) + R"(, "iterations": 10, "real_time": )" +
                    std::to_string(time_ns + i) + R"(, "cpu_time": 1, "time_unit": "ns",
        "latency_p99_ns": )" +
                    std::to_string(p99_ns) + "}";
    }
    return parse_results(R"({"context": {"daxbench_version": "t", "clock": "wall-ns"},
                             "benchmarks": [)" +
                             benchmarks + "]}",
                         "x.json");
  };
  const Comparison c = compare_results(make(1000, 1407), make(1091, 1535), CompareOptions{});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].metric, "real_time");
  EXPECT_EQ(c.rows[0].verdict, Verdict::kRegressed);
  EXPECT_EQ(c.rows[1].metric, "latency_p99_ns");
  EXPECT_NE(c.rows[1].verdict, Verdict::kRegressed);
  // Two buckets (> 12.5 %) is a regression.
  const Comparison c2 = compare_results(make(1000, 1407), make(1000, 1663), CompareOptions{});
  EXPECT_EQ(c2.rows[1].verdict, Verdict::kRegressed);
}

TEST(AnalysisCompare, MarkdownHasTheTableAndEnvironment) {
  const auto md = run(kDaxbench + " compare " + kData + "lab-icount.json " + kData +
                      "lab-icount-new.json --format markdown --all");
  ASSERT_EQ(md.status, 0) << md.output;
  EXPECT_NE(md.out.find("| base | ±stddev | %change | 95% CI | new | ±stddev | p-value | verdict "
                        "| metric |"),
            std::string::npos);
  EXPECT_NE(md.out.find("**kernel_release** (differs)"), std::string::npos);
  EXPECT_NE(md.out.find("instruction-ns"), std::string::npos);
  EXPECT_EQ(md.out.find("| kernel_cmdline |"), std::string::npos) << "only the keys that differ";
  const auto changed = run(kDaxbench + " compare " + kData + "lab-icount.json " + kData +
                           "lab-icount-new.json --format markdown");
  EXPECT_NE(changed.out.find("rows not shown (--all lists every row)"), std::string::npos);
  EXPECT_NE(md.out.find("**0 regressed, "), std::string::npos);
}

TEST(AnalysisCompare, TextOutputIsPlainWhenNotATerminal) {
  const auto text = run(kDaxbench + " compare " + kData + "run-a.json " + kData + "run-b.json");
  EXPECT_EQ(text.out.find('\033'), std::string::npos);
  // The summary first, the environment after the changed rows.
  EXPECT_EQ(text.out.find(" regressed, "), text.out.find_first_of("0123456789") + 1);
  EXPECT_LT(text.out.find("%change"), text.out.find("environment ("));
}

// Every bad-input class: exit 2 and exactly one line on stderr, naming the file.
struct BadInput {
  const char* what;
  std::string args;
  std::string expected;  // a part of the one-line message
};

TEST(AnalysisCompare, BadInputIsOneLineAndExitTwo) {
  const std::string a = kData + "run-a.json";
  const std::vector<BadInput> cases = {
      {"missing file", a + " " + kData + "missing.json", "missing.json: cannot open"},
      {"not JSON", kData + "not-json.json " + a, "not-json.json: not JSON"},
      {"plain Google Benchmark JSON", a + " " + kData + "plain-gbench.json",
       "plain-gbench.json: not a daxbench results file"},
      {"no benchmark in common", a + " " + kData + "disjoint.json",
       "no benchmark in common between"},
      {"one repetition", a + " " + kData + "one-repetition.json", ">= 2 successful repetitions"},
      {"deterministic vs wall clock", a + " " + kData + "lab-icount.json", "refusing to compare"},
      {"a directory", a + " " + kData, "is a directory"},
      {"one file only", a, "expected two results files"},
      {"unknown option", a + " " + a + " --bogus", "unrecognised option"},
      {"bad format", a + " " + a + " --format xml", "--format must be"},
      {"bad alpha", a + " " + a + " --alpha 2", "--alpha must be in (0, 1)"},
  };
  for (const auto& c : cases) {
    const auto r = run(kDaxbench + " compare " + c.args);
    EXPECT_EQ(r.status, 2) << c.what << ": " << r.output;
    EXPECT_EQ(count_lines(r.err), 1u) << c.what << ": " << r.err;
    EXPECT_EQ(r.err.rfind("daxbench compare: ", 0), 0u) << c.what << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.what << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << c.what << ": " << r.out;
  }
  // The clock refusal names both files and both clocks.
  const auto clock = run(kDaxbench + " compare " + a + " " + kData + "lab-icount.json");
  EXPECT_NE(clock.err.find("run-a.json (clock wall-ns)"), std::string::npos) << clock.err;
  EXPECT_NE(clock.err.find("lab-icount.json (clock instruction-ns)"), std::string::npos);
  // "no benchmark in common" names both files.
  const auto disjoint = run(kDaxbench + " compare " + a + " " + kData + "disjoint.json");
  EXPECT_NE(disjoint.err.find("run-a.json"), std::string::npos);
  EXPECT_NE(disjoint.err.find("disjoint.json"), std::string::npos);
}

TEST(AnalysisCompare, HelpHasExamples) {
  const auto r = run(kDaxbench + " compare --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("daxbench compare base.json new.json"), std::string::npos);
  EXPECT_NE(r.out.find("--fail-on-regression"), std::string::npos);
  EXPECT_NE(r.out.find("--threshold"), std::string::npos);
}

}  // namespace
}  // namespace daxbench::analysis
