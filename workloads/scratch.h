// The scratch directory daxbench owns inside a target: created with a unique
// name, removed (with everything daxbench created in it) in the destructor and
// by the SIGINT/SIGTERM path. Nothing outside it is ever created or deleted.
#pragma once

#include <string>

namespace daxbench {

class ScratchDir {
 public:
  // Creates <target>/daxbench.<pid>.<random>. Throws std::system_error.
  explicit ScratchDir(const std::string& target);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Removes every live scratch directory; called on the signal path after the
// benchmarks have stopped (not from the handler itself).
void remove_all_scratch_dirs();

// Removes `dir` and what is inside it (files and subdirectories created by
// daxbench); does not follow symlinks out of it.
void remove_tree(const std::string& dir);

}  // namespace daxbench
