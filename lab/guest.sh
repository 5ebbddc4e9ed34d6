#!/bin/bash
# The variables come from config.sh, written by lab/daxlab.
# shellcheck disable=SC2154
# daxlab guest side: runs inside the guest as root, chrooted into the host's
# read-only root, after lab/init mounted /proc, /sys, /dev, /tmp, /mnt, tracefs,
# the job export at /run/daxlab, the host's working directory (writable, same
# absolute path) and every pmem filesystem whose image was already formatted.
#
# It formats and mounts the remaining NVDIMMs (first boot of a layout, or
# --kernel with images it can't use), then runs the user's command in the
# working directory and records its exit status for lab/daxlab before powering
# off. In "format" mode it only formats, for lab/daxlab to cache the images.
set -u
job=/run/daxlab
# Written by lab/daxlab: mode, kver, cwd, build_dir, mounts[], cmd[],
# term_rows/term_cols, and the exported environment.
# shellcheck source=/dev/null
source "$job/config.sh"

log() { echo "daxlab-guest: $*" >/dev/console; }
uptime_s() { local u _; read -r u _ </proc/uptime; echo "$u"; }
poweroff_now() {
  sync
  echo o >/proc/sysrq-trigger
  sleep 30
  echo c >/proc/sysrq-trigger
}
die() {
  log "$*"
  echo "$*" >"$job/error"
  dmesg >"$job/dmesg" 2>/dev/null
  poweroff_now
}
is_mounted() {
  local dev mp _
  while read -r dev mp _; do [[ $mp == "$1" ]] && return 0; done </proc/mounts
  return 1
}

# dax_block_device I: the block device of pmem device I, made DAX-capable; prints
# its name. A label-less NVDIMM comes up as a raw namespace (no DAX), so it is
# reconfigured as fsdax with its memmap in RAM ("--map=mem") and 2 MiB
# alignment for PMD faults. A virtio-pmem region's raw namespace is DAX as it
# is: the driver asks for struct pages (ND_REGION_PAGEMAP in
# drivers/nvdimm/virtio_pmem.c), so nd_pmem maps them in RAM, like --map=mem.
dax_block_device() {
  local i=$1 out dev n=0
  if [[ $pmem_device == virtio-pmem ]]; then
    dev=pmem$i
    # libnvdimm registers namespaces asynchronously.
    while [[ ! -b /dev/$dev ]] && ((n++ < 100)); do sleep 0.05; done
    [[ -b /dev/$dev ]] || die "virtio-pmem device $i: no /dev/$dev (is the virtio_pmem module loaded?)"
    [[ $(cat "/sys/block/$dev/queue/dax" 2>/dev/null) == 1 ]] ||
      die "virtio-pmem /dev/$dev is not DAX-capable (/sys/block/$dev/queue/dax is not 1)"
    echo "$dev"
    return
  fi
  out=$(ndctl create-namespace -f -e "namespace$i.0" --mode=fsdax --map=mem --align=2M 2>&1) ||
    die "ndctl create-namespace on namespace$i.0 failed: $out"
  dev=$(sed -n 's/.*"blockdev":"\([^"]*\)".*/\1/p' <<<"$out" | head -1)
  [[ -b /dev/$dev ]] || die "ndctl created no block device for namespace$i.0: $out"
  echo "$dev"
}

