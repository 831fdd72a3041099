"""Issue 13, item 3, in the web application: the staff set a remedy term in the unit the
procedure lets them (Awb 6:6, fvl § 32 third paragraph in days or weeks; DNV-B-10 in weeks), the
letter and the private page state the term and the engine's last day; the postmark of a letter
counts where the procedure says so (Awb 6:9, fvl § 30), on the register form and on the form of a
klage on a dismissal, and shows on the case page and in the case file.

Every date is a fixed day of 2026, counted by hand below (the Atw's and Norway's holidays of
November 2026: none), and steps dated before today carry the reason they are recorded late."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from pdf_text import pdf_bytes_text, pdf_text
from public_world import PublicClient, main_text

from ombud.cases import services
from ombud.cases.models import Case, CaseEvent, Document, DocumentKind
from ombud.cli import main
from ombud.domain import engine
from ombud.orgs.models import Membership
from ombud.public import services as public_services

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"
LATE = "recorded from the paper file"  # why a step dated in the past is recorded now


@pytest.fixture
def live(db, monkeypatch, capsys, client):
    """Waterdal (nl) and Fjellby (nb) as their operators set them up, each with an intake
    person, a handler and a manager; ``live(username)`` signs that person in."""
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))
    for org, name, language, procedure in (("waterdal", "Gemeente Waterdal", "nl",
                                            "waterdal/bezwaar"),
                                           ("fjellby", "Fjellby kommune", "nb", "fjellby/klage")):
        assert main(["org", "create", org, "--name", name, "--language", language,
                     "--procedures", procedure]) == 0
        for role in ("intake", "handler", "manager"):
            assert main(["user", "create", f"{org}-{role}", "--org", org, "--role", role,
                         "--email", f"{role}@{org}.example"]) == 0
    capsys.readouterr()

    def sign_in(username: str):
        client.force_login(Membership.objects.get(user__username=username).user)
        client.cookies["django_language"] = username.startswith("fjellby") and "nb" or "nl"
        return client

    return sign_in


def register(client, org: str, **fields):
    """A letter registered by the intake person; the fields the test does not give are a
    bezwaar's (Waterdal) or a klage's (Fjellby)."""
    procedure = {"waterdal": "waterdal/bezwaar", "fjellby": "fjellby/klage"}[org]
    about = {"waterdal": "permit", "fjellby": "building"}[org]
    data = {"procedure_id": procedure, "channel": "letter", "name": "Jan de Vries",
            "title": "Bezwaar tegen het besluit", "about": about,
            "account": "Ik ben het niet eens met het besluit.", "receiving_instance": "post",
            **{name: value.isoformat() if isinstance(value, date) else value
               for name, value in fields.items()}}
    return client.post(f"/{org}/cases/register/", data)


def step(client, case: Case, event_type: str, on: date, **fields):
    data = {f"{event_type}-on": on.isoformat(), f"{event_type}-backdate_reason": LATE,
            **{f"{event_type}-{name}": value.isoformat() if isinstance(value, date) else value
               for name, value in fields.items()}}
    org = case.organization.slug
    return client.post(f"/{org}/cases/{case.reference}/steps/{event_type}/", data)


def state_of(case: Case) -> engine.CaseState:
    return engine.evaluate(services.procedure_of(case), services.engine_events(case),
                           date(2026, 12, 1))


def last_letter(case: Case) -> str:
    letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).order_by("id").last()
    return " ".join(pdf_text(letter).split())


def track_link(case: Case) -> str:
    return f"/track/{public_services.tracking_link_create(case)}/"


# -- remedy terms ---------------------------------------------------------------------------


def test_awb_6_6_wd_03_a_remedy_term_in_days_gives_the_letter_and_the_private_page_its_date(
        live):
    """Received Monday 2 November 2026; the request to remedy the omission is sent Wednesday
    11 November with a term of 10 days: 11 + 10 = Saturday 21 November, which under ATW-1
    (WD-03: like a period set by law) runs to Monday 23 November 2026."""
    client = live("waterdal-intake")
    assert register(client, "waterdal", received_on=date(2026, 11, 2),
                    decision_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("waterdal-manager")
    form = main_text(client.get(f"/waterdal/cases/{case.reference}/?step=incomplete")
                     .content.decode())
    assert "Geteld in dagen of weken" in form  # amount_from = "term": days or weeks
    response = step(client, case, "incomplete", date(2026, 11, 11), term="10",
                    term_unit="calendar_days", text="Uw handtekening ontbreekt.")
    assert response.status_code == 302, main_text(response.content.decode())[:1500]
    event = CaseEvent.objects.get(case=case, type="incomplete")
    assert event.data["term_days"] == 10 and "term_weeks" not in event.data
    assert state_of(case).deadline("remedy").due == date(2026, 11, 23)
    letter = last_letter(case)
    assert "binnen 10 dagen, uiterlijk op 23-11-2026, aan te vullen" in letter
    assert "staat de termijn waarbinnen wij op uw bezwaar beslissen stil" in letter  # 7:10(2)
    private = main_text(PublicClient("nl").get(track_link(case), follow=True).content.decode())
    assert "Stuur het binnen 10 dagen, uiterlijk op 23-11-2026." in private
    assert "tot dan is de behandeltermijn opgeschort" in private  # AWB-7:10, second paragraph


def test_fvl_32_3_a_klage_remedy_term_in_days_reads_innen_10_dager_senest(live):
    """Received Monday 2 November 2026; the request is sent Monday 9 November with a term of
    10 days: Thursday 19 November 2026, a working day (the remedy term falls as it falls,
    X-03)."""
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=date(2026, 11, 2),
                    decision_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("fjellby-manager")
    response = step(client, case, "incomplete", date(2026, 11, 9), term="10",
                    term_unit="calendar_days", text="Klagen er ikke underskrevet.")
    assert response.status_code == 302, main_text(response.content.decode())[:1500]
    assert state_of(case).deadline("remedy").due == date(2026, 11, 19)
    letter = last_letter(case)
    assert "innen 10 dager, senest 19.11.2026, gjennom" in letter
    assert "står behandlingsfristen stille" not in letter  # fvl § 11 a: no period to suspend
    private = main_text(PublicClient("nb").get(track_link(case), follow=True).content.decode())
    assert "Send det innen 10 dager, senest 19.11.2026." in private
    assert "behandlingsfristen står stille" not in private


@pytest.mark.parametrize("typed", ["0", "-3", "9999", "two", "1.5", "٣", ""])
def test_awb_6_6_a_term_that_is_no_term_is_refused_in_dutch_and_nothing_is_recorded(live,
                                                                                   typed):
    client = live("waterdal-intake")
    assert register(client, "waterdal", received_on=date(2026, 11, 2),
                    decision_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("waterdal-manager")
    letters = Document.objects.filter(case=case).count()
    response = step(client, case, "incomplete", date(2026, 11, 11), term=typed,
                    term_unit="calendar_days")
    assert response.status_code == 400
    page = main_text(response.content.decode())
    assert ("Geef de termijn op als een geheel aantal dagen, van 1 tot en met 365." in page
            or typed == "" and "Dit veld is verplicht." in page)
    assert not CaseEvent.objects.filter(case=case, type="incomplete").exists()
    assert Document.objects.filter(case=case).count() == letters


def test_dnv_b_10_the_remedy_term_is_in_weeks_and_a_wrong_one_is_refused_in_bokmal(people,
                                                                                   client):
    """DNV-B-10 gives the term in weeks (``amount_from = "term_weeks"``): the form asks weeks
    and nothing else, and refuses 53 weeks or 0 in the reader's language."""
    case = services.case_register(
        organization=people["dnv"]["handler"].memberships.get().organization,
        procedure_id="dnv/objection", channel="email", received_on=date(2026, 11, 2),
        title="Innsigelse", complainant=services.PartyDetails("Kari Klager", "k@example.org",
                                                              "", "Storgata 1, 0155 Oslo"),
        actor=people["dnv"]["intake"], details={"decision_on": date(2026, 10, 26)})
    client.force_login(people["dnv"]["manager"])  # steps dated back: a manager
    client.cookies["django_language"] = "nb"
    form = client.get(f"/dnv/cases/{case.reference}/?step=incomplete").content.decode()
    assert 'name="incomplete-term"' in form and 'name="incomplete-term_unit"' not in form
    assert "Frist i uker" in main_text(form)
    for typed in ("53", "0"):
        response = step(client, case, "incomplete", date(2026, 11, 11), term=typed)
        assert response.status_code == 400
        assert ("Oppgi fristen som et helt antall uker, fra 1 til 52."
                in main_text(response.content.decode()))
    assert not CaseEvent.objects.filter(case=case, type="incomplete").exists()
    response = step(client, case, "incomplete", date(2026, 11, 11), term="3")
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, type="incomplete").data["term_weeks"] == 3


