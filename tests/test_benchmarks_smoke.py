"""Issue 10, item 7: benchmarks that cannot rot. Every script under bench/ runs in its smoke mode
(tiny N, no timing asserted, seconds) as a subprocess, so a schema or API change that breaks one
fails the test command instead of the next person who measures. Each must exit 0 and print what
shows it did its work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parent.parent / "bench"

POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="these benchmarks write with PostgreSQL's COPY and measure on PostgreSQL: their smoke "
           "runs in the PostgreSQL pass (CI runs the test command on both databases)")

# What each benchmark's smoke output must show, line by line (regular expressions).
EXPECTED = {
    "bench_engine.py": [r"evaluate, 20 events \(\d+ deadlines",
                        r"sweep: 200 cases, [\d,]+ events, [\d,]+ missed deadlines"],
    "bench_simulate_startup.py": [r"python -c pass +median",
                                  r"ombud procedure simulate dnv-objection\.json +median",
                                  r"simulate pp-complaint-oral-appeal\.json +median"],
    "bench_pages.py": [r"generated 200 cases", r"\d+ cases on postgresql; 3 requests per page",
                       r"queue, first page +p50", r"queue, search by name prefix +p50",
                       r"case page, 20 events +p50"],
    "bench_search.py": [r"generated 300 cases", r"\d+ cases \(\d+ searchable texts\) on postgresql",
                        r"queue, first page +p50", r"search: middling word +p50",
                        r"search: word in no case +p50", r"queue sorted by handler +p50",
                        r"queue, first page, as the manager +p50",
                        r"queue first page p95 [\d.]+ ms; search p95 worst"],
    "bench_audit_verify.py": [r"generated 200 cases",
                              r"verify: 200 cases, 600 entries",
                              r"verify, the same cases in hashing version 2: .* ratio"],
    "bench_reports.py": [r"generated 200 cases", r"count\(\*\) of the same 200 rows",
                         r"annual report, every figure and the year before: median \d+ ms"],
    "bench_retention.py": [r"generated 200 cases",
                           r"retention: 200 cases anonymized in [\d.]+ s .*peak RSS \d+ MiB",
                           r"verify after retention: 200 cases, no problems",
                           r"ratio retention / plain UPDATE: [\d.]+x"],
    "bench_intake.py": [r"public form POST \(PP complaint\) +median +[\d.]+ ms +p95 +[\d.]+ ms +"
                        r"CPU median +[\d.]+ ms +"
                        r"queries median \d+",
                        r"minimal Django POST view +median +[\d.]+ ms",
                        r"after the worker: 7 cases, 7 receipt PDFs, 7 receipts in the outbox"],
    "bench_load_fault.py": [r"public form POST: [1-9]\d* submissions",
                            r"staff queue page p95: at rest \d+ ms",
                            r"worker \d+ killed at .*SMTP started again at .*worker replaced",
                            r"lost 0; doubled 0; receipts \d+; 5xx 0",
                            r"0 repeats|\d+ repeats \(same ID\)"],
    "bench_public_load.py": [r"public form POST: [1-9]\d* submissions",
                             r"lost 0; doubled 0; receipts in the outbox \d+; 5xx 0",
                             r"minimal Django POST view: [1-9]\d* requests"],
}
NEEDS_POSTGRESQL = {"bench_pages.py", "bench_audit_verify.py", "bench_public_load.py",
                    "bench_retention.py",
                    "bench_reports.py", "bench_search.py", "bench_intake.py",
                    "bench_load_fault.py"}
# Start servers (the demo twice; two pools and two workers, with a fault): half a minute each.
LONGER = {"bench_public_load.py", "bench_load_fault.py"}


def _cases():
    for name in sorted(EXPECTED):
        marks = ([POSTGRESQL] if name in NEEDS_POSTGRESQL else []) + (
            [pytest.mark.slow] if name in LONGER else [])
        yield pytest.param(name, marks=marks, id=name.removesuffix(".py"))


def test_item_7_every_benchmark_has_a_smoke_check():
    assert {path.name for path in BENCH.glob("bench_*.py")} == set(EXPECTED)


@pytest.mark.parametrize("script", list(_cases()))
def test_item_7_the_benchmark_runs_in_smoke_mode(script):
    # Run as a person runs it: without the settings module and test mode pytest sets.
    env = {name: value for name, value in os.environ.items()
           if name not in ("DJANGO_SETTINGS_MODULE", "OMBUD_TEST")}
    done = subprocess.run([sys.executable, str(BENCH / script), "--smoke"], cwd=BENCH.parent,
                          env=env, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, f"{script} --smoke failed:\n{done.stdout}\n{done.stderr}"
    for expected in EXPECTED[script]:
        assert re.search(expected, done.stdout), f"{expected!r} not in:\n{done.stdout}"
