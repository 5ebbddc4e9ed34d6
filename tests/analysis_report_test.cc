// daxbench report: files written, plots present or explicitly omitted, and the
// page rendered by headless Chromium with every plot and no console message.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(DAXBENCH_SOURCE_DIR) + "/tests/data/analysis/";
// Committed, published results (not regenerated here).
const std::string kReports = std::string(DAXBENCH_SOURCE_DIR) + "/reports/";
const std::string kDaxbench = std::string(DAXBENCH_BINARY_DIR) + "/daxbench";

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/daxbench-report-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command`, stdout to out_file and stderr to err_file; returns the exit status.
int run(const std::string& command, const fs::path& out_file, const fs::path& err_file) {
  const int raw =
      std::system((command + " >" + out_file.string() + " 2>" + err_file.string()).c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

std::vector<std::string> figure_ids(const std::string& html) {
  std::vector<std::string> ids;
  const std::regex re("<figure id=\"([^\"]+)\" data-plot=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it) {
    ids.push_back((*it)[1]);
  }
  return ids;
}

std::set<std::string> plot_kinds(const std::string& html) {
  std::set<std::string> kinds;
  const std::regex re("data-plot=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it) {
    kinds.insert((*it)[1]);
  }
  return kinds;
}

struct Rendered {
  int status = -1;
  std::string dom;
  std::vector<std::string> console;  // every console message Chromium logged
};

// Debian's chromium, headless, with a fresh profile and no network services.
// Console messages (errors, CSP violations, ...) are logged to stderr as
// "...:CONSOLE(...)] "message", source: ...".
Rendered render(const fs::path& html, const fs::path& scratch) {
  Rendered r;
  const fs::path profile = scratch / "chromium-profile";
  fs::create_directories(profile);
  const std::string command =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir=" +
      profile.string() + " --enable-logging=stderr --v=0 --dump-dom file://" +
      fs::absolute(html).string();
  r.status = run(command, scratch / "dom.html", scratch / "chromium.err");
  r.dom = read_file(scratch / "dom.html");
  std::stringstream err(read_file(scratch / "chromium.err"));
  for (std::string line; std::getline(err, line);) {
    if (line.find(":CONSOLE") != std::string::npos) r.console.push_back(line);
  }
  return r;
}

bool chromium_installed() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

// Writes a copy of `src` with the real_time of the benchmarks whose name
// contains `part` scaled by `factor` (a known injected change).
std::string scaled_copy(const std::string& src, const std::string& part, double factor,
                        const fs::path& dir) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(read_file(src));
  for (auto& b : doc["benchmarks"])
    if (b.value("run_type", "") == "iteration" && !b.value("error_occurred", false) &&
        b.value("run_name", "").find(part) != std::string::npos)
      b["real_time"] = b["real_time"].get<double>() * factor;
  const fs::path out = dir / ("scaled-" + std::to_string(factor) + ".json");
  std::ofstream(out) << doc.dump(2);
  return out.string();
}

TEST(AnalysisReport, WritesHtmlMarkdownAndEveryPlotType) {
  TempDir tmp;
  const fs::path dir = tmp.path / "report";
  const int status = run(kDaxbench + " report " + kData + "run-a.json " + kData + "run-b.json -o " +
                             dir.string() + " --title 'Fixture report'",
                         tmp.path / "out", tmp.path / "err");
  ASSERT_EQ(status, 0) << read_file(tmp.path / "err");
  const std::string html = read_file(dir / "index.html");
  const std::string md = read_file(dir / "README.md");
  ASSERT_FALSE(html.empty());
  ASSERT_FALSE(md.empty());

  // Two runs: the A/B chart, both runs in every point; no plot of one run.
  EXPECT_EQ(plot_kinds(html), (std::set<std::string>{"ab-ratio"}));
  // An older results file (no context "families") alone: the fallback
  // table's plots (bars, latency CDFs).
  const fs::path one = tmp.path / "one";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "run-a.json -o " + one.string(), tmp.path / "out",
                tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  EXPECT_EQ(plot_kinds(read_file(one / "index.html")), (std::set<std::string>{"bars", "cdf"}));
  // A file with context "families": drawn from its PlotSpecs alone,
  // including a family the fallback table does not know.
  const fs::path dir2 = tmp.path / "families";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "with-families.json -o " + dir2.string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string html2 = read_file(dir2 / "index.html");
  EXPECT_EQ(plot_kinds(html2), (std::set<std::string>{"bars", "cdf", "lines"}));
  EXPECT_NE(html2.find("id=\"fig-run1-access-working-set\""), std::string::npos);

  // Self-contained: every plot inline, none linked; no script, no remote URL.
  const auto ids = figure_ids(html);
  EXPECT_EQ(count(html, "<svg"), ids.size());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);

  // The Markdown has the same plots as SVG files beside it.
  for (const auto& id : ids) {
    EXPECT_TRUE(fs::exists(dir / (id + ".svg"))) << id;
    EXPECT_NE(md.find("](" + id + ".svg)"), std::string::npos) << id;
  }
  // Findings first, then plots, detail, and the environment last (folded in HTML).
  const size_t findings = md.find("## Findings"), plots = md.find("## Plots"),
               detail = md.find("## Per-benchmark detail"), env = md.find("## Environment");
  ASSERT_NE(findings, std::string::npos);
  EXPECT_LT(findings, plots);
  EXPECT_LT(plots, detail);
  EXPECT_LT(detail, env);
  EXPECT_NE(html.find("<details>\n<summary>Environment and targets of run 1"), std::string::npos);
  // Results are copied beside the report; the command to regenerate is given,
  // and the command line of each run.
  EXPECT_TRUE(fs::exists(dir / "run-a.json"));
  EXPECT_TRUE(fs::exists(dir / "run-b.json"));
  EXPECT_NE(md.find("daxbench report " + (dir / "run-a.json").string()), std::string::npos);
  EXPECT_NE(md.find("build/daxbench run --config configs/quick.ini"), std::string::npos);
  // Unit, clock and lab status are stated.
  EXPECT_NE(md.find("ns of wall-clock time (CLOCK_MONOTONIC)"), std::string::npos);
  EXPECT_NE(md.find("real hardware"), std::string::npos);
  // The full environment.
  EXPECT_NE(md.find("| kernel_cmdline |"), std::string::npos);
  EXPECT_NE(md.find("| mount_options |"), std::string::npos);
  // Plot scripts contain no absolute path (reports are committed).
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".gp") {
      EXPECT_EQ(read_file(entry.path()).find(dir.string()), std::string::npos) << entry.path();
    }
  }
}

// Findings come from the numbers: DAX against its page-cache baseline, in the
// family's unit, humanised, with the ratio's CI and one sentence per
// filesystem and mode pair.
TEST(AnalysisReport, FindingsCompareDaxWithItsBaselineInTheFamilysUnit) {
  TempDir tmp;
  const fs::path dir = tmp.path / "report";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "with-families.json -o " + dir.string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(dir / "README.md");
  // The fixture's DAX accesses cost 9/14 of the page cache's at every
  // working set: one sentence per filesystem, over rows where dax-inode
  // (against dax-inode-off) and dax-always (against pagecache) share a
  // row when they agree.
  EXPECT_NE(md.find("- ext4: DAX is cheaper per access in 3 of 3 scenarios; widest gap"),
            std::string::npos)
      << md.substr(0, 3000);
  EXPECT_NE(md.find("| 64MiB | xfs | dax-inode | 27."), std::string::npos) << md.substr(0, 6000);
  EXPECT_NE(md.find(" ns | dax-inode-off | 41.6 ns | 0.650 | [0.631, 0.662] | 1.54× cheaper |"),
            std::string::npos);
  EXPECT_NE(md.find("1.56× cheaper"), std::string::npos);
  // Fault: per page touched.
  EXPECT_NE(md.find("DAX is cheaper per page"), std::string::npos);
  // No 9-digit nanoseconds anywhere in the findings.
  const std::string findings =
      md.substr(md.find("## Findings"), md.find("## Plots") - md.find("## Findings"));
  EXPECT_FALSE(std::regex_search(findings, std::regex("[0-9]{5,} ?ns"))) << findings;
}

// A counter appears once, in the family's unit, and only where it is non-zero.
TEST(AnalysisReport, CountersShownOnceInTheFamilysUnitAndOnlyWhereNonZero) {
  TempDir tmp;
  const fs::path dir = tmp.path / "report";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "with-families.json -o " + dir.string(),
                tmp.path / "out", tmp.path / "err"),
            0);
  const std::string md = read_file(dir / "README.md");
  const std::string access =
      md.substr(md.find("#### access"), md.find("## Reproduce") - md.find("#### access"));
  EXPECT_NE(access.find("Counters per access (dtlb_misses)"), std::string::npos)
      << access.substr(0, 600);
  EXPECT_EQ(access.find("tlb_flushes"), std::string::npos) << "zero everywhere: not shown";
  EXPECT_EQ(md.find("_total"), std::string::npos) << "totals stay in the results file";
  EXPECT_EQ(md.find("dtlb_misses_per_access"), std::string::npos) << "one name per counter";
  // The plot of a counter that is zero everywhere is not drawn, and said so.
  EXPECT_NE(md.find("tlb_flushes is 0 in every selected benchmark"), std::string::npos);
}

// Two runs: the LKP layout, significant changes first by size, the rest
// counted and folded (HTML) or left out (Markdown) unless --all.
TEST(AnalysisReport, AbFindingsListChangesFirstAndFoldTheRest) {
  TempDir tmp;
  const std::string slow =
      scaled_copy(kData + "run-a.json", "fault/write/shared/pte", 1.25, tmp.path);
  const fs::path dir = tmp.path / "report";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "run-a.json " + slow + " -o " + dir.string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(dir / "README.md");
  const std::string html = read_file(dir / "index.html");
  // One count, compare's: benchmarks, not metrics.
  const std::regex summary("\n([0-9]+) benchmarks? regressed, 0 improved, ([0-9]+) unchanged");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(md, m, summary)) << md.substr(0, 2000);
  EXPECT_EQ(m[1], "6") << "the write/pte time of 3 modes x 2 filesystems";
  EXPECT_NE(md.find("| base | ±%stddev | %change | 95% CI | new | ±%stddev | verdict | metric |"),
            std::string::npos);
  EXPECT_NE(md.find("| +25.0% |"), std::string::npos);
  EXPECT_NE(md.find("not listed here (daxbench report --all lists them)"), std::string::npos);
  EXPECT_EQ(md.find("| unchanged |"), std::string::npos);
  EXPECT_NE(html.find("The other rows, unchanged or noisy</summary>"), std::string::npos);
  EXPECT_NE(html.find("<td>unchanged</td>"), std::string::npos);
  // --all lists them in Markdown too.
  const fs::path all = tmp.path / "all";
  ASSERT_EQ(run(kDaxbench + " report " + kData + "run-a.json " + slow + " --all -o " + all.string(),
                tmp.path / "out", tmp.path / "err"),
            0);
  EXPECT_NE(read_file(all / "README.md").find("| unchanged |"), std::string::npos);
}

// The first lines, on the published 6.1-vs-6.12 pair: the header (exact
// packages, the lab once, one NUMA node, clock, noise, the measuring tree),
// then the changed rows named by what differs; no plot of one kernel alone.
TEST(AnalysisReport, AbReportOpensWithTheHeaderThenTheChangedRows) {
  TempDir tmp;
  const fs::path dir = tmp.path / "report";
  const std::string pair = kData + "../kernel-6.1-vs-6.12-2026-11/base.json " + kData +
                           "../kernel-6.1-vs-6.12-2026-11/new.json";
  ASSERT_EQ(run(kDaxbench + " report " + pair + " -o " + dir.string() + " --title T",
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(dir / "README.md");
  std::vector<std::string> lines;
  std::stringstream in(md);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GT(lines.size(), 20u);
  EXPECT_EQ(lines[0], "# T");
  EXPECT_EQ(lines[2],
            "- kernels: linux-image-6.1.0-57-amd64 6.1.192-3 → "
            "linux-image-6.12.117+deb12-amd64-unsigned 6.12.117-1~deb12u1");
  EXPECT_EQ(lines[3].rfind("- testcase: fault, 48 benchmarks × 5 repetitions", 0), 0u) << lines[3];
  EXPECT_EQ(lines[4].rfind("- machine: emulated lab: qemu 7.2.22 tcg", 0), 0u) << lines[4];
  EXPECT_EQ(lines[5].rfind("- clock: instructions", 0), 0u) << lines[5];
  EXPECT_EQ(lines[6].rfind("- noise: verdict threshold 2 %", 0), 0u) << lines[6];
  EXPECT_EQ(lines[7], "- measured by: daxbench e5959e4 (clean tree)");
  // The lab is said once, in the header, not as two 550-character strings.
  const std::string top = md.substr(0, md.find("## Plots"));
  EXPECT_EQ(count(top, "qemu 7.2.22"), 1u) << top.substr(0, 3000);
  // One NUMA node: the kernel's (sysfs), the lab's request named as such.
  EXPECT_NE(lines[4].find("pmem on NUMA node 0 (sysfs numa_node"), std::string::npos) << lines[4];
  // (The environment, folded at the end, keeps the lab's record as written.)
  EXPECT_EQ(count(md.substr(0, md.find("## Environment")), "guest node"), 0u);
  // The finding first: compare's grouped rows, per fault, the xfs page-cache
  // improvement and then the ext4 DAX 4 KiB regression, each once.
  size_t first_row = 0, ext4_dax = 0;
  for (size_t i = 0; i < lines.size() && !ext4_dax; ++i) {
    if (!first_row && lines[i].ends_with("xfs pagecache read (x4)")) first_row = i;
    if (lines[i].ends_with("ext4 dax pte read (x2)")) ext4_dax = i;
  }
  EXPECT_GT(first_row, 0u);
  EXPECT_LT(first_row, 25u);
  EXPECT_GT(ext4_dax, 0u);
  EXPECT_LT(ext4_dax, 25u);
  EXPECT_NE(md.find("12 benchmarks regressed, 36 improved, 0 unchanged"), std::string::npos);
  EXPECT_EQ(count(md, "xfs pagecache read (x4)"), 1u);
  EXPECT_EQ(md.find("insn-ns"), std::string::npos) << "the deterministic unit is instructions";
  // Plots that compare: the A/B chart only, sorted on a log axis; the
  // family plots of one kernel are left out, and said so.
  const std::string html = read_file(dir / "index.html");
  EXPECT_EQ(plot_kinds(html), (std::set<std::string>{"ab-ratio"}));
  for (const auto& id : figure_ids(html)) EXPECT_EQ(id.rfind("fig-ab-", 0), 0u) << id;
  EXPECT_NE(read_file(dir / "fig-ab-run2-vs-run1.gp").find("set logscale x"), std::string::npos);
  EXPECT_NE(md.find("family plots of run 1 (base.json): an A/B report plots both runs"),
            std::string::npos);
  // Fiction under TCG is not shown; the rest of the environment is.
  EXPECT_EQ(md.find("| mhz_per_cpu |"), std::string::npos);
  EXPECT_EQ(md.find("| caches |"), std::string::npos);
  EXPECT_NE(md.find("Not shown, made up by QEMU's TCG CPU model rather than measured: caches, "
                    "cpu_scaling_enabled, mhz_per_cpu."),
            std::string::npos);
  EXPECT_NE(md.find("| kernel_cmdline |"), std::string::npos);
}

// A host run keeps its CPU MHz and caches: they were measured.
TEST(AnalysisReport, HostRunShowsItsCpuFields) {
  TempDir tmp;
  ASSERT_EQ(run(kDaxbench + " report " + kData + "run-a.json -o " + (tmp.path / "r").string(),
                tmp.path / "out", tmp.path / "err"),
            0);
  const std::string md = read_file(tmp.path / "r" / "README.md");
  EXPECT_NE(md.find("| mhz_per_cpu | 2600 |"), std::string::npos);
  EXPECT_EQ(md.find("made up by QEMU"), std::string::npos);
}

// Results measured by a build from a dirty tree are not published unless
// asked: one line, exit 2, nothing written.
TEST(AnalysisReport, DirtyTreeIsRefusedUnlessAllowed) {
  TempDir tmp;
  // The published run, as a build from a dirty tree would have stamped it.
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(
      read_file(kReports + "dax-vs-pagecache/dax-vs-pagecache.json"));
  doc["context"]["daxbench_version"] = "0c3ee6e-dirty";
  const std::string dirty = (tmp.path / "dax-vs-pagecache.json").string();
  std::ofstream(dirty) << doc.dump(2);
  const fs::path dir = tmp.path / "r";
  EXPECT_EQ(run(kDaxbench + " report " + dirty + " -o " + dir.string(), tmp.path / "out",
                tmp.path / "err"),
            2);
  const std::string err = read_file(tmp.path / "err");
  EXPECT_EQ(count(err, "\n"), 1u) << err;
  EXPECT_NE(err.find("dax-vs-pagecache.json: measured by daxbench 0c3ee6e-dirty"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("--allow-dirty"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir));
  ASSERT_EQ(run(kDaxbench + " report " + dirty + " --allow-dirty -o " + dir.string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(dir / "README.md");
  EXPECT_NE(md.find("- measured by: daxbench 0c3ee6e (dirty tree: uncommitted changes)"),
            std::string::npos);
  EXPECT_NE(md.find("--allow-dirty"), std::string::npos) << "the regenerating command says it";
  // A single run: the header, then the findings.
  EXPECT_LT(md.find("- kernel: "), md.find("## Findings"));
}

// dax-inode (against dax-inode-off) and dax-always (against pagecache)
// measure one scenario twice: the published dax-vs-pagecache run's (7.3.4)
// 4 KiB write faults on ext4, DAX several times costlier per page in both
// modes, share one row, and the fault table opens with the widest gap. The
// finding says why per page: the page cache maps 256 pages a fault there
// (a large folio), DAX one.
TEST(AnalysisReport, DaxModesThatAgreeShareARowWidestGapFirst) {
  TempDir tmp;
  const std::string results =
      std::string(DAXBENCH_SOURCE_DIR) + "/reports/dax-vs-pagecache/dax-vs-pagecache.json";
  ASSERT_EQ(run(kDaxbench + " report " + results + " --allow-dirty -o " + (tmp.path / "r").string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(tmp.path / "r" / "README.md");
  const size_t fault = md.find("### fault:");
  ASSERT_NE(fault, std::string::npos) << md.substr(0, 3000);
  const size_t table = md.find("|---|", fault);
  ASSERT_NE(table, std::string::npos);
  const size_t first_row = md.find('\n', table) + 1;
  const std::string row = md.substr(first_row, md.find('\n', first_row) - first_row);
  EXPECT_EQ(row.rfind("| write/pte | ext4 | dax-inode, dax-always | ", 0), 0u) << row;
  EXPECT_NE(row.find("| dax-inode-off, pagecache |"), std::string::npos) << row;
  const std::string ext4 = md.substr(md.find("- ext4: DAX", fault));
  EXPECT_NE(ext4.substr(0, ext4.find('\n'))
                .find("; page faults per page: DAX 1, baseline 0.00391, 256 pages a fault: the gap "
                      "is in how much one fault maps"),
            std::string::npos)
      << ext4.substr(0, ext4.find('\n'));
}

// One repetition: nothing can be judged, so nothing is "within noise"
// (scripts/quickstart's report).
TEST(AnalysisReport, OneRepetitionIsNotJudged) {
  TempDir tmp;
  nlohmann::ordered_json doc =
      nlohmann::ordered_json::parse(read_file(kData + "with-families.json"));
  std::set<std::string> seen;
  auto& bs = doc["benchmarks"];
  for (auto it = bs.begin(); it != bs.end();) {
    const bool iteration = it->value("run_type", "") == "iteration";
    if (!iteration || !seen.insert(it->value("run_name", "")).second)
      it = bs.erase(it);
    else
      ++it;
  }
  const fs::path one = tmp.path / "one.json";
  std::ofstream(one) << doc.dump(2);
  ASSERT_EQ(run(kDaxbench + " report " + one.string() + " -o " + (tmp.path / "r").string(),
                tmp.path / "out", tmp.path / "err"),
            0)
      << read_file(tmp.path / "err");
  const std::string md = read_file(tmp.path / "r" / "README.md");
  EXPECT_NE(md.find("DAX is not judged (1 repetition) in 3 of 3 scenarios"), std::string::npos)
      << md.substr(0, 3000);
  EXPECT_NE(md.find("| not judged (1 repetition) |"), std::string::npos);
  EXPECT_EQ(md.find("within noise"), std::string::npos);
  EXPECT_NE(md.find("testcase: "), std::string::npos);
  EXPECT_NE(md.find(" × 1 repetition"), std::string::npos);
}

TEST(AnalysisReport, MissingPlotTypesAreOmittedAndSaid) {
  TempDir tmp;
  const fs::path dir = tmp.path / "report";
  // A lab run: deterministic clock, emulated; one run only (no A/B); the
  // title takes the kernel release, --notes paragraphs are included.
  std::ofstream(tmp.path / "notes.txt") << "The changelog lists\nno change in fs/dax.c.\n\n"
                                           "Second paragraph.\n";
  const int status =
      run(kDaxbench + " report " + kData + "lab-icount.json -o " + dir.string() +
              " --title 'DAX on {kernel_release}' --notes " + (tmp.path / "notes.txt").string(),
          tmp.path / "out", tmp.path / "err");
  ASSERT_EQ(status, 0) << read_file(tmp.path / "err");
  const std::string md = read_file(dir / "README.md");
  EXPECT_EQ(md.rfind("# DAX on 6.1.0-56-amd64\n", 0), 0u) << md.substr(0, 80);
  EXPECT_NE(md.find("## Notes\n\nThe changelog lists no change in fs/dax.c.\n\nSecond paragraph."),
            std::string::npos);
  EXPECT_EQ(plot_kinds(read_file(dir / "index.html")).count("ab-ratio"), 0u);
  EXPECT_NE(md.find("instruction-ns (QEMU icount"), std::string::npos);
  EXPECT_NE(md.find("emulated lab: qemu tcg"), std::string::npos);

  // A host run of one mode, without latencies, PMD counters or flag-switch.
  const int status2 =
      run(kDaxbench + " report " + kData + "one-repetition.json -o " + (tmp.path / "r2").string(),
          tmp.path / "out", tmp.path / "err");
  ASSERT_EQ(status2, 0) << read_file(tmp.path / "err");
  const std::string md2 = read_file(tmp.path / "r2" / "README.md");
  EXPECT_NE(md2.find("## Plots not drawn"), std::string::npos);
}

TEST(AnalysisReport, BadInputIsOneLineAndExitTwo) {
  TempDir tmp;
  EXPECT_EQ(run(kDaxbench + " report " + kData + "missing.json -o " + (tmp.path / "r").string(),
                tmp.path / "out", tmp.path / "err"),
            2);
  EXPECT_NE(read_file(tmp.path / "err").find("missing.json: cannot open"), std::string::npos);
  EXPECT_EQ(run(kDaxbench + " report " + kData + "run-a.json", tmp.path / "out", tmp.path / "err"),
            2);
  EXPECT_NE(read_file(tmp.path / "err").find("-o DIR is required"), std::string::npos);
}

// The rendering test of the issue. Chromium is installed by
// scripts/install-deps, so its absence is a failure, not a skip.
TEST(AnalysisReport, RendersInHeadlessChromiumWithEveryPlotAndNoConsoleMessage) {
  ASSERT_TRUE(chromium_installed())
      << "chromium is not installed; run scripts/install-deps (it installs Debian's chromium)";
  TempDir tmp;
  // One run (the family plots) and two (the A/B chart).
  for (const std::string& inputs :
       {kData + "run-a.json", kData + "run-a.json " + kData + "run-b.json"}) {
    SCOPED_TRACE(inputs);
    const fs::path dir = tmp.path / std::string("r").append(std::to_string(inputs.size()));
    ASSERT_EQ(run(kDaxbench + " report " + inputs + " -o " + dir.string(), tmp.path / "out",
                  tmp.path / "err"),
              0)
        << read_file(tmp.path / "err");
    const std::string html = read_file(dir / "index.html");
    const auto ids = figure_ids(html);
    ASSERT_GE(ids.size(), inputs.find(' ') == std::string::npos ? 5u : 1u);

    const Rendered r = render(dir / "index.html", tmp.path);
    ASSERT_EQ(r.status, 0);
    for (const auto& line : r.console) ADD_FAILURE() << "console: " << line;
    // Every figure is in the rendered DOM, with its SVG drawn (gnuplot's plot groups).
    EXPECT_EQ(count(r.dom, "<figure"), ids.size());
    EXPECT_EQ(count(r.dom, "<svg"), ids.size());
    for (const auto& id : ids) {
      const size_t at = r.dom.find("<figure id=\"" + id + "\"");
      ASSERT_NE(at, std::string::npos) << id;
      const size_t end = r.dom.find("</figure>", at);
      const std::string figure = r.dom.substr(at, end - at);
      EXPECT_NE(figure.find("<svg"), std::string::npos) << id;
      EXPECT_NE(figure.find(id + "-gnuplot_plot_1"), std::string::npos) << id << ": no plot drawn";
      EXPECT_NE(figure.find("<figcaption>"), std::string::npos) << id;
    }
    EXPECT_EQ(r.dom.find("parsererror"), std::string::npos);
  }
}

// Plot text is readable at the width the page shows it: a copy of the page
// with a measuring script (the report itself allows none) reports the
// smallest rendered height of any text in any figure at a 1280 px window.
TEST(AnalysisReport, PlotTextIsReadableAtTheRenderedWidth) {
  ASSERT_TRUE(chromium_installed()) << "chromium is not installed; run scripts/install-deps";
  TempDir tmp;
  for (const std::string& inputs :
       {kData + "run-a.json", kData + "run-a.json " + kData + "run-b.json",
        kData + "with-families.json"}) {
    SCOPED_TRACE(inputs);
    const fs::path dir = tmp.path / std::string("r").append(std::to_string(inputs.size()));
    ASSERT_EQ(run(kDaxbench + " report " + inputs + " -o " + dir.string(), tmp.path / "out",
                  tmp.path / "err"),
              0);
    std::string page = read_file(dir / "index.html");
    page = std::regex_replace(page,
                              std::regex("<meta http-equiv=\"Content-Security-Policy\"[^>]*>"), "");
    const std::string script =
        "<script>var min = 1e9, n = 0;"
        "document.querySelectorAll('figure svg text').forEach(function (t) {"
        "  var r = t.getBoundingClientRect();"
        "  if (t.textContent.trim().length && r.height > 0) { ++n; min = Math.min(min, r.height); }"
        "});"
        "document.body.setAttribute('data-text-min', String(min));"
        "document.body.setAttribute('data-text-count', String(n));</script>";
    page.replace(page.rfind("</body>"), 7, script + "</body>");
    std::ofstream(dir / "measure.html") << page;
    const fs::path profile = tmp.path / "profile";
    fs::create_directories(profile);
    ASSERT_EQ(run("timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
                  "--disable-background-networking --window-size=1280,1000 --user-data-dir=" +
                      profile.string() + " --dump-dom file://" + (dir / "measure.html").string(),
                  tmp.path / "dom", tmp.path / "chromium.err"),
              0);
    std::smatch m;
    const std::string dom = read_file(tmp.path / "dom");
    ASSERT_TRUE(std::regex_search(dom, m, std::regex("data-text-min=\"([0-9.e+]+)\"")))
        << dom.substr(0, 300);
    EXPECT_GE(std::stod(m[1]), 12.0)
        << "plot text renders " << m[1] << " px high: too small to read";
    ASSERT_TRUE(std::regex_search(dom, m, std::regex("data-text-count=\"([0-9]+)\"")));
    EXPECT_GT(std::stoi(m[1]), 20);  // the A/B report's one chart has about 28
  }
}

// The console check itself works: a page with a console error and a blocked
// remote load is caught (so a silent pass above means something).
TEST(AnalysisReport, ChromiumConsoleCheckCatchesErrors) {
  ASSERT_TRUE(chromium_installed()) << "chromium is not installed; run scripts/install-deps";
  TempDir tmp;
  const fs::path page = tmp.path / "bad.html";
  std::ofstream(page) << "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                         "content=\"default-src 'none'\"></head><body>"
                         "<img src=\"https://example.invalid/x.png\"></body></html>\n";
  const Rendered r = render(page, tmp.path);
  EXPECT_FALSE(r.console.empty());
}

}  // namespace
