// The data TLB's size as CPUID reports it: how many 4 KiB and 2 MiB pages
// the largest data-capable TLB level holds, so the report can say which
// working sets lie beyond a mapping's TLB reach (the access family's derived
// page-walk cost). AMD: leaf 0x80000006 (L2 dTLB; leaf 0x80000005's L1 when
// there is none). Intel: leaf 0x18, the deterministic address translation
// parameters (older CPUs describe TLBs only in leaf 2 descriptors: not
// decoded, reported unknown). Under a hypervisor CPUID is what it passes on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace daxbench {

struct DtlbSize {
  unsigned entries_4k = 0;  // 0: unknown
  unsigned entries_2m = 0;  // 0: unknown
  std::string source;       // the leaf and level read, or why it is unknown
};

struct CpuidRegs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

// Decoders, apart from the instruction so that tests can feed known CPUs.
DtlbSize amd_dtlb(const CpuidRegs& leaf_80000005, const CpuidRegs& leaf_80000006);
DtlbSize intel_dtlb(const std::vector<CpuidRegs>& leaf_18_subleaves);

// This CPU's.
DtlbSize read_dtlb_size();

}  // namespace daxbench
