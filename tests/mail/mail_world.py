"""The world of the mail tests: a real SMTP server that records what it accepts, and Ombud's own
processes (``python -m django ...``) working on a database of their own.

The server is aiosmtpd's ``Controller`` on 127.0.0.1. Its handler records every message it
receives (raw bytes, Message-ID, recipients) *before* it answers, which is where a real server
takes responsibility for a message. A test can stop the server and start it again on the same
port, slow every answer down, or hold one message after receiving it and release it later with
the answer of its choice: a send cut off between the server's acceptance and the outbox's commit.
"""

from __future__ import annotations

import asyncio
import email
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[2]
HOLD_LIMIT_SECONDS = 30.0  # a held message is answered after this at the latest
ACCEPTED = "250 Message accepted for delivery"


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str,
               interval: float = 0.05, explain: Callable[[], str] = str) -> None:
    """Poll ``predicate`` until it holds; fail the test after ``timeout`` seconds, with what
    ``explain()`` says about the state of things."""
    give_up = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}\n{explain()}")
        time.sleep(interval)


# -- the SMTP server -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    message_id: str
    raw: bytes
    recipients: tuple[str, ...]

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=policy.default)


@dataclass
class Hold:
    """One message the server keeps waiting for its answer after receiving it."""

    reply: str = ACCEPTED
    received: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    message_id: str = ""

    def release(self, reply: str | None = None) -> None:
        if reply is not None:
            self.reply = reply
        self.released.set()


class Recorder:
    """The aiosmtpd handler: records each message, then answers (after ``delay`` or a hold)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.arrivals: list[Arrival] = []
        self.delay = 0.0
        self._next_holds: deque[Hold] = deque()
        self._holds_at: dict[int, Hold] = {}
        self.holds: list[Hold] = []

    def hold(self, *, at: int | None = None, reply: str = ACCEPTED) -> Hold:
        """Hold the next message received, or the ``at``-th one counted from the first."""
        hold = Hold(reply=reply)
        with self._lock:
            if at is None:
                self._next_holds.append(hold)
            else:
                self._holds_at[at] = hold
            self.holds.append(hold)
        return hold

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        message_id = (BytesHeaderParser().parsebytes(raw)["Message-ID"] or "").strip()
        with self._lock:
            self.arrivals.append(Arrival(message_id, raw, tuple(envelope.rcpt_tos)))
            hold = self._holds_at.pop(len(self.arrivals), None)
            if hold is None and self._next_holds:
                hold = self._next_holds.popleft()
        if hold is None:
            if self.delay:
                await asyncio.sleep(self.delay)
            return ACCEPTED
        hold.message_id = message_id
        hold.received.set()
        give_up = time.monotonic() + HOLD_LIMIT_SECONDS
        while not hold.released.is_set() and time.monotonic() < give_up:
            await asyncio.sleep(0.02)
        return hold.reply


class _AnyPortController(Controller):
    """aiosmtpd's Controller on the port given, or with port 0 on one the kernel picks free (as
    Django's live server does): parallel test workers never race for a port."""

    def _create_server(self):
        return self._bind()

    async def _bind(self):
        server = await super()._create_server()
        self.port = server.sockets[0].getsockname()[1]  # before start() connects to it
        return server


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that can go down and come back on its port. Its first
    start binds ``port``, by default one the kernel picks free; ``self.port`` says which."""

    def __init__(self, port: int = 0) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.recorder = Recorder()
        self._controller: Controller | None = None

    def start(self) -> None:
        assert self._controller is None, "the SMTP server is already running"
        # A stopped controller has closed its event loop: every start takes a new one.
        controller = _AnyPortController(self.recorder, hostname=self.host, port=self.port,
                                        ready_timeout=10)
        controller.start()
        self.port = controller.port
        self._controller = controller

    def stop(self) -> None:
        """Stop listening and drop every open session (a held message is cut off)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    @property
    def arrivals(self) -> list[Arrival]:
        with self.recorder._lock:
            return list(self.recorder.arrivals)

    def counts(self) -> Counter[str]:
        """How often each Message-ID arrived."""
        return Counter(arrival.message_id for arrival in self.arrivals)

    def hold(self, *, at: int | None = None, reply: str = ACCEPTED) -> Hold:
        return self.recorder.hold(at=at, reply=reply)

    def wait_for(self, count: int, *, timeout: float) -> None:
        wait_until(lambda: len(self.arrivals) >= count, timeout=timeout,
                   what=f"{count} messages at the SMTP server (got {len(self.arrivals)})")

    def close(self) -> None:
        for hold in self.recorder.holds:
            hold.release()
        self.stop()


