"""Background tasks run in the test's own process."""

from __future__ import annotations


def run_tasks() -> None:
    """Django's database task worker in this process, until no task is ready (as the mail tests'
    ``run_worker``)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="sign-in-tests",
           excluded_queue_names=[]).run()