# -- the posting date -----------------------------------------------------------------------


def test_awb_6_9_a_bezwaar_posted_on_the_last_day_and_received_two_days_later_is_in_time(live):
    """The decision was sent Monday 28 September 2026; six weeks from the day after (AWB-6:7,
    6:8) end Monday 9 November 2026, a working day. Posted that Monday and received Wednesday
    11 November: in time, since received within a week after the period (AWB-6:9). Posted the
    same day and received Wednesday 18 November, nine days after: late (the week ended Monday
    16 November)."""
    client = live("waterdal-intake")
    form = main_text(client.get("/waterdal/cases/register/").content.decode())
    assert "Datum poststempel" in form
    response = register(client, "waterdal", decision_on=date(2026, 9, 28),
                        received_on=date(2026, 11, 11), posted_on=date(2026, 11, 9))
    assert response.status_code == 302, main_text(response.content.decode())[:1500]
    register(client, "waterdal", decision_on=date(2026, 9, 28), received_on=date(2026, 11, 18),
             posted_on=date(2026, 11, 9), name="Piet Jansen")
    in_time, late = Case.objects.order_by("received_on")
    filing = state_of(in_time).deadline("filing")
    assert filing.due == date(2026, 11, 9) and filing.status == "met"
    assert filing.met_on == date(2026, 11, 11) and filing.posted_on == date(2026, 11, 9)
    assert state_of(late).deadline("filing").status == "missed"
    page = main_text(client.get(f"/waterdal/cases/{in_time.reference}/").content.decode())
    assert "ter post bezorgd 9-11-2026" in page or "ter post bezorgd 09-11-2026" in page


