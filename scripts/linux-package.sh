#!/usr/bin/env bash
# The Linux x86_64 package for 信创 desktops (UOS, Kylin …), built on Debian 11 (glibc 2.31) and proven there:
#
#   bash scripts/linux-package.sh [--out DIR] [--no-proof] [--arch arm64]
#
# 1. a Debian 11 build root with CPython 3.13 built from Debian's source (cached, see below);
# 2. in it, a fresh venv with evaldesk's dependencies and PyInstaller, and packaging/evaldesk.spec;
# 3. DIR/evaldesk_VERSION_amd64.deb and DIR/evaldesk-VERSION-linux-x86_64.tar.xz (default DIR: dist/linux);
# 4. unless --no-proof: a fresh Debian 11 root with the libraries a desktop has, `dpkg -i` of the .deb
#    with no network, and packaging/smoke_test.py on the installed app, also with no network (every form
#    of tests/fixtures exported to xlsx and PDF and read back, the window opening a form, a second launch).
#
# --arch arm64: the same for arm64 (飞腾, 鲲鹏), every arm64 step run under qemu-user emulation (Debian's
# qemu-user-static and binfmt-support): an arm64 Debian 11 build root whose CPython 3.13 is cross-compiled in
# an overlay of the x86_64 build root (packaging/linux/python-cross-in-root.sh), PySide6-Essentials pinned to
# the newest release whose aarch64 wheel needs only glibc 2.31, and the proof in a fresh arm64 Debian 11 root.
# Hours the first time, about an hour with the roots cached: not part of .ci/run (packaging/README.md).
#
# Needs root, debootstrap, dpkg-deb and the Debian mirror (packaging/README.md says why and for which
# systems). The build root with its compiled Python is kept in $EVALDESK_ROOT_CACHE (default
# /var/cache/evaldesk-roots), keyed by the script that made it (packaging/linux/python-in-root.sh): the app build never writes there (its
# venv and output are under /build, wiped at each build), so a cached root is the same as a new one.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source "$repo/scripts/debian-root.sh"
out="$repo/dist/linux"; proof=1; arch=amd64
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-proof) proof=""; shift ;;
    --arch) arch=$2; shift 2 ;;
    *) echo "usage: linux-package.sh [--out DIR] [--no-proof] [--arch amd64|arm64]" >&2; exit 2 ;;
  esac
done
case "$arch" in
  amd64) pins="" ;;
  # PySide6's aarch64 wheels need glibc 2.39 from 6.8.1 on; 6.8.0.2 (cp39-abi3, so Python 3.13 too) needs 2.31.
  arm64) pins="PySide6-Essentials==6.8.0.2 shiboken6==6.8.0.2" ;;
  *) echo "linux-package: --arch amd64 or arm64" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "linux-package: run as root (debootstrap, chroot)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "linux-package: builds the Linux packages on x86_64 only" >&2; exit 2; }
if [ "$arch" = arm64 ] && ! grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
  echo "linux-package: --arch arm64 runs arm64 programs under qemu: apt-get install qemu-user-static binfmt-support" >&2
  exit 2
fi
for tool in debootstrap dpkg-deb chroot unshare; do
  command -v "$tool" >/dev/null || { echo "linux-package: $tool is missing (scripts/system-deps.sh test)" >&2; exit 2; }
