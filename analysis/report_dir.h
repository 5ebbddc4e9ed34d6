// The report's output directory and the private directory gnuplot renders
// in: every file `daxbench report` writes goes through ReportDir::write.
#pragma once

#include <sys/types.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/util.h"

namespace daxbench::analysis {

// Names the report writes itself; a results file copied in never takes one.
bool is_generated_name(const std::string& name);

// The report directory, held open by fd. Every file the report writes goes
// through write(): an fd-relative atomic replace (core/util.h), so a
// symlink found there is replaced, never written through. The names are
// listed in a manifest, so a later report into the same directory can tell
// its own files from anyone else's and refuses (without --force) to write
// among files it did not write.
class ReportDir {
 public:
  static constexpr const char* kManifest = ".daxbench-report";

  // Checks everything before anything is written; throws UsageError.
  ReportDir(const std::string& path, const std::vector<std::string>& inputs, bool force);
  void write(const std::string& name, const std::string& text);
  // Marks `name` as part of the report without writing it (a results file
  // that is already there: the input itself).
  void keep(const std::string& name) { written_.insert(name); }
  // True when DIR/name is the very file `src` (st_dev/st_ino, not following
  // a symlink at name).
  bool holds(const std::string& name, const std::string& src) const;
  void write_manifest();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  FileDescriptor fd_;
  std::set<std::string> written_;
  std::vector<std::pair<dev_t, ino_t>> inputs_;
};

// A private directory for gnuplot to write in (mkdtemp, 0700, under $TMPDIR
// or /tmp): gnuplot opens its output by name and would follow a symlink, so
// it never writes in the report directory itself.
class RenderDir {
 public:
  RenderDir();
  RenderDir(const RenderDir&) = delete;
  RenderDir& operator=(const RenderDir&) = delete;
  ~RenderDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs gnuplot on `script` (which sets its output to id.svg) in `render`,
// then writes id.gp and id.svg into `out` (so the plot can be redrawn by
// hand there); returns the SVG's text.
std::string draw_svg(const std::string& id, const std::string& script, ReportDir& out,
                     const RenderDir& render);

// Copies each results file into the report directory (the report links to
// them), unless it is already there; returns the names used.
std::vector<std::string> copy_results(const std::vector<std::string>& files, ReportDir& out);

}  // namespace daxbench::analysis
