"""``ombud worker --processes N``: N task workers side by side under one supervisor.

The supervisor enqueues the missing recurring work once (``ombud.schedule.resume``), then starts
N of Ombud's workers (``ombud_worker``: django-tasks-db's ``db_worker``, and beside it the
polling for owed rows, ``schedule.Polling``). Each task row is claimed by one worker inside a
locked transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive
transaction on SQLite), and ``schedule.enqueue_once`` books each recurring task under a lock,
so the outbox run, the sweep, the reminders, the digest and the seal are each done once however
many workers run, here or on other machines. A worker that dies is started again after the
supervisor marks the task row it left running as failed and resumes again, so the work it
held is booked anew (and nothing waits behind a row no process runs); so does the next
supervisor on the same machine for the rows of one that died with its workers. The database
away ends every worker; the supervisor waits for it and then starts them again. SIGTERM or
SIGINT stops them all: each finishes the task in hand first (db_worker's own signal handling).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

RESTART_PAUSE_SECONDS = 1.0  # after a worker died, before its successor starts
DATABASE_PAUSE_SECONDS = 5.0  # between tries while the database is away
STOP_WAIT_SECONDS = 30  # a task in hand may take this long to finish at a stop


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop


@dataclass
class _Worker:
    worker_id: str
    process: subprocess.Popen


def _host() -> str:
    return socket.gethostname()[:40]


def _start(interval: float) -> _Worker:
    # Unique across machines and restarts: the rows it claims name it (db_worker's worker_ids),
    # with the supervisor's machine and process, so that the next supervisor on this machine
    # knows a row whose supervisor is gone (``_fail_left_by_dead_supervisors``).
    worker_id = f"{_host()}-{os.getpid()}-{secrets.token_hex(6)}"
    process = subprocess.Popen([sys.executable, "-m", "django", "ombud_worker", "--no-resume",
                                "--interval", str(interval), "--worker-id", worker_id,
                                "--verbosity", "0"],
                               env=os.environ.copy(),
                               preexec_fn=functools.partial(_end_with_supervisor, os.getpid()))
    return _Worker(worker_id, process)


_PR_SET_PDEATHSIG = 1


def _end_with_supervisor(supervisor: int) -> None:
    """In the worker before it starts (Linux): SIGTERM when its supervisor dies, killed or out
    of memory, so it finishes the task in hand and ends. Otherwise it worked on, unsupervised,
    beside the next supervisor's workers, which fail the rows it is running (their supervisor
    is gone) and book that work a second time."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the supervisor's stop ends them as before
        return
    if os.getppid() != supervisor:  # it died before the line above took effect
        os._exit(0)


def _resumed(dead_worker_id: str | None = None) -> None:
    """``_resume``, tried again until the database answers. Away, it ends every worker (their
    db_worker raises); the supervisor, failing their rows, raised too and ended with them, and
    no worker ran until something started it again."""
    import logging

    from django.db import DatabaseError, connections

    while True:
        try:
            return _resume(dead_worker_id)
        except DatabaseError as error:
            connections.close_all()  # a broken connection: a new one at the next try
            logging.getLogger("ombud.worker").warning(
                "the database is away (%s): the workers start again when it answers",
                type(error).__name__)
            time.sleep(DATABASE_PAUSE_SECONDS)


def _resume(dead_worker_id: str | None = None) -> None:
    from django.db import connections

    from ombud import schedule

    if dead_worker_id is not None:
        _fail_left_running(dead_worker_id)
    else:
        _fail_left_by_dead_supervisors()
    schedule.resume()
    connections.close_all()


def _supervisor_gone(worker_id: str) -> bool:
    """Whether the row's worker was started on this machine by a supervisor no longer running
    (killed with its workers, the machine restarted). Another machine's is never judged here:
    its own supervisor fails them at its next start. Asked at this supervisor's start, before
    it started a worker: a row naming this very process was left by an earlier supervisor that
    had the same id (a container restarted: its first process is PID 1 again, under the same
    host name)."""
    host, _, rest = worker_id.rpartition("-")[0].rpartition("-")
    if host != _host() or not rest.isdigit():
        return False
    pid = int(rest)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's process
        return False
    return False


def _fail_left_by_dead_supervisors() -> int:
    """At a supervisor's start: rows left "running" by a supervisor of this machine that died
    with its workers are failed, so that ``schedule.resume`` books their work anew."""
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    left = [row.pk for row in running.only("pk", "worker_ids")
            if row.worker_ids and _supervisor_gone(row.worker_ids[-1])]
    return DBTaskResult.objects.filter(pk__in=left, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now())


def _fail_left_running(worker_id: str) -> int:
    """The rows a dead worker had claimed: failed, as they are (no process runs them)."""
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    left = [row.pk for row in running.only("pk", "worker_ids")
            if row.worker_ids and row.worker_ids[-1] == worker_id]
    return DBTaskResult.objects.filter(pk__in=left, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now())


def run_workers(*, processes: int, interval: float = 1.0) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    import django

    django.setup()
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    children: list[_Worker] = []
    try:
        _resumed()
        for _ in range(processes):  # one by one: a stop meanwhile still ends those started
            children.append(_start(interval))
        while True:
            time.sleep(0.5)
            for index, child in enumerate(children):
                if child.process.poll() is not None:
                    time.sleep(RESTART_PAUSE_SECONDS)
                    _resumed(child.worker_id)
                    children[index] = _start(interval)
    except _Stop:
        pass
    finally:
        _stop(children)
    return 0


def _stop(children: list[_Worker]) -> None:
    # A second SIGTERM or Ctrl-C while the workers finish must not cut the wait short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    processes = [child.process for child in children]
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
