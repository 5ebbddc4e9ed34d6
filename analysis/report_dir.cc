#include "analysis/report_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "analysis/gnuplot.h"
#include "core/error.h"
#include "core/scratch.h"

namespace daxbench::analysis {

namespace fs = std::filesystem;

RenderDir::RenderDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/daxbench-report.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr)
    throw UsageError(tmpl + ": cannot create a directory to render plots in (" +
                     std::strerror(errno) + "); set TMPDIR to a writable directory");
  path_ = tmpl;
}

RenderDir::~RenderDir() { remove_tree(path_); }

// Names are made unique and never one
// the report writes itself (a results file named README.md is copied as
// results-run1.json, not over the README).
std::string draw_svg(const std::string& id, const std::string& script, ReportDir& out,
                     const RenderDir& render) {
  run_gnuplot(script, render.path(), id + ".gp");
  std::ifstream in(std::filesystem::path(render.path()) / (id + ".svg"));
  std::stringstream svg;
  svg << in.rdbuf();
  out.write(id + ".gp", script);
  out.write(id + ".svg", svg.str());
  return svg.str();
}

std::vector<std::string> copy_results(const std::vector<std::string>& files, ReportDir& out) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (size_t i = 0; i < files.size(); ++i) {
    const fs::path src = files[i];
    std::string name = src.filename().string();
    if (used.count(name)) name = "run" + std::to_string(i + 1) + "-" + name;
    for (int n = 0; is_generated_name(name) || used.count(name); ++n)
      name = "results-run" + std::to_string(i + 1) +
             (n ? std::string("-").append(std::to_string(n)) : "") + ".json";
    used.insert(name);
    if (out.holds(name, src.string())) {
      out.keep(name);
    } else {
      std::ifstream in(src, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) throw UsageError(src.string() + ": cannot read results to copy into the report");
      out.write(name, text.str());
    }
    names.push_back(name);
  }
  return names;
}

bool is_generated_name(const std::string& name) {
  return name == "index.html" || name == "README.md" || name == ReportDir::kManifest ||
         name.ends_with(".svg") || name.ends_with(".gp") ||
         (name.starts_with("compare-run") && name.ends_with(".md"));
}

ReportDir::ReportDir(const std::string& path, const std::vector<std::string>& inputs, bool force)
    : path_(path) {
  for (const auto& input : inputs) {
    struct stat st {};
    if (!input.empty() && ::stat(input.c_str(), &st) == 0)
      inputs_.push_back({st.st_dev, st.st_ino});
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode))
    throw UsageError("-o " + path + ": not a directory; give a new or empty directory");
  // The checks of check_output_file (pseudo filesystems, a writable parent,
  // name length) on a file that would live in the directory.
  if (exists) {
    check_output_file("-o", (fs::path(path) / "index.html").string());
    fd_.reset(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd_.valid())
      throw UsageError("-o " + path + ": cannot open (" + std::strerror(errno) + ")");
    std::set<std::string> ours = {kManifest};
    if (FileDescriptor m(::openat(fd_.get(), kManifest, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        m.valid()) {
      std::string text(1 << 20, '\0');
      const ssize_t n = ::pread(m.get(), text.data(), text.size(), 0);
      std::istringstream lines(text.substr(0, n > 0 ? static_cast<size_t>(n) : 0));
      std::string line;
      if (std::getline(lines, line) && line == "daxbench report manifest")
        while (std::getline(lines, line))
          if (!line.empty()) ours.insert(line);
    }
    std::vector<std::string> foreign;
    for (const auto& e : fs::directory_iterator(path)) {
      const std::string name = e.path().filename().string();
      struct stat est {};
      const bool is_input = ::fstatat(fd_.get(), name.c_str(), &est, AT_SYMLINK_NOFOLLOW) == 0 &&
                            std::find(inputs_.begin(), inputs_.end(),
                                      std::pair{est.st_dev, est.st_ino}) != inputs_.end();
      if (is_input && is_generated_name(name))
        throw UsageError("-o " + path + ": the input " + (fs::path(path) / name).string() +
                         " has the name of a file the report writes; move it or write elsewhere");
      if (!ours.count(name) && !is_input) foreign.push_back(name);
    }
    if (!foreign.empty() && !force) {
      std::sort(foreign.begin(), foreign.end());
      std::string examples;
      for (size_t i = 0; i < foreign.size() && i < 3; ++i) examples += (i ? ", " : "") + foreign[i];
      throw UsageError("-o " + path + ": holds " + std::to_string(foreign.size()) +
                       " file(s) daxbench did not write (" + examples +
                       (foreign.size() > 3 ? ", ..." : "") +
                       "); give a new or empty directory, or --force to write beside them");
    }
  } else {
    std::error_code ec;
    fs::create_directories(path, ec);
    fd_.reset(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (ec || !fd_.valid())
      throw UsageError("-o " + path + ": cannot create the report directory (" +
                       (ec ? ec.message() : std::string(std::strerror(errno))) + ")");
  }
}

bool ReportDir::holds(const std::string& name, const std::string& src) const {
  struct stat a {
  }, b{};
  return ::fstatat(fd_.get(), name.c_str(), &a, AT_SYMLINK_NOFOLLOW) == 0 &&
         ::stat(src.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void ReportDir::write(const std::string& name, const std::string& text) {
  const std::string where = (fs::path(path_) / name).string();
  struct stat st {};
  if (::fstatat(fd_.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      std::find(inputs_.begin(), inputs_.end(), std::pair{st.st_dev, st.st_ino}) != inputs_.end())
    throw UsageError(where + ": is one of the inputs; not overwriting it: write elsewhere");
  try {
    write_file_atomically_at(fd_.get(), name, text, where);
  } catch (const std::system_error& e) {
    throw UsageError(e.what());  // a bad -o path is bad input here: exit 2
  }
  written_.insert(name);
}

void ReportDir::write_manifest() {
  std::string text = "daxbench report manifest\n";
  for (const auto& n : written_) text += n + "\n";
  write(kManifest, text);
}

}  // namespace daxbench::analysis
