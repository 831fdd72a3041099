"""Every step that calls for a letter writes it from the organization's template in the case's
language, sets it as PDF, archives it and puts it in the outbox in the step's transaction
(X-08); the answer carries what the procedure says an answer must carry."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from pdf_text import pdf_text

from ombud.cases import services
from ombud.cases.models import Document, DocumentKind, PartyRole
from ombud.domain import engine
from ombud.letters import render
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from tests.appeal_period import pp_appeal_last_day

RULE_ID = re.compile(r"\b(?:[A-Z]{1,4}-)+\d{2}\b")  # GL-03, DNV-I-07, (DNV-R-02)

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
    assert "vi behandler den." in text and "()" not in text  # what PP-11 asks, in words
    assert not RULE_ID.search(text)  # rule IDs are for staff, not for the complainant
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
    assert "Rechtsmiddelenclausule" in clause and "DNV-R-02" not in clause
    assert "zes weken" in clause and "griffierecht" in clause and "rechtbank" in clause
    assert "Onze beslissing." in clause and "ongegrond" in clause
    assert "griffierecht" not in pdf_text(complaint_answer)


def test_pp_17_the_answer_names_the_board_and_ne_a_06_says_the_decision_is_final(people):
    pp = _open(people, "pp/complaint")
    services.case_step(case=pp, event_type="answered", on=TODAY(),
                       actor=people["pp"]["manager"],
                       data={"outcome": "partly_upheld", "reasons": "Grunner.", "letter": "Svar."})
    answer = pdf_text(_letters(pp)[-1])
    assert "kan du anke til styret i Personalpartner AS" in answer
    # by when and how, not only to whom
    last_day = pp_appeal_last_day(TODAY()).strftime("%d.%m.%Y")
    assert f"senest {last_day}" in " ".join(answer.split())
    assert "personlige lenken" in answer and "X-21" not in answer
    assert "Utfall: klagen er delvis tatt til følge." in pdf_text(_letters(pp)[-1])
    ne = _open(people, "ne/appeal")
    services.case_step(case=ne, event_type="answered", on=TODAY(),
                       actor=people["ne"]["manager"],
                       data={"outcome": "not_upheld", "reasons": "Grunner.", "letter": "Svar."})
    assert "Avgjørelsen er endelig." in pdf_text(_letters(ne)[-1])
    # Journey 6: an appeal's answer names it an appeal, not a complaint (NE-A-08).
    assert "Utfall: anken er ikke tatt til følge." in pdf_text(_letters(ne)[-1])


def test_dnv_b_10_the_remedy_request_gives_the_term_and_says_the_period_stands_still(people):
    case = _open(people, "dnv/objection", decision_on=TODAY() - timedelta(days=10))
    services.case_step(case=case, event_type="incomplete", on=TODAY(),
                       actor=people["dnv"]["handler"],
                       data={"term_weeks": 2, "text": "Uw handtekening ontbreekt."})
    text = pdf_text(_letters(case)[-1])
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    due = state.deadline("remedy").due  # the engine's date is the letter's date
    assert "Uw handtekening ontbreekt." in text and "wordt de behandeltermijn opgeschort" in text
    assert not RULE_ID.search(text)  # DNV-B-10 and DNV-B-08 are for staff
    assert f"binnen 2 weken, uiterlijk op {due.strftime('%d-%m-%Y')}, aan te vullen" in text


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
    assert "Henk Houder" in text and "afschrift van de klacht" in text
    response_due = engine.evaluate(services.procedure_of(case), services.engine_events(case),
                                   TODAY()).deadline("holder_response").due
    assert f"uiterlijk {response_due.strftime('%d-%m-%Y')} te reageren" in text  # DNV-K-02
    outbox.deliver_due()
    [mail] = [mail for mail in mailoutbox if mail.to == ["henk@example.org"]]
    assert [name for name, _, _ in mail.attachments] == [f"{letter.title}.pdf", "foto.png"]
    # The complainant is told in a letter of her own, which carries no enclosure of theirs.
    [told] = [mail for mail in mailoutbox if mail.to == ["klager@example.org"]]
    assert [name for name, _, _ in told.attachments] == [f"{_letters(case)[-2].title}.pdf"]


@pytest.mark.parametrize("language", ["nb", "nl", "en"])
@pytest.mark.parametrize("kind", sorted({*render.LETTER_OF_STEP.values(),
                                         *render.SUBJECT_LETTER_OF_STEP.values()}))
def test_every_letter_has_a_template_in_every_language(kind, language):
    dnv_only = {"holder_notice_sent", *render.SUBJECT_LETTER_OF_STEP.values(),
                "payment_confirmation", "slot_confirmation", "hearing_summary", "new_facts"}
    organization = "dnv" if kind in dnv_only else "pp"
    text = render._template_text(organization, kind, language, {})
    assert text.strip().splitlines()[0].strip()  # a subject line


def _employer_complaint(people):
    """Journey 5: an employer complains to DNV about a certificate holder (DNV-K-04)."""
    case = _open(people, "dnv/complaint", about="holder_validity", filer="employer")
    case.parties.filter(role=PartyRole.COMPLAINANT).update(
        name="Bouwbedrijf Van Dam B.V., t.a.v. M. van Dam")
    return case


def test_dnv_k_02_notifying_the_holder_is_refused_while_no_holder_is_on_the_case(people):
    case = _employer_complaint(people)
    with translation.override("nl"), pytest.raises(services.Refused) as refused:
        services.case_step(case=case, event_type="holder_notified", on=TODAY(),
                           actor=people["dnv"]["handler"])
    assert refused.value.rule == "DNV-K-02"
    assert "voeg de certificaathouder" in refused.value.reason  # in the person's language
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    assert state.deadline("holder_response") is None  # no response term runs for nobody
    assert not case.events.filter(type="holder_notified").exists()
    assert _letters(case) == [] and not OutboxMessage.objects.exists()


def test_dnv_k_13_dnv_k_14_dnv_k_19_the_holder_and_the_complainant_each_get_their_letter(
        people, mailoutbox):
    case = _employer_complaint(people)
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Henk Houder", "henk@example.org", "",
                                                     "Dorpsstraat 3, 2991 AB Barendrecht"))
    services.case_step(case=case, event_type="holder_notified", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="hearing_invited", on=TODAY(), actor=handler,
                       data={"term_weeks": 2, "text": "U kunt op het kantoor komen."})
    services.case_step(case=case, event_type="hearing_waived", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="answered", on=TODAY(), actor=handler,
                       data={"outcome": "upheld", "reasons": "Geen geldig certificaat.",
                             "letter": "De klacht is terecht."})
    letters = _letters(case)
    to_holder = [letter for letter in letters if letter.kind == DocumentKind.HOLDER_LETTER]
    to_employer = [letter for letter in letters if letter.kind == DocumentKind.LETTER]
    assert len(to_holder) == 3 and len(to_employer) == 3  # notice, invitation, finding each
    for letter in to_holder:
        text = pdf_text(letter)
        assert "Geachte Henk Houder," in text and "Dorpsstraat 3" in text
        assert "Van Dam" not in text.partition("Geachte")[2].split(",")[0]
    for letter in to_employer:
        text = pdf_text(letter)
        assert "Geachte M. van Dam," in text and "Bouwbedrijf Van Dam B.V." in text
        assert "Geachte Bouwbedrijf" not in text and not RULE_ID.search(text)
    notice, invitation, finding = (pdf_text(letter) for letter in to_holder)
    assert "afschrift van de klacht" in notice
    assert "gehoord over de klacht over u" in invitation and "op het kantoor" in invitation
    assert "de klacht is gegrond" in finding and "Geen geldig certificaat." in finding
    assert "gegrond" in pdf_text(to_employer[-1])
    outbox.deliver_due()
    assert len([mail for mail in mailoutbox if mail.to == ["henk@example.org"]]) == 3
    assert len([mail for mail in mailoutbox if mail.to == ["klager@example.org"]]) == 3


def test_dnv_k_02_dnv_k_14_the_holder_is_told_where_to_answer(people):
    """Jan Smit has no private page: the copy of the complaint asks him to respond within four
    weeks (DNV-K-02), the invitation to say whether he wants to be heard (DNV-K-14). Both say
    how: by e-mail to DNV's address or by letter to its office, quoting the reference."""
    case = _employer_complaint(people)
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Jan Smit", "jan@example.org", "",
                                                     "Dorpsstraat 3, 2991 AB Barendrecht"))
    services.case_step(case=case, event_type="holder_notified", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="hearing_invited", on=TODAY(), actor=handler,
                       data={"term_weeks": 2, "text": "U kunt op het kantoor komen."})
    organization = case.organization
    to_holder = [pdf_text(letter) for letter in _letters(case)
                 if letter.kind == DocumentKind.HOLDER_LETTER]
    assert len(to_holder) == 2
    for text in (" ".join(letter.split()) for letter in to_holder):
        assert f"U kunt antwoorden per e-mail aan {organization.email}" in text, text
        assert organization.postal_address.split(",")[0] in text.partition("U kunt")[2]
        assert f"onder vermelding van kenmerk {case.reference}" in text


