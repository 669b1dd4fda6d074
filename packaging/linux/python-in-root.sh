#!/usr/bin/env bash
# Inside the Debian 11 build root (scripts/linux-package.sh runs it there, once; the result is cached):
# the tools and libraries the build needs, and CPython 3.13 built from Debian's own source package
# (trixie's python3.13), installed in /opt/python3.13. Why 3.13 and not bullseye's 3.9: packaging/README.md.
set -euo pipefail
: "${MIRROR:?the Debian mirror}"
apt-get update -qq
# build-essential and the headers CPython's modules need (ssl for pip, ffi for ctypes, the compressors);
# binutils: PyInstaller reads libraries with objdump; the Qt runtime libraries, so PyInstaller finds what
# Qt's platform plugins link to, as on a desktop.
apt-get install -y -qq --no-install-recommends build-essential dpkg-dev ca-certificates xz-utils pkg-config \
  libssl-dev zlib1g-dev libffi-dev libbz2-dev liblzma-dev libsqlite3-dev uuid-dev binutils \
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-render-util0 \
  libxcb-image0 libx11-xcb1 > /dev/null
echo "deb-src $MIRROR trixie main" > /etc/apt/sources.list.d/trixie-src.list
apt-get update -qq
mkdir -p /build/python-src && cd /build/python-src
apt-get source -qq --download-only python3.13 > /dev/null
rm /etc/apt/sources.list.d/trixie-src.list && apt-get update -qq
tar xf python3.13_*.orig.tar.xz
cd "$(find . -maxdepth 1 -type d -name 'Python-3.13*' -o -maxdepth 1 -type d -name 'python3.13-*' | head -1)"
# Shared libpython (PyInstaller bundles it); the rpath lets /opt/python3.13/bin/python3.13 find it.
./configure -q --prefix=/opt/python3.13 --enable-shared --with-ensurepip=install \
  LDFLAGS="-Wl,-rpath,/opt/python3.13/lib" > /dev/null
make -s -j"$(nproc)" > make.log 2>&1 || { tail -40 make.log; exit 1; }
make -s altinstall > install.log 2>&1 || { tail -40 install.log; exit 1; }
cd / && rm -rf /build/python-src
/opt/python3.13/bin/python3.13 -c "import ssl, ctypes, lzma, bz2, zlib, sqlite3; import sys; print('python', sys.version.split()[0])"