done
version=$(grep -m1 '^__version__' "$repo/src/evaldesk/__init__.py" | cut -d'"' -f2)
cache=${EVALDESK_ROOT_CACHE:-/var/cache/evaldesk-roots}
key=$(sha256sum < "$repo/packaging/linux/python-in-root.sh" | cut -c1-12)
build_root="$cache/bullseye-py313-$key"
# The arm64 root: keyed by both Python recipes (its Python is cross-built in the x86_64 root).
cross_key=$(cat "$repo/packaging/linux/python-in-root.sh" "$repo/packaging/linux/python-cross-in-root.sh" | sha256sum | cut -c1-12)
app_root=$build_root; [ "$arch" = arm64 ] && app_root="$cache/bullseye-arm64-py313-$cross_key"
tmp=$(mktemp -d /var/tmp/evaldesk-package.XXXXXX)
cleanup() {  # only what this run entered (arm64: not the x86_64 root, which an x86_64 build may be using)
  root_leave "$app_root" || true
  root_leave "$app_root.partial" || true
  root_leave "$tmp/cross" || true
  mountpoint -q "$tmp/cross" && umount "$tmp/cross"
  root_remove "$tmp/proof-root" || true
  [ -z "$(root_mounts "$tmp")" ] && rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
seconds() { echo $(( $(date +%s) - $1 )); }

# 1. The build root, once per recipe.
mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9
if [ ! -e "$build_root/.ready" ]; then
  started=$(date +%s)
  root_remove "$build_root.partial"
  root_make bullseye "$build_root.partial"
  root_enter "$build_root.partial"
  cp "$repo/packaging/linux/python-in-root.sh" "$build_root.partial/root/"
  ROOT_ENV="MIRROR=$(debian_mirror)" root_run "$build_root.partial" "bash /root/python-in-root.sh"
  root_leave "$build_root.partial"
  touch "$build_root.partial/.ready"
  mv "$build_root.partial" "$build_root"
  echo "linux-package: build root with Python 3.13 made in $(seconds "$started") s ($build_root)"
fi
# arm64: the x86_64 root is only read from here on (an x86_64 build may use it meanwhile); the arm64 root's own lock.
if [ "$arch" = arm64 ]; then exec 9>&- 9> "$cache/.lock-arm64"; flock 9; fi
if [ "$arch" = arm64 ] && [ ! -e "$app_root/.ready" ]; then
  started=$(date +%s)
  # CPython cross-built in an overlay of the x86_64 build root (the cached root itself is only read),
  # installed into a staging folder.
  mkdir -p "$tmp/cross" "$tmp/cross-upper" "$tmp/cross-work" "$tmp/cross-target"
  mount -t overlay overlay -o "lowerdir=$build_root,upperdir=$tmp/cross-upper,workdir=$tmp/cross-work" "$tmp/cross"
  root_enter "$tmp/cross"
  _root_mount "$tmp/cross-target" "$tmp/cross/target"
  cp "$repo/packaging/linux/python-in-root.sh" "$repo/packaging/linux/python-cross-in-root.sh" "$tmp/cross/root/"
  ROOT_ENV="MIRROR=$(debian_mirror)" root_run "$tmp/cross" "nice -n 19 bash /root/python-cross-in-root.sh cross"
  root_leave "$tmp/cross" && umount "$tmp/cross" && rm -rf "$tmp/cross-upper" "$tmp/cross-work"
  echo "linux-package: CPython 3.13 cross-compiled for arm64 in $(seconds "$started") s"
  # The arm64 root (debootstrap's second stage and everything in it run emulated), with that Python.
  root_remove "$app_root.partial"
  nice -n 19 bash -c "source '$repo/scripts/debian-root.sh' && root_make bullseye '$app_root.partial' '' arm64"
  echo "linux-package: arm64 Debian 11 root made after $(seconds "$started") s"
  root_enter "$app_root.partial"
  cp "$repo/packaging/linux/python-in-root.sh" "$repo/packaging/linux/python-cross-in-root.sh" "$app_root.partial/root/"
  ROOT_ENV="MIRROR=$(debian_mirror)" root_run "$app_root.partial" "nice -n 19 bash /root/python-cross-in-root.sh target"
  echo "linux-package: its packages installed after $(seconds "$started") s"
  cp -a "$tmp/cross-target/opt/python3.13" "$app_root.partial/opt/"
  root_run "$app_root.partial" "/opt/python3.13/bin/python3.13 -c 'import ssl, ctypes, lzma, bz2, zlib, sqlite3, sys, platform
print(\"python\", sys.version.split()[0], platform.machine(), \"(emulated)\")'"
  root_leave "$app_root.partial"
  touch "$app_root.partial/.ready"
  mv "$app_root.partial" "$app_root"
  echo "linux-package: arm64 build root with its cross-built Python 3.13 made in $(seconds "$started") s ($app_root)"
fi

# 2. The frozen app, from the files git knows in this checkout (committed or not).
started=$(date +%s)
root_enter "$app_root"
rm -rf "$app_root/build/src" && mkdir -p "$app_root/build/src"
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$app_root/build/src"
python3 -c 'import sys, tomllib; p = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(p["dependencies"] + [d for d in p["optional-dependencies"]["build"] if d.startswith("pyinstaller")]))' \
  "$repo/pyproject.toml" > "$app_root/build/requirements.txt"
[ -z "$pins" ] || printf "%s\n" $pins >> "$app_root/build/requirements.txt"
cp "$repo/packaging/linux/app-in-root.sh" "$app_root/root/"
root_run "$app_root" "nice -n 19 bash /root/app-in-root.sh"
root_leave "$app_root"
echo "linux-package: frozen on Debian 11 $arch with Python $(cat "$app_root/build/dist/python-version.txt") in $(seconds "$started") s"

# 3. The .deb and the tarball.
started=$(date +%s)
mkdir -p "$out"
nice -n 19 python3 "$repo/packaging/linux/make_packages.py" "$app_root/build/dist/evaldesk" --version "$version" \
  --out "$out" --arch "$arch" --versions "$app_root/build/dist/versions.txt"
echo "linux-package: packages written in $(seconds "$started") s"
ls -l "$out"

# 4. The proof in a fresh Debian 11 root.
[ -n "$proof" ] || exit 0
bash "$repo/packaging/linux/prove.sh" "$out/evaldesk_${version}_$arch.deb" "$tmp/proof-root"
