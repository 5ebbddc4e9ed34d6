#!/usr/bin/env python3
"""Writes the hand-made results fixtures of the analysis tests.

They follow docs/results-format.md: Google Benchmark's JSON (as written by
benchmark::JSONReporter 1.7: per-repetition "iteration" entries followed by
mean/median/stddev/cv "aggregate" entries, NaN/Infinity as bare words) plus the
daxbench context keys and per-benchmark "daxbench" object. Values are
synthetic but shaped like real fault/mmap-write/flag-switch runs: seeded noise,
so regenerating gives byte-identical files.

    python3 tests/data/analysis/make_fixtures.py tests/data/analysis
"""
import json
import math
import random
import sys
from pathlib import Path

MIB = 1 << 20


def context(clock="wall-ns", lab="", kernel="6.1.0-56-amd64", date="2026-11-23T20:00:00+00:00"):
    return {
        "date": date,
        "host_name": "vm",
        "executable": "build/daxbench",
        "num_cpus": 2,
        "mhz_per_cpu": 2600,
        "cpu_scaling_enabled": False,
        "caches": [{"type": "Data", "level": 1, "size": 49152, "num_sharing": 1}],
        "load_avg": [0.1, 0.2, 0.1],
        "library_build_type": "release",
        "daxbench_version": "v0.1-3-gabcdef0",
        "command_line": "build/daxbench run --config configs/quick.ini --target /mnt/pmem "
                        "--benchmark_repetitions=5 --out results.json",
        "config_file": "configs/quick.ini",
        "kernel_release": kernel,
        "kernel_cmdline": "BOOT_IMAGE=/vmlinuz-" + kernel + " root=/dev/vda1 ro",
        "cpu_model": "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
        "thp_enabled": "always",
        "thp_defrag": "madvise",
        "fault_around_bytes": "65536",
        "clock": clock,
        "lab": lab,
        "time_measurement": "timed region of one iteration (CLOCK_MONOTONIC)",
        "incomplete": False,
        "unsupported_events": {"cycles": "Operation not supported"},
        "targets": [
            {"path": "/mnt/pmem-ext4", "fs_type": "ext4", "mount_point": "/mnt/pmem-ext4",
             "mount_options": "rw,relatime,dax=inode", "source": "/dev/pmem0",
             "block_device": "pmem0", "dax_policy": "inode", "dax_capable": True,
             "dax_capability": "/sys/block/pmem0/queue/dax = 1", "numa_node": 1,
             "block_size": 4096},
            {"path": "/mnt/pmem-xfs", "fs_type": "xfs", "mount_point": "/mnt/pmem-xfs",
             "mount_options": "rw,relatime,attr2,dax=inode", "source": "/dev/pmem1",
             "block_device": "pmem1", "dax_policy": "inode", "dax_capable": True,
             "dax_capability": "/sys/block/pmem1/queue/dax = 1", "numa_node": 1,
             "block_size": 4096},
        ],
        "numa_binding": "none",
    }


# (family, params-in-name, params dict, per-iteration base time ns by mode, counters)
def scenarios():
    out = []
    modes = ["pagecache", "dax-inode", "dax-always"]
    base_fault = {"pagecache": 9.0e6, "dax-inode": 6.5e6, "dax-always": 6.4e6}
    for fs in ["ext4", "xfs"]:
        for mode in modes:
            fsf = 1.0 if fs == "ext4" else 1.07
            out.append(dict(
                family="fault",
                name=f"fault/write/shared/pte/populate:none/cache:{'warm' if mode == 'pagecache' else 'bypassed'}/{mode}/{fs}/threads:1/size:64MiB",
                params={"access": "write", "mapping": "shared", "pages": "pte",
                        "populate": "none", "cache": "warm" if mode == "pagecache" else "bypassed", "threads": "1", "size": "64MiB"},
                mode=mode, fs=fs, time=base_fault[mode] * fsf,
                counters={"page_faults_per_iteration": 16384.0, "pages_touched": 16384.0,
                          "bytes_per_second": None},
                latency=True))
            if mode != "pagecache":
                out.append(dict(
                    family="fault",
                    name=f"fault/write/shared/pmd/populate:none/cache:bypassed/{mode}/{fs}/threads:1/size:64MiB",
                    params={"access": "write", "mapping": "shared", "pages": "pmd",
                            "populate": "none", "cache": "bypassed", "threads": "1", "size": "64MiB"},
                    mode=mode, fs=fs, time=0.9e6 * fsf,
                    counters={"page_faults_per_iteration": 32.0, "pages_touched": 16384.0,
                              "pmd_mapped_per_iteration": 30.0 if fs == "xfs" else 32.0,
                              "pmd_fallback_per_iteration": 2.0 if fs == "xfs" else 0.0,
                              "bytes_per_second": None},
                    latency=True))
            out.append(dict(
                family="mmap-write",
                name=f"mmap-write/msync/stride:4KiB/{mode}/{fs}/threads:1/size:16MiB",
                params={"flush": "msync", "stride": "4KiB", "threads": "1", "size": "16MiB"},
                mode=mode, fs=fs, time=(4.2e6 if mode == "pagecache" else 2.9e6) * fsf,
                counters={"page_mkwrite_per_iteration": 4096.0 if mode == "pagecache" else 0.0,
                          "bytes_per_second": None},
                latency=False))
        for holder, t in [("holder:none", 1.8e5), ("holder:mmap/hold:20ms", 2.1e7)]:
            out.append(dict(
                family="flag-switch",
                name=f"flag-switch/time-to-effective/{holder}/fsxattr/to-dax/dax-inode/{fs}/threads:1/size:2MiB",
                params={"measure": "time-to-effective", "holder": holder.split("/")[0][7:],
                        "interface": "fsxattr", "to": "to-dax", "threads": "1", "size": "2MiB"},
                mode="dax-inode", fs=fs, time=t,
                counters={"switches_effective": 100.0},
                latency=True))
        out.append(dict(
            family="flag-switch",
            name=f"flag-switch/ioctl/fsxattr/to-dax/dax-inode/{fs}/threads:1/size:2MiB",
            params={"measure": "ioctl", "interface": "fsxattr", "to": "to-dax", "threads": "1",
                    "size": "2MiB"},
            mode="dax-inode", fs=fs, time=9.0e3,
            counters={},
            latency=False))
    return out


