"""The configured database is the one CI asked for, and it takes a write and a read."""

import os

import pytest
from django.contrib.auth.models import User
from django.db import connection


def test_the_database_in_use_matches_ombud_database_url():
    url = os.environ.get("OMBUD_DATABASE_URL", "sqlite:///")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_the_database_round_trips_a_row():
    User.objects.create_user("kari", password="not-used")
    assert User.objects.filter(username="kari").count() == 1


def test_item_4_postgresql_statements_are_prepared_unless_turned_off():
    """Issue 15, item 4: on PostgreSQL parameters are bound by the server and a statement run
    five times on a connection is prepared (planned once); OMBUD_DATABASE_PREPARED=0 turns it
    off for a pooler that cannot keep them. SQLite has neither."""
    from ombud.config.env import database_from_url

    url = "postgres://ombud@127.0.0.1:5432/ombud"
    assert database_from_url(url)["OPTIONS"] == {"server_side_binding": True,
                                                 "prepare_threshold": 5}
    assert database_from_url(url, prepared=False)["OPTIONS"] == {}
    assert "server_side_binding" not in database_from_url("sqlite:////tmp/o.sqlite3")["OPTIONS"]


@pytest.mark.django_db
def test_item_4_a_statement_the_intake_repeats_is_prepared_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (SQLite caches its own)")
    for _ in range(6):
        User.objects.filter(username="kari").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"auth_user"."username" = $' in statement for statement in prepared), prepared
