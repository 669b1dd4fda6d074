"""`bash scripts/start.sh` as the README's Quick start has a clerk type it.

Once installed it starts at once with no network and prints nothing of pip; `start.sh FORM.evd` opens
that form; with no screen it says so in one sentence. scripts/venv.sh reinstalls only when pyproject.toml,
the version or the wanted extras changed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "tests" / "fixtures" / "selfeval-2020-sast-01.evd"

needs_repo_venv = pytest.mark.skipif(
    not sys.platform.startswith("linux") or Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="start.sh runs the repository's own .venv (scripts/venv.sh makes it)",
)


def no_network_available() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0


def offline(command: list[str]) -> list[str]:
    """In a network namespace with no interface but loopback: pip, if run, could reach nothing."""
    return ["unshare", "-n", *command] if no_network_available() else command


def clean_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM") and not k.startswith("EVALDESK_")}
    env.update(changes)
    return env


@pytest.fixture(scope="module")
def installed():
    """What start.sh's first run does; afterwards the install record is current."""
    done = subprocess.run(["bash", "scripts/venv.sh"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr


@needs_repo_venv
def test_start_opens_the_given_form_offline_without_pip_output(installed, tmp_path):
    folder = tmp_path / "绩效 自评"
    folder.mkdir()
    shutil.copy2(FORM, folder / "自评表.evd")
    env = clean_env(EVALDESK_HOME=str(tmp_path / "home"), EVALDESK_BENCH="quit", QT_QPA_PLATFORM="offscreen",
                    TMPDIR=str(tmp_path))
    done = subprocess.run(offline(["bash", str(ROOT / "scripts" / "start.sh"), "自评表.evd"]), cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "editable=True" in done.stdout
    assert not [line for line in done.stderr.splitlines() if "pip" in line.lower() or "requirement" in line.lower()]
    settings = json.loads((tmp_path / "home" / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["recent_files"] == [str(folder / "自评表.evd")]


@needs_repo_venv
def test_start_without_a_display_says_so_in_one_sentence(installed, tmp_path):
    done = subprocess.run(["bash", str(ROOT / "scripts" / "start.sh")], env=clean_env(EVALDESK_HOME=str(tmp_path)),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "没有找到图形显示" in lines[0] and "no display found" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0] and "xcb" not in lines[0]


# scripts/venv.sh's decision, run on a copy of the repository's files with a stand-in .venv/bin/python
# that records what it was asked to do (a real install takes minutes and the network).

@pytest.fixture
def repo_copy(tmp_path):
    for name in ("scripts/venv.sh", "pyproject.toml", "src/evaldesk/__init__.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/../calls"\n', encoding="utf-8")
    python.chmod(0o755)
    return tmp_path


def venv_sh(repo: Path, extras: str = "") -> list[str]:
    """The pip installs one run of venv.sh asked for."""
    calls = repo / ".venv" / "calls"
    calls.unlink(missing_ok=True)
    done = subprocess.run(["bash", str(repo / "scripts" / "venv.sh"), extras], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return [line for line in lines if "pip install" in line and " -e " in line]


def test_venv_installs_once_then_only_when_pyproject_version_or_extras_change(repo_copy):
    assert venv_sh(repo_copy) == ["-m pip install -q --disable-pip-version-check --no-build-isolation -e ."]
    assert venv_sh(repo_copy) == []
    with (repo_copy / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("\n# a new dependency would go here\n")
    assert len(venv_sh(repo_copy)) == 1
    assert venv_sh(repo_copy, "test,build")[0].endswith("-e .[build,test]")
    assert venv_sh(repo_copy, "test") == [] and venv_sh(repo_copy) == []
    init = repo_copy / "src" / "evaldesk" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "9'), encoding="utf-8")
    assert venv_sh(repo_copy)[0].endswith("-e .[build,test]")  # a new version keeps the extras installed before
    assert venv_sh(repo_copy) == []
