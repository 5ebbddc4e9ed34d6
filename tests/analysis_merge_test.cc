// daxbench merge: the rounds of an A/B become one results file that compare
// reads as one sample per repetition of every round.
#include <gtest/gtest.h>

#include "analysis/merge.h"
#include "core/target.h"

namespace daxbench::analysis {
namespace {

Json round(const std::string& kernel, double t1, double t2, bool incomplete = false) {
  Json doc;
  doc["context"] = {{"daxbench_version", "test"},
                    {"kernel_release", kernel},
                    {"clock", "instruction-ns"},
                    {"incomplete", incomplete}};
  doc["benchmarks"] = Json::array();
  for (double t : {t1, t2}) {
    doc["benchmarks"].push_back({{"name", "b/manual_time"},
                                 {"run_name", "b"},
                                 {"run_type", "iteration"},
                                 {"repetitions", 2},
                                 {"real_time", t},
                                 {"time_unit", "ns"}});
  }
  doc["benchmarks"].push_back({{"name", "b_median"},
                               {"run_name", "b"},
                               {"run_type", "aggregate"},
                               {"aggregate_name", "median"},
                               {"real_time", t1}});
  return doc;
}

TEST(Merge, EveryRepetitionOfEveryRoundRenumberedAggregatesDropped) {
  const Json m =
      merge_results({{"r1.json", round("6.12", 10, 11)}, {"r2.json", round("6.12", 12, 13, true)}});
  ASSERT_EQ(m["benchmarks"].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(m["benchmarks"][i]["repetition_index"], i);
    EXPECT_EQ(m["benchmarks"][i]["repetitions"], 4);
    EXPECT_EQ(m["benchmarks"][i]["real_time"], 10.0 + static_cast<double>(i));
  }
  EXPECT_EQ(m["context"]["merged_from"].size(), 2u);
  EXPECT_TRUE(m["context"]["incomplete"].get<bool>()) << "one round was incomplete";
  // compare reads the merged file as 4 samples.
  const Results r = parse_results(m.dump(), "merged.json");
  ASSERT_EQ(r.benchmarks.size(), 1u);
  EXPECT_EQ(r.benchmarks[0].repetitions, 4u);
}

TEST(Merge, DifferentKernelsOrClocksAreAComparisonNotAMerge) {
  EXPECT_THROW(merge_results({{"a", round("6.1", 1, 2)}, {"b", round("6.12", 1, 2)}}), UsageError);
  Json wall = round("6.12", 1, 2);
  wall["context"]["clock"] = "wall-ns";
  EXPECT_THROW(merge_results({{"a", round("6.12", 1, 2)}, {"b", wall}}), UsageError);
  EXPECT_THROW(merge_results({{"a", Json::object()}}), UsageError);
}

}  // namespace
}  // namespace daxbench::analysis