# format_nvdimm I FS MOUNTPOINT: makes the filesystem on pmem device I and
# prepares its root directory. Prints the block device name.
format_nvdimm() {
  local i=$1 fs=$2 m=$3 dev xfs_d
  dev=$(dax_block_device "$i") || exit 1
  case $fs in
  # PMD faults need 2 MiB-aligned extents (fs/dax.c: dax_iomap_pmd_fault
  # falls back to PTEs otherwise): a 2 MiB stripe unit makes the allocators
  # align, and lazy init is done now so no background zeroing disturbs runs.
  ext4) mkfs.ext4 -q -F -b 4096 -E stride=512,stripe_width=512,lazy_itable_init=0,lazy_journal_init=0 "/dev/$dev" >/dev/null 2>"$job/mkfs.err" ;;
  # mkfs.xfs wants a 64 MiB log, which must fit in one allocation group:
  # small devices get 2 AGs instead of the default 4.
  xfs)
    xfs_d=su=2m,sw=1
    (($(blockdev --getsize64 "/dev/$dev") < 1 << 30)) && xfs_d+=,agcount=2
    mkfs.xfs -q -f -K -m reflink=0 -d "$xfs_d" -l size=64m "/dev/$dev" >/dev/null 2>"$job/mkfs.err"
    ;;
  *) die "unsupported filesystem $fs" ;;
  esac || die "mkfs.$fs on /dev/$dev failed: $(head -1 "$job/mkfs.err")"
  rm -f "$job/mkfs.err"
  mkdir -p "$m"
  mount -t "$fs" "/dev/$dev" "$m" || die "mount /dev/$dev $m failed after mkfs.$fs"
  # xfs: an extent size hint on the root directory, inherited by every file
  # and directory created below it, keeps file extents 2 MiB-aligned. It is
  # stored in the filesystem, so cached images keep it.
  if [[ $fs == xfs ]]; then xfs_io -c "extsize 2m" "$m" || die "xfs_io extsize 2m on $m failed"; fi
  chmod 1777 "$m"
  umount "$m" || die "umount $m failed"
  echo "$dev"
}

log "userspace up at $(uptime_s) s"
for i in "${!mounts[@]}"; do
  m=${mounts[$i]}            # e.g. /mnt/daxlab/xfs-always
  name=${m##*/}              # xfs-always
  fs=${name%-always}         # xfs
  dax=inode
  [[ $name == *-always ]] && dax=always
  if is_mounted "$m"; then
    dev=pmem$i
  else
    dev=$(format_nvdimm "$i" "$fs" "$m") || exit 1
    [[ $mode == format ]] && continue
    mount -t "$fs" -o "dax=$dax" "/dev/$dev" "$m" 2>"$job/mount.err" ||
      die "mount -o dax=$dax /dev/$dev $m failed: $(cat "$job/mount.err")"
    rm -f "$job/mount.err"
    log "$m: formatted $fs on /dev/$dev at $(uptime_s) s"
  fi
  printf '%s /dev/%s %s dax=%s\n' "$m" "$dev" "$fs" "$dax" >>"$job/mounts"
done
if [[ $mode == format ]]; then
  sync
  echo 0 >"$job/status"
  log "formatted at $(uptime_s) s"
  dmesg >"$job/dmesg" 2>/dev/null
  poweroff_now
fi

export PATH="$build_dir:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export DAXLAB_TARGETS="${mounts[*]}"
export TMPDIR=/tmp
cd "$cwd" || die "cannot enter $cwd"

# Find a virtio-serial port by the name lab/daxlab gave it.
port() {
  local p n
  for p in /sys/class/virtio-ports/*; do
    read -r n <"$p/name" 2>/dev/null && [[ $n == "$1" ]] && { echo "/dev/${p##*/}"; return 0; }
  done
  return 1
}