# -- Ombud's worker --------------------------------------------------------------------------------


def run_worker() -> None:
    """Django's database task worker in this process, until no task is ready: ``db_worker
    --batch`` without the signal handlers that the command would leave in the test process."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="mail-tests",
           excluded_queue_names=[]).run()


# -- Ombud's processes on a database of their own -------------------------------------------------


@dataclass(frozen=True)
class Database:
    """A database that Ombud's processes and this test process both reach."""

    url: str
    sqlite_path: Path | None = None
    postgres: dict | None = None

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        return cls(url=f"sqlite:///{path}", sqlite_path=path)

    @classmethod
    def postgresql(cls, settings_dict: dict) -> Database:
        """The test run's own PostgreSQL database (committed rows: a transactional test)."""
        params = {"host": settings_dict["HOST"] or "127.0.0.1",
                  "port": settings_dict["PORT"] or "5432", "user": settings_dict["USER"],
                  "password": settings_dict["PASSWORD"], "dbname": settings_dict["NAME"]}
        password = f":{params['password']}" if params["password"] else ""
        url = (f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/"
               f"{params['dbname']}")
        return cls(url=url, postgres=params)

    def query(self, sql: str) -> list[tuple]:
        """Rows as another process sees them now (a new connection for every read)."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=20) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(**self.postgres, autocommit=True) as connection:
            return connection.execute(sql).fetchall()


@dataclass(frozen=True)
class Row:
    message_id: str
    state: str
    attempts: int
    last_error: str


# Runs in a child process: one organization and ``count`` messages, written in one transaction
# through the outbox's own ``enqueue``; prints their Message-IDs as JSON.
ADD_MESSAGES = """
import json, sys
import django
django.setup()
from django.db import transaction
from ombud.mail import outbox
from ombud.orgs.models import Organization

count = int(sys.argv[1])
organization, _ = Organization.objects.get_or_create(
    slug="mailtest", defaults={"name": "Mail test", "language": "en", "calendar": "NO",
                               "reference_prefix": "MT", "email": "ombud@mail.test"})
with transaction.atomic():
    messages = [outbox.enqueue(organization=organization, to=f"person{n}@mail.test",
                               subject=f"Message {n}", body=f"Body of message {n}.",
                               kind="letter") for n in range(count)]
print(json.dumps([message.message_id for message in messages]))
"""

# Runs in a child process: waits at the barrier (the file ``go`` appears), then one
# ``deliver_due``; prints (sent, failed) as JSON.
DELIVER_AT_ONCE = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage

OutboxMessage.objects.exists()  # connected before the barrier
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
give_up = time.monotonic() + 30
while not go.exists() and time.monotonic() < give_up:
    time.sleep(0.002)
print(json.dumps(outbox.deliver_due(limit=1000)))
"""


