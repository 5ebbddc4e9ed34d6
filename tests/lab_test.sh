#!/usr/bin/env bash
# Lab integration tests (ctest label `lab`, declared in tests/lab.cmake).
#   tests/lab_test.sh TEST SOURCE_DIR BINARY_DIR LAB_PROBE
# Each test boots lab/daxlab and asserts what the guest kernel did; a lab that
# cannot boot fails the test. Logs: BINARY_DIR/lab-logs/TEST/.
set -euo pipefail

test_name=$1 src=$2 bin=$3 probe=$4
daxlab=$src/lab/daxlab
logs=$bin/lab-logs/$test_name
rm -rf "$logs"
mkdir -p "$logs"
work=$(mktemp -d "$bin/lab-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() {
  echo "FAIL lab.$test_name: $*" >&2
  exit 1
}
# lab OUT ERR ARGS...: runs daxlab with the test build first on the guest PATH;
# sets rc and elapsed_s.
lab() {
  local out=$1 err=$2 t0
  shift 2
  t0=$(date +%s)
  rc=0
  "$daxlab" "${@:1:1}" --build "$bin" "${@:2}" >"$out" 2>"$err" || rc=$?
  elapsed_s=$(($(date +%s) - t0))
  sed 's/^/  stdout| /' "$out"
  sed 's/^/  stderr| /' "$err"
}

case $test_name in
cli)
  # Bad input: exit status 2 and a one-line error, before any boot.
  expect_usage_error() {
    local rc=0
    "$daxlab" "$@" >"$work/out" 2>"$work/err" || rc=$?
    ((rc == 2)) || fail "daxlab $* exited $rc, expected 2 ($(cat "$work/err"))"
    (($(wc -l <"$work/err") == 1)) || fail "daxlab $*: expected a one-line error, got: $(cat "$work/err")"
    grep -q '^daxlab: ' "$work/err" || fail "daxlab $*: error does not start with 'daxlab: '"
    echo "ok   daxlab $* -> exit 2: $(cat "$work/err")"
  }
  expect_usage_error
  expect_usage_error bogus
  expect_usage_error run
  expect_usage_error run --bogus -- true
  expect_usage_error run --smp zero -- true
  expect_usage_error run --fs btrfs -- true
  expect_usage_error run --accel hvf -- true
  expect_usage_error run --pmem-size 100M -- true
  expect_usage_error run --numa 2 --pmem-node 2 -- true
  expect_usage_error run --pmem-device cxl -- true
  expect_usage_error run --pmem-device virtio-pmem --pmem-node 1 -- true
  expect_usage_error run --kernel /nonexistent/bzImage -- true
  expect_usage_error run --kernel-version 7 -- true
  expect_usage_error run --kernel-version 7.3 --kernel-package linux-image-7.3.4+deb13-amd64 -- true
  expect_usage_error run --kernel-package 'linux-image-7.3;rm' -- true
  expect_usage_error run --grace soon -- true
  expect_usage_error run --deterministic --accel kvm -- true
  expect_usage_error shell -- true
  "$daxlab" --help >"$work/help"
  for want in 'lab/daxlab run --' '--kernel-package' '--kernel-version' '--pmem-device' '--grace' '--deterministic' 'DAXLAB_TARGETS' 'Examples:'; do
    grep -q -- "$want" "$work/help" || fail "--help does not mention $want"
  done
  echo "ok   daxlab --help has usage and examples"
  ;;

kernel_behaviour)
  # One boot, both filesystems: statx per inode mode, PMD faults via fs_dax
  # tracepoints, MAP_SYNC, and the FS_XFLAG_DAX switch at last close.
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout 500 -- sh -c \
    "\"$probe\" check ext4 /mnt/daxlab/ext4 /mnt/daxlab/ext4-always; a=\$?; \"$probe\" check xfs /mnt/daxlab/xfs /mnt/daxlab/xfs-always; b=\$?; exit \$((a | b))"
  ((rc == 0)) || fail "the probe failed in the guest (exit $rc)"
  for fs in ext4 xfs; do
    n=$(grep -c "^ok   $fs " "$work/out" || true)
    ((n >= 16)) || fail "$fs: only $n passing checks, expected 16"
  done
  ! grep -q '^FAIL' "$work/out" || fail "failed checks: $(grep '^FAIL' "$work/out")"
  grep -q "^ok   xfs dax-always: 2 MiB-aligned write faults over 16 MiB: pmd NOPAGE=8 FALLBACK=0 other=0 pte=0" "$work/out" ||
    fail "no PMD fault line for xfs dax-always"
  grep -q "^ok   ext4 dax-inode: 2 MiB-aligned write faults over 16 MiB: pmd NOPAGE=8 FALLBACK=0 other=0 pte=0" "$work/out" ||
    fail "no PMD fault line for ext4 dax-inode"
  ;;

