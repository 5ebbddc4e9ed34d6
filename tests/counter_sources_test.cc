// Resolution of counters against a kernel's tracefs, with fake tracefs trees
// shaped like the 6.1, 6.12 and later kernels (bench/counter_sources.h): a
// logical counter resolves to the first candidate this kernel lists, a
// tracepoint must exist and have the fields its filter uses, and what can't
// be had says why.
#include "bench/counter_sources.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/private_mounts.h"
#include "core/error.h"
#include "tests/test_util.h"

namespace daxbench {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_text;

// The format of fs_dax:dax_pmd_fault_done on 6.18 (trimmed), and the same
// with `result` renamed, as a future kernel might.
const char* kPmdFormat =
    "name: dax_pmd_fault_done\nID: 1114\nformat:\n"
    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
    "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
    "\tfield:unsigned long ino;\toffset:8;\tsize:8;\tsigned:0;\n"
    "\tfield:vm_flags_t vm_flags;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:char comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
    "\tfield:__data_loc char[] name;\toffset:56;\tsize:4;\tsigned:0;\n"
    "\tfield:unsigned int flags;\toffset:68;\tsize:4;\tsigned:0;\n"
    "\tfield:int result;\toffset:72;\tsize:4;\tsigned:1;\n\n"
    "print fmt: \"dev %d:%d\", REC->dev\n";

class FakeTracefs {
 public:
  explicit FakeTracefs(const std::vector<std::string>& functions) {
    std::string list;
    for (const auto& f : functions) list += f + "\n";
    write_text(dir_.file("available_filter_functions"), list);
  }
  void add_event(const std::string& sys, const std::string& event, int id,
                 const std::string& format) {
    const std::string d = dir_.path() + "/events/" + sys + "/" + event;
    std::filesystem::create_directories(d);
    write_text(d + "/id", std::to_string(id) + "\n");
    write_text(d + "/format", format);
  }
  const std::string& root() const { return dir_.path(); }

