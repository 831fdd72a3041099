"""Journey 4's last sentence (DNV-I-01), walked in a real browser in Dutch by DNV's privacy
officer: Pieter's address and exam data are found, exported for him (a zip with a Dutch PDF and
a JSON), and erased on request once the retention period allows; a candidate whose case closed
this month is refused with the day erasure becomes possible. Every page passes axe-core's WCAG
2.1 AA rules and does not scroll sideways on a phone (390 px)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, keep
from tests.browser.dnv_walk import checked_page, staff_page, submit
from tests.pdf_text import pdf_bytes_text

pytestmark = pytest.mark.slow

PIETER = ("Pieter de Vries", "pieter@example.org", "06 1111 2222", "Havenstraat 4, Rotterdam")


def _years_kept() -> int:
    """How long a closed DNV inspection is kept (its procedure file's [retention])."""
    from ombud.domain.loader import find_procedure

    return find_procedure("dnv/inspection", on=timezone.localdate()).retention.years


def _past_retention_days() -> int:
    return 366 * _years_kept() + 30


def _inspection(people, *, name, email, phone="", address="", days_ago: int):
    """An inspection request answered ``days_ago`` days ago (entered from the paper archive by
    the manager: a step dated more than a week back is theirs)."""
    from ombud.cases import services
    from ombud.orgs.models import Organization

    staff = people["dnv"]
    today = timezone.localdate()
    received = today - timedelta(days=days_ago + 7)
    reason = {"backdate_reason": "Overgenomen uit het papieren archief"}
    case = services.case_register(
        organization=Organization.objects.get(slug="dnv"), procedure_id="dnv/inspection",
        channel="letter", received_on=received, title="Inzage praktijkexamen",
        complainant=services.PartyDetails(name, email=email, phone=phone, address=address),
        actor=staff["intake"], details={"result_on": received - timedelta(days=1)})
    for event_type, on, data in (
            ("acknowledged", received + timedelta(days=1), {}),
            ("answered", today - timedelta(days=days_ago), {
                "outcome": "upheld", "reasons": "Inzage gegeven in Barendrecht.",
                "letter": "U had inzage."})):
        services.case_step(case=case, event_type=event_type, on=on, actor=staff["manager"],
                           data=data, **(reason if on < today else {}))
    return case


@pytest.mark.django_db(transaction=True)
def test_journey_4_dnv_i_01_pieters_data_exported_and_erased_when_retention_allows(
        public_site, open_page, demo_people):
    from ombud.audit.verify import verify
    from ombud.cases.models import Party

    base = public_site
    pieter = _inspection(demo_people, name=PIETER[0], email=PIETER[1], phone=PIETER[2],
                         address=PIETER[3], days_ago=_past_retention_days())
    recent = _inspection(demo_people, name="Sanne Bakker", email="sanne@example.org",
                         days_ago=0)

    officer = staff_page(open_page, base, "dnv-privacy", "nl")
    officer.goto(f"{base}/dnv/privacy/")
    checked_page(officer, "privacy-console-nl")
    officer.fill("#id_email", "PIETER@example.org")
    assert submit(officer, "form.find-person") == 200
    checked_page(officer, "privacy-found-nl")
    officer.locator("table.found a", has_text=PIETER[0]).click()
    officer.wait_for_load_state()
    assert "Gegevens over Pieter de Vries" in officer.inner_text("h1")
    assert pieter.reference in officer.inner_text("main")
    checked_page(officer, "privacy-person-nl")

    # the export: a zip with a readable Dutch PDF and the JSON, with the retention
    with officer.expect_download() as download:
        officer.locator("form[action$='/export/'] button").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("personal-data.json"))
    assert data["language"] == "nl" and data["person"][0]["address"] == PIETER[3]
    assert data["cases"][0]["retention"]["erasable_from"] <= timezone.localdate().isoformat()
    pdf = archive.read("personal-data.pdf")
    keep("privacy-export-nl.pdf", pdf)
    text = pdf_bytes_text(pdf)
    assert "Uw persoonsgegevens" in text and PIETER[3] in text and pieter.reference in text

    # erased on his request: the retention period has passed
    officer.select_option("#id_ground", "request")
    officer.check("#id_confirm")
    assert submit(officer, "form[action$='/erase/']") == 200
    assert "Persoonsgegevens gewist uit" in officer.inner_text("main [role=status]")
    checked_page(officer, "privacy-erased-nl")
    assert not Party.objects.filter(email__iexact=PIETER[1]).exists()
    assert verify().problems == []

    # the auditor's case page says who erased it, when and on what ground
    auditor = staff_page(open_page, base, "dnv-auditor", "nl")
    auditor.goto(f"{base}/dnv/cases/{pieter.reference}/")
    history = auditor.inner_text("main")
    assert "Inhoud gewist op" in history and "AVG art. 17(1)(a)" in history
    assert PIETER[0] not in history and "Havenstraat" not in history
    checked_page(auditor, "privacy-case-after-erasure-nl")
    auditor.goto(f"{base}/dnv/privacy/reads/")
    assert pieter.reference in auditor.inner_text("main")
    checked_page(auditor, "privacy-reads-nl")

    # Sanne's case closed today: refused, with the day it becomes possible, on a phone
    phone = officer
    phone.set_viewport_size({"width": 390, "height": 844})
    party = Party.objects.get(case=recent)
    phone.goto(f"{base}/dnv/privacy/person/{party.pk}/")
    refusal = phone.inner_text(".refusal")
    assert "Nog niet mogelijk" in refusal and f"{12 * _years_kept()} maanden" in refusal
    assert str(timezone.localdate().year + _years_kept()) in refusal
    assert horizontal_overflow(phone) == 0
    checked_page(phone, "privacy-person-refused-390-nl")


@pytest.mark.django_db(transaction=True)
def test_the_privacy_console_in_bokmal_on_a_phone(public_site, open_page, demo_people):
    """The same pages as Personalpartner's privacy officer reads them (bokmål, 390 px): found
    by a near name, the person's places, the read log; nothing scrolls sideways."""
    from ombud.cases import services
    from ombud.orgs.models import Organization

    base = public_site
    staff = demo_people["pp"]
    case = services.case_register(
        organization=Organization.objects.get(slug="pp"), procedure_id="pp/complaint",
        channel="letter", received_on=timezone.localdate(), title="Vaktendringer",
        complainant=services.PartyDetails("Kari Nordmann", email="kari@example.no",
                                          phone="+47 912 34 567"),
        actor=staff["manager"])
    officer = open_page(width=390, height=844, language="nb", base=base)
    from tests.browser.conftest import sign_in
    sign_in(officer, base, "pp-privacy")
    officer.goto(f"{base}/pp/privacy/")
    officer.fill("#id_name", "kari nordman")
    assert submit(officer, "form.find-person") == 200
    assert "1 person funnet" in officer.inner_text("main")
    checked_page(officer, "privacy-found-390-nb")
    assert horizontal_overflow(officer) == 0
    officer.locator("table.found a").first.click()
    officer.wait_for_load_state()
    assert "Opplysninger om Kari Nordmann" in officer.inner_text("h1")
    assert "Ikke mulig ennå" in officer.inner_text("main")
    assert horizontal_overflow(officer) == 0
    checked_page(officer, "privacy-person-390-nb")
    officer.goto(f"{base}/pp/cases/{case.reference}/")
    officer.goto(f"{base}/pp/privacy/reads/")
    assert case.reference in officer.inner_text("main")
    assert horizontal_overflow(officer) == 0
    checked_page(officer, "privacy-reads-390-nb")
