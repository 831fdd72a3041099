"""One migrated, empty database per test run, copied wherever a test needs one: Django's own
test database of every pytest-xdist worker, and the databases of the processes a test starts
(``ombud serve``, the worker, ``ombud backup``). Ombud's migrations are run once per run by
``python -m django migrate`` in a process of its own, as an operator runs them; running them
costs about 3 s of CPU on SQLite (Django renders the model states of each one), more on
PostgreSQL, and it used to be paid twice per worker (the test database, then this template).
A copy costs milliseconds. The copy is the same database: the data migrations find no rows in an
empty one, and what ``post_migrate`` writes (content types, permissions) is in it.

    migrated_copy(url)        make the database at ``url`` (sqlite:///<file> or postgres://…/<name>)
                              a migrated, empty one; a PostgreSQL one is created from the template
    create_test_db(creation)  Django's test database as a copy (the root conftest puts it in
                              place of Django's own ``create_test_db``, which migrates)
    demo_copy(url, data_dir)  the database at ``url`` and the folder ``data_dir`` a copy of the
                              run's seeded demo: ``ombud demo --no-serve`` run once per run, in
                              a process of its own as an operator runs it (half a minute of CPU;
                              the reports' demo test and the whole-demo backup test each paid it)

The template belongs to the run: the first process that needs it builds it under a file lock in
the run's folder (``OMBUD_TEST_MIGRATED_DIR``, made by the pytest process that starts the run:
``run_folder``), the other workers wait and copy. It is built in every run (so a new migration is
always in it) and removed when the run ends (``remove_run_folder``, the root conftest)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
RUN_FOLDER = "OMBUD_TEST_MIGRATED_DIR"  # OMBUD_*: the environment of started processes drops it


def run_folder() -> bool:
    """Make the run's folder unless a parent pytest made it; True when this process made it
    (and so removes it). Called before pytest-xdist starts its workers, which inherit it."""
    if os.environ.get(RUN_FOLDER):
        return False
    os.environ[RUN_FOLDER] = tempfile.mkdtemp(prefix="ombud-migrated-")
    return True


def _folder() -> Path:
    if not os.environ.get(RUN_FOLDER):  # a process that did not go through the conftest
        run_folder()
    return Path(os.environ[RUN_FOLDER])


@contextlib.contextmanager
def _locked(name: str = "lock"):
    """One process of the run at a time builds or copies the template (the seeded demo has a
    lock of its own: a worker that needs only the migrated template does not wait for it)."""
    with open(_folder() / name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _environment(url: str, data_dir: str, **settings: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("OMBUD_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "ombud.settings", "OMBUD_DATA_DIR": data_dir,
                "OMBUD_DATABASE_URL": url, **settings})
    return env


def _migrate(url: str, data_dir: str) -> None:
    done = subprocess.run([sys.executable, "-m", "django", "migrate", "--run-syncdb",
                           "--verbosity", "0"], cwd=REPO,
                          env=_environment(url, data_dir, OMBUD_TEST="1"),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"migrating the template failed:\n{done.stdout}\n{done.stderr}"


def _sqlite_template() -> Path:
    """The run's SQLite template (the caller holds the lock)."""
    template = _folder() / "template.sqlite3"
    if not template.exists():
        building = _folder() / "building.sqlite3"
        building.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="ombud-migrating-") as data_dir:
            _migrate(f"sqlite:///{building}", data_dir)
        building.rename(template)  # only a finished template has the name
    return template


