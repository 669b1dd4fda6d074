"""The hostile-workbook corpus (hostile_workbooks.py): every case refused with the app's own sentence, or
imported, within a time and memory bound; the heavy run gives each case its own process under limits."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hostile_workbooks import CASES, SLOW_TO_MAKE  # noqa: E402

from evaldesk.readers.workbook import ImportFailed, read_workbook  # noqa: E402

TIME_LIMIT_S = 60  # per case, CPU seconds (the one import that succeeds takes ~10 s); refusals: see below
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the importing process
REFUSAL_SECONDS = 2.0
REFUSAL_PEAK_MB = 400


@pytest.mark.parametrize("case", [c for c in CASES if c.name not in SLOW_TO_MAKE], ids=lambda c: c.name)
def test_each_hostile_workbook_gets_its_sentence(case, tmp_path, registry):
    path = tmp_path / f"{case.name}.xlsx"
    path.write_bytes(case.make())
    with pytest.raises(ImportFailed) as refused:
        read_workbook(path, registry)
    assert all(word in str(refused.value) for word in case.words), str(refused.value)


def test_evaldesks_own_export_of_32000_character_texts_reads_back(tmp_path, registry):
    case = next(c for c in CASES if c.name == "own-export-with-32000-character-texts")
    path = tmp_path / "own.xlsx"
    path.write_bytes(case.make())
    form = read_workbook(path, registry).form
    assert sum(1 for value in form.fields.values() if isinstance(value, str) and len(value) == 32_000) == 3


IMPORT_UNDER_LIMITS = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
from evaldesk.readers.workbook import ImportFailed, read_workbook
from evaldesk.storage.templates import load_templates
registry = load_templates(user_dir=Path("/nonexistent"))
def peak_mb():  # VmHWM starts afresh at exec, unlike ru_maxrss
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
start = time.perf_counter()
try:
    read_workbook(Path(sys.argv[1]), registry)
    outcome = ""
except ImportFailed as error:
    outcome = str(error)
print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - start,
                  "peak_mb": peak_mb()}}))
"""


@pytest.mark.heavy
@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_hostile_workbook_is_handled_in_its_own_process_within_time_and_memory(case, tmp_path):
    path = tmp_path / f"{case.name}.xlsx"
    path.write_bytes(case.make())
    script = IMPORT_UNDER_LIMITS.format(memory=MEMORY_LIMIT, cpu=TIME_LIMIT_S)
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          timeout=TIME_LIMIT_S * 6, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr[-2000:]  # no MemoryError, no CPU limit, no traceback
    result = json.loads(done.stdout)
    print(f"{case.name}: {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB")
    if case.words:
        assert all(word in result["outcome"] for word in case.words), result["outcome"]
        assert result["seconds"] < REFUSAL_SECONDS
        assert result["peak_mb"] < REFUSAL_PEAK_MB
    else:
        assert result["outcome"] == ""
