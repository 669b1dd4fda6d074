#!/usr/bin/env bash
# Debian packages evaldesk needs: Qt's runtime libraries, a CJK font, and for the tests a virtual
# screen, poppler (PDF to PNG), LibreOffice (renders exported workbooks as Excel would print them) and
# binutils (PyInstaller needs objdump to build the frozen app), debootstrap (the Debian 11 package is
# built and proven in fresh Debian roots: scripts/linux-package.sh), xz-utils (the package's tarball), and
# on amd64 Wine with npm (the Windows installer is compiled and run under Wine: packaging/wine_check.sh);
# fontconfig for fc-match (tests/ui/test_font_config.py asks fontconfig what it tells Qt).
# Installs only what is missing; does nothing off Debian/Ubuntu.
set -euo pipefail
usage="usage: system-deps.sh app|test"
want=${1:?$usage}
app=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
     libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-randr0
     libxcb-render-util0 libxcb-image0 fonts-wqy-microhei python3-venv)
test=(xvfb xauth poppler-utils libreoffice-calc-nogui fonts-crosextra-carlito imagemagick x11-apps strace fonts-arphic-uming
      binutils xdotool debootstrap xz-utils fontconfig)
case "$want" in
  app) packages=("${app[@]}") ;;
  test) packages=("${app[@]}" "${test[@]}") ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian system, skipping apt" >&2; exit 0; }
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
updated=""
ensure() {
  local missing=() p status
  for p in "$@"; do
    # Debian 13 and Ubuntu 24.04 renamed some libraries for 64-bit time (libglib2.0-0 -> libglib2.0-0t64):
    # either name counts, or every start would call apt again (and need the network).
    status=$(dpkg-query -W -f='${Status}\n' "$p" "${p}t64" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "system-deps: installing ${missing[*]}" >&2
  [ -n "$updated" ] || { $sudo apt-get update -qq; updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
ensure "${packages[@]}"
# The Windows installer is checked under Wine (packaging/wine_check.sh, a heavy test): Debian's wine32
# needs the i386 architecture next to amd64, and the Inno Setup compiler comes from npm. Not in the
# Debian 13 root of scripts/test-in-debian.sh, which proves the suite on a newer Python, not Wine.
if [ "$want" = test ] && [ "$(dpkg --print-architecture)" = amd64 ] && [ -z "${EVALDESK_IN_DEBIAN_ROOT:-}" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $sudo dpkg --add-architecture i386
    updated=""  # the package lists must be read again for i386
  fi
  ensure wine wine32:i386 wine64
  command -v npm >/dev/null || ensure npm
fi
# The frozen-app tests run PyInstaller, which needs the interpreter's shared library: Debian ships it
# apart from python3, as libpython3.X. Only when the python venv.sh uses is Debian's own.
if [ "$want" = test ]; then
  python=$(command -v "${PYTHON:-python3}" || true)
  if [ -n "$python" ] && dpkg -S "$(readlink -f "$python")" >/dev/null 2>&1; then
    ensure "$("$python" -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')"
  fi
fi
