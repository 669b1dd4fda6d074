#!/usr/bin/env bash
# Inside the Debian 11 build root, every build: a fresh venv on /opt/python3.13 with evaldesk's
# dependencies and PyInstaller, then packaging/evaldesk.spec on the source copied to /build/src.
# The frozen folder lands in /build/dist/evaldesk, the versions used in /build/dist/versions.txt.
set -euo pipefail
rm -rf /build/venv /build/dist /build/work
/opt/python3.13/bin/python3.13 -m venv /build/venv
/build/venv/bin/python -m pip install -q --disable-pip-version-check -r /build/requirements.txt 2>&1 |
  grep -v "is ignored: it is neither" >&2 || true
cd /build/src
/build/venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath /build/dist --workpath /build/work \
  packaging/evaldesk.spec
/build/venv/bin/python -m pip freeze --disable-pip-version-check > /build/dist/versions.txt
/build/venv/bin/python -c "import sys; print(sys.version.split()[0])" > /build/dist/python-version.txt
