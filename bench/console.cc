// The compact console of `daxbench run` (console.h).
#include "bench/console.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "bench/counters.h"
#include "core/summary.h"
#include "core/units.h"

namespace daxbench {

namespace {

constexpr size_t kColumns = 120;
constexpr size_t kValueWidth = 10;  // "4.82 ms", "1.23 GB/s"
constexpr size_t kCvWidth = 6;      // cv_text's at most 5 columns ("±9.9%", "±24%") and a space
constexpr size_t kMinCounterWidth = 9;
constexpr size_t kMaxCounterWidth = 24;
constexpr size_t kMinNameWidth = 40;
constexpr size_t kIndent = 2;  // a wrapped line's continuation

std::vector<std::string> components(const std::string& name) {
  std::vector<std::string> out;
  std::stringstream ss(name);
  for (std::string part; std::getline(ss, part, '/');) out.push_back(part);
  return out;
}

std::string pad_left(const std::string& s, size_t width) {
  const size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string pad_right(const std::string& s, size_t width) {
  const size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string trim_right(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// `text` within kColumns: wrapped after a space or a '/', the continuation
// lines indented.
std::vector<std::string> wrapped_text(const std::string& text) {
  std::vector<std::string> out = wrap_columns(text, kColumns, kColumns - kIndent, " /");
  for (size_t i = 1; i < out.size(); ++i) out[i] = std::string(kIndent, ' ') + out[i];
  for (auto& line : out) line = trim_right(line);
  return out;
}

// The metric of a headline counter: a perf counter by its stem is in the
// family's unit (bench/counters.h: derive_counters), anything else as named.
std::string headline_key(const std::string& counter, const FamilyPresentation& p,
                         const benchmark::UserCounters& counters) {
  const std::string per_unit_key = counter + "_per_" + per_unit(p.unit_quantity);
  if (counters.count(per_unit_key)) return per_unit_key;
  // A counter asked per page fault (the fault-path counters) has that form
  // instead where faults were counted (bench/perf_counters.cc).
  if (counters.count(counter + "_per_page_fault")) return counter + "_per_page_fault";
  const std::string per_iteration_key = counter + "_per_iteration";
  if (!counters.count(counter) && counters.count(per_iteration_key)) return per_iteration_key;
  return counter;
}

// The skip/failure line of a benchmark none of whose repetitions ran:
// "skipped: NAME: REASON", "failed: NAME: REASON", "interrupted: NAME",
// wrapped, nothing cut.
std::vector<std::string> error_lines(const std::string& name, const std::string& message) {
  std::string kind = "failed", reason = message;
  for (const char* k : {"skipped", "failed"}) {
    const std::string prefix = std::string(k) + ": ";
    if (message.starts_with(prefix)) {
      kind = k;
      reason = message.substr(prefix.size());
    }
  }
  if (message == "interrupted") return wrapped_text("interrupted: " + name);
  return wrapped_text(kind + ": " + name + ": " + reason);
}

// The name without what the family's header says every row has.
std::string without_common(const std::string& name, const std::vector<std::string>& common) {
  if (common.empty()) return name;
  std::vector<std::string> kept;
  for (const auto& part : components(name))
    if (std::find(common.begin(), common.end(), part) == common.end()) kept.push_back(part);
  return kept.empty() ? name : join(kept, "/");
}

using Run = benchmark::BenchmarkReporter::Run;

// A row's value: the median over the repetitions of the family's value,
// time per unit or bytes per second, and their coefficient of variation.
struct RowValue {
  std::string value;
  std::string cv;              // "" for one repetition
  bool per_unit_time = false;  // the last repetition reported the unit quantity
  bool rate = false;           // bytes per second
};

RowValue row_value(const std::vector<const Run*>& ok, const FamilyPresentation& p,
                   const std::string& clock) {
  std::vector<double> values;
  RowValue v;
  for (const Run* r : ok) {
    const double ns = r->real_accumulated_time * 1e9 / static_cast<double>(r->iterations);
    const auto q = r->counters.find(p.unit_quantity);
    const double amount = q != r->counters.end() && q->second.value > 0 ? q->second.value : 0;
    v.per_unit_time = amount > 0;
    if (p.throughput && amount > 0) {
      values.push_back(amount * 1e9 / ns);
    } else {
      values.push_back(amount > 0 ? ns / amount : ns);
    }
  }
  v.rate = p.throughput && v.per_unit_time;
  const Summary s = summarize(values);
  v.value = v.rate ? humanize_rate(s.median) : humanize_ns(s.median, clock);
  v.cv = values.size() >= 2 ? cv_text(s.relative_stddev_percent()) : "";
  return v;
}

// The value column's title.
std::string value_title(const RowValue& v, const FamilyPresentation& p) {
  return v.rate ? "rate" : (v.per_unit_time ? "/" + p.unit : "/iteration");
}

// Columns: the headline counters, each as wide as its name (within limits),
// and the name column the rest of kColumns.
struct CounterColumns {
  std::vector<std::string> keys;     // the metric shown (headline_key)
  std::vector<std::string> headers;  // the counter as the family names it
  std::vector<size_t> widths;
  size_t name_width = 0;
};

CounterColumns counter_columns(const FamilyPresentation& p,
                               const benchmark::UserCounters& counters) {
  CounterColumns c;
  for (const auto& counter : p.headline_counters) {
    c.keys.push_back(headline_key(counter, p, counters));
    c.headers.push_back(counter);
  }
  size_t used = 2 + kValueWidth + 1 + kCvWidth;
  for (const auto& h : c.headers) {
    c.widths.push_back(std::clamp(display_width(h), kMinCounterWidth, kMaxCounterWidth));
    used += 2 + c.widths.back();
  }
  c.name_width = used + kMinNameWidth < kColumns ? kColumns - used : kMinNameWidth;
  return c;
}

// The column headers. A counter's name wider than its column goes on more
// lines, broken after a '_', the last line beside "benchmark".
std::vector<std::string> column_header_lines(const CounterColumns& c, const std::string& title) {
  std::vector<std::vector<std::string>> pieces;
  size_t rows = 1;
  for (size_t i = 0; i < c.headers.size(); ++i) {
    pieces.push_back(wrap_columns(c.headers[i], c.widths[i], c.widths[i], "_"));
    rows = std::max(rows, pieces.back().size());
  }
  std::vector<std::string> out;
  for (size_t row = 0; row < rows; ++row) {
    const bool last = row + 1 == rows;
    std::string h = pad_right(last ? "benchmark" : "", c.name_width) + "  " +
                    pad_left(last ? title : "", kValueWidth) + " " + pad_left("", kCvWidth);
    for (size_t i = 0; i < c.headers.size(); ++i) {
      const size_t skip = rows - pieces[i].size();  // bottom-aligned
      h += "  " + pad_left(row >= skip ? pieces[i][row - skip] : "", c.widths[i]);
    }
    out.push_back(trim_right(h));
  }
  return out;
}

// A counter's cell: the median over the repetitions.
std::string counter_cell(const std::string& key, const std::vector<const Run*>& ok,
                         const std::string& clock) {
  std::vector<double> v;
  for (const Run* r : ok)
    if (auto it = r->counters.find(key); it != r->counters.end()) v.push_back(it->second);
  // Absent: unsupported here, or not counted (--events none); never 0.
  if (v.empty()) return "n/a";
  const double m = median(v);
  return key.starts_with("latency_") ? humanize_ns(m, clock) : humanize_count(m);
}

// The benchmark's row. A name wider than its column goes on more lines,
// broken after a '/', the values beside its first line.
std::vector<std::string> row_lines(const std::string& shown, const RowValue& value,
                                   const CounterColumns& c, const std::vector<const Run*>& ok,
                                   const std::string& clock) {
  const std::vector<std::string> name_lines =
      wrap_columns(shown, c.name_width, c.name_width - kIndent, "/");
  std::string line = pad_right(name_lines.front(), c.name_width) + "  " +
                     pad_left(value.value, kValueWidth) + " " + pad_left(value.cv, kCvWidth);
  for (size_t i = 0; i < c.keys.size(); ++i)
    line += "  " + pad_left(counter_cell(c.keys[i], ok, clock), c.widths[i]);
  std::vector<std::string> out = {line};
  for (size_t i = 1; i < name_lines.size(); ++i)
    out.push_back(std::string(kIndent, ' ') + name_lines[i]);
  return out;
}

}  // namespace

std::string cv_text(double percent) {
  char buf[16];
  if (!std::isfinite(percent) || percent >= 999.5) return ">999%";
  std::snprintf(buf, sizeof buf, percent < 9.95 ? "±%.1f%%" : "±%.0f%%", percent);
  return buf;
}

size_t display_width(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string elide_middle(const std::string& s, size_t width) {
  if (display_width(s) <= width) return s;
  if (width == 0) return "";
  // Byte offsets of each column's first byte.
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((s[i] & 0xC0) != 0x80) starts.push_back(i);
  const size_t keep = width - 1, head = keep / 2 + keep % 2, tail = keep / 2;
  const std::string front = s.substr(0, starts[head]);
  const std::string back = tail ? s.substr(starts[starts.size() - tail]) : "";
  return front + "…" + back;
}

std::vector<std::string> wrap_columns(const std::string& s, size_t first, size_t rest,
                                      const std::string& breaks) {
  // Byte offsets of each column's first byte, and the end.
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((s[i] & 0xC0) != 0x80) starts.push_back(i);
  const size_t columns = starts.size();
  starts.push_back(s.size());
  std::vector<std::string> out;
  for (size_t col = 0; col < columns;) {
    const size_t width = std::max<size_t>(1, out.empty() ? first : rest);
    if (columns - col <= width) {
      out.push_back(s.substr(starts[col]));
      break;
    }
    // The piece is columns [col, end): the last break within reach ends it.
    size_t end = col + width;
    for (size_t c = col + width; c > col; --c) {
      if (breaks.find(s[starts[c - 1]]) != std::string::npos) {
        end = c;
        break;
      }
    }
    out.push_back(s.substr(starts[col], starts[end] - starts[col]));
    col = end;
  }
  return out;
}

ProgressLine::ProgressLine() : terminal_(::isatty(STDERR_FILENO) == 1) {}

ProgressLine& ProgressLine::get() {
  static ProgressLine line;
  return line;
}

void ProgressLine::show(const std::string& text) {
  if (!terminal_) {
    std::fprintf(stderr, "%s\n", text.c_str());
    return;
  }
  // \x1b[K: erase to the end of the line (a shorter line after a longer one).
  std::fprintf(stderr, "\r%s\x1b[K", elide_middle(text, kColumns - 1).c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
  shown_ = false;
}

CompactConsoleReporter::CompactConsoleReporter(
    const std::vector<std::pair<std::string, std::string>>& names,
    std::map<std::string, FamilyPresentation> families, std::string clock)
    : clock_(std::move(clock)) {
  std::map<std::string, std::vector<std::vector<std::string>>> by_family;
  for (const auto& [name, family] : names) {
    family_of_[name] = family;
    by_family[family].push_back(components(name));
  }
  for (auto& [family, presentation] : families) families_[family].presentation = presentation;
  // Components every name of a family has (the family itself, "size:16MiB",
  // the filesystem of a one-target run), wherever they stand (a
  // "processes:2" in some names shifts the rest), are said once, in the
  // family's header; with one benchmark nothing is taken out.
  for (const auto& [family, lists] : by_family) {
    Family& f = families_[family];
    if (f.presentation.family.empty()) f.presentation.family = family;
    if (lists.size() < 2) continue;
    for (const auto& part : lists.front()) {
      bool everywhere = true;
      for (const auto& l : lists)
        everywhere = everywhere && std::find(l.begin(), l.end(), part) != l.end();
      if (everywhere && std::find(f.common.begin(), f.common.end(), part) == f.common.end())
        f.common.push_back(part);
    }
  }
}

bool CompactConsoleReporter::ReportContext(const Context&) {
  // Google Benchmark's context (CPU, caches, its DEBUG-build warning) is in
  // the results file; daxbench's timing is its own manual time either way.
  return true;
}

void CompactConsoleReporter::print_line(const std::string& text) {
  ProgressLine::get().clear();
  GetOutputStream() << text << "\n" << std::flush;
}

void CompactConsoleReporter::print_header(const std::string& family) {
  const Family& f = families_[family];
  const FamilyPresentation& p = f.presentation;
  std::vector<std::string> shared;
  for (const auto& part : f.common)  // the family is said first
    if (part != family) shared.push_back(part);
  // "fault: per page" (time and counters), "mmap-write: throughput, counters per byte"
  std::string title =
      family + ": " + (p.throughput ? "throughput, counters per " : "per ") + p.unit;
  if (!shared.empty()) title += "; every row: " + join(shared, "/");
  if (!header_family_.empty()) print_line("");  // between families, not before the first
  header_family_ = family;
  for (const auto& line : wrapped_text(title)) print_line(line);
}

void CompactConsoleReporter::ReportRuns(const std::vector<Run>& runs) {
  // One row per benchmark, from its repetitions (medians, ± the coefficient
  // of variation); Google Benchmark's aggregates of them add nothing here.
  std::vector<const Run*> ok;
  const Run* error = nullptr;
  for (const Run& r : runs) {
    if (r.run_type == Run::RT_Aggregate) return;
    if (r.error_occurred) {
      if (!error) error = &r;
    } else {
      ok.push_back(&r);
    }
  }
  if (runs.empty()) return;
  const std::string name = runs.front().run_name.function_name;
  const auto fam = family_of_.find(name);
  const std::string family = fam == family_of_.end() ? "" : fam->second;
  const Family& f = families_[family];
  const std::string shown = without_common(name, f.common);
  if (family != header_family_) print_header(family);
  if (ok.empty()) {
    for (const auto& line : error_lines(shown, error->error_message)) print_line(line);
    return;
  }
  const RowValue value = row_value(ok, f.presentation, clock_);
  const CounterColumns columns = counter_columns(f.presentation, ok.front()->counters);
  if (family != columns_family_) {
    columns_family_ = family;
    for (const auto& line : column_header_lines(columns, value_title(value, f.presentation)))
      print_line(line);
  }
  for (const auto& line : row_lines(shown, value, columns, ok, clock_)) print_line(line);
}

}  // namespace daxbench
