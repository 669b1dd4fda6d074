"""The frozen app, built with packaging/evaldesk.spec exactly as the Windows CI builds it, here on Linux.

Heavy (a PyInstaller build takes about a minute): `-m "not heavy"` skips it, .ci/run runs it.
The checks themselves are packaging/smoke_test.py, shared with the Windows workflow.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.heavy

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "evaldesk.spec"
FIXTURES = ROOT / "tests" / "fixtures"
MAX_APP_MB = 220  # Linux one-folder build is 192 MB; QtQml/QtQuick or WebEngine slipping in would add 50-200 MB.
# The Windows folder is smaller (no ICU data, no X11 libraries): see packaging/README.md.


def load_smoke_test():
    spec = importlib.util.spec_from_file_location("smoke_test", ROOT / "packaging" / "smoke_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["smoke_test"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


smoke_test = load_smoke_test()


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory) -> Path:
    """Build once per run, into a folder whose name has Chinese characters and a space."""
    work = tmp_path_factory.mktemp("frozen")
    dist = work / "程序 文件"
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, f"PyInstaller failed (is the build extra installed?):\n{done.stderr[-4000:]}"
    app = dist / "evaldesk"
    set_read_only(app, True)
    yield app
    set_read_only(app, False)
    shutil.rmtree(work)  # about 220 MB: never left in the temp folder, whatever pytest keeps of the rest


def set_read_only(folder: Path, read_only: bool) -> None:
    """As an install folder under Program Files or a locked-down profile: nothing may be written there."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) if read_only else mode | stat.S_IWUSR)


def test_the_frozen_app_passes_the_smoke_test(frozen_app, tmp_path):
    report = smoke_test.smoke(frozen_app, FIXTURES, tmp_path)
    for label, seconds in report.timings.items():
        print(f"{label}: {seconds:.2f} s")
    assert report.failures == []
    assert len(list(FIXTURES.glob("*.evd"))) == sum(label.startswith("export ") for label in report.timings)


def test_the_frozen_app_carries_its_templates_fonts_icons_and_chinese_qt_translation(frozen_app):
    resources = frozen_app / "_internal" / "evaldesk" / "resources"
    source = ROOT / "src" / "evaldesk" / "resources"
    for kind in ("templates", "fonts", "icons", "examples"):
        wanted = {p.name for p in (source / kind).iterdir() if p.is_file()}
        assert wanted and wanted <= {p.name for p in (resources / kind).iterdir()}, kind
    qt_translations = {p.name for p in frozen_app.rglob("*.qm") if "evaldesk" not in p.relative_to(frozen_app).parts}
    assert "qtbase_zh_CN.qm" in qt_translations
    assert not [name for name in qt_translations if "zh_CN" not in name]


def test_the_frozen_app_leaves_out_the_qt_modules_it_does_not_use(frozen_app):
    names = [p.name for p in (frozen_app / "_internal").rglob("*")]
    unused = ("Qml", "Quick", "Sql", "Test", "Designer", "WebEngine", "Pdf", "OpenGLWidgets", "Svg")
    bundled = [n for n in names if any(re.match(rf"(lib)?Qt6?{u}[.\d]", n) for u in unused)]
    assert bundled == []
    assert not (frozen_app / "_internal" / "PySide6" / "Qt" / "plugins" / "tls").exists()
    assert any(n.startswith(("QtWidgets", "libQt6Widgets")) for n in names)


def test_the_frozen_app_is_not_bigger_than_needed(frozen_app):
    megabytes = smoke_test.folder_size(frozen_app) / 2**20
    print(f"frozen app folder: {megabytes:.1f} MB")
    assert megabytes < MAX_APP_MB


def strace_works() -> bool:
    """strace is installed by scripts/system-deps.sh test; some containers forbid ptrace all the same."""
    if not shutil.which("strace"):
        return False
    return subprocess.run(["strace", "-qq", "-e", "trace=execve", "-o", os.devnull, "true"],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not strace_works(), reason="strace missing or not allowed to trace here")
def test_the_frozen_app_opens_no_internet_socket_even_from_native_code(frozen_app, tmp_path):
    """strace sees Qt's and reportlab's native calls too, which a Python socket guard cannot."""
    form = FIXTURES / "selfeval-2021-newenergy.evd"
    env = smoke_test.window_env(tmp_path / "home", "quit")
    runs = {
        "export": [str(frozen_app / "evaldesk-cli"), "export", str(form), "--xlsx", str(tmp_path / "a.xlsx"),
                   "--pdf", str(tmp_path / "a.pdf")],
        "window": [str(frozen_app / "evaldesk"), str(form)],
    }
    for name, command in runs.items():
        log = tmp_path / f"{name}.strace"
        done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve,socket,connect", "-o", str(log), *command],
                              env=env, capture_output=True, timeout=180)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
        calls = log.read_text(errors="replace")
        assert "execve(" in calls  # the trace did follow the app
        internet = [line for line in calls.splitlines() if re.search(r"AF_INET6?\b", line)]
        assert internet == [], f"{name}: {internet[:5]}"


@pytest.mark.skipif(not strace_works(), reason="strace missing or not allowed to trace here")
def test_the_frozen_app_loads_pyside6s_support_code_compiled_not_from_source(frozen_app, tmp_path):
    """shiboken6 compiles its support modules from source at every start unless it finds them in files.dir
    (packaging/shiboken_support.py): the frozen app carries them there, compiled, and a start reads them."""
    import importlib.util

    support = frozen_app / "_internal" / "shiboken6" / "files.dir" / "shibokensupport"
    compiled = sorted(p.relative_to(support).as_posix() for p in support.rglob("*.pyc"))
    assert {"__init__.pyc", "feature.pyc", "signature/loader.pyc", "signature/parser.pyc"} <= set(compiled)
    assert all(p.read_bytes()[:4] == importlib.util.MAGIC_NUMBER for p in support.rglob("*.pyc"))
    assert not list(support.rglob("*.py"))  # no source: nothing to compile, nothing to go stale
    log = tmp_path / "open.strace"
    env = smoke_test.window_env(tmp_path / "home", "quit")
    done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat,open", "-o", str(log), str(frozen_app / "evaldesk"),
                           str(FIXTURES / "selfeval-2021-newenergy.evd")], env=env, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    opened = log.read_text(errors="replace")
    assert "files.dir/shibokensupport/signature/loader.pyc" in opened
