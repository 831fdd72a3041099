"""Ombud's worker in the test process: Django's database task worker until no task is ready
(``db_worker --batch``, without the signal handlers the command would leave behind). A web
filing leaves its receipt (PDF and mail) and figures to it, as the real worker does moments
after the POST."""

from __future__ import annotations


def run_worker() -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="tests",
           excluded_queue_names=[]).run()