 private:
  TempDir dir_;
};

ResolvedCounter resolve(const std::string& name, const std::string& fs, FakeTracefs& t) {
  TracefsCatalog catalog(t.root(), "");
  return resolve_counter(parse_event_name(name), fs, catalog);
}

std::string only_source(const ResolvedCounter& r) {
  EXPECT_EQ(r.sources.size(), 1u) << r.name << ": " << r.unsupported;
  EXPECT_TRUE(r.unsupported.empty()) << r.unsupported;
  return r.sources.empty() ? "" : r.sources[0].description;
}

// xfs in Debian 6.1.192 and 6.12.117: the ->fault wrapper is listed (with
// its module, as available_filter_functions prints it).
TEST(CounterSources, XfsHandlersResolveToTheVmOpsFunctions) {
  FakeTracefs t({"xfs_filemap_fault [xfs]", "__xfs_filemap_fault [xfs]",
                 "xfs_filemap_huge_fault [xfs]", "xfs_filemap_page_mkwrite [xfs]",
                 "xfs_filemap_pfn_mkwrite [xfs]", "ext4_dax_fault"});
  EXPECT_EQ(only_source(resolve("fs_dax_fault_handler", "xfs", t)), "kprobe:xfs_filemap_fault");
  EXPECT_EQ(only_source(resolve("fs_page_mkwrite", "xfs", t)), "kprobe:xfs_filemap_page_mkwrite");
  EXPECT_EQ(only_source(resolve("fs_pfn_mkwrite", "xfs", t)), "kprobe:xfs_filemap_pfn_mkwrite");
  EXPECT_EQ(only_source(resolve("fs_huge_fault", "xfs", t)), "kprobe:xfs_filemap_huge_fault");
  const ResolvedCounter r = resolve("fs_dax_fault_handler", "xfs", t);
  ASSERT_EQ(r.sources.size(), 1u);
  ASSERT_EQ(r.sources[0].plus.size(), 1u);
  EXPECT_EQ(r.sources[0].plus[0].kind, EventKind::kKprobe);
  EXPECT_EQ(r.sources[0].plus[0].function, "xfs_filemap_fault");
  EXPECT_TRUE(r.sources[0].minus.empty());
}

// A kernel where the ->fault wrapper is inlined: __xfs_filemap_fault minus
// the calls that come from the other three entry points.
TEST(CounterSources, XfsFaultHandlerFallsBackToTheCommonFunctionMinusOtherEntries) {
  FakeTracefs t({"__xfs_filemap_fault [xfs]", "xfs_filemap_huge_fault [xfs]",
                 "xfs_filemap_page_mkwrite [xfs]", "xfs_filemap_pfn_mkwrite [xfs]"});
  const ResolvedCounter r = resolve("fs_dax_fault_handler", "xfs", t);
  EXPECT_EQ(only_source(r),
            "kprobe:__xfs_filemap_fault - kprobe:xfs_filemap_huge_fault - "
            "kprobe:xfs_filemap_page_mkwrite - kprobe:xfs_filemap_pfn_mkwrite");
  ASSERT_EQ(r.sources.size(), 1u);
  EXPECT_EQ(r.sources[0].plus[0].function, "__xfs_filemap_fault");
  ASSERT_EQ(r.sources[0].minus.size(), 3u);
  EXPECT_EQ(r.sources[0].minus[0].function, "xfs_filemap_huge_fault");
}

// Both candidates gone (6.11+ inlines the split helpers; a later kernel may
// inline more): unsupported, naming every candidate and why.
TEST(CounterSources, NoProbeableCandidateIsUnsupportedWithEveryReason) {
  FakeTracefs t({"xfs_filemap_huge_fault [xfs]", "xfs_filemap_page_mkwrite [xfs]"});
  const ResolvedCounter r = resolve("fs_dax_fault_handler", "xfs", t);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("on xfs"), std::string::npos) << r.unsupported;
  EXPECT_NE(r.unsupported.find("'xfs_filemap_fault' is not in available_filter_functions"),
            std::string::npos)
      << r.unsupported;
  EXPECT_NE(r.unsupported.find("'__xfs_filemap_fault' is not in available_filter_functions"),
            std::string::npos)
      << r.unsupported;
  EXPECT_NE(r.unsupported.find("inlined"), std::string::npos) << r.unsupported;
}

TEST(CounterSources, Ext4HandlersAndTheHugeFaultDifference) {
  FakeTracefs t({"ext4_dax_fault", "ext4_dax_huge_fault", "ext4_page_mkwrite", "filemap_fault"});
  EXPECT_EQ(only_source(resolve("fs_dax_fault_handler", "ext4", t)), "kprobe:ext4_dax_fault");
  EXPECT_EQ(only_source(resolve("fs_page_mkwrite", "ext4", t)), "kprobe:ext4_page_mkwrite");
  // Every 4 KiB DAX fault enters ext4_dax_huge_fault through ext4_dax_fault.
  const ResolvedCounter huge = resolve("fs_huge_fault", "ext4", t);
  EXPECT_EQ(only_source(huge), "kprobe:ext4_dax_huge_fault - kprobe:ext4_dax_fault");
  ASSERT_EQ(huge.sources.size(), 1u);
  ASSERT_EQ(huge.sources[0].minus.size(), 1u);
  EXPECT_EQ(huge.sources[0].minus[0].function, "ext4_dax_fault");
  // No ->pfn_mkwrite of its own: unsupported, and the reason says where
  // those calls are counted instead.
  const ResolvedCounter pfn = resolve("fs_pfn_mkwrite", "ext4", t);
  EXPECT_TRUE(pfn.sources.empty());
  EXPECT_NE(pfn.unsupported.find("ext4_dax_fault"), std::string::npos) << pfn.unsupported;
  EXPECT_NE(pfn.unsupported.find("fs_dax_fault_handler"), std::string::npos) << pfn.unsupported;
}

TEST(CounterSources, DifferenceNeedsBothFunctions) {
  FakeTracefs t({"ext4_dax_huge_fault"});
  const ResolvedCounter r = resolve("fs_huge_fault", "ext4", t);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("'ext4_dax_fault'"), std::string::npos) << r.unsupported;
}

