"""Ombud's public submission beside django-helpdesk's, per request, in-process, on PostgreSQL, in
the same run (issue 15, item 4: "at least twice as fast as django-helpdesk's").

    .venv/bin/python bench/helpdesk/compare.py [--posts 300] [--batches 3]

django-helpdesk is not one of Ombud's dependencies: it is installed (pinned) into a virtual
environment of its own, OMBUD_HELPDESK_VENV or /tmp/ombud-bench-helpdesk, the first time. Both
are measured the same way (bench/bench_intake.py and measure.py here: Django's test client, the
form fetched before the clock starts, each POST beside a minimal POST view of its own project in
turns); the two run in alternating batches so that a change in the machine's load falls on both.
django-helpdesk does its work in the request (the ticket, its follow-up, the submitter's mail, here
kept in memory); Ombud commits the case and leaves the receipt's PDF and mail to its worker."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
VENV = Path(os.environ.get("OMBUD_HELPDESK_VENV", "/tmp/ombud-bench-helpdesk"))
PINNED = ["django-helpdesk==2.6.1", "Django==5.2.*", "psycopg[binary]==3.*"]
DATABASE = "ombud_bench_helpdesk"
SERVER = "postgres://postgres@127.0.0.1:5432"


def helpdesk_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PINNED], check=True)
    return python


def postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def helpdesk_batch(python: Path, posts: int) -> dict[str, dict]:
    done = subprocess.run([str(python), str(HERE / "measure.py"), str(posts), "20"], cwd=HERE,
                          env={**os.environ, "HELPDESK_DATABASE": DATABASE},
                          capture_output=True, text=True, check=True)
    return {line["name"]: line for line in map(json.loads, done.stdout.splitlines())}


OMBUD_LINE = re.compile(r"^(?P<name>.+?) +median +(?P<median>[\d.]+) ms +p95 +(?P<p95>[\d.]+) ms "
                        r"+CPU median +(?P<cpu>[\d.]+) ms +queries median (?P<queries>\d+)",
                        re.MULTILINE)


def ombud_batch(posts: int) -> dict[str, dict]:
    done = subprocess.run([sys.executable, str(BENCH / "bench_intake.py"), "--posts", str(posts)],
                          cwd=BENCH.parent, capture_output=True, text=True, check=True)
    return {found["name"]: {"median": float(found["median"]) / 1000,
                            "p95": float(found["p95"]) / 1000, "cpu": float(found["cpu"]) / 1000,
                            "queries": int(found["queries"])}
            for found in OMBUD_LINE.finditer(done.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300, help="per batch and project")
    parser.add_argument("--batches", type=int, default=3)
    options = parser.parse_args()
    python = helpdesk_python()
    batches: dict[str, list[dict]] = {}
    postgres(f'drop database if exists "{DATABASE}" with (force)')
    postgres(f'create database "{DATABASE}"')
    try:
        for _ in range(options.batches):
            for measured in (helpdesk_batch(python, options.posts), ombud_batch(options.posts)):
                for name, figures in measured.items():
                    batches.setdefault(name, []).append(figures)
    finally:
        postgres(f'drop database if exists "{DATABASE}" with (force)')
    print(f"{options.batches} batches of {options.posts} POSTs each, alternating, PostgreSQL, "
          f"in-process; per batch median (p95), then the median of the batches")
    for name, runs in batches.items():
        each = "  ".join(f"{run['median'] * 1000:6.2f} ({run['p95'] * 1000:6.2f})" for run in runs)
        print(f"{name:<40} {each}   median {pooled(runs, 'median') * 1000:6.2f} ms  CPU "
              f"{pooled(runs, 'cpu') * 1000:6.2f} ms  queries {runs[0]['queries']:.0f}")
    ombud = pooled(batches["public form POST (PP complaint)"], "median")
    helpdesk = pooled(batches["django-helpdesk public ticket POST"], "median")
    print(f"django-helpdesk's POST / Ombud's POST: {helpdesk / ombud:.1f}x (median of medians)")


def pooled(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


if __name__ == "__main__":
    main()
