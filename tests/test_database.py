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