daxbench_env)
  [[ -x $bin/daxbench ]] || fail "$bin/daxbench is not built"
  # daxlab adds --target for every lab mount; the NVDIMMs sit on guest node 1.
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout 300 -- daxbench env
  ((rc == 0)) || fail "daxbench env failed in the guest (exit $rc)"
  for m in /mnt/daxlab/ext4 /mnt/daxlab/ext4-always /mnt/daxlab/xfs /mnt/daxlab/xfs-always; do
    node=$(awk -v t="target $m" '$0 == t {in_t = 1; next} /^target / {in_t = 0} in_t && $1 == "numa_node" {print $2}' "$work/out")
    [[ $node == 1 ]] || fail "daxbench env --target $m: numa_node '$node', expected 1"
    echo "ok   $m: numa_node 1"
  done
  grep -Eq '^lab +qemu .*emulated NVDIMM fsdax' "$work/out" || fail "daxbench env shows no 'lab' description from DAXBENCH_LAB"
  echo "ok   lab description recorded"
  ;;

daxbench_modes)
  [[ -x $bin/daxbench ]] || fail "$bin/daxbench is not built"
  # All four inode modes on both filesystems through the daxbench CLI; the
  # results file is written under the working directory and must land here.
  mkdir -p results
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout 500 -- daxbench run --config "$src/tests/lab_tiny.ini" \
    --modes pagecache,dax-inode,dax-inode-off,dax-always --out results/lab.json
  ((rc == 0)) || fail "daxbench run failed in the guest (exit $rc)"
  [[ -s results/lab.json ]] || fail "results/lab.json did not reach the host working directory"
  for fs in ext4 xfs; do
    for mode in pagecache dax-inode dax-inode-off dax-always; do
      grep -q "\"name\": \"[^\"]*/$mode/${fs}[/\"]" results/lab.json || fail "no benchmark for $mode on $fs in results/lab.json"
    done
  done
  ! grep -q '"error_occurred": true' results/lab.json || fail "some scenarios failed or were skipped: $(grep -o '"error_message": "[^"]*"' results/lab.json | head -3)"
  echo "ok   results/lab.json has all four modes on ext4 and xfs, none skipped"
  grep -q '"lab": "qemu ' results/lab.json || fail "results context has no lab description"
  echo "ok   results context records the lab"
  ;;

timeout_keeps_results)
  [[ -x $bin/daxbench ]] || fail "$bin/daxbench is not built"
  # A benchmark whose iteration never returns (DAXBENCH_TEST_STALL=stuck:
  # blocked for good with every signal masked, as a fault the kernel never
  # completes would be) and no --benchmark-timeout: only the lab's --timeout
  # ends the run. daxbench gets SIGTERM first and writes what finished; the
  # guest is then killed after --grace. Nothing finished may be lost.
  stuck='dax-inode/xfs/threads:1/size:8MiB'
  mkdir -p results
  # exec: the lab's SIGTERM goes to the guest command's process, daxbench.
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout 180 --grace 15 -- sh -c \
    'set --; for t in $DAXLAB_TARGETS; do set -- "$@" --target "$t"; done
     DAXBENCH_TEST_STALL="stuck:'"$stuck"'" exec daxbench run --config '"$src"'/tests/lab_tiny.ini \
       --modes dax-inode --benchmark-timeout 0 --out results/kept.json "$@"'
  ((rc == 124)) || fail "daxlab exited $rc, expected 124 (--timeout)"
  [[ -s results/kept.json ]] || fail "no results file: the finished benchmarks were lost at --timeout"
  finished=$(grep -c '"run_type": "iteration"' results/kept.json || true)
  ((finished >= 1)) || fail "results/kept.json holds no finished benchmark"
  grep -q '"incomplete": true' results/kept.json || fail "results/kept.json does not say it is incomplete"
  ! grep -q "\"name\": \"[^\"]*$stuck\"" results/kept.json ||
    grep -q '"error_occurred": true' results/kept.json || fail "the stuck benchmark is recorded as if it had finished"
  echo "ok   --timeout on a stuck benchmark: exit 124, $finished finished benchmarks kept, incomplete: true"
  ;;