def test_awb_6_9_a_postmark_after_receipt_in_the_future_or_not_on_a_letter_is_refused(live):
    client = live("waterdal-intake")
    fields = {"decision_on": date(2026, 9, 28), "received_on": date(2026, 11, 11)}
    refusals = {
        "Een brief wordt verstuurd voordat hij wordt ontvangen.": {"posted_on": "2026-11-12"},
        "De datum kan niet in de toekomst liggen.": {"posted_on": "2099-01-04"},
        "Alleen een brief heeft een poststempel": {"posted_on": "2026-11-09",
                                                   "channel": "email"},
    }
    for message, wrong in refusals.items():
        response = register(client, "waterdal", **fields, **wrong)
        assert response.status_code == 400
        assert message in main_text(response.content.decode())
    assert not Case.objects.exists()


def test_wd_02_the_public_form_asks_no_postmark_and_takes_none(live):
    """A bezwaar filed on the web form is received the day it arrives (WD-02): the form has no
    posting date, and one slipped into the request is not kept."""
    visitor = PublicClient("nl")
    page = visitor.get("/waterdal/bezwaar/new/").content.decode()
    assert "posted_on" not in page and "poststempel" not in page.lower()
    response, _key = visitor.send("/waterdal/bezwaar/new/", {
        "name": "Jan de Vries", "email": "j@example.org", "phone": "", "website": "",
        "address": "Dorpsstraat 1, 9999 ZZ Waterdal", "filer": "party", "about": "permit",
        "decision_on": date(2026, 11, 2).isoformat(), "title": "Dakkapel",
        "description": "Besluit OV-2026-118.", "reasons": "Past binnen het plan.",
        "signature": "Jan de Vries", "signed": "on", "consent": "on",
        "posted_on": "2026-11-03"})
    assert response.status_code == 302
    received = CaseEvent.objects.get(type="received")
    assert "posted_on" not in received.data


