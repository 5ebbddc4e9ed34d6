#!/usr/bin/env bash
# Kernel A/B lab tests (ctest label `lab`, declared in tests/kernel_lab.cmake):
# newer and self-built kernels, the known-answer A/B, trend and bisect.
#   tests/kernel_lab_test.sh TEST SOURCE_DIR BINARY_DIR KNOWN_ANSWER_CHECK PROFILE_DELTA_CHECK
# Logs and results: BINARY_DIR/kernel-lab/TEST/.
set -euo pipefail

test_name=$1 src=$2 bin=$3 check=$4 profile_check=${5:-}
lab=$src/lab/daxlab
work=$bin/kernel-lab/$test_name
rm -rf "$work"
mkdir -p "$work"
cd "$work"
export DAXLAB_BUILD=$bin
t0=$(date +%s)

fail() {
  echo "FAIL lab.$test_name: $*" >&2
  exit 1
}
note() { echo "[$(($(date +%s) - t0)) s] $*"; }
# The scenario set of the known-answer and bisect checks: 4 KiB and 2 MiB DAX
# write faults and their page-cache control on ext4 (configs/known-answer.ini).
scenario=(daxbench run --config "$src/configs/known-answer.ini" --modes dax-inode,dax-inode-off)
# The threshold the known-answer checks use: deterministic mode repeats
# boot to boot within a few tenths of a percent (docs/lab.md).
threshold=1
base_build() { "$lab" build-kernel -q --source linux-source-6.12 "$@"; }
# run_tiny WHAT RELEASE_RE KERNEL_ARGS...: boots, checks uname -r against
# RELEASE_RE and that tests/lab_tiny.ini ran its 4 DAX benchmarks (pte, pmd on
# ext4 and xfs) without an error. Sets n.
run_tiny() {
  local what=$1 re=$2
  shift 2
  "$lab" run "$@" -- sh -c \
    'uname -r > uname.txt; set --; for t in $DAXLAB_TARGETS; do set -- "$@" --target "$t"; done
     daxbench run --config '"$src"'/tests/lab_tiny.ini --modes dax-inode --out r.json "$@"' ||
    fail "the lab run on $what failed"
  grep -q "$re" uname.txt || fail "guest kernel is $(cat uname.txt), expected $re"
  n=$(grep -c '"run_type": "iteration"' r.json || true)
  ((n >= 4)) || fail "expected 4 DAX benchmarks (pte, pmd x ext4, xfs) on $what, found $n"
  ! grep -q '"error_occurred": true' r.json || fail "a benchmark failed on $what: $(grep -m1 error_message r.json)"
}

case $test_name in
kernel_cli)
  expect_usage_error() {
    local rc=0
    "$lab" "$@" >"$work/out" 2>"$work/err" || rc=$?
    ((rc == 2)) || fail "daxlab $* exited $rc, expected 2 ($(cat "$work/err"))"
    (($(wc -l <"$work/err") == 1)) || fail "daxlab $*: expected a one-line error, got: $(cat "$work/err")"
    echo "ok   daxlab $* -> exit 2: $(cat "$work/err")"
  }
  expect_usage_error build-kernel
  expect_usage_error build-kernel --source linux-source-6.12 --tree /
  expect_usage_error build-kernel --source 'linux-source-6.12;rm'
  expect_usage_error build-kernel --tree /nonexistent
  expect_usage_error build-kernel --tree /etc
  expect_usage_error build-kernel --source linux-source-6.12 --patch /nonexistent.patch
  expect_usage_error build-kernel --source linux-source-6.12 --patch /etc/hostname
  expect_usage_error build-kernel --source linux-source-6.12 --jobs 0
  expect_usage_error ab --base linux-image-6.1.0-56-amd64
  expect_usage_error ab --base linux-image-6.1.0-56-amd64 --new /nonexistent -- daxbench run
  expect_usage_error ab --base 7 --new 7.3 -- daxbench run
  expect_usage_error build-kernel --source 7
  expect_usage_error build-kernel --source 'linux-source-7.3=1;rm'
  expect_usage_error ab --base linux-image-6.1.0-56-amd64 --new linux-image-6.1.0-47-amd64 -- sh -c true
  expect_usage_error ab --base linux-image-6.1.0-56-amd64 --new linux-image-6.1.0-47-amd64 --rounds 0 -- daxbench run
  expect_usage_error ab --base linux-image-6.1.0-56-amd64 --new linux-image-6.1.0-47-amd64 -- daxbench run --out x.json
  expect_usage_error ab --base linux-image-6.1.0-56-amd64 --new linux-image-6.1.0-47-amd64 -o /tmp/elsewhere -- daxbench run
  expect_usage_error trend --kernels linux-image-6.1.0-56-amd64 -- daxbench run
  expect_usage_error trend --kernels 6.1,6.12 --names a,a -- daxbench run
  expect_usage_error trend --kernel 6.1 --kernel 6.1 -- daxbench run
  expect_usage_error trend --kernels 6.1,6.12 --no-such-option -- daxbench run
  expect_usage_error trend --kernels 6.1,6.12 daxbench run
  expect_usage_error trend --kernels 6.1,6.12 --names 'a,b c' -- daxbench run
  expect_usage_error trend --kernels 6.1,6.12 --modules-for 6.1=/ -- daxbench run
  expect_usage_error trend --kernels 6.1,6.12 --fs btrfs -- daxbench run
  expect_usage_error bisect --tree "$src" --good HEAD
  expect_usage_error bisect --tree /etc --good a --bad b -- daxbench run
  expect_usage_error bisect --tree "$src" --good HEAD --bad HEAD -- daxbench run
  expect_usage_error bisect --tree "$src" --good HEAD --bad HEAD~1 -- daxbench run
  expect_usage_error bisect --tree "$src" --good no-such-rev --bad HEAD -- daxbench run
  for c in build-kernel ab trend bisect; do
    "$lab" "$c" --help >"$work/help" || fail "daxlab $c --help failed"
    grep -q 'Examples:' "$work/help" || fail "daxlab $c --help has no examples"
  done
  ;;

