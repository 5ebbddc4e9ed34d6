// What `daxbench run` shows while it runs: the progress line on stderr and,
// by default, a compact table on stdout (one row per benchmark: time per
// the family's unit and its headline counters, in 120 columns). With
// --benchmark_format=console|json|csv Google Benchmark's own reporter is
// used instead (bench/run.cc: TeeReporter).
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "core/presentation.h"

namespace daxbench {

// The progress line: on a terminal one line redrawn in place (\r), cleared
// before anything else is written; otherwise plain lines.
class ProgressLine {
 public:
  static ProgressLine& get();
  void show(const std::string& text);
  // Erases the line on a terminal, so the next output starts at column 0.
  void clear();

 private:
  ProgressLine();
  bool terminal_;
  bool shown_ = false;
};

class CompactConsoleReporter final : public benchmark::BenchmarkReporter {
 public:
  // `names`: every planned benchmark name with its family, in run order
  // (names are shortened by what all of a family's names share);
  // `families`: each family's presentation.
  CompactConsoleReporter(const std::vector<std::pair<std::string, std::string>>& names,
                         std::map<std::string, FamilyPresentation> families, std::string clock);
  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;

 private:
  struct Family {
    FamilyPresentation presentation;
    std::vector<std::string> common;  // name components every benchmark of the family has, in order
  };
  void print_header(const std::string& family);
  void print_line(const std::string& text);
  std::map<std::string, std::string> family_of_;
  std::map<std::string, Family> families_;
  std::string clock_;           // context "clock": wall-ns or instruction-ns
  std::string header_family_;   // the family whose title was printed last
  std::string columns_family_;  // and whose column headers were
};

// At most `width` columns (UTF-8 aware): the middle replaced by "…". For
// the progress line only, which is one line redrawn in place; names in the
// table are wrapped (wrap_columns), never cut.
std::string elide_middle(const std::string& s, size_t width);
// `s` in pieces of at most `first` columns (the first piece) and `rest`
// columns (the others), each piece ending just after one of `breaks` where
// one is in reach ("fault/write/" + "shared/pte"); a run without a break
// longer than the width is split at the width. The pieces joined are `s`.
std::vector<std::string> wrap_columns(const std::string& s, size_t first, size_t rest,
                                      const std::string& breaks);
// A coefficient of variation in at most 5 columns: "±0.3%", "±7.7%", "±24%",
// ">999%"; two significant digits are all repetitions on a shared machine give.
std::string cv_text(double percent);
// Terminal columns of a UTF-8 string.
size_t display_width(const std::string& s);

}  // namespace daxbench
