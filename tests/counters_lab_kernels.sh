#!/usr/bin/env bash
# ctest counters_lab_kernels (label lab): the lab tests of counters that
# depend on the kernel (tests/counters_lab_test.cc: LabHandlers.*, the
# handler counters; LabFaultPath.*, the fault-path counters) on Debian's 6.1,
# 6.12 and 7.3, each the newest packaged point release
# (`lab/daxlab run --kernel-version`; daxlab fetches it with its own apt
# configuration, from whichever suite has it). One boot each.
#   tests/counters_lab_kernels.sh SOURCE_DIR BINARY_DIR COUNTERS_LAB_TEST
set -euo pipefail
src=$1 bin=$2 test_binary=$3
filter='LabHandlers.*:LabFaultPath.*'
expected_tests=3 # LabHandlers.* (2) and LabFaultPath.* (1) in counters_lab_test.cc
logs=$bin/lab-logs/counters_lab_kernels
mkdir -p "$logs"

status=0
for kernel in 6.1 6.12 7.3; do
  out=$logs/$kernel.out
  t0=$(date +%s)
  rc=0
  "$src/lab/daxlab" run --quiet --build "$bin" --timeout 900 --log-dir "$logs/$kernel" \
    --kernel-version "$kernel" -- "$test_binary" --gtest_filter="$filter" >"$out" 2>&1 || rc=$?
  cat "$out"
  elapsed=$(($(date +%s) - t0))
  # A run that skipped or matched nothing must not pass: gtest exits 0 then.
  if ((rc != 0)); then
    echo "FAIL counters_lab_kernels: kernel $kernel: exit $rc after ${elapsed}s (logs: $logs/$kernel)" >&2
    status=1
  elif ! grep -q "\[  PASSED  \] $expected_tests tests" "$out" || grep -q '\[  SKIPPED \]' "$out"; then
    echo "FAIL counters_lab_kernels: kernel $kernel: not all $expected_tests tests ran and passed" >&2
    status=1
  else
    echo "ok   counters_lab_kernels: kernel $kernel: ${elapsed}s"
  fi
done
exit $status
