"""``ombud audit verify`` at scale (issue 9): N cases of three hash-chained entries each (received,
acknowledged, answered) in a PostgreSQL database of its own, sealed, then verified; beside a
baseline measured in the same run: hashing the same content bytes once with hashlib, without a
database. Since hashing version 3 (each field through a salted digest, issue 14) the same N
cases are also written as version 2 entries (another organization) and verified beside them:
what erasable entries cost the check.

    .venv/bin/python bench/bench_audit_verify.py                 # 1,000,000 cases
    .venv/bin/python bench/bench_audit_verify.py --cases 100000
    .venv/bin/python bench/bench_audit_verify.py --smoke         # the test command's check

The database (``ombud_audit_bench`` on the PostgreSQL server OMBUD_DATABASE_URL names) is made
anew on every run; cases are written with COPY, their hashes computed here the way Ombud computes
them (ombud.cases.history). ``--smoke``: 200 cases in a database of its own, dropped afterwards;
no timing asserted, but the chains must verify.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
os.environ.setdefault("OMBUD_DEMO", "1")

import benchdb  # noqa: E402

DATABASE = "ombud_audit_bench"
CHUNK = 50_000
NOW = "2026-01-01T00:00:00+00:00"


def snapshot(user) -> dict:
    return {"id": user.pk, "username": user.username, "name": user.get_full_name()}


def chain_of(reference: str, received: date, people: dict, party_id: int,
             version: int) -> list[tuple]:
    """The three entries of one case: (type, on, data, actor, canonical content, prev, salts),
    hashed in ``version`` (3: Ombud's now; 2: entries written before issue 14)."""
    from ombud.cases.history import V2, canonical, event_content, hashed_fields, salts_for

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
        salts = salts_for(data) if version == 3 else None
        hashed, hashed_actor = hashed_fields(data, actor, salts, None) if salts else (data, actor)
        fields = event_content(case=reference, seq=seq, prev=prev, type=event_type, on=on,
                               data=hashed, actor=hashed_actor, recorded_at=NOW)
        if version == V2:
            fields["v"] = V2
        content = canonical(fields)
        entries.append((event_type, on, data, actor, content, prev, salts))
        prev = hashlib.sha256(content).hexdigest()
    return entries


def generate(count: int, slug: str = "dnv", version: int = 3, first_id: int = 1,
             found: dict | None = None) -> float:
    """Write ``count`` cases in the organization ``slug``, their chains in hashing ``version``,
    ids from ``first_id``; returns the seconds spent hashing their content once (the baseline),
    timed around the hashing alone."""
    from django.db import connection

    from ombud.cases.models import Case, CaseEvent, Party
    from ombud.demo.seed import seed_organizations
    from ombud.orgs.models import Organization

    found = found or seed_organizations()
    dnv_people = {role: snapshot(user) for role, user in found[slug].items()}
    organization = Organization.objects.get(slug=slug)
    organization_id = organization.pk
    baseline = 0.0
    for start in range(first_id - 1, first_id - 1 + count, CHUNK):
        cases, events, parties = [], [], []
        for case_id in range(start + 1, min(first_id - 1 + count, start + CHUNK) + 1):
            year, number = 3000 + case_id // 900_000, case_id % 900_000 + 1
            reference = f"{organization.reference_prefix}-{year}-{number:06d}"
            received = date(2026, 1, 1) - timedelta(days=case_id % 700)
            entries = chain_of(reference, received, dnv_people, case_id, version)
            started = time.perf_counter()
            hashes = [hashlib.sha256(entry[4]).hexdigest() for entry in entries]
            baseline += time.perf_counter() - started
            cases.append({
                "id": case_id, "organization_id": organization_id, "reference": reference,
                "year": year, "number": number, "procedure_id": "dnv/inspection",
                "procedure_version": "2021-06-18", "title": "Inzage praktijkexamen",
                "channel": "email", "received_on": received,
                "complainant_name": f"Kandidaat {reference}", "language": "nl",
                "state": "answered", "next_due": date(9999, 12, 31), "event_count": 3,
                "last_hash": hashes[-1], "created_at": NOW, "updated_at": NOW})
            for seq, ((event_type, on, data, actor, _c, prev, salts), digest) in enumerate(
                    zip(entries, hashes, strict=True), start=1):
                events.append({
                    "case_id": case_id, "seq": seq, "type": event_type, "on": on, "data": data,
                    "actor_id": actor["id"], "actor_user_id": actor["id"],
                    "actor_username": actor["username"], "actor_name": actor["name"],
                    "recorded_at": NOW, "prev_hash": prev, "hash": digest, "salts": salts})
            parties.append({"id": case_id, "case_id": case_id, "role": "complainant",
                            "name": f"Kandidaat {reference}"})
        benchdb.copy_rows(Case, cases)
        benchdb.copy_rows(CaseEvent, events)
        benchdb.copy_rows(Party, parties)
        print(f"  {min(first_id - 1 + count, start + CHUNK) - first_id + 1:,} cases written "
              f"(version {version})", flush=True)
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_party"):
            cursor.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(select max(id) from {table}))")
        cursor.execute("vacuum analyze")
    return baseline


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


def measure(count: int) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from ombud.audit import keys
    from ombud.audit.seal import seal_all
    from ombud.audit.verify import verify

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    from ombud.demo.seed import seed_organizations

    found = seed_organizations()
    baseline = generate(count, found=found)
    print(f"generated {count:,} cases in {time.perf_counter() - started:.0f} s")
    # the same cases, as written before version 3
    generate(count, slug="ne", version=2, first_id=count + 1, found=found)
    with tempfile.TemporaryDirectory() as folder:
        settings.OMBUD_SEAL_KEY = str(Path(folder) / "seal-key.pem")
        keys.generate(settings.OMBUD_SEAL_KEY)
        started = time.perf_counter()
        seal_all(organization="dnv")
        sealing = time.perf_counter() - started
        seal_all(organization="ne")
        timings = {}
        for slug in ("ne", "dnv"):  # version 2 first: the same warm cache for version 3
            started, cpu = time.perf_counter(), time.process_time()
            report = verify(slug)
            timings[slug] = (time.perf_counter() - started, time.process_time() - cpu, report)
            assert not report.problems, report.problems[:5]
            assert (report.cases, report.events) == (count, 3 * count)
    verifying, verifying_cpu, report = timings["dnv"]
    print(f"seal (DNV, {count:,} heads): {sealing:.1f} s")
    print(f"verify: {report.cases:,} cases, {report.events:,} entries in {verifying:.1f} s "
          f"({verifying / report.events * 1e6:.1f} µs an entry; {verifying_cpu:.1f} s of CPU in "
          f"this process, the rest is PostgreSQL and waiting for a shared core)")
    old, old_cpu, _report = timings["ne"]
    print(f"verify, the same cases in hashing version 2: {old:.1f} s ({old_cpu:.1f} s of CPU); "
          f"ratio version 3 / version 2: {verifying / old:.2f}x")
    print(f"baseline, hashing the same content bytes once with hashlib: {baseline:.2f} s")
    print(f"ratio verify / baseline: {verifying / baseline:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
