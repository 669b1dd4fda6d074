#!/usr/bin/env bash
# Quick start: install evaldesk and open the window on the built-in example form.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh app
bash scripts/venv.sh
exec .venv/bin/evaldesk --example "$@"