TEST(CounterSources, OtherFilesystemsHaveNoHandlerCounters) {
  FakeTracefs t({"shmem_fault"});
  for (const auto& l : logical_counters()) {
    if (l.kind != LogicalKind::kFsHandler) continue;  // TLB and fault path: any filesystem
    const ResolvedCounter r = resolve(l.name, "tmpfs", t);
    EXPECT_TRUE(r.sources.empty()) << l.name;
    EXPECT_NE(r.unsupported.find("on tmpfs"), std::string::npos) << r.unsupported;
  }
}

// available_filter_functions unreadable (missing here; EPERM on a locked
// down host): every candidate is tried in order, marked as unchecked.
TEST(CounterSources, UnreadableFunctionListTriesEveryCandidateInOrder) {
  TempDir empty;
  TracefsCatalog catalog(empty.path(), "");
  const ResolvedCounter r =
      resolve_counter(parse_event_name("fs_dax_fault_handler"), "xfs", catalog);
  ASSERT_EQ(r.sources.size(), 2u);
  EXPECT_EQ(r.sources[0].plus[0].function, "xfs_filemap_fault");
  EXPECT_EQ(r.sources[1].plus[0].function, "__xfs_filemap_fault");
  EXPECT_NE(r.sources[0].description.find("not checked against available_filter_functions"),
            std::string::npos)
      << r.sources[0].description;
  EXPECT_NE(catalog.function_list_error().find("available_filter_functions"), std::string::npos)
      << catalog.function_list_error();
  // No tracefs at all: the same, with tracefs's reason.
  TracefsCatalog none("", "tracefs not mounted and mounting it failed");
  const ResolvedCounter r2 = resolve_counter(parse_event_name("fs_page_mkwrite"), "ext4", none);
  ASSERT_EQ(r2.sources.size(), 1u);
  EXPECT_NE(r2.sources[0].description.find("mounting it failed"), std::string::npos);
}

TEST(CounterSources, RawKprobeMustBeListed) {
  FakeTracefs t({"ext4_page_mkwrite"});
  EXPECT_EQ(only_source(resolve("kprobe:ext4_page_mkwrite", "ext4", t)),
            "kprobe:ext4_page_mkwrite");
  const ResolvedCounter r = resolve("kprobe:xfs_dax_read_fault", "xfs", t);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("'xfs_dax_read_fault' is not in available_filter_functions"),
            std::string::npos)
      << r.unsupported;
  // A known case says what happened to it.
  EXPECT_NE(r.unsupported.find("inlined into __xfs_filemap_fault"), std::string::npos)
      << r.unsupported;
}

TEST(CounterSources, TracepointResolvedAgainstItsFormat) {
  FakeTracefs t({});
  t.add_event("fs_dax", "dax_pmd_fault_done", 1114, kPmdFormat);
  const ResolvedCounter mapped = resolve("fs_dax:dax_pmd_fault_done/mapped", "xfs", t);
  EXPECT_EQ(only_source(mapped), "fs_dax:dax_pmd_fault_done [result & 8448]");
  ASSERT_EQ(mapped.sources.size(), 1u);
  EXPECT_EQ(mapped.sources[0].plus[0].tracepoint_id, 1114u);
  EXPECT_EQ(only_source(resolve("fs_dax:dax_pmd_fault_done", "xfs", t)),
            "fs_dax:dax_pmd_fault_done");
  // A filter on a field this kernel's event lacks.
  const ResolvedCounter bad = resolve("fs_dax:dax_pmd_fault_done[order == 9]", "xfs", t);
  EXPECT_TRUE(bad.sources.empty());
  EXPECT_NE(bad.unsupported.find("has no field order"), std::string::npos) << bad.unsupported;
  EXPECT_NE(bad.unsupported.find("lists comm, flags, ino, name, result, vm_flags"),
            std::string::npos)
      << bad.unsupported;
}

