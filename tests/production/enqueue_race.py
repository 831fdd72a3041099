"""Eight threads, each with its own database connection, ask at the same moment for the next
sweep to be booked; prints how many bookings were made. Run as a script by the tests."""

import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
django.setup()

from django.db import connection  # noqa: E402

from ombud import schedule  # noqa: E402
from ombud.cases.tasks import sweep_deadlines  # noqa: E402

ASKERS = 8
start = threading.Barrier(ASKERS)
booked: list[bool] = []


def ask() -> None:
    try:
        start.wait(timeout=30)
        booked.append(schedule.enqueue_once(sweep_deadlines, run_after=schedule.next_sweep_at()))
    finally:
        connection.close()


threads = [threading.Thread(target=ask) for _ in range(ASKERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
print(sum(booked), len(booked))
