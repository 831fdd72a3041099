"""The complainant's own page behind the private link: the state in plain words, their deadlines
with the basis of each, the letters (as PDF) and their own documents; and what they can do there:
send a further document (flagged late under DNV-B-16), answer a hearing invitation (DNV-K-15,
DNV-B-13, DNV-B-14), consent to a further extension (DNV-K-18, DNV-B-09), withdraw. On a closed
case every action is refused with a message and changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pdf_text import pdf_text
from public_world import TODAY, elements, field_error, field_widgets, footprint, main_text

from ombud.cases import services
from ombud.cases.models import DocumentKind

RULE_ID = re.compile(r"\b(?:[A-Z]{1,4}-)+\d{2}\b")  # DNV-B-16: for staff, not for her

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def page_text(visitor, token: str) -> str:
    response = visitor.get(f"/track/{token}/")
    assert response.status_code == 200
    return main_text(response.content.decode())


def page_html(visitor, token: str) -> str:
    return visitor.get(f"/track/{token}/").content.decode()


def step(case, event_type: str, actor, **data):
    return services.case_step(case=case, event_type=event_type, on=TODAY(), actor=actor,
                              data=data)


def alert_text(page: str) -> str:
    """The words of the page's alerts (role=alert): where a refusal must be said."""
    import re

    found = re.findall(r'<(\w+)[^>]*role="alert"[^>]*>(.*?)</\1>', page, re.S)
    return " ".join(main_text(f"<main>{inner}</main>") for _, inner in found)


def history(case) -> list[str]:
    return list(case.events.order_by("seq").values_list("type", flat=True))


def upload(visitor, token: str, title: str = "Verklaring", content: bytes = PDF):
    return visitor.post(f"/track/{token}/upload/", {
        "title": title, "document": SimpleUploadedFile("verklaring.pdf", content)})


# -- what the page shows ----------------------------------------------------------------------


def test_the_page_says_the_state_in_plain_words_as_the_case_moves(people, filed, dnv_handler):
    case, token, visitor = filed("dnv/complaint")
    assert "Where your case stands: Received, waiting to be taken up." in page_text(visitor,
                                                                                  token)
    step(case, "acknowledged", dnv_handler)
    assert "Where your case stands: Being handled." in page_text(visitor, token)
    step(case, "declined", dnv_handler, ground="insufficient_interest",
         reasons="Kennelijk onvoldoende belang.", letter="Wij behandelen uw klacht niet.")
    assert ("Where your case stands: Not taken into consideration: the letter below says why."
            in page_text(visitor, token))


def test_the_page_shows_the_deadlines_that_concern_the_complainant_with_their_basis(
        people, filed, dnv_handler):
    case, token, visitor = filed("dnv/objection")
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    text = page_text(visitor, token)
    assert "Dates that concern you" in text
    # the organization's acknowledgement and answer, each with why, in words: rule IDs are
    # for staff (DNV-B-03, DNV-B-07, DNV-B-14 mean nothing to the complainant)
    assert not RULE_ID.search(text)
    assert "acknowledgement of receipt" in text
    assert "5 working days after receipt in writing on" in text
    assert "written answer" in text
    assert "6 weeks after the end of the filing window" in text
    # their own term to answer the invitation, marked as theirs
    assert "reply to the hearing invitation (yours to do)" in text
    assert "2 weeks after the invitation to be heard on" in text
    # not the organization's internal deadlines, not the window they already met
    assert not re.search(r"(?<!of the )filing window", text)  # the window is not a row


def test_the_letters_sent_are_listed_and_download_as_pdf(people, filed, dnv_handler):
    case, token, visitor = filed("dnv/complaint")
    step(case, "acknowledged", dnv_handler)
    letters = case.documents.filter(kind=DocumentKind.LETTER).order_by("id")
    assert letters.count() == 2  # the receipt and the acknowledgement
    page = page_html(visitor, token)
    for letter in letters:
        url = f"/track/{token}/documents/{letter.pk}/"
        assert elements(page, "a", href=url)
        assert letter.title in main_text(page)
        response = visitor.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"{case.reference}-{letter.pk}.pdf" in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-")
    assert case.reference in pdf_text(letters.last())


