"""Launch → editable window: how long a clerk waits after double-clicking a form.

Starts `python -m evaldesk FILE.evd` (and the bare start page) several times in fresh processes, each
with its own EVALDESK_HOME; the window reports the moment its form is shown and editable (EVALDESK_BENCH)
and quits. Prints the median and the worst. Run: python benchmarks/bench_startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "tests" / "fixtures" / "selfeval-2021-newenergy.evd"


def launch(args: list[str]) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, EVALDESK_HOME=home, EVALDESK_BENCH="quit")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        started = time.time()
        done = subprocess.run([sys.executable, "-m", "evaldesk", *args], env=env, capture_output=True,
                              text=True, timeout=60, cwd=ROOT)
    line = next((l for l in done.stdout.splitlines() if l.startswith("ready_at=")), "")
    if not line:
        raise SystemExit(f"no start-up report from {args}: {done.stdout}{done.stderr}")
    ready = float(line.split()[0].split("=")[1])
    return ready - started, line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    launch([str(FORM)])  # warm the disk cache, as a second start on a clerk's PC would be
    for label, args in (("2021 seed form", [str(FORM)]), ("start page", [])):
        times = [launch(args)[0] for _ in range(runs)]
        print(f"{label}: launch → editable window  median {statistics.median(times) * 1000:.0f} ms, "
              f"worst {max(times) * 1000:.0f} ms  ({runs} runs, {os.environ.get('QT_QPA_PLATFORM', 'offscreen')})")


if __name__ == "__main__":
    main()