@pytest.mark.parametrize(("name", "greeting"), [
    ("Bouwbedrijf Van Dam B.V.", "Geachte heer, mevrouw,"),
    ("Installatietechniek Noord BV", "Geachte heer, mevrouw,"),
    ("Bouwbedrijf Van Dam B.V., t.a.v. M. van Dam", "Geachte M. van Dam,"),
    ("Marieke de Vries", "Geachte Marieke de Vries,")])
def test_dnv_k_01_an_employer_s_company_is_greeted_as_a_company(people, name, greeting):
    """An employer complains about a certificate holder (DNV-K-01, DNV-K-04) and DNV's form
    asks for a name only: a company with no person named is not greeted "Geachte Bouwbedrijf
    Van Dam B.V.,"; its name stays in the address block."""
    case = _open(people, "dnv/complaint", about="holder_validity", filer="employer")
    case.parties.filter(role=PartyRole.COMPLAINANT).update(name=name)
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["dnv"]["handler"])
    text = " ".join(pdf_text(_letters(case)[-1]).split())
    assert greeting in text, text
    assert name.partition(",")[0] in text.partition(greeting)[0]  # the address block


def _appealed_pp_case(people):
    """Answered by the manager, appealed, and given to another handler for the board (PP-17:
    the first answerer does not decide the appeal): that handler answers it."""
    case = _open(people, "pp/complaint")
    manager, board_handler = people["pp"]["manager"], people["pp"]["handler2"]
    services.case_step(case=case, event_type="answered", on=TODAY(), actor=manager,
                       data={"outcome": "not_upheld", "reasons": "Grunner.", "letter": "Svar."})
    services.case_step(case=case, event_type="appealed", on=TODAY(), actor=manager,
                       data={"grounds": "Jeg er uenig."})
    services.case_step(case=case, event_type="assigned", on=TODAY(), actor=manager,
                       data={"handler_id": board_handler.pk,
                             "handler": board_handler.get_full_name(), "involved": False})
    return case, board_handler


