"""Journey 4 of JOURNEYS.md, walked whole in a real browser, in Dutch, as the people live it:
Pieter asks to inspect his failed practical exam within five days (DNV-I-02), sees the fee
(€90,75, or €151,25 with an invoice: DNV-I-07), pays, and books a 45-minute slot at the
Barendrecht office on his private page (DNV-I-06). He objects to the negative certification
decision on the Dutch form without his signature and address (DNV-B-01, DNV-B-02); DNV asks him to
remedy it within two weeks (DNV-B-10) and the decision's period is suspended (DNV-B-08); he
remedies on his private page. The examiner who took the decision is refused as handler and an
independent one appointed (DNV-B-04); he is heard by video (DNV-B-15), the report is written
(DNV-B-19), and he reads the reasoned decision with its court-appeal clause (DNV-R-02).
Every page passes axe-core's WCAG 2.1 AA rules; each is screenshot and each letter kept as PDF
and PNG in OMBUD_SHOTS (/tmp/ombud-shots) to be looked at."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.dnv_walk import (
    PROOF_SECONDS,
    checked_page,
    letter_text,
    reference_and_link,
    staff_page,
    submit,
    take_step,
)
from tests.pdf_text import pdf_bytes_text

pytestmark = pytest.mark.slow  # a real browser: a minute for the whole journey

NAME = "Pieter de Vries"


def fill_common(page, *, title: str, description: str) -> None:
    page.check("#id_filer_0")
    page.fill("#id_name", NAME)
    page.fill("#id_email", "pieter@example.org")
    page.fill("#id_title", title)
    page.fill("#id_description", description)
    page.check("#id_consent")


def wait_for_receipt(page, case_type: str) -> None:
    """The receipt page; then what the worker does moments after the POST (the receipt's
    letter on the private page)."""
    from worker import run_worker

    page.wait_for_url(re.compile(rf"/dnv/{case_type}/received/[^/]+/$"),
                      timeout=PROOF_SECONDS * 1000)
    run_worker()


@pytest.mark.django_db(transaction=True)
def test_journey_4_dnv_i_06_dnv_b_10_dnv_b_04_pieter_inspects_objects_remedies_and_is_answered(
        public_site, open_page, demo_people):
    from ombud.cases.models import Case

    base = public_site
    today = timezone.localdate()
    dnv = demo_people["dnv"]

    # -- the inspection request, within five days of the result (DNV-I-02) --------------------
    pieter = open_page(base=base, language="nl", locale="nl-NL")
    pieter.goto(f"{base}/dnv/inspection/new/")
    fees = pieter.locator("#fees").inner_text()
    assert "90,75" in fees and "151,25" in fees, fees  # DNV-I-07: both totals, stated
    checked_page(pieter, "j4-01-inspection-form")
    fill_common(pieter, title="Inzage praktijkexamen", description="Ik ben gezakt voor mijn "
                "praktijkexamen en wil het beoordelingsformulier inzien.")
    pieter.fill("#id_birth_on", "1990-03-14")
    pieter.fill("#id_address", "Stationsweg 1, 3011 AB Rotterdam")
    pieter.check("#id_about_1")  # praktijktoets
    pieter.fill("#id_result_on", (today - timedelta(days=2)).isoformat())
    pieter.check("#id_invoice")
    pieter.check("#id_fees_accepted")
    pieter.locator("form.public-form button[type=submit]").click()
    wait_for_receipt(pieter, "inspection")
    receipt = pieter.locator("main").inner_text()
    assert "151,25" in receipt and "NL39CITI0266065791" in receipt, receipt
    assert "inzage Pieter de Vries 14-03-1990" in receipt
    checked_page(pieter, "j4-02-inspection-receipt")
    inspection_reference, inspection_link = reference_and_link(pieter)

    pieter.goto(inspection_link)
    assert pieter.locator("#booking").count() == 0  # not before he has paid
    text = letter_text(pieter, "ontvangen", "j4-letter-1-inspection-receipt")
    assert "€ 151,25" in text and "NL39CITI0266065791" in text and "CITINL2X" in text
    assert "inzage Pieter de Vries 14-03-1990" in text
    assert "kiest u via uw persoonlijke link een moment" in text
    assert "DNV-I" not in text  # no rule IDs in a letter to him

    # -- DNV records the payment; the staff member sees what may be shown ------------------------
    intake = staff_page(open_page, base, "dnv-intake")
    inspection_url = f"{base}/dnv/cases/{inspection_reference}/"
    intake.goto(inspection_url)
    disclosure = intake.locator("section.disclosure").inner_text()
    assert "beoordelingsformulier" in disclosure  # a practical exam (DNV-I-04)
    assert "multiplechoicevragen" in disclosure and "DNV-I-05" in disclosure
    assert "DNV-I-09" in disclosure
    assert take_step(intake, inspection_url, "payment_received",
                     {"amount": "151.25", "payment_reference": "inzage Pieter de Vries"}) == 200
    checked_page(intake, "j4-03-staff-inspection-paid")

    # -- he books his slot at Barendrecht -----------------------------------------------------
    pieter.goto(inspection_link)
    booking = pieter.locator("#booking")
    assert "Barendrecht" in booking.inner_text() and "45 minuten" in booking.inner_text()
    checked_page(pieter, "j4-04-booking")
    first = booking.locator("input[name=at]").first
    chosen = first.get_attribute("value")
    first.check()
    assert submit(pieter, "#booking form") == 200
    assert "Uw afspraak staat vast" in pieter.locator(".messages").inner_text()
    checked_page(pieter, "j4-05-booked")
    text = letter_text(pieter, "afspraak", "j4-letter-2-slot")
    hour = chosen[11:16]
    assert hour in text and "Zwolseweg 1" in text and "45 minuten" in text
    assert "foto" in text  # no copies or photos (DNV-I-06)
    intake.goto(inspection_url)
    assert hour in intake.locator("section.booking").inner_text()
    assert intake.locator("#news").count() == 1  # the staff are told too

    # -- the objection, without signature and address ----------------------------------------
    pieter.goto(f"{base}/dnv/objection/new/")
    fill_common(pieter, title="Bezwaar tegen de uitslag van mijn praktijkexamen",
                description="Het besluit van 1 december: geen certificaat.")
    pieter.check("#id_about_3")  # negatief certificatiebesluit
    pieter.fill("#id_decision_on", (today - timedelta(days=7)).isoformat())
    pieter.fill("#id_reasons", "Bij de inzage bleek dat onderdeel 3 verkeerd is beoordeeld.")
    pieter.locator("form.public-form button[type=submit]").click()
    pieter.wait_for_selector("#id_incomplete_confirmed", timeout=PROOF_SECONDS * 1000)
    asked = pieter.locator("main").inner_text()
    assert "handtekening" in asked and "adres" in asked
    checked_page(pieter, "j4-06-objection-asks-about-missing")
    pieter.check("#id_incomplete_confirmed")
    pieter.locator("form.public-form button[type=submit]").click()
    wait_for_receipt(pieter, "objection")
    objection_reference, objection_link = reference_and_link(pieter)
    checked_page(pieter, "j4-07-objection-receipt")
    objection_url = f"{base}/dnv/cases/{objection_reference}/"

    # Intake records who took the contested decision (DNV-B-04) and acknowledges it (DNV-B-03).
    examiner = dnv["handler"]
    intake.goto(f"{objection_url}?step=decision_makers_named#step-decision_makers_named")
    intake.locator(f"input[name='decision_makers_named-person_ids'][value='{examiner.pk}']") \
        .check()
    assert submit(intake, "#step-decision_makers_named form") == 200
    assert take_step(intake, objection_url, "acknowledged") == 200

    # The department manager asks him to remedy it within two weeks (DNV-B-10).
    manager = staff_page(open_page, base, "dnv-manager")
    assert take_step(manager, objection_url, "incomplete", {
        "term": "2", "text": "Uw handtekening en uw adres ontbreken."}) == 200
    deadlines = manager.locator("table.deadlines").inner_text()
    assert "DNV-B-10" in deadlines and "DNV-B-08" in manager.content()

    # -- he remedies it on his private page -----------------------------------------------------
    pieter.goto(objection_link)
    remedy = pieter.locator("#remedy")
    assert "opgeschort" in remedy.inner_text()
    decision_row = pieter.locator("main table tr", has_text="schriftelijke beslissing")
    assert "opgeschort" in decision_row.inner_text()  # DNV-B-08: the date stands still
    suspended_due = decision_row.locator("td").first.inner_text()
    checked_page(pieter, "j4-08-remedy-form")
    text = letter_text(pieter, "aanvulling", "j4-letter-3-remedy-request")
    assert "opgeschort" in text and "Uw handtekening en uw adres ontbreken." in text
    remedy.locator("[name=address]").fill("Stationsweg 1, 3011 AB Rotterdam")
    remedy.locator("[name=signature]").fill(NAME)
    remedy.locator("[name=signed]").check()
    assert submit(pieter, "#remedy form") == 200
    assert "compleet" in pieter.locator(".messages").inner_text()
    assert pieter.locator("#remedy").count() == 0
    # The suspension ended with his remedy (the same day: it cost no days), DNV-B-08.
    dates = pieter.locator("main table").first.inner_text()
    assert "opgeschort" not in dates and suspended_due not in dates, dates
    checked_page(pieter, "j4-09-remedied")

    manager.goto(f"{base}/dnv/cases/")
    row = manager.locator("table.queue tr", has_text=objection_reference)
    assert "nieuw van de indiener" in row.inner_text().lower()
    checked_page(manager, "j4-10-queue-with-news")
    manager.goto(objection_url)
    history = manager.locator("ol.history").inner_text()
    assert "Verzuim hersteld" in history and NAME in history
    assert "Stationsweg 1" in manager.locator("ol.history").inner_text()

    # -- the examiner is refused, an independent handler appointed (DNV-B-04) -------------------
    assert take_step(manager, objection_url, "assigned",
                     selects={"handler_id": str(examiner.pk)}) == 400
    assert "DNV-B-04" in manager.locator("[role=alert]").first.inner_text()
    checked_page(manager, "j4-11-examiner-refused")
    assert take_step(manager, objection_url, "assigned",
                     selects={"handler_id": str(dnv["handler2"].pk)}) == 200

    # -- heard by video (DNV-B-15, B-17), the report (DNV-B-19), the decision (DNV-R-02) -------
    handler = staff_page(open_page, base, "dnv-handler2")
    hearing_on = today + timedelta(days=14)  # office hours on a working day (DNV-B-15)
    while hearing_on.isoweekday() > 5:
        hearing_on += timedelta(days=1)
    assert take_step(handler, objection_url, "hearing_invited", {
        "term_weeks": "1", "hearing_on": hearing_on.isoformat(),
        "place": "per video (Microsoft Teams)", "text": ""}) == 200
    pieter.goto(objection_link)
    text = letter_text(pieter, "Uitnodiging", "j4-letter-4-hearing-invitation")
    file_from = (hearing_on - timedelta(days=7)).strftime("%d-%m-%Y")
    assert "per video" in text and f"vanaf {file_from}" in text
    pieter.locator("input[name=wants_hearing][value=yes]").check()
    assert submit(pieter, "section[aria-labelledby=hearing-heading] form") == 200
    checked_page(pieter, "j4-12-hearing-requested")

    assert take_step(handler, objection_url, "hearing_held", {
        "report": "De heer De Vries is per video gehoord. Hij lichtte toe dat onderdeel 3 "
                  "volgens hem juist was uitgevoerd.", "witnesses": "", "experts": ""},
        selects={"joint": "joint"}) == 200
    assert take_step(handler, objection_url, "answered", {
        "reasons": "Het praktijkexamen is opnieuw beoordeeld door een tweede examinator. "
                   "Onderdeel 3 is terecht als onvoldoende beoordeeld.",
        "letter": "Wij hebben uw bezwaar volledig heroverwogen."},
        selects={"outcome": "not_upheld"}) == 200
    checked_page(handler, "j4-13-staff-answered")

    pieter.goto(objection_link)
    checked_page(pieter, "j4-14-private-page-answered")
    text = letter_text(pieter, "Beslissing", "j4-letter-5-decision")
    assert "Uitkomst: ongegrond" in text and "tweede examinator" in text
    assert "Rechtsmiddelenclausule" in text
    assert "binnen zes weken" in text and "rechtbank" in text and "griffierecht" in text
    assert "Stationsweg 1" in text  # the address he supplied, in the address block
    assert not re.search(r"DNV-[A-Z]-\d", text)

    case = Case.objects.get(reference=objection_reference)
    assert case.handler == dnv["handler2"]
    assert case.events.filter(type="remedied").get().data["signed_by"] == NAME
    # -- his personal data, exported and erased on request (DNV-I-01) --------------------------
    # DNV's privacy officer finds him by his address, exports his data (the address he supplied
    # is in it) and is told erasure is not possible yet: his cases were answered today.
    # The erasure itself, once the retention allows it: test_dnv_journey_4_privacy.py.
    officer = staff_page(open_page, base, "dnv-privacy")
    officer.goto(f"{base}/dnv/privacy/")
    officer.fill("#id_email", "pieter@example.org")
    assert submit(officer, "form.find-person") == 200
    officer.locator("table.found a", has_text=NAME).first.click()
    officer.wait_for_load_state()
    assert f"Gegevens over {NAME}" in officer.inner_text("h1")
    assert objection_reference in officer.inner_text("main")
    checked_page(officer, "j4-15-privacy-person")
    with officer.expect_download() as download:
        officer.locator("form[action$='/export/'] button").first.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    exported = pdf_bytes_text(archive.read("personal-data.pdf"))
    assert "Uw persoonsgegevens" in exported and "Stationsweg 1" in exported
    assert objection_reference in exported
    refusal = officer.inner_text(".refusal")
    assert "Nog niet mogelijk" in refusal and "84 maanden" in refusal  # objections: 7 years
