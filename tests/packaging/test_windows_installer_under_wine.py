"""packaging/evaldesk.iss compiled and run under Wine: per-user install, HKCU .evd association, shortcuts,
and a clean uninstall that keeps the clerk's files (packaging/wine_check.sh, on a stand-in payload).

Heavy. scripts/system-deps.sh installs Debian's wine and wine32 (adding the i386 architecture) and npm on an
amd64 Debian; only where it cannot (off Debian, other CPUs) is the test skipped, and the Windows workflow is
the proof there. Not run in the Debian 13 root of scripts/test-in-debian.sh (a newer Python, not Wine).
"""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def wine32_installed() -> bool:
    if not shutil.which("dpkg-query"):
        return False
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "wine32:i386"], capture_output=True, text=True)
    return "install ok installed" in done.stdout


pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(bool(os.environ.get("EVALDESK_IN_DEBIAN_ROOT")),
                       reason="the Debian 13 root proves the suite on Python 3.13; Wine is checked on the host"),
    pytest.mark.skipif(not (shutil.which("wine") and wine32_installed() and shutil.which("xvfb-run")
                            and shutil.which("npm")),
                       reason="needs Debian's wine + wine32, xvfb-run and npm (packaging/wine_check.sh)"),
]


def test_the_installer_installs_per_user_associates_evd_and_uninstalls_keeping_user_files():
    done = subprocess.run(["bash", "packaging/wine_check.sh"], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "uninstalled silently" in done.stdout and done.stdout.rstrip().endswith("wine_check: passed")
