#include "core/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <bit>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "core/target.h"

namespace daxbench {

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

std::optional<uint64_t> parse_size(const std::string& text) {
  size_t pos = 0;
  uint64_t value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    uint64_t digit = static_cast<uint64_t>(text[pos] - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
    ++pos;
  }
  if (pos == 0) return std::nullopt;
  const std::string unit = text.substr(pos);
  uint64_t scale = 1;
  if (unit.empty() || unit == "B") {
    scale = 1;
  } else if (unit == "KiB" || unit == "K" || unit == "k") {
    scale = kKiB;
  } else if (unit == "MiB" || unit == "M") {
    scale = kMiB;
  } else if (unit == "GiB" || unit == "G") {
    scale = kGiB;
  } else {
    return std::nullopt;
  }
  if (value == 0 || value > UINT64_MAX / scale) return std::nullopt;
  return value * scale;
}

std::string format_size(uint64_t bytes) {
  if (bytes != 0 && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + "GiB";
  if (bytes != 0 && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + "MiB";
  if (bytes != 0 && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + "KiB";
  return std::to_string(bytes) + "B";
}

std::optional<double> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(used);
  if (unit == "ms") {
    value /= 1000.0;
  } else if (unit != "" && unit != "s") {
    return std::nullopt;
  }
  if (!(value >= 0)) return std::nullopt;
  return value;
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& o) noexcept {
  if (this != &o) reset(o.release());
  return *this;
}

void FileDescriptor::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

FileDescriptor open_or_throw(const std::string& path, int flags, mode_t mode) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) throw_errno("open " + path);
  return FileDescriptor(fd);
}

Mapping::Mapping(Mapping&& o) noexcept : addr_(o.addr_), length_(o.length_) {
  o.addr_ = nullptr;
  o.length_ = 0;
}

Mapping& Mapping::operator=(Mapping&& o) noexcept {
  if (this != &o) {
    reset();
    addr_ = o.addr_;
    length_ = o.length_;
    o.addr_ = nullptr;
    o.length_ = 0;
  }
  return *this;
}

void Mapping::reset() {
  if (addr_ != nullptr) ::munmap(addr_, length_);
  addr_ = nullptr;
  length_ = 0;
}

Mapping reserve_aligned(size_t length, size_t alignment, size_t misalign, void* hint) {
  // Over-reserve, then trim both ends so exactly [start, start+length) stays.
  const size_t span = length + alignment + misalign;
  void* raw = ::mmap(hint, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) throw_errno("mmap reservation of " + format_size(span));
  const uintptr_t base = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t start = ((base + alignment - 1) / alignment) * alignment + misalign;
  if (start > base) ::munmap(raw, start - base);
  const uintptr_t end = start + length;
  if (base + span > end) ::munmap(reinterpret_cast<void*>(end), base + span - end);
  return Mapping(reinterpret_cast<void*>(start), length);
}

void fill_file(int fd, uint64_t size, unsigned char byte) {
  std::vector<char> buffer(kMiB, static_cast<char>(byte));
  uint64_t done = 0;
  while (done < size) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - done));
    ssize_t n = ::pwrite(fd, buffer.data(), chunk, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("pwrite");
    }
    done += static_cast<uint64_t>(n);
  }
  if (::fsync(fd) != 0) throw_errno("fsync");
}

namespace {

// The temporary of an atomic write: ".<name>.tmp<8 hex>" in the same directory.
constexpr size_t kTempOverhead = 1 + 4 + 8;

std::string temp_name(const std::string& base) {
  uint32_t random = 0;
  if (::getrandom(&random, sizeof random, 0) != sizeof random)
    random = static_cast<uint32_t>(now_ns());
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", random);
  return "." + base + ".tmp" + hex;
}

struct SplitPath {
  std::string dir;   // "." when the path has no slash
  std::string base;  // last component
};

SplitPath split_path(const std::string& path) {
  std::string p = path;
  const size_t slash = p.rfind('/');
  if (slash == std::string::npos) return {".", p};
  return {slash == 0 ? "/" : p.substr(0, slash), p.substr(slash + 1)};
}

// proc, sysfs and their relatives: writing there is never a results file.
bool is_pseudo_filesystem(const std::string& dir, std::string* name) {
  struct statfs fs {};
  if (::statfs(dir.c_str(), &fs) != 0) return false;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC:
      *name = "/proc";
      return true;
    case SYSFS_MAGIC:
      *name = "/sys";
      return true;
    case DEBUGFS_MAGIC:
      *name = "debugfs";
      return true;
    case TRACEFS_MAGIC:
      *name = "tracefs";
      return true;
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
      *name = "cgroupfs";
      return true;
    default:
      return false;
  }
}

}  // namespace

