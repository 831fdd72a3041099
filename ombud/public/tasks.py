"""Tasks of the public side that task rows written before December 2026 may still name: a web
submission's follow-up was then booked as a task in the transaction that filed it. Its row
(``Submission.followed_up``) is what owes it now, found by every worker's polling
(``schedule.Polling``); a task row left from before does the same work, once."""

from __future__ import annotations

from django_tasks import task

from ombud.public import follow_up


@task()
def filing_follow_up(case_id: int) -> bool:
    return follow_up.filing_follow_up(case_id)


@task()
def submissions_owed() -> int:
    return follow_up.follow_up_owed()