def test_fvl_30_1_a_klage_on_a_dismissal_posted_on_the_last_day_is_in_time(live):
    """A klage received Wednesday 28 October 2026, two days after its three weeks, is
    dismissed (avvist) Monday 2 November 2026; three weeks (FVL-29-1, FVL-2-3) end Monday
    23 November 2026, a working day. The klage on the dismissal was posted that Monday and
    reached the municipality Wednesday 25 November: in time (FVL-30-1). Without its postmark
    the same klage is refused as late."""
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=date(2026, 10, 28),
                    decision_on=date(2026, 10, 5)).status_code == 302
    case = Case.objects.get()  # three weeks from Monday 5 October ended Monday 26 October
    client = live("fjellby-manager")
    assert step(client, case, "declined", date(2026, 11, 2), ground="late",
                reasons="Klagen kom for sent.").status_code == 302
    refused = step(client, case, "appealed", date(2026, 11, 25), grounds="Jeg var syk.")
    assert refused.status_code == 400
    refusal = main_text(refused.content.decode())
    assert "Poststempeldato" in refusal and "gikk ut 23.11.2026" in refusal  # asked, and why
    assert not CaseEvent.objects.filter(case=case, type="appealed").exists()
    after = step(client, case, "appealed", date(2026, 11, 25), grounds="Jeg var syk.",
                 posted_on=date(2026, 11, 26))
    assert after.status_code == 400
    assert "Et brev postlegges før det mottas." in main_text(after.content.decode())
    response = step(client, case, "appealed", date(2026, 11, 25), grounds="Jeg var syk.",
                    posted_on=date(2026, 11, 23))
    assert response.status_code == 302, main_text(response.content.decode())[:1500]
    appeal = state_of(case).deadline("appeal")
    assert appeal.due == date(2026, 11, 23) and appeal.status == "met"


def test_fvl_30_1_the_case_file_names_the_postmark(live):
    """Received Wednesday 28 October 2026, posted Monday 26 October: the case file's summary
    says both, so that its reader sees why the klage was in time."""
    client = live("fjellby-intake")
    assert register(client, "fjellby", received_on=date(2026, 10, 28),
                    decision_on=date(2026, 10, 5),
                    posted_on=date(2026, 10, 26)).status_code == 302
    case = Case.objects.get()
    client = live("fjellby-manager")
    response = client.get(f"/fjellby/cases/{case.reference}/case-file/")
    assert response.status_code == 200
    text = pdf_bytes_text(b"".join(response.streaming_content) if response.streaming
                          else response.content)
    assert re.search(r"Postlagt\s*26\.10\.2026", text), text[:800]


def test_awb_6_9_the_court_appeal_form_asks_the_postmark_where_the_period_counts_it(live):
    """Waterdal's court term counts a posted appeal (AWB-6:9 on ``court_appeal``); DNV's court
    appeal has no such rule, and its form asks no postmark. A postmark after the day the appeal
    was received is refused on the form."""
    from ombud.cases.forms import step_form
    from ombud.domain.loader import find_procedure

    def form(procedure_id: str, **data):
        return step_form("court_appealed", data or None, procedure=find_procedure(procedure_id),
                         prefix="court_appealed")

    assert "posted_on" in form("waterdal/bezwaar").fields
    assert "posted_on" not in form("dnv/objection").fields
    late = form("waterdal/bezwaar", **{"court_appealed-on": "2026-11-11",
                                       "court_appealed-court": "Rechtbank Noord-Nederland",
                                       "court_appealed-posted_on": "2026-11-12"})
    with translation.override("nl"):
        assert not late.is_valid()
        assert late.errors["posted_on"] == ["Een brief wordt verstuurd voordat hij wordt "
                                            "ontvangen."]
