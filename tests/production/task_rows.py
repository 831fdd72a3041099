"""Print the task table as JSON: {task path: {status: count}} and how many due rows wait; once
for every line read from standard input, until it ends (one Python start for every look a test
takes at the table, not one each). Run as a script by the tests, in the environment of the
processes under test."""

import json
import os
import sys
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
django.setup()

from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402


def rows() -> dict:
    counts: dict[str, Counter] = {}
    future: Counter = Counter()
    for path, status, run_after in DBTaskResult.objects.values_list("task_path", "status",
                                                                    "run_after"):
        counts.setdefault(path, Counter())[status] += 1
        if status == "READY" and run_after is not None and run_after > timezone.now() \
                and run_after.year < 9999:
            future[path] += 1
    return {"counts": counts, "future": future}


for _ in sys.stdin:
    print(json.dumps(rows()), flush=True)
