"""The root conftest holds for every test: the cheap hasher (the suite's speed depends on it) and
Hypothesis failures that can be replayed."""

from __future__ import annotations

from django.contrib.auth.hashers import get_hasher, make_password
from hypothesis import settings as hypothesis_settings


def test_every_test_hashes_passwords_with_the_cheap_hasher(people):
    assert type(get_hasher()).__name__ == "MD5PasswordHasher"
    assert make_password("x").startswith("md5$")
    assert people["dnv"]["handler"].password.startswith("md5$")  # the seeded cast too


def test_a_hypothesis_failure_prints_its_blob_and_examples_stay_random():
    assert hypothesis_settings.default.print_blob is True
    assert hypothesis_settings.default.derandomize is False
    assert hypothesis_settings.default.deadline is None  # timings on a shared machine: no test


def test_the_test_database_is_a_copy_of_the_runs_migrated_template(db):
    """Django's test database is not migrated again in every worker: it is a copy of the one
    template the run migrated (tests/migrated.py), every migration applied, nothing pending."""
    import os
    from pathlib import Path

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    folder = Path(os.environ["OMBUD_TEST_MIGRATED_DIR"])
    built = [note for note in folder.glob("template.sqlite3" if connection.vendor == "sqlite"
                                          else "postgresql-*")
             if not note.name.startswith("postgresql-demo-")]  # the seeded demo's, if made
    assert len(built) == 1, sorted(folder.iterdir())
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        assert cursor.fetchone()[0] == len(executor.loader.applied_migrations) > 50
