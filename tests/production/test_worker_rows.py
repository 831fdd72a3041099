"""Issue 15, the last note's gaps in the worker: a supervisor that died with its workers leaves
"running" rows, which the next supervisor on the machine fails so that their work is booked
anew (another machine's, or a living supervisor's, are left alone); and each task's start, end
or failure is a log line of its own, with the task's id, in the JSON log."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ombud.mail.tasks import deliver_outbox
from ombud.server import workers
from ombud.web.logs import OneLineJsonFormatter


def _running(worker_id: str) -> str:
    result = deliver_outbox.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING,
                                                     worker_ids=[worker_id])
    return str(result.id)


def _dead_pid() -> int:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return ended.pid


@pytest.mark.django_db
def test_a_dead_supervisors_running_rows_are_failed_at_the_next_start():
    host = workers._host()
    dead = _running(f"{host}-{_dead_pid()}-0123456789ab")
    living = _running(f"{host}-{workers.os.getppid()}-0123456789ab")  # pytest's parent
    elsewhere = _running(f"another-machine-{_dead_pid()}-0123456789ab")
    old_style = _running(f"{host}-0123456789ab")  # ids before the supervisor's pid was in them

    assert workers._fail_left_by_dead_supervisors() == 1
    status = {str(pk): value for pk, value in DBTaskResult.objects.filter(
        pk__in=[dead, living, elsewhere, old_style]).values_list("pk", "status")}
    assert status == {dead: TaskResultStatus.FAILED, living: TaskResultStatus.RUNNING,
                      elsewhere: TaskResultStatus.RUNNING, old_style: TaskResultStatus.RUNNING}
    assert DBTaskResult.objects.get(pk=dead).finished_at is not None


# db_worker closes its connection when it is done: no test transaction can span it.
@pytest.mark.django_db(transaction=True)
def test_each_task_start_and_end_is_a_json_log_line_with_its_id(caplog):
    caplog.set_level(logging.INFO, logger="ombud.worker")
    result = deliver_outbox.enqueue()
    call_command("db_worker", batch=True, verbosity=0)
    lines = [json.loads(OneLineJsonFormatter().format(record)) for record in caplog.records
             if record.name == "ombud.worker" and record.task_id == str(result.id)]
    assert [line["task_status"] for line in lines] == ["started", "finished"]
    assert all(line["task"] == "ombud.mail.tasks.deliver_outbox" for line in lines)
    assert str(result.id) in lines[0]["message"] and lines[1]["duration_ms"] >= 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_task_is_an_error_line_naming_its_id_and_the_errors_type(caplog, monkeypatch):
    from ombud.mail import outbox

    def broken(*args, **kwargs):
        raise RuntimeError("sanne@example.org could not be reached")  # personal data

    monkeypatch.setattr(outbox, "deliver_due", broken)
    caplog.set_level(logging.INFO, logger="ombud.worker")
    result = deliver_outbox.enqueue()
    call_command("db_worker", batch=True, verbosity=0)
    failed = [record for record in caplog.records if record.name == "ombud.worker"
              and getattr(record, "task_status", "") == "failed"]
    assert len(failed) == 1 and failed[0].levelname == "ERROR"
    line = OneLineJsonFormatter().format(failed[0])
    assert str(result.id) in line and "builtins.RuntimeError" in line
    assert "sanne@example.org" not in line


@pytest.mark.django_db
def test_rows_of_an_earlier_supervisor_with_this_supervisors_pid_are_failed_at_its_start():
    """A worker container restarted (a crash, the host's reboot) runs its supervisor as PID 1
    under the same host name again: the rows its previous life left running name this very
    process. At the start no worker of this supervisor runs yet, so they are the dead one's."""
    left = _running(f"{workers._host()}-{workers.os.getpid()}-0123456789ab")
    assert workers._fail_left_by_dead_supervisors() == 1
    assert DBTaskResult.objects.get(pk=left).status == TaskResultStatus.FAILED


class _Ended:
    def poll(self):
        return 1  # died with the database: db_worker raises on its connection and ends


class _Running:
    def poll(self):
        return None


def test_the_supervisor_outlives_the_database_away_and_then_replaces_its_worker(monkeypatch,
                                                                               caplog):
    """The database away for a while: each worker ends (db_worker raises), and the supervisor,
    failing the rows the dead one left, raised too and ended with them: no worker ran until
    systemd started it again (the demo's never did). Now it waits for the database, fails the
    dead worker's rows once it answers, and starts its successor."""
    from django.db import OperationalError

    started, resumed, away = [], [], [2]  # the database answers at the third try

    def start(interval):
        started.append(f"w{len(started) + 1}")
        return workers._Worker(started[-1], _Ended() if len(started) == 1 else _Running())

    def resume(dead_worker_id=None):
        if dead_worker_id is not None and away[0]:
            away[0] -= 1
            raise OperationalError("connection refused")
        resumed.append(dead_worker_id)

    def sleep(seconds):
        if len(started) == 2:
            raise workers._Stop  # SIGTERM, once the successor runs

    monkeypatch.setattr(workers, "_start", start)
    monkeypatch.setattr(workers, "_resume", resume)
    monkeypatch.setattr(workers, "_stop", lambda children: None)
    monkeypatch.setattr(workers.time, "sleep", sleep)
    monkeypatch.setattr(workers.signal, "signal", lambda *args: None)
    monkeypatch.setattr("django.setup", lambda: None)  # set up; again, it would end caplog's

    assert workers.run_workers(processes=1) == 0
    assert (started, resumed) == (["w1", "w2"], [None, "w1"])
    assert caplog.text.count("the database is away") == 2