kernel_package_6_12)
  # The newest Debian 6.12 kernel package boots and DAX is effective on both filesystems.
  pkg=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' | awk '{print $1}' | sort -V | tail -1)
  [[ -n $pkg ]] || fail "apt-cache lists no linux-image-6.12.*-amd64-unsigned package (apt-get update?)"
  note "booting $pkg"
  run_tiny "$pkg" '^6\.12\.' --kernel-package "$pkg"
  note "ok: $pkg ($(cat uname.txt)) ran $n DAX benchmarks"
  ;;

kernel_package_7_3)
  # The newest packaged 7.3 (trixie-backports, the split layout: a meta
  # package over linux-binary and linux-modules) boots by --kernel-version
  # alone, found and fetched through the lab's own apt configuration, which
  # leaves the system's apt configuration and lists as they were.
  apt_state() { find /etc/apt /var/lib/apt/lists -maxdepth 2 -printf '%p %s %T@\n' 2>/dev/null | sort | sha256sum; }
  before=$(apt_state)
  "$lab" kernels --update 7.3 >kernels.txt || fail "daxlab kernels 7.3 failed"
  cat kernels.txt
  grep -qE '^7\.3\.[0-9]+ .* trixie-backports +linux-image-7\.3\.[0-9]+\+deb13-amd64 +split ' kernels.txt ||
    fail "daxlab kernels lists no split-layout 7.3 package from trixie-backports"
  run_tiny "--kernel-version 7.3" '^7\.3\.[0-9]*+deb13-amd64$' --kernel-version 7.3
  [[ $(apt_state) == "$before" ]] || fail "/etc/apt or /var/lib/apt/lists changed"
  note "ok: $(cat uname.txt) ran $n DAX benchmarks; /etc/apt and /var/lib/apt/lists unchanged"
  ;;

