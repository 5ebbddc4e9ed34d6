// Helpers shared by the tests: run the daxbench binary, make temporary
// directories, read files.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace daxbench::testing {

struct CommandResult {
  int status = -1;  // exit status, or 128+signal
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a shell command line, capturing stdout and stderr separately.
inline CommandResult run_shell(const std::string& command) {
  char err_path[] = "/tmp/daxbench-test-stderr.XXXXXX";
  int fd = ::mkstemp(err_path);
  ::close(fd);
  CommandResult r;
  FILE* p = ::popen((command + " 2>" + err_path).c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int raw = ::pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.err = read_file(err_path);
  ::unlink(err_path);
  return r;
}

// A perf counter of one results benchmark per counted iteration:
// <stem>_total / counted_iterations. Results keep one normalisation per
// counter, the family's unit (bench/counters.h: derive_counters), so the
// per-iteration form is there only where the family's quantity is not.
// NaN when the counter is absent (unsupported, or --events none).
inline double per_iteration(const nlohmann::json& b, const std::string& stem) {
  if (b.contains(stem + "_per_iteration")) return b[stem + "_per_iteration"].get<double>();
  if (!b.contains(stem + "_total") || !b.contains("counted_iterations")) return NAN;
  return b[stem + "_total"].get<double>() / b["counted_iterations"].get<double>();
}

inline std::string daxbench_binary() { return std::string(DAXBENCH_BINARY_DIR) + "/daxbench"; }
inline std::string source_dir() { return DAXBENCH_SOURCE_DIR; }

inline CommandResult run_daxbench(const std::string& args) {
  return run_shell(daxbench_binary() + " " + args);
}

// A temporary directory under `parent`, removed with its contents at scope end.
class TempDir {
 public:
  explicit TempDir(const std::string& parent = "/tmp") {
    std::string tmpl = parent + "/daxbench-test.XXXXXX";
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Entries of the directory whose names start with `prefix`.
  std::vector<std::string> entries(const std::string& prefix = "") const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with(prefix)) out.push_back(name);
    }
    return out;
  }

 private:
  std::string path_;
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

inline size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A pipe a test writes kernel log records into, in /dev/kmsg's format, for a
// KernelLog (bench/kernel_log.h) or daxbench (DAXBENCH_TEST_KERNEL_LOG) to
// read as they read /dev/kmsg; the writer end stays open (no hang-up).
class FakeKmsg {
 public:
  FakeKmsg() : path_(dir_.file("kmsg")) {
    if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path_);
    writer_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (writer_ < 0) throw std::runtime_error("open " + path_);
  }
  ~FakeKmsg() { ::close(writer_); }
  const std::string& path() const { return path_; }
  void kernel(const std::string& text, int level = 4) { write(level, text); }
  void user(const std::string& text) { write(8 | 4, text); }

 private:
  void write(int priority, const std::string& text) {
    const std::string record =
        std::to_string(priority) + "," + std::to_string(++seq_) + ",12345678,-;" + text + "\n";
    if (::write(writer_, record.data(), record.size()) != static_cast<ssize_t>(record.size()))
      throw std::runtime_error("write " + path_);
  }
  TempDir dir_;
  std::string path_;
  int writer_ = -1;
  int seq_ = 0;
};

}  // namespace daxbench::testing
