"""Staff pages at scale (issue 4): the queue page and a 200-event case page, at 100,000 or
1,000,000 cases on PostgreSQL, beside Django's minimal view in the same process and run.

    .venv/bin/python bench/bench_pages.py --generate 1000000   # once: builds ombud_bench
    .venv/bin/python bench/bench_pages.py                        # measures
    .venv/bin/python bench/bench_pages.py --smoke                # the test command's check

Server time is measured in-process with Django's test client: the whole middleware stack,
sessions and authentication included, without network noise. Every page is requested 300 times
after a warm-up; p50 and p95 are reported with the ratio to the minimal view. The database is
``ombud_bench`` (``--database``) on the PostgreSQL server OMBUD_DATABASE_URL names. ``--smoke``
generates 200 cases in a database of its own, requests every page three times and drops it:
seconds, no timing asserted, but every page must answer 200.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"  # the minimal view is in its URLs
os.environ.setdefault("OMBUD_DEMO", "1")

import benchdb  # noqa: E402

NOW = "2026-01-01T00:00:00+00:00"
CHUNK = 50_000  # cases held in memory at once


def generate(count: int, long_cases: int = 10, long_events: int = 200) -> None:
    """Five organizations through the demo seeding, then ``count`` cases in DNV by COPY,
    each with its received event (hash-chained) and complainant, and ``long_cases`` cases of
    ``long_events`` events."""
    from django.core.management import call_command

    from ombud.cases import services
    from ombud.cases.models import Case, CaseEvent, Party
    from ombud.demo.seed import seed_meetings, seed_organizations
    from ombud.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        seed_organizations()
        seed_meetings()
    dnv = Organization.objects.get(slug="dnv")
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    for start in range(first_id, first_id + count, CHUNK):
        rows = list(bench_rows(dnv.pk, start, min(CHUNK, first_id + count - start)))
        benchdb.copy_rows(Case, (case for case, _, _ in rows))
        benchdb.copy_rows(CaseEvent, (event for _, event, _ in rows))
        benchdb.copy_rows(Party, (party for _, _, party in rows))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select setval(pg_get_serial_sequence('cases_case', 'id'), "
                       "(select max(id) from cases_case))")
        cursor.execute("analyze")
    handler = dnv.memberships.filter(role="handler").first().user
    for _ in range(long_cases):
        long_case(services, dnv, handler, long_events)


def bench_rows(organization_id: int, first_id: int, count: int):
    """(case, received event, complainant) rows for ``count`` DNV cases from ``first_id`` on."""
    from ombud.cases.history import digest, event_content

    rng = random.Random(first_id)
    today = date.today()
    for case_id in range(first_id, first_id + count):
        received = today - timedelta(days=rng.randint(0, 3 * 365))
        kind = rng.choice(["dnv/complaint", "dnv/objection", "dnv/data_request"])
        state = rng.choice(["open", "open", "answered", "declined", "withdrawn"])
        name = f"Kandidaat {case_id}"
        reference = f"BENCH-{case_id}"
        data = {"channel": "email", "decision_on": (received - timedelta(days=5)).isoformat()}
        hashed = digest(event_content(case=reference, seq=1, prev="", type="received",
                                      on=received, data=data,
                                      actor={"id": None, "username": "", "name": ""},
                                      recorded_at=NOW))
        case = {"id": case_id, "organization_id": organization_id, "reference": reference,
                # a year per 900,000 cases keeps numbers at 6 digits
                "year": 3000 + case_id // 900_000, "number": case_id % 900_000 + 1,
                "procedure_id": kind, "procedure_version": "2021-06-18",
                "title": "Benchmark case", "channel": "email", "received_on": received,
                "complainant_name": name, "language": "nl", "state": state,
                "next_due": received + timedelta(days=42) if state == "open"
                else date(9999, 12, 31),
                "next_due_key": "answer", "next_due_rule": "DNV-K-17", "event_count": 1,
                "last_hash": hashed, "created_at": NOW, "updated_at": NOW}
        event = {"case_id": case_id, "seq": 1, "type": "received", "on": received, "data": data,
                 "recorded_at": NOW, "prev_hash": "", "hash": hashed}
        party = {"case_id": case_id, "role": "complainant", "name": name}
        yield case, event, party


def long_case(services, organization, handler, events: int = 200):
    """A DNV complaint with ``events`` events in its file, recorded through the services."""
    start = date.today() - timedelta(days=150)
    case = services.case_register(
        organization=organization, procedure_id="dnv/complaint", channel="email",
        received_on=start, title="Lange zaak", complainant=services.PartyDetails("Lang Dossier"),
        actor=handler, details={"about": "conduct"})
    for index in range(events - 1):
        services.case_note(case=case, text=f"Notitie {index}", actor=handler)
    return case


def timed(client, path: str, runs: int) -> list[float]:
    for _ in range(min(20, runs)):  # warm-up
        client.get(path)
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1e3)
        assert response.status_code == 200, (path, response.status_code)
    return found


def count_queries(connection, client, path: str) -> list[str]:
    found: list[str] = []

    def record(execute, sql, params, many, context):
        found.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    return found


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from ombud.cases.models import Case

    total = Case.objects.count()
    long_one = Case.objects.order_by("-event_count", "-id").first()
    skipped = min(50_000, total // 2)
    middle = Case.objects.filter(organization__slug="dnv").order_by("next_due", "id")[
        skipped:skipped + 1]
    cursor = f"{middle[0].next_due}_{middle[0].id}" if middle else ""
    client = Client()
    client.force_login(get_user_model().objects.get(username="dnv-handler"))
    pages = {
        "minimal Django view (baseline)": "/minimal/",
        "queue, first page": "/dnv/cases/",
        f"queue, page after {skipped:,} rows": f"/dnv/cases/?after={cursor}",
        "queue, filtered: objections, open": "/dnv/cases/?type=dnv/objection&state=open",
        "queue, overdue": "/dnv/cases/?overdue=1",
        "queue, search by reference": f"/dnv/cases/?q={long_one.reference}",
        "queue, search by name prefix": "/dnv/cases/?q=Kandidaat 12345",
        f"case page, {long_one.event_count} events": f"/dnv/cases/{long_one.reference}/",
    }
    print(f"{total:,} cases on {connection.vendor}; {runs} requests per page")
    baseline = None
    for name, path in pages.items():
        queries = count_queries(connection, client, path)
        times = timed(client, path, runs)
        p50, p95 = statistics.median(times), sorted(times)[math.ceil(runs * 0.95) - 1]
        baseline = baseline or p95
        print(f"  {name:<38} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  "
              f"({p95 / baseline:5.1f}x baseline p95, {len(queries)} queries)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="add this many cases first")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database", default="ombud_bench")
    parser.add_argument("--smoke", action="store_true",
                        help="200 cases in a database of its own, 3 runs a page, then drop it")
    args = parser.parse_args()
    with benchdb.bench_database(args.database, smoke=args.smoke, fresh=False):
        import django

        django.setup()
        started = time.perf_counter()
        if args.smoke:
            generate(200, long_cases=1, long_events=20)
        elif args.generate:
            generate(args.generate)
        if args.smoke or args.generate:
            count = 200 if args.smoke else args.generate
            print(f"generated {count:,} cases in {time.perf_counter() - started:.0f} s")
        measure(3 if args.smoke else args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
