# shellcheck shell=bash
# $cache_dir and $prog come from the caller, ak_* and as_* go to it, and
# '$(FILENAME)' is apt's format string, not the shell's.
# shellcheck disable=SC2154,SC2034,SC2016
# lab/archive.sh: Debian's kernels from any suite, through the lab's own apt
# configuration. Sourced by lab/daxlab, lab/build-kernel and lab/kernels;
# needs $cache_dir, $prog, die and progress from the caller.
#
# The lab never touches the system's apt configuration: it keeps a sources
# list, package lists and apt's cache under $cache_dir/archive and gives apt
# those paths with -o options (Dir::Etc::sourcelist, Dir::State::lists,
# Dir::Cache). Release files are verified by apt against the Debian archive
# keyring, as the system's own apt does.
#
# Debian packages the kernel two ways:
# - "image": linux-image-6.1.0-47-amd64 holds boot/vmlinuz-<release> and
#   lib/modules/<release> (with modules.dep);
# - "split" (trixie-backports 7.x, sid): linux-image-7.3.4+deb13-amd64 is a
#   meta package depending on linux-binary-7.3.4+deb13-amd64
#   (usr/lib/modules/<release>/vmlinuz) and linux-modules-7.3.4+deb13-amd64
#   (usr/lib/modules/<release>/kernel/**.ko.xz, no modules.dep: depmod makes it),
#   both depending on linux-base-7.3.4+deb13-amd64 (the kernel's config,
#   modules.builtin and modules.order under usr/lib/modules/<release>).
# The index (archive/index-v3.tsv, remade when the lists change) has one line
# per kernel image and source package: kind upstream package version suite
# layout parts (v2: the split parts name linux-base too).

archive_suites=(bookworm bookworm-updates bookworm-backports trixie trixie-updates trixie-backports sid)
archive_security_suites=(bookworm-security trixie-security)
archive_keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# Lists older than this are fetched again before a kernel is looked up.
archive_max_age_s=$((24 * 3600))

archive_dir() { echo "$cache_dir/archive"; }

# archive_opts: the apt options that point apt at the lab's own configuration.
archive_opts() {
  local d
  d=$(archive_dir)
  printf '%s\n' -o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=- \
    -o "Dir::State::lists=$d/lists" -o "Dir::Cache=$d/cache"
  ((EUID == 0)) && printf '%s\n' -o APT::Sandbox::User=root
  return 0
}
archive_apt() {
  local tool=$1 opts
  shift
  mapfile -t opts < <(archive_opts)
  "$tool" -q "${opts[@]}" "$@"
}

# The mirror the system already uses for Debian (an apt-cacher or a local
# mirror stays in use); DAXLAB_MIRROR and DAXLAB_SECURITY_MIRROR override.
archive_system_uri() {
  local want=$1 uri
  uri=$({
    cat /etc/apt/sources.list 2>/dev/null
    cat /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null
  } | grep -oE '(https?|file)://[^ ]+' | grep -E "/${want}/?\$" | sed -n 1p || true)
  echo "${uri%/}"
}
archive_write_sources() {
  local mirror=${DAXLAB_MIRROR:-} security=${DAXLAB_SECURITY_MIRROR:-} s
  [[ -n $mirror ]] || mirror=$(archive_system_uri debian)
  [[ -n $mirror ]] || mirror=http://deb.debian.org/debian
  [[ -n $security ]] || security=$(archive_system_uri debian-security)
  [[ -n $security ]] || security=http://deb.debian.org/debian-security
  {
    echo "# written by daxbench's lab (lab/archive.sh); the system's apt configuration is not used"
    for s in "${archive_suites[@]}"; do echo "deb [signed-by=$archive_keyring] $mirror $s main"; done
    for s in "${archive_security_suites[@]}"; do echo "deb [signed-by=$archive_keyring] $security $s main"; done
  } >"$1"
}