@pytest.mark.parametrize(("language", "final", "invitation"), [
    ("nb", "Avgjørelsen er endelig", "kan du anke"),
    ("en", "This decision is final", "you can appeal"),
    ("nl", "Deze beslissing is definitief", "in beroep gaan"),
])
def test_pp_17_the_boards_answer_on_an_appeal_is_final_and_invites_no_appeal(
        people, language, final, invitation):
    case, board_handler = _appealed_pp_case(people)
    case.language = language
    case.save(update_fields=["language"])
    services.case_step(case=case, event_type="answered", on=TODAY(), actor=board_handler,
                       data={"outcome": "not_upheld", "reasons": "Styrets grunner.",
                             "letter": "Styrets svar."})
    text = pdf_text(_letters(case)[-1])
    assert final in text and "Styrets svar." in text
    assert invitation not in text and "anke til styret" not in text
    board = {"nb": "styret i Personalpartner AS", "en": "the board of Personalpartner AS",
             "nl": "het bestuur van Personalpartner AS"}[language]
    assert board in text  # says who decided
    assert "Dette er vårt svar på din klage" not in text


def test_the_ne_acknowledgement_has_no_empty_parentheses_in_letter_or_mail(people,
                                                                            mailoutbox):
    case = _open(people, "ne/complaint")
    services.case_step(case=case, event_type="acknowledged", on=TODAY(),
                       actor=people["ne"]["handler"])
    text = pdf_text(_letters(case)[-1])
    assert "og at vi behandler den." in text and "()" not in text and ".." not in text
    outbox.deliver_due()
    [mail] = mailoutbox
    assert "og at vi behandler den." in mail.body and "()" not in mail.body
    assert not RULE_ID.search(mail.body)