def test_the_complainants_own_uploads_are_listed_and_download(people, filed):
    case, token, visitor = filed("dnv/complaint")
    assert "Documents you sent None yet." in page_text(visitor, token)
    assert upload(visitor, token, "Mijn verklaring").status_code == 302
    document = case.documents.get(from_complainant=True)
    page = page_html(visitor, token)
    assert "Mijn verklaring" in main_text(page)
    assert elements(page, "a", href=f"/track/{token}/documents/{document.pk}/")
    response = visitor.get(f"/track/{token}/documents/{document.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert "document_added" in history(case)


def test_an_upload_says_thank_you_on_the_page_it_leads_to(people, filed):
    _, token, visitor = filed("dnv/complaint")
    response = upload(visitor, token)
    followed = visitor.get(response["Location"])
    assert "Thank you: the document was added to your case." in main_text(
        followed.content.decode())


def test_an_upload_without_a_file_or_title_is_an_error_on_its_field_and_stores_nothing(
        people, filed):
    case, token, visitor = filed("dnv/complaint")
    before = footprint()
    response = visitor.post(f"/track/{token}/upload/", {"title": "Zonder bestand"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "document") == "This field is required."
    response = visitor.post(f"/track/{token}/upload/", {
        "document": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "title") == "This field is required."
    assert footprint() == before


def test_a_private_link_adds_a_bounded_number_of_documents(people, filed, monkeypatch):
    from ombud.public import services as public_services

    monkeypatch.setattr(public_services, "MAX_DOCUMENTS_PER_CASE", 2)
    case, token, visitor = filed("dnv/complaint")
    assert upload(visitor, token, "Eerste").status_code == 302
    assert upload(visitor, token, "Tweede").status_code == 302
    before = footprint()
    response = upload(visitor, token, "Derde")
    assert response.status_code == 400
    assert "already holds 2 documents from you" in response.content.decode()
    assert footprint() == before and case.documents.filter(from_complainant=True).count() == 2


# -- DNV-B-16: further documents until ten days before the hearing ----------------------------


# A hearing less than a week after its invitation is refused (DNV-B-17: the file lies open a
# week before it), so seven days is the nearest one.
@pytest.mark.parametrize(("days_ahead", "late"), [(7, True), (9, True), (10, False), (20, False)])
def test_dnv_b_16_an_upload_less_than_ten_days_before_the_hearing_is_flagged_late(
        people, filed, dnv_handler, days_ahead, late):
    case, token, visitor = filed("dnv/objection")
    hearing_on = TODAY() + timedelta(days=days_ahead)
    step(case, "hearing_invited", dnv_handler, term_weeks=2, hearing_on=hearing_on)
    before_upload = main_text(page_html(visitor, token))
    response = upload(visitor, token)
    assert response.status_code == 302
    document = case.documents.get(from_complainant=True)
    assert document.late_rule == ("DNV-B-16" if late else "")
    added = case.events.filter(type="document_added").latest("seq")
    assert added.data["late_rule"] == document.late_rule
    after_upload = main_text(visitor.get(response["Location"]).content.decode())
    if late:
        assert "The day for further documents has passed" in before_upload
        assert ("It came later than ten days before the hearing: it may be left out "
                "of consideration.") in after_upload
        assert "sent late: may be left out of consideration" in after_upload
        assert not RULE_ID.search(after_upload)
    else:
        assert "Documents count for sure until" in before_upload
        assert "days before the hearing on" in before_upload  # the basis of that day
        assert not RULE_ID.search(before_upload)  # DNV-B-16 is for staff
        assert "sent late" not in after_upload


def test_dnv_b_16_without_a_hearing_date_no_upload_is_late(people, filed, dnv_handler):
    case, token, visitor = filed("dnv/objection")
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    assert upload(visitor, token).status_code == 302
    assert case.documents.get(from_complainant=True).late_rule == ""


def test_dnv_b_16_does_not_apply_to_a_complaint(people, filed, dnv_handler):
    """The ten-day rule is the objection procedure's (hearing.documents_rule); the complaint
    procedure has none."""
    case, token, visitor = filed("dnv/complaint")
    step(case, "hearing_invited", dnv_handler, term_weeks=2,
         hearing_on=TODAY() + timedelta(days=2))
    assert upload(visitor, token).status_code == 302
    assert case.documents.get(from_complainant=True).late_rule == ""


# -- the hearing invitation -------------------------------------------------------------------


def test_no_hearing_form_before_an_invitation_and_an_answer_is_refused(people, filed):
    case, token, visitor = filed("dnv/complaint")
    assert not elements(page_html(visitor, token), "form", action=f"/track/{token}/hearing/")
    before = footprint()
    response = visitor.post(f"/track/{token}/hearing/", {"wants_hearing": "yes"})
    assert response.status_code == 400
    assert alert_text(response.content.decode()), "the refusal is shown, with its reason"
    assert footprint() == before
    assert history(case) == ["received", "document_added"]  # the receipt letter, no hearing


@pytest.mark.parametrize(("procedure_id", "answer", "recorded", "rule"), [
    ("dnv/complaint", "yes", "hearing_requested", "DNV-K-15"),
    ("dnv/complaint", "no", "hearing_waived", "DNV-K-15"),
    ("dnv/objection", "yes", "hearing_requested", "DNV-B-14"),
    ("dnv/objection", "no", "hearing_waived", "DNV-B-14"),
])
def test_dnv_k_15_dnv_b_13_dnv_b_14_the_answer_to_a_hearing_invitation_is_recorded(
        people, filed, dnv_handler, procedure_id, answer, recorded, rule):
    case, token, visitor = filed(procedure_id)
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    page = page_html(visitor, token)
    assert elements(page, "form", action=f"/track/{token}/hearing/")
    assert "Invitation to be heard" in main_text(page)
    response = visitor.post(f"/track/{token}/hearing/", {"wants_hearing": answer})
    assert response.status_code == 302
    assert history(case)[-1] == recorded
    event = case.events.get(type=recorded)
    assert event.data["by"] == "complainant"
    assert event.actor is None and event.actor_name == case.complainant_name
    page = visitor.get(response["Location"]).content.decode()
    assert "Thank you: your answer was recorded." in main_text(page)
    assert not elements(page, "form", action=f"/track/{token}/hearing/")  # answered
    # the term to answer is met
    from ombud.domain import engine

    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    reply = state.deadline("hearing_reply")
    assert (reply.rule, reply.met_on) == (rule, TODAY())


def test_a_second_answer_to_the_same_invitation_is_refused_and_changes_nothing(
        people, filed, dnv_handler):
    case, token, visitor = filed("dnv/objection")
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    visitor.post(f"/track/{token}/hearing/", {"wants_hearing": "no"})
    before = footprint()
    response = visitor.post(f"/track/{token}/hearing/", {"wants_hearing": "yes"})
    assert response.status_code == 400
    assert footprint() == before
    assert history(case)[-1] == "hearing_waived"


def test_a_hearing_answer_without_a_choice_is_an_error_on_the_field(people, filed,
                                                                     dnv_handler):
    case, token, visitor = filed("dnv/complaint")
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    response = visitor.post(f"/track/{token}/hearing/", {"wants_hearing": "maybe"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "wants_hearing")
    for widget in field_widgets(response.content.decode(), "wants_hearing"):
        assert widget["aria-invalid"] == "true"
    assert history(case)[-2:] == ["hearing_invited", "document_added"]  # and its letter


# -- consent to a further extension -----------------------------------------------------------


@pytest.mark.parametrize(("procedure_id", "weeks", "rule"), [("dnv/complaint", 4, "DNV-K-18"),
                                                             ("dnv/objection", 6, "DNV-B-09")])
def test_dnv_k_18_dnv_b_09_the_consent_form_appears_only_after_a_first_extension(
        people, filed, dnv_handler, procedure_id, weeks, rule):
    case, token, visitor = filed(procedure_id)
    assert not elements(page_html(visitor, token), "form", action=f"/track/{token}/consent/")
    step(case, "extended", dnv_handler, weeks=weeks, reason="Meer tijd nodig.")
    page = page_html(visitor, token)
    assert elements(page, "form", action=f"/track/{token}/consent/")
    assert ("The answer was postponed once already. A further postponement needs your "
            "written consent.") in main_text(page) and rule not in main_text(page)


@pytest.mark.parametrize(("procedure_id", "given"), [("dnv/complaint", "yes"),
                                                     ("dnv/complaint", "no"),
                                                     ("dnv/objection", "yes")])
def test_dnv_k_18_dnv_b_09_consent_given_or_refused_is_recorded_and_the_form_goes(
        people, filed, dnv_handler, procedure_id, given):
    case, token, visitor = filed(procedure_id)
    step(case, "extended", dnv_handler, weeks=4, reason="Meer tijd nodig.")
    response = visitor.post(f"/track/{token}/consent/", {"given": given,
                                                         "text": "Akkoord, graag snel."})
    assert response.status_code == 302
    consent = case.events.get(type="extension_consent")
    assert consent.data["given"] is (given == "yes")
    assert consent.data["text"] == "Akkoord, graag snel."
    assert consent.actor_name == case.complainant_name
    page = visitor.get(response["Location"]).content.decode()
    assert "Thank you: your answer was recorded." in main_text(page)
    assert not elements(page, "form", action=f"/track/{token}/consent/")


def test_dnv_k_18_a_consent_not_asked_for_is_refused_and_recorded_nowhere(people, filed):
    """Before a first extension there is nothing to consent to: the form is not offered, and a
    POST sent anyway is refused like a hearing answer without invitation. Recorded, it would
    count as the answer to the consent request of a first extension made later that day."""
    case, token, visitor = filed("dnv/complaint")
    before = footprint()
    response = visitor.post(f"/track/{token}/consent/", {"given": "yes"})
    assert response.status_code == 400
    assert footprint() == before
    assert "extension_consent" not in history(case)


# -- withdrawal -------------------------------------------------------------------------------


def test_withdrawal_records_withdrawn_and_closes_the_case(people, filed):
    case, token, visitor = filed("pp/complaint")
    response = visitor.post(f"/track/{token}/withdraw/", {"confirm": "on",
                                                          "reason": "Opgelost met de leider."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "withdrawn"
    event = case.events.get(type="withdrawn")
    # PP-04: the case was kept on the consent given on the form; withdrawing it withdraws that
    assert event.data == {"by": "complainant", "reason": "Opgelost met de leider.",
                          "consent_withdrawn": True}
    text = main_text(visitor.get(response["Location"]).content.decode())
    assert "Your case was withdrawn." in text
    assert "Where your case stands: Withdrawn." in text


def test_withdrawal_must_be_confirmed(people, filed):
    case, token, visitor = filed("pp/complaint")
    before = footprint()
    response = visitor.post(f"/track/{token}/withdraw/", {"reason": "Toch niet."})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "confirm") == "This field is required."
    case.refresh_from_db()
    assert case.state == "open" and footprint() == before


# -- a closed case ----------------------------------------------------------------------------


@pytest.fixture
def closed(people, filed, dnv_handler):
    """A DNV objection the complainant was invited to a hearing for, extended once, and then
    withdrew: closed with every form of the page once offered."""
    case, token, visitor = filed("dnv/objection")
    step(case, "hearing_invited", dnv_handler, term_weeks=2)
    step(case, "extended", dnv_handler, weeks=6, reason="Meer tijd.")
    assert visitor.post(f"/track/{token}/withdraw/", {"confirm": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "withdrawn"
    return case, token, visitor


ACTIONS = {
    "upload": lambda token: (f"/track/{token}/upload/", {
        "title": "Nog iets", "document": SimpleUploadedFile("x.pdf", PDF)}),
    "hearing": lambda token: (f"/track/{token}/hearing/", {"wants_hearing": "yes"}),
    "consent": lambda token: (f"/track/{token}/consent/", {"given": "yes"}),
    "withdraw": lambda token: (f"/track/{token}/withdraw/", {"confirm": "on"}),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_action_on_a_closed_case_is_refused_with_a_message_and_changes_nothing(
        closed, settings, action):
    case, token, visitor = closed
    before = footprint()
    files_before = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    events_before = history(case)
    path, data = ACTIONS[action](token)
    response = visitor.post(path, data)
    assert response.status_code == 400
    shown = alert_text(response.content.decode())
    assert "This case is closed" in shown, f"the refusal is not shown: {shown!r}"
    assert footprint() == before
    assert history(case) == events_before
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_before
    case.refresh_from_db()
    assert case.state == "withdrawn"


def test_a_closed_case_page_offers_no_actions_but_still_shows_the_letters(closed):
    case, token, visitor = closed
    page = page_html(visitor, token)
    for action in ("upload", "hearing", "consent", "withdraw"):
        assert not elements(page, "form", action=f"/track/{token}/{action}/"), action
    letter = case.documents.filter(kind=DocumentKind.LETTER).first()
    assert elements(page, "a", href=f"/track/{token}/documents/{letter.pk}/")
    assert visitor.get(f"/track/{token}/documents/{letter.pk}/").status_code == 200


def test_the_page_speaks_the_cases_language_unless_the_person_chose_another(people, filed):
    case, token, visitor = filed("dnv/complaint", language="nl")
    from django.test import Client

    fresh = Client()
    assert elements(fresh.get(f"/track/{token}/").content.decode(), "html", lang="nl")
    fresh.cookies["django_language"] = "nb"
    assert elements(fresh.get(f"/track/{token}/").content.decode(), "html", lang="nb")
