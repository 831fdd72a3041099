"""The world of the audit tests: the demo's organizations and people, cases opened and carried
through the real services, a seal key of the test's own, and an attacker's hand on the database
(raw SQL, behind the application's back)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ombud.audit import keys
from ombud.cases import services
from ombud.cases.models import Case
from ombud.orgs.models import Organization


@pytest.fixture
def seal_key(settings, tmp_path):
    """The seal key, configured as an operator would (OMBUD_SEAL_KEY names a PEM file)."""
    path = tmp_path / "seal-key.pem"
    keys.generate(path)
    settings.OMBUD_SEAL_KEY = str(path)
    return path


@pytest.fixture
def answered(people):
    """``answered(title=...)``: a DNV inspection request, acknowledged and answered by DNV's
    handler (each with its letter), registered by DNV's intake."""

    def make(title: str = "Inzage praktijkexamen", name: str = "Femke de Vries") -> Case:
        today = timezone.localdate()
        dnv = people["dnv"]
        case = services.case_register(
            organization=Organization.objects.get(slug="dnv"), procedure_id="dnv/inspection",
            channel="letter", received_on=today, title=title,
            complainant=services.PartyDetails(name, email="femke@example.org"),
            actor=dnv["intake"], details={"result_on": today})
        for event_type, data in (("acknowledged", {}), ("answered", {
                "outcome": "upheld", "reasons": "Inzage gegeven.", "letter": "U krijgt inzage."})):
            services.case_step(case=case, event_type=event_type, on=today, actor=dnv["handler"],
                               data=data)
        case.refresh_from_db()
        return case

    return make
