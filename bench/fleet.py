"""A production installation on this machine for the load-and-fault benchmark and its test: the
web pools (``ombud serve``), the workers (``ombud worker``) and an SMTP server (aiosmtpd) that
can be stopped and started again on its port. Only this module knows how they are started.

Every process runs in a session of its own, so that stopping it stops its children (gunicorn's
and the worker supervisor's); all listen on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OMBUD = str(Path(sys.executable).parent / "ombud")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_to_reopen() -> int:
    """A free port below the kernel's range for outgoing connections (32768 and up): a server
    stopped and started again there finds it free, where a client's connection may have taken
    a port of that range meanwhile."""
    for port in random.sample(range(20000, 32000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def environment(*, database_url: str, data_dir: Path, smtp_port: int,
                public_url: str) -> dict[str, str]:
    """The processes' settings. Demo mode, so that the demo's staff sign in with its published
    password; mail by SMTP to the sink; one address sends everything, so its hourly limit is
    lifted, and the proof of work is small (the clients share the server's cores); retries
    and a dead worker's claims come back within seconds, not the half minute and two minutes
    of production, so that the run sees them settle."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "ombud.settings", "PYTHONUNBUFFERED": "1", "OMBUD_DEMO": "1",
        "OMBUD_DATABASE_URL": database_url, "OMBUD_DATA_DIR": str(data_dir),
        "OMBUD_PUBLIC_URL": public_url,
        "OMBUD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OMBUD_EMAIL_HOST": "127.0.0.1", "OMBUD_EMAIL_PORT": str(smtp_port),
        "OMBUD_EMAIL_TIMEOUT": "5",
        "OMBUD_PUBLIC_LIMIT_PER_HOUR": "1000000", "OMBUD_PUBLIC_LIMIT_WITHOUT_WORK": "1000000",
        "OMBUD_PROOF_OF_WORK_MAX": "1000",
        "OMBUD_OUTBOX_BACKOFF_SECONDS": "1", "OMBUD_OUTBOX_LEASE_SECONDS": "5"})
    return env


class Process:
    """One started command, its output in ``log``."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("wb")
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._out,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (each finishes what it has in hand), then the whole group is killed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._out.close()


def web_pool(pool: str, port: int, env: dict[str, str], log_dir: Path, *,
             workers: int = 1, threads: int = 8) -> Process:
    """``ombud serve``: one pool (public, staff or all) of ``workers`` processes; the public pool
    at niceness 10, as deploy/ runs it (docs/operating.md)."""
    nice = ["--nice", "10"] if pool == "public" else []
    return Process([OMBUD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                    "--threads", str(threads), "--pool", pool, *nice], env,
                   log_dir / f"web-{pool}.log")


def task_workers(env: dict[str, str], log_dir: Path, *, processes: int = 2) -> Process:
    """``ombud worker``: ``processes`` task workers under one supervisor."""
    return Process([OMBUD, "worker", "--processes", str(processes), "--interval", "0.2"], env,
                   log_dir / "workers.log")


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.append(int(entry.name))
    return sorted(found)


def wait_for_http(port: int, path: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered {path} on port {port} within {seconds:.0f} s")


class SmtpSink:
    """The SMTP server (``smtp_sink.py``, aiosmtpd) on 127.0.0.1:``port`` in a process of its
    own, recording the Message-ID of everything it accepts in ``record``; stopped (the process
    killed: connections refused, sessions cut) and started again on the same port."""

    def __init__(self, port: int, record: Path) -> None:
        self.port, self.record = port, record
        self._process: Process | None = None
        self._starts = 0

    def start(self) -> None:
        self._starts += 1
        self._process = Process([sys.executable, str(ROOT / "bench" / "smtp_sink.py"),
                                 str(self.port), str(self.record)], dict(os.environ),
                                self.record.with_suffix(f".{self._starts}.log"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=1) as probe:
                if probe.recv(3) == b"220":
                    return
            if not self._process.running():
                break
            time.sleep(0.2)
        raise RuntimeError(f"the SMTP server did not start on {self.port}: "
                           f"{self._process.log.read_text(errors='replace')[-500:]}")

    def stop(self) -> None:
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)  # as a crash: no goodbye
            self._process.stop()
            self._process = None

    def received(self) -> Counter[str]:
        if not self.record.exists():
            return Counter()
        return Counter(line for line in self.record.read_text().splitlines() if line)