# archive_update [force]: fetches the package lists if they are missing,
# older than a day, or forced. A suite the mirror does not serve is skipped;
# one whose signing key the keyring lacks is named with what to install.
archive_update() {
  local force=${1:-} d stamp age log keys
  d=$(archive_dir)
  stamp=$d/lists/.updated
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
  archive_write_sources "$d/sources.list.new"
  if ! cmp -s "$d/sources.list.new" "$d/sources.list"; then
    mv "$d/sources.list.new" "$d/sources.list"
    force=1
  else
    rm -f "$d/sources.list.new"
  fi
  if [[ -z $force && -f $stamp ]]; then
    age=$(($(date +%s) - $(stat -c %Y "$stamp")))
    ((age < archive_max_age_s)) && return 0
  fi
  [[ -r $archive_keyring ]] || die "$archive_keyring not found; install debian-archive-keyring (apt-get install debian-archive-keyring)"
  progress "fetching Debian's package lists (${archive_suites[*]}) into $d"
  log=$d/update.log
  archive_apt apt-get update >"$log" 2>&1 || true
  keys=$(grep -oE 'NO_PUBKEY [0-9A-F]+' "$log" | sort -u | cut -d' ' -f2 | tr '\n' ' ' || true)
  if [[ -n $keys ]]; then
    progress "warning: some suites are signed by keys not in $archive_keyring (${keys% }); their kernels are not listed. Install a newer debian-archive-keyring (from bookworm-backports or trixie: apt-get download debian-archive-keyring from a newer suite, dpkg -i) and run '$prog kernels --update'"
  fi
  [[ -n $(archive_apt apt-get indextargets --format '$(FILENAME)' 'Identifier: Packages') ]] || {
    sed 's/^/  /' "$log" >&2
    die "apt-get update with the lab's sources list ($d/sources.list) fetched no package list"
  }
  touch "$stamp"
  rm -f "$d/index-v3.tsv"
}

# archive_index: prints the index, building it from the lists when they changed.
archive_index() {
  local d
  d=$(archive_dir)
  if [[ ! -s $d/index-v3.tsv || $d/lists/.updated -nt $d/index-v3.tsv ]]; then
    archive_build_index >"$d/index-v3.tsv.tmp" && mv "$d/index-v3.tsv.tmp" "$d/index-v3.tsv"
  fi
  cat "$d/index-v3.tsv"
}
archive_build_index() {
  # A split kernel (7.x) whose parts the suites do not all carry at its
  # version cannot be fetched (trixie-backports listed linux-image-7.0.13
  # while its linux-modules and linux-base were not there): "broken", never
  # the newest of its release, refused by name with the part missing.
  archive_index_rows | awk -F'\t' '!seen[$3 "\t" $4]++' | awk -F'\t' -v OFS='\t' '
    $1 == "part" { have[$3 "=" $4] = 1; next }
    { rows[++n] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        split(rows[i], f, "\t")
        if (f[1] == "image" && f[6] == "split") {
          k = split(f[7], parts, ",")
          for (j = 1; j <= k; j++) if (!((parts[j] "=" f[4]) in have)) f[6] = "broken"
          rows[i] = f[1] OFS f[2] OFS f[3] OFS f[4] OFS f[5] OFS f[6] OFS f[7]
        }
        print rows[i]
      }
    }' | sort -t$'\t' -k1,1 -k2,2V -k4,4V
}
archive_index_rows() {
  local f suite
  # apt knows where it put each suite's Packages index and how it is
  # compressed (lz4, gz or plain, by apt.conf): ask it, and let it decompress.
  while read -r f suite; do
    [[ -f $f ]] || continue
    /usr/lib/apt/apt-helper cat-file "$f" | awk -v suite="$suite" '
      function flush() {
        if (pkg ~ /^linux-image-[0-9][^ ]*-amd64(-unsigned)?$/ && pkg !~ /-(cloud|rt)-amd64/) {
          layout = "image"; parts = pkg
          if (match(dep, /linux-binary-[^ ,]*/)) {
            layout = "split"; parts = substr(dep, RSTART, RLENGTH)
            if (match(dep, /linux-modules-[^ ,]*/)) parts = parts "," substr(dep, RSTART, RLENGTH)
            if (match(dep, /linux-base-[^ ,]*/)) parts = parts "," substr(dep, RSTART, RLENGTH)
          }
          print "image", up(ver), pkg, ver, suite, layout, parts
        } else if (pkg ~ /^linux-source-[0-9.]+$/) {
          print "source", up(ver), pkg, ver, suite, "source", pkg
        } else if (pkg ~ /^linux-(binary|modules|base)-[0-9]/) {
          print "part", up(ver), pkg, ver, suite, "part", pkg
        }
        pkg = ""; ver = ""; dep = ""
      }
      function up(v) { sub(/^[0-9]+:/, "", v); sub(/-[^-]*$/, "", v); return v }
      /^Package: / { pkg = $2 }
      /^Version: / { ver = $2 }
      /^(Pre-)?Depends: / { dep = dep " " $0 }
      /^$/ { flush() }
      END { flush() }
    ' OFS='\t'
  done < <(archive_apt apt-get indextargets --format '$(FILENAME) $(RELEASE)' 'Identifier: Packages')
}

