"""Every step that calls for a letter writes it from the organization's template in the case's
language, sets it as PDF, archives it and puts it in the outbox in the step's transaction
(X-08); the answer carries what the procedure says an answer must carry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pdf_text import pdf_text

from ombud.cases import services
from ombud.cases.models import Document, DocumentKind, PartyRole
from ombud.domain import engine
from ombud.letters import render
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization

TODAY = timezone.localdate


def _open(people, procedure_id: str, *, language: str = "", email="klager@example.org",
          **details):
    organization = Organization.objects.get(slug=procedure_id.partition("/")[0])
    case = services.case_register(
        organization=organization, procedure_id=procedure_id, channel="email",
        received_on=TODAY() - timedelta(days=3), title="Saken",
        complainant=services.PartyDetails("Kari Klager", email, "", "Storgata 1, 0155 Oslo"),
        actor=people[organization.slug]["intake"], details=details)
    if language:
        case.language = language
        case.save(update_fields=["language"])
    return case


def _letters(case):
    return list(Document.objects.filter(
        case=case, kind__in=[DocumentKind.LETTER, DocumentKind.HOLDER_LETTER]).order_by("id"))


def test_x_08_the_acknowledgement_is_archived_as_pdf_and_mailed_with_it(people, mailoutbox):
    case = _open(people, "pp/complaint")
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["pp"]["handler"])
    [letter] = _letters(case)
    assert letter.content_type == "application/pdf"
    text = pdf_text(letter)
    assert "Personalpartner AS" in text and case.reference in text and "Kari Klager" in text
    assert "PP-11" in text  # the rule the acknowledgement keeps
    assert outbox.deliver_due() == (1, 0)
    [mail] = mailoutbox
    assert mail.to == ["klager@example.org"] and mail.subject.startswith("Bekreftelse")
    assert mail.attachments[0][2] == "application/pdf"
    assert mail.extra_headers["Message-ID"] == OutboxMessage.objects.get().message_id


def test_x_08_without_an_e_mail_address_the_letter_is_archived_for_the_post(people):
    case = _open(people, "pp/complaint", email="")
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["pp"]["handler"])
    assert len(_letters(case)) == 1
    assert not OutboxMessage.objects.exists()


def test_a_refused_step_writes_no_letter_and_sends_nothing(people):
    case = _open(people, "pp/complaint")
    with pytest.raises(services.Refused):  # PP has no extensions: PP-14
        services.case_step(case=case, event_type="extended", on=TODAY(),
                           actor=people["pp"]["handler"], data={"weeks": 2, "reason": "x"})
    assert _letters(case) == [] and not OutboxMessage.objects.exists()


def test_dnv_r_02_only_the_answer_on_an_objection_carries_the_court_clause(people):
    objection = _open(people, "dnv/objection", decision_on=TODAY() - timedelta(days=10))
    complaint = _open(people, "dnv/complaint", about="conduct")
    handler = people["dnv"]["handler"]
    for case in (objection, complaint):
        services.case_step(case=case, event_type="hearing_invited", on=TODAY(), actor=handler,
                           data={"term_weeks": 2})
        services.case_step(case=case, event_type="hearing_waived", on=TODAY(), actor=handler)
        services.case_step(case=case, event_type="answered", on=TODAY(), actor=handler,
                           data={"outcome": "not_upheld", "reasons": "Redenen.",
                                 "letter": "Onze beslissing."})
    objection_answer, complaint_answer = _letters(objection)[-1], _letters(complaint)[-1]
    clause = pdf_text(objection_answer)
    assert "Rechtsmiddelenclausule (DNV-R-02)" in clause
    assert "zes weken" in clause and "griffierecht" in clause and "rechtbank" in clause
    assert "Onze beslissing." in clause and "ongegrond" in clause
    assert "griffierecht" not in pdf_text(complaint_answer)


def test_pp_17_the_answer_names_the_board_and_ne_a_06_says_the_decision_is_final(people):
    pp = _open(people, "pp/complaint")
    services.case_step(case=pp, event_type="answered", on=TODAY(),
                       actor=people["pp"]["manager"],
                       data={"outcome": "partly_upheld", "reasons": "Grunner.", "letter": "Svar."})
    assert "styret i Personalpartner AS (PP-17)" in pdf_text(_letters(pp)[-1])
    ne = _open(people, "ne/appeal")
    services.case_step(case=ne, event_type="answered", on=TODAY(),
                       actor=people["ne"]["manager"],
                       data={"outcome": "not_upheld", "reasons": "Grunner.", "letter": "Svar."})
    assert "Avgjørelsen er endelig (NE-A-06)" in pdf_text(_letters(ne)[-1])


def test_dnv_b_10_the_remedy_request_gives_the_term_and_says_the_period_stands_still(people):
    case = _open(people, "dnv/objection", decision_on=TODAY() - timedelta(days=10))
    services.case_step(case=case, event_type="incomplete", on=TODAY(),
                       actor=people["dnv"]["handler"],
                       data={"term_weeks": 2, "text": "Uw handtekening ontbreekt."})
    text = pdf_text(_letters(case)[-1])
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    due = state.deadline("remedy").due  # the engine's date is the letter's date
    assert "Uw handtekening ontbreekt." in text and "DNV-B-10" in text and "DNV-B-08" in text
    assert f"uiterlijk {due.strftime('%d-%m-%Y')} aan te vullen (2 weken)" in text


def test_dnv_k_13_the_person_complained_about_gets_a_copy_with_its_enclosures(people,
                                                                               mailoutbox):
    case = _open(people, "dnv/complaint", about="holder_validity")
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Henk Houder", "henk@example.org"))
    services.document_attach(case=case, upload=SimpleUploadedFile(
        "foto.png", b"\x89PNG\r\n\x1a\nrest", "image/png"), title="foto.png", actor=handler)
    Document.objects.filter(case=case, kind=DocumentKind.ATTACHMENT).update(
        from_complainant=True)
    services.case_step(case=case, event_type="holder_notified", on=TODAY(), actor=handler)
    letter = _letters(case)[-1]
    text = pdf_text(letter)
    assert "Henk Houder" in text and "DNV-K-13" in text and "DNV-K-02" in text
    outbox.deliver_due()
    [mail] = [mail for mail in mailoutbox if mail.to == ["henk@example.org"]]
    assert [name for name, _, _ in mail.attachments] == [f"{letter.title}.pdf", "foto.png"]
    assert not [mail for mail in mailoutbox if mail.to == ["klager@example.org"]]


@pytest.mark.parametrize("language", ["nb", "nl", "en"])
@pytest.mark.parametrize("kind", sorted(set(render.LETTER_OF_STEP.values())))
def test_every_letter_has_a_template_in_every_language(kind, language):
    organization = "dnv" if kind == "holder_notice" else "pp"
    text = render._template_text(organization, kind, language, {})
    assert text.strip().splitlines()[0].strip()  # a subject line
