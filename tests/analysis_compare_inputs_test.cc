// Issue 11, compare: bad inputs are refused (one line, exit 2) and
// --fail-on-regression never passes a regression it could not have seen.
#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace daxbench::testing {
namespace {

// A minimal daxbench results file: one benchmark, one entry per time (us).
std::string results(const std::vector<nlohmann::json>& times) {
  nlohmann::json doc = {{"context", {{"daxbench_version", "test"}, {"clock", "wall-ns"}}},
                        {"benchmarks", nlohmann::json::array()}};
  for (size_t i = 0; i < times.size(); ++i)
    doc["benchmarks"].push_back({{"name", "fault/write"},
                                 {"run_name", "fault/write"},
                                 {"run_type", "iteration"},
                                 {"repetitions", times.size()},
                                 {"repetition_index", i},
                                 {"iterations", 10},
                                 {"real_time", times[i]},
                                 {"cpu_time", 1.0},
                                 {"time_unit", "us"}});
  return doc.dump(2);
}

void expect_refused(const CommandResult& r, const std::string& needle, const std::string& what) {
  EXPECT_EQ(r.status, 2) << what << ": " << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << what << ": " << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos)
      << what << ": missing '" << needle << "' in " << r.err;
}

class CompareInputTest : public ::testing::Test {
 protected:
  TempDir work_;
  std::string file(const std::string& name, const std::string& text) {
    write_text(work_.file(name), text);
    return work_.file(name);
  }
};

// n = 3 per side: the smallest exact two-sided Mann-Whitney p is 0.1, so at
// alpha 0.05 a 10x slowdown can never be "regressed". CI must hear it.
TEST_F(CompareInputTest, FailOnRegressionRefusesWhatItCannotDetect) {
  const std::string base3 = file("base3.json", results({10.0, 10.1, 9.9}));
  const std::string slow3 = file("slow3.json", results({100.0, 101.0, 99.0}));
  const CommandResult r = run_daxbench("compare " + base3 + " " + slow3 + " --fail-on-regression");
  expect_refused(r, "smallest possible p-value is 0.1 >= alpha 0.05", "n=3");
  EXPECT_NE(r.err.find("--benchmark_repetitions=5"), std::string::npos) << r.err;
  // Without --fail-on-regression it reports (and warns), exit 0.
  EXPECT_EQ(run_daxbench("compare " + base3 + " " + slow3).status, 0);
  // With --alpha above the smallest p it can judge, and does.
  EXPECT_EQ(
      run_daxbench("compare " + base3 + " " + slow3 + " --fail-on-regression --alpha 0.2").status,
      1);
  // Five per side can reach 0.05: the slowdown is a regression, exit 1.
  const std::string base5 = file("base5.json", results({10.0, 10.1, 9.9, 10.05, 9.95}));
  const std::string slow5 = file("slow5.json", results({100.0, 101.0, 99.0, 100.5, 99.5}));
  const CommandResult five =
      run_daxbench("compare " + base5 + " " + slow5 + " --fail-on-regression");
  EXPECT_EQ(five.status, 1) << five.err;
  EXPECT_EQ(run_daxbench("compare " + base5 + " " + base5 + " --fail-on-regression").status, 0);
}

TEST_F(CompareInputTest, BadTimesAreRefused) {
  const std::string good = file("good.json", results({10.0, 10.1, 9.9, 10.0, 10.2}));
  const std::vector<std::pair<std::string, nlohmann::json>> bad = {
      {"negative", -5.0}, {"zero", 0.0}, {"string", "fast"}, {"null", nullptr}, {"bool", true}};
  for (const auto& [what, value] : bad) {
    const std::string f = file(what + ".json", results({10.0, value, 9.9, 10.0, 10.2}));
    expect_refused(run_daxbench("compare " + good + " " + f), "is not a positive number", what);
    expect_refused(run_daxbench("compare " + f + " " + good), f, what);
  }
  // NaN written bare by Google Benchmark is no time either.
  std::string nan_text = results({10.0, 10.1, 9.9});
  nan_text.replace(nan_text.find("10.1"), 4, "NaN");
  expect_refused(run_daxbench("compare " + good + " " + file("nan.json", nan_text)),
                 "real_time null is not a positive number", "NaN");
}

TEST_F(CompareInputTest, ResamplesAreBoundedAndInputsMustBeRegularFiles) {
  const std::string good = file("good.json", results({10.0, 10.1, 9.9, 10.0, 10.2}));
  const std::string pair = "compare " + good + " " + good;
  expect_refused(run_daxbench(pair + " --resamples 0"), "--resamples must be from 100", "0");
  expect_refused(run_daxbench(pair + " --resamples -5"), "--resamples must be from 100", "-5");
  expect_refused(run_daxbench(pair + " --resamples 2000000000"), "--resamples must be from 100",
                 "2e9");
  expect_refused(run_daxbench(pair + " --resamples lots"), "resamples", "lots");
  expect_refused(run_daxbench(pair + " --resam 500"), "unrecognised option '--resam'", "abbrev");
  EXPECT_EQ(run_daxbench(pair + " --resamples 500").status, 0);
  const std::string fifo = work_.file("fifo.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(run_daxbench("compare " + good + " " + fifo), "is not a regular file (a FIFO)",
                 "fifo");
  expect_refused(run_daxbench("compare /dev/null " + good), "is not a regular file (a device)",
                 "device");
  expect_refused(run_daxbench("compare " + work_.path() + " " + good), "is a directory", "dir");
}

// Every subcommand takes exact option names only: an abbreviation that Boost
// would guess today could mean another option once one is added.
TEST_F(CompareInputTest, EverySubcommandRefusesAbbreviatedOptions) {
  const std::string good = file("good.json", results({10.0, 10.1, 9.9, 10.0, 10.2}));
  const std::string out = work_.file("out");
  expect_refused(run_daxbench("env --tar " + work_.path()), "unrecognised option '--tar'", "env");
  expect_refused(run_daxbench("clean --tar " + work_.path()), "unrecognised option '--tar'",
                 "clean");
  expect_refused(run_daxbench("report " + good + " -o " + out + " --thresh 5"),
                 "unrecognised option '--thresh'", "report");
  expect_refused(run_daxbench("merge " + good + " " + good + " --ou " + out),
                 "unrecognised option '--ou'", "merge");
  expect_refused(run_daxbench("pmd-check " + good + " --off 4KiB"), "unrecognised option '--off'",
                 "pmd-check");
  expect_refused(run_daxbench("compare " + good + " " + good + " --thresh 5"),
                 "unrecognised option '--thresh'", "compare");
  EXPECT_FALSE(std::filesystem::exists(out)) << "a refused command wrote " << out;
  // The full names still work.
  EXPECT_EQ(run_daxbench("env --target " + work_.path()).status, 0);
}

}  // namespace
}  // namespace daxbench::testing
