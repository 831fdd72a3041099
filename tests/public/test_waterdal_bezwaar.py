"""Gemeente Waterdal goes live from data (issue 13, done when): its bundle folder
(examples/bundles/waterdal), two commands, and a bezwaar filed through the public form and
answered by staff with a written decision on the objection (beslissing op bezwaar). The letters
say "bezwaar", give the dates the Awb gives and tell how to go to court (AWB-3:45, AWB-8:1).
The dates themselves are counted in tests/domain/test_bundle_waterdal_bezwaar.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from public_world import NAME, PublicClient, main_text
from worker import run_worker

from ombud.cases.models import Case
from ombud.cli import main
from ombud.domain import messages as m
from ombud.domain.calendars import calendar_by_code
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Membership, Organization

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


def waterdal_live(monkeypatch, folder: Path = EXAMPLES) -> Organization:
    """Gemeente Waterdal, set up as its administrator would: the bundle folder, two commands."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(folder))
    assert main(["org", "create", "waterdal", "--name", "Gemeente Waterdal", "--language", "nl",
                 "--procedures", "waterdal/bezwaar"]) == 0
    assert main(["user", "create", "fatima", "--org", "waterdal", "--role", "handler",
                 "--email", "f.elamrani@waterdal.example"]) == 0
    return Organization.objects.get(slug="waterdal")


@pytest.fixture
def waterdal(db, monkeypatch, capsys):
    organization = waterdal_live(monkeypatch)
    capsys.readouterr()
    return organization


def file_bezwaar(sent: date) -> tuple[Case, PublicClient]:
    visitor = PublicClient("nl")
    response, _key = visitor.send("/waterdal/bezwaar/new/", {
        "name": NAME, "email": "j.devries@example.org", "phone": "", "website": "",
        "address": "Dorpsstraat 1, 9999 ZZ Waterdal", "filer": "party", "about": "permit",
        "decision_on": sent.isoformat(), "title": "Weigering omgevingsvergunning dakkapel",
        "description": "Besluit van 2 maart, kenmerk OV-2026-118.",
        "reasons": "De dakkapel past binnen het bestemmingsplan.",
        "signature": NAME, "signed": "on", "consent": "on"})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    run_worker()
    return Case.objects.get(procedure_id="waterdal/bezwaar"), visitor


def last_day(start: date, days: int) -> date:
    """``start`` + ``days``, moved past a Saturday, Sunday or Atw day (ATW-1): the same count
    the domain tests check by hand, applied to today's date."""
    calendar = calendar_by_code("NL-Atw")
    day = start + timedelta(days=days)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_wd_01_awb_6_14_the_form_asks_when_the_decision_was_sent_and_the_receipt_confirms(
        waterdal):
    page = main_text(PublicClient("nl").get("/waterdal/bezwaar/new/").content.decode())
    assert "Verzenddatum van het besluit" in page
    assert "De bezwaartermijn is zes weken en begint de dag daarna" in page
    assert "klacht" not in page.lower()
    sent = timezone.localdate() - timedelta(days=5)
    case, _visitor = file_bezwaar(sent)
    receipt = OutboxMessage.objects.get(case=case, kind="receipt")
    assert receipt.subject == f"Ontvangstbevestiging van uw bezwaarschrift ({case.reference})"
    assert "artikel 6:14 van de Algemene wet bestuursrecht" in receipt.body
    # WD-02: filed today; AWB-7:10: six weeks after the six weeks to object
    assert case.received_on == timezone.localdate()
    decide_by = last_day(last_day(sent, 42), 42)
    assert f"Wij beslissen uiterlijk {m.format_date(decide_by, 'nl')} op uw bezwaar" in \
        receipt.body
    assert "klacht" not in receipt.body.lower()


def test_awb_3_45_awb_8_7_the_beslissing_op_bezwaar_tells_how_and_by_when_to_go_to_court(
        waterdal, client):
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    client.force_login(Membership.objects.get(organization=waterdal).user)
    client.cookies["django_language"] = "nl"
    detail = main_text(client.get(f"/waterdal/cases/{case.reference}/").content.decode())
    assert "Bezwaartermijn AWB-6:7" in detail and "Beslistermijn AWB-7:10" in detail
    today = timezone.localdate()
    response = client.post(f"/waterdal/cases/{case.reference}/steps/answered/", {
        "answered-on": today.isoformat(), "answered-outcome": "not_upheld",
        "answered-hearing_skipped": "manifestly_unfounded",
        "answered-reasons": "Het bestemmingsplan staat een dakkapel aan de voorzijde niet toe.",
        "answered-letter": "Wij hebben het besluit volledig heroverwogen."})
    assert response.status_code == 302, main_text(response.content.decode())[:3000]
    run_worker()
    answer = OutboxMessage.objects.get(case=case, kind="answer")
    assert answer.subject == f"Beslissing op uw bezwaar ({case.reference})"
    assert "Wij verklaren uw bezwaar ongegrond. Het besluit blijft in stand." in answer.body
    assert "Beroep bij de rechtbank" in answer.body
    assert "bestuursrechter van de rechtbank in het arrondissement waar u woont" in answer.body
    court_by = m.format_date(last_day(today, 42), "nl")
    assert f"gerekend vanaf de dag na de dag waarop deze beslissing is verzonden: uiterlijk " \
           f"{court_by}" in answer.body
    assert "klacht" not in answer.body.lower() and "Uitkomst:" not in answer.body


