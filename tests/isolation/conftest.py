"""The world of the URL matrix: the five organizations as the demo sets them up, each with one
case that has a history, a document and a corrective action to protect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ombud.cases import services

# One case type per organization; NE, GL and PP restrict reading (NE-C-05, GL-11, PP-15).
CASE_TYPES = {"ne": "ne/complaint", "av": "av/complaint", "gl": "gl/complaint",
              "pp": "pp/complaint", "dnv": "dnv/objection"}
SLUGS = sorted(CASE_TYPES)


@pytest.fixture
def world(people):
    """``{slug: case}``: in each organization a case received a week ago, acknowledged,
    appointed to its handler by a manager, with a document and a corrective action."""
    from ombud.orgs.models import Organization

    today = timezone.localdate()
    cases = {}
    for slug, procedure_id in CASE_TYPES.items():
        staff = people[slug]
        received = today - timedelta(days=7)
        details = {"decision_on": received - timedelta(days=7)} if slug == "dnv" else {}
        case = services.case_register(
            organization=Organization.objects.get(slug=slug), procedure_id=procedure_id,
            channel="letter", received_on=received, title=f"Secret of {slug}",
            complainant=services.PartyDetails(f"Kari Secret-{slug}",
                                              email=f"kari@{slug}.example"),
            actor=staff["intake"], details=details)
        services.case_step(case=case, event_type="acknowledged", on=received,
                           actor=staff["handler"], recorded_on=received)  # kept day by day
        services.case_step(case=case, event_type="assigned", on=received, actor=staff["manager"],
                           data={"handler_id": staff["handler"].pk, "handler": "H",
                                 "involved": False}, recorded_on=received)
        services.document_attach(case=case, title=f"Evidence of {slug}", actor=staff["handler"],
                                 upload=SimpleUploadedFile("e.txt", b"evidence", "text/plain"))
        services.corrective_action_add(case=case, description="Fix it", owner=staff["handler"],
                                       due_on=today + timedelta(days=30), actor=staff["handler"])
        # A phone contact (AV-05) no case is linked to yet: the contacts pages have one.
        services.contact_record(organization=case.organization, procedure_id=procedure_id,
                                channel="oral", received_on=received,
                                person=services.PartyDetails(f"Caller of {slug}"),
                                summary=f"Call to {slug}", actor=staff["intake"])
        case.refresh_from_db()
        cases[slug] = case
    # A subscriber of Norsk Energi's newsletter whom no case names (the privacy console's
    # "someone" pages).
    from ombud.newsletter.models import Newsletter, Subscriber

    for newsletter in Newsletter.objects.all():
        Subscriber.objects.create(newsletter=newsletter, email="secret-subscriber@example.org",
                                  name="Sigrid Secret-Subscriber", language="nb")
    return cases