void check_output_file(const std::string& option, const std::string& path,
                       const std::vector<std::string>& inputs) {
  const std::string what = option + " " + path;
  if (path.empty()) throw UsageError(option + ": empty file name; give a file to write");
  const SplitPath sp = split_path(path);
  if (sp.base.empty() || sp.base == "." || sp.base == "..")
    throw UsageError(what + ": not a file name; give a file, e.g. " +
                     join_path(path, "results.json"));
  struct stat dir_st {};
  if (::stat(sp.dir.c_str(), &dir_st) != 0 || !S_ISDIR(dir_st.st_mode))
    throw UsageError(what + ": directory " + sp.dir +
                     " does not exist; create it or write elsewhere");
  std::string pseudo;
  if (is_pseudo_filesystem(sp.dir, &pseudo))
    throw UsageError(what + ": " + sp.dir + " is on " + pseudo +
                     ", not a place for results; write to a regular filesystem");
  if (::access(sp.dir.c_str(), W_OK | X_OK) != 0)
    throw UsageError(what + ": directory " + sp.dir + " is not writable (" + std::strerror(errno) +
                     "); write elsewhere");
  const long name_max = ::pathconf(sp.dir.c_str(), _PC_NAME_MAX);
  const size_t limit = name_max > 0 ? static_cast<size_t>(name_max) : 255;
  if (sp.base.size() + kTempOverhead > limit)
    throw UsageError(what + ": file name of " + std::to_string(sp.base.size()) +
                     " bytes is too long for the temporary daxbench writes first (at most " +
                     std::to_string(limit - kTempOverhead) + " bytes here); use a shorter name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      throw UsageError(what +
                       ": is a symlink; daxbench replaces files and never writes through "
                       "a link: give the file it points to, or another name");
    if (S_ISDIR(st.st_mode))
      throw UsageError(what + ": is a directory; give a file name, e.g. " +
                       join_path(path, "results.json"));
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
      throw UsageError(what + ": is a device, not a results file; give a regular file");
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
      throw UsageError(what + ": is a FIFO or socket, not a results file; give a regular file");
    if (!S_ISREG(st.st_mode)) throw UsageError(what + ": not a regular file; give a regular file");
    if (::geteuid() != 0 && st.st_uid != ::geteuid())
      throw UsageError(what + ": owned by uid " + std::to_string(st.st_uid) +
                       ", and a replaced file keeps its owner, which this user cannot give it; "
                       "write elsewhere");
    for (const std::string& input : inputs) {
      struct stat in {};
      if (input.empty() || ::stat(input.c_str(), &in) != 0) continue;
      if (in.st_dev == st.st_dev && in.st_ino == st.st_ino)
        throw UsageError(what + ": is the same file as the input " + input +
                         "; write the results elsewhere");
    }
  } else if (errno != ENOENT) {
    throw UsageError(what + ": " + std::strerror(errno));
  }
}

