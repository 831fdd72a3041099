"""The person complained about, erased (GDPR art. 17), in the file where they are a party but
not the complainant: the hearing report kept as a document and the staff's free notes of that
file that give their name keep it no longer; the complainant's own words stay, the chain and
the seals still verify."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from ombud.audit.seal import seal_all
from ombud.audit.verify import verify
from ombud.cases import services as case_services
from ombud.cases.models import Document, DocumentKind
from ombud.privacy import services
from tests.stored import everything_stored

pytestmark = pytest.mark.django_db

HENK = "Henk Oudekerk"




@pytest.fixture
def heard(people, dnv):
    """Anna's objection, with Henk, the examiner she complains about, as a party; a hearing
    whose report names him, a note naming him; then answered."""
    staff = people["dnv"]
    today = timezone.localdate()
    case = case_services.case_register(
        organization=dnv, procedure_id="dnv/objection", channel="letter", received_on=today,
        title="Bezwaar examenuitslag",
        complainant=case_services.PartyDetails("Anna Jansen", email="anna@example.org"),
        actor=staff["intake"], details={"about": "negative_certification",
                 "decision_on": today - timedelta(days=7)})
    henk = case_services.party_add(case=case, role="subject", details=case_services.PartyDetails(
        HENK, email="henk.oudekerk@example.org"), actor=staff["handler"])

    def step(event_type, by=None, **data):
        case_services.case_step(case=case, event_type=event_type, on=today,
                                actor=by or staff["handler2"], data=data)

    step("acknowledged", by=staff["handler"])
    step("assigned", by=staff["manager"], handler_id=staff["handler2"].pk, handler="Two")
    step("hearing_invited", term_weeks=2)
    step("hearing_requested")
    step("hearing_held", report=f"Anna en {HENK} zijn gehoord. Anna blijft bij haar bezwaar.")
    case_services.case_note(case=case, text=f"{HENK} belde: hij wil het verslag.",
                            actor=staff["handler2"])
    step("answered", outcome="rejected", reasons="Ongegrond.", letter="Ongegrond.")
    case.refresh_from_db()
    return {"case": case, "henk": henk}


def test_gdpr_art_17_erasing_the_person_complained_about_redacts_the_report_and_the_notes(
        heard, people, dnv, seal_key, django_capture_on_commit_callbacks):
    report = Document.objects.get(case=heard["case"], kind=DocumentKind.HEARING_REPORT)
    assert HENK in report.file.open("rb").read().decode()
    on_storage = report.file.name
    seal_all()
    later = timezone.localdate() + timedelta(days=366 * 12)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(organization=dnv, parties=[heard["henk"]], ground="request",
                              actor=people["dnv"]["privacy"], today=later)
    assert "oudekerk" not in everything_stored()
    assert not default_storage.exists(on_storage)
    report = Document.objects.get(pk=report.pk)
    assert not report.file  # the file that named him is gone, its digest kept in the row
    # her words stay, his name gone, in the erasure entry's redacted copy of the report
    assert "anna en [—] zijn gehoord. anna blijft bij haar bezwaar." in everything_stored()
    seal_all()
    assert verify().problems == []