@pytest.mark.parametrize(("procedure_id", "foreign"), [
    ("pp/complaint", ("beslissing", "bezwaar", "Motivering")),
    ("dnv/objection", ("Svar på", "klagen", "Begrunnelse")),
])
def test_the_demos_seeded_answers_are_in_the_organizations_language(people, procedure_id,
                                                                    foreign):
    import random

    from ombud.demo.seed import step_data
    from ombud.demo.texts import answer_texts

    case = _open(people, procedure_id, decision_on=TODAY() - timedelta(days=10))
    staff = people[case.organization.slug]
    data = step_data(random.Random(1), "answered", staff, case.organization.language)
    # what the seed's handler writes for this case type and outcome (ombud.demo.seed)
    data["letter"], data["reasons"] = answer_texts(case.organization.language, procedure_id,
                                                   data["outcome"])
    if procedure_id == "dnv/objection":
        handler = staff["handler"]
        services.case_step(case=case, event_type="hearing_invited", on=TODAY(), actor=handler,
                           data={"term_weeks": 2})
        services.case_step(case=case, event_type="hearing_waived", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="answered", on=TODAY(),
                       actor=staff["handler"] if procedure_id != "pp/complaint"
                       else staff["manager"], data=data)
    text = pdf_text(_letters(case)[-1])
    assert data["letter"] in text and data["reasons"] in text
    assert not [word for word in foreign if word in text]


def test_dnv_k_18_the_person_complained_about_gets_a_notice_of_their_own_not_a_copy(
        people, mailoutbox):
    """Attack (a complainant's home address): the postponement went to the person complained
    about as a copy of the complainant's letter, whose address block holds the complainant's
    postal address. Each gets a notice addressed to them, as with the other letters."""
    case = _open(people, "dnv/complaint", about="holder_validity")
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Henk Houder", "henk@example.org", "",
                                                     "Dorpsstraat 3, 2991 AB Barendrecht"))
    services.case_step(case=case, event_type="acknowledged", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="extended", on=TODAY(), actor=handler,
                       data={"weeks": 4, "reason": "Wij wachten op de examinator."})
    outbox.deliver_due()
    [to_holder] = [mail for mail in mailoutbox if mail.to == ["henk@example.org"]]
    [(name, pdf, _type)] = to_holder.attachments
    holder_letter = Document.objects.get(case=case, title=name.removesuffix(".pdf"),
                                         kind=DocumentKind.HOLDER_LETTER)
    text = pdf_text(holder_letter)
    assert "Storgata" not in text and "0155 Oslo" not in text
    assert "Dorpsstraat 3" in text and "Henk Houder" in text and "4 weken" in text
    [to_complainant] = [mail for mail in mailoutbox if mail.to == ["klager@example.org"]
                        and "verdaagd" in mail.subject]
    [(name, _pdf, _type)] = to_complainant.attachments
    own = Document.objects.get(case=case, title=name.removesuffix(".pdf"),
                               kind=DocumentKind.LETTER)
    assert "Storgata 1" in pdf_text(own) and "Dorpsstraat" not in pdf_text(own)
