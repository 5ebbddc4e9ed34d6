// daxbench report: files written, plots present or explicitly omitted, and the
// page rendered by headless Chromium with every plot and no console message.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(DAXBENCH_SOURCE_DIR) + "/tests/data/analysis/";
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

  // Every plot type of the issue, given data for each.
  const std::set<std::string> expected = {"dax-vs-pagecache", "latency-cdf", "pmd", "flag-switch",
                                          "ab-ratio"};
  EXPECT_EQ(plot_kinds(html), expected);

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
  // Results are copied beside the report; the command to regenerate is given,
  // and the command line of each run.
  EXPECT_TRUE(fs::exists(dir / "run-a.json"));
  EXPECT_TRUE(fs::exists(dir / "run-b.json"));
  EXPECT_NE(md.find("daxbench report " + (dir / "run-a.json").string()), std::string::npos);
  EXPECT_NE(md.find("build/daxbench run --config configs/quick.ini"), std::string::npos);
  // Unit, clock and lab status are stated.
  EXPECT_NE(md.find("ns of wall-clock time (CLOCK_MONOTONIC)"), std::string::npos);
  EXPECT_NE(md.find("real hardware (not emulated)"), std::string::npos);
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
  const fs::path dir = tmp.path / "report";
  ASSERT_EQ(
      run(kDaxbench + " report " + kData + "run-a.json " + kData + "run-b.json -o " + dir.string(),
          tmp.path / "out", tmp.path / "err"),
      0)
      << read_file(tmp.path / "err");
  const std::string html = read_file(dir / "index.html");
  const auto ids = figure_ids(html);
  ASSERT_GE(ids.size(), 5u);

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
