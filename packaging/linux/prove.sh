#!/usr/bin/env bash
# Proves a built .deb (and its tarball beside it) in a fresh Debian 11 root, as a clerk's desktop would
# get it: bash packaging/linux/prove.sh DIST/evaldesk_VERSION_amd64.deb [ROOT_DIR]
#
# The root gets the libraries a desktop has (the .deb's Depends) and the desktop's MIME and menu tools,
# then, with no network at all (unshare -n): dpkg -i, the file type and menu entry registered by the
# desktop's own triggers, no library missing for the X11 window (UOS and Kylin desktops are X11; Qt's
# Wayland and EGLFS plugins need libraries the package does not ask for), `evaldesk-cli --version` from
# PATH, and packaging/smoke_test.py on /opt/evaldesk
# (every fixture exported and read back, the window opening a form, a second launch handing over a file,
# nothing written into the app folder). Then the tarball, unpacked and installed by a user without root.
# The smoke test's readers (openpyxl, pypdf) are installed beforehand in a venv of their own at /opt/check.
# An arm64 .deb is proven in an arm64 root, every program in it running under qemu-user emulation.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/scripts/debian-root.sh"
deb=$(realpath "${1:?usage: prove.sh PACKAGE.deb [ROOT_DIR]}")
dir=${2:-$(mktemp -d /var/tmp/evaldesk-proof.XXXXXX)}
trap 'root_remove "$dir"' EXIT
seconds() { echo $(( $(date +%s) - $1 )); }
offline() { ROOT_NET=none root_run "$dir" "$@"; }

started=$(date +%s)
root_remove "$dir"
arch=$(dpkg-deb -f "$deb" Architecture)
root_make bullseye "$dir" "" "$([ "$arch" = "$(dpkg --print-architecture)" ] || echo "$arch")"
root_enter "$dir"
depends=$(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/,/ /g')
root_run "$dir" "apt-get update -qq && apt-get install -y -qq --no-install-recommends $depends \
  shared-mime-info desktop-file-utils xz-utils python3-venv > /dev/null"
root_run "$dir" "python3 -m venv /opt/check && /opt/check/bin/pip install -q --disable-pip-version-check openpyxl pypdf \
  2>&1 | grep -v 'is ignored: it is neither' >&2 || true; /opt/check/bin/python -c 'import openpyxl, pypdf'"
mkdir -p "$dir/check/packaging" "$dir/check/tests" "$dir/check/src/evaldesk"
cp "$deb" "$dir/check/"
cp "$repo/packaging/smoke_test.py" "$dir/check/packaging/"
cp -r "$repo/tests/fixtures" "$dir/check/tests/"
cp "$repo/src/evaldesk/__init__.py" "$dir/check/src/evaldesk/"
echo "prove: fresh Debian 11 $arch root ready in $(seconds "$started") s"

started=$(date +%s)
offline "dpkg -i /check/$(basename "$deb") > /dev/null"
echo "prove: dpkg -i with no network: $(seconds "$started") s, $(du -sm "$dir/opt/evaldesk" | cut -f1) MB in /opt/evaldesk"
offline "set -e
  grep -q 'application/x-evaldesk-form=evaldesk.desktop' /usr/share/applications/mimeinfo.cache
  grep -q '<glob pattern=\"\\*.evd\"' /usr/share/mime/packages/evaldesk.xml
  test -f /usr/share/mime/application/x-evaldesk-form.xml
  desktop-file-validate /usr/share/applications/evaldesk.desktop
  grep -q '^Name\\[zh_CN\\]=绩效表填报助手' /usr/share/applications/evaldesk.desktop
  test -f /usr/share/icons/hicolor/256x256/apps/evaldesk.png
  qt=/opt/evaldesk/_internal/PySide6/Qt
  ldd \$qt/plugins/platforms/libqxcb.so \$qt/plugins/platforms/libqoffscreen.so /opt/evaldesk/_internal/PySide6/Qt*.so \
    /opt/evaldesk/_internal/libpython3*.so* | grep 'not found' && exit 1
  evaldesk-cli --version"
echo "prove: .evd type, menu entry, icon and libraries in place"
offline "/opt/check/bin/python /check/packaging/smoke_test.py /opt/evaldesk --fixtures /check/tests/fixtures --work /tmp/smoke"

machine=$(root_run "$dir" "uname -m")  # the tarball's name says it (aarch64 under emulation)
tarball=$(ls "$(dirname "$deb")"/evaldesk-*-linux-"$machine".tar.xz 2>/dev/null | head -1)
if [ -n "$tarball" ]; then
  cp "$tarball" "$dir/check/"
  offline "set -e
    useradd -m clerk
    runuser -u clerk -- tar -xJf /check/$(basename "$tarball") -C /home/clerk
    cd /home/clerk/evaldesk-*-linux-$machine
    runuser -u clerk -- sh install-user.sh
    grep -q \"Exec=\$PWD/evaldesk/evaldesk %F\" /home/clerk/.local/share/applications/evaldesk.desktop
    runuser -u clerk -- env HOME=/home/clerk ./evaldesk/evaldesk-cli export /check/tests/fixtures/selfeval-2021-newenergy.evd \
      --xlsx /home/clerk/a.xlsx --pdf /home/clerk/a.pdf
    test -s /home/clerk/a.xlsx && test -s /home/clerk/a.pdf"
  echo "prove: the tarball installs for a user without root and exports a form"
fi
echo "prove: passed"
