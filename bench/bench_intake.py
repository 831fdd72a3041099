"""One public submission, per request (issue 15, item 4): the form's POST on PostgreSQL,
in-process, beside Django's minimal POST view in the same run.

    .venv/bin/python bench/bench_intake.py [--posts 300]
    .venv/bin/python bench/bench_intake.py --smoke    # the test command's check

Server time is measured in-process with Django's test client (the whole middleware stack,
sessions and CSRF included, no network), as the figures it is compared with were: a POST of the
PP complaint form with its proof of work solved, answered with the redirect to the receipt, each
from a complainant's own browser and address.
Fetching the form and solving its puzzle happen before the clock starts: the complainant's
browser does that work, not the server. The minimal view parses a POST of the same fields and
answers; the two are measured in turns, one of each per round, so that the machine's load falls
on both alike. Queries are counted per request (CaptureQueriesContext).

What the complainant does not wait for (the receipt's PDF, its mail) is the worker's: after the
timed POSTs the worker's queue is run once, and every case must then hold its receipt PDF and
its receipt in the outbox. ``--smoke``: 5 rounds in a database of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"  # the minimal view is in its URLs
os.environ.setdefault("OMBUD_DEMO", "1")
# A small puzzle: solving it is the browser's time.
os.environ["OMBUD_PROOF_OF_WORK_MAX"] = "1000"
os.environ["OMBUD_VIRUS_SCANNER"] = ""

import benchdb  # noqa: E402

DATABASE = "ombud_intake"
FORM = "/pp/complaint/new/"
FIELDS = {"website": "", "filer": "participant", "name": "Sanne de Vries",
          "email": "sanne@example.org", "phone": "", "address": "Dorpsstraat 1, 1234 AB Utrecht",
          "about": "inclusion", "title": "Endret turnus på kort varsel",
          "description": "Arbeidslederen endrer turnusen min med en dags varsel.",
          "reasons": "Jeg trenger forutsigbarhet.", "consent": "on"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Measured:
    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds: list[float] = []
        self.cpu: list[float] = []  # the process's CPU time: what a loaded machine disturbs least
        self.queries: list[int] = []

    def line(self) -> str:
        return (f"{self.name:<34} median {statistics.median(self.seconds) * 1000:6.2f} ms  "
                f"p95 {percentile(self.seconds, .95) * 1000:6.2f} ms  CPU median "
                f"{statistics.median(self.cpu) * 1000:6.2f} ms  queries median "
                f"{statistics.median(self.queries):.0f} max {max(self.queries)}  "
                f"({len(self.seconds)} POSTs)")


def prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from ombud.demo.seed import seed_meetings, seed_organizations
    from ombud.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        seed_organizations()
        seed_meetings()
    import ombud.wsgi  # noqa: F401  (the web process as it serves: its collector's settings)


def opened_form(client) -> dict[str, str]:
    """What the browser sends: the fields, the form's key and the solved puzzle."""
    import html
    import json
    import re

    from ombud.public import abuse

    page = client.get(FORM).content.decode()
    key = re.search(r'name="key" value="([^"]*)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', page).group(1)
    puzzle = json.loads(html.unescape(re.search(r"data-puzzle='([^']*)'", page).group(1)))
    return {**FIELDS, "key": key, "proof": abuse.solve(puzzle), "csrfmiddlewaretoken": token}


def timed_post(client, path: str, data: dict, measured: Measured | None,
               expected: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(path, data)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != expected:
        raise SystemExit(f"{path} answered {response.status_code}, not {expected}:\n"
                         f"{response.content.decode()[:2000]}")
    if measured is not None:
        measured.seconds.append(seconds)
        measured.cpu.append(cpu)
        measured.queries.append(len(queries))


def complainant(number: int):
    """The browser of one complainant, from an address of its own: as many people file, not one
    address hundreds of times an hour (which the hourly limit would stop; the limit is still
    asked, and counted, on every POST). Its CSRF token is checked, as a browser's is (and as
    measure.py has django-helpdesk's checked)."""
    from django.test import Client

    return Client(enforce_csrf_checks=True,
                  REMOTE_ADDR=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}")


def measure(rounds: int, warm_up: int) -> tuple[Measured, Measured, list[str]]:
    from django.test import Client

    intake, minimal = Measured("public form POST (PP complaint)"), Measured(
        "minimal Django POST view")
    # The minimal view's browser is never given a session by the form's answers.
    baseline, keys = Client(REMOTE_ADDR="192.0.2.8"), []
    for number in range(warm_up + rounds):
        counted = number >= warm_up
        client = complainant(number)
        data = opened_form(client)
        timed_post(client, FORM, data, intake if counted else None, 302)
        keys.append(data["key"])
        timed_post(baseline, "/minimal-post/", FIELDS, minimal if counted else None, 200)
    return intake, minimal, keys


def worker_done(keys: list[str]) -> tuple[int, int, int]:
    """Run what the POSTs left the worker; (cases, receipt PDFs, receipts in the outbox)."""
    from django_tasks_db.models import DBTaskResult

    from ombud.cases.models import Document
    from ombud.mail.models import OutboxMessage
    from ombud.public.models import Submission

    started = time.perf_counter()
    from django.core.management import call_command

    from ombud import schedule

    schedule.poll_until_done()  # what every worker looks for: submissions owed a follow-up
    call_command("db_worker", batch=True, verbosity=0)
    print(f"worker: {time.perf_counter() - started:.1f} s for what {len(keys)} POSTs left it; "
          f"{DBTaskResult.objects.filter(status='FAILED').count()} tasks failed")
    cases = Submission.objects.filter(key__in=keys).values_list("case_id", flat=True)
    return (len(cases), Document.objects.filter(case_id__in=cases, kind="letter").count(),
            OutboxMessage.objects.filter(case_id__in=cases, kind="receipt").count())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--database", default=DATABASE, help="made anew: its data is lost")
    parser.add_argument("--smoke", action="store_true", help="5 POSTs, no timing asserted")
    options = parser.parse_args()
    rounds, warm_up = (5, 2) if options.smoke else (options.posts, 20)
    with benchdb.bench_database(options.database, smoke=options.smoke, fresh=True):
        prepare()
        intake, minimal, keys = measure(rounds, warm_up)
        from django.db import connection

        print(f"{len(keys)} submissions on {connection.vendor}, in-process, "
              f"{warm_up} of each not counted (warm-up)")
        print(intake.line())
        print(minimal.line())
        ratio = statistics.median(intake.seconds) / statistics.median(minimal.seconds)
        print(f"ratio of the medians: the form's POST costs {ratio:.1f}x the minimal view's")
        cases, pdfs, receipts = worker_done(keys)
        print(f"after the worker: {cases} cases, {pdfs} receipt PDFs, {receipts} receipts in "
              f"the outbox")
        if not cases == pdfs == receipts == len(keys):
            raise SystemExit("FAILED: a submission lacks its case, receipt PDF or mail")


if __name__ == "__main__":
    main()
