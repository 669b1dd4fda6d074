#!/usr/bin/env bash
# Creates .venv (once) and installs evaldesk into it, with the extras named in $1 (e.g. "test,build").
# Installs only when something changed since the last install: pyproject.toml, the package version, the
# Python, or an extra not installed yet. Otherwise it does nothing and needs no network (the install is
# editable: source changes need no reinstall). The record is .venv/.evaldesk-install.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
python=${PYTHON:-python3}
stamp=.venv/.evaldesk-install
if [ ! -x .venv/bin/python ]; then
  rm -f "$stamp"
  "$python" -m venv .venv
fi
key="$(sha256sum pyproject.toml | cut -c1-16) $(grep -m1 '^__version__' src/evaldesk/__init__.py | tr -d ' "')"
key="$key $(readlink -f .venv/bin/python)"

have=$(sed -n 2p "$stamp" 2>/dev/null || true)  # extras installed before stay installed
missing=""
for extra in ${extras//,/ }; do
  [[ ",$have," == *",$extra,"* ]] || missing=1
done
if [ "$(sed -n 1p "$stamp" 2>/dev/null || true)" = "$key" ] && [ -z "$missing" ]; then
  exit 0
fi

quiet_pip() {  # pip's own output only when it fails (and never this machine's find-links warning)
  local out
  out=$(.venv/bin/python -m pip install -q --disable-pip-version-check "$@" 2>&1) && return 0
  printf '%s\n' "$out" | grep -v "is ignored: it is neither" >&2
  return 1
}
# pyproject's build backend (setuptools>=68) goes into the venv itself and the install uses it there
# (no build isolation), so a later reinstall does not fetch setuptools again and works offline when the
# dependencies are already installed.
quiet_pip "setuptools>=68" wheel
all=$(printf '%s\n' ${have//,/ } ${extras//,/ } | sort -u | paste -sd, -)
spec="."; [ -n "$all" ] && spec=".[$all]"
quiet_pip --no-build-isolation -e "$spec"
.venv/bin/python -c "import evaldesk"
printf '%s\n%s\n' "$key" "$all" > "$stamp"
