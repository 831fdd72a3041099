"""Proof under load on real processes (issue 15, item 3): a public pool and a staff pool
(``ombud serve``, one process each) and two task workers (``ombud worker --processes 2``) on
PostgreSQL; 50 complainants file for 60 s while a staff member reads the queue; mid-run one
worker is killed (SIGKILL) and the SMTP server (aiosmtpd) stopped, then started again.

    .venv/bin/python bench/bench_load_fault.py [--clients 50] [--seconds 60]
    .venv/bin/python bench/bench_load_fault.py --smoke    # the test command's check

Reported: the staff queue page's p95 at rest and under the load (target under 100 ms), the
submissions per second and the POST's p50 and p95. Checked afterwards (the run fails on any):
every submission accepted is exactly one case (none lost, none doubled, double clicks
included), every case has one receipt, every message in the outbox was delivered, each with
its own stable Message-ID (a repeat only ever with the same ID), the killed worker was replaced,
and no page answered 5xx. ``tests/production/test_load_fault.py`` runs the same code.

``--smoke``: 3 clients for 8 s with the same faults, in a database of its own, dropped after.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchdb  # noqa: E402
import fleet  # noqa: E402
from bench_public_load import (  # noqa: E402
    SEED_ORGANIZATIONS,
    Results,
    complainant,
    percentile,
    run_clients,
)
from webclient import Browser, hidden  # noqa: E402

DATABASE = "ombud_load_fault"
SETTLE_SECONDS = 60  # after the load: every follow-up done and every message sent by then


@dataclass
class Figures:
    clients: int
    seconds: float
    posts: Results = field(default_factory=Results)
    elapsed: float = 0.0
    staff_rest: list[float] = field(default_factory=list)
    staff_load: list[float] = field(default_factory=list)
    staff_errors: int = 0
    faults: list[str] = field(default_factory=list)
    worker_replaced: bool = False
    settled_in: float | None = None
    cases: int = 0
    keys: int = 0
    lost: int = 0
    receipts: int = 0
    cases_without_one_receipt: int = 0
    outbox: dict[str, str] = field(default_factory=dict)  # message id -> state
    received: dict[str, int] = field(default_factory=dict)  # message id -> times received

    @property
    def accepted(self) -> int:
        return sum(n for status, n in self.posts.statuses.items() if status in (302, 303))

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.posts.statuses.items() if status >= 500) + (
            self.staff_errors)

    def problems(self) -> list[str]:
        """What the run must not show; empty when it held."""
        found = []
        if self.server_errors:
            found.append(f"{self.server_errors} answers 5xx")
        if not self.accepted or not self.staff_load or not self.staff_rest:
            found.append("no submission accepted, or no staff reading")
        if self.lost or self.cases != self.keys:
            found.append(f"{self.lost} submissions lost, {self.cases - self.keys} doubled")
        if self.receipts != self.cases or self.cases_without_one_receipt:
            found.append(f"{self.cases} cases, {self.receipts} receipts; "
                         f"{self.cases_without_one_receipt} cases without exactly one")
        unsent = [mid for mid, state in self.outbox.items() if state != "sent"]
        missing = set(self.outbox) - set(self.received)
        strangers = set(self.received) - set(self.outbox)
        if unsent or missing or strangers or self.settled_in is None:
            found.append(f"mail: {len(unsent)} unsent, {len(missing)} never arrived, "
                         f"{len(strangers)} arrived with an ID the outbox does not hold")
        if not self.worker_replaced:
            found.append("the killed worker was not replaced")
        return found

    def report(self) -> str:
        repeats = sum(n - 1 for n in self.received.values() if n > 1)
        rest, load = percentile(self.staff_rest, .95), percentile(self.staff_load, .95)
        return "\n".join([
            f"{self.clients} complainants for {self.seconds:.0f} s on PostgreSQL: public pool "
            f"and staff pool (ombud serve, 1 process each), ombud worker --processes 2",
            f"public form POST: {self.accepted} submissions, "
            f"{self.accepted / self.elapsed:.1f}/s, p50 "
            f"{statistics.median(self.posts.latencies) * 1000:.0f} ms, p95 "
            f"{percentile(self.posts.latencies, .95) * 1000:.0f} ms; statuses "
            f"{dict(sorted(self.posts.statuses.items()))}; double clicks {self.posts.doubles}",
            f"staff queue page p95: at rest {rest * 1000:.0f} ms ({len(self.staff_rest)} "
            f"requests), under load {load * 1000:.0f} ms ({len(self.staff_load)} requests); "
            f"ratio {load / rest:.1f}",
            "faults: " + "; ".join(self.faults),
            f"database: {self.cases} cases from {self.keys} keys; lost {self.lost}; doubled "
            f"{self.cases - self.keys}; receipts {self.receipts}; 5xx {self.server_errors}",
            f"mail: {len(self.outbox)} messages in the outbox, {len(self.received)} distinct "
            f"Message-IDs received, {repeats} repeats (same ID); settled "
            + (f"{self.settled_in:.1f} s after the load" if self.settled_in is not None
               else f"NOT within {SETTLE_SECONDS} s")])


# -- the staff member, in a process of their own --------------------------------------------


def _staff_reads(port: int, seconds: float, found) -> None:
    browser = Browser(port)
    _, _, page = browser.request("GET", "/login/")
    browser.request("POST", "/login/", urlencode({
        "csrfmiddlewaretoken": hidden(page.decode(), "csrfmiddlewaretoken"),
        "username": "pp-handler", "password": "ombud-demo"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded",
         "Referer": f"http://127.0.0.1:{port}/login/"})
    browser.request("GET", "/pp/cases/")  # the process's first page (its templates) uncounted
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _, _ = browser.request("GET", "/pp/cases/")
        if status == 200:
            latencies.append(time.perf_counter() - started)
        elif status >= 500 or status in (302, 403):  # 302/403: the sign-in did not hold
            errors += 1
        time.sleep(0.2)
    found.put((latencies, errors))


class StaffReader:
    """In the clients' process, fifty busy threads would hold the interpreter, and their
    waiting would be counted as the server's."""

    def __init__(self, port: int, seconds: float) -> None:
        self.found = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=_staff_reads,
                                               args=(port, seconds, self.found))
        self.process.start()

    def collect(self) -> tuple[list[float], int]:
        latencies, errors = self.found.get(timeout=600)
        self.process.join()
        return latencies, errors


