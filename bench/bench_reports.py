"""The annual report at scale (issue 12): N cases of one organization and one year, with their
figures (one row per case, two deadlines each) and a corrective action on one case in fifty, in
a PostgreSQL database of its own; the whole annual report (every figure, and the year before
beside it) against a plain ``count(*)`` of the same rows, measured in the same run.

    .venv/bin/python bench/bench_reports.py                  # 1,000,000 cases, ≤ 1 s asked
    .venv/bin/python bench/bench_reports.py --cases 100000
    .venv/bin/python bench/bench_reports.py --smoke          # the test command's check

The database (``ombud_bench_reports`` on the PostgreSQL server OMBUD_DATABASE_URL names) is made
anew on every run; rows are written with COPY (``benchdb``). ``--smoke``: 200 cases in a
database of its own, dropped afterwards; no timing asserted, but the figures must add up.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
os.environ.setdefault("OMBUD_DEMO", "1")

import benchdb  # noqa: E402

DATABASE = "ombud_bench_reports"
CHUNK = 50_000
NOW = "2026-12-01T00:00:00+00:00"
YEAR = 2026
OUTCOMES = ["upheld", "partly_upheld", "not_upheld", "withdrawn", ""]
RUNS = 5


def generate(count: int) -> int:
    """Write ``count`` Gløde complaints received in YEAR; returns the organization's id."""
    from django.db import connection

    from ombud.cases.models import Case, CorrectiveAction
    from ombud.demo.seed import seed_organizations
    from ombud.orgs.models import Organization
    from ombud.reports.figures import cells_rebuild
    from ombud.reports.models import CaseFigures, DeadlineFigures

    found = seed_organizations()
    manager_id = found["gl"]["manager"].pk
    organization_id = Organization.objects.get(slug="gl").pk
    rng = random.Random(12)
    for start in range(0, count, CHUNK):
        cases, figures, deadlines, actions = [], [], [], []
        for case_id in range(start + 1, min(count, start + CHUNK) + 1):
            received = date(YEAR, 1, 1) + timedelta(days=case_id % 334)
            outcome = rng.choice(OUTCOMES)
            closed = received + timedelta(days=rng.randint(1, 60)) if outcome else None
            cases.append({
                "id": case_id, "organization_id": organization_id,
                "reference": f"GL-{YEAR}-{case_id:07d}", "year": YEAR, "number": case_id,
                "procedure_id": "gl/complaint", "procedure_version": "2017-05-02",
                "title": "Klage", "channel": rng.choice(["web", "email", "letter"]),
                "received_on": received, "complainant_name": f"Klager {case_id}",
                "language": "nb", "state": "answered" if outcome else "open",
                "handler_id": manager_id, "created_at": NOW, "updated_at": NOW})
            figures.append({
                "case_id": case_id, "organization_id": organization_id,
                "procedure_id": "gl/complaint", "received_on": received,
                "channel": cases[-1]["channel"], "about": rng.choice(["rehabilitation", "sales"]),
                "filer": rng.choice(["participant", "customer", "buyer"]), "outcome": outcome,
                "closed_on": closed, "handler_id": manager_id,
                "at_end": outcome if closed and closed.year == YEAR else "open",
                "working_days": (closed - received).days * 5 // 7 if closed else None,
                "appealed_on": None, "appeal_outcome": ""})
            for rule, key, weeks in (("GL-06", "management", 2), ("GL-10", "answer", 4)):
                due = received + timedelta(weeks=weeks)
                late = max(0, (closed - due).days) if closed else 0
                deadlines.append({
                    "case_id": case_id, "organization_id": organization_id,
                    "procedure_id": "gl/complaint", "received_on": received,
                    "handler_id": manager_id, "rule": rule,
                    "key": key, "due": due, "status": ("missed" if late else "met")
                    if closed else "open", "days_late": late, "late_unit": "calendar_days"})
            if case_id % 50 == 0:
                actions.append({"case_id": case_id, "description": "Tiltak",
                                "owner_id": manager_id, "due_on": received,
                                "done_on": closed, "follow_up": ""})
        benchdb.copy_rows(Case, cases)
        benchdb.copy_rows(CaseFigures, figures)
        benchdb.copy_rows(DeadlineFigures, deadlines)
        benchdb.copy_rows(CorrectiveAction, actions)
        print(f"  {min(count, start + CHUNK):,} cases written", flush=True)
    started = time.perf_counter()
    cells_rebuild()  # what each write keeps step by step, counted once after the bulk load
    print(f"cells counted in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("select setval(pg_get_serial_sequence('cases_case', 'id'), "
                       "(select max(id) from cases_case))")
        cursor.execute("vacuum analyze")
    return organization_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database", default=DATABASE, help="made anew: its data is lost")
    parser.add_argument("--smoke", action="store_true",
                        help="200 cases in a database of its own, dropped afterwards")
    args = parser.parse_args()
    if args.smoke:
        args.cases = 200
    with benchdb.bench_database(args.database, smoke=args.smoke, fresh=True):
        return measure(args.cases)


def _timed(work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(count: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ombud.reports.selectors import Scope, annual

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organization_id = generate(count)
    print(f"generated {count:,} cases in {time.perf_counter() - started:.0f} s")

    def plain_count():
        with connection.cursor() as cursor:
            cursor.execute("select count(*) from reports_casefigures where organization_id = %s "
                           "and received_on between %s and %s",
                           [organization_id, date(YEAR, 1, 1), date(YEAR, 12, 31)])
            return cursor.fetchone()[0]

    counting, counted = _timed(plain_count)
    reporting, report = _timed(lambda: annual(Scope(organization_id, YEAR)))
    assert counted == report.received == count, (counted, report.received)
    assert sum(n for _, n in report.outcomes) == count
    assert sum(row.settled + row.open for row in report.deadlines) == 2 * count
    print(f"count(*) of the same {counted:,} rows: median {counting * 1000:.0f} ms "
          f"of {RUNS} runs")
    print(f"annual report, every figure and the year before: median {reporting * 1000:.0f} ms "
          f"of {RUNS} runs ({reporting / counting:.1f}x the count)")
    print(f"received {report.received:,}; median handling {report.handling.median} working "
          f"days; corrective actions {report.actions_opened:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
