#!/usr/bin/env bash
# packaging/evaldesk.iss, compiled and run under Wine on a stand-in payload (no Windows machine needed):
#
#   bash packaging/wine_check.sh
#
# Needs Debian's wine and wine32 (dpkg --add-architecture i386; apt-get install wine wine32 wine64:
# scripts/system-deps.sh test does it), xvfb-run, and npm: the Inno Setup compiler comes from the npm
# package innosetup-compiler (6.3.1), and rcedit (npm) writes the stand-in exe's version resource, which
# the .iss reads its name and version from.
# The payload is Wine's own hostname.exe as evaldesk.exe and evaldesk-cli.exe, plus _internal\: the
# real app can only be frozen on Windows (.github/workflows/windows.yml does that and runs the same checks).
#
# Checks: a silent per-user install into %LOCALAPPDATA%\Programs\evaldesk, the Start menu and desktop
# shortcuts, the HKCU .evd association and its open command, the uninstall entry under HKCU; then a
# silent uninstall that removes the folder, the shortcuts and the file type and keeps the clerk's
# settings (%APPDATA%\evaldesk) and forms. Everything happens in a throwaway WINEPREFIX.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
for tool in wine xvfb-run npm; do
  command -v "$tool" >/dev/null || { echo "wine_check: $tool is missing" >&2; exit 2; }
done
# One virtual display for every Wine process of the check. Wine's desktop (explorer.exe /desktop) is made
# by the first process of a wineserver session that needs it, and keeps that process's display for the
# whole session: started by wineboot, ISCC or winepath with no DISPLAY, it runs on Wine's null driver, and
# an installer started later under its own `xvfb-run` while that session is still alive cannot make a
# window ("no driver could be loaded"): Inno Setup then stops with "A call to an OS function failed".
# Whether the old session was still alive was a matter of timing, so the check passed only now and then.
if [ -z "${EVALDESK_WINE_DISPLAY:-}" ]; then
  EVALDESK_WINE_DISPLAY=1 exec xvfb-run -a bash "$0" "$@"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/evaldesk-wine.XXXXXX")
trap 'wineserver -k 2>/dev/null || true; wineserver -w 2>/dev/null || true; rm -rf "$work"' EXIT
# Debian's wineserver keeps its socket folder (wine-XXXXXX) in TMPDIR and leaves it there: inside $work it goes too.
mkdir "$work/tmp"
export TMPDIR="$work/tmp" WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
version=$(grep -m1 '^__version__' "$repo/src/evaldesk/__init__.py" | cut -d'"' -f2)
product=$(cd "$repo/src" && python3 -c "import evaldesk; print(evaldesk.APP_DISPLAY_NAME)")
fail() { echo "wine_check: FAILED: $*" >&2; exit 1; }
win() { winepath -w "$1" 2>/dev/null; }
reg_value() {  # key value-name ("" for the default value) -> its text, or nothing. Read from `reg export`
  # (UTF-16), because `reg query` prints through the console code page: Chinese comes out as "????".
  rm -f "$work/key.reg"
  wine reg export "$1" "$(win "$work/key.reg")" /y >/dev/null 2>&1 || return 0
  python3 - "$work/key.reg" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-16").read()
own = text.split("\n[", 2)[1] if "\n[" in text else ""  # the key's own values, not its subkeys'
name = "@" if not sys.argv[2] else '"%s"' % sys.argv[2]
match = re.search(r'^%s="((?:[^"\\]|\\.)*)"' % re.escape(name), own, re.M)
print(re.sub(r'\\(.)', r'\1', match.group(1)) if match else "")
PY
}
step() { echo "wine_check: $*"; }

started=$(date +%s)
(cd "$work" && npm install --silent --no-audit --no-fund --prefix "$work/npm" innosetup-compiler@6.3.1 rcedit@4 >/dev/null)
iscc="$work/npm/node_modules/innosetup-compiler/bin/ISCC.exe"
rcedit="$work/npm/node_modules/rcedit/bin/rcedit-x64.exe"
wineboot --init >/dev/null 2>&1
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1  # the .iss wants Windows 10 1809+
step "Wine $(wine --version) prefix ready in $(( $(date +%s) - started )) s"

payload="$work/dist/evaldesk"
mkdir -p "$payload/_internal"
for exe in evaldesk.exe evaldesk-cli.exe; do
  cp "$(dirname "$(command -v wine)")/../lib/x86_64-linux-gnu/wine/x86_64-windows/hostname.exe" "$payload/$exe" 2>/dev/null ||
    cp /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/hostname.exe "$payload/$exe"
  wine "$rcedit" "$(win "$payload/$exe")" --set-version-string ProductName "$product" \
    --set-product-version "$version" --set-file-version "$version" >/dev/null 2>&1