def test_awb_7_13_staff_choose_the_advisory_committee_when_they_assign_twelve_weeks(waterdal,
                                                                                   client):
    sent = timezone.localdate() - timedelta(days=5)
    case, _visitor = file_bezwaar(sent)
    fatima = Membership.objects.get(organization=waterdal).user
    client.force_login(fatima)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/waterdal/cases/{case.reference}/?step=assigned").content.decode()
    assert "Deze zaak wordt behandeld met een adviescommissie (AWB-7:13)" in page
    response = client.post(f"/waterdal/cases/{case.reference}/steps/assigned/", {
        "assigned-on": timezone.localdate().isoformat(), "assigned-handler_id": fatima.pk,
        "assigned-advisory_committee": "on"})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    detail = main_text(client.get(f"/waterdal/cases/{case.reference}/").content.decode())
    twelve = last_day(last_day(sent, 42), 84)
    assert f"Beslistermijn AWB-7:10 {twelve.day}-{twelve.month}-{twelve.year}" in detail


def test_awb_7_5_the_hearing_form_asks_whether_the_hearer_was_involved_and_refuses_them(
        waterdal, client):
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    client.force_login(Membership.objects.get(organization=waterdal).user)
    client.cookies["django_language"] = "nl"
    today = timezone.localdate()
    response = client.post(f"/waterdal/cases/{case.reference}/steps/hearing_invited/", {
        "hearing_invited-on": today.isoformat(), "hearing_invited-term_weeks": 1,
        "hearing_invited-hearing_on": (today + timedelta(days=14)).isoformat()})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    page = client.get(f"/waterdal/cases/{case.reference}/?step=hearing_held").content.decode()
    assert 'name="hearing_held-involved"' in page
    refused = client.post(f"/waterdal/cases/{case.reference}/steps/hearing_held/", {
        "hearing_held-on": today.isoformat(), "hearing_held-involved": "on",
        "hearing_held-report": "Gehoord."})
    assert "Geweigerd (AWB-7:5)" in main_text(refused.content.decode())
    assert not case.events.filter(type="hearing_held").exists()


def test_awb_6_7_awb_8_1_a_late_bezwaar_declared_inadmissible_still_names_the_court(
        waterdal, client):
    """Sent 50 days ago: the six weeks ran out. The decision declaring it inadmissible is
    itself open to the court (8:1): its letter says so, with the last day."""
    visitor = PublicClient("nl")
    sent = timezone.localdate() - timedelta(days=50)
    response, _key = visitor.send("/waterdal/bezwaar/new/", {
        "name": NAME, "email": "j.devries@example.org", "phone": "", "website": "",
        "address": "Dorpsstraat 1, 9999 ZZ Waterdal", "filer": "party", "about": "taxes",
        "decision_on": sent.isoformat(), "title": "Naheffingsaanslag parkeerbelasting",
        "description": "Aanslag van " + sent.isoformat() + ".", "reasons": "Ik had betaald.",
        "signature": NAME, "signed": "on", "consent": "on", "late_confirmed": "on"})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    run_worker()
    case = Case.objects.get(procedure_id="waterdal/bezwaar")
    client.force_login(Membership.objects.get(organization=waterdal).user)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/waterdal/cases/{case.reference}/").content.decode()
    assert "?step=declined" in page  # offered: the period to object was missed
    today = timezone.localdate()
    response = client.post(f"/waterdal/cases/{case.reference}/steps/declined/", {
        "declined-on": today.isoformat(), "declined-ground": "late",
        "declined-reasons": "Het bezwaarschrift kwam na de bezwaartermijn binnen."})
    assert response.status_code == 302, main_text(response.content.decode())[:2000]
    run_worker()
    letter = OutboxMessage.objects.get(case=case, kind="decline")
    assert letter.subject == f"Beslissing op uw bezwaar: niet-ontvankelijk ({case.reference})"
    assert "Wij verklaren uw bezwaar van" in letter.body and "niet-ontvankelijk: het " \
        "bezwaarschrift is na afloop van de bezwaartermijn ingediend." in letter.body
    court_by = m.format_date(last_day(today, 42), "nl")
    assert "beroep instellen bij de bestuursrechter van de rechtbank" in letter.body
    assert f"uiterlijk {court_by} (artikelen 6:7, 6:8 en 8:1" in letter.body
    assert "klacht" not in letter.body.lower()


def test_awb_6_4_the_objector_is_called_bezwaarmaker_on_staff_pages(waterdal, client):
    """Awb 6:4: the one who files a bezwaar is the bezwaarmaker, not a "klager": the bundle's
    texts ([parties] complainant) name the party on the case page, the queue and its CSV."""
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    client.force_login(Membership.objects.get(organization=waterdal).user)
    client.cookies["django_language"] = "nl"
    detail = main_text(client.get(f"/waterdal/cases/{case.reference}/").content.decode())
    assert f"Bezwaarmaker: {NAME}" in detail and "Klager" not in detail
    queue = client.get("/waterdal/cases/").content.decode()
    assert ">Bezwaarmaker<" in queue and 'data-label="Bezwaarmaker"' in queue
    assert "Klager" not in queue
    export = client.get("/waterdal/cases/export.csv").content.decode("utf-8-sig")
    assert export.splitlines()[0].split(";")[2] == "Bezwaarmaker"
    adding = client.get(f"/waterdal/cases/{case.reference}/", {"add": "party"}).content.decode()
    assert '<option value="interested">derde-belanghebbende</option>' in adding  # Awb 7:2
    # no word of its own for the person complained about: Ombud's stands
    assert '<option value="subject">degene over wie geklaagd wordt</option>' in adding
    client.cookies["django_language"] = "en"
    assert "Objector: " in main_text(client.get(f"/waterdal/cases/{case.reference}/").content
                                     .decode())
