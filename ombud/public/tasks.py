"""Background work of the public side, through Django's tasks API: the follow-up of a web
submission (``follow_up``), enqueued in the transaction that files it."""

from __future__ import annotations

from django_tasks import task

from ombud.public import follow_up


@task()
def filing_follow_up(case_id: int) -> bool:
    return follow_up.filing_follow_up(case_id)


@task()
def submissions_owed() -> int:
    """At the worker's start (``schedule.resume``): what no task is left to do."""
    return follow_up.follow_up_owed()
