"""`evaldesk` itself: the example opens at once, and no exporter library is loaded to get there."""
import os
import subprocess
import sys


def test_evaldesk_example_opens_an_editable_form_without_loading_exporters(tmp_path):
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path), EVALDESK_BENCH="quit", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "evaldesk", "--example"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = next(line for line in done.stdout.splitlines() if line.startswith("ready_at="))
    assert "editable=True" in report and "exporters_loaded=none" in report
    assert not list((tmp_path / "data" / "autosave").glob("*"))  # a clean exit leaves nothing to recover


def test_a_broken_unit_template_is_named_on_the_start_page_and_the_app_still_starts(make_window, evaldesk_home):
    folder = evaldesk_home / "data" / "templates"
    folder.mkdir(parents=True)
    (folder / "本单位模板.json").write_text('{"id": "unit", "version": ', encoding="utf-8")
    window = make_window()
    label = window.start.template_errors
    assert label.isVisible()
    assert "本单位模板.json" in label.text() and "格式错误" in label.text()
    assert window.start.templates.count() == 5  # the built-in ones are all still offered


def test_a_portable_copy_with_its_own_home_never_hands_files_to_the_installed_window(monkeypatch, tmp_path):
    from evaldesk.ui.single_instance import server_name

    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "usb"))
    portable = server_name()
    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "other"))
    assert server_name() != portable
    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "usb"))
    assert server_name() == portable
