"""The nightly retention job, through Django's tasks API: it books its next night itself, and
the worker's start makes up a missed one (``ombud.schedule``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from ombud import schedule
from ombud.retention import services


@task()
def apply_retention() -> dict[str, int]:
    """Carry out every procedure's retention and clear what the settings say is old enough."""
    try:
        done = services.retention_apply(today=timezone.localdate())
        cleared = services.aged_clear()
    finally:
        schedule.enqueue_once(apply_retention, run_after=schedule.next_retention_at())
    return {**done, **cleared}