kernel_log)
  [[ -x $bin/daxbench ]] || fail "$bin/daxbench is not built"
  mkdir -p results
  # 1. A real kernel report during a benchmark fails it with the kernel's
  # line, and the run goes on: with the hung-task detector at 2 s
  # (kernel/hung_task.c), daxbench's write faults block in
  # sb_start_pagefault (ext4_page_mkwrite) while fsfreeze holds the ext4
  # filesystem for 8 s, so the kernel logs "INFO: task daxbench:PID blocked
  # for more than 2 seconds." during the second benchmark.
  # shellcheck disable=SC2016 # expanded by the guest's shell
  lab "$work/out" "$work/err" run --log-dir "$logs/hung" --timeout 500 -- sh -c \
    'echo 2 >/proc/sys/kernel/hung_task_timeout_secs
     daxbench run --target /mnt/daxlab/ext4 --modes pagecache --access read,write --size 64MiB \
       --events none --benchmark_min_time=1 --benchmark_repetitions=8 --out results/hung.json 2>progress.txt &
     pid=$!
     until grep -q "^\[2/2\]" progress.txt 2>/dev/null; do sleep 0.2; done
     sleep 1; fsfreeze -f /mnt/daxlab/ext4; sleep 8; fsfreeze -u /mnt/daxlab/ext4
     wait $pid'
  ((rc == 1)) || fail "daxlab exited $rc, expected 1 (a benchmark failed): $(tail -3 "$work/err")"
  write_error=$(grep -o '"error_message": "[^"]*"' results/hung.json | sort -u)
  [[ $write_error == '"error_message": "failed: the kernel reported during this benchmark: ['*'] INFO: task daxbench:'*' blocked for more than 2 seconds."' ]] ||
    fail "the benchmarks do not fail with the kernel's hung-task line alone: '$write_error'"
  grep -q '"run_name": "fault/write/[^"]*",' results/hung.json || fail "no write benchmark in results/hung.json"
  reads=$(grep -c '"name": "fault/read/[^"]*",' results/hung.json || true)
  ((reads >= 8)) || fail "the read benchmark, before the freeze, kept $reads of 8 repetitions"
  echo "ok   a hung task during a benchmark fails it: $write_error"

  # 2. A guest that panics during a benchmark keeps every benchmark that
  # finished before (written after each one), and lab/daxlab names the one
  # it died in. The second benchmark never returns (DAXBENCH_TEST_STALL).
  stuck='dax-inode/xfs/threads:1/size:8MiB'
  lab "$work/out" "$work/err" run --log-dir "$logs/panic" --timeout 300 -- sh -c \
    'DAXBENCH_TEST_STALL="stuck:'"$stuck"'" daxbench run --config '"$src"'/tests/lab_tiny.ini \
       --target /mnt/daxlab/xfs --modes dax-inode --benchmark-timeout 0 --out results/panic.json &
     until [ -s results/panic.json ]; do sleep 0.2; done
     sleep 2; echo c >/proc/sysrq-trigger; sleep 600'
  ((rc == 125)) || fail "daxlab exited $rc for a guest that panicked, expected 125"
  grep -q "the guest died while running the command (panic or power loss) during benchmark [^ ]*$stuck" "$work/err" ||
    fail "daxlab does not name the benchmark the guest died in: $(grep 'guest died' "$work/err")"
  finished=$(grep -c '"run_type": "iteration"' results/panic.json || true)
  ((finished >= 1)) || fail "results/panic.json holds no finished benchmark"
  grep -q '"incomplete_reason": "written after each finished benchmark' results/panic.json ||
    fail "results/panic.json does not say the run died"
  echo "ok   a guest panic during a benchmark: exit 125, $finished finished repetitions kept, the benchmark named"
  ;;

