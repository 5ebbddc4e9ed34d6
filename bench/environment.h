// The environment a run records (docs/results-format.md, "context") and
// `daxbench env` prints.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/target.h"

namespace daxbench {

using Facts = std::vector<std::pair<std::string, std::string>>;

// Kernel, CPU, THP, fault_around_bytes, clock kind, lab, daxbench version.
Facts system_facts();

// The running kernel's configuration: where it was found, the sha256 of its
// text and the options that shape the fault paths (kernel_config_options(),
// those the file has a line for: "y", "m", "n" for "is not set", or the
// value). source is "unknown: <why>" (and the rest empty) when no file is
// known to be this kernel's.
struct KernelConfig {
  std::string source;
  std::string sha256;
  Facts options;
};
KernelConfig kernel_config();
const std::vector<std::string>& kernel_config_options();
// The config's text, decompressed where the path ends in .gz; false with a
// reason in `error`.
bool read_kernel_config(const std::string& path, std::string& text, std::string& error);
// The options of kernel_config_options() a config text sets or leaves unset.
Facts config_options(const std::string& text);
// Hex sha256 of `text`.
std::string sha256_hex(const std::string& text);

// /sys/devices/system/cpu/vulnerabilities/*: name and status, by name;
// empty when the kernel has no such directory.
Facts cpu_vulnerabilities();

// When the CPU is QEMU's model (under TCG, or any QEMU-named model): the
// evidence, "" otherwise. Google Benchmark's mhz_per_cpu, caches and
// cpu_scaling_enabled, and the dtlb_* facts, then describe QEMU, not a
// machine (emulated_cpu_fields()).
std::string cpu_emulated();
const std::vector<std::string>& emulated_cpu_fields();

// Everything above as results-context keys: system_facts() as strings,
// "kernel_config" {source, sha256, options}, "cpu_vulnerabilities" {name:
// status} (or a string saying why unknown), "cpu_emulated", and with it
// "emulated_fields" when the CPU is emulated.
nlohmann::json system_json();
// The target's filesystem, mount, device, DAX capability and NUMA node.
Facts target_facts(const TargetInfo& target);
nlohmann::json target_json(const TargetInfo& target);

// "wall-ns", or "instruction-ns" inside the lab's deterministic mode
// (DAXBENCH_CLOCK, set by lab/daxlab).
std::string clock_kind();
std::string daxbench_version();

}  // namespace daxbench
