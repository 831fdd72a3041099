"""The nightly retention job at scale (issue 14, item 2): N closed DNV inspection cases of three
hash-chained entries each (``bench_audit_verify``'s cases, received 2024-2026), all past their
two years, anonymized by ``ombud privacy retention`` in its own process, batch by batch; its
wall time and peak resident memory beside a baseline measured in the same run: one plain
``UPDATE`` of the same rows (the cases' subject and name, their parties' details) in one
statement each. Then the dry run over the same database (nothing left to do) for its time.

    .venv/bin/python bench/bench_retention.py                 # 1,000,000 cases
    .venv/bin/python bench/bench_retention.py --cases 100000
    .venv/bin/python bench/bench_retention.py --smoke         # the test command's check
    .venv/bin/python bench/bench_retention.py --reuse         # the last run's cases, restored

The database (``ombud_retention_bench`` on the PostgreSQL server OMBUD_DATABASE_URL names) is
made anew on every run. ``--smoke``: 200 cases in a database of its own, dropped afterwards; no
timing asserted, but every case must be anonymized once and ``audit verify`` stay clean.

Measured on 4 December 2026 (2 cores shared with seven other engineers' work, PostgreSQL on the
same machine, the default batch of 500): 1,000,000 cases anonymized in 2,064 s (2.1 ms a case),
peak RSS 77 MiB (74-77 MiB for 200 cases: bounded); the plain UPDATE of the same rows 72.9 s;
ratio 28x. The job appends and hashes a chain entry per case and clears nine other tables; the
UPDATE only overwrites two.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
os.environ.setdefault("OMBUD_DEMO", "1")

import benchdb  # noqa: E402

DATABASE = "ombud_retention_bench"
TODAY = "2031-01-01"  # every case generated is past dnv/inspection's two years then
REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database", default=DATABASE, help="made anew: its data is lost")
    parser.add_argument("--smoke", action="store_true",
                        help="200 cases in a database of its own, dropped afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the cases an earlier run generated (writing a million takes a "
                             "quarter of an hour), put back as generated, and measure again")
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.reuse = 200, False
    with benchdb.bench_database(args.database, smoke=args.smoke, fresh=not args.reuse):
        return measure(args.cases, smoke=args.smoke, reuse=args.reuse)


# The command, reporting its own peak resident memory as it exits: VmHWM of its own address space
# (the kernel's ru_maxrss of a child also counts the parent's memory it was forked from).
RUN_REPORTING_PEAK = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('peak-kib ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "from ombud.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n")


def _command(*arguments: str) -> tuple[float, float, str]:
    """Run ``ombud`` in a process of its own: (wall seconds, its peak RSS in MiB, its output).
    Output goes to files: a long listing cannot fill a pipe and stall it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUN_REPORTING_PEAK, *arguments], cwd=REPO,
                              stdout=out, stderr=err, env=os.environ, check=False)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        errors = err.read().decode()
        if done.returncode != 0:
            raise SystemExit(f"ombud {' '.join(arguments)} failed:\n{errors}")
        [peak] = [line.split()[1] for line in errors.splitlines()
                  if line.startswith("peak-kib ")]
        return wall, int(peak) / 1024, out.read().decode()


def _plain_update(count: int) -> float:
    """The baseline: the same rows' personal columns set in one UPDATE per table."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET title = '-', complainant_name = '-' "
                       "WHERE id <= %s", [count])
        cursor.execute("UPDATE cases_party SET name = '-', email = '', phone = '', "
                       "address = '' WHERE case_id <= %s", [count])
    return time.perf_counter() - started


def _restore(count: int) -> None:
    """Put the cases back as ``bench_audit_verify.generate`` wrote them: no anonymized entry, the
    row's head and names as generated, nothing recorded as done."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        if cursor.fetchone()[0] != count:
            raise SystemExit(f"--reuse: the database does not hold {count:,} generated cases")
        cursor.execute("DELETE FROM cases_caseevent WHERE type = 'anonymized'")
        cursor.execute(
            "UPDATE cases_case c SET event_count = 3, last_hash = e.hash, "
            "title = 'Inzage praktijkexamen', complainant_name = 'Kandidaat ' || c.reference "
            "FROM cases_caseevent e WHERE e.case_id = c.id AND e.seq = 3 "
            "AND c.id IN (SELECT case_id FROM retention_retentiondone)")
        cursor.execute(
            "UPDATE cases_party p SET name = 'Kandidaat ' || c.reference FROM cases_case c "
            "WHERE p.case_id = c.id AND c.id IN (SELECT case_id FROM retention_retentiondone)")
        cursor.execute("DELETE FROM retention_retentiondone")
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze")


def measure(count: int, *, smoke: bool, reuse: bool = False) -> int:
    import django

    django.setup()
    from bench_audit_verify import generate
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if reuse:
        _restore(count)
        print(f"restored {count:,} cases as generated in {time.perf_counter() - started:.0f} s",
              flush=True)
    else:
        generate(count)
        print(f"generated {count:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    connection.close()  # the command's process works alone

    _wall, validate_rss, _ = _command("procedure", "validate", "--all")
    wall, peak, output = _command("privacy", "retention", "--today", TODAY)
    assert f"erase: {count}" in output, output
    print(f"retention: {count:,} cases anonymized in {wall:.1f} s "
          f"({wall / count * 1e6:.0f} µs a case), peak RSS {peak:.0f} MiB "
          f"(ombud procedure validate --all, no Django: {validate_rss:.0f} MiB)")
    dry_wall, dry_peak, dry_output = _command("privacy", "retention", "--dry-run",
                                              "--today", TODAY)
    assert "would carry out retention on 0 closed cases" in dry_output, dry_output
    print(f"dry run afterwards (nothing left): {dry_wall:.1f} s, peak RSS {dry_peak:.0f} MiB")

    from ombud.cases.models import CaseEvent
    from ombud.retention.models import RetentionDone

    assert RetentionDone.objects.count() == count
    assert CaseEvent.objects.filter(type="anonymized").count() == count
    if smoke:
        from ombud.audit.verify import verify

        report = verify()
        assert not report.problems, report.problems[:5]
        print(f"verify after retention: {report.cases} cases, no problems")
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze")
    baseline = _plain_update(count)
    print(f"baseline, a plain UPDATE of the same rows (cases and parties): {baseline:.1f} s")
    print(f"ratio retention / plain UPDATE: {wall / baseline:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