virtio_pmem)
  [[ -x $bin/daxbench ]] || fail "$bin/daxbench is not built"
  # One boot with virtio-pmem devices instead of NVDIMMs: no NFIT, the raw
  # namespaces are the DAX devices, ext4 and xfs mount dax=inode and
  # dax=always; DAX 4 KiB write faults run (statx-verified by daxbench,
  # counted by fs_dax:dax_pte_fault_done) and the MAP_SYNC scenarios are
  # skipped with the kernel's refusal (the device is not synchronous).
  mkdir -p results
  # shellcheck disable=SC2016 # expanded by the guest's shell
  lab "$work/out" "$work/err" run --pmem-device virtio-pmem --log-dir "$logs" --timeout 900 -- sh -c \
    'grep " /mnt/daxlab/" /proc/mounts | sed "s/^/mount /"
     ls /sys/firmware/acpi/tables | sed "s/^/acpi_table /"
     for b in /sys/bus/nd/devices/ndbus*; do echo "nd_provider $(cat $b/provider)"; done
     for p in /sys/block/pmem*; do echo "pmem ${p##*/} dax=$(cat $p/queue/dax) numa_node=$(cat $p/device/numa_node)"; done
     set --; for t in $DAXLAB_TARGETS; do set -- "$@" --target "$t"; done
     daxbench run --config '"$src"'/tests/lab_virtio_pmem.ini --out results/vp.json "$@"'
  ((rc == 0)) || fail "the lab run with --pmem-device virtio-pmem failed (exit $rc)"
  ! grep -q '^acpi_table NFIT$' "$work/out" || fail "the guest has an ACPI NFIT: the NVDIMMs came up, not virtio-pmem"
  n=$(grep -c '^nd_provider virtio-pmem$' "$work/out" || true)
  ((n == 4)) || fail "expected 4 nvdimm buses from virtio-pmem, found $n"
  echo "ok   no NFIT; 4 nvdimm buses with provider virtio-pmem"
  # QEMU gives virtio-pmem no node; the guest picks one (0 on 7.3, -1 on 6.1).
  n=$(grep -c '^pmem pmem[0-9] dax=1 numa_node=-\?[0-9]$' "$work/out" || true)
  ((n == 4)) || fail "expected 4 DAX-capable pmem devices, found $n"
  echo "ok   4 DAX-capable /dev/pmemN, $(grep -m1 -o 'numa_node=.*' "$work/out")"
  for fs in ext4 xfs; do
    for dax in inode always; do
      m=/mnt/daxlab/$fs
      [[ $dax == always ]] && m+=-always
      line=$(grep "^mount /dev/pmem[0-9] $m $fs " "$work/out") || fail "$m: no $fs mount on a /dev/pmemN"
      dev=$(awk '{print $2}' <<<"$line")
      grep -q "^pmem ${dev#/dev/} dax=1 " "$work/out" || fail "$dev: /sys/block queue/dax is not 1"
      # dax=inode is the default, which xfs does not show (fs/xfs/xfs_super.c: xfs_showargs).
      if [[ $dax == always ]]; then
        grep -q "[ ,]dax=always[ ,]" <<<"$line" || fail "$m is not mounted dax=always: $line"
      else
        ! grep -qE "[ ,]dax=(always|never)[ ,]" <<<"$line" || fail "$m is not mounted dax=inode: $line"
      fi
      echo "ok   $m: $fs on $dev (DAX-capable), dax=$dax"
    done
  done
  grep -q '"lab": "qemu .* virtio-pmem (no NFIT' results/vp.json || fail "the results' lab description does not say virtio-pmem"
  echo "ok   DAXBENCH_LAB says virtio-pmem"
  # Per benchmark (top-level objects of "benchmarks", keys sorted): the name,
  # dax_pte_faults_total and error_message.
  awk '/^    \{/ {n = ""; f = "-"; e = ""}
       /^      "name": / {n = $2}
       /^      "dax_pte_faults_total": / {f = $2}
       /^      "error_message": / {sub(/^      "error_message": /, ""); e = $0}
       /^    \}/ && n != "" {print n, f, e; n = ""}' results/vp.json | tr -d '",' >"$work/benchmarks"
  cat "$work/benchmarks"
  for fs in ext4 xfs; do
    for mode in dax-always dax-inode; do
      read -r _ faults err < <(grep "^fault/write/shared/pte/.*/$mode/$fs/" "$work/benchmarks") ||
        fail "no fault/write/shared/pte benchmark for $mode on $fs"
      [[ -z $err ]] || fail "fault/write/shared/pte $mode $fs did not run: $err"
      if ! [[ $faults =~ ^[0-9.]+$ ]] || ! awk -v f="$faults" 'BEGIN {exit !(f >= 512)}'; then
        fail "fault/write/shared/pte $mode $fs: fs_dax:dax_pte_fault_done counted $faults, expected 512 per 2 MiB pass"
      fi
      echo "ok   fault pte $mode $fs ran on DAX: $faults dax_pte_fault_done"
      for sync in "fault/write/sync/pte/" "mmap-write/.*/flush/"; do
        why=$(grep -m1 "^$sync.*/$mode/$fs/" "$work/benchmarks" | cut -d' ' -f3-)
        [[ $why == *"skipped: "*"MAP_SYNC refused by the kernel (EOPNOTSUPP): the DAX device is not synchronous (virtio-pmem)" ]] ||
          fail "$sync $mode $fs: expected a skip naming the kernel's MAP_SYNC refusal, got '$why'"
      done
      echo "ok   MAP_SYNC scenarios $mode $fs skipped: ${why#skipped: }"
    done
  done
  ;;

