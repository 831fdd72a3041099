"""Issue 11, defect 12 (journey 7): the whole case file as one PDF for the auditor and the
privacy officer (and managers): every entry with its time and the person's name (not the
login), every deadline kept or missed with the days late (X-07), the documents with their size
and SHA-256, and the proof that the history was not altered. The download is in the access
log; a title or text typed as Typst markup is printed as it is."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ombud.audit.seal import seal_all
from ombud.cases import services
from ombud.cases.models import AccessKind, AccessLog, CaseEvent
from ombud.orgs.models import Organization
from tests.cast import sign_in

HOSTILE = '#set page(fill: red) *fet* $x^2$ ] #import "/etc/passwd" <b>x</b> \\ @ref'


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def late_pp_case(people):
    """A PP complaint received 30 days ago, appointed, answered three days late (PP-14)."""
    pp = people["pp"]
    today = timezone.localdate()
    received_on = today - timedelta(days=30)
    case = services.case_register(
        organization=Organization.objects.get(slug="pp"), procedure_id="pp/complaint",
        channel="letter", received_on=received_on, title=HOSTILE,
        complainant=services.PartyDetails("Kari Nordmann", "kari@example.org"),
        actor=pp["intake"])
    late_answer = received_on + timedelta(weeks=2, days=3)
    handler = pp["handler"]
    services.case_step(case=case, event_type="assigned", on=received_on, actor=pp["manager"],
                       data={"handler_id": handler.pk, "handler": handler.get_full_name(),
                             "involved": False}, recorded_on=received_on)
    services.case_step(case=case, event_type="answered", on=late_answer, actor=handler,
                       data={"outcome": "upheld", "reasons": HOSTILE, "letter": "Svar."},
                       recorded_on=late_answer)
    case.refresh_from_db()
    return case


def _download(client, person, case, language="nb"):
    sign_in(client, person, language)
    return client.get(f"/pp/cases/{case.reference}/case-file/")


@pytest.mark.django_db
def test_x_07_journey_7_case_file_pdf_holds_events_deadlines_days_late_documents_and_proof(
        late_pp_case, people, client, seal_key):
    seal_all()
    response = _download(client, people["pp"]["auditor"], late_pp_case)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    handler = people["pp"]["handler"]
    # Every event, with the person's name, not the login.
    for event in CaseEvent.objects.filter(case=late_pp_case):
        assert f"{event.seq}." in text
    assert handler.get_full_name() in text and "pp-handler" not in text
    assert "Saksmappe" in text and late_pp_case.reference in text
    # The answer deadline missed, three days late, as the engine counts it (PP-14).
    assert "PP-14" in text and "3 dager for sent" in text and "oversittet" in text
    # The documents: the letters the steps sent, with their hashes.
    for document in late_pp_case.documents.all():
        assert document.sha256[:24] in text.replace(" ", "")
        # Sizes in bokmål notation, as on the case page (18,1 KB, not 18.1 kB).
        assert re.search(r"\b\d+,\d KB\b", text) and not re.search(r"\d\.\d kB", text)
    # The proof: the chain holds and the seal signed it.
    assert "Historikken er intakt" in text
    assert late_pp_case.last_hash[:24] in text.replace(" ", "")
    assert "Forseglingen" in text
    # The download is in the access log.
    [entry] = AccessLog.objects.filter(case=late_pp_case, kind=AccessKind.DOWNLOAD)
    assert entry.what == f"{late_pp_case.reference}-case-file.pdf"
    assert entry.person == people["pp"]["auditor"]


@pytest.mark.django_db
def test_x_07_case_file_prints_a_hostile_title_and_text_as_written(late_pp_case, people,
                                                                     client):
    response = _download(client, people["pp"]["privacy"], late_pp_case, "en")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Every character printed, twice (the subject and the answer's reasons), nothing evaluated.
    assert text.count('#import "/etc/passwd"') == 2
    assert text.count("*fet* $x^2$ ]") == 2
    assert "No seal covers this case yet" in text


@pytest.mark.django_db
def test_x_07_case_file_is_refused_to_a_handler_and_hidden_from_another_organization(
        late_pp_case, people, client):
    assert _download(client, people["pp"]["handler"], late_pp_case).status_code == 403
    assert _download(client, people["dnv"]["auditor"], late_pp_case).status_code == 404
    assert not AccessLog.objects.filter(case=late_pp_case, kind=AccessKind.DOWNLOAD).exists()
