// `daxbench pmd-check FILE`: why a shared mapping of FILE would or wouldn't
// get 2 MiB (PMD) DAX faults. Checks each condition the kernel checks, one
// line each, then maps the range, write-faults it with the fs_dax tracepoints
// counting, and reports what the kernel really did.
//
// The conditions come from fs/dax.c: dax_iomap_pmd_fault (VM_SHARED for write
// faults; the PMD range inside the VMA; the file offset and the address in
// the same position within 2 MiB, PG_PMD_COLOUR; i_size covering the PMD,
// max_pgoff) and dax_fault_iter / dax_iomap_direct_access (an extent of at
// least 2 MiB whose pfn is 2 MiB aligned, which needs the namespace's align
// and the filesystem's allocation to line up), and from mm/huge_memory.c:
// thp_vma_allowable_orders (MMF_DISABLE_THP from prctl, VM_NOHUGEPAGE; for
// DAX the sysfs `enabled` knob is not consulted).
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <system_error>

#include "bench/counters.h"
#include "core/command.h"
#include "core/inode_mode.h"
#include "core/target.h"
#include "core/util.h"

namespace po = boost::program_options;

namespace daxbench {
namespace {

struct Extent {
  uint64_t logical = 0;
  uint64_t physical = 0;
  uint64_t length = 0;
  uint32_t flags = 0;
};

// The file's extents over [start, start+length), through FIEMAP.
std::vector<Extent> file_extents(int fd, uint64_t start, uint64_t length, std::string& error) {
  std::vector<Extent> out;
  constexpr unsigned kBatch = 256;
  std::vector<char> buf(sizeof(fiemap) + kBatch * sizeof(fiemap_extent));
  uint64_t pos = start;
  const uint64_t end = start + length;
  while (pos < end) {
    std::memset(buf.data(), 0, buf.size());
    auto* fm = reinterpret_cast<fiemap*>(buf.data());
    fm->fm_start = pos;
    fm->fm_length = end - pos;
    fm->fm_flags = FIEMAP_FLAG_SYNC;
    fm->fm_extent_count = kBatch;
    if (::ioctl(fd, FS_IOC_FIEMAP, fm) != 0) {
      error = std::strerror(errno);
      return out;
    }
    if (fm->fm_mapped_extents == 0) break;
    bool last = false;
    for (unsigned i = 0; i < fm->fm_mapped_extents; ++i) {
      const fiemap_extent& e = fm->fm_extents[i];
      out.push_back({e.fe_logical, e.fe_physical, e.fe_length, e.fe_flags});
      pos = e.fe_logical + e.fe_length;
      last |= (e.fe_flags & FIEMAP_EXTENT_LAST) != 0;
    }
    if (last) break;
  }
  return out;
}

// The fsdax namespace's alignment: the pfn device's `align` (the namespace's
// holder), or the namespace's own `align`; 0 if unknown.
uint64_t namespace_align(const std::string& disk, std::string& where) {
  const std::string dev = "/sys/block/" + disk + "/device";
  std::vector<std::string> candidates;
  const std::string holder = read_text_file(dev + "/holder");
  if (!holder.empty()) candidates.push_back("/sys/bus/nd/devices/" + holder + "/align");
  candidates.push_back(dev + "/align");
  for (const auto& c : candidates) {
    const std::string text = read_text_file(c);
    if (text.empty()) continue;
    try {
      where = c;
      return std::stoull(text);
    } catch (const std::exception&) {
    }
  }
  return 0;
}

std::string dirname_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

class Report {
 public:
  void ok(const std::string& what, const std::string& detail) {
    std::printf("OK    %-18s %s\n", what.c_str(), detail.c_str());
  }
  void fix(const std::string& what, const std::string& detail) {
    std::printf("FIX   %-18s %s\n", what.c_str(), detail.c_str());
    ++problems_;
  }
  void info(const std::string& what, const std::string& detail) {
    std::printf("INFO  %-18s %s\n", what.c_str(), detail.c_str());
  }
  int problems() const { return problems_; }