# -- the faults ----------------------------------------------------------------------------


def _faults(seconds: float, workers: fleet.Process, smtp: fleet.SmtpSink,
            figures: Figures) -> None:
    """A quarter in, one task worker killed; a third in, the SMTP server stopped; at 60 %,
    started again. The supervisor must replace the worker within the run."""
    started = time.monotonic()

    def at(share: float) -> None:
        time.sleep(max(0.0, started + share * seconds - time.monotonic()))

    at(0.25)
    before = fleet.children(workers.pid)
    if before:
        os.kill(before[0], signal.SIGKILL)
        figures.faults.append(f"worker {before[0]} killed at {time.monotonic() - started:.0f} s")
    at(0.35)
    smtp.stop()
    figures.faults.append(f"SMTP stopped at {time.monotonic() - started:.0f} s")
    at(0.6)
    try:
        smtp.start()
    except (OSError, RuntimeError) as error:  # counted: the mail check then fails
        figures.faults.append(f"SMTP did not start again: {error}")
        return
    figures.faults.append(f"SMTP started again at {time.monotonic() - started:.0f} s")
    now = fleet.children(workers.pid)
    figures.worker_replaced = bool(before) and len(now) == len(before) and before[0] not in now
    if figures.worker_replaced:
        figures.faults.append(f"worker replaced by {sorted(set(now) - set(before))}")


# -- afterwards ----------------------------------------------------------------------------


