"""``ombud audit verify`` at scale (issue 9): N cases of three hash-chained entries each (received,
acknowledged, answered) in a PostgreSQL database of its own, sealed, then verified; beside a
baseline measured in the same run: hashing the same content bytes once with hashlib, without a
database.

    .venv/bin/python bench/bench_audit_verify.py                 # 1,000,000 cases
    .venv/bin/python bench/bench_audit_verify.py --cases 100000

The database (``ombud_audit_bench``) is made anew on every run; cases are written with COPY, their
hashes computed here the way Ombud computes them (ombud.cases.history).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DATABASE = "ombud_audit_bench"
os.environ["OMBUD_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
os.environ.setdefault("OMBUD_DEMO", "1")
CHUNK = 50_000
NOW = "2026-01-01T00:00:00+00:00"


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f"drop database if exists {DATABASE} with (force)")
        c.execute(f"create database {DATABASE}")


def snapshot(user) -> dict:
    return {"id": user.pk, "username": user.username, "name": user.get_full_name()}


def chain_of(reference: str, received: date, people: dict, party_id: int) -> list[tuple]:
    """The three entries of one case: (type, on, data, actor, canonical content, prev)."""
    from ombud.cases.history import canonical, event_content

    name = f"Kandidaat {reference}"
    steps = [("received", received, {"channel": "email", "title": "Inzage praktijkexamen",
                                     "result_on": received.isoformat(), "complainant": {
                                         "party_id": party_id, "role": "complainant", "name": name,
                                         "email": "", "phone": "", "address": ""}},
              people["intake"]),
             ("acknowledged", received + timedelta(days=2), {}, people["handler"]),
             ("answered", received + timedelta(days=9), {
                 "outcome": "upheld", "reasons": "Inzage gegeven.", "letter": "U krijgt inzage."},
              people["handler"])]
    prev, entries = "", []
    for seq, (event_type, on, data, actor) in enumerate(steps, start=1):
        content = canonical(event_content(case=reference, seq=seq, prev=prev, type=event_type,
                                          on=on, data=data, actor=actor, recorded_at=NOW))
        entries.append((event_type, on, data, actor, content, prev))
        prev = hashlib.sha256(content).hexdigest()
    return entries


def generate(count: int) -> float:
    """Write ``count`` cases in DNV; returns the seconds spent hashing their content once (the
    baseline), timed around the hashing alone."""
    from django.db import connection

    from ombud.demo.seed import seed_organizations
    from ombud.orgs.models import Organization

    found = seed_organizations()
    dnv_people = {role: snapshot(user) for role, user in found["dnv"].items()}
    organization_id = Organization.objects.get(slug="dnv").pk
    baseline = 0.0
    for start in range(0, count, CHUNK):
        cases, events, parties = io.StringIO(), io.StringIO(), io.StringIO()
        for case_id in range(start + 1, min(count, start + CHUNK) + 1):
            year, number = 3000 + case_id // 900_000, case_id % 900_000 + 1
            reference = f"DNV-{year}-{number:06d}"
            received = date(2026, 1, 1) - timedelta(days=case_id % 700)
            entries = chain_of(reference, received, dnv_people, case_id)
            started = time.perf_counter()
            hashes = [hashlib.sha256(entry[4]).hexdigest() for entry in entries]
            baseline += time.perf_counter() - started
            cases.write(f"{case_id}\t{organization_id}\t{reference}\t{year}\t{number}\t"
                        f"dnv/inspection\t2021-06-18\tInzage praktijkexamen\temail\t{received}\t"
                        f"Kandidaat {reference}\tnl\tanswered\t\\N\t9999-12-31\t\t\t3\t"
                        f"{hashes[-1]}\t{NOW}\t{NOW}\n")
            for seq, ((event_type, on, data, actor, _c, prev), digest) in enumerate(
                    zip(entries, hashes, strict=True), start=1):
                events.write(f"{case_id}\t{seq}\t{event_type}\t{on}\t{json.dumps(data)}\t"
                             f"{actor['id']}\t{actor['id']}\t{actor['username']}\t"
                             f"{actor['name']}\t{NOW}\t{prev}\t{digest}\n")
            parties.write(f"{case_id}\t{case_id}\tcomplainant\tKandidaat {reference}\t\t\t\n")
        with connection.cursor() as cursor:
            copy = cursor.connection.cursor()
            with copy.copy("COPY cases_case (id, organization_id, reference, year, number, "
                           "procedure_id, procedure_version, title, channel, received_on, "
                           "complainant_name, language, state, handler_id, next_due, "
                           "next_due_key, next_due_rule, event_count, last_hash, created_at, "
                           "updated_at) FROM STDIN") as stream:
                stream.write(cases.getvalue())
            with copy.copy("COPY cases_caseevent (case_id, seq, type, \"on\", data, actor_id, "
                           "actor_user_id, actor_username, actor_name, recorded_at, prev_hash, "
                           "hash) FROM STDIN") as stream:
                stream.write(events.getvalue())
            with copy.copy("COPY cases_party (id, case_id, role, name, email, phone, address) "
                           "FROM STDIN") as stream:
                stream.write(parties.getvalue())
        print(f"  {min(count, start + CHUNK):,} cases written", flush=True)
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_party"):
            cursor.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(select max(id) from {table}))")
        cursor.execute("vacuum analyze")
    return baseline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    fresh_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from ombud.audit import keys
    from ombud.audit.seal import seal_all
    from ombud.audit.verify import verify

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    baseline = generate(args.cases)
    print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as folder:
        settings.OMBUD_SEAL_KEY = str(Path(folder) / "seal-key.pem")
        keys.generate(settings.OMBUD_SEAL_KEY)
        started = time.perf_counter()
        seal_all(organization="dnv")
        sealing = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        report = verify()
        verifying, verifying_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not report.problems, report.problems[:5]
    assert (report.cases, report.events) == (args.cases, 3 * args.cases)
    print(f"seal (DNV, {args.cases:,} heads): {sealing:.1f} s")
    print(f"verify: {report.cases:,} cases, {report.events:,} entries in {verifying:.1f} s "
          f"({verifying / report.events * 1e6:.1f} µs an entry; {verifying_cpu:.1f} s of CPU in "
          f"this process, the rest is PostgreSQL and waiting for a shared core)")
    print(f"baseline, hashing the same content bytes once with hashlib: {baseline:.2f} s")
    print(f"ratio verify / baseline: {verifying / baseline:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