done
echo "stand-in for the frozen app" > "$payload/_internal/payload.txt"

started=$(date +%s)
wine "$iscc" /q "/DDistDir=$(win "$payload")" "/DOutputDir=$(win "$work/out")" \
  '/DDefaultDir={localappdata}\Programs\evaldesk' "$(win "$repo/packaging/evaldesk.iss")" > "$work/iscc.log" 2>&1 ||
  { cat "$work/iscc.log"; fail "ISCC did not compile evaldesk.iss"; }
setup="$work/out/evaldesk-$version-setup.exe"
[ -f "$setup" ] || fail "no $setup"
step "compiled $(basename "$setup") ($(du -k "$setup" | cut -f1) KB) in $(( $(date +%s) - started )) s"

started=$(date +%s)
wine "$setup" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(win "$work/setup.log")" >/dev/null 2>&1 ||
  { cat "$work/setup.log"; fail "setup exited non-zero"; }
grep -aq "Installation process succeeded" "$work/setup.log" || { cat "$work/setup.log"; fail "setup did not succeed"; }
step "installed silently in $(( $(date +%s) - started )) s"

user_dir=$(wine cmd /c echo %USERPROFILE% 2>/dev/null | tr -d '\r')
home=$(winepath -u "$user_dir" 2>/dev/null)
app="$home/AppData/Local/Programs/evaldesk"
start_menu="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/绩效表填报助手.lnk"
desktop="$home/Desktop/绩效表填报助手.lnk"
for file in "$app/evaldesk.exe" "$app/evaldesk-cli.exe" "$app/_internal/payload.txt" "$app/unins000.exe"; do
  [ -f "$file" ] || fail "not installed per user: $file"
done
for link in "$start_menu" "$desktop"; do [ -f "$link" ] || fail "no shortcut $link"; done
classes='HKCU\Software\Classes'
[ "$(reg_value "$classes\\.evd" "")" = evaldesk.form ] || fail ".evd is not associated with evaldesk.form"
command=$(reg_value "$classes\\evaldesk.form\\shell\\open\\command" "")
expected="\"$(win "$app")\\evaldesk.exe\" \"%1\""
[ "$command" = "$expected" ] || fail "open command is '$command', not '$expected'"
uninstall='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{0BA55B62-8D39-4C30-A9DF-1FD0602A88E0}_is1'
[ "$(reg_value "$uninstall" DisplayName)" = "$product" ] || fail "no uninstall entry under HKCU"
wine reg query 'HKLM\Software\Classes\evaldesk.form' >/dev/null 2>&1 && fail "the file type went to HKLM"
step "per-user folder, shortcuts, HKCU .evd association ($command) and uninstall entry in place"

# The clerk's own files, which uninstalling must leave alone.
settings="$home/AppData/Roaming/evaldesk/settings.json"
form="$home/Documents/绩效 自评/自评表.evd"
mkdir -p "$(dirname "$settings")" "$(dirname "$form")"
echo '{"version": 1, "organisation": "某某区财政局"}' > "$settings"
cp "$repo/tests/fixtures/selfeval-2021-newenergy.evd" "$form"
started=$(date +%s)
wine "$app/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART >/dev/null 2>&1 || true
for _ in $(seq 60); do [ -e "$app/evaldesk.exe" ] || break; sleep 1; done
wineserver -w 2>/dev/null || true
[ ! -e "$app/evaldesk.exe" ] || fail "evaldesk.exe still there after uninstall"
[ ! -e "$app" ] || fail "the program folder is left: $(ls -A "$app")"
for link in "$start_menu" "$desktop"; do [ ! -e "$link" ] || fail "shortcut left: $link"; done
wine reg query "$classes\\evaldesk.form" >/dev/null 2>&1 && fail "file type left in the registry"
[ -z "$(reg_value "$classes\\.evd" "")" ] || fail ".evd still associated"
wine reg query "$uninstall" >/dev/null 2>&1 && fail "uninstall entry left"
[ -f "$settings" ] && [ -f "$form" ] || fail "uninstall removed the clerk's settings or forms"
step "uninstalled silently in $(( $(date +%s) - started )) s: folder, shortcuts, file type gone; settings and forms kept"
step "passed"