 private:
  int problems_ = 0;
};

const char kHelp[] =
    "Usage: daxbench pmd-check FILE [--offset O] [--length L]\n\n"
    "Explains why a MAP_SHARED mapping of FILE would or wouldn't get 2 MiB (PMD) DAX\n"
    "faults: checks each condition fs/dax.c checks (DAX effective, block size, extents\n"
    "2 MiB-aligned and >= 2 MiB, namespace alignment, offset alignment, i_size, THP\n"
    "disabled for the process, xfs extent size hint), one line each: OK, or FIX and\n"
    "what to change. Then maps [O, O+L) at a 2 MiB-aligned address, write-faults\n"
    "every page with an atomic OR of 0 (contents unchanged; holes get allocated), and\n"
    "reports the fs_dax tracepoint counts: PMD faults mapped, fallen back, PTE faults.\n\n"
    "Exit status: 0 all conditions met and PMD faults happened, 1 otherwise, 2 bad\n"
    "input. Needs root for the tracepoints.\n\n";

constexpr char kPmdMapped[] = "fs_dax:dax_pmd_fault_done/mapped";
constexpr char kPmdFallback[] = "fs_dax:dax_pmd_fault_done/fallback";
constexpr char kPteFaults[] = "fs_dax:dax_pte_fault_done";
constexpr char kPageFaults[] = "page-faults";

uint64_t round_up_to_page(uint64_t bytes) {
  return (bytes + kPageSize - 1) / kPageSize * kPageSize;
}

// What was asked for on the command line.
struct Request {
  std::string file;
  uint64_t offset = 0;                // a multiple of the page size
  std::optional<std::string> length;  // --length as given
  bool fault = true;                  // false with --no-fault
};

// The file under check, open read-write, and the range to map.
struct Subject {
  std::string file;
  FileDescriptor fd;
  uint64_t size = 0;  // i_size
  uint64_t offset = 0;
  uint64_t length = 0;
  TargetInfo target;  // empty where probe_target failed
  // The whole 2 MiB units of the range: [first_pmd(), last_pmd_end()).
  uint64_t first_pmd() const { return (offset + kPmdSize - 1) / kPmdSize * kPmdSize; }
  uint64_t last_pmd_end() const { return (offset + length) / kPmdSize * kPmdSize; }
};

po::options_description visible_options() {
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")(
      "offset", po::value<std::string>()->default_value("0"),
      "file offset of the mapping (bytes or KiB/MiB/GiB; a multiple of 4KiB)")(
      "length", po::value<std::string>(),
      "bytes to map (default: from the offset to the end of the file, whole 2MiB units)")(
      "no-fault", "only check the conditions; map nothing");
  return d;
}

po::variables_map parse_command_line(int argc, char** argv, const po::options_description& d) {
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>());
  po::options_description all;
  all.add(d).add(hidden);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(pos)
                  .style(kExactOptionStyle)
                  .run(),
              vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see daxbench pmd-check --help)");
  }
  return vm;
}

uint64_t parse_offset(const std::string& text) {
  uint64_t offset = 0;
  if (text != "0") {
    const auto parsed = parse_size(text);
    if (!parsed) throw UsageError("--offset '" + text + "': expected bytes or a size like 2MiB");
    offset = *parsed;
  }
  if (offset % kPageSize != 0)
    throw UsageError("--offset " + std::to_string(offset) +
                     ": mmap offsets are multiples of 4KiB (the page size)");
  return offset;
}

