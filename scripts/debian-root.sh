# Fresh Debian roots (debootstrap + chroot) for the Linux package build and the proofs on other
# Debian releases. Sourced by scripts/linux-package.sh and scripts/test-in-debian.sh; needs root.
#
#   root_make SUITE DIR [PACKAGE,...] [ARCH]
#                                       debootstrap --variant=minbase SUITE into DIR (about a minute); another
#                                       ARCH than the host's (arm64) runs under qemu-user-static's binfmt handler
#   root_enter DIR                      mount /proc /dev /sys, copy in the resolver, the CA bundle and pip's
#                                       configuration (its local wheel folders bind-mounted read-only)
#   root_run DIR COMMAND                run a bash command inside, with a clean environment
#                                       (ROOT_NET=none: with no network, only a loopback interface)
#   root_size DIR [DU OPTIONS]          MB on disk in DIR, mounts left out
#   root_leave DIR                      unmount everything under DIR
#   root_remove DIR                     root_leave, then delete DIR (refuses while anything is mounted)
#
# The mirror is the one this machine's apt uses (DEBIAN_MIRROR overrides it).

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' '
}

root_make() {
  local suite=$1 dir=$2 include=${3:-} arch=${4:-}
  mkdir -p "$dir"
  debootstrap --variant=minbase ${include:+--include="$include"} ${arch:+--arch="$arch"} "$suite" "$dir" \
    "$(debian_mirror)" \
    > "$dir.debootstrap.log" 2>&1 || { tail -20 "$dir.debootstrap.log" >&2; return 1; }
  rm -f "$dir.debootstrap.log"
  echo "deb $(debian_mirror) $suite main" > "$dir/etc/apt/sources.list"
}

_root_mount() {  # source target [ro]
  mkdir -p "$2"
  mountpoint -q "$2" && return 0
  mount --bind "$1" "$2"
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$2"
  return 0
}

root_enter() {
  local dir=$1 folder
  _root_mount /proc "$dir/proc"
  _root_mount /sys "$dir/sys" ro
  _root_mount /dev "$dir/dev"
  _root_mount /dev/pts "$dir/dev/pts"
  mountpoint -q /dev/shm && _root_mount /dev/shm "$dir/dev/shm"
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
  # The host's CA bundle (it trusts this network's TLS proxy) under a name the root's own packages leave alone.
  cp -L /etc/ssl/certs/ca-certificates.crt "$dir/etc/host-ca-certificates.crt"
  # pip's configuration: its files, and the local folders it points to, as on the host.
  for folder in /etc/pip.conf /etc/xdg/pip; do
    [ -e "$folder" ] && { mkdir -p "$dir$(dirname "$folder")"; cp -rL "$folder" "$dir$(dirname "$folder")/"; }
  done
  for folder in $(pip_folders); do
    _root_mount "$folder" "$dir$folder" ro
  done
}

pip_folders() {  # local folders named by the host's pip configuration (find-links, file:// indexes)
  { env | grep '^PIP_' ; cat /etc/pip.conf /etc/xdg/pip/pip.conf ~/.config/pip/pip.conf ~/.pip/pip.conf 2>/dev/null; } |
    grep -oE '(file://)?/[^ ,"]+' | sed 's|^file://||; s|/simple/*$||' | while read -r path; do
      [ -d "$path" ] && [[ "$path" != /etc* ]] && echo "$path"
    done | sort -u
}

root_run() {
  local dir=$1; shift
  local pass=() var
  for var in $(env | grep -oE '^PIP_[A-Z_]+'); do pass+=("$var=${!var}"); done
  local net=(); [ "${ROOT_NET:-}" = none ] && net=(unshare -n)
  "${net[@]}" chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "${pass[@]}" PIP_CERT=/etc/host-ca-certificates.crt \
    SSL_CERT_FILE=/etc/host-ca-certificates.crt ${ROOT_ENV:-} bash -c "$*"
}

root_mounts() {  # mount points under DIR, deepest first
  awk -v d="$(realpath "$1")/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r
}

root_size() {  # MB on disk under DIR, mounted folders left out
  local dir=$1 excludes=() point
  for point in $(root_mounts "$dir"); do excludes+=(--exclude="$point"); done
  du -sxm "${excludes[@]}" "${@:2}" "$dir" 2>/dev/null | cut -f1
}

root_leave() {
  local dir=$1 point
  [ -d "$dir" ] || return 0
  for point in $(root_mounts "$dir"); do
    umount "$point" 2>/dev/null || umount -l "$point"
  done
}

root_remove() {
  local dir=$1
  [ -d "$dir" ] || return 0
  root_leave "$dir"
  if [ -n "$(root_mounts "$dir")" ]; then
    echo "debian-root: still mounted under $dir, not removing it" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}