class OutboxWorld:
    """Ombud's processes on one database, sending to one SMTP server. Every process it starts
    is killed when the test ends."""

    def __init__(self, *, root: Path, database: Database, smtp: SmtpServer,
                 lease_seconds: int = 2, backoff_seconds: int = 1) -> None:
        self.root = root
        self.database = database
        self.smtp = smtp
        self.lease_seconds = lease_seconds
        self.backoff_seconds = backoff_seconds
        self._processes: list[subprocess.Popen] = []
        self._workers: list[subprocess.Popen] = []
        self._killed: list[subprocess.Popen] = []
        self._logs: list[Path] = []

    def env(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if not name.startswith("OMBUD_")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "ombud.settings",
            "PYTHONUNBUFFERED": "1",
            "OMBUD_DEBUG": "false",
            # Outside test mode, as in production: a key of production strength (issue 9, #3).
            "OMBUD_SECRET_KEY": "mail-world-" + "k3Yq8ZpR1tVw6XnB0cLf4Gh9Js2Md7" * 2,
            "OMBUD_DATA_DIR": str(self.root),
            "OMBUD_DATABASE_URL": self.database.url,
            "OMBUD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OMBUD_EMAIL_HOST": self.smtp.host,
            "OMBUD_EMAIL_PORT": str(self.smtp.port),
            "OMBUD_EMAIL_TIMEOUT": "10",
            "OMBUD_OUTBOX_LEASE_SECONDS": str(self.lease_seconds),
            "OMBUD_OUTBOX_BACKOFF_SECONDS": str(self.backoff_seconds),
        })
        return env

    def run(self, *args: str, timeout: float = 60) -> str:
        """A child Python process to its end; its standard output."""
        done = subprocess.run([sys.executable, *args], cwd=REPO, env=self.env(),
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{args[:2]} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def add_messages(self, count: int) -> list[str]:
        return json.loads(self.run("-c", ADD_MESSAGES, str(count)).strip().splitlines()[-1])

    def start(self, *args: str, name: str) -> subprocess.Popen:
        log = self.root / f"{name}.log"
        with log.open("ab") as output:
            process = subprocess.Popen([sys.executable, *args], cwd=REPO, env=self.env(),
                                       stdout=output, stderr=subprocess.STDOUT)
        self._processes.append(process)
        self._logs.append(log)
        return process

    def start_worker(self, name: str) -> subprocess.Popen:
        worker = self.start("-m", "django", "ombud_worker", "--interval", "0.2", name=name)
        self._workers.append(worker)
        return worker

    def deliver_at_once(self, count: int) -> list[tuple[int, int]]:
        """``count`` processes that each call ``deliver_due`` at the same moment."""
        names = [f"deliverer{n}" for n in range(count)]
        go = self.root / "go"
        processes = [self.start("-c", DELIVER_AT_ONCE, str(self.root / f"{name}.ready"),
                                str(go), name=name) for name in names]
        wait_until(lambda: all((self.root / f"{name}.ready").exists() for name in names),
                   timeout=30, what="the deliverers at the barrier")
        go.touch()
        results = []
        for name, process in zip(names, processes, strict=True):
            assert process.wait(timeout=60) == 0, self.log(name)
            results.append(tuple(json.loads(self.log(name).strip().splitlines()[-1])))
        return results

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: no handler runs, no transaction is finished, no claim is given back."""
        self._killed.append(process)
        process.kill()
        process.wait(timeout=10)

    def close(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                self.kill(process)

    # -- reading the database as it is now --

    def rows(self) -> list[Row]:
        return [Row(*row) for row in self.database.query(
            "SELECT message_id, state, attempts, last_error FROM mail_outboxmessage "
            "ORDER BY id")]

    def until_all_sent(self, *, timeout: float) -> None:
        def all_sent() -> bool:
            dead = [process.args for process in self._workers
                    if process not in self._killed and process.poll() is not None]
            assert not dead, f"a worker exited by itself: {dead}\n{self.report()}"
            return all(row.state == "sent" for row in self.rows())

        wait_until(all_sent, timeout=timeout, what="every message in the outbox sent",
                   interval=0.1, explain=self.report)

    def report(self) -> str:
        """The outbox, the task rows and the processes' output: why a wait gave up."""
        lines = ["outbox (id, state, attempts, next attempt, claimed until, last error):"]
        lines += [repr(row) for row in self.database.query(
            "SELECT id, state, attempts, next_attempt_at, claimed_until, last_error "
            "FROM mail_outboxmessage ORDER BY id")]
        lines.append("tasks (path, status, run after, started, finished):")
        lines += [repr(row) for row in self.database.query(
            "SELECT task_path, status, run_after, started_at, finished_at "
            "FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at")]
        lines.append(f"SMTP server: {len(self.smtp.arrivals)} arrivals, running: "
                     f"{self.smtp.running}")
        for log in self._logs:
            lines += [f"--- {log.name}", log.read_text(errors="replace")[-3000:]]
        return "\n".join(lines)

    def ready_tasks(self, task_path: str) -> int:
        return self.database.query(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
            f"WHERE status = 'READY' AND task_path = '{task_path}'")[0][0]