def _postgresql_admin(url: str, *statements: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _postgresql_template(url: str) -> str:
    """The template's name on the server of ``url`` (the caller holds the lock):
    ``ombud_migrated_<run>``, its server noted in the run's folder for the end of the run."""
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    note = _folder() / f"postgresql-{hashlib.sha256(server.encode()).hexdigest()[:16]}"
    if not note.exists():
        name = f"ombud_migrated_{Path(_folder()).name.rsplit('-', 1)[-1].lower()}"
        _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        try:
            with tempfile.TemporaryDirectory(prefix="ombud-migrating-") as data_dir:
                _migrate(urlunsplit(urlsplit(url)._replace(path="/" + name)), data_dir)
        except BaseException:
            _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        note.write_text(f"{server}\n{name}\n")
    return note.read_text().split("\n")[1]


def _copy_sqlite(into: sqlite3.Connection) -> None:
    with _locked(), contextlib.closing(sqlite3.connect(_sqlite_template())) as source:
        source.backup(into)


def migrated_copy(url: str) -> None:
    """The database at ``url`` becomes a copy of the migrated template (a SQLite file is
    written, its folder made; a PostgreSQL database is dropped if it exists and created)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        target = Path(unquote(parts.path))
        target.parent.mkdir(parents=True, exist_ok=True)
        assert not target.exists(), f"{target} exists: a copy goes into a new database only"
        with contextlib.closing(sqlite3.connect(target)) as copy:
            _copy_sqlite(copy)
        return
    assert parts.scheme in ("postgres", "postgresql"), url
    name = parts.path.lstrip("/")
    with _locked():  # PostgreSQL copies a template no one else is connected to
        template = _postgresql_template(url)
        _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                          f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _seed_demo(url: str, data_dir: Path) -> None:
    """``ombud demo --no-serve`` into a migrated copy at ``url``, its data folder ``data_dir``:
    its own seal key (seal-key.pem), its documents (files/), what it seeded sealed."""
    migrated_copy(url)
    ombud = str(Path(sys.executable).parent / "ombud")
    done = subprocess.run([ombud, "demo", "--no-serve", "--data-dir", str(data_dir)], cwd=REPO,
                          env=_environment(url, str(data_dir), OMBUD_DEMO="1"),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"seeding the demo failed:\n{done.stdout}\n{done.stderr}"
    assert "Seeded five organizations and their cases." in done.stdout, done.stdout


def _demo_template(url: str) -> tuple[str, Path]:
    """The run's seeded demo on the server of ``url`` (SQLite: a file): ``(its url, its data
    folder)``, seeded by the first process that asks (the caller holds the demo's lock)."""
    demo = _folder() / "demo"
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        template = f"sqlite:///{_folder() / 'demo.sqlite3'}"
        if not (demo / "seeded").exists():
            shutil.rmtree(demo, ignore_errors=True)
            (_folder() / "demo.sqlite3").unlink(missing_ok=True)
            _seed_demo(template, demo / "data")
            (demo / "seeded").write_text("")
        return template, demo / "data"
    server = urlunsplit(parts._replace(path="/postgres"))
    note = _folder() / f"postgresql-demo-{hashlib.sha256(server.encode()).hexdigest()[:16]}"
    data = demo / f"data-{note.name}"
    if not note.exists():
        name = f"ombud_demo_{Path(_folder()).name.rsplit('-', 1)[-1].lower()}"
        template = urlunsplit(parts._replace(path="/" + name))
        shutil.rmtree(data, ignore_errors=True)
        try:
            _seed_demo(template, data)
        except BaseException:
            _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        note.write_text(f"{server}\n{name}\n")
    name = note.read_text().split("\n")[1]
    return urlunsplit(parts._replace(path="/" + name)), data


def demo_copy(url: str, data_dir: Path) -> None:
    """The database at ``url`` becomes a copy of the run's seeded demo (a SQLite file new, a
    PostgreSQL database dropped if it exists), and the folder ``data_dir`` (made if need be) a
    copy of its data folder: the documents (files/) and the seal key (seal-key.pem) it sealed with.
    The demo is seeded once per run, on the day the run seeds it."""
    parts = urlsplit(url)
    with _locked("demo-lock"):
        template, data = _demo_template(url)
        if parts.scheme == "sqlite":
            target = Path(unquote(parts.path))
            target.parent.mkdir(parents=True, exist_ok=True)
            assert not target.exists(), f"{target} exists: a copy goes into a new database only"
            source_path = unquote(urlsplit(template).path)
            with contextlib.closing(sqlite3.connect(source_path)) as source, \
                    contextlib.closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
        else:
            name, source_name = parts.path.lstrip("/"), urlsplit(template).path.lstrip("/")
            _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                              f'CREATE DATABASE "{name}" TEMPLATE "{source_name}"')
        shutil.copytree(data, data_dir, ignore=shutil.ignore_patterns("ombud.sqlite3*"),
                        dirs_exist_ok=True)


def create_test_db(creation, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    """Django's ``BaseDatabaseCreation.create_test_db`` with the template copied where Django
    runs ``migrate``: the same database, created, named and serialized as Django does."""
    from django.conf import settings
    from django.core.management import call_command

    connection = creation.connection
    vendor = connection.vendor
    assert vendor in ("sqlite", "postgresql"), vendor
    name = creation._get_test_db_name()
    if vendor == "postgresql":
        test_settings = connection.settings_dict["TEST"]
        with _locked():
            before = test_settings.get("TEMPLATE")
            test_settings["TEMPLATE"] = _postgresql_template(_url_of(connection.settings_dict))
            try:
                creation._create_test_db(verbosity, autoclobber, keepdb)
            finally:
                test_settings["TEMPLATE"] = before
    else:
        creation._create_test_db(verbosity, autoclobber, keepdb)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    if vendor == "sqlite":
        _copy_sqlite(connection.connection)
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    return name


def _url_of(settings_dict: dict) -> str:
    return os.environ.get("OMBUD_DATABASE_URL") or (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}")


def remove_run_folder() -> None:
    """Drop what the run built: the PostgreSQL templates it noted, then its folder."""
    folder = Path(os.environ.pop(RUN_FOLDER))
    for note in folder.glob("postgresql-*"):
        server, name = note.read_text().split("\n")[:2]
        _postgresql_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(folder, ignore_errors=True)
