"""Real processes for the production tests: started in their own session on 127.0.0.1, waited
for with bounded loops, always stopped (the whole process group) by the fixtures."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
OMBUD = str(Path(sys.executable).parent / "ombud")
# A key as an operator generates one (secrets.token_urlsafe(50)); not a secret of anyone's.
STRONG_KEY = "q7bX2n1kR9vLw0ZtF4sHc8YpJ3mDe6Ga5UoNiKxQr2TlVb7WzS1fE0hMg9jPd4Cu"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir: Path, database_url: str, **settings: str) -> dict[str, str]:
    """A production environment (neither demo nor test mode) on the given database."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "ombud.settings", "PYTHONUNBUFFERED": "1",
                "OMBUD_DATA_DIR": str(data_dir), "OMBUD_DATABASE_URL": database_url,
                "OMBUD_SECRET_KEY": STRONG_KEY,
                "OMBUD_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                **settings})
    return env


def keygen(path: Path) -> Path:
    """A seal key at ``path``, as ``ombud audit keygen`` writes one (ombud.audit.keys.generate),
    made in this process: the command itself is tested as a process in tests/audit."""
    from ombud.audit.keys import generate

    generate(path)
    return path


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)


class Started:
    """A process started in a session of its own, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        self._out = log.open("wb")
        self.process = subprocess.Popen(args, cwd=REPO, env=env, stdout=self._out,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def terminate(self, timeout: float = 40) -> int:
        """SIGTERM to the leader (a graceful stop); the group is killed if it does not end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.kill()
        return self.process.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._out.close()


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until(check, timeout: float, what: str, interval: float = 0.2):
    """Call ``check`` until it returns a true value, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout} s waiting for {what}")
