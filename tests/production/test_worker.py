"""Issue 15, item 1: `ombud worker --processes N` runs N task workers side by side, and each
recurring task (the outbox, the sweep with its reminders, the digest, the seal, the annual
reports) is done once however many run; a worker that dies is replaced and the row it left
running is failed, not left to block; SIGTERM stops them all."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess

from processes import OMBUD, PYTHON, REPO, Started, alive, children, keygen, run, wait_until

RECURRING = ["ombud.cases.tasks.sweep_deadlines", "ombud.cases.tasks.send_digests",
             "ombud.audit.tasks.seal_histories", "ombud.reports.tasks.annual_reports"]


@contextlib.contextmanager
def _task_rows(env, log):
    """``rows()``: the task table as tests/production/task_rows.py reads it, from one process
    started for the test and asked again at every look (a Python start costs 0.6-1 s)."""
    with log.open("w") as errors:
        reader = subprocess.Popen([PYTHON, "tests/production/task_rows.py"], cwd=REPO, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                  text=True)

        def rows() -> dict:
            reader.stdin.write("\n")
            reader.stdin.flush()
            line = reader.stdout.readline()
            assert line, log.read_text()
            return json.loads(line)

        try:
            yield rows
        finally:
            reader.stdin.close()
            try:
                assert reader.wait(timeout=60) == 0, log.read_text()
            finally:
                reader.kill()
                reader.stdout.close()


def _settled(rows_now):
    """Every recurring task ran and booked its next run; nothing due or running is left."""
    rows = rows_now()
    counts = rows["counts"]
    if any(counts.get(path, {}).get("SUCCESSFUL", 0) < 1 for path in RECURRING):
        return None
    if any(status.get("RUNNING") for status in counts.values()):
        return None
    due = {path: status.get("READY", 0) - rows["future"].get(path, 0)
           for path, status in counts.items()}
    return rows if not any(due.values()) else None


def test_worker_processes_do_each_recurring_task_once(installation, tmp_path):
    env, data_dir = installation
    env = dict(env, OMBUD_SEAL_KEY=str(keygen(tmp_path / "seal-key.pem")))
    assert run([PYTHON, "tests/production/seed_small.py"], env).returncode == 0
    workers = Started([OMBUD, "worker", "--processes", "3", "--interval", "0.2"], env,
                      tmp_path / "worker.log")
    try:
        with _task_rows(env, tmp_path / "task_rows.log") as rows_now:
            wait_until(lambda: len(children(workers.pid)) == 3, 60,
                       f"three workers\n{workers.output()}")
            rows = wait_until(lambda: _settled(rows_now), 120,
                              f"the first runs\n{workers.output()}")
            for path in RECURRING:
                assert rows["counts"][path] == {"SUCCESSFUL": 1, "READY": 1}, (path, rows)
                assert rows["future"][path] == 1
            first = children(workers.pid)
            os.kill(first[0], signal.SIGKILL)
            wait_until(lambda: len(children(workers.pid)) == 3
                       and children(workers.pid) != first,
                       30, "a new worker in place of the killed one")
            assert alive(workers.pid)
            # The supervisor resumed after the death: each recurring task still has one next
            # run.
            rows = wait_until(lambda: _settled(rows_now), 120, "the runs after the restart")
            for path in RECURRING:
                assert rows["counts"][path].get("READY") == 1, (path, rows)
                assert rows["future"][path] == 1
            pids = children(workers.pid)
    finally:
        code = workers.terminate()
    assert code == 0, workers.output()
    assert not any(alive(pid) for pid in pids)


def test_enqueue_once_books_one_run_when_many_ask_at_once(installation, tmp_path):
    """Eight workers starting at the same moment each ask for the sweep: one row is booked."""
    env, _ = installation
    done = run([PYTHON, "tests/production/enqueue_race.py"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "8"]
    with _task_rows(env, tmp_path / "task_rows.log") as rows_now:
        rows = rows_now()
    assert rows["counts"] == {"ombud.cases.tasks.sweep_deadlines": {"READY": 1}}


def test_the_workers_end_when_their_supervisor_is_killed(installation, tmp_path):
    """A supervisor killed (SIGKILL, the out-of-memory killer) left its workers running,
    unsupervised: the next supervisor then failed the rows they were running and booked their
    work again beside them. Each worker now ends with its supervisor, after its task in hand."""
    env, _ = installation
    workers = Started([OMBUD, "worker", "--processes", "2", "--interval", "0.2"], env,
                      tmp_path / "worker.log")
    try:
        pids = wait_until(lambda: len(children(workers.pid)) == 2 and children(workers.pid),
                          60, f"two workers\n{workers.output()}")
        os.kill(workers.pid, signal.SIGKILL)
        wait_until(lambda: not any(alive(pid) for pid in pids), 40,
                   "the workers to end with their supervisor")
    finally:
        workers.kill()  # the whole session: workers left over too
