#!/usr/bin/env bash
# ctest counters_lab_kernels (label lab): the handler-counter lab tests
# (tests/counters_lab_test.cc, LabHandlers.*) on Debian's default 6.1 kernel
# and on 6.12 -- the newest linux-image-6.12.*+deb12-amd64-unsigned the
# archive lists, picked now because point releases vanish. One boot each.
#   tests/counters_lab_kernels.sh SOURCE_DIR BINARY_DIR COUNTERS_LAB_TEST
set -euo pipefail
src=$1 bin=$2 test_binary=$3
expected_tests=2 # LabHandlers.* in counters_lab_test.cc
logs=$bin/lab-logs/counters_lab_kernels
mkdir -p "$logs"

pkg=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
  awk '{print $1}' | sort -V | tail -1)
if [[ -z $pkg ]]; then
  echo "FAIL counters_lab_kernels: apt-cache lists no linux-image-6.12.*+deb12-amd64-unsigned (run apt-get update)" >&2
  exit 1
fi

status=0
for kernel in default "$pkg"; do
  args=()
  [[ $kernel == default ]] || args=(--kernel-package "$kernel")
  out=$logs/$kernel.out
  t0=$(date +%s)
  rc=0
  "$src/lab/daxlab" run --quiet --build "$bin" --timeout 900 --log-dir "$logs/$kernel" \
    "${args[@]}" -- "$test_binary" --gtest_filter='LabHandlers.*' >"$out" 2>&1 || rc=$?
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
