import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from processes import environment  # noqa: E402

from tests.migrated import migrated_copy  # noqa: E402


def _postgres_base() -> str | None:
    url = os.environ.get("OMBUD_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class Databases:
    """Fresh databases for processes started by a test: SQLite files under tmp_path, or, when
    the run is on PostgreSQL, databases named after the run's own and dropped at the end."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.base = _postgres_base()
        self.made: list[str] = []

    def new(self, name: str) -> str:
        if self.base is None:
            return f"sqlite:///{self.tmp_path / name / 'ombud.sqlite3'}"
        parts = urlsplit(self.base)
        database = f"{parts.path.lstrip('/')}_{name}_{os.getpid()}"
        self._admin(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return urlunsplit(parts._replace(path="/" + database))

    def drop_all(self) -> None:
        for database in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _admin(self, *statements: str) -> None:
        import psycopg

        parts = urlsplit(self.base)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)


@pytest.fixture
def databases(tmp_path):
    made = Databases(tmp_path)
    yield made
    if made.base is not None:
        made.drop_all()


@pytest.fixture
def installation(tmp_path, databases):
    """A migrated, empty installation: ``(env, data_dir)`` (the migrations as ``python -m django
    migrate`` ran them once for this worker: tests/migrated.py)."""
    data_dir = tmp_path / "data"
    env = environment(data_dir, databases.new("main"))
    migrated_copy(env["OMBUD_DATABASE_URL"])
    return env, data_dir
