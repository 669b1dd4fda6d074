#!/usr/bin/env bash
# Install everything the tests need (Debian packages and Python packages), then run the whole suite,
# heavy end-to-end tests included. Pass pytest options through, e.g. `-m "not heavy"` for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test,build
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