# hold_perf_keys: starts daxlab-perf-keys (lab/perf_keys.cc) with every vCPU
# but the boot CPU offline, so the perf jump labels in __schedule and the
# fault path are patched once, with nothing running beside the patching:
# multi-threaded TCG let a vCPU execute a removed int3 of that patching
# (docs/lab.md, "Known problem"). With one vCPU there is no race, and nothing
# is held, so deterministic instruction counts stay those of a perf-free
# kernel. Recorded in DAXBENCH_LAB, hence in every results file.
hold_perf_keys() {
  local holder=$build_dir/daxlab-perf-keys f cpus=() line=''
  for f in /sys/devices/system/cpu/cpu[1-9]*/online; do
    [[ -f $f && $(<"$f") == 1 ]] && cpus+=("$f")
  done
  ((${#cpus[@]})) || return 0
  if [[ ! -x $holder ]]; then
    log "warning: no $holder (build the daxlab-perf-keys target): perf jump labels are patched while all vCPUs run"
    return 0
  fi
  # devtmpfs has no /dev/fd, which bash's process substitution needs.
  [[ -e /dev/fd ]] || ln -s /proc/self/fd /dev/fd
  for f in "${cpus[@]}"; do echo 0 >"$f" || die "cannot take ${f%/online} offline to hold the perf jump labels"; done
  exec {keys_fd}< <(exec setsid "$holder" </dev/null 2>/dev/console)
  read -r -u "$keys_fd" line
  exec {keys_fd}<&-
  for f in "${cpus[@]}"; do echo 1 >"$f" || die "cannot bring ${f%/online} back online"; done
  [[ $line == held* ]] || die "daxlab-perf-keys failed: ${line:-no output}"
  log "$line (with ${#cpus[@]} vCPUs offline) at $(uptime_s) s"
  DAXBENCH_LAB+="; perf jump labels held from boot"
  export DAXBENCH_LAB
}
hold_perf_keys

ready=$(uptime_s)
log "ready at $ready s"
echo "$ready" >"$job/ready"
if [[ $mode == shell ]]; then
  stty -F /dev/console rows "$term_rows" cols "$term_cols" 2>/dev/null
  echo "daxlab: pmem mounted at ${mounts[*]} (also in \$DAXLAB_TARGETS); exit the shell to power off" >/dev/console
  setsid -c bash -i </dev/console >/dev/console 2>&1
  rc=$?
else
  out_port=$(port daxlab-stdout) || die "no virtio-serial port daxlab-stdout"
  err_port=$(port daxlab-stderr) || die "no virtio-serial port daxlab-stderr"
  # At its --timeout lab/daxlab writes "stop" to the daxlab-ctl port: the
  # command gets SIGTERM (daxbench then writes what finished) and a grace
  # period before the host ends the guest. A blocking read: no polling that
  # would cost the guest instructions while it measures.
  "${cmd[@]}" </dev/null >"$out_port" 2>"$err_port" &
  cmd_pid=$!
  watcher=''
  if ctl_port=$(port daxlab-ctl); then
    (
      read -r request <"$ctl_port" && [[ $request == stop ]] || exit 0
      log "--timeout: SIGTERM to the command (pid $cmd_pid) at $(uptime_s) s"
      uptime_s >"$job/stopped"
      kill -TERM "$cmd_pid" 2>/dev/null
    ) &
    watcher=$!
  fi
  # A kernel that oopses under the command can leave it stuck for good (its
  # threads wait on a lock the dead task held). daxbench names the report and
  # ends within 20 s (bench/kernel_log.h); a command still running 30 s after
  # an Oops is given up: the guest powers off without a status and lab/daxlab
  # says why. (A hung task or a lockup may pass: daxbench and --timeout judge
  # those.) dmesg blocks in read(2) until the kernel logs: nothing runs while
  # the command measures.
  # dmesg writes into a FIFO the watcher reads, not a pipeline: a pipeline
  # would wait for dmesg, which never ends, after the watcher has.
  kmsg_fifo=/tmp/daxlab-kmsg
  rm -f "$kmsg_fifo"
  mkfifo "$kmsg_fifo"
  (
    dmesg --follow-new --kernel >"$kmsg_fifo" 2>/dev/null &
    dmesg_pid=$!
    while IFS= read -r line; do
      case $line in
      *"] Oops"* | *"BUG: kernel NULL pointer"* | *"BUG: unable to handle"* | *"kernel BUG at"* | *"] general protection fault"*) ;;
      *) continue ;;
      esac
      echo "$line" >"$job/kernel-report"
      log "kernel report while the command ran: $line"
      sleep 30
      kill "$dmesg_pid" 2>/dev/null
      exit 0
    done <"$kmsg_fifo"
    exit 1
  ) &
  kernel_watch=$!
  ended=''
  wait -n -p ended "$cmd_pid" "$kernel_watch"
  rc=$?
  if [[ $ended == "$kernel_watch" && $rc == 0 ]]; then
    log "the command had not ended 30 s after the kernel's report: powering off"
    uptime_s >"$job/kernel-stuck"
    dmesg >"$job/dmesg" 2>/dev/null
    poweroff_now
  fi
  if [[ $ended == "$kernel_watch" ]]; then
    wait "$cmd_pid"
    rc=$?
  fi
  kill "$kernel_watch" 2>/dev/null
  [[ -n $watcher ]] && kill "$watcher" 2>/dev/null
fi
echo "$rc" >"$job/status"
log "command exited with status $rc"
dmesg >"$job/dmesg" 2>/dev/null
poweroff_now
