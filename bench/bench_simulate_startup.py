"""`ombud procedure simulate` from process start to exit (issue 3: at most 250 ms).

Run: .venv/bin/python bench/bench_simulate_startup.py [RUNS | --smoke]
Side by side in the same run: the bare interpreter (`python -c pass`) and `python -S -c pass`,
the floor that no Python command can go under on this machine. ``--smoke`` (the test command's
check): two runs of each, no target asserted.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OMBUD = ROOT / ".venv" / "bin" / "ombud"
TIMELINES = ["dnv-objection.json", "pp-complaint-oral-appeal.json"]


def timed_runs(command: list[str], runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        found.append((time.perf_counter() - started) * 1e3)
    return found


def report(name: str, times: list[float], baseline: float | None = None) -> float:
    median = statistics.median(times)
    p95 = sorted(times)[math.ceil(len(times) * 0.95) - 1]  # nearest rank
    ratio = f", {median / baseline:.1f}x the bare interpreter" if baseline else ""
    print(f"{name:<48} median {median:6.1f} ms  p95 {p95:6.1f} ms{ratio}")
    return median


if __name__ == "__main__":
    runs = 2 if sys.argv[1:] == ["--smoke"] else int(sys.argv[1]) if len(sys.argv) > 1 else 30
    python = str(ROOT / ".venv" / "bin" / "python")
    bare = report("python -c pass", timed_runs([python, "-c", "pass"], runs))
    for name in TIMELINES:
        path = str(ROOT / "examples" / "timelines" / name)
        report(f"ombud procedure simulate {name}", timed_runs([str(OMBUD), "procedure",
               "simulate", path], runs), bare)
