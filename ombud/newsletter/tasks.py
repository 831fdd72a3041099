"""Background work for the newsletter: the processor's queue (``ombud.newsletter.sync``)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from ombud import schedule
from ombud.newsletter import sync
from ombud.newsletter.mailchimp import Mailchimp

RUN_SECONDS = 60


@task()
def sync_processor() -> dict[str, int]:
    """Send the subscriber list's changes to the processor; while some wait for a retry, come
    back when the first is due. Without a configured processor (the demo) they wait."""
    client = Mailchimp.configured()
    if client is None:
        return {"sent": 0, "failed": 0}
    sent = failed = 0
    started = time.monotonic()
    try:
        while time.monotonic() - started < RUN_SECONDS:
            batch_sent, batch_failed = sync.sync_due(client)
            sent, failed = sent + batch_sent, failed + batch_failed
            if batch_sent + batch_failed == 0:
                break
    finally:
        upcoming = sync.next_due_at()
        if upcoming is not None:
            schedule.enqueue_once(sync_processor, run_after=max(upcoming, timezone.now())
                                  + timedelta(seconds=1))
    return {"sent": sent, "failed": failed}
