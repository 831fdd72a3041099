"""Background work for mail, through Django's tasks API. The outbox table is the truth: a task
lost in a crash loses nothing, because the next run (or the worker's start) finds the rows."""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from ombud import schedule
from ombud.mail import outbox

RUN_SECONDS = 60  # one run sends batch after batch for at most this long, then makes way


@task()
def deliver_outbox() -> dict[str, int]:
    """Send what is due; while messages wait for a retry, come back when the first one is due."""
    sent = failed = 0
    started = time.monotonic()
    try:
        while time.monotonic() - started < RUN_SECONDS:
            batch_sent, batch_failed = outbox.deliver_due()
            sent, failed = sent + batch_sent, failed + batch_failed
            if batch_sent + batch_failed == 0:
                break
    finally:
        _come_back_for_retries()
    return {"sent": sent, "failed": failed}


def _come_back_for_retries() -> None:
    upcoming = outbox.next_due_at()
    if upcoming is not None:
        schedule.enqueue_once(deliver_outbox, run_after=max(upcoming, timezone.now())
                              + timedelta(seconds=1))