TEST(CounterSources, FieldRenamedOnALaterKernelMakesTheSplitUnsupported) {
  FakeTracefs t({});
  std::string renamed = kPmdFormat;
  renamed.replace(renamed.find("int result;"), 11, "int ret;   ");
  t.add_event("fs_dax", "dax_pmd_fault_done", 7, renamed);
  const ResolvedCounter r = resolve("fs_dax:dax_pmd_fault_done/fallback", "ext4", t);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("has no field result"), std::string::npos) << r.unsupported;
}

TEST(CounterSources, RemovedTracepointSaysWhen) {
  FakeTracefs t({});
  t.add_event("fs_dax", "dax_pmd_fault_done", 1114, kPmdFormat);
  const ResolvedCounter r = resolve("fs_dax:dax_insert_mapping", "xfs", t);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("no tracepoint fs_dax:dax_insert_mapping"), std::string::npos)
      << r.unsupported;
  EXPECT_NE(r.unsupported.find("removed in 6.16"), std::string::npos) << r.unsupported;
}

TEST(CounterSources, FilterAndFormatFields) {
  EXPECT_EQ(filter_fields("result & 8448"), (std::set<std::string>{"result"}));
  EXPECT_EQ(filter_fields("(flags & 0x1) && comm == \"a b\" || ino != 12"),
            (std::set<std::string>{"flags", "comm", "ino"}));
  EXPECT_EQ(format_fields(kPmdFormat),
            (std::set<std::string>{"common_type", "common_pid", "ino", "vm_flags", "comm", "name",
                                   "flags", "result"}));
}

TEST(CounterSources, LogicalNamesParseAndKeepStableStems) {
  for (const auto& l : logical_counters()) {
    EXPECT_EQ(parse_event_name(l.name).kind, EventKind::kLogical) << l.name;
    const bool handler = l.kind == LogicalKind::kFsHandler;
    EXPECT_EQ(counter_stem(l.name), handler ? l.name + "_calls" : l.name);
    EXPECT_EQ(counted_per_page_fault(l.name), l.kind == LogicalKind::kFaultPath) << l.name;
    EXPECT_FALSE(l.meaning.empty());
  }
  // The default sets of the fault families name handlers by meaning only.
  for (const std::string fs : {"ext4", "xfs"}) {
    const auto events = default_events("fault", fs);
    for (const auto& l : logical_counters())
      if (l.kind != LogicalKind::kTlb) {  // the handlers and the fault path
        EXPECT_NE(std::find(events.begin(), events.end(), l.name), events.end()) << l.name;
      }
    for (const auto& e : events) EXPECT_FALSE(e.starts_with("kprobe:")) << e;
  }
}

// The fault-path counters on 7.3/6.12 (per-VMA locks) and on 6.1 (none:
// lock_vma_under_rcu absent), whatever the filesystem.
TEST(CounterSources, FaultPathCountersFollowTheKernel) {
  FakeTracefs v73({"handle_mm_fault", "lock_mm_and_find_vma", "lock_vma_under_rcu"});
  for (const std::string fs : {"ext4", "xfs", "tmpfs"}) {
    EXPECT_EQ(only_source(resolve("handle_mm_fault_calls", fs, v73)), "kprobe:handle_mm_fault");
    EXPECT_EQ(only_source(resolve("mmap_lock_fault_fallbacks", fs, v73)),
              "kprobe:lock_mm_and_find_vma");
  }
  // 6.1: counted, and the source says every fault takes mmap_lock there.
  FakeTracefs v61({"handle_mm_fault", "lock_mm_and_find_vma"});
  const std::string src61 = only_source(resolve("mmap_lock_fault_fallbacks", "ext4", v61));
  EXPECT_TRUE(src61.starts_with("kprobe:lock_mm_and_find_vma")) << src61;
  EXPECT_NE(src61.find("no lock_vma_under_rcu on this kernel"), std::string::npos) << src61;
  // Before lock_mm_and_find_vma (6.1.36 and older): unsupported, saying why.
  FakeTracefs old({"handle_mm_fault"});
  const ResolvedCounter r = resolve("mmap_lock_fault_fallbacks", "xfs", old);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_NE(r.unsupported.find("'lock_mm_and_find_vma' is not in available_filter_functions"),
            std::string::npos)
      << r.unsupported;
  EXPECT_NE(r.unsupported.find("6.1.37"), std::string::npos) << r.unsupported;
}

