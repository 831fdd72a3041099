"""Journey 4 on the candidate's private page: he completes his objection there (DNV-B-10: the
address and the signature he forgot reach his party record and the letters' address block; the
suspension of the answer's period ends, DNV-B-08) and books his inspection slot once he has paid
(DNV-I-06, DNV-I-07). Staff see that something came from him (the marker on queue and page)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from public_world import NAME, TODAY, main_text

from ombud.cases import services
from ombud.cases.models import Case, CaseEvent, PartyRole
from ombud.mail.models import OutboxMessage
from ombud.public.selectors import case_state
from tests.cast import sign_in
from tests.pdf_text import pdf_text

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HOSTILE = '#set page(fill: red) <script>alert(1)</script>\r\nBcc: x@example.org'


@pytest.fixture
def incomplete_objection(people, filed):
    """Pieter's objection filed on the Dutch form without address and signature; DNV asks him
    to complete it within two weeks (DNV-B-10)."""
    case, token, visitor = filed("dnv/objection", language="nl", address="", signature="",
                                 signed="", incomplete_confirmed="on")
    handler = people["dnv"]["handler"]
    services.case_step(case=case, event_type="acknowledged", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="incomplete", on=TODAY(), actor=handler,
                       data={"term_weeks": 2, "text": "Uw adres en handtekening ontbreken."})
    return case, token, visitor


def test_dnv_b_10_the_private_page_asks_for_exactly_what_is_missing(incomplete_objection):
    case, token, visitor = incomplete_objection
    page = visitor.get(f"/track/{token}/").content.decode()
    text = main_text(page)
    assert "Maak uw bezwaar compleet" in text
    assert 'name="address"' in page and 'name="signature"' in page and 'name="signed"' in page
    assert "DNV-B" not in text  # no rule IDs for him


def test_dnv_b_10_dnv_b_08_remedy_reaches_the_party_the_file_and_ends_the_suspension(
        incomplete_objection, people):
    case, token, visitor = incomplete_objection
    before = case_state(case).deadline("answer")
    assert before.suspensions and not before.suspensions[0].settled
    response = visitor.post(f"/track/{token}/remedy/", {
        "address": "Stationsweg 1, 3011 AB Rotterdam", "signature": NAME, "signed": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    party = case.parties.get(role=PartyRole.COMPLAINANT)
    assert party.address == "Stationsweg 1, 3011 AB Rotterdam"
    remedied = case.events.get(type="remedied")
    assert remedied.data["signed_by"] == NAME
    assert remedied.data["signed_on"] == TODAY().isoformat()
    assert sorted(remedied.data["supplied"]) == ["address", "signature"]
    answer = case_state(case).deadline("answer")
    assert answer.suspensions[0].end == TODAY() and answer.suspensions[0].settled
    assert case.complainant_news_at is not None  # staff are told
    # The next letter carries the address in its block.
    services.case_step(case=case, event_type="hearing_invited", on=TODAY(),
                       actor=people["dnv"]["handler"], data={"term_weeks": 2})
    letter = case.documents.filter(kind="letter").order_by("-id").first()
    assert "Stationsweg 1" in pdf_text(letter) and "3011 AB Rotterdam" in pdf_text(letter)


def test_dnv_b_10_a_wrong_signature_or_no_address_is_refused_and_changes_nothing(
        incomplete_objection):
    case, token, visitor = incomplete_objection
    count = CaseEvent.objects.filter(case=case).count()
    response = visitor.post(f"/track/{token}/remedy/", {
        "address": "", "signature": "Iemand Anders", "signed": "on"})
    assert response.status_code == 400
    text = main_text(response.content.decode())
    assert f"Typ uw naam precies zoals op uw bezwaar: {NAME}." in text
    assert CaseEvent.objects.filter(case=case).count() == count
    assert case.parties.get(role=PartyRole.COMPLAINANT).address == ""


def test_dnv_b_10_hostile_address_is_kept_as_text_everywhere(incomplete_objection, people):
    case, token, visitor = incomplete_objection
    address = f"Straat 1 {HOSTILE}, 3011 AB Rotterdam"
    response = visitor.post(f"/track/{token}/remedy/", {"address": address, "signature": NAME,
                                                         "signed": "on"})
    assert response.status_code == 302
    party = Case.objects.get(pk=case.pk).parties.get(role=PartyRole.COMPLAINANT)
    assert "<script>" in party.address  # stored as typed (whitespace folded) ...
    handler = people["dnv"]["handler"]
    staff = Client()
    sign_in(staff, handler)
    page = staff.get(f"/dnv/cases/{case.reference}/").content.decode()
    assert "<script>alert(1)</script>" not in page  # ... and escaped on the staff page
    services.case_step(case=case, event_type="hearing_invited", on=TODAY(), actor=handler,
                       data={"term_weeks": 2})
    letter = case.documents.filter(kind="letter").order_by("-id").first()
    assert "#set page" in pdf_text(letter)  # printed, never read as Typst


def test_dnv_b_10_no_remedy_form_once_remedied_or_when_nothing_was_asked(
        incomplete_objection, filed):
    case, token, visitor = incomplete_objection
    visitor.post(f"/track/{token}/remedy/", {"address": "Stationsweg 1, 3011 AB Rotterdam",
                                             "signature": NAME, "signed": "on"})
    again = visitor.post(f"/track/{token}/remedy/", {"address": "Elders 2, 1000 AA Amsterdam",
                                                     "signature": NAME, "signed": "on"})
    assert again.status_code == 400
    assert case.parties.get(role=PartyRole.COMPLAINANT).address.startswith("Stationsweg")
    _, other_token, other = filed("dnv/objection", language="nl")
    assert 'name="signed"' not in other.get(f"/track/{other_token}/").content.decode()


def test_dnv_b_10_staff_see_new_from_the_objector_until_marked_seen(incomplete_objection, people):
    case, token, visitor = incomplete_objection
    staff = Client()
    sign_in(staff, people["dnv"]["handler"])
    assert "nieuw van de indiener" not in staff.get("/dnv/cases/").content.decode().lower()
    visitor.post(f"/track/{token}/remedy/", {"address": "Stationsweg 1, 3011 AB Rotterdam",
                                             "signature": NAME, "signed": "on"})
    queue = staff.get("/dnv/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "new from the objector" in queue.lower()  # the objection's own word (DNV-B-02)
    staff.post(f"/dnv/cases/{case.reference}/seen/")
    case.refresh_from_db()
    assert case.complainant_news_at is None


# -- the inspection's booking -----------------------------------------------------------------


@pytest.fixture
def inspection(people, filed):
    case, token, visitor = filed("dnv/inspection", language="nl", about="practical",
                                 invoice="on")
    return case, token, visitor


def test_dnv_i_07_receipt_page_and_letter_state_the_total_and_the_account(inspection):
    case, token, visitor = inspection
    text = main_text(visitor.get(f"/track/{token}/").content.decode())
    assert "151,25" in text and "NL39CITI0266065791" in text
    # Each amount says what it pays for, in his language, without a rule ID.
    assert "Inzage in het examenwerk: €75,00" in text
    assert "Administratiekosten voor een factuur: €50,00" in text
    assert "DNV-I-07" not in text
    receipt = case.documents.filter(kind="letter").first()
    letter = pdf_text(receipt)
    assert "151,25" in letter and "NL39CITI0266065791" in letter and "inzage" in letter


def test_dnv_i_06_booking_only_after_payment_then_both_get_the_confirmation(
        inspection, people):
    case, token, visitor = inspection
    assert 'name="at"' not in visitor.get(f"/track/{token}/").content.decode()
    services.case_step(case=case, event_type="payment_received", on=TODAY(),
                       actor=people["dnv"]["intake"], data={"amount": "151.25"})
    page = visitor.get(f"/track/{token}/").content.decode()
    assert "Maak uw afspraak" in main_text(page)
    first = services_free(case)[0]
    response = visitor.post(f"/track/{token}/book/",
                            {"at": first.isoformat(timespec="minutes")})
    assert response.status_code == 302
    assert case.events.get(type="slot_booked").data["at"] == first.isoformat(timespec="minutes")
    confirmation = case.documents.filter(kind="letter").order_by("-id").first()
    text = pdf_text(confirmation)
    assert "Barendrecht" in text and "45 minuten" in text and first.strftime("%H:%M") in text
    to_staff = OutboxMessage.objects.filter(kind="slot_booked_staff", case=case)
    assert to_staff.count() == 1
    assert Case.objects.get(pk=case.pk).complainant_news_at is not None


def test_dnv_i_06_a_taken_or_made_up_slot_is_refused(inspection, people, filed):
    case, token, visitor = inspection
    intake = people["dnv"]["intake"]
    services.case_step(case=case, event_type="payment_received", on=TODAY(), actor=intake)
    first = services_free(case)[0]
    visitor.post(f"/track/{token}/book/", {"at": first.isoformat(timespec="minutes")})
    other, other_token, other_visitor = filed("dnv/inspection", language="nl",
                                              name="Anna Jansen", email="anna@example.org")
    services.case_step(case=other, event_type="payment_received", on=TODAY(), actor=intake)
    assert first not in services_free(other)
    taken = other_visitor.post(f"/track/{other_token}/book/",
                               {"at": first.isoformat(timespec="minutes")})
    assert taken.status_code == 400
    midnight = datetime.combine(first.date(), datetime.min.time())
    made_up = other_visitor.post(f"/track/{other_token}/book/",
                                 {"at": midnight.isoformat(timespec="minutes")})
    assert made_up.status_code == 400
    assert not other.events.filter(type="slot_booked").exists()


def services_free(case):
    from ombud.cases.procedure_parts import free_slots

    return free_slots(case)


def test_dnv_b_10_a_document_from_the_complainant_also_shows_as_new_to_staff(
        incomplete_objection, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case, token, visitor = incomplete_objection
    Case.objects.filter(pk=case.pk).update(complainant_news_at=None)
    response = visitor.post(f"/track/{token}/upload/", {
        "title": "Handtekening op papier",
        "document": SimpleUploadedFile("handtekening.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).complainant_news_at is not None


def test_dnv_i_06_one_private_link_cannot_book_every_slot(inspection, people):
    """Attack: the booking form is hidden once booked, but a POST replayed with the next free
    time booked a second, third... slot: one link could take every appointment there is."""
    case, token, visitor = inspection
    services.case_step(case=case, event_type="payment_received", on=TODAY(),
                       actor=people["dnv"]["intake"])
    first, second = services_free(case)[:2]
    assert visitor.post(f"/track/{token}/book/",
                        {"at": first.isoformat(timespec="minutes")}).status_code == 302
    again = visitor.post(f"/track/{token}/book/", {"at": second.isoformat(timespec="minutes")})
    assert again.status_code == 400
    assert case.events.filter(type="slot_booked").count() == 1
    assert second in services_free(case)


def test_dnv_i_06_the_staff_copy_of_a_booking_does_not_go_to_a_handler_who_left(
        inspection, people):
    """Attack (an account closed when its holder left): the staff's copy of the booking, with
    the candidate's name, went to the former handler's mailbox; it goes to the office."""
    case, token, visitor = inspection
    dnv = people["dnv"]
    services.case_record(case=case, event_type="assigned", on=TODAY(), actor=dnv["manager"],
                         data={"handler_id": dnv["handler"].pk, "involved": False})
    dnv["handler"].email, dnv["handler"].is_active = "gone@dnv.example", False
    dnv["handler"].save(update_fields=["email", "is_active"])
    services.case_step(case=case, event_type="payment_received", on=TODAY(),
                       actor=dnv["intake"])
    first = services_free(case)[0]
    assert visitor.post(f"/track/{token}/book/",
                        {"at": first.isoformat(timespec="minutes")}).status_code == 302
    [copy] = OutboxMessage.objects.filter(kind="slot_booked_staff", case=case)
    assert copy.to == case.organization.email


def test_dnv_b_10_the_request_to_remedy_names_what_the_form_recorded_as_missing(people, filed):
    """Pieter's objection came without address and signature: the handler's form to ask him
    to remedy it already says so, in Dutch (the letter's language), even to a handler who reads
    the staff pages in English; the handler may change it."""
    case, _, _ = filed("dnv/objection", language="nl", address="", signature="", signed="",
                       incomplete_confirmed="on")
    staff = Client()
    sign_in(staff, people["dnv"]["handler"], "en")
    page = staff.get(f"/dnv/cases/{case.reference}/", {"step": "incomplete"}).content.decode()
    textarea = page[page.index('name="incomplete-text"'):].split("</textarea>")[0]
    assert "Wat nog ontbreekt: postadres, handtekening." in textarea, textarea


def test_dnv_i_07_the_payment_step_says_what_is_due_and_the_reference_asked_for(
        inspection, people):
    """Pieter chose an invoice: €151.25 is due under "inzage <name> <date of birth>". The
    handler recording the payment reads both beside the fields, to compare with the bank's."""
    case, _, _ = inspection
    staff = Client()
    sign_in(staff, people["dnv"]["handler"], "nl")
    page = main_text(staff.get(f"/dnv/cases/{case.reference}/",
                               {"step": "payment_received"}).content.decode())
    assert "Te betalen: €151,25." in page, page
    assert f"Gevraagd: inzage {case.complainant_name}" in page
