"""Journey 1's end as Kari lives it (PP-17): on her phone, in bokmål, she opens her private page
after Personalpartner's answer, reads until when she can appeal (X-21), writes her grounds and
sends the appeal to the board; the page then says the board is handling it. The board's
handler reads her grounds in the file, and the auditor the history with times and names."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.appeal_period import pp_appeal_last_day
from tests.browser.annual_report_walk import finds_the_case_in_the_annual_report
from tests.browser.conftest import (
    file_for_tracking,
    horizontal_overflow,
    keep,
    screenshot,
    sign_in,
    wcag_violations,
)

GROUNDS = "Vaktene mine endres fortsatt på kort varsel, også etter svaret. <b>Jeg er uenig.</b>"


def _answered_pp_case(people):
    """Kari's complaint, filed on the web in bokmål, appointed and answered by the handler."""
    from ombud.cases.services import case_record, case_step

    case, token = file_for_tracking(org="pp", case_type="complaint", name="Kari Nordmann",
                                    email="kari@example.org", language="nb",
                                    details={"filer": "participant", "about": "inclusion"})
    today = timezone.localdate()
    handler = people["pp"]["handler"]
    case_record(case=case, event_type="assigned", on=today, actor=people["pp"]["manager"],
                data={"handler_id": handler.pk, "handler": handler.get_full_name(),
                      "involved": False})
    case_step(case=case, event_type="answered", on=today, actor=handler,
              data={"outcome": "not_upheld", "reasons": "Vaktendringene var varslet.",
                    "letter": "Vaktendringene var varslet i god tid."})
    return case, token


@pytest.mark.django_db(transaction=True)
def test_journey_1_pp_17_kari_appeals_to_the_board_from_her_phone(public_site, open_page,
                                                                  demo_people):
    from ombud.cases.models import Case

    case, token = _answered_pp_case(demo_people)
    page = open_page(390, 844, base=public_site, language="nb", is_mobile=True, has_touch=True,
                     locale="nb-NO")
    page.goto(f"{public_site}/track/{token}/")
    assert page.locator("html").get_attribute("lang") == "nb"
    appeal = page.locator("section#appeal")
    last_day = pp_appeal_last_day(timezone.localdate()).strftime("%d.%m.%Y")
    assert "kan du anke til styret i Personalpartner AS" in appeal.inner_text()
    assert f"senest {last_day}" in appeal.inner_text()
    assert horizontal_overflow(page) <= 0, "the private page scrolls sideways on a phone"
    assert wcag_violations(page) == []
    page.locator("#appeal textarea").scroll_into_view_if_needed()
    screenshot(page, "journey-1-appeal-offered-390")

    page.locator("#appeal textarea").tap()
    page.keyboard.type(GROUNDS)
    with page.expect_navigation() as navigation:
        page.locator("#appeal button[type=submit]").tap()
    assert navigation.value.status == 200  # after the redirect
    assert "Takk: anken din er mottatt" in page.locator("main").inner_text()
    said = page.locator("section#appeal").inner_text()
    assert f"Du anket {timezone.localdate().strftime('%d.%m.%Y')}" in said
    assert "Styret i Personalpartner AS behandler anken din" in said
    assert page.locator("#appeal textarea").count() == 0
    assert horizontal_overflow(page) <= 0
    assert wcag_violations(page) == []
    screenshot(page, "journey-1-appealed-390")

    wide = open_page(1280, 900, base=public_site, language="nb")
    wide.goto(f"{public_site}/track/{token}/")
    assert "behandler anken din" in wide.locator("section#appeal").inner_text()
    screenshot(wide, "journey-1-appealed-1280")

    case = Case.objects.get(pk=case.pk)
    assert case.state == "appealed"
    assert list(case.events.filter(type="appealed").values_list("data__grounds", flat=True)) \
        == [GROUNDS]


