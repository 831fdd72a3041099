"""Issue 13, item 2, in the product: a step Waterdal's bundle declares (the objection put before
the adviescommissie bezwaarschriften, WD-04, and its advice, AWB-7:13) is recorded on the case
page by the roles the bundle names, lands in the history (hash chain and all) and the case file,
and the term it starts and meets shows among the deadlines. The text typed is escaped
everywhere; a key nobody declared, or another organization's case, is 404.

The term is counted by hand in tests/domain/test_declared_events.py; here it is today's date
plus four weeks moved past a weekend or Atw day (ATW-1), the same rule applied to any day."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from live_bundles import put_live

from ombud.audit.case_file import case_file_payload, case_file_pdf
from ombud.cases import services
from ombud.cases.history import first_broken_link
from ombud.cases.models import Case, CaseEvent
from ombud.domain import messages as m
from ombud.domain.calendars import calendar_by_code
from ombud.orgs.models import Membership, Organization

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
HOSTILE = "<script>alert('advies')</script> & \"gegrond\""


@pytest.fixture
def waterdal(db, monkeypatch, capsys):
    """Gemeente Waterdal set up as its administrator would, with a handler and intake."""
    return put_live(monkeypatch, capsys, "waterdal/bezwaar", "Gemeente Waterdal", "nl",
                    (("fatima", "handler"), ("ingrid", "intake")))


def person(organization, role):
    return Membership.objects.get(organization=organization, role=role).user


def bezwaar(organization) -> Case:
    today = timezone.localdate()
    return services.case_register(
        organization=organization, procedure_id="waterdal/bezwaar", channel="letter",
        received_on=today, title="Weigering omgevingsvergunning dakkapel",
        complainant=services.PartyDetails("J. de Vries", email="j.devries@example.org"),
        actor=person(organization, "intake"), details={"decision_on": today - timedelta(5)})


def four_weeks(start):
    day, calendar = start + timedelta(days=28), calendar_by_code("NL-Atw")
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_wd_04_awb_7_13_staff_record_the_committee_s_steps_and_see_its_term(waterdal, client):
    case = bezwaar(waterdal)
    client.force_login(person(waterdal, "handler"))
    client.cookies["django_language"] = "nl"
    url = f"/waterdal/cases/{case.reference}/"
    page = client.get(url).content.decode()
    assert "Vastleggen: voorlegging aan de adviescommissie" in page
    form = client.get(url + "?step=advice_requested").content.decode()
    assert 'name="advice_requested-text"' in form and 'name="advice_requested-on"' in form
    today = timezone.localdate()
    response = client.post(url + "steps/advice_requested/", {
        "advice_requested-on": today.isoformat(), "advice_requested-text": HOSTILE})
    assert response.status_code == 302, response.content.decode()[:3000]

    page = client.get(url).content.decode()
    due = four_weeks(today)
    assert "Adviestermijn" in page and "WD-04" in page
    assert m.format_date(due, "nl") in page or f"{due.day}-{due.month}-{due.year}" in page
    assert "4 weken na voorlegging aan de adviescommissie" in page
    assert "Voorlegging aan de adviescommissie" in page  # the history's entry
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page

    # the advice needs its text (text = "required"); without it nothing is recorded
    response = client.post(url + "steps/advice_issued/", {"advice_issued-on": today.isoformat()})
    assert response.status_code == 400
    assert not CaseEvent.objects.filter(case=case, type="advice_issued").exists()
    response = client.post(url + "steps/advice_issued/", {
        "advice_issued-on": today.isoformat(), "advice_issued-text": HOSTILE})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "open"  # the advice decides nothing: the college still does (7:13)

    history = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert [e.type for e in history][-2:] == ["advice_requested", "advice_issued"]
    assert history[-1].data["text"] == HOSTILE and first_broken_link(history, case) is None
    state = services.procedure_of(case)
    assert "advice_issued" in state.steps

    payload = case_file_payload(case, reader=person(waterdal, "handler"))
    entry = payload["events"][-1]
    assert entry["what"].endswith("Advies van de adviescommissie") and HOSTILE in entry["lines"]
    advice = next(row for row in payload["deadlines"] if "WD-04" in str(row))
    assert "dviestermijn" in str(advice)
    pdf = case_file_pdf(case, reader=person(waterdal, "handler"))
    assert pdf.startswith(b"%PDF")
    if shots := os.environ.get("OMBUD_SHOTS"):  # to look at: pdftoppm -png -r 60
        Path(shots, "waterdal-declared-case-file.pdf").write_bytes(pdf)


def test_awb_7_13_intake_may_not_record_the_advice_and_forged_keys_are_not_found(
        waterdal, client, register, people):
    case = bezwaar(waterdal)
    today = timezone.localdate().isoformat()
    client.force_login(person(waterdal, "intake"))
    page = client.get(f"/waterdal/cases/{case.reference}/").content.decode()
    assert "Vastleggen: advies" not in page
    response = client.post(f"/waterdal/cases/{case.reference}/steps/advice_issued/", {
        "advice_issued-on": today, "advice_issued-text": "x"})
    assert response.status_code == 403

    client.force_login(person(waterdal, "handler"))
    for forged in ("advies_klaar", "note", "answered_x", "deadline_missed", "ADVICE"):
        response = client.post(f"/waterdal/cases/{case.reference}/steps/{forged}/", {
            f"{forged}-on": today, f"{forged}-text": "x"})
        assert response.status_code == 404, forged
    # another organization's case: its procedure declares no advice (and it is not hers)
    other = register("dnv/complaint")
    handler = people["dnv"]["handler"]
    client.force_login(handler)
    response = client.post(f"/dnv/cases/{other.reference}/steps/advice_issued/", {
        "advice_issued-on": today, "advice_issued-text": "x"})
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(type="advice_issued").exists()


def test_awb_7_13_a_body_of_the_bundle_s_kind_is_named_by_its_word(waterdal, client):
    from django.utils import translation

    from ombud.orgs.body_kinds import BodyForm, kind_choices
    from ombud.orgs.models import Body

    with translation.override("nl"):  # the words are the reader's language's
        kinds = dict(kind_choices("waterdal"))
    assert kinds["objections_committee"] == "adviescommissie bezwaarschriften"
    assert "objections_committee" not in dict(kind_choices("dnv"))
    form = BodyForm({"organization": waterdal.pk, "kind": "objections_committee",
                     "name": "Commissie bezwaarschriften Waterdal"})
    assert form.is_valid(), form.errors
    body = form.save()
    with translation.override("nl"):
        assert body.kind_label in kinds.values()
    other = Organization.objects.create(slug="elders", name="Elders", language="nl")
    refused = BodyForm({"organization": other.pk, "kind": "objections_committee", "name": "X"})
    assert not refused.is_valid() and "kind" in refused.errors
    assert Body.objects.count() == 1
    case = bezwaar(waterdal)  # the handler appoints on behalf of the body, named with its kind
    client.force_login(person(waterdal, "handler"))
    client.cookies["django_language"] = "nl"
    page = client.get(f"/waterdal/cases/{case.reference}/?step=assigned").content.decode()
    assert "Commissie bezwaarschriften Waterdal (adviescommissie bezwaarschriften)" in page


def test_awb_7_13_a_step_declared_without_its_day_is_recorded_today_and_without_a_text(
        db, tmp_path, monkeypatch):
    """``date = false``: the form asks no day (the step counts on the day it is recorded) and
    no reason for a day in the past; ``text = "none"``: no text field."""
    import shutil

    from ombud.cases.forms import step_form
    from ombud.domain.loader import find_procedure

    shutil.copytree(EXAMPLES / "waterdal", tmp_path / "waterdal")
    bezwaar_file = tmp_path / "waterdal" / "bezwaar" / "2026-01-01.toml"
    text = bezwaar_file.read_text(encoding="utf-8")
    bezwaar_file.write_text(text.replace(
        'key = "advice_requested"\nrule = "WD-04"\nrecord = ["handler", "manager"]\ndate = true\n'
        'text = "optional"', 'key = "advice_requested"\nrule = "WD-04"\nrecord = ["handler", '
        '"manager"]\ndate = false\ntext = "none"'), encoding="utf-8")
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(tmp_path))
    procedure = find_procedure("waterdal/bezwaar")
    assert procedure.declared("advice_requested").date is False
    form = step_form("advice_requested", {"advice_requested-on": "2020-01-01"},
                     procedure=procedure, prefix="advice_requested")
    assert "on" not in form.fields and "text" not in form.fields
    assert "backdate_reason" not in form.fields
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == timezone.localdate() and form.event_data() == {}


@pytest.mark.parametrize("text", ["advies \u202egnugeb\u202c", "advies\x1b[2J", "a\x07b",
                                  "a\u2066b\u2069"])
def test_awb_7_13_a_step_s_text_with_control_characters_or_turning_marks_is_refused(
        waterdal, client, text):
    """The history keeps a step's text for good, sealed: U+202E made "advies gnugeb" read
    "advies begung" on the page and in the PDF, an escape sequence repainted the terminal of
    whoever read the privacy export. Refused with a message; line breaks and tabs are text."""
    case = bezwaar(waterdal)
    client.force_login(person(waterdal, "handler"))
    client.cookies["django_language"] = "en"
    url = f"/waterdal/cases/{case.reference}/steps/advice_requested/"
    today = timezone.localdate().isoformat()
    response = client.post(url, {"advice_requested-on": today, "advice_requested-text": text})
    assert response.status_code == 400
    assert "Remove the control characters" in response.content.decode()
    assert not CaseEvent.objects.filter(case=case, type="advice_requested").exists()
    response = client.post(url, {"advice_requested-on": today,
                                 "advice_requested-text": "Eerste regel\n\tTweede: \u200fمحمد"})
    assert response.status_code == 302


def test_awb_7_13_the_privacy_export_names_a_declared_step_by_the_bundle_s_word(waterdal):
    """The access export's PDF (AVG art. 15) said "advice requested", the key, where the case
    page and the case file say "Voorlegging aan de adviescommissie"."""
    from pdf_text import pdf_bytes_text

    from ombud.cases.models import Party
    from ombud.privacy import selectors
    from ombud.privacy.export import export_data, export_pdf

    case = bezwaar(waterdal)
    services.case_step(case=case, event_type="advice_requested", on=timezone.localdate(),
                       data={"text": "commissie"}, actor=person(waterdal, "handler"))
    places = selectors.places_of(waterdal, list(Party.objects.filter(case=case)), [])
    text = " ".join(pdf_bytes_text(export_pdf(export_data(waterdal, places))).split())
    assert "oorlegging aan de adviescommissie" in text and "advice requested" not in text


def test_awb_7_13_a_declared_step_sent_twice_is_recorded_once(waterdal, client):
    """A double click or a reload that posts again recorded the referral twice: two entries
    of the sealed history, the term counted from the second. The same form again is refused
    with a message; the same step with another text (a second referral, later) is not."""
    case = bezwaar(waterdal)
    client.force_login(person(waterdal, "handler"))
    client.cookies["django_language"] = "en"
    url = f"/waterdal/cases/{case.reference}/steps/advice_requested/"
    form = {"advice_requested-on": timezone.localdate().isoformat(),
            "advice_requested-text": "Voorgelegd aan de commissie"}
    assert client.post(url, form).status_code == 302
    again = client.post(url, form)
    assert again.status_code == 400 and "just recorded" in again.content.decode()
    assert CaseEvent.objects.filter(case=case, type="advice_requested").count() == 1
    other = {**form, "advice_requested-text": "Opnieuw voorgelegd na nieuwe stukken"}
    assert client.post(url, other).status_code == 302
    assert CaseEvent.objects.filter(case=case, type="advice_requested").count() == 2
