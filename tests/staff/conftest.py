"""The world of the staff tests, and a small cast (after healthchecks' hc/test.py).

The five organizations are set up as the demo sets them up (``seed_organizations``: a user
``<org>-<role>`` per role, plus ``<org>-handler2``), with the management meetings of AV, GL
and PP (``seed_meetings``). The people who carry meaning have names:

    alice    DNV's case handler (dnv-handler)
    bob      Personalpartner's case handler (pp-handler)
    charlie  an outsider: signed in, but a member of no organization at all

Everyone else is reached through ``people[<org>][<role>]``. Cases are opened through the real
service, ``ombud.cases.services.case_register``, with ``register``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from fake_clamd import clamd  # noqa: F401 (a fixture: a clamd on a real socket)

from ombud.cases import services
from ombud.cases.models import Case
from ombud.orgs.models import Organization

# What each case type needs at intake besides the complaint itself, relative to receipt.
_INTAKE_DETAILS = {
    "dnv/objection": lambda received: {"decision_on": received - timedelta(days=7)},
    "dnv/inspection": lambda received: {"result_on": received - timedelta(days=1)},
    "dnv/terms": lambda received: {"result_on": received - timedelta(days=1)},
    "dnv/complaint": lambda received: {"about": "conduct"},
}


def today() -> date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_files(settings, tmp_path):
    """One cheap hasher (the demo's PBKDF2 hash costs a second per test), and archived letters
    written under the test's own folder, never into the demo's data directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def people(db):
    """``{slug: {role: user}}`` for the five organizations, with their meetings."""
    from ombud.demo.seed import seed_meetings, seed_organizations

    found = seed_organizations()
    seed_meetings()
    return found


@pytest.fixture
def organizations(people) -> dict[str, Organization]:
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
    return get_user_model().objects.create_user("charlie", password="charlie-password-1")


@pytest.fixture
def register(people, organizations):
    """``register(procedure_id, **overrides)``: a case opened by the organization's intake
    person through ``case_register``; the organization is the procedure's prefix."""

    def open_case(procedure_id: str, *, received_on: date | None = None,
                  channel: str = "letter", title: str = "", name: str = "",
                  details: dict | None = None, put_in_writing: bool = False,
                  actor=None) -> Case:
        slug = procedure_id.partition("/")[0]
        received_on = received_on or today()
        wanted = _INTAKE_DETAILS.get(procedure_id, lambda received: {})(received_on)
        return services.case_register(
            organization=organizations[slug], procedure_id=procedure_id, channel=channel,
            received_on=received_on, title=title or f"A {procedure_id} case",
            complainant=services.PartyDetails(name or f"Complainant of {slug}",
                                              email=f"complainant@{slug}.example"),
            actor=actor or people[slug]["intake"], details={**wanted, **(details or {})},
            put_in_writing=put_in_writing)

    return open_case


@pytest.fixture
def step(people):
    """``step(case, event_type, on=today, by=<who the table wants>, actor_involved=False,
    **data)``
    through ``case_step``; ``data`` is what the step records (``involved`` there is the appointed
    handler's involvement, ``actor_involved`` the acting person's own). A step on a past day is
    taken as recorded that day (a past kept day by day), not dated back (tests/staff/
    test_backdating.py)."""

    def record(case: Case, event_type: str, *, on: date | None = None, by=None,
               actor_involved: bool = False, **data):
        on = on or today()
        return services.case_step(case=case, event_type=event_type, on=on,
                                  actor=by or _who_records(case, event_type), data=data,
                                  actor_involved=actor_involved, recorded_on=min(on, today()))

    def _who_records(case: Case, event_type: str):
        """As the permission table wants it: a manager takes a complaint up and appoints;
        the appointed handler (else the organization's handler) does the rest."""
        staff = people[case.organization.slug]
        if event_type in ("taken_up", "assigned"):
            return staff["manager"]
        case.refresh_from_db(fields=["handler"])
        return case.handler or staff["handler"]

    return record


def sign_in(client, person, language: str = "en"):
    """The test client as ``person``, reading pages in ``language``."""
    client.force_login(person)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def as_person(client):
    """``as_person(user)``: the test client signed in as that user, reading English."""
    return lambda person: sign_in(client, person)
