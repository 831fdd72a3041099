"""A migrated, empty database for the processes a test starts (``ombud serve``, the worker,
``ombud backup``): Ombud's migrations are run once per test process by ``python -m django
migrate`` in a process of its own, as an operator runs them, and every test after that gets a
copy. Running the migrations costs about 8 s of CPU a time (Django renders the model states of
each one); a copy costs milliseconds. The copy is the same database: the data migrations find no
rows in an empty one, and what ``post_migrate`` writes (content types, permissions) is in it.

    migrated_copy(url)   make the database at ``url`` (sqlite:///<file> or postgres://…/<name>)
                         a migrated, empty one; a PostgreSQL one is created from the template

The template belongs to the test process (one per pytest-xdist worker), is built in every run
(so a new migration is always in it) and removed at the end of the session (``remove_templates``,
the root conftest)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]

_templates: dict[str, str] = {}  # "sqlite" -> the file; a PostgreSQL URL -> the template's name


def _migrate(url: str, data_dir: str) -> None:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "ombud.settings", "OMBUD_TEST": "1",
                "OMBUD_DATA_DIR": data_dir, "OMBUD_DATABASE_URL": url})
    done = subprocess.run([sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"migrating the template failed:\n{done.stdout}\n{done.stderr}"


def _sqlite_template() -> Path:
    if "sqlite" not in _templates:
        folder = tempfile.mkdtemp(prefix="ombud-migrated-")
        template = Path(folder) / "template.sqlite3"
        try:
            _migrate(f"sqlite:///{template}", folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _templates["sqlite"] = str(template)
    return Path(_templates["sqlite"])


def _postgresql_admin(url: str, *statements: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _postgresql_template(url: str) -> str:
    """The template's name on the server of ``url``: ``ombud_migrated_template_<pid>``."""
    base = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    if base not in _templates:
        name = f"ombud_migrated_template_{os.getpid()}"
        _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        try:
            with tempfile.TemporaryDirectory(prefix="ombud-migrated-") as data_dir:
                _migrate(urlunsplit(urlsplit(url)._replace(path="/" + name)), data_dir)
        except BaseException:
            _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        _templates[base] = name
    return _templates[base]


def migrated_copy(url: str) -> None:
    """The database at ``url`` becomes a copy of the migrated template (a SQLite file is
    written, its folder made; a PostgreSQL database is dropped if it exists and created)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        target = Path(unquote(parts.path))
        target.parent.mkdir(parents=True, exist_ok=True)
        assert not target.exists(), f"{target} exists: a copy goes into a new database only"
        with contextlib.closing(sqlite3.connect(_sqlite_template())) as source, \
                contextlib.closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return
    assert parts.scheme in ("postgres", "postgresql"), url
    name = parts.path.lstrip("/")
    template = _postgresql_template(url)
    _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                      f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def remove_templates() -> None:
    """Drop what ``migrated_copy`` built in this process."""
    for key, template in list(_templates.items()):
        if key == "sqlite":
            shutil.rmtree(Path(template).parent, ignore_errors=True)
        else:
            _postgresql_admin(key, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        del _templates[key]