OutputFile::OutputFile(const std::string& option, const std::string& path,
                       const std::vector<std::string>& inputs)
    : path_(path) {
  check_output_file(option, path, inputs);
  const SplitPath sp = split_path(path);
  name_ = sp.base;
  dir_.reset(::open(sp.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_.valid())
    throw UsageError(option + " " + path + ": cannot open directory " + sp.dir + " (" +
                     std::strerror(errno) + ")");
}

void OutputFile::write(const std::string& text) const {
  write_file_atomically_at(dir_.get(), name_, text, path_);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const SplitPath sp = split_path(path);
  // The directory is opened once; every step below is relative to it.
  FileDescriptor dir(::open(sp.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) throw_errno("open directory " + sp.dir + " to write " + path);
  write_file_atomically_at(dir.get(), sp.base, text, path);
}

void write_file_atomically_at(int dir_fd, const std::string& name, const std::string& text,
                              const std::string& path) {
  struct stat old {};
  const bool replacing = ::fstatat(dir_fd, name.c_str(), &old, AT_SYMLINK_NOFOLLOW) == 0;
  if (replacing && S_ISDIR(old.st_mode)) {
    errno = EISDIR;
    throw_errno("not replacing " + path);
  }
  // A symlink or other non-regular entry is replaced by the rename, never
  // written through; only a regular file passes on its owner and mode.
  const bool keep_owner = replacing && S_ISREG(old.st_mode);
  std::string tmp;
  FileDescriptor fd;
  for (int attempt = 0; attempt < 16 && !fd.valid(); ++attempt) {
    tmp = temp_name(name);
    fd.reset(
        ::openat(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (!fd.valid() && errno != EEXIST) break;
  }
  if (!fd.valid()) throw_errno("create a temporary beside " + path);
  auto fail = [&](const std::string& step) {
    const int err = errno;
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    throw std::system_error(err, std::generic_category(), step + " " + path);
  };
  if (keep_owner) {
    struct stat now {};
    if (::fstat(fd.get(), &now) != 0) fail("fstat temporary for");
    if ((now.st_uid != old.st_uid || now.st_gid != old.st_gid) &&
        ::fchown(fd.get(), old.st_uid, old.st_gid) != 0 && errno != EPERM)
      fail("keep owner of");
    if (::fchmod(fd.get(), old.st_mode & 0777) != 0) fail("keep mode of");
  }
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) fail("fsync");
  if (::close(fd.release()) != 0) fail("close");
  if (::renameat(dir_fd, tmp.c_str(), dir_fd, name.c_str()) != 0) fail("rename into place");
  ::fsync(dir_fd);  // the rename itself; failure here loses nothing already written
}

void preallocate_file(int fd, uint64_t size, const std::string& where) {
  if (size == 0) return;
  if (::fallocate(fd, 0, 0, static_cast<off_t>(size)) != 0) {
    if (errno != EOPNOTSUPP) throw_errno("fallocate " + format_size(size) + " on " + where);
    // No fallocate (some filesystems): allocate by writing.
    fill_file(fd, size, 0);
  }
}

FileDescriptor create_file(const std::string& path, uint64_t size, int open_flags) {
  FileDescriptor fd =
      open_or_throw(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | open_flags, 0600);
  preallocate_file(fd.get(), size, path);
  return fd;
}

uint64_t resident_pages(int fd, uint64_t size) {
  if (size == 0) return 0;
  void* addr = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (addr == MAP_FAILED) throw_errno("mmap for mincore");
  Mapping mapping(addr, size);
  std::vector<unsigned char> vec((size + kPageSize - 1) / kPageSize);
  if (::mincore(addr, size, vec.data()) != 0) throw_errno("mincore");
  uint64_t resident = 0;
  for (unsigned char v : vec) resident += (v & 1);
  return resident;
}

uint64_t evict_page_cache(int fd, uint64_t size) {
  // Dirty pages are not dropped by DONTNEED: write them back first.
  if (::fsync(fd) != 0) throw_errno("fsync before eviction");
  if (::posix_fadvise(fd, 0, static_cast<off_t>(size), POSIX_FADV_DONTNEED) != 0)
    throw_errno("posix_fadvise DONTNEED");
  return resident_pages(fd, size);
}

int LatencyHistogram::bucket_of(uint64_t ns) {
  if (ns < (1u << kSubBits)) return static_cast<int>(ns);
  const int msb = 63 - std::countl_zero(ns);
  const int shift = msb - kSubBits;
  const int sub = static_cast<int>((ns >> shift) & ((1u << kSubBits) - 1));
  return ((shift + 1) << kSubBits) + sub;
}

uint64_t LatencyHistogram::bucket_upper(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<uint64_t>(bucket);
  const int shift = (bucket >> kSubBits) - 1;
  const uint64_t sub = static_cast<uint64_t>(bucket & ((1 << kSubBits) - 1));
  const uint64_t lower = ((uint64_t{1} << kSubBits) | sub) << shift;
  return lower + (uint64_t{1} << shift) - 1;
}

void LatencyHistogram::record(uint64_t ns) {
  ++buckets_[static_cast<size_t>(bucket_of(ns))];
  ++count_;
  if (ns > max_) max_ = ns;
  if (ns < min_) min_ = ns;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

uint64_t LatencyHistogram::quantile_ns(double q) const {
  if (count_ == 0) return 0;
  if (q >= 1.0) return max_;
  const uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(count_ - 1)) + 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(bucket_upper(static_cast<int>(i)), max_);
  }
  return max_;
}

void LatencyHistogram::clear() { *this = LatencyHistogram(); }

std::vector<std::string> list_names(int dir_fd) {
  std::vector<std::string> names;
  const int fd = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return names;
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return names;
  }
  ::rewinddir(d);
  while (const dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  ::closedir(d);
  return names;
}

std::string join_path(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (a.back() == '/') return a + (b.starts_with('/') ? b.substr(1) : b);
  return a + (b.starts_with('/') ? b : "/" + b);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    item.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
    } else {
      item += c;
    }
  }
  flush();
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

namespace {

// The word not JSON at `i` that stands for a double that is not finite, or
// 0 when there is none (then `text[i]` is copied as it is).
size_t non_finite_word_at(const std::string& text, size_t i) {
  // A word starts here, not inside a number's exponent or another word.
  if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) return 0;
  for (const char* word : {"-infinity", "infinity", "-nan", "nan", "-inf", "inf"}) {
    const size_t len = std::strlen(word);
    if (text.size() - i < len || strncasecmp(text.c_str() + i, word, len) != 0) continue;
    if (i + len < text.size() && std::isalpha(static_cast<unsigned char>(text[i + len]))) continue;
    return len;
  }
  return 0;
}

}  // namespace

std::string null_non_finite(const std::string& json_text) {
  const std::string& text = json_text;
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (const size_t len = non_finite_word_at(text, i); len > 0) {
      out += "null";
      i += len - 1;
      continue;
    }
    out += c;
  }
  return out;
}

std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace daxbench
