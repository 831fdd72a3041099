"""django-helpdesk's public ticket form, POSTed in-process beside a minimal POST view: run inside
the virtual environment bench/bench_helpdesk.py makes (django-helpdesk is not one of Ombud's
dependencies). The same method as bench/bench_intake.py: Django's test client (the whole
middleware stack, CSRF included, no network), the form fetched before the clock starts, one POST
of each per round, queries counted per request. Prints one JSON line per measured view."""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_helpdesk"

import django  # noqa: E402

FORM = "/helpdesk/tickets/submit/"
FIELDS = {"title": "Endret turnus på kort varsel",
          "body": "Arbeidslederen endrer turnusen min med en dags varsel. "
                  "Jeg trenger forutsigbarhet.",
          "priority": "3", "submitter_email": "sanne@example.org", "due_date": ""}


def prepare() -> str:
    """Migrate, and a queue that takes public submissions; its id is the form's choice."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from helpdesk.models import Queue

    queue, _ = Queue.objects.get_or_create(
        slug="complaints", defaults={"title": "Complaints", "allow_public_submission": True})
    return str(queue.id)


def timed(client, path: str, data: dict, expected: int, into: dict | None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(path, data)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != expected:
        raise SystemExit(f"{path} answered {response.status_code}, not {expected}:\n"
                         f"{response.content.decode()[:3000]}")
    if into is not None:
        into["seconds"].append(seconds)
        into["cpu"].append(cpu)
        into["queries"].append(len(queries))


def main(rounds: int, warm_up: int) -> None:
    django.setup()
    queue = prepare()
    from django.test import Client
    from helpdesk.models import Ticket

    before = Ticket.objects.count()
    form, minimal = ({"seconds": [], "cpu": [], "queries": []} for _ in range(2))
    client, baseline = Client(enforce_csrf_checks=True), Client()
    for number in range(warm_up + rounds):
        counted = number >= warm_up
        page = client.get(FORM).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {**FIELDS, "queue": queue, "csrfmiddlewaretoken": token}
        timed(client, FORM, data, 302, form if counted else None)
        timed(baseline, "/minimal/", FIELDS, 200, minimal if counted else None)
    made = Ticket.objects.count() - before
    if made != warm_up + rounds:
        raise SystemExit(f"FAILED: {warm_up + rounds} POSTs made {made} tickets")
    for name, measured in (("django-helpdesk public ticket POST", form),
                           ("minimal Django POST view (helpdesk's)", minimal)):
        print(json.dumps({"name": name, "median": statistics.median(measured["seconds"]),
                          "cpu": statistics.median(measured["cpu"]),
                          "p95": sorted(measured["seconds"])[int(.95 * rounds)],
                          "queries": statistics.median(measured["queries"]),
                          "posts": rounds}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
