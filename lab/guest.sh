#!/bin/bash
# The variables come from config.sh, written by lab/daxlab.
# shellcheck disable=SC2154
# daxlab guest side: runs inside the guest as root, chrooted into the host's
# read-only root (see lab/init), with the job export at /run/daxlab.
#
# It turns each emulated NVDIMM into an fsdax namespace, makes a PMD-friendly
# filesystem on it, mounts it under /mnt/daxlab, then runs the user's command
# in the host's working directory (a writable 9p export mounted at the same
# absolute path) and records its exit status for lab/daxlab before powering off.
set -u
job=/run/daxlab
# Written by lab/daxlab: mode, kver, cwd, build_dir, moddir, mounts[], cmd[],
# term_rows/term_cols, and the exported environment.
# shellcheck source=/dev/null
source "$job/config.sh"

log() { echo "daxlab-guest: $*" >/dev/console; }
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
step_start=$(cut -d' ' -f1 /proc/uptime)
log "userspace up at ${step_start} s guest uptime"

mount -t tmpfs -o mode=1777 tmpfs /tmp || die "cannot mount tmpfs on /tmp"
mount -t tmpfs -o mode=0755 tmpfs /mnt || die "cannot mount tmpfs on /mnt"
mount -t tmpfs -o mode=1777 tmpfs /dev/shm 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# The guest kernel's modules, so modprobe works for anything the lab did not load.
# (Only where the host has a /lib/modules to mount over: the root is read-only.)
if [[ -n $moddir && -d /lib/modules ]]; then
  if ! { mount -t tmpfs -o mode=0755 tmpfs /lib/modules &&
    mkdir -p "/lib/modules/$kver" && mount --bind "$moddir" "/lib/modules/$kver"; }; then
    log "cannot bind the modules of $kver on /lib/modules (modprobe will not find them)"
  fi
fi
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=mmap daxlab-cwd "$cwd" ||
  die "cannot mount the writable export of $cwd"

# Each mount has its own NVDIMM, in the order lab/daxlab declared them; a
# label-less NVDIMM comes up as a raw namespace (no DAX), so reconfigure it as
# fsdax with its memmap in RAM ("--map=mem") and 2 MiB alignment for PMD faults.
for i in "${!mounts[@]}"; do
  m=${mounts[$i]}            # e.g. /mnt/daxlab/xfs-always
  name=${m##*/}              # xfs-always
  fs=${name%-always}         # xfs
  dax=inode
  [[ $name == *-always ]] && dax=always
  out=$(ndctl create-namespace -f -e "namespace$i.0" --mode=fsdax --map=mem --align=2M 2>&1) ||
    die "ndctl create-namespace on namespace$i.0 failed: $out"
  dev=$(sed -n 's/.*"blockdev":"\([^"]*\)".*/\1/p' <<<"$out" | head -1)
  [[ -b /dev/$dev ]] || die "ndctl created no block device for namespace$i.0: $out"
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
  mkdir -p "$m"
  mount -t "$fs" -o "dax=$dax" "/dev/$dev" "$m" 2>"$job/mount.err" ||
    die "mount -o dax=$dax /dev/$dev $m failed: $(cat "$job/mount.err")"
  # xfs: an extent size hint on the root directory, inherited by every file
  # and directory created below it, keeps file extents 2 MiB-aligned.
  [[ $fs == xfs ]] && xfs_io -c "extsize 2m" "$m"
  chmod 1777 "$m"
  printf '%s %s %s dax=%s\n' "$m" "/dev/$dev" "$fs" "$dax" >>"$job/mounts"
  log "$m: $fs on /dev/$dev, dax=$dax, at $(cut -d' ' -f1 /proc/uptime) s"
done
rm -f "$job/mkfs.err" "$job/mount.err"

export PATH="$build_dir:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export DAXLAB_TARGETS="${mounts[*]}"
export TMPDIR=/tmp
cd "$cwd" || die "cannot enter $cwd"
ready=$(cut -d' ' -f1 /proc/uptime)
log "ready at ${ready} s guest uptime"
echo "$ready" >"$job/ready"

# Find a virtio-serial port by the name lab/daxlab gave it.
port() {
  local p
  for p in /sys/class/virtio-ports/*; do
    [[ $(cat "$p/name" 2>/dev/null) == "$1" ]] && { echo "/dev/${p##*/}"; return 0; }
  done
  return 1
}

if [[ $mode == shell ]]; then
  stty -F /dev/console rows "$term_rows" cols "$term_cols" 2>/dev/null
  echo "daxlab: pmem mounted at ${mounts[*]} (also in \$DAXLAB_TARGETS); exit the shell to power off" >/dev/console
  setsid -c bash -i </dev/console >/dev/console 2>&1
  rc=$?
else
  out_port=$(port daxlab-stdout) || die "no virtio-serial port daxlab-stdout"
  err_port=$(port daxlab-stderr) || die "no virtio-serial port daxlab-stderr"
  "${cmd[@]}" </dev/null >"$out_port" 2>"$err_port"
  rc=$?
fi
echo "$rc" >"$job/status"
log "command exited with status $rc"
dmesg >"$job/dmesg" 2>/dev/null
poweroff_now
