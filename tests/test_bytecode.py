"""A source install gets its compiled bytecode even where Python is told not to write it."""
import os
import shutil
import subprocess
import sys
import time
from importlib.util import cache_from_source
from pathlib import Path

import evaldesk


def uncompiled_copy(tmp_path: Path) -> Path:
    """The package copied without any bytecode, as a source install that never ran."""
    package = tmp_path / "site" / "evaldesk"
    shutil.copytree(Path(evaldesk.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copytree(Path(evaldesk.__file__).parent / "resources", package / "resources")
    return package


def all_written(compiled: list[Path], seconds: float = 60) -> bool:
    """Whether every .pyc appears within `seconds` (a process of its own writes them, nobody waiting)."""
    deadline = time.time() + seconds
    while not all(path.exists() for path in compiled) and time.time() < deadline:
        time.sleep(0.2)
    return all(path.exists() for path in compiled)


def test_a_start_without_bytecode_leaves_it_written_for_the_next_start(tmp_path, fixture_path):
    package = uncompiled_copy(tmp_path)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(package.parent), EVALDESK_HOME=str(tmp_path / "home"))
    compiled = [Path(cache_from_source(str(package / name))) for name in ("cli.py", "domain/problems.py", "storage/evd.py")]
    done = subprocess.run([sys.executable, "-m", "evaldesk", "check", str(fixture_path("selfeval-2021-newenergy.evd"))],
                          env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and "87.16" in done.stdout, done.stderr
    assert all_written(compiled)
    again = subprocess.run([sys.executable, "-v", "-m", "evaldesk", "check", str(fixture_path("selfeval-2021-newenergy.evd"))],
                           env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert f"matches {package / 'cli.py'}" in again.stderr  # read from the .pyc, not compiled again


def test_a_window_start_without_bytecode_leaves_the_window_modules_compiled(tmp_path, fixture_path):
    package = uncompiled_copy(tmp_path)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(package.parent), EVALDESK_HOME=str(tmp_path / "home"),
               EVALDESK_BENCH="quit", QT_QPA_PLATFORM="offscreen")
    compiled = [Path(cache_from_source(str(package / name))) for name in ("ui/main_window.py", "ui/form_view.py")]
    done = subprocess.run([sys.executable, "-m", "evaldesk", str(fixture_path("selfeval-2021-newenergy.evd"))],
                          env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and "editable=True" in done.stdout, done.stderr
    assert all_written(compiled)
