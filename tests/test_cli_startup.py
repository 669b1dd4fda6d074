"""`evaldesk check` starts with what it needs: scripts run it once a form, so the window, the writers,
the readers and the year's commands stay out of its start-up (their imports were most of its time)."""
import os
import subprocess
import sys

CHECK_NEEDS_NONE_OF = ("PySide6", "openpyxl", "reportlab", "pypdfium2", "defusedxml", "argparse", "hashlib", "secrets",
                       "dataclasses", "inspect", "typing", "string", "pathlib", "datetime", "shutil", "evaldesk.cli_year",
                       "evaldesk.export", "evaldesk.readers", "evaldesk.storage.library", "evaldesk.domain.summary",
                       "evaldesk.domain.overview", "evaldesk.domain.sheet", "evaldesk.ui")


def test_check_imports_no_window_writer_reader_or_year_module(fixture_path, tmp_path):
    code = ("import sys, runpy; sys.argv = ['evaldesk', 'check', sys.argv[1]];"
            "from evaldesk.cli import main; code = main(sys.argv[1:]);"
            "print('LOADED', ' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, str(fixture_path("selfeval-2021-newenergy.evd"))],
                          capture_output=True, text=True, timeout=60, env=dict(os.environ, EVALDESK_HOME=str(tmp_path)))
    assert "得分合计：87.16" in done.stdout, done.stderr
    loaded = done.stdout.split("LOADED", 1)[1].split()
    found = [m for m in loaded if any(m == bad or m.startswith(bad + ".") for bad in CHECK_NEEDS_NONE_OF)]
    assert found == []


def test_check_help_and_unusual_arguments_still_go_through_the_full_parser(capsys):
    from evaldesk.cli import main

    try:
        main(["check", "--help"])
    except SystemExit:
        pass
    assert "--strict" in capsys.readouterr().out  # argparse's own help for check
    for argv in (["check", "--js", "x.evd"], ["check", "--json", "--json", "x.evd"]):  # an abbreviation, a repeat
        assert main(argv) == 2
        assert "找不到文件“x.evd”" in capsys.readouterr().err