build_kernel)
  # Builds linux-source-6.12 with the lab fragment (the fixture the other
  # tests share), boots it with --kernel alone (no modules), and shows that a
  # one-file patch rebuilds incrementally.
  note "building linux-source-6.12 (a full build on a cold cache)"
  bz=$(base_build) || fail "build-kernel --source linux-source-6.12 failed"
  [[ -s $bz ]] || fail "build-kernel printed '$bz', not a file"
  info=$(dirname "$bz")/build-info.txt
  note "built: $(sed -n 's/^describe: //p' "$info")"
  for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=y' "$src/lab/kernel/lab.config"); do
    grep -qx "$opt" "$(dirname "$bz")/config" || fail "$opt missing from the built config"
  done
  again=$("$lab" build-kernel --source linux-source-6.12 2>"$work/again.err") || fail "second build-kernel failed"
  [[ $again == "$bz" ]] || fail "the same source built twice gave two bzImages ($bz, $again)"
  grep -q '^daxlab build-kernel: cached' "$work/again.err" || fail "the second build was not taken from the cache: $(cat "$work/again.err")"
  note "booting it with --kernel alone (everything built in)"
  run_tiny "the built kernel" '^6\.12\.[0-9]*-daxlab$' --kernel "$bz"
  note "incremental build with a one-file patch (fs/dax.c)"
  t1=$(date +%s)
  pbz=$(base_build --patch "$src/lab/patches/known-answer/pte-cost-1pct.patch") || fail "patched build failed"
  dt=$(($(date +%s) - t1))
  [[ $pbz != "$bz" ]] || fail "the patched build returned the unpatched bzImage"
  log=$(dirname "$pbz")/build.log
  compiled=$(grep -c '^  CC ' "$log" || true)
  note "patched build: ${dt} s, $compiled objects compiled ($log)"
  ((compiled < 40)) || fail "a one-file patch recompiled $compiled objects: not incremental"
  grep -q 'fs/dax.o' "$log" || fail "the patched build did not recompile fs/dax.o"
  ;;

known_answer)
  # Planted regressions must be found at the size planted, and nothing else:
  # a (DAX 4 KiB fault cost, 5 %), b (PMD faults forced to fall back), A/A.
  base=$(base_build) || fail "base build failed"
  a=$(base_build --patch "$src/lab/patches/known-answer/pte-cost-5pct.patch") || fail "build of patch a failed"
  b=$(base_build --patch "$src/lab/patches/known-answer/pmd-fallback.patch") || fail "build of patch b failed"
  note "builds ready"
  for run in "a $a pte-cost 5" "b $b pmd-fallback" "aa $base same"; do
    read -r name kernel kind pct <<<"$run"
    note "A/B $name: ${kind}${pct:+ $pct %}"
    rc=0
    "$lab" ab --base "$base" --new "$kernel" --rounds 2 --fs ext4 --threshold "$threshold" -q -o "ab-$name" \
      -- "${scenario[@]}" >"ab-$name.txt" 2>&1 || rc=$?
    ((rc == 0)) || { tail -30 "ab-$name.txt"; fail "daxlab ab for $name exited $rc"; }
    "$check" "ab-$name/compare.json" "$kind" ${pct:+"$pct"} || fail "known answer $name not found (ab-$name/compare.txt)"
  done
  note "all three known answers found"
  ;;

