"""The database's part of a backup: PostgreSQL through pg_dump and pg_restore (custom format,
one consistent snapshot), SQLite through its online backup API (a consistent copy while Ombud
runs). Restoring needs an empty database of the same kind."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class DumpError(Exception):
    """The database could not be dumped or restored; the message says why, in one line."""


def vendor() -> str:
    name = connections["default"].vendor
    if name not in DUMP_NAMES:
        raise DumpError(f"cannot back up a {name} database (PostgreSQL or SQLite)")
    return name


def dump(folder: Path) -> Path:
    target = folder / DUMP_NAMES[vendor()]
    if vendor() == "postgresql":
        _pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file",
                        str(target)])
    else:
        _sqlite_copy(Path(connections["default"].settings_dict["NAME"]), target)
    return target


def restore(source: Path) -> None:
    if vendor() == "postgresql":
        _pg("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error",
                           "--single-transaction", str(source)], database_flag="--dbname")
    else:
        connections["default"].close()
        _sqlite_copy(source, Path(connections["default"].settings_dict["NAME"]))


def is_empty() -> bool:
    """No table at all: a database just created, never migrated."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _sqlite_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    read, write = sqlite3.connect(source), sqlite3.connect(target)
    try:
        read.backup(write)
    finally:
        write.close()
        read.close()


def _pg(program: str, arguments: list[str], database_flag: str = "--dbname") -> None:
    if shutil.which(program) is None:
        raise DumpError(f"{program} is not installed (PostgreSQL's client programs)")
    database = connections["default"].settings_dict
    options = [f"--host={database['HOST']}"] if database["HOST"] else []
    options += [f"--port={database['PORT']}"] if database["PORT"] else []
    options += [f"--username={database['USER']}"] if database["USER"] else []
    env = dict(os.environ, PGPASSWORD=database["PASSWORD"] or "")
    done = subprocess.run([program, *options, "--no-password",
                           f"{database_flag}={database['NAME']}", *arguments],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise DumpError(f"{program} failed: {lines[0]}")
