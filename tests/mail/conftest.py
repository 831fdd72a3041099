"""Fixtures of the mail tests: a real SMTP server, Django's SMTP backend pointed at it, and
Ombud's own worker processes on a database of their own (see ``mail_world``); the organizations
and their people are the root conftest's cast.

    smtp_server   aiosmtpd on 127.0.0.1, a port the kernel picks; stop() and start() again on it
    send_by_smtp  Django's SMTP EmailBackend sends to ``smtp_server``
    outbox_world  ``python -m django ombud_worker`` and friends: on SQLite a file database of
                  the test's own (a migrated copy: tests/migrated.py), on PostgreSQL the
                  test run's database with committed rows (mark the test
                  ``django_db(transaction=True)``)
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone
from mail_world import Database, OutboxWorld, SmtpServer

from ombud.cases import services
from ombud.cases.models import Case
from tests.migrated import migrated_copy

# What each case type needs at intake besides the complaint itself.
_INTAKE_DETAILS = {
    "dnv/complaint": {"about": "conduct"},
}


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def send_by_smtp(settings, smtp_server) -> SmtpServer:
    """Django's real SMTP backend, sending to ``smtp_server``."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return smtp_server


@pytest.fixture
def register(people, organizations):
    """``register(procedure_id, received_on=…, email=…)``: a case opened by the organization's
    intake person through ``case_register``."""

    def open_case(procedure_id: str, *, received_on: date | None = None,
                  email: str = "", details: dict | None = None) -> Case:
        slug = procedure_id.partition("/")[0]
        return services.case_register(
            organization=organizations[slug], procedure_id=procedure_id, channel="letter",
            received_on=received_on or timezone.localdate(), title=f"A {procedure_id} case",
            complainant=services.PartyDetails(f"Complainant of {slug}", email=email,
                                              address="Dorpsstraat 1, 1234 AB Ergens"),
            actor=people[slug]["intake"],
            details={**_INTAKE_DETAILS.get(procedure_id, {}), **(details or {})})

    return open_case


@pytest.fixture
def step(people):
    """``step(case, event_type, on=today, **data)`` by the organization's handler, through
    ``case_step`` (the service that sends the letter a step calls for)."""

    def record(case: Case, event_type: str, *, on: date | None = None, **data):
        on = on or timezone.localdate()  # a past day is taken as recorded that day
        return services.case_step(case=case, event_type=event_type, on=on,
                                  actor=people[case.organization.slug]["handler"], data=data,
                                  recorded_on=min(on, timezone.localdate()))

    return record


@pytest.fixture
def outbox_world(transactional_db, tmp_path, smtp_server):
    """Needs ``@pytest.mark.django_db(transaction=True)`` on the test: on PostgreSQL the
    processes use the test run's database, whose rows they see once committed."""
    if connection.vendor == "postgresql":
        database = Database.postgresql(connection.settings_dict)
    else:
        database = Database.sqlite(tmp_path / "ombud.sqlite3")
    world = OutboxWorld(root=tmp_path, database=database, smtp=smtp_server)
    if database.sqlite_path is not None:
        migrated_copy(f"sqlite:///{database.sqlite_path}")
    yield world
    world.close()