trend)
  # lab/daxlab trend over three kernels in three boots (one round each,
  # deterministic, ext4, five repetitions: with 5 + 5 samples a change can be
  # significant, with 3 + 3 it cannot): the base, the base again (A/A) and the
  # base with the 5 % DAX PTE cost. The A/A pair must show no change point; the
  # planted pair exactly one per DAX 4 KiB row, the rows the cost touches.
  base=$(base_build) || fail "base build failed"
  a=$(base_build --patch "$src/lab/patches/known-answer/pte-cost-5pct.patch") || fail "build of patch a failed"
  note "builds ready; 3 boots"
  rc=0
  "$lab" trend --kernel "$base" --kernel "$base" --kernel "$a" --names base,base2,a --rounds 1 --fs ext4 \
    --threshold "$threshold" -o trend -- "${scenario[@]}" --benchmark_repetitions=5 >trend.out 2>trend.err || rc=$?
  grep '^daxlab trend: round' trend.err || true
  # The compares first, so that a failed report/ still shows them judged.
  ((rc == 0)) || tail -30 trend.err
  for f in trend.txt rounds/base-1.json rounds/base2-1.json rounds/a-1.json base.json base2.json a.json \
    compare-base-vs-base2.{json,md,txt} compare-base2-vs-a.{json,md,txt}; do
    [[ -s trend/$f ]] || fail "trend wrote no $f (status $rc)"
  done
  "$check" trend/compare-base-vs-base2.json same || fail "the A/A pair changed (trend/compare-base-vs-base2.txt)"
  "$check" trend/compare-base2-vs-a.json pte-cost 5 || fail "the planted cost was not found (trend/compare-base2-vs-a.txt)"
  ((rc == 0)) || fail "daxlab trend exited $rc: $(tail -1 trend.err)"
  [[ -s trend/report/trend.json ]] || fail "trend wrote no report/trend.json"
  # The DAX 4 KiB rows of the scenario, from the compare; then report/trend.json.
  # perl's JSON::PP: the lab already needs perl to build kernels.
  dax_pte=$(perl -MJSON::PP -e 'local $/; my $j = decode_json(<>);
    print scalar grep { $_->{benchmark} =~ m{/pte/} && $_->{benchmark} =~ m{/dax-(inode|always)/} } @{$j->{benchmarks}}' \
    trend/compare-base2-vs-a.json) || fail "cannot read trend/compare-base2-vs-a.json"
  ((dax_pte >= 1)) || fail "the scenario has no DAX 4 KiB row"
  got=$(perl -MJSON::PP -e 'local $/; my $j = decode_json(<>); my @p = @{$j->{pairs}}; my $sum = 0;
    $sum += $_->{change_points} for @p;
    print join(" ", scalar @p, map({ "$_->{from}>$_->{to}:$_->{change_points}" } @p), $j->{change_points}, $sum)' \
    trend/report/trend.json) || fail "cannot read trend/report/trend.json"
  note "trend.json: pairs, from>to:change points, total, sum of pairs: $got; DAX 4 KiB rows: $dax_pte"
  read -r npairs p0 p1 total sum <<<"$got"
  ((npairs == 2)) || fail "trend.json has $npairs pairs, expected 2"
  [[ $p0 == "base>base2:0" ]] || fail "the A/A pair: expected base>base2:0, got $p0"
  [[ $p1 == "base2>a:$dax_pte" ]] || fail "the planted pair: expected base2>a:$dax_pte (one per DAX 4 KiB row), got $p1"
  ((total == sum)) || fail "trend.json's change_points $total is not the pairs' sum $sum"
  note "A/A: no change point; planted 5 %: $dax_pte change point(s), the DAX 4 KiB rows"
  ;;

profile_known_answer)
  # The profile deltas of the known answers (daxbench run --profile under
  # lab/daxlab ab, deterministic, 2 rounds: round 2 of the base is the A/A
  # noise reference): the 20 % DAX PTE cost names the patched function as
  # the largest grower and no page-cache function moves above noise; the
  # forced PMD fallback brings the 4 KiB path into the PMD scenario's profile (page cache: nothing above noise in both).
  base=$(base_build) || fail "base build failed"
  a=$(base_build --patch "$src/lab/patches/known-answer/pte-cost-20pct.patch") || fail "build of pte-cost-20pct failed"
  b=$(base_build --patch "$src/lab/patches/known-answer/pmd-fallback.patch") || fail "build of pmd-fallback failed"
  note "builds ready"
  for run in "a $a pte-cost" "b $b pmd-fallback"; do
    read -r name kernel kind <<<"$run"
    note "A/B with profiles $name: $kind"
    rc=0
    "$lab" ab --base "$base" --new "$kernel" --rounds 2 --fs ext4 --threshold "$threshold" -q -o "prof-$name" \
      -- "${scenario[@]}" --events none --profile >"prof-$name.txt" 2>&1 || rc=$?
    ((rc == 0)) || { tail -30 "prof-$name.txt"; fail "daxlab ab --profile for $name exited $rc"; }
    deltas=prof-$name/report/profile-deltas-run2-vs-run1.json
    [[ -s $deltas ]] || fail "no $deltas: the report has no profile deltas"
    # The function perf names for the patched code: dax_iomap_pte_fault, or
    # the function it is inlined into when the kernel has no symbol of that name.
    found=(prof-"$name"/rounds/base-1.profiles/buildid-cache/'[kernel.kallsyms]'/*/kallsyms)
    kallsyms=${found[0]}
    [[ -s $kallsyms ]] || fail "no kernel symbols in the base profile's build-id cache"
    function=dax_iomap_pte_fault
    grep -q ' dax_iomap_pte_fault$' "$kallsyms" || function=dax_iomap_fault
    note "expecting $function"
    "$profile_check" "$deltas" "$kind" "$function" || fail "profile known answer $name not found ($deltas)"
  done
  note "both profile known answers found"
  ;;

bisect)
  # A throw-away history on linux-source-6.12: four commits, the third plants
  # patch a at 20 %. Bisect must name that commit.
  base=$(base_build) || fail "base build failed"
  srcdir=$(ls -d "${DAXLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daxbench-lab}"/src/linux-source-6.12_* | sort -V | tail -1)
  [[ -f $srcdir/.complete ]] || fail "no unpacked linux-source-6.12 in the lab cache"
  repo=$work/linux
  note "making a git history from $srcdir"
  mkdir -p "$repo"
  (cd "$srcdir" && find . -mindepth 1 -maxdepth 1 ! -name .complete -exec cp -a {} "$repo/" \;)
  # gc.auto=0: no background gc still writing into the repo when it is removed.
  g() { git -C "$repo" -c user.name=daxbench -c user.email=daxbench@localhost -c gc.auto=0 "$@"; }
  g init -q
  # Debian's source ships a .gitignore that ignores everything (/*): add by force.
  g add -A -f >/dev/null
  g commit -q -m "linux-source-6.12 as Debian ships it"
  g tag base
  echo "A line a developer added." >>"$repo/Documentation/filesystems/dax.rst"
  g commit -q -am "Documentation: dax: a note"
  sed -i '0,/^#include/s//\/* a harmless comment *\/\n#include/' "$repo/fs/ext4/ioctl.c"
  g commit -q -am "ext4: a comment"
  patch -s -p1 -d "$repo" <"$src/lab/patches/known-answer/pte-cost-20pct.patch"
  g commit -q -am "dax: the planted 20 % cost in the 4 KiB fault path"
  planted=$(g rev-parse HEAD)
  sed -i '0,/^#include/s//\/* another harmless comment *\/\n#include/' "$repo/fs/xfs/xfs_ioctl.c"
  g commit -q -am "xfs: a comment"
  note "bisecting base..HEAD (4 commits)"
  rc=0
  "$lab" bisect --tree "$repo" --source linux-source-6.12 --good base --bad HEAD --fs ext4 \
    --threshold 5 -o bisect-out -- "${scenario[@]}" --benchmark_repetitions=5 >bisect.txt 2>bisect.err || rc=$?
  cat bisect.err
  ((rc == 0)) || fail "daxlab bisect exited $rc: $(tail -3 bisect.err)"
  found=$(sed -n 's/^first bad commit: \([0-9a-f]*\).*/\1/p' bisect.txt)
  [[ $found == "$planted" ]] || fail "bisect named '$(cat bisect.txt)', the planted commit is $planted"
  note "bisect named the planted commit $planted"
  rm -rf "$repo" || true
  ;;

flag_switch_race)
  # The seed's race put back (lab/patches/known-answer/flag-switch-race-xfs-6.12.patch:
  # xfs flips S_DAX on the live inode): flag-switch-stress must end the run
  # within a minute of the kernel's report, naming it, with the results kept;
  # the unpatched base build runs it clean. One run each (5 of 5 in
  # reports/known-answer/flag-switch-race/).
  race=$(base_build --patch "$src/lab/patches/known-answer/flag-switch-race-xfs-6.12.patch") ||
    fail "build-kernel with the planted race failed"
  base=$(base_build) || fail "the base build failed"
  stress=(daxbench run --family flag-switch-stress --modes dax-inode --target /mnt/daxlab/xfs)
  note "patched: $race"
  start=$(date +%s) rc=0
  "$lab" run --kernel "$race" --fs xfs --timeout 600 -- "${stress[@]}" --out patched.json \
    >patched.out 2>patched.err || rc=$?
  took=$(($(date +%s) - start))
  cat patched.err
  ((rc != 0 && rc != 124)) || fail "the planted race was not caught (daxlab exited $rc after $took s)"
  ((took < 180)) || fail "the run took $took s to end after the race, not within a minute of it"
  grep -q 'daxbench: flag-switch-stress.*the kernel reported "' patched.err ||
    fail "daxbench did not name the kernel's report"
  [[ -s patched.json ]] || fail "no results kept from the run with the race"
  grep -Eq '\] (BUG|WARNING|Oops|general protection)' patched.json ||
    fail "the results do not keep the kernel's report"
  note "patched: caught, exit $rc after $took s"
  rc=0
  "$lab" run --kernel "$base" --fs xfs --timeout 600 -- "${stress[@]}" --out base.json \
    >base.out 2>base.err || rc=$?
  cat base.err
  ((rc == 0)) || fail "the unpatched kernel failed flag-switch-stress (exit $rc)"
  ! grep -q '"error_occurred": true' base.json || fail "unpatched: $(grep -m1 error_message base.json)"
  grep -Eq '"mismatches": 0(\.0)?,' base.json || fail "unpatched: mismatches are not 0"
  ;;

*)
  fail "unknown test"
  ;;
esac
note "PASS lab.$test_name"