TEST(CounterSources, VmaLockRetriesComeFromVmstatOrSayWhyNot) {
  TempDir dir;
  write_text(dir.file("vmstat"), "nr_free_pages 100\nvma_lock_success 7\nvma_lock_retry 42\n");
  std::string why;
  EXPECT_EQ(vmstat_value("vma_lock_retry", why, dir.file("vmstat")), 42u);
  EXPECT_FALSE(vmstat_value("vma_lock_miss", why, dir.file("vmstat")));
  EXPECT_NE(why.find("has no vma_lock_miss"), std::string::npos) << why;
  // This machine's kernel: the vmstat item, or unsupported naming the config.
  FakeTracefs t({});
  const ResolvedCounter r = resolve("vma_lock_retries", "ext4", t);
  if (vmstat_value("vma_lock_retry", why)) {
    ASSERT_EQ(r.sources.size(), 1u);
    EXPECT_EQ(r.sources[0].vmstat, "vma_lock_retry");
  } else {
    EXPECT_TRUE(r.sources.empty());
    EXPECT_NE(r.unsupported.find("CONFIG_PER_VMA_LOCK_STATS"), std::string::npos) << r.unsupported;
  }
}

// tlb:tlb_flush as 6.18 prints it (the 6.1 and 6.12 formats differ only in
// the field offsets): the reason's numbers come from the format file.
const char* const kTlbFlushFormat = R"fmt(name: tlb_flush
ID: 188
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:int reason;	offset:8;	size:4;	signed:1;
	field:unsigned long pages;	offset:16;	size:8;	signed:0;

print fmt: "pages:%ld reason:%s (%d)", REC->pages, __print_symbolic(REC->reason, { 0, "flush on task switch" }, { 1, "remote shootdown" }, { 2, "local shootdown" }, { 3, "local MM shootdown" }, { 4, "remote IPI send" }, { 5, "remote wrong CPU" }), REC->reason
)fmt";

TEST(CounterSources, TracepointSplitByAValueTheFormatNames) {
  const auto symbols = format_symbols(kTlbFlushFormat);
  ASSERT_EQ(symbols.size(), 6u);
  EXPECT_EQ(symbols.at("flush_on_task_switch"), std::make_pair(std::string("reason"), 0ll));
  EXPECT_EQ(symbols.at("local_mm_shootdown"), std::make_pair(std::string("reason"), 3ll));
  EXPECT_EQ(symbols.at("remote_wrong_cpu"), std::make_pair(std::string("reason"), 5ll));

  FakeTracefs t({});
  t.add_event("tlb", "tlb_flush", 188, kTlbFlushFormat);
  const ResolvedCounter remote = resolve("tlb:tlb_flush/remote_shootdown", "ext4", t);
  EXPECT_EQ(only_source(remote), "tlb:tlb_flush [reason == 1]");
  EXPECT_EQ(remote.sources[0].plus[0].filter, "reason == 1");
  EXPECT_EQ(remote.sources[0].plus[0].tracepoint_id, 188u);
  EXPECT_EQ(counter_stem("tlb:tlb_flush/remote_shootdown"), "tlb_flush_remote_shootdown");
  // A value this kernel does not name: unsupported, listing what it names.
  const ResolvedCounter lazy = resolve("tlb:tlb_flush/lazy_flush", "ext4", t);
  EXPECT_TRUE(lazy.sources.empty());
  EXPECT_NE(lazy.unsupported.find("names no value 'lazy_flush'"), std::string::npos)
      << lazy.unsupported;
  EXPECT_NE(lazy.unsupported.find("remote_ipi_send"), std::string::npos) << lazy.unsupported;
  // Numbers are never assumed: another kernel's numbering is followed.
  FakeTracefs other({});
  other.add_event("tlb", "tlb_flush", 7,
                  "format:\n\tfield:int reason;\n\nprint fmt: \"%s\", "
                  "__print_symbolic(REC->reason, { 9, \"remote shootdown\" })\n");
  EXPECT_EQ(only_source(resolve("tlb:tlb_flush/remote_shootdown", "ext4", other)),
            "tlb:tlb_flush [reason == 9]");
  // The fs_dax splits stay what they were.
  EXPECT_THROW(parse_event_name("fs_dax:dax_pte_fault_done/remote_shootdown"), UsageError);
  EXPECT_THROW(parse_event_name("tlb:tlb_flush/mapped"), UsageError);
}