@pytest.mark.django_db(transaction=True)
def test_journey_1_and_7_the_appeal_s_grounds_and_the_history_as_staff_read_them(
        public_site, open_page, demo_people):
    from ombud.public import services

    case, _ = _answered_pp_case(demo_people)
    services.complainant_appeal(case=case, grounds=GROUNDS)
    page = open_page(390, 900, base=public_site, language="nb")
    sign_in(page, public_site, "pp-manager")  # once: an authenticator code is used once
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{public_site}/pp/cases/{case.reference}/")
        history = page.locator("ol.history").inner_text()
        assert GROUNDS in history  # shown as she wrote it, tags as text
        assert "Kari Nordmann" in history and "Ingrid Olsen" in history
        assert "pp-handler" not in history
        assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", history), history
        assert horizontal_overflow(page) <= 0
        screenshot(page, f"journey-1-staff-appealed-{width}")
    # PP-16: Kari's complaint counts in Personalpartner's annual report: received, not upheld,
    # and appealed (the board's decision still to come).
    report = finds_the_case_in_the_annual_report(page, public_site, "pp", case.reference,
                                                 "Klage til Personalpartner", "journey-1",
                                                 outcome="ikke medhold")
    assert "1 svar ble anket." in report, report


@pytest.mark.django_db(transaction=True)
def test_journey_7_x_07_the_auditor_reads_times_names_and_days_late(public_site, open_page,
                                                                   demo_people):
    from datetime import timedelta

    from ombud.cases.services import PartyDetails, case_register, case_step
    from ombud.orgs.models import Organization

    people = demo_people["pp"]
    today = timezone.localdate()
    received_on = today - timedelta(days=30)
    case = case_register(organization=Organization.objects.get(slug="pp"),
                         procedure_id="pp/complaint", channel="letter", received_on=received_on,
                         title="Vakter endres på kort varsel",
                         complainant=PartyDetails("Kari Nordmann", "kari@example.org"),
                         actor=people["intake"])
    late_answer = received_on + timedelta(weeks=2, days=3)  # PP-14: three days late
    for event_type, on, actor, data in (
            ("assigned", received_on, people["manager"],
             {"handler_id": people["handler"].pk, "handler": "Ingrid Olsen", "involved": False}),
            ("answered", late_answer, people["handler"],
             {"outcome": "upheld", "reasons": "Ja.", "letter": "Svar."})):
        case_step(case=case, event_type=event_type, on=on, actor=actor, data=data,
                  recorded_on=on)
    page = open_page(1280, 900, base=public_site, language="nb")
    sign_in(page, public_site, "pp-auditor")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{public_site}/pp/cases/{case.reference}/")
        answer_row = page.locator("tr.status-missed", has_text="PP-14").inner_text()
        assert "3 dager for sent" in answer_row
        history = page.locator("ol.history").inner_text()
        assert "Ingrid Olsen" in history and "pp-handler" not in history
        assert horizontal_overflow(page) <= 0
        assert wcag_violations(page) == []
        screenshot(page, f"journey-7-auditor-days-late-{width}")

    # The whole case file, one PDF (defect 12): every event with its time and the person's
    # name, every deadline kept or missed with the days late, the documents, and the proof.
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download:
        page.click("text=Last ned hele saksmappen (PDF)")
    assert download.value.suggested_filename == f"{case.reference}-case-file.pdf"
    with open(download.value.path(), "rb") as pdf:
        content = pdf.read()
    keep("journey-7-case-file.pdf", content)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
                    .split())
    assert f"Saksmappe {case.reference}" in text and "Vakter endres på kort varsel" in text
    assert "Ingrid Olsen" in text and "pp-handler" not in text
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", text)
    assert "PP-14" in text and "3 dager for sent" in text and "oversittet" in text
    assert "Svar i saken din" in text and "SHA-256" in text
    assert "Historikken er intakt" in text
    page.reload()
    assert f"Lastet ned: {case.reference}-case-file.pdf" in page.locator("main").inner_text()