// The request, or nothing after printing --help.
std::optional<Request> parse_request(int argc, char** argv) {
  const po::options_description d = visible_options();
  const po::variables_map vm = parse_command_line(argc, argv, d);
  if (vm.count("help")) {
    std::cout << kHelp << d
              << "\nExamples:\n"
                 "  daxbench pmd-check /mnt/pmem/data            # the whole file\n"
                 "  daxbench pmd-check /mnt/pmem/data --offset 2MiB --length 64MiB\n"
                 "  daxbench pmd-check /mnt/pmem/data --offset 4KiB   # shows the misalignment\n";
    return std::nullopt;
  }
  if (!vm.count("file")) throw UsageError("no FILE given (see daxbench pmd-check --help)");
  Request q;
  q.file = vm["file"].as<std::string>();
  q.offset = parse_offset(vm["offset"].as<std::string>());
  if (vm.count("length")) q.length = vm["length"].as<std::string>();
  q.fault = vm.count("no-fault") == 0;
  return q;
}

// --length rounded up to whole pages, or by default from the offset to the
// end of the file in whole 2 MiB units (all of it when shorter than 2 MiB).
uint64_t range_length(const Request& q, uint64_t size) {
  if (q.length) {
    const auto parsed = parse_size(*q.length);
    if (!parsed) throw UsageError("--length '" + *q.length + "': expected a size like 64MiB");
    return round_up_to_page(*parsed);
  }
  if (q.offset >= size)
    throw UsageError("--offset " + format_size(q.offset) + " is at or past the end of " + q.file +
                     " (" + format_size(size) + ")");
  uint64_t length = size - q.offset;
  if (length >= kPmdSize) length = length / kPmdSize * kPmdSize;
  return round_up_to_page(length);
}

