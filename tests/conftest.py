"""The one test base: what every test shares. Domain tests need nothing from Django; database
tests use pytest-django.

- One cheap password hasher for the whole run: PBKDF2 costs about 0.8 s for every seeded cast.
  The tests of hashing itself (tests/signin: the counting hasher) set their own.
- Every file a test writes goes under its own ``tmp_path`` (MEDIA_ROOT), never into the demo's
  data directory, so parallel workers (pytest-xdist) never share a folder.
- Hypothesis prints a failure's blob (``@reproduce_failure``) so any failure can be replayed;
  examples stay random (not derandomized), with no deadline unless a test sets one. Every
  test's own ``settings`` inherits this profile (HYPOTHESIS_PROFILE names another).
- Django's test database of every worker, and the database of every process a test starts, is a
  copy of one database migrated once per run (tests/migrated.py), not migrated again each time
  (3 s of CPU on SQLite, more on PostgreSQL).
- ``seeded_demo``: the whole demo as ``ombud demo --no-serve`` seeds it, seeded once per run
  (tests/migrated.py) and copied for each test that asks: half a minute of CPU paid once.
- The cast (tests/cast.py): ``people``, ``organizations``, ``alice``, ``bob``, ``charlie``,
  ``as_person``. A folder's conftest keeps only what is its own.

    alice    DNV's case handler (dnv-handler)
    bob      Personalpartner's case handler (pp-handler)
    charlie  an outsider: signed in, but a member of no organization at all
"""

from __future__ import annotations

import os
import sys

# pytest keeps each test module's assertion-rewritten code in __pycache__ only where Python may
# write bytecode; with PYTHONDONTWRITEBYTECODE set (as on the shared machine) every process, each
# xdist worker too, parsed and rewrote every test module again: about 6 s more CPU a collection
# (11-16 s instead of 5.5 s for the whole suite). The cache is read whatever the setting, and is
# rewritten when a file changes (git ignores __pycache__). The processes tests start keep the
# variable: scripts/setup byte-compiles ombud for them.
sys.dont_write_bytecode = False

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

from tests.cast import person_named, sign_in  # noqa: E402

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"

# Loaded at import, before any test module builds its own ``settings(...)`` from the default.
# No deadline by default (as Hypothesis' own CI profile): on a machine shared by parallel workers
# an example's time says nothing; a test that means a deadline sets its own.
hypothesis_settings.register_profile("ombud", print_blob=True, derandomize=False, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ombud"))


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _flush_postgresql_by_delete():
    """After a transactional test Django empties every table with one TRUNCATE, which on
    PostgreSQL costs a new file per table (about a second for Ombud's tables). DELETE costs
    nothing on the few rows a test writes; the foreign keys Django makes are deferred, so the
    order of the tables does not matter inside flush's transaction."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences,
                            allow_cascade=allow_cascade)
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


def pytest_configure(config):
    """The run's folder for its migrated template (tests/migrated.py), made before
    pytest-xdist starts the workers that inherit it; removed at the end of the run."""
    from tests.migrated import run_folder

    config.ombud_made_run_folder = run_folder()


def pytest_unconfigure(config):
    if getattr(config, "ombud_made_run_folder", False):
        from tests.migrated import remove_run_folder

        remove_run_folder()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Django's test database is a copy of the run's migrated template, not migrated again in
    every worker (tests/migrated.py). ``--reuse-db`` keeps Django's own way."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    from tests.migrated import create_test_db

    django_create_test_db = BaseDatabaseCreation.create_test_db

    def from_template(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:
            return django_create_test_db(self, verbosity, autoclobber, serialize, keepdb)
        return create_test_db(self, verbosity, autoclobber, serialize, keepdb)

    BaseDatabaseCreation.create_test_db = from_template
    yield
    BaseDatabaseCreation.create_test_db = django_create_test_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _versions_in_use_asked_again():
    """X-06's fingerprints this process found kept (cases.versions_in_use) are kept rows of
    the database: a test's rolled-back rows must not be remembered by the next test."""
    from ombud.cases import versions_in_use

    versions_in_use._confirmed.clear()


@pytest.fixture(autouse=True)
def _readiness_checked_anew():
    """/readyz keeps its checks for a second (ombud.web.health): a test that made the storage
    or the database fail must not hand its answer to the next test."""
    from ombud.web import health

    health._last_checks = (float("-inf"), {})


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(person)`` signs the person in fully: with the second factor their
    role asks for (tests/two_factor.py)."""
    from django.test import Client

    from tests.two_factor import complete_second_factor

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        complete_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", password_only, raising=False)


@pytest.fixture
def seeded_demo(django_db_setup, django_db_blocker, tmp_path, settings):
    """The database, for this test only, a copy of the run's seeded demo (``ombud demo
    --no-serve``, once per run: tests/migrated.py), its documents in MEDIA_ROOT. The test's own
    copy: what the test writes stays in it, and Django's test database is left as it was."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import DEFAULT_DB_ALIAS, connections

    from tests.migrated import _postgresql_admin, _url_of, demo_copy

    test_database = connections[DEFAULT_DB_ALIAS]
    if test_database.vendor == "sqlite":
        name = str(tmp_path / "demo.sqlite3")
        url = f"sqlite:///{name}"
    else:
        name = f"{test_database.settings_dict['NAME']}_demo_{os.getpid()}"
        url = urlunsplit(urlsplit(_url_of(test_database.settings_dict))._replace(path="/" + name))
    with django_db_blocker.unblock():
        demo_copy(url, tmp_path / "demo")
        settings.MEDIA_ROOT = tmp_path / "demo" / "files"
        demo = type(test_database)({**test_database.settings_dict, "NAME": name},
                                   DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = demo
        try:
            yield
        finally:
            demo.close()
            connections[DEFAULT_DB_ALIAS] = test_database
            if test_database.vendor != "sqlite":
                _postgresql_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the cast ------------------------------------------------------------------------------------

@pytest.fixture
def people(db):
    """``{slug: {role: user}}`` for the five organizations, with their management meetings."""
    from ombud.demo.seed import seed_meetings, seed_organizations

    found = seed_organizations()
    seed_meetings()
    return found


@pytest.fixture
def organizations(people) -> dict:
    from ombud.orgs.models import Organization

    return {organization.slug: organization for organization in Organization.objects.all()}


@pytest.fixture
def alice(people):
    """DNV's case handler."""
    return people["dnv"]["handler"]


@pytest.fixture
def bob(people):
    """Personalpartner's case handler."""
    return people["pp"]["handler"]


@pytest.fixture
def charlie(db):
    """Signed in, but a member of no organization."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("charlie", password="charlie-password-1")


@pytest.fixture
def as_person(client, people):
    """``as_person(user or "<org>-<role>")``: the test client signed in as that person,
    reading English."""

    def signed_in(person):
        if isinstance(person, str):
            person = person_named(people, person)
        return sign_in(client, person)

    return signed_in


@pytest.fixture
def mailchimp(settings):
    """A local HTTP server speaking Mailchimp's Marketing API, the settings pointed at it
    (tests/fake_mailchimp.py)."""
    from tests.fake_mailchimp import serving

    yield from serving(settings)
