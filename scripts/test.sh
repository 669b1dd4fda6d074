#!/usr/bin/env bash
# Install everything the tests need (Debian packages and Python packages), then run the whole suite,
# heavy end-to-end tests included. Pass pytest options through, e.g. `-m "not heavy"` for a quick run.
# Everything the tests write to the temp folder (their tmp_path folders, the frozen build, sockets,
# LibreOffice profiles) goes into one folder that is removed afterwards (EVALDESK_KEEP_TMP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test,build
export QT_QPA_PLATFORM=offscreen
tmp=$(mktemp -d "${TMPDIR:-/tmp}/evaldesk-tests.XXXXXX")
if [ -n "${EVALDESK_KEEP_TMP:-}" ]; then
  echo "test.sh: temporary files kept in $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT
fi
status=0
TMPDIR="$tmp" .venv/bin/python -m pytest --basetemp "$tmp/pytest" "$@" || status=$?
exit "$status"
