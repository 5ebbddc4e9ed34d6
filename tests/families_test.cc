// Each family owns its knowledge (workloads/family.h): its default events
// parse, its presentation names a unit quantity it reports, 2-3 headline
// counters, and plots over parameters it has; bench/ normalises counters by
// the quantities' own names, never by a family's name.
#include <gtest/gtest.h>

#include <set>

#include "bench/counters.h"
#include "bench/perf_events.h"
#include "core/presentation.h"
#include "workloads/family.h"

namespace daxbench {
namespace {

std::set<std::string> param_keys(const Family& f) {
  std::set<std::string> keys = {"mode", "fs_type"};  // daxbench.mode, daxbench.fs_type
  for (const auto& p : f.params()) keys.insert(p.key);
  return keys;
}

// The family a run without a section or --family runs is the registry's
// to say (Family::is_default), and there is exactly one.
TEST(Families, ExactlyOneIsTheDefault) {
  int defaults = 0;
  for (const Family* f : all_families()) defaults += f->is_default() ? 1 : 0;
  EXPECT_EQ(defaults, 1);
  EXPECT_TRUE(default_family().is_default());
}

TEST(Families, EveryDefaultEventSetParses) {
  ASSERT_GE(all_families().size(), 4u);
  for (const Family* f : all_families())
    for (const std::string fs : {"ext4", "xfs", "tmpfs", ""}) {
      const auto events = f->default_events(fs);
      EXPECT_FALSE(events.empty()) << f->name() << " on " << fs;
      EXPECT_NO_THROW(validate_event_names(events)) << f->name() << " on " << fs;
      EXPECT_EQ(default_events(f->name(), fs), events);
    }
}

TEST(Families, HandlerCountersOnlyWhereTheFilesystemHasThem) {
  for (const std::string family : {"fault", "mmap-write"}) {
    const auto xfs = default_events(family, "xfs");
    const auto tmpfs = default_events(family, "tmpfs");
    for (const auto& h : fs_handler_counters()) {
      EXPECT_NE(std::find(xfs.begin(), xfs.end(), h), xfs.end()) << family << " " << h;
      EXPECT_EQ(std::find(tmpfs.begin(), tmpfs.end(), h), tmpfs.end()) << family << " " << h;
    }
  }
  const auto ms = default_events("mmap-write", "ext4");
  EXPECT_NE(std::find(ms.begin(), ms.end(), "fs_dax:dax_insert_pfn_mkwrite"), ms.end());
}

TEST(Families, PresentationIsCompleteAndNamesOnlyWhatTheFamilyHas) {
  for (const Family* f : all_families()) {
    const FamilyPresentation p = f->presentation();
    SCOPED_TRACE(f->name());
    EXPECT_EQ(p.family, f->name());
    EXPECT_NE(p.unit, "operation") << "a family states its own unit";
    EXPECT_GE(p.headline_counters.size(), 2u);
    EXPECT_LE(p.headline_counters.size(), 3u);
    EXPECT_FALSE(p.plots.empty());
    const std::set<std::string> keys = param_keys(*f);
    std::set<std::string> ids;
    for (const PlotSpec& plot : p.plots) {
      EXPECT_TRUE(ids.insert(plot.id).second) << "duplicate plot id " << plot.id;
      EXPECT_TRUE(plot.kind == "bars" || plot.kind == "lines" || plot.kind == "cdf" ||
                  plot.kind == "scaling")
          << plot.kind;
      EXPECT_TRUE(plot.x.empty() || keys.count(plot.x)) << plot.id << " x " << plot.x;
      for (const auto& s : plot.series) EXPECT_TRUE(keys.count(s)) << plot.id << " series " << s;
      for (const auto& [k, v] : plot.where) {
        EXPECT_TRUE(keys.count(k)) << plot.id << " where " << k;
        bool allowed = false;
        for (const auto& spec : f->params())
          if (spec.key == k)
            allowed = spec.allowed.empty() ||
                      std::find(spec.allowed.begin(), spec.allowed.end(), v) != spec.allowed.end();
        EXPECT_TRUE(allowed) << plot.id << " where " << k << "=" << v;
      }
    }
    // The JSON form run writes (context "families") reads back the same.
    const nlohmann::json j = p;
    const FamilyPresentation back = j.get<FamilyPresentation>();
    EXPECT_EQ(nlohmann::json(back), j);
    EXPECT_TRUE(j.contains("unit_quantity") && j.contains("headline_counters"));
  }
}

TEST(Families, UnitQuantityIsReportedPerIteration) {
  // Workload::per_iteration of a created (unprepared) workload names the
  // quantity the presentation normalises by.
  for (const Family* f : all_families()) {
    Scenario s;
    s.family = f;
    for (const auto& spec : f->params()) s.params[spec.key] = spec.defaults.front();
    s.name = f->scenario_name(s);
    const auto w = f->create(s);
    const auto q = w->per_iteration();
    EXPECT_TRUE(q.count(f->presentation().unit_quantity))
        << f->name() << ": " << f->presentation().unit_quantity;
  }
}

TEST(Families, CountersPerUnitAreNamedFromTheQuantity) {
  const std::map<std::string, double> quantities = {
      {"switches", 1}, {"accesses", 10}, {"pages_touched", 5}};
  auto derive = [&](const std::string& unit_quantity) {
    FamilyPresentation p;
    p.unit_quantity = unit_quantity;
    return derive_counters({{"page-faults", 30, 30, 1.0}}, quantities, 3, p);
  };
  EXPECT_DOUBLE_EQ(derive("switches").at("page_faults_per_switch"), 10);
  EXPECT_DOUBLE_EQ(derive("accesses").at("page_faults_per_access"), 1);
  EXPECT_DOUBLE_EQ(derive("pages_touched").at("page_faults_per_page_touched"), 2);
  EXPECT_EQ(derive("accesses").count("page_faults_per_switch"), 0u) << "the family's unit only";
}

// One rule names the counters (bench/) and reads them (analysis/): the two
// copies there disagreed on "flushes" ("flush" and "flushe").
TEST(Families, PerUnitIsTheFirstWordMadeSingular) {
  EXPECT_EQ(per_unit("pages_touched"), "page_touched");
  EXPECT_EQ(per_unit("switches"), "switch");
  EXPECT_EQ(per_unit("accesses"), "access");
  EXPECT_EQ(per_unit("flushes"), "flush");
  EXPECT_EQ(per_unit("boxes"), "box");
  EXPECT_EQ(per_unit("bytes"), "byte");
  EXPECT_EQ(per_unit("rounds"), "round");
  EXPECT_EQ(per_unit("operations"), "operation");
}

}  // namespace
}  // namespace daxbench
