"""Where a save goes, and what it refuses: links, read-only files, devices and pipes, a missing folder,
a file someone else changed meanwhile, and names near the 255-byte limit (docs/reliability.md)."""
from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from evaldesk.cli import main
from evaldesk.storage import evd
from evaldesk.storage.atomic import ABSENT, SaveError, atomic_write, backup_path, state_before_writing

FIXTURE = "selfeval-2021-newenergy.evd"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def form(load_fixture):
    return load_fixture(FIXTURE)


def test_saving_through_a_link_writes_the_file_it_points_to_and_keeps_the_link(tmp_path, form, registry):
    real = tmp_path / "真实" / "自评表.evd"
    real.parent.mkdir()
    evd.save_form(form, real)
    link = tmp_path / "快捷方式.evd"
    link.symlink_to(real)
    form.fields["project_name"] = "通过链接保存"
    evd.save_form(form, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert evd.load_form(real, registry).fields["project_name"] == "通过链接保存"
    assert backup_path(real).exists() and not backup_path(link).exists()  # the .bak lies beside the real file


def test_import_force_through_a_link_updates_the_real_file(tmp_path, capsys, fixture_path, registry):
    real = tmp_path / "real.evd"
    assert run(capsys, "new", "-t", "selfeval-national-roundup", "-o", real)[0] == 0
    link = tmp_path / "link.evd"
    link.symlink_to(real)
    code, _, err = run(capsys, "import", fixture_path("handtyped-selfeval-2021-newenergy.xlsx"), "-o", link, "--force")
    assert code == 0, err
    assert link.is_symlink()
    assert evd.load_form(real, registry).fields["project_name"]


def test_new_does_not_replace_a_dangling_link_without_force(tmp_path, capsys):
    link = tmp_path / "悬空.evd"
    link.symlink_to(tmp_path / "不存在的目标.evd")
    code, _, err = run(capsys, "new", "-t", "selfeval-national", "-o", link)
    assert code == 2 and "已存在" in err and "--force" in err
    assert link.is_symlink() and not (tmp_path / "不存在的目标.evd").exists()
    assert run(capsys, "new", "-t", "selfeval-national", "-o", link, "--force")[0] == 0
    assert link.is_symlink() and (tmp_path / "不存在的目标.evd").is_file()  # followed: the target was made


@pytest.mark.parametrize("command", ["new", "import", "export"])
def test_a_read_only_file_is_refused_with_a_sentence_and_left_as_it_was(tmp_path, capsys, fixture_path, command):
    target = tmp_path / ("只读.xlsx" if command == "export" else "只读.evd")
    target.write_bytes(b"original")
    target.chmod(0o444)
    argv = {"new": ["new", "-t", "selfeval-national", "-o", target, "--force"],
            "import": ["import", fixture_path("handtyped-selfeval-2021-newenergy.xlsx"), "-o", target, "--force"],
            "export": ["export", fixture_path(FIXTURE), "--xlsx", target]}[command]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "只读文件" in err and "Traceback" not in err
    assert target.read_bytes() == b"original" and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_pipe_is_not_replaced_by_an_export(tmp_path, capsys, fixture_path):
    pipe = tmp_path / "管道.xlsx"
    os.mkfifo(pipe)
    code, _, err = run(capsys, "export", fixture_path(FIXTURE), "--xlsx", pipe)
    assert code == 2 and "不是普通文件" in err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full") or os.geteuid() != 0, reason="needs /dev/full and root")
def test_export_to_dev_full_as_root_leaves_the_device_alone(capsys, fixture_path):
    before = os.stat("/dev/full")
    code, _, err = run(capsys, "export", fixture_path(FIXTURE), "--xlsx", "/dev/full")
    assert code == 2 and "不是普通文件" in err
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_missing_folder_is_refused_not_created(tmp_path, capsys):
    target = tmp_path / "没有的文件夹" / "表.evd"
    code, _, err = run(capsys, "new", "-t", "selfeval-national", "-o", target)
    assert code == 2 and "不存在" in err
    assert not target.parent.exists()


def test_a_save_over_a_file_changed_since_it_was_read_is_refused(tmp_path, form):
    path = tmp_path / "共用.evd"
    read = evd.save_form(form, path)
    path.write_bytes(path.read_bytes().replace("新能源".encode(), "同事改的".encode(), 1))  # a colleague's save
    theirs = path.read_bytes()
    with pytest.raises(SaveError) as refused:
        evd.save_form(form, path, expected=read)
    assert "已被其他程序或其他人修改" in refused.value.strerror and "没有保存" in refused.value.strerror
    assert path.read_bytes() == theirs


def test_a_new_file_that_appears_meanwhile_is_not_overwritten(tmp_path, form):
    path = tmp_path / "新.evd"
    seen = state_before_writing(path)
    assert seen is ABSENT
    path.write_bytes(b"someone else")
    with pytest.raises(SaveError) as refused:
        evd.save_form(form, path, expected=seen)
    assert "已被其他程序或其他人建立" in refused.value.strerror
    assert path.read_bytes() == b"someone else"


def _save_after_barrier(path: str, barrier, name: str, results) -> None:
    from evaldesk.storage.templates import load_templates

    form = evd.load_form(Path(path), load_templates(user_dir=Path("/nonexistent")))
    seen = state_before_writing(Path(path))
    form.fields["project_name"] = name
    barrier.wait()
    try:
        evd.save_form(form, Path(path), expected=seen)
        results.put((name, "saved"))
    except SaveError as error:
        results.put((name, error.strerror))


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_of_twenty_processes_saving_one_file_at_once_one_saves_and_nineteen_are_told(tmp_path, form, registry):
    path = tmp_path / "同时保存.evd"
    evd.save_form(form, path)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(20), context.Queue()
    workers = [context.Process(target=_save_after_barrier, args=(str(path), barrier, f"进程{i}", results))
               for i in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = dict(results.get(timeout=5) for _ in workers)
    saved = [name for name, outcome in outcomes.items() if outcome == "saved"]
    assert len(saved) == 1
    assert all("已被其他程序或其他人修改" in o for o in outcomes.values() if o != "saved")
    assert evd.load_form(path, registry).fields["project_name"] == saved[0]


def test_the_window_document_refuses_to_save_over_a_file_changed_on_disk_since_it_was_read(
        tmp_path, form, registry, qapp):
    from evaldesk.ui.document import FormDocument

    path = tmp_path / "窗口.evd"
    evd.save_form(form, path)
    document = FormDocument(evd.load_form(path, registry), path)
    path.write_bytes(path.read_bytes() + b" ")  # another program's save after the window read it
    with pytest.raises(SaveError):
        document.save()
    assert path.read_bytes().endswith(b" ")


@pytest.mark.parametrize("name_bytes", [242, 250, 255])
def test_names_up_to_255_bytes_save_with_their_backup(tmp_path, form, registry, name_bytes):
    stem = "绩" * ((name_bytes - 4) // 3) + "a" * ((name_bytes - 4) % 3)
    path = tmp_path / f"{stem}.evd"
    assert len(path.name.encode()) == name_bytes
    evd.save_form(form, path)
    evd.save_form(form, path)
    assert evd.load_form(path, registry).same_content(form)
    assert len(backup_path(path).name.encode()) <= 255 and backup_path(path).exists()


def test_a_name_over_255_bytes_is_refused_without_speaking_of_windows(tmp_path, form):
    path = tmp_path / ("绩" * 86 + ".evd")  # 262 bytes
    with pytest.raises(SaveError) as refused:
        evd.save_form(form, path)
    assert "文件名太长" in refused.value.strerror and "Windows" not in refused.value.strerror
    assert list(tmp_path.iterdir()) == []


def test_an_own_folder_may_be_created_when_asked(tmp_path):
    atomic_write(tmp_path / "a" / "b" / "settings.json", b"{}", backup=False, make_folder=True)
    assert (tmp_path / "a" / "b" / "settings.json").read_bytes() == b"{}"