def _query(database: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(benchdb.url(database), autocommit=True) as connection:
        return connection.execute(sql).fetchall()


def _settle(database: str, smtp: fleet.SmtpSink) -> float | None:
    """Seconds until nothing is owed or waits to be sent, and every message arrived."""
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_SECONDS:
        owed = _query(database, "select (select count(*) from public_submission where not "
                      "followed_up), (select count(*) from mail_outboxmessage where state "
                      "<> 'sent')")[0]
        if owed == (0, 0):
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def _count(database: str, figures: Figures) -> None:
    figures.cases, figures.keys = _query(
        database, "select (select count(*) from public_submission s join cases_case c on "
        "c.id = s.case_id), (select count(distinct key) from public_submission)")[0]
    stored = {row[0] for row in _query(database, "select key from public_submission")}
    figures.lost = len(figures.posts.keys - stored)
    figures.receipts = _query(database, "select count(*) from mail_outboxmessage "
                                        "where kind = 'receipt'")[0][0]
    figures.cases_without_one_receipt = _query(
        database, "select count(*) from public_submission s where (select count(*) from "
        "mail_outboxmessage m where m.case_id = s.case_id and m.kind = 'receipt') <> 1")[0][0]
    figures.outbox = dict(_query(database, "select message_id, state from mail_outboxmessage"))


# -- the run -------------------------------------------------------------------------------


def run(*, clients: int, seconds: float, database: str, at_rest: float = 5.0) -> Figures:
    """Start the installation in ``database`` (made anew), load it with the faults, stop
    everything, and return what was seen."""
    figures = Figures(clients, seconds)
    work = Path(tempfile.mkdtemp(prefix="ombud-load-fault-"))
    smtp = fleet.SmtpSink(fleet.port_to_reopen(), work / "smtp-message-ids.txt")
    public_port, staff_port = fleet.free_port(), fleet.free_port()
    env = fleet.environment(database_url=benchdb.url(database), data_dir=work / "data",
                            smtp_port=smtp.port, public_url=f"http://127.0.0.1:{public_port}")
    benchdb.create(database, fresh=True)
    subprocess.run([sys.executable, "-c", SEED_ORGANIZATIONS], cwd=fleet.ROOT, env=env,
                   check=True)
    smtp.start()
    processes = [fleet.web_pool("public", public_port, env, work),
                 fleet.web_pool("staff", staff_port, env, work),
                 fleet.task_workers(env, work)]
    try:
        fleet.wait_for_http(public_port, "/pp/complaint/new/")
        fleet.wait_for_http(staff_port, "/login/")
        figures.staff_rest, figures.staff_errors = StaffReader(staff_port, at_rest).collect()
        reader = StaffReader(staff_port, seconds)
        faults = threading.Thread(target=_faults, args=(seconds, processes[2], smtp, figures))
        faults.start()
        figures.posts, figures.elapsed = run_clients(complainant, clients, seconds, public_port)
        figures.staff_load, errors = reader.collect()
        figures.staff_errors += errors
        faults.join()
        figures.settled_in = _settle(database, smtp)
        figures.received = dict(smtp.received())
        _count(database, figures)
    finally:
        for process in processes:
            process.stop()
        smtp.stop()
        for process in processes:
            if process.log.stat().st_size and figures.problems():
                print(f"--- {process.log.name} (last lines)\n"
                      + "\n".join(process.log.read_text(errors="replace").splitlines()[-15:]))
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default=DATABASE, help="made anew: its data is lost")
    parser.add_argument("--smoke", action="store_true", help="3 clients, 8 s, same faults")
    options = parser.parse_args()
    if options.smoke:
        options.clients, options.seconds = 3, 8
    database = benchdb.smoke_name(options.database) if options.smoke else options.database
    try:
        figures = run(clients=options.clients, seconds=options.seconds, database=database,
                      at_rest=2 if options.smoke else 10)
    finally:
        if options.smoke:
            benchdb.drop(database)
    print(figures.report())
    problems = figures.problems()
    if problems:
        raise SystemExit("FAILED: " + "; ".join(problems))


if __name__ == "__main__":
    main()