Subject open_subject(const Request& q) {
  Subject s;
  s.file = q.file;
  const int fd_raw = ::open(q.file.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_raw < 0)
    throw UsageError("cannot open " + q.file + " read-write: " + std::strerror(errno));
  s.fd = FileDescriptor(fd_raw);
  struct stat st;
  if (::fstat(s.fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw UsageError(q.file + " is not a regular file");
  s.size = static_cast<uint64_t>(st.st_size);
  s.offset = q.offset;
  s.length = range_length(q, s.size);
  try {
    s.target = probe_target(dirname_of(q.file));
  } catch (const std::exception&) {
  }
  return s;
}

// DAX effective on this inode (statx STATX_ATTR_DAX).
void check_dax(Report& r, const Subject& s) {
  if (statx_says_dax(s.fd.get())) {
    r.ok("dax", "statx reports STATX_ATTR_DAX");
    return;
  }
  const TargetInfo& target = s.target;
  std::string how =
      "mount with -o dax=always, or on a dax=inode mount set the flag (xfs_io -c "
      "'chattr +x' FILE) and close every fd and mapping of it";
  if (!target.fs_type.empty() && target.fs_type != "ext4" && target.fs_type != "xfs")
    how = target.fs_type + " has no DAX; put the file on ext4 or xfs on an fsdax pmem device";
  else if (!target.dax_capable && !target.block_device.empty())
    how = target.block_device + " is not DAX-capable (" + target.dax_capability +
          "); use an fsdax namespace (ndctl create-namespace --mode=fsdax)";
  r.fix("dax", "DAX not effective (statx: no STATX_ATTR_DAX): " + how);
}

// Block size = page size (ext4 refuses DAX otherwise; xfs too on 4K pages).
void check_block_size(Report& r, const Subject& s) {
  struct statvfs vfs;
  if (::fstatvfs(s.fd.get(), &vfs) != 0) return;
  if (vfs.f_bsize == kPageSize)
    r.ok("block size", "4096 = page size");
  else
    r.fix("block size", std::to_string(vfs.f_bsize) +
                            " bytes; DAX needs the block size to equal the page size (4096): "
                            "mkfs with -b 4096 (ext4) or -b size=4096 (xfs)");
}

// Namespace alignment (sysfs): the pfns of the whole device are aligned
// only as far as the namespace's data start is.
void check_namespace_align(Report& r, const Subject& s) {
  const TargetInfo& target = s.target;
  if (target.block_device.empty() || !target.block_device.starts_with("pmem")) {
    r.info("namespace align", "no pmem device under " +
                                  (target.mount_point.empty() ? s.file : target.mount_point) +
                                  (target.source.empty() ? "" : " (" + target.source + ")"));
    return;
  }
  std::string where;
  const uint64_t align = namespace_align(target.block_device, where);
  if (align == 0)
    r.info("namespace align",
           "unknown (no align attribute under /sys/block/" + target.block_device + "/device)");
  else if (align % kPmdSize == 0)
    r.ok("namespace align", format_size(align) + " (" + where + ")");
  else
    r.fix("namespace align",
          format_size(align) + " (" + where +
              "): recreate the namespace with --align=2M (ndctl create-namespace "
              "--mode=fsdax --align=2M)");
}

// Offset alignment: dax_iomap_pmd_fault falls back when the file offset and
// the address differ within 2 MiB (PG_PMD_COLOUR); the address is aligned.
void check_offset(Report& r, const Subject& s) {
  if (s.offset % kPmdSize == 0)
    r.ok("offset", format_size(s.offset) + " is 2MiB-aligned");
  else
    r.fix("offset", format_size(s.offset) + " is not 2MiB-aligned (" +
                        format_size(s.offset % kPmdSize) +
                        " past a 2MiB boundary): map at a multiple of 2MiB, with the address "
                        "2MiB-aligned too");
}

// dax_iomap_pmd_fault: the PMD range must lie inside the VMA.
void check_length(Report& r, const Subject& s) {
  if (s.length >= kPmdSize)
    r.ok("length", format_size(s.length) + " holds " + std::to_string(s.length / kPmdSize) +
                       " whole 2MiB units");
  else
    r.fix("length", format_size(s.length) + " is shorter than 2MiB: map at least 2MiB");
}

// i_size: a PMD past EOF is refused (fs/dax.c: max_pgoff).
void check_i_size(Report& r, const Subject& s) {
  if (s.size >= s.offset + s.length)
    r.ok("i_size", format_size(s.size) + " covers the range");
  else
    r.fix("i_size", format_size(s.size) + " ends before " + format_size(s.offset + s.length) +
                        ": PMDs past EOF fall back and pages past EOF SIGBUS; extend the file "
                        "(fallocate -l)");
}

// THP disabled for this process (inherited through fork/exec).
void check_thp_disabled(Report& r, const Subject&) {
  const int thp_disabled = ::prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
  if (thp_disabled == 0)
    r.ok("thp", "not disabled for this process (PR_GET_THP_DISABLE 0)");
  else
    r.fix("thp", "disabled for this process (PR_GET_THP_DISABLE " + std::to_string(thp_disabled) +
                     ", inherited from the parent): run from a shell without prctl(PR_SET_THP_"
                     "DISABLE), e.g. not under systemd's MemoryDenyWriteExecute/THP settings");
}

// mm/huge_memory.c: thp_vma_allowable_orders does not consult the sysfs
// `enabled` knob for DAX; shown so that nobody changes it in vain.
void note_thp_sysfs(Report& r, const Subject&) {
  r.info("thp sysfs", "transparent_hugepage/enabled = " +
                          read_text_file("/sys/kernel/mm/transparent_hugepage/enabled") +
                          " (not consulted for DAX mappings)");
}

// xfs extent size hint: without it the allocator need not hand out
// 2 MiB-aligned extents.
void check_xfs_extsize(Report& r, const Subject& s) {
  if (s.target.fs_type != "xfs") return;
  fsxattr attr{};
  if (::ioctl(s.fd.get(), FS_IOC_FSGETXATTR, &attr) != 0) return;
  if (attr.fsx_extsize != 0 && attr.fsx_extsize % kPmdSize == 0)
    r.ok("xfs extsize", format_size(attr.fsx_extsize) + " extent size hint");
  else
    r.info("xfs extsize",
           (attr.fsx_extsize ? format_size(attr.fsx_extsize) : std::string("no")) +
               " extent size hint: new blocks may not be 2MiB-aligned; set one on the "
               "directory before creating files (xfs_io -c 'extsize 2m' DIR) or mkfs.xfs "
               "-d su=2m,sw=1");
}

// How the whole 2 MiB units of a range sit in the file's extents.
struct UnitTally {
  uint64_t aligned = 0, misaligned = 0, split = 0, holes = 0;
  std::string first_bad;  // the first unit not in an aligned extent, described
};

UnitTally tally_units(const std::vector<Extent>& extents, uint64_t first_pmd,
                      uint64_t last_pmd_end) {
  UnitTally t;
  for (uint64_t unit = first_pmd; unit < last_pmd_end; unit += kPmdSize) {
    const Extent* in = nullptr;
    for (const auto& e : extents)
      if (e.logical <= unit && unit < e.logical + e.length) in = &e;
    std::string bad;
    if (!in) {
      ++t.holes;
      bad = "hole at " + format_size(unit);
    } else if (in->logical + in->length < unit + kPmdSize) {
      ++t.split;
      bad = "extent at " + format_size(in->logical) + " ends inside the 2MiB unit at " +
            format_size(unit);
    } else if ((in->physical + (unit - in->logical)) % kPmdSize != 0) {
      ++t.misaligned;
      bad = "2MiB unit at file offset " + format_size(unit) + " starts at device offset " +
            std::to_string(in->physical + (unit - in->logical)) + ", not 2MiB-aligned";
    } else {
      ++t.aligned;
    }
    if (t.first_bad.empty()) t.first_bad = bad;
  }
  return t;
}

// Extents: every 2 MiB unit of the range must sit inside one extent whose
// physical start lines up on 2 MiB (dax_iomap_direct_access).
void check_extents(Report& r, const Subject& s) {
  std::string fiemap_error;
  const auto extents = file_extents(s.fd.get(), s.offset, s.length, fiemap_error);
  if (!fiemap_error.empty()) {
    r.info("extents", "FIEMAP failed: " + fiemap_error);
    return;
  }
  const uint64_t first_pmd = s.first_pmd(), last_pmd_end = s.last_pmd_end();
  if (last_pmd_end <= first_pmd) return;
  const UnitTally t = tally_units(extents, first_pmd, last_pmd_end);
  const uint64_t units = (last_pmd_end - first_pmd) / kPmdSize;
  if (t.aligned == units) {
    r.ok("extents", std::to_string(units) + " 2MiB units, all in 2MiB-aligned extents");
    return;
  }
  r.fix("extents", std::to_string(t.aligned) + "/" + std::to_string(units) +
                       " 2MiB units in aligned extents (" + std::to_string(t.misaligned) +
                       " misaligned, " + std::to_string(t.split) + " split, " +
                       std::to_string(t.holes) + " holes; first: " + t.first_bad +
                       "): allocate with 2MiB alignment (xfs: extsize 2m / su=2m; ext4: mkfs -E "
                       "stride=512,stripe_width=512), then recreate the file");
}

// Each condition, in the order its line is printed.
using Check = void (*)(Report&, const Subject&);
constexpr Check kChecks[] = {
    check_dax,    check_block_size,   check_namespace_align, check_offset,      check_length,
    check_i_size, check_thp_disabled, note_thp_sysfs,        check_xfs_extsize, check_extents};

// Maps `fault_length` bytes of the range at a 2 MiB-aligned address and
// write-faults every page with the fs_dax tracepoints counting. Returns the
// counts by name; those this kernel can't count are absent.
std::map<std::string, double> count_write_faults(const Subject& s, uint64_t fault_length) {
  CounterOptions options;
  options.events = {kPmdMapped, kPmdFallback, kPteFaults, kPageFaults};
  std::map<std::string, std::string> unsupported;
  Scenario scenario;
  scenario.target = s.target;
  auto counters = open_counters(options, scenario, unsupported);
  for (const auto& [name, why] : unsupported)
    std::printf("INFO  %-18s %s cannot be counted: %s\n", "counters", name.c_str(), why.c_str());

  Mapping reservation = reserve_aligned(fault_length, kPmdSize);
  void* addr = ::mmap(reservation.data(), fault_length, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_FIXED, s.fd.get(), static_cast<off_t>(s.offset));
  if (addr == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap " + s.file);
  if (counters) counters->enable();
  auto* bytes = static_cast<unsigned char*>(addr);
  for (uint64_t off = 0; off < fault_length; off += kPageSize)
    __atomic_fetch_or(bytes + off, static_cast<unsigned char>(0), __ATOMIC_RELAXED);
  if (counters) counters->disable();
  // `reservation` now owns the file mapping at the same address and unmaps it.

  std::map<std::string, double> got;
  if (counters)
    for (const auto& reading : counters->read()) got[reading.name] = reading.value;
  return got;
}

void print_fault_counts(const Subject& s, uint64_t fault_length,
                        const std::map<std::string, double>& got) {
  const auto count = [&](const char* name) -> std::string {
    const auto it = got.find(name);
    return it != got.end() ? std::to_string(static_cast<uint64_t>(it->second)) : "n/a";
  };
  const uint64_t first_pmd = s.first_pmd(), last_pmd_end = s.last_pmd_end();
  const uint64_t expected = last_pmd_end > first_pmd ? (last_pmd_end - first_pmd) / kPmdSize : 0;
  std::printf(
      "fault: %s written pages: PMD mapped %s, PMD fallback %s, PTE faults %s, page faults %s "
      "(a fully PMD-mapped range: %lu PMD faults, 0 PTE faults)\n",
      format_size(fault_length).c_str(), count(kPmdMapped).c_str(), count(kPmdFallback).c_str(),
      count(kPteFaults).c_str(), count(kPageFaults).c_str(), static_cast<unsigned long>(expected));
}

// Prints the verdict; returns the exit status: 0 when nothing needs fixing
// and PMD faults were mapped.
int print_verdict(const std::map<std::string, double>& got, int problems) {
  const auto it = got.find(kPmdMapped);
  const double mapped = it != got.end() ? it->second : 0;
  if (it == got.end())
    std::printf("verdict: PMD faults could not be counted here\n");
  else if (mapped > 0 && problems == 0)
    std::printf("verdict: PMD faults happened\n");
  else if (mapped > 0)
    std::printf("verdict: some PMD faults happened despite the FIX lines above\n");
  else
    std::printf("verdict: no PMD fault mapped; see the FIX lines above\n");
  return problems == 0 && mapped > 0 ? 0 : 1;
}

// What the kernel really did with the range. Returns the exit status.
int fault_range(const Subject& s, int problems) {
  if (s.size < s.offset + kPageSize) {
    std::printf("fault: nothing to fault (the range lies past the end of the file)\n");
    return 1;
  }
  // Pages past EOF would SIGBUS: fault only those inside i_size.
  const uint64_t fault_length = std::min(s.length, round_up_to_page(s.size - s.offset));
  const std::map<std::string, double> got = count_write_faults(s, fault_length);
  print_fault_counts(s, fault_length, got);
  return print_verdict(got, problems);
}

int pmd_check_command(int argc, char** argv) {
  const std::optional<Request> request = parse_request(argc, argv);
  if (!request) return 0;  // --help
  const Subject s = open_subject(*request);
  std::printf("pmd-check %s: offset %s, length %s, i_size %s\n", s.file.c_str(),
              format_size(s.offset).c_str(), format_size(s.length).c_str(),
              format_size(s.size).c_str());
  Report r;
  for (const Check check : kChecks) check(r, s);
  if (!request->fault) return r.problems() == 0 ? 0 : 1;
  return fault_range(s, r.problems());
}

}  // namespace

DAXBENCH_REGISTER_COMMAND(PmdCheck, "pmd-check",
                          "explain why a mapping of a file gets 2MiB (PMD) DAX faults or not",
                          pmd_check_command);

}  // namespace daxbench
