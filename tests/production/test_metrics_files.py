"""Issue 15, /metrics attacked: gunicorn replaces each process after max_requests, and every
ended process left its counter files in the pool's metrics folder, which every scrape read. An
outsider sending cheap requests (/healthz) ended processes faster: 2,000 of them made 71 MB and
1.7 s of a web thread per scrape, growing until the next restart. An ended process's counts now
go into one archive per kind; what a scrape shows is unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from ombud.server import web

COUNT = """
from prometheus_client import Counter, Histogram
Counter("ombud_test_requests", "", ["view"]).labels("queue").inc({n})
Histogram("ombud_test_seconds", "", ["view"]).labels("queue").observe(0.02 * {n})
"""


def _scrape(folder: Path) -> dict[str, float]:
    """Each sample line of a scrape: its name and labels, and its value."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(folder))
    lines = generate_latest(registry).decode().splitlines()
    samples = (line.rsplit(" ", 1) for line in lines if not line.startswith("#"))
    return {sample: float(value) for sample, value in samples}


def _process_that_counted(folder: Path, n: int) -> int:
    script = COUNT.format(n=n) + "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", script],
                          env={"PROMETHEUS_MULTIPROC_DIR": str(folder)}, capture_output=True,
                          text=True, check=True)
    return int(done.stdout)


def test_an_ended_process_leaves_no_file_and_its_counts_stay(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    ended = [_process_that_counted(tmp_path, n) for n in (1, 2, 3)]
    before = _scrape(tmp_path)
    assert before['ombud_test_requests_total{view="queue"}'] == 6
    for pid in ended:
        web._child_exit(None, SimpleNamespace(pid=pid))
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "counter_archive.db", "histogram_archive.db"]
    assert _scrape(tmp_path) == pytest.approx(before)  # sums added in another order
