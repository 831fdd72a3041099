"""Background work for cases, through Django's tasks API (the database backend in the demo).
Task bodies are calls into services."""

from django_tasks import task

from ombud import schedule
from ombud.cases import notifications, reminders, services


@task()
def sweep_deadlines() -> dict[str, int]:
    """The nightly sweep: refresh every case that is not closed as of today, remind handlers of
    what is due soon and flag what was missed; then book the next night."""
    try:
        refreshed = services.cases_refresh()
        reminded, missed = reminders.remind_and_flag()
    finally:
        schedule.enqueue_once(sweep_deadlines, run_after=schedule.next_sweep_at())
    return {"refreshed": refreshed, "reminded": reminded, "missed": missed}


@task()
def send_digests() -> dict[str, int]:
    """The morning digest of notifications, one message per person per day (a second run the
    same day writes none); then book the next morning."""
    try:
        sent = notifications.digests_send()
    finally:
        schedule.enqueue_once(send_digests, run_after=schedule.next_digest_at())
    return {"digests": sent}