panic)
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout 200 -- sh -c 'echo c >/proc/sysrq-trigger; sleep 600'
  ((rc != 0)) || fail "daxlab exited 0 for a panicked guest"
  ((elapsed_s < 200)) || fail "daxlab took $elapsed_s s, past its --timeout 200"
  grep -q 'Kernel panic' "$work/err" || fail "the console tail on stderr does not show the panic"
  echo "ok   panicked guest: exit $rc after $elapsed_s s with the console tail"
  ;;

hang)
  # At --timeout the command gets SIGTERM first (daxbench writes what it
  # finished then); this one records that in the host's working directory,
  # then ignores the rest, so the guest is killed after --grace. The timeout
  # counts from QEMU's start: it leaves room for a slow boot.
  timeout_s=120 grace_s=10
  cat >"$work/hang.sh" <<'EOF'
trap 'echo "kept after SIGTERM" >kept; trap "" TERM' TERM
echo started >started
while :; do sleep 1; done
EOF
  lab "$work/out" "$work/err" run --log-dir "$logs" --timeout $timeout_s --grace $grace_s -- bash hang.sh
  ((rc == 124)) || fail "daxlab exited $rc for a hanging guest command, expected 124"
  [[ -f $work/started ]] || fail "the guest command never started (boot slower than --timeout $timeout_s?)"
  [[ $(cat "$work/kept" 2>/dev/null) == "kept after SIGTERM" ]] || fail "the guest command got no SIGTERM at --timeout (nothing written)"
  ((elapsed_s >= timeout_s + grace_s)) || fail "daxlab killed the guest after $elapsed_s s, before --timeout $timeout_s + --grace $grace_s"
  ((elapsed_s <= timeout_s + grace_s + 15)) || fail "daxlab took $elapsed_s s with --timeout $timeout_s --grace $grace_s"
  grep -q "did not finish within --timeout $timeout_s s, nor within --grace $grace_s s of SIGTERM" "$work/err" ||
    fail "no timeout message on stderr"
  pgrep -f "$logs/console.log" >/dev/null && fail "QEMU still runs after the timeout"
  echo "ok   hanging guest: SIGTERM at --timeout (the command wrote its file), killed after --grace: exit 124 after $elapsed_s s"
  ;;

deterministic)
  # Two separate boots with -icount: the guest clock counts instructions, so
  # the same fault loop must cost the same within 1 %.
  for boot in 1 2; do
    lab "$work/out$boot" "$work/err$boot" run --deterministic --log-dir "$logs/boot$boot" --timeout 400 -- sh -c \
      "echo clock=\$DAXBENCH_CLOCK; \"$probe\" time-faults /mnt/daxlab/ext4-always 10 && \"$probe\" time-faults /mnt/daxlab/xfs-always 10"
    ((rc == 0)) || fail "boot $boot: the fault loop failed in the guest (exit $rc)"
    grep -qx 'clock=instruction-ns' "$work/out$boot" || fail "boot $boot: DAXBENCH_CLOCK is not instruction-ns"
  done
  n1=$(grep -c '_fault_ns ' "$work/out1" || true)
  ((n1 == 4)) || fail "expected 4 timings per boot, got $n1"
  paste -d' ' <(grep '_fault_ns ' "$work/out1") <(grep '_fault_ns ' "$work/out2") |
    awk '{d = ($4 - $2) / $2 * 100; if (d < 0) d = -d;
          printf "%s  %s: boot 1 %.1f, boot 2 %.1f instruction-ns per fault, %.3f %% apart\n", (d <= 1 ? "ok  " : "FAIL"), $1, $2, $4, d;
          if (d > 1 || $1 != $3) bad = 1} END {exit bad}' || fail "deterministic boots differ by more than 1 %"
  ;;

*)
  fail "unknown lab test '$test_name'"
  ;;
esac
echo "PASS lab.$test_name"
