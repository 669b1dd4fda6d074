#!/usr/bin/env bash
# The whole test suite on another Debian release, in a fresh debootstrap root, as a new user would run it:
#
#   bash scripts/test-in-debian.sh [SUITE] [PYTEST OPTIONS]     SUITE: trixie (Debian 13, Python 3.13; default)
#
# The checkout's files (committed or not) are copied to /src in the root and `bash scripts/test.sh` runs
# there: its own apt installs, its own .venv on the release's python3, every test including heavy ones
# (but not the Debian 11 package build, which needs roots of its own, nor the Wine check: run those on the
# host). The root is removed afterwards; its size before and after the install is printed, and what the
# run left in the root's /tmp and /var/tmp (exit 3 if anything). Needs root and debootstrap.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source "$repo/scripts/debian-root.sh"
suite=trixie
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then suite=$1; shift; fi
[ "$(id -u)" -eq 0 ] || { echo "test-in-debian: run as root (debootstrap, chroot)" >&2; exit 2; }
dir=$(mktemp -d "/var/tmp/evaldesk-$suite.XXXXXX")
trap 'root_remove "$dir"' EXIT
started=$(date +%s)
root_make "$suite" "$dir"
root_enter "$dir"
mkdir -p "$dir/src"
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$dir/src"
root_run "$dir" "apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 python3-venv git ca-certificates > /dev/null"
base=$(root_size "$dir" --exclude="$dir/src")
echo "test-in-debian: fresh $suite root with python3 ($base MB) in $(( $(date +%s) - started )) s:" \
  "$(root_run "$dir" "python3 --version; ldd --version | head -1" | paste -sd" " -)"
status=0
quoted=$(printf '%q ' "$@")
# (The X servers' empty socket folders, /tmp/.X11-unix and the like, are the system's, not the tests'.)
temp_listing="find /tmp /var/tmp -mindepth 1 -maxdepth 1 -not \\( -name '.*-unix' -empty \\) | sort"
temp_before=$(root_run "$dir" "$temp_listing")
ROOT_ENV="EVALDESK_IN_DEBIAN_ROOT=1" root_run "$dir" "cd /src && bash scripts/test.sh $quoted" || status=$?
echo "test-in-debian: the test setup took $(( $(root_size "$dir" --exclude="$dir/src") - base )) MB in the root;" \
  "whole run $(( $(date +%s) - started )) s; test.sh exit $status"
# The run is the only user of the root's temp folders: whatever it leaves there, a test left behind.
left=$(comm -13 <(echo "$temp_before") <(root_run "$dir" "$temp_listing"))
if [ -n "$left" ]; then
  echo "test-in-debian: left in the temp folders:" $left "($(root_run "$dir" "du -scm $(echo $left) | tail -1 | cut -f1") MB)"
  [ "$status" -ne 0 ] || status=3
else
  echo "test-in-debian: nothing left in /tmp or /var/tmp"
fi
exit "$status"
