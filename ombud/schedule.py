"""When background work runs. Django's tasks API has no clock, so each recurring task enqueues
its next run, and the worker's start (``ombud_worker``) enqueues what is missing: after a crash
or a restart nothing waits for a task row that died with the old worker. Tasks are safe to run
twice (the outbox claims rows; the sweep compares before it writes; reminders are deduplicated),
so a repeat costs time, never a second message. Several workers may start at once (``ombud worker
--processes N``, or one per machine): ``enqueue_once`` books under a lock, so each recurring task
has one waiting run, and django-tasks-db lets one worker claim it."""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import datetime, time, timedelta

from django.db import close_old_connections, connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult, get_date_max  # internals: pinned in pyproject

SWEEP_AT = time(2, 0)  # the nightly sweep, local time
SEAL_AT = time(3, 0)  # the nightly seal of the case histories, after the sweep's notes
DIGEST_AT = time(7, 0)  # the staff's daily digest of notifications, after the sweep's reminders
REPORTS_AT = time(4, 0)  # the annual reports to the managers, asked every night (January)
RETENTION_AT = time(2, 30)  # closed cases past their retention, before the seal takes them in


def enqueue_once(task, *, run_after: datetime | None = None) -> bool:
    """Enqueue ``task`` unless a run of it is already waiting that starts no later than asked.
    Returns whether it enqueued. The look and the booking are one transaction under a lock
    per task, so two workers starting together book one run, not two."""
    database = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=database):
        _lock(database, task.module_path)
        return _enqueue_unless_waiting(task, run_after)


def _lock(database: str, name: str) -> None:
    """PostgreSQL: an advisory lock held to the transaction's end. SQLite: the transaction
    itself is the lock (Ombud opens SQLite transactions IMMEDIATE: one writer at a time)."""
    connection = connections[database]
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _enqueue_unless_waiting(task, run_after: datetime | None) -> bool:
    waiting = DBTaskResult.objects.filter(task_path=task.module_path,
                                          status=TaskResultStatus.READY)
    # A task enqueued to run at once is stored with the largest date.
    waiting = waiting.filter(Q(run_after=get_date_max()) | Q(
        run_after__lte=run_after or timezone.now()))
    if waiting.exists():
        return False
    (task.using(run_after=run_after) if run_after else task).enqueue()
    return True


def next_sweep_at(now: datetime | None = None) -> datetime:
    return _next(SWEEP_AT, now)


def next_seal_at(now: datetime | None = None) -> datetime:
    return _next(SEAL_AT, now)


def next_digest_at(now: datetime | None = None) -> datetime:
    return _next(DIGEST_AT, now)
def next_reports_at(now: datetime | None = None) -> datetime:
    return _next(REPORTS_AT, now)


def next_retention_at(now: datetime | None = None) -> datetime:
    return _next(RETENTION_AT, now)


def _next(at: time, now: datetime | None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    tonight = timezone.make_aware(datetime.combine(now.date(), at))
    return tonight if tonight > now else tonight + timedelta(days=1)


# The tasks a worker's start enqueues, by dotted path: each app registers its own in its ready()
# (mail: the outbox, cases: the sweep, audit: the seal), so that this bottom layer imports none.
_resumed: list[str] = []


def resume_register(task_path: str) -> None:
    if task_path not in _resumed:
        _resumed.append(task_path)


def resume() -> None:
    """At the worker's start: send what the outbox holds and sweep now (a missed night is made
    up at once), and seal the case histories; each then books its next night itself."""
    for task_path in _resumed:
        enqueue_once(import_string(task_path))


# Work a worker finds for itself, beside its tasks: rows that say they are owed (a web
# submission's follow-up, ``Submission.followed_up``), written by a request that then need not
# book a task for them. Registered by dotted path in each app's ready(), like ``resume``.
_polled: list[str] = []


def poll_register(function_path: str) -> None:
    if function_path not in _polled:
        _polled.append(function_path)


def poll() -> int:
    """One turn: the owed work each registered function finds (a bounded batch of it, so that
    a worker's stop need not wait long); how much was done."""
    return sum(import_string(function_path)() for function_path in _polled)


def poll_until_done() -> int:
    """Turn after turn until a turn finds nothing left to do (a worker run once: the tests, the
    benchmarks); how much was done."""
    done = 0
    while turn := poll():
        done += turn
    return done


class Polling(threading.Thread):
    """``poll`` every ``interval`` seconds in a worker process, beside its task loop, until
    ``stop``. Each owed row is done once whatever the number of workers polling (each function
    locks what it does); a failure is logged and tried again at the next turn."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="ombud-polling", daemon=True)
        self.interval = max(interval, 0.05)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            done = 0
            try:
                done = poll()
            except Exception:  # a database away for a moment: the rows wait for the next turn
                task_log.exception("polling for owed work failed")
            finally:
                close_old_connections()
            if not done:  # a turn that did work is followed at once by the next
                self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


# -- the worker's own log lines -------------------------------------------------------------------
# db_worker runs at verbosity 0 (its own lines would repeat a task's arguments); these say which
# task started, finished or failed, by id, and how long it took: JSON when the log is
# (ombud.web.logs), never the task's arguments or its error's message.
task_log = logging.getLogger("ombud.worker")


def task_log_connect() -> None:
    task_started.connect(_task_started, dispatch_uid="ombud.schedule.task_started")
    task_finished.connect(_task_finished, dispatch_uid="ombud.schedule.task_finished")


def _task_started(sender, task_result, **kwargs) -> None:
    task_log.info("task %s started: %s", task_result.id, task_result.task.module_path,
                  extra={"task_id": str(task_result.id), "task": task_result.task.module_path,
                         "task_status": "started"})


def _task_finished(sender, task_result, **kwargs) -> None:
    failed = task_result.status == TaskResultStatus.FAILED
    started, finished = task_result.started_at, task_result.finished_at
    extra = {"task_id": str(task_result.id), "task": task_result.task.module_path,
             "task_status": "failed" if failed else "finished"}
    if started and finished:
        extra["duration_ms"] = round((finished - started).total_seconds() * 1000, 1)
    if not failed:
        task_log.info("task %s finished: %s", task_result.id, task_result.task.module_path,
                      extra=extra)
        return
    errors = task_result.errors
    extra["error"] = errors[-1].exception_class_path if errors else ""
    task_log.error("task %s failed: %s (%s)", task_result.id, task_result.task.module_path,
                   extra["error"], extra=extra)
