"""Staff pages at scale (issue 4): the queue page and a 200-event case page, at 100,000 or
1,000,000 cases on PostgreSQL, beside Django's minimal view in the same process and run.

    .venv/bin/python bench/bench_pages.py --generate 1000000   # once: builds ombud_bench
    .venv/bin/python bench/bench_pages.py                        # measures

Server time is measured in-process with Django's test client: the whole middleware stack,
sessions and authentication included, without network noise. Every page is requested 300 times
after a warm-up; p50 and p95 are reported with the ratio to the minimal view.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("OMBUD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ombud_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings_bench")
os.environ.setdefault("OMBUD_DEMO", "1")


def ensure_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        if not c.execute("select 1 from pg_database where datname = 'ombud_bench'").fetchone():
            c.execute("create database ombud_bench")


def generate(count: int) -> None:
    """Five organizations through the demo seeding, then ``count`` cases in DNV by COPY,
    each with its received event (hash-chained) and complainant, and ten cases of 200 events."""
    from django.core.management import call_command
    from django.db import connection

    from ombud.cases import services
    from ombud.cases.history import digest as event_digest
    from ombud.cases.history import event_content
    from ombud.demo.seed import seed_meetings, seed_organizations
    from ombud.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        seed_organizations()
        seed_meetings()
    dnv = Organization.objects.get(slug="dnv")
    rng = random.Random(7)
    today = date.today()
    first_id = (connection.cursor().execute("select coalesce(max(id), 0) from cases_case")
                .fetchone()[0]) + 1
    cases, events, parties = io.StringIO(), io.StringIO(), io.StringIO()
    now = "2026-01-01T00:00:00+00:00"
    for offset in range(count):
        case_id = first_id + offset
        received = today - timedelta(days=rng.randint(0, 3 * 365))
        kind = rng.choice(["dnv/complaint", "dnv/objection", "dnv/data_request"])
        state = rng.choice(["open", "open", "answered", "declined", "withdrawn"])
        due = received + timedelta(days=42) if state == "open" else date(9999, 12, 31)
        name = f"Kandidaat {case_id}"
        year = 3000 + case_id // 900_000  # a year per 900,000 cases keeps numbers at 6 digits
        number = case_id % 900_000 + 1
        cases.write(f"{case_id}\t{dnv.pk}\tBENCH-{case_id}\t{year}\t{number}\t{kind}\t2021-06-18"
                    f"\tBenchmark case\temail\t{received}\t{name}\t{state}\t\\N\t{due}\tanswer\t"
                    f"DNV-K-17\t1\t{'0' * 64}\t{now}\t{now}\n")
        data = '{"channel": "email", "decision_on": "%s"}' % (received - timedelta(days=5))
        digest = event_digest(event_content(
            case=f"BENCH-{case_id}", seq=1, prev="", type="received", on=received,
            data={"channel": "email", "decision_on": (received - timedelta(days=5)).isoformat()},
            actor={"id": None, "username": "", "name": ""}, recorded_at=now))
        events.write(f"{case_id}\t1\treceived\t{received}\t{data}\t\\N\t\\N\t\t\t{now}\t\t"
                     f"{digest}\n")
        parties.write(f"{case_id}\tcomplainant\t{name}\t\t\t\n")
    with connection.cursor() as cursor:
        copy = cursor.connection.cursor()
        with copy.copy("COPY cases_case (id, organization_id, reference, year, number, "
                       "procedure_id, procedure_version, title, channel, received_on, "
                       "complainant_name, state, handler_id, next_due, next_due_key, "
                       "next_due_rule, event_count, last_hash, created_at, updated_at) "
                       "FROM STDIN") as stream:
            stream.write(cases.getvalue())
        with copy.copy("COPY cases_caseevent (case_id, seq, type, \"on\", data, actor_id, "
                       "actor_user_id, actor_username, actor_name, recorded_at, prev_hash, "
                       "hash) FROM STDIN") as stream:
            stream.write(events.getvalue())
        with copy.copy("COPY cases_party (case_id, role, name, email, phone, address) "
                       "FROM STDIN") as stream:
            stream.write(parties.getvalue())
        cursor.execute("select setval(pg_get_serial_sequence('cases_case', 'id'), "
                       "(select max(id) from cases_case))")
        cursor.execute("analyze")
    handler = dnv.memberships.filter(role="handler").first().user
    for _ in range(10):
        long_case(services, dnv, handler)


def long_case(services, organization, handler):
    """A DNV complaint with 200 events in its file, recorded through the services."""
    start = date.today() - timedelta(days=150)
    case = services.case_register(
        organization=organization, procedure_id="dnv/complaint", channel="email",
        received_on=start, title="Lange zaak", complainant=services.PartyDetails("Lang Dossier"),
        actor=handler, details={"about": "conduct"})
    for index in range(199):
        services.case_note(case=case, text=f"Notitie {index}", actor=handler)
    return case


def timed(client, path: str, runs: int) -> list[float]:
    for _ in range(20):
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
    long_one = Case.objects.filter(event_count__gte=200).order_by("-id").first()
    middle = Case.objects.filter(organization__slug="dnv").order_by("next_due", "id")[50_000:50_001]
    cursor = f"{middle[0].next_due}_{middle[0].id}" if middle else ""
    client = Client()
    client.force_login(get_user_model().objects.get(username="dnv-handler"))
    pages = {
        "minimal Django view (baseline)": "/minimal/",
        "queue, first page": "/dnv/cases/",
        "queue, page after 50,000 rows": f"/dnv/cases/?after={cursor}",
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
        p50, p95 = statistics.median(times), sorted(times)[int(runs * 0.95) - 1]
        baseline = baseline or p95
        print(f"  {name:<38} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  "
              f"({p95 / baseline:5.1f}x baseline p95, {len(queries)} queries)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--generate", type=int, default=0, help="add this many cases first")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    if args.generate:
        started = time.perf_counter()
        generate(args.generate)
        print(f"generated {args.generate:,} cases in {time.perf_counter() - started:.0f} s")
    measure(args.runs)
