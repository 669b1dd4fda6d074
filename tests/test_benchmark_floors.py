"""The start-up floors benchmarks/run.py measures evaldesk against: each is a whole process that reports at its
first paint (as evaldesk does) and ends there under EVALDESK_BENCH=ready; the peer shows the form's own texts."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("script, args", [("bare_window.py", []), ("form_floor.py", ["selfeval-2021-newenergy.evd"])])
def test_a_floor_reports_at_its_first_paint_and_ends_there(script, args, fixture_path, tmp_path):
    env = dict(os.environ, EVALDESK_BENCH="ready", QT_QPA_PLATFORM="offscreen", EVALDESK_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *(str(fixture_path(a)) for a in args)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if line.startswith("ready_at=") and " cpu=" in line]


def test_the_peer_holds_every_text_of_the_form(fixture_path, load_fixture, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from form_floor import texts

    found = texts(str(fixture_path("selfeval-2021-newenergy.evd")))
    form = load_fixture("selfeval-2021-newenergy.evd")
    assert form.fields["project_name"] in found and form.fields["goal_expected"] in found
    names = [row.get("name") for row in form.rows("indicators")]
    assert names and all(names) and all(name in found for name in names)
