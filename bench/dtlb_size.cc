// CPUID's data-TLB description (dtlb_size.h).
#include "bench/dtlb_size.h"

#include <cpuid.h>

#include <algorithm>
#include <cstring>

namespace daxbench {

namespace {

uint32_t bits(uint32_t v, unsigned high, unsigned low) {
  return (v >> low) & ((1u << (high - low + 1)) - 1);
}

}  // namespace

DtlbSize amd_dtlb(const CpuidRegs& l1, const CpuidRegs& l2) {
  // L2 TLB: EBX for 4 KiB pages, EAX for 2 MiB; [31:28] associativity (0:
  // no L2 TLB), [27:16] dTLB entries. L1: [31:24] associativity, [23:16]
  // dTLB entries, EBX 4 KiB, EAX 2 MiB.
  DtlbSize s;
  const bool l2_4k = bits(l2.ebx, 31, 28) != 0 && bits(l2.ebx, 27, 16) != 0;
  const bool l2_2m = bits(l2.eax, 31, 28) != 0 && bits(l2.eax, 27, 16) != 0;
  s.entries_4k = l2_4k ? bits(l2.ebx, 27, 16) : bits(l1.ebx, 23, 16);
  s.entries_2m = l2_2m ? bits(l2.eax, 27, 16) : bits(l1.eax, 23, 16);
  s.source = std::string("CPUID 0x80000006 (AMD): ") + (l2_4k ? "L2 dTLB" : "L1 dTLB (no L2 dTLB)");
  if (s.entries_4k == 0 && s.entries_2m == 0)
    s.source = "unknown: CPUID 0x80000005/0x80000006 (AMD) report no dTLB";
  return s;
}

DtlbSize intel_dtlb(const std::vector<CpuidRegs>& subleaves) {
  // Each subleaf: EDX[4:0] type (1 data, 3 unified, 4 load-only; 0 none),
  // EDX[7:5] level, EBX bit 0 / bit 1: holds 4 KiB / 2 MiB pages, EBX[31:16]
  // ways, ECX sets (subleaf 0's EAX is the last subleaf). The largest
  // data-capable structure is the reach.
  DtlbSize s;
  unsigned level_4k = 0;
  for (const CpuidRegs& r : subleaves) {
    const uint32_t type = bits(r.edx, 4, 0);
    if (type != 1 && type != 3 && type != 4) continue;
    const unsigned entries = bits(r.ebx, 31, 16) * r.ecx;
    if (r.ebx & 1u) {
      if (entries > s.entries_4k) level_4k = bits(r.edx, 7, 5);
      s.entries_4k = std::max(s.entries_4k, entries);
    }
    if (r.ebx & 2u) s.entries_2m = std::max(s.entries_2m, entries);
  }
  s.source = "CPUID 0x18 (Intel): level " + std::to_string(level_4k) + " TLB";
  if (s.entries_4k == 0 && s.entries_2m == 0)
    s.source = "unknown: CPUID 0x18 (Intel) lists no data TLB";
  return s;
}

DtlbSize read_dtlb_size() {
  CpuidRegs r;
  if (!__get_cpuid(0, &r.eax, &r.ebx, &r.ecx, &r.edx)) return {0, 0, "unknown: no CPUID"};
  char vendor[13] = {};
  std::memcpy(vendor, &r.ebx, 4);
  std::memcpy(vendor + 4, &r.edx, 4);
  std::memcpy(vendor + 8, &r.ecx, 4);
  const uint32_t max_leaf = r.eax;
  if (!std::strcmp(vendor, "AuthenticAMD") || !std::strcmp(vendor, "HygonGenuine")) {
    CpuidRegs l1, l2;
    const uint32_t max_extended = __get_cpuid_max(0x80000000, nullptr);  // int in clang's cpuid.h
    if (max_extended < 0x80000006u) return {0, 0, "unknown: CPUID 0x80000006 absent"};
    __cpuid(0x80000005, l1.eax, l1.ebx, l1.ecx, l1.edx);
    __cpuid(0x80000006, l2.eax, l2.ebx, l2.ecx, l2.edx);
    return amd_dtlb(l1, l2);
  }
  if (!std::strcmp(vendor, "GenuineIntel")) {
    if (max_leaf < 0x18)
      return {0, 0, "unknown: CPUID 0x18 absent (leaf 2 descriptors are not decoded)"};
    CpuidRegs first;
    __cpuid_count(0x18, 0, first.eax, first.ebx, first.ecx, first.edx);
    std::vector<CpuidRegs> subleaves{first};
    for (uint32_t i = 1; i <= first.eax && i < 64; ++i) {
      CpuidRegs s;
      __cpuid_count(0x18, i, s.eax, s.ebx, s.ecx, s.edx);
      subleaves.push_back(s);
    }
    return intel_dtlb(subleaves);
  }
  return {0, 0, std::string("unknown: CPU vendor ") + vendor + " not decoded"};
}

}  // namespace daxbench
