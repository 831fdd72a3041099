"""Ombud's worker in the test process: what it finds owed (``schedule.poll``: a web filing
leaves its receipt, PDF and mail, and figures to it, as the real worker does moments after the
POST), then Django's database task worker until no task is ready (``db_worker --batch``,
without the signal handlers the command would leave behind).

The worker checks its connection between tasks as a process of its own must
(``close_old_connections``); inside a test's transaction that would close the connection the
test holds (PostgreSQL), so here the test's connection is left as it is."""

from __future__ import annotations

from unittest import mock


def run_worker() -> None:
    from django_tasks_db.management.commands import db_worker

    from ombud import schedule

    schedule.poll_until_done()
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        db_worker.Worker(queue_names=["default"], interval=0, batch=True,
                         backend_name="default", startup_delay=False, max_tasks=None,
                         worker_id="tests", excluded_queue_names=[]).run()
