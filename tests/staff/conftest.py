"""The world of the staff tests: the cast of the root conftest (``people``, ``alice``, ``bob``,
``charlie``), cases opened through the real service ``ombud.cases.services.case_register``
with ``register``, and steps recorded through ``case_step`` with ``step``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from fake_clamd import clamd  # noqa: F401 (a fixture: a clamd on a real socket)

from ombud.cases import services
from ombud.cases.models import Case

# What each case type needs at intake besides the complaint itself, relative to receipt.
_INTAKE_DETAILS = {
    "dnv/objection": lambda received: {"decision_on": received - timedelta(days=7)},
    "dnv/inspection": lambda received: {"result_on": received - timedelta(days=1)},
    "dnv/terms": lambda received: {"result_on": received - timedelta(days=1)},
    "dnv/complaint": lambda received: {"about": "conduct"},
}


def today() -> date:
    return timezone.localdate()


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
