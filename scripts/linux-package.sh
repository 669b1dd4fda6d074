#!/usr/bin/env bash
# The Linux x86_64 package for 信创 desktops (UOS, Kylin …), built on Debian 11 (glibc 2.31) and proven there:
#
#   bash scripts/linux-package.sh [--out DIR] [--no-proof]
#
# 1. a Debian 11 build root with CPython 3.13 built from Debian's source (cached, see below);
# 2. in it, a fresh venv with evaldesk's dependencies and PyInstaller, and packaging/evaldesk.spec;
# 3. DIR/evaldesk_VERSION_amd64.deb and DIR/evaldesk-VERSION-linux-x86_64.tar.xz (default DIR: dist/linux);
# 4. unless --no-proof: a fresh Debian 11 root with the libraries a desktop has, `dpkg -i` of the .deb
#    with no network, and packaging/smoke_test.py on the installed app, also with no network (every form
#    of tests/fixtures exported to xlsx and PDF and read back, the window opening a form, a second launch).
#
# Needs root, debootstrap, dpkg-deb and the Debian mirror (packaging/README.md says why and for which
# systems). The build root with its compiled Python is kept in $EVALDESK_ROOT_CACHE (default
# /var/cache/evaldesk-roots), keyed by the script that made it (packaging/linux/python-in-root.sh): the app build never writes there (its
# venv and output are under /build, wiped at each build), so a cached root is the same as a new one.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source "$repo/scripts/debian-root.sh"
out="$repo/dist/linux"; proof=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-proof) proof=""; shift ;;
    *) echo "usage: linux-package.sh [--out DIR] [--no-proof]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "linux-package: run as root (debootstrap, chroot)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "linux-package: builds the x86_64 package on x86_64 only" >&2; exit 2; }
for tool in debootstrap dpkg-deb chroot unshare; do
  command -v "$tool" >/dev/null || { echo "linux-package: $tool is missing (scripts/system-deps.sh test)" >&2; exit 2; }
done
version=$(grep -m1 '^__version__' "$repo/src/evaldesk/__init__.py" | cut -d'"' -f2)
cache=${EVALDESK_ROOT_CACHE:-/var/cache/evaldesk-roots}
key=$(sha256sum < "$repo/packaging/linux/python-in-root.sh" | cut -c1-12)
build_root="$cache/bullseye-py313-$key"
tmp=$(mktemp -d /var/tmp/evaldesk-package.XXXXXX)
cleanup() {
  root_leave "$build_root" || true
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

# 2. The frozen app, from the files git knows in this checkout (committed or not).
started=$(date +%s)
root_enter "$build_root"
rm -rf "$build_root/build/src" && mkdir -p "$build_root/build/src"
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$build_root/build/src"
python3 -c 'import sys, tomllib; p = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(p["dependencies"] + [d for d in p["optional-dependencies"]["build"] if d.startswith("pyinstaller")]))' \
  "$repo/pyproject.toml" > "$build_root/build/requirements.txt"
cp "$repo/packaging/linux/app-in-root.sh" "$build_root/root/"
root_run "$build_root" "bash /root/app-in-root.sh"
root_leave "$build_root"
echo "linux-package: frozen on Debian 11 with Python $(cat "$build_root/build/dist/python-version.txt") in $(seconds "$started") s"

# 3. The .deb and the tarball.
started=$(date +%s)
mkdir -p "$out"
python3 "$repo/packaging/linux/make_packages.py" "$build_root/build/dist/evaldesk" --version "$version" --out "$out"
cp "$build_root/build/dist/versions.txt" "$out/evaldesk-$version-linux-x86_64.versions.txt"
echo "linux-package: packages written in $(seconds "$started") s"
ls -l "$out"

# 4. The proof in a fresh Debian 11 root.
[ -n "$proof" ] || exit 0
bash "$repo/packaging/linux/prove.sh" "$out/evaldesk_${version}_amd64.deb" "$tmp/proof-root"
