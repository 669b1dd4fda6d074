"""What an office Windows PC does to files and paths, reproduced here where it can be.

CRLF line endings (Notepad, a mail attachment, git's autocrlf), paths past 260 characters, per-user
settings under %APPDATA%, a user folder like C:\\Users\\张三\\文档\\绩效 自评\\, a read-only install folder.
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import evaldesk
from evaldesk.storage import atomic, evd, paths
from evaldesk.storage.atomic import SaveError, atomic_write, describe_os_error
from evaldesk.storage.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures"
PACKAGE = Path(evaldesk.__file__).resolve().parent
CHINESE_FOLDER = Path("张三") / "文档" / "绩效 自评"


class WindowsOs:
    """`os` as atomic.py sees it on Windows: os.name == 'nt', everything else the real thing."""

    name = "nt"

    def __getattr__(self, attribute):
        return getattr(os, attribute)


def windows_long_path(base: Path) -> Path:
    """A path over 260 characters made of short folder names, as deep shared-drive folders are."""
    path = base
    while len(str(path)) < 300:
        path = path / "部门文件夹 2021"
    return path / "自评表.evd"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.evd")))
def test_a_form_saved_with_windows_line_endings_loads_identically(tmp_path, registry, fixture):
    original = (FIXTURES / fixture).read_bytes()
    crlf = original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert crlf.count(b"\r\n") > 10
    (tmp_path / fixture).write_bytes(b"\xef\xbb\xbf" + crlf)  # Notepad also adds a byte-order mark
    again = evd.load_form(tmp_path / fixture, registry)
    assert again.same_content(evd.load_form(FIXTURES / fixture, registry))


def test_saving_to_a_path_over_260_characters_on_windows_says_so_in_chinese(tmp_path, load_fixture, monkeypatch):
    monkeypatch.setattr(atomic, "os", WindowsOs())
    target = windows_long_path(tmp_path)
    with pytest.raises(SaveError) as raised:
        evd.save_form(load_fixture("selfeval-2021-newenergy.evd"), target)
    assert "路径太长" in raised.value.strerror and "较短的文件夹" in raised.value.strerror
    assert not target.parent.exists()  # refused before anything was made


def test_opening_a_path_over_260_characters_on_windows_says_so_not_file_missing(tmp_path, monkeypatch):
    """Windows reports a too-long path as "file not found"; the clerk should hear the real reason."""
    monkeypatch.setattr(atomic, "os", WindowsOs())
    target = windows_long_path(tmp_path)
    message = describe_os_error(FileNotFoundError(errno.ENOENT, "The system cannot find the path"), target)
    assert message.startswith("路径太长") and str(len(str(target))) in message


def test_a_short_missing_path_on_windows_still_says_the_folder_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "os", WindowsOs())
    message = describe_os_error(FileNotFoundError(errno.ENOENT, "missing"), tmp_path / "无" / "a.evd")
    assert "不存在" in message and "路径太长" not in message


def test_a_file_name_too_long_for_the_disk_gives_the_chinese_message_when_opened(tmp_path, registry):
    target = tmp_path / ("绩效自评表" * 40 + ".evd")  # 600+ bytes in one name: ENAMETOOLONG on any system
    with pytest.raises(evd.DocumentError) as raised:
        evd.load_form(target, registry)
    assert "文件名太长" in str(raised.value) and "Windows" not in str(raised.value)


def test_settings_live_in_the_roaming_appdata_folder_on_windows(tmp_path, monkeypatch):
    import platformdirs
    import platformdirs.windows

    roaming, local = tmp_path / "AppData" / "Roaming", tmp_path / "AppData" / "Local"
    folders = {"CSIDL_APPDATA": str(roaming), "CSIDL_LOCAL_APPDATA": str(local)}
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(paths, "_xdg_applies", lambda: False)  # not Linux: platformdirs decides
    monkeypatch.delenv("EVALDESK_HOME")
    assert paths.config_dir() == roaming / "evaldesk"  # %APPDATA%\evaldesk, no vendor folder
    assert paths.autosave_dir() == roaming / "evaldesk" / "autosave"
    settings = Settings()
    settings["organisation"] = "某某区财政局"
    assert settings.save() == ""
    assert "某某区财政局" in (roaming / "evaldesk" / "settings.json").read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {}), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-B", "-m", "evaldesk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_export_works_from_a_folder_with_chinese_characters_and_spaces(tmp_path, load_fixture):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    folder = tmp_path / CHINESE_FOLDER
    folder.mkdir(parents=True)
    shutil.copy2(FIXTURES / "selfeval-2021-newenergy.evd", folder / "新能源 自评表.evd")
    done = run_cli("export", "新能源 自评表.evd", "--xlsx", "新能源 自评表.xlsx", "--pdf", "新能源 自评表.pdf", cwd=folder)
    assert done.returncode == 0, done.stderr
    name = load_fixture("selfeval-2021-newenergy.evd").fields["project_name"]
    cells = {c.value for ws in load_workbook(folder / "新能源 自评表.xlsx").worksheets for r in ws.iter_rows() for c in r}
    assert name in cells
    assert len(PdfReader(folder / "新能源 自评表.pdf").pages) >= 1


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def read_only_copy_of_the_app(tmp_path: Path) -> Path:
    """The package copied to an install folder and made read-only, as under Program Files."""
    install = tmp_path / "Programs" / "evaldesk"
    shutil.copytree(PACKAGE, install / "evaldesk", ignore=shutil.ignore_patterns("__pycache__"))
    for path in install.rglob("*"):
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return install


def test_a_read_only_install_folder_loads_templates_and_writes_only_to_user_folders(tmp_path, evaldesk_home):
    install = read_only_copy_of_the_app(tmp_path)
    before = snapshot(install)
    work = tmp_path / CHINESE_FOLDER
    work.mkdir(parents=True)
    env = {"PYTHONPATH": str(install)}
    try:
        used = subprocess.run([sys.executable, "-B", "-c", "import evaldesk; print(evaldesk.__file__)"],
                              cwd=work, env={**os.environ, **env}, capture_output=True, text=True)
        listed = run_cli("templates", cwd=work, env=env)
        made = run_cli("new", "-t", "selfeval-national", "-o", "新表.evd", cwd=work, env=env)
        exported = run_cli("export", "新表.evd", "--xlsx", "新表.xlsx", "--pdf", "新表.pdf", cwd=work, env=env)
    finally:
        after = snapshot(install)
        for path in install.rglob("*"):
            path.chmod(path.stat().st_mode | stat.S_IWUSR)  # let pytest clean up
    assert used.stdout.startswith(str(install))  # the read-only copy ran, not the source tree
    assert listed.returncode == 0 and "selfeval-national" in listed.stdout, listed.stderr
    assert made.returncode == 0 and exported.returncode == 0, made.stderr + exported.stderr
    assert (work / "新表.xlsx").exists() and (work / "新表.pdf").exists()
    assert after == before
