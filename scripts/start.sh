#!/usr/bin/env bash
# Quick start: install evaldesk when needed, then open the window.
#   bash scripts/start.sh             the window on a built-in example form
#   bash scripts/start.sh FORM.evd    the window on that form (paths as seen from where you are)
# The first run installs (Debian packages, .venv); later runs install nothing unless pyproject.toml or
# the version changed, and start at once, offline.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/system-deps.sh" app
bash "$repo/scripts/venv.sh"
[ $# -gt 0 ] || set -- --example
exec "$repo/.venv/bin/evaldesk" "$@"
