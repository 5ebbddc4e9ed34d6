// Small RAII owners of kernel resources and helpers shared by the workload
// families: fds, mappings, file preparation, page-cache eviction, clocks,
// sizes, and the latency histogram.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace daxbench {

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;
constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kPmdSize = 2 * kMiB;

// "64MiB" / "4KiB" / "1GiB" / "4096" -> bytes; nullopt if malformed or zero.
std::optional<uint64_t> parse_size(const std::string&);
// 67108864 -> "64MiB" (exact binary unit when one fits, else bytes).
std::string format_size(uint64_t bytes);
// "60s" / "500ms" / "2" -> seconds; nullopt if malformed or negative.
std::optional<double> parse_duration(const std::string&);

// CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall).
inline uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// Owns one file descriptor; closes it in the destructor. Move-only.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& o) noexcept : fd_(o.release()) {}
  FileDescriptor& operator=(FileDescriptor&& o) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// open(2) that throws std::system_error naming the path.
FileDescriptor open_or_throw(const std::string& path, int flags, mode_t mode = 0600);

// Owns one mapping; munmaps it in the destructor. Move-only.
class Mapping {
 public:
  Mapping() = default;
  Mapping(void* addr, size_t length) : addr_(addr), length_(length) {}
  Mapping(Mapping&& o) noexcept;
  Mapping& operator=(Mapping&& o) noexcept;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { reset(); }
  char* data() const { return static_cast<char*>(addr_); }
  size_t length() const { return length_; }
  bool valid() const { return addr_ != nullptr; }
  void reset();

 private:
  void* addr_ = nullptr;
  size_t length_ = 0;
};

// Reserves `length` bytes of address space (PROT_NONE) whose start is
// `alignment`-aligned plus `misalign` bytes, so a later MAP_FIXED mapping lands
// on a known alignment. The reservation is released in the destructor.
// `hint` is mmap's address hint, taken when that range is free.
Mapping reserve_aligned(size_t length, size_t alignment, size_t misalign = 0, void* hint = nullptr);

// Creates `path` with O_CREAT|O_EXCL|O_NOFOLLOW (never touches an existing
// file or symlink), preallocates `size` bytes with fallocate (falls back to
// ftruncate + writes where fallocate is unsupported). Files in a scratch
// directory are created through DirHandle::create_file (core/scratch.h).
FileDescriptor create_file(const std::string& path, uint64_t size, int open_flags = 0);
// The preallocation step of create_file on an open fd; `where` names it in errors.
void preallocate_file(int fd, uint64_t size, const std::string& where);

// Refuses, with a UsageError of one line (exit 2), a results destination that
// cannot be written safely, before anything runs: an empty name, a
// directory, a device, a FIFO or socket, a symlink (daxbench replaces files,
// it never writes through a link), anything on /proc or /sys, a missing or
// unwritable directory, a name too long for the temporary file, a file owned
// by another user that this (non-root) user could not give back its owner,
// or the same file (st_dev/st_ino) as one of `inputs`. `option` names the
// flag in the message ("--out", "-o").
void check_output_file(const std::string& option, const std::string& path,
                       const std::vector<std::string>& inputs = {});

// A results destination checked once (check_output_file) and held by its
// directory's fd from then on, so the file lands in the directory that was
// checked even if a component of its path is renamed during a long run.
class OutputFile {
 public:
  OutputFile() = default;
  // Throws UsageError as check_output_file does.
  OutputFile(const std::string& option, const std::string& path,
             const std::vector<std::string>& inputs = {});
  bool valid() const { return dir_.valid(); }
  const std::string& path() const { return path_; }
  // write_file_atomically_at in the held directory.
  void write(const std::string& text) const;

 private:
  FileDescriptor dir_;
  std::string name_;
  std::string path_;
};

// Writes `text` to `path` atomically: the destination directory is opened
// once, a temporary is created in it with O_CREAT|O_EXCL|O_NOFOLLOW, written,
// fsynced and renamed over `path` with renameat (then the directory is
// fsynced), so a reader never sees half a file and nothing is written through
// a symlink. A replaced file keeps its owner, group and permission bits.
// Throws std::system_error naming the step and the path; on failure the
// temporary is removed and `path` is unchanged.
void write_file_atomically(const std::string& path, const std::string& text);
// The same in a directory already open as `dir_fd`; `path` names it in errors.
void write_file_atomically_at(int dir_fd, const std::string& name, const std::string& text,
                              const std::string& path);

// Writes `size` bytes of `byte` through write(2) and fsyncs.
void fill_file(int fd, uint64_t size, unsigned char byte);

// fsync + POSIX_FADV_DONTNEED over the file; returns the pages still resident
// afterwards according to mincore (0 means cold). DAX files report 0.
uint64_t evict_page_cache(int fd, uint64_t size);
// Pages of [0,size) resident in the page cache (mincore on a fresh mapping).
uint64_t resident_pages(int fd, uint64_t size);

// Per-operation latencies: log2 buckets with 8 linear sub-buckets each, so any
// recorded value is reported within 12.5 %. Recording is a few instructions.
class LatencyHistogram {
 public:
  void record(uint64_t ns);
  void merge(const LatencyHistogram& other);
  uint64_t count() const { return count_; }
  uint64_t max_ns() const { return max_; }
  uint64_t min_ns() const { return count_ ? min_ : 0; }
  // Upper bound of the bucket holding the q-quantile (0 < q <= 1); max for q=1.
  uint64_t quantile_ns(double q) const;
  void clear();

 private:
  static constexpr int kSubBits = 3;
  static constexpr int kBuckets = 64 << kSubBits;
  static int bucket_of(uint64_t ns);
  static uint64_t bucket_upper(int bucket);
  std::array<uint64_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  uint64_t max_ = 0;
  uint64_t min_ = UINT64_MAX;
};

// Names in the directory open as `dir_fd` (without . and ..), read through
// a dup of the fd so the caller's fd keeps its position and stays open;
// empty when it cannot be read.
std::vector<std::string> list_names(int dir_fd);
// Joins paths with exactly one '/'.
std::string join_path(const std::string& a, const std::string& b);
// The parts with `sep` between them; empty parts before the first
// non-empty one add nothing ({"", "a"} -> "a").
std::string join(const std::vector<std::string>& parts, const std::string& sep = ", ");
// One number through printf's `format` ("%.1f"), at most 63 characters.
std::string fmt(const char* format, double v);
// JSON text with the bare words that are no JSON outside strings (NaN,
// Infinity, -Infinity as some writers put them; nan, inf, -nan, -inf as
// Google Benchmark prints a double that is not finite, e.g. the "cv" of a
// counter whose mean is 0) turned into null, so that the document parses.
std::string null_non_finite(const std::string& json_text);
// The non-empty parts with `sep` between them.
std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep);
// Splits "a,b, c" into {"a","b","c"} (empty items dropped).
std::vector<std::string> split_list(const std::string&);
// Without leading and trailing spaces, tabs and carriage returns (not
// newlines).
std::string trim(const std::string& s);

}  // namespace daxbench