# archive_rows KIND [V]: the index rows of KIND (image: no rc kernels; or
# source) whose upstream version is V or V.x (7.3 -> 7.3.4; 7.2.1 is not
# 7.2.13), every one without V; oldest first, as the index is sorted.
archive_rows() {
  local kind=$1 v=${2:-}
  archive_index | awk -F'\t' -v k="$kind" -v v="$v" \
    '$1 == k && !(k == "image" && $2 ~ /~rc|-rc/) && (v == "" || $2 == v || index($2, v ".") == 1)'
}

# archive_resolve_kernel WHAT VALUE: sets ak_package ak_version ak_suite
# ak_layout ak_parts for --kernel-package NAME, --kernel-version V or the
# default (WHAT=default: the newest packaged release). Returns 1 if unknown.
archive_resolve_kernel() {
  local what=$1 value=${2:-} row
  case $what in
  package) row=$(archive_rows image | awk -F'\t' -v p="$value" '$3 == p' | tail -1) ;;
  # A version names the signed image; its -unsigned twin is the same kernel.
  # Neither takes a broken upload (archive_build_index).
  version) row=$(archive_rows image "$value" | awk -F'\t' '$3 !~ /-unsigned$/ && $6 != "broken"' | tail -1) ;;
  default) row=$(archive_rows image | awk -F'\t' '$3 !~ /-unsigned$/ && $6 != "broken"' | tail -1) ;;
  esac
  [[ -n $row ]] || return 1
  IFS=$'\t' read -r _ _ ak_package ak_version ak_suite ak_layout ak_parts <<<"$row"
}

# archive_resolve_source SPEC: linux-source-7.3 (newest), linux-source-7.2=VERSION
# (that package version) or an upstream version (7.2.9, 7.3). Sets as_package
# as_version as_suite. Returns 1 if unknown.
archive_resolve_source() {
  local spec=$1 row
  if [[ $spec == linux-source-*=* ]]; then
    row=$(archive_rows source | awk -F'\t' -v p="${spec%%=*}" -v v="${spec#*=}" '$3 == p && $4 == v' | tail -1)
  elif [[ $spec == linux-source-* ]]; then
    row=$(archive_rows source | awk -F'\t' -v p="$spec" '$3 == p' | tail -1)
  else
    row=$(archive_rows source "$spec" | tail -1)
  fi
  [[ -n $row ]] || return 1
  IFS=$'\t' read -r _ _ as_package as_version as_suite _ _ <<<"$row"
}

# archive_download DIR PKG=VERSION...: apt-get download into DIR.
archive_download() {
  local dir=$1
  shift
  (cd "$dir" && archive_apt apt-get download "$@" >download.log 2>&1) || {
    sed 's/^/  /' "$dir/download.log" >&2
    return 1
  }
}
