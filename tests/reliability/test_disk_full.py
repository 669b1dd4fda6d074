"""A full disk and a read-only disk, for save, export and import: a sentence, and nothing lost.

Where the machine lets the tests mount a small tmpfs (as root in a container or CI runner), the disk is
really full or really read-only; elsewhere a full disk is simulated (ENOSPC from the write) and a
read-only folder is a folder without write permission.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from evaldesk.cli import main
from evaldesk.storage import atomic, evd
from evaldesk.storage.atomic import SaveError, backup_path

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = "selfeval-2021-newenergy.evd"
DISK_BYTES = 2 * 1024 * 1024


def _mount(folder: Path, options: str) -> bool:
    if os.name == "nt" or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@contextmanager
def small_disk(tmp_path: Path, read_only: bool = False):
    """A folder on its own small disk (tmpfs), or None where mounting is not allowed."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not _mount(folder, f"size={DISK_BYTES}"):
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Take all free space but `leave` bytes."""
    filler = folder / "filler"
    filler.unlink(missing_ok=True)
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as out:
        out.write(b"\0" * max(free - leave, 0))


def run(*argv) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def test_saves_of_a_growing_form_on_a_full_disk_never_harm_form_or_backup(tmp_path, load_fixture, registry,
                                                                          monkeypatch):
    form = load_fixture(SEED)
    with small_disk(tmp_path) as disk:
        folder = disk or tmp_path
        path = folder / "表.evd"
        evd.save_form(form, path)
        evd.save_form(form, path)  # a .bak exists
        refused = 0
        for step in range(32):
            before, backup_before = path.read_bytes(), backup_path(path).read_bytes()
            form.fields["goal_actual"] = "完成。" * (step * 3000)
            if disk:  # room for half the new version, or for all of it but not for a copy of the old one
                size = len(evd.dumps(form))
                fill(disk, leave=size // 2 if step % 2 else size + 8192)
            else:
                monkeypatch.setattr(atomic, "_write_temp", _no_space)
            try:
                evd.save_form(form, path)
            except SaveError as error:
                refused += 1
                assert "磁盘空间不足" in error.strerror and "原文件未被改动" in error.strerror
                assert path.read_bytes() == before and backup_path(path).read_bytes() == backup_before
            else:
                assert backup_path(path).read_bytes() == before
            assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
            (folder / "filler").unlink(missing_ok=True)
            monkeypatch.undo()
            evd.load_form(path, registry)
            evd.load_form(backup_path(path), registry)
        assert refused >= 16


def _no_space(folder, data, mode):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("kind", ["xlsx", "pdf", "import"])
def test_export_and_import_to_a_full_disk_say_so_and_keep_the_old_file(tmp_path, kind, monkeypatch):
    with small_disk(tmp_path) as disk:
        folder = disk or tmp_path
        target = folder / ("out." + ("evd" if kind == "import" else kind))
        target.write_bytes(b"the previous file")
        if disk:
            fill(disk, leave=4096)
        else:
            monkeypatch.setattr(atomic, "_write_temp", _no_space)
        if kind == "import":
            code, err = run("import", FIXTURES / "handtyped-selfeval-2021-newenergy.xlsx", "-o", target, "--force")
        else:
            code, err = run("export", FIXTURES / SEED, f"--{kind}", target)
        assert code == 2 and "磁盘空间不足" in err, err
        assert target.read_bytes() == b"the previous file"
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@contextmanager
def read_only_folder(tmp_path: Path):
    """A folder holding a saved form, then made read-only: a read-only mount, or no write permission."""
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(FIXTURES / SEED, folder / "表.evd")
    if _mount(folder, "size=1m"):  # copy onto the mount, then remount it read-only
        shutil.copy(FIXTURES / SEED, folder / "表.evd")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions and cannot mount here")
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("kind", ["save", "xlsx", "pdf", "import"])
def test_a_read_only_folder_is_refused_with_a_sentence(tmp_path, kind, registry):
    with read_only_folder(tmp_path) as folder:
        form_path = folder / "表.evd"
        before = form_path.read_bytes()
        if kind == "save":
            with pytest.raises(SaveError) as refused:
                evd.save_form(evd.load_form(form_path, registry), form_path)
            err = refused.value.strerror
        elif kind == "import":
            code, err = run("import", FIXTURES / "handtyped-selfeval-2021-newenergy.xlsx", "-o", form_path, "--force")
            assert code == 2
        else:
            code, err = run("export", form_path, f"--{kind}", folder / f"out.{kind}")
            assert code == 2
        assert "没有权限写入" in err, err
        assert form_path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["表.evd"]