// The helper's mounts are visible through /proc/<pid>/root only: not in
// this process's mount table, and gone when the helper is.
TEST(CountersPrivateMounts, TracefsInAHelperNamespaceIsInvisibleAndGoesWithIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  const std::string before = read_file("/proc/self/mountinfo");
  std::string root;
  {
    PrivateMounts m({{"tracefs", "/sys/kernel/tracing", MS_NOSUID | MS_NODEV | MS_NOEXEC}});
    ASSERT_TRUE(m.ok(0)) << m.error(0);
    root = m.path("/sys/kernel/tracing");
    struct stat st;
    EXPECT_EQ(::stat((root + "/events").c_str(), &st), 0) << root;
    EXPECT_EQ(read_file("/proc/self/mountinfo"), before);
    EXPECT_EQ(read_file("/proc/1/mountinfo").find(root), std::string::npos);
  }
  struct stat st;
  EXPECT_NE(::stat((root + "/events").c_str(), &st), 0) << "helper still alive: " << root;
  EXPECT_EQ(read_file("/proc/self/mountinfo"), before);
}

// The point of the helper: this process has threads, so unshare(CLONE_NEWNS)
// here would fail with EINVAL, yet the helper's mount works.
TEST(CountersPrivateMounts, WorksFromAMultiThreadedProcess) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  std::atomic<bool> stop{false};
  std::thread t([&] {
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  PrivateMounts m({{"tracefs", "/sys/kernel/tracing", 0}, {"nosuchfs", "/sys/kernel/tracing", 0}});
  stop = true;
  t.join();
  EXPECT_TRUE(m.ok(0)) << m.error(0);
  EXPECT_FALSE(m.ok(1));
  EXPECT_EQ(m.mount_errno(1), ENODEV);
  EXPECT_NE(m.error(1).find("mount -t nosuchfs"), std::string::npos) << m.error(1);
}

// SIGKILL of the owner: the helper dies with it (PR_SET_PDEATHSIG), and its
// namespace, with the mount, with the helper.
TEST(CountersPrivateMounts, HelperGoesWhenItsOwnerIsKilled) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  const pid_t owner = ::fork();
  ASSERT_GE(owner, 0);
  if (owner == 0) {
    ::close(p[0]);
    PrivateMounts m({{"tracefs", "/sys/kernel/tracing", 0}});
    const pid_t helper = m.ok(0) ? m.pid() : -1;
    if (::write(p[1], &helper, sizeof helper) != sizeof helper) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  ::close(p[1]);
  pid_t helper = -1;
  ASSERT_EQ(::read(p[0], &helper, sizeof helper), static_cast<ssize_t>(sizeof helper));
  ::close(p[0]);
  ASSERT_GT(helper, 0);
  const std::string root = "/proc/" + std::to_string(helper) + "/root/sys/kernel/tracing/events";
  struct stat st;
  EXPECT_EQ(::stat(root.c_str(), &st), 0);
  ::kill(owner, SIGKILL);
  ::waitpid(owner, nullptr, 0);
  // The helper is the owner's child, reparented and reaped by init (or a
  // subreaper) after it dies: wait until it is gone.
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = ::stat(root.c_str(), &st) != 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone) << "helper " << helper << " outlived its SIGKILLed owner";
}

}  // namespace
}  // namespace daxbench
