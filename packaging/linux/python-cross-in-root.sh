#!/usr/bin/env bash
# CPython 3.13 for the arm64 build root, cross-compiled (scripts/linux-package.sh --arch arm64 runs it once;
# the result is cached). Compiling it under qemu emulation instead would take hours here (packaging/README.md).
#
#   python-cross-in-root.sh target   in the arm64 Debian 11 root (emulated): the packages python-in-root.sh
#                                    installs in the x86_64 build root (tools, headers, Qt's runtime libraries)
#   python-cross-in-root.sh cross    in a throwaway overlay of the x86_64 build root, the arm64 root mounted
#                                    at /target: the cross compiler and the arm64 headers of that same list,
#                                    then the same Debian source and configuration as python-in-root.sh (shared
#                                    libpython, rpath), built with that root's /opt/python3.13 as the build
#                                    Python, installed into /target/opt/python3.13
set -euo pipefail
: "${MIRROR:?the Debian mirror}"
host=aarch64-linux-gnu
# The one list of packages: python-in-root.sh's `apt-get install` (copied beside this script).
packages=$(sed -n '/^apt-get install/,/dev\/null/p' /root/python-in-root.sh |
  sed 's/apt-get install -y -qq --no-install-recommends//; s/> \/dev\/null//; s/\\//' | tr -s ' \n' ' ')
apt-get update -qq
if [ "${1:?usage: python-cross-in-root.sh target|cross}" = target ]; then
  apt-get install -y -qq --no-install-recommends $packages > /dev/null
  exit 0
fi
headers=$(printf '%s\n' $packages | grep -- '-dev$' | grep -vx dpkg-dev | sed 's/$/:arm64/')
dpkg --add-architecture arm64 && apt-get update -qq
apt-get install -y -qq --no-install-recommends crossbuild-essential-arm64 $headers > /dev/null
# trixie's python3.13: the version of the build Python (a cross build needs the same 3.x).
echo "deb-src $MIRROR trixie main" > /etc/apt/sources.list.d/trixie-src.list && apt-get update -qq
mkdir -p /build/python-cross && cd /build/python-cross && apt-get source -qq --download-only python3.13 > /dev/null
tar xf python3.13_*.orig.tar.xz && cd "$(find . -maxdepth 1 -type d -name '[Pp]ython*3.13*' | head -1)"
# A cross configure cannot run its test programs: /dev/ptmx and working getaddrinfo (IPv6) are said here.
PKG_CONFIG_LIBDIR=/usr/lib/$host/pkgconfig:/usr/share/pkgconfig ./configure -q --host=$host \
  --build=x86_64-linux-gnu --with-build-python=/opt/python3.13/bin/python3.13 --prefix=/opt/python3.13 \
  --enable-shared --with-ensurepip=no --enable-ipv6 ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no \
  LDFLAGS="-Wl,-rpath,/opt/python3.13/lib" > /dev/null
make -s -j"$(nproc)" > make.log 2>&1 || { tail -40 make.log; exit 1; }
# A module that failed to build for the target would be missing from the app.
if grep -A3 'Failed to build these modules' make.log; then exit 1; fi
make -s altinstall DESTDIR=/target > install.log 2>&1 || { tail -40 install.log; exit 1; }
