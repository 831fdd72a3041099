"""Settings read from the environment through one typed helper that fails fast on a bad value."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit


class ConfigurationError(SystemExit):
    """A missing or bad setting. A SystemExit, so that whichever entry point loads the settings
    (web server, worker, a command) stops with this one line on standard error, exit status 1,
    and no traceback."""

    def __init__(self, message: str):
        super().__init__(f"ombud: {message}")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name}={value!r}: expected true or false")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r}: expected a whole number") from None


def env_proxy_count(name: str) -> int:
    """How many proxies in front of Ombud to trust: a count, 0 for none; ``true`` and ``false``
    (the setting's older form) still mean one and none."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return 0
    if value in ("true", "yes", "on"):
        return 1
    if value.isdigit():
        return int(value)
    raise ConfigurationError(f"{name}={value!r}: expected how many proxies to trust (0 for none)")


def env_json(name: str, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return json.loads(value)
    except ValueError:
        raise ConfigurationError(f"{name}: not valid JSON") from None


def database_from_url(url: str, *, prepared: bool = True) -> dict:
    """A Django DATABASES entry from ``sqlite:///path`` or ``postgres://user:pw@host:port/name``.
    ``prepared``: on PostgreSQL, parameters are sent apart from the statement and a statement
    run five times on a connection is prepared, planned once (a public submission's three
    statements spent a seventh of its time being planned, bench/bench_intake.py). Off behind
    a pooler that gives one session's statements to several connections (PgBouncer's
    transaction mode without max_prepared_statements)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ConfigurationError(f"{url!r}: sqlite URL needs a file, e.g. sqlite:////tmp/o.db")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock
        # at the start of a transaction, so two writers queue instead of failing midway.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path,
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20,
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    if parts.scheme in ("postgres", "postgresql"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": parts.path.lstrip("/"),
                "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "", "PORT": str(parts.port or ""),
                "CONN_MAX_AGE": 60,
                "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5} if prepared
                else {}}
    raise ConfigurationError(f"{url!r}: use sqlite:///<file> or postgres://<user>@<host>/<db>")
