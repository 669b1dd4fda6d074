"""The layers hold: the domain core imports no Qt and no file library (import-linter contracts)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename='pyproject.toml'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_importing_the_domain_loads_no_qt_or_file_library():
    code = ("import sys, evaldesk.domain.problems, evaldesk.domain.sheet, evaldesk.domain.edits;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','openpyxl','reportlab','platformdirs')];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