def bench_entries(s, rng, reps, scale, time_unit="ns", noise=0.01):
    size = 64 * MIB
    entries = []
    times = []
    for rep in range(reps):
        t = s["time"] * scale * math.exp(rng.gauss(0, noise))
        times.append(t)
        e = {
            "name": s["name"] + "/manual_time",
            "family_index": 0,
            "per_family_instance_index": 0,
            "run_name": s["name"],
            "run_type": "iteration",
            "repetitions": reps,
            "repetition_index": rep,
            "threads": 1,
            "iterations": 20,
            "real_time": t / {"ns": 1, "us": 1e3, "ms": 1e6}[time_unit],
            "cpu_time": t * 0.98 / {"ns": 1, "us": 1e3, "ms": 1e6}[time_unit],
            "time_unit": time_unit,
        }
        for k, v in s["counters"].items():
            e[k] = size / (t * 1e-9) if k == "bytes_per_second" else v
        dx = {"family": s["family"], "params": s["params"], "mode": s["mode"],
              "target": "/mnt/pmem-" + s["fs"], "fs_type": s["fs"],
              "facts": {"effective_dax": "no" if s["mode"] == "pagecache" else "yes"},
              "totals": {}}
        if s["latency"]:
            per_op = t / (16384 if s["family"] == "fault" else 1)
            p50 = per_op * 0.8
            dx["latency_ns"] = {"count": 16384 * 20, "p50": round(p50), "p90": round(p50 * 1.6),
                                "p99": round(p50 * 4), "p99_9": round(p50 * 11),
                                "max": round(p50 * 60)}
        if s["family"] == "flag-switch":
            dx["totals"] = {"switches_effective": 100, "switches_never": 0}
        e["daxbench"] = dx
        entries.append(e)
    # Aggregates, as Google Benchmark appends them (ignored by daxbench compare).
    mean = sum(times) / len(times)
    sd = math.sqrt(sum((x - mean) ** 2 for x in times) / (len(times) - 1)) if reps > 1 else float("nan")
    for agg, val in [("mean", mean), ("median", sorted(times)[len(times) // 2]), ("stddev", sd),
                     ("cv", sd / mean)]:
        entries.append({
            "name": s["name"] + "/manual_time_" + agg, "family_index": 0,
            "per_family_instance_index": 0, "run_name": s["name"], "run_type": "aggregate",
            "repetitions": reps, "threads": 1, "aggregate_name": agg,
            "aggregate_unit": "percentage" if agg == "cv" else "time", "iterations": reps,
            "real_time": val, "cpu_time": val, "time_unit": time_unit})
    return entries


def dump(doc):
    text = json.dumps(doc, indent=1, allow_nan=True)
    # Python writes NaN/Infinity exactly as Google Benchmark does.
    return text + "\n"


def run_file(seed, scale=1.0, reps=5, clock="wall-ns", lab="", kernel="6.1.0-56-amd64",
             drop=(), extra=(), skipped=True, noise=0.01, limit=None):
    rng = random.Random(seed)
    benches = []
    for s in (scenarios() + list(extra))[:limit]:
        if s["name"] in drop:
            continue
        benches += bench_entries(s, rng, reps, scale, noise=noise)
    if skipped:
        benches.append({
            "name": "fault/write/shared/pmd/populate:none/cache:bypassed/dax-always/tmpfs/threads:1/size:64MiB/manual_time",
            "family_index": 1, "per_family_instance_index": 0,
            "run_name": "fault/write/shared/pmd/populate:none/cache:bypassed/dax-always/tmpfs/threads:1/size:64MiB",
            "run_type": "iteration", "repetitions": reps, "repetition_index": 0, "threads": 1,
            "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ns",
            "error_occurred": True,
            "error_message": "skipped: target /tmp: tmpfs has no DAX; mode dax-always is impossible"})
    return {"context": context(clock=clock, lab=lab, kernel=kernel), "benchmarks": benches}


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    only_b = dict(family="fault", name="fault/read/shared/pte/populate:none/cache:cold/pagecache/ext4/threads:1/size:64MiB",
                  params={"access": "read"}, mode="pagecache", fs="ext4", time=2.1e7,
                  counters={"page_faults_per_iteration": 1024.0}, latency=False)
    (out / "run-a.json").write_text(dump(run_file(seed=1)))
    # Same scenarios, another run of the same setup (independent noise), one
    # benchmark removed and one added, to exercise the one-side-only lists.
    (out / "run-b.json").write_text(dump(run_file(
        seed=2, drop={"mmap-write/msync/stride:4KiB/dax-always/xfs/threads:1/size:16MiB"},
        extra=[only_b])))
    lab = "qemu tcg, emulated NVDIMM on guest node 1"
    (out / "lab-icount.json").write_text(dump(run_file(
        seed=3, clock="instruction-ns", lab=lab + ", deterministic (icount shift=0)",
        noise=0.003)))
    (out / "lab-icount-new.json").write_text(dump(run_file(
        seed=4, clock="instruction-ns", lab=lab + ", deterministic (icount shift=0)",
        kernel="6.1.0-47-amd64", scale=1.0, noise=0.003)))
    (out / "one-repetition.json").write_text(dump(run_file(seed=5, reps=1, skipped=False, limit=4)))
    disjoint = run_file(seed=6, skipped=False, limit=3)
    for b in disjoint["benchmarks"]:
        b["run_name"] = "other/" + b["run_name"]
        b["name"] = "other/" + b["name"]
    (out / "disjoint.json").write_text(dump(disjoint))
    plain = run_file(seed=7, skipped=False, limit=3)
    plain["context"] = {k: v for k, v in plain["context"].items()
                        if k in ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
                                 "cpu_scaling_enabled", "caches", "load_avg",
                                 "library_build_type")}
    for b in plain["benchmarks"]:
        b.pop("daxbench", None)
    (out / "plain-gbench.json").write_text(dump(plain))
    (out / "not-json.json").write_text("this is not JSON {\n")
    (out / "with-families.json").write_text(dump(with_families()))


def with_families():
    """A results file with context "families" (core/presentation.h), as
    `daxbench run` writes it, and a family the fallback table does not know
    ("access", with a lines plot over a size parameter): the report must draw
    it from the PlotSpecs alone."""
    access = []
    for fs in ["ext4", "xfs"]:
        for mode, ns in [("dax-inode", 9.0), ("dax-inode-off", 14.0)]:
            for ws, factor in [("4KiB", 1.0), ("2MiB", 1.4), ("64MiB", 3.0)]:
                access.append(dict(
                    family="access",
                    name=f"access/random/working_set:{ws}/{mode}/{fs}/threads:1/size:64MiB",
                    params={"pattern": "random", "working_set": ws, "threads": "1",
                            "size": "64MiB"},
                    mode=mode, fs=fs, time=ns * factor * 1e6,
                    counters={"accesses": 1e6, "dtlb_misses_total": 5e5 * factor,
                              "dtlb_misses_per_access": 0.5 * factor, "tlb_flushes_total": 0.0,
                              "tlb_flushes_per_access": 0.0},
                    latency=False))
    doc = run_file(seed=8, extra=access, skipped=False)
    doc["context"]["families"] = {
        "fault": {"family": "fault", "unit": "page", "unit_quantity": "pages_touched",
                  "throughput": False, "headline_counters": ["page_faults"],
                  "plots": [{"id": "fault-time", "title": "Fault cost per page", "kind": "bars",
                             "x": "", "series": [], "y": "time_per_unit", "where": {},
                             "log_x": False},
                            {"id": "fault-latency", "title": "Fault latency", "kind": "cdf",
                             "x": "", "series": [], "y": "time_per_unit",
                             "where": {"access": "write"}, "log_x": False}]},
        "mmap-write": {"family": "mmap-write", "unit": "byte", "unit_quantity": "bytes",
                       "throughput": True, "headline_counters": [], "plots": []},
        "flag-switch": {"family": "flag-switch", "unit": "switch", "unit_quantity": "switches"},
        "access": {"family": "access", "unit": "access", "unit_quantity": "accesses",
                   "throughput": False, "headline_counters": ["dtlb_misses"],
                   "plots": [{"id": "access-working-set", "title": "Time per access by working set",
                              "kind": "lines", "x": "working_set", "series": [],
                              "y": "time_per_unit", "where": {}, "log_x": True},
                             {"id": "access-tlb", "title": "dTLB misses per access",
                              "kind": "bars", "x": "working_set", "series": [],
                              "y": "dtlb_misses", "where": {}, "log_x": False},
                             {"id": "access-flushes", "title": "TLB flushes per access",
                              "kind": "bars", "x": "working_set", "series": [],
                              "y": "tlb_flushes", "where": {}, "log_x": False}]},
    }
    return doc


if __name__ == "__main__":
    main()
