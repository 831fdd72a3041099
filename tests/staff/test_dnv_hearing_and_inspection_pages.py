"""What a DNV handler works with every day on an objection and an inspection (issue 11, defects
10 and 11): who took the contested decision, recorded at intake and refused as handler (DNV-B-04);
the hearing's details (DNV-B-17 to B-21); the court's outcome (DNV-R-03); the earlier decisions
on the same subject (DNV-B-12); and, on an inspection, what may and may never be shown, the
payment and the appointment (DNV-I-04 to I-07, I-09)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from ombud.cases import services
from ombud.cases.models import CaseEvent, DocumentKind
from tests.cast import sign_in
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def staff(person, language="en") -> Client:
    return sign_in(Client(), person, language)


def page_of(client, case) -> str:
    response = client.get(f"/{case.organization.slug}/cases/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def objection(register, people):
    return register("dnv/objection", name="Pieter de Vries",
                    details={"about": "negative_certification"})


def test_dnv_b_04_intake_names_the_decision_maker_and_the_manager_cannot_appoint_them(
        objection, people):
    dnv = people["dnv"]
    examiner = dnv["handler"]
    intake = staff(dnv["intake"])
    before = page_of(intake, objection)
    assert "Record who took or prepared the contested decision" in before
    response = intake.post(f"/dnv/cases/{objection.reference}/steps/decision_makers_named/", {
        "decision_makers_named-on": objection.received_on.isoformat(),
        "decision_makers_named-person_ids": [examiner.pk]})
    assert response.status_code == 302
    manager = staff(dnv["manager"])
    form = manager.get(f"/dnv/cases/{objection.reference}/?step=assigned").content.decode()
    assert "Took or prepared the contested decision: " in form  # named on the page
    assert 'name="assigned-involved"' not in form  # no box to tick: the file knows
    refused = manager.post(f"/dnv/cases/{objection.reference}/steps/assigned/", {
        "assigned-on": objection.received_on.isoformat(), "assigned-handler_id": examiner.pk})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "DNV-B-04" in text and "took or prepared the contested decision" in text
    assert not objection.events.filter(type="assigned").exists()
    done = manager.post(f"/dnv/cases/{objection.reference}/steps/assigned/", {
        "assigned-on": objection.received_on.isoformat(),
        "assigned-handler_id": dnv["handler2"].pk})
    assert done.status_code == 302
    objection.refresh_from_db()
    assert objection.handler == dnv["handler2"]


def _heard_case(objection, people, step, **held):
    dnv = people["dnv"]
    step(objection, "acknowledged")
    step(objection, "assigned", by=dnv["manager"], handler_id=dnv["handler2"].pk,
         handler="Handler Two")
    step(objection, "hearing_invited", term_weeks=2)
    step(objection, "hearing_requested")
    step(objection, "hearing_held", report="Pieter is per video gehoord.", **held)
    return objection


def test_dnv_b_17_the_invitation_names_the_day_the_file_lies_open(objection, people, step):
    hearing_on = objection.received_on + timedelta(days=14)
    step(objection, "acknowledged")
    step(objection, "hearing_invited", term_weeks=2, hearing_on=hearing_on, place="per video")
    letter = objection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    text = pdf_text(letter)
    opens = (hearing_on - timedelta(days=7)).strftime("%d-%m-%Y")
    assert f"liggen vanaf {opens}" in text and "ten minste een week" in text
    assert "per e-mail" in text


def test_dnv_b_17_a_hearing_set_within_a_week_is_refused_on_the_page(objection, people, step):
    step(objection, "acknowledged")
    handler = staff(people["dnv"]["handler"])
    response = handler.post(f"/dnv/cases/{objection.reference}/steps/hearing_invited/", {
        "hearing_invited-on": objection.received_on.isoformat(),
        "hearing_invited-term_weeks": 2,
        "hearing_invited-hearing_on": (objection.received_on + timedelta(days=3)).isoformat()})
    assert response.status_code == 400 and "DNV-B-17" in response.content.decode()


def test_dnv_b_18_dnv_b_19_the_report_says_how_the_parties_were_heard_and_names_witnesses(
        objection, people, step):
    _heard_case(objection, people, step, joint="separate",
                separate_reason="vertrouwelijke gegevens van de examinator",
                witnesses="J. Jansen", experts="Dr. K. Bakker")
    report = objection.documents.get(kind=DocumentKind.HEARING_REPORT)
    text = report.file.open("rb").read().decode()
    assert "apart gehoord: vertrouwelijke gegevens van de examinator" in text
    assert "Gehoorde getuigen: J. Jansen" in text
    assert "Gehoorde deskundigen: Dr. K. Bakker" in text
    page = page_of(staff(people["dnv"]["handler2"]), objection)
    assert "heard separately" in page and "J. Jansen" in page


def test_dnv_b_18_separately_without_a_reason_is_refused_by_the_form(objection, people, step):
    dnv = people["dnv"]
    step(objection, "acknowledged")
    step(objection, "hearing_invited", term_weeks=2)
    response = staff(dnv["handler"]).post(
        f"/dnv/cases/{objection.reference}/steps/hearing_held/", {
            "hearing_held-on": objection.received_on.isoformat(),
            "hearing_held-joint": "separate", "hearing_held-report": "Verslag"})
    assert response.status_code == 400
    assert "Say why the parties were heard separately." in response.content.decode()
    assert not objection.events.filter(type="hearing_held").exists()


def test_dnv_b_20_parties_heard_apart_get_a_letter_on_what_was_discussed(
        objection, people, step):
    _heard_case(objection, people, step, joint="separate", separate_reason="vertrouwelijk")
    step(objection, "parties_informed", text="De examinator lichtte de beoordeling toe.",
         withheld="Medische gegevens van de examinator.")
    letter = objection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    text = pdf_text(letter)
    assert "buiten uw aanwezigheid is besproken" in text
    assert "De examinator lichtte de beoordeling toe." in text
    # That something was kept confidential is said; what and why never (DNV-B-20).
    assert "om vertrouwelijkheid gevraagd" in text and "Medische" not in text
    assert "Medische gegevens van de examinator." in page_of(
        staff(people["dnv"]["handler2"]), objection)


def test_dnv_b_21_new_facts_are_sent_and_hold_the_decision(objection, people, step):
    _heard_case(objection, people, step, joint="joint")
    step(objection, "new_facts", term_weeks=2, text="Een nieuw rapport van de examinator.")
    letter = objection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    text = pdf_text(letter)
    assert "Een nieuw rapport van de examinator." in text and "2 weken" in text
    with pytest.raises(services.Refused) as refused:
        step(objection, "answered", outcome="not_upheld", reasons="r", letter="l")
    assert refused.value.rule == "DNV-B-21"


def test_dnv_r_03_the_court_appeal_and_its_outcome_are_recorded_and_shown(
        objection, people, step):
    _heard_case(objection, people, step, joint="joint")
    step(objection, "answered", outcome="not_upheld", reasons="Zorgvuldig beoordeeld.",
         letter="Uw bezwaar is ongegrond.")
    intake = people["dnv"]["intake"]
    step(objection, "court_appealed", by=intake, court="Rechtbank Rotterdam")
    step(objection, "court_decided", by=intake, outcome="dismissed",
         text="Het beroep is ongegrond verklaard.")
    page = page_of(staff(people["dnv"]["handler2"]), objection)
    assert "appeal dismissed" in page and "Rechtbank Rotterdam" in page
    objection.refresh_from_db()
    assert objection.state == "answered"


def test_dnv_b_12_the_case_page_lists_earlier_decided_objections_on_the_same_subject(
        register, people, step, objection):
    earlier = register("dnv/objection", title="Eerder bezwaar praktijkexamen",
                       details={"about": "negative_certification"})
    other_subject = register("dnv/objection", title="Ander onderwerp",
                             details={"about": "withdrawal_or_suspension"})
    for case in (earlier, other_subject):
        step(case, "acknowledged")
        step(case, "answered", outcome="partly_upheld", hearing_skipped="manifestly_unfounded",
             reasons="r", letter="l")
    still_open = register("dnv/objection", title="Nog open",
                          details={"about": "negative_certification"})
    page = page_of(staff(people["dnv"]["handler"]), objection)
    section = page[page.find('id="precedents-h"'):]
    section = section[:section.find("</section>")]
    assert "DNV-B-12" in section
    assert earlier.reference in section and "partly upheld" in section
    assert other_subject.reference not in section and still_open.reference not in section
    # Another organization's staff never see it, nor its neighbours.
    assert Client().get(f"/dnv/cases/{objection.reference}/").status_code in (302, 403, 404)


# -- the inspection ------------------------------------------------------------------------------


@pytest.fixture
def inspection(register):
    return register("dnv/inspection", name="Pieter de Vries",
                    details={"about": "practical", "invoice": True})


def test_dnv_i_04_dnv_i_05_dnv_i_09_the_inspection_page_shows_what_may_and_may_never_be_seen(
        inspection, people):
    page = page_of(staff(people["dnv"]["handler"], "nl"), inspection)
    section = page[page.find('id="disclosure-h"'):]
    section = section[:section.find("</section>")]
    assert "beoordelingsformulier" in section  # shown for a practical exam (DNV-I-04)
    assert "antwoordenblad" not in section  # that is the theory or written exam's
    assert "multiplechoicevragen" in section and "DNV-I-05" in section
    assert "geen technisch-inhoudelijke discussie" in section.lower() and "DNV-I-09" in section


def test_dnv_i_06_the_answer_of_an_inspection_has_no_outcome_and_its_letter_none_either(
        inspection, people, step):
    handler = staff(people["dnv"]["handler"], "nl")
    form = handler.get(f"/dnv/cases/{inspection.reference}/?step=answered").content.decode()
    assert 'name="answered-outcome"' not in form and "gegrond" not in form
    step(inspection, "payment_received", by=people["dnv"]["intake"], amount="151.25")
    step(inspection, "answered", reasons="Het beoordelingsformulier is doorgenomen.",
         letter="U heeft uw examenwerk ingezien.")
    letter = inspection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    text = pdf_text(letter)
    assert "Uitkomst" not in text and "gegrond" not in text
    assert "ingezien op ons kantoor in Barendrecht" in text
    assert "vernietigd" in text


def test_dnv_i_07_payment_received_sends_a_confirmation_with_the_amount(
        inspection, people, step):
    step(inspection, "payment_received", by=people["dnv"]["intake"], amount="151.25")
    letter = inspection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    text = pdf_text(letter)
    assert "€ 151,25" in text and "persoonlijke link" in text
    history = page_of(staff(people["dnv"]["handler"]), inspection)
    assert "Payment received" in history and "€ 151.25" in history
    assert CaseEvent.objects.filter(case=inspection, type="payment_received").count() == 1


def test_dnv_i_06_staff_book_a_free_slot_for_a_candidate_who_phones(inspection, people, step):
    from ombud.cases.procedure_parts import free_slots

    intake = staff(people["dnv"]["intake"])
    step(inspection, "payment_received", by=people["dnv"]["intake"], amount="151.25")
    form = intake.get(f"/dnv/cases/{inspection.reference}/?step=slot_booked").content.decode()
    first = free_slots(inspection)[0].isoformat(timespec="minutes")
    assert f'value="{first}"' in form
    made_up = intake.post(f"/dnv/cases/{inspection.reference}/steps/slot_booked/", {
        "slot_booked-on": inspection.received_on.isoformat(),
        "slot_booked-at": first[:11] + "03:00"})
    assert made_up.status_code == 400 and not inspection.events.filter(
        type="slot_booked").exists()
    booked = intake.post(f"/dnv/cases/{inspection.reference}/steps/slot_booked/", {
        "slot_booked-on": inspection.received_on.isoformat(), "slot_booked-at": first})
    assert booked.status_code == 302
    page = page_of(intake, inspection)
    section = page[page.find('id="booking-h"'):]
    assert "45 minutes at most" in section[:section.find("</section>")]
    letter = inspection.documents.filter(kind=DocumentKind.LETTER).order_by("-id").first()
    assert "Barendrecht" in pdf_text(letter)
