"""Universitetet i Nordvik's klage (examples/bundles/nordvik): its own receipt names the day the
university forwards a klage it does not grant, through `{{ due.forwarding }}`: every deadline
still running is a letter's variable by its key (docs/authoring.md, letters). Ombud's own
receipt said "Vi bekrefter at vi behandler saken innen" the one-month day of a preliminary
answer (fvl § 11 a), which promises a handling the law does not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from live_bundles import put_live
from pdf_text import pdf_text

from ombud.cases import services
from ombud.cases.models import Document, DocumentKind
from ombud.domain import engine
from ombud.domain import messages as m
from ombud.letters import render
from ombud.orgs.models import Membership

TODAY = timezone.localdate


@pytest.fixture
def nordvik(db, monkeypatch, capsys):
    return put_live(monkeypatch, capsys, "nordvik/klage", "Universitetet i Nordvik", "nb",
                    (("siri", "intake"), ("ingrid", "handler")))


def _klage(nordvik):
    people = {m.user.username: m.user for m in Membership.objects.filter(organization=nordvik)}
    case = services.case_register(
        organization=nordvik, procedure_id="nordvik/klage", channel="letter",
        received_on=TODAY(), title="Innpassing av MAT-210",
        complainant=services.PartyDetails("Ola Nordmann", "ola@example.org", "", "Storgata 1"),
        actor=people["siri"], details={"decision_on": TODAY() - timedelta(days=5)})
    return case, people["ingrid"]


def _letters(case) -> list[str]:
    return [" ".join(pdf_text(letter).split()) for letter in
            Document.objects.filter(case=case, kind=DocumentKind.LETTER).order_by("id")]


def test_nv_04_the_receipt_names_the_day_a_klage_not_granted_is_forwarded_by(nordvik):
    case, _ = _klage(nordvik)
    state = engine.evaluate(services.procedure_of(case), services.engine_events(case), TODAY())
    forwarding = m.format_date(state.deadline("forwarding").due, "nb")
    preliminary = m.format_date(state.deadline("acknowledge").due, "nb")
    procedure = services.procedure_of(case)
    receipt = " ".join(render.compose(
        "receipt", procedure=procedure, state=state, data={}, language="nb",
        facts={"reference": case.reference, "name": "Ola Nordmann", "title": case.title,
               "received_on": m.format_date(TODAY(), "nb")}).text.split())
    assert "Vi har mottatt klagen din" in receipt
    assert f"sender vi klagen til universitetets klagenemnd, etter målet vårt innen {forwarding}" \
        in receipt
    assert f"Har du ikke fått svar innen {preliminary}, får du et foreløpig svar" in receipt
    assert "behandler saken innen" not in receipt


def test_fvl_33_4_the_appeals_board_s_decision_after_forwarding_is_final_never_anke(nordvik):
    case, ingrid = _klage(nordvik)
    services.case_step(case=case, event_type="assigned", on=TODAY(), actor=ingrid,
                       data={"handler_id": ingrid.id})
    services.case_step(case=case, event_type="forwarded", on=TODAY(), actor=ingrid,
                       data={"reasons": "Fagmiljøet finner emnet bare delvis likt."})
    services.case_step(case=case, event_type="answered", on=TODAY(), actor=ingrid,
                       data={"outcome": "not_upheld", "reasons": "Som fagmiljøet.",
                             "letter": "Klagenemnda behandlet saken i møte."})
    answer = _letters(case)[-1]
    assert "Universitetets klagenemnd har avgjort klagen din" in answer
    assert "den kan ikke påklages (forvaltningsloven § 28 tredje ledd)" in answer
    assert "anke" not in answer.lower()


def test_nv_04_a_letter_never_names_a_target_day_already_passed(nordvik):
    """Six weeks after receipt the four-week target of forwarding (NV-04) has passed unmet: a
    preliminary answer sent then cannot promise it, the one-month day neither."""
    case, _ = _klage(nordvik)
    procedure = services.procedure_of(case)
    later = TODAY() + timedelta(weeks=6)
    state = engine.evaluate(procedure, services.engine_events(case), later)
    assert render._running(state, "nb") == {}
    assert "forwarding" in render._running(
        engine.evaluate(procedure, services.engine_events(case), TODAY()), "nb")


def test_fvl_11a_3_the_preliminary_answer_says_when_an_answer_is_expected(nordvik):
    case, _ = _klage(nordvik)
    procedure = services.procedure_of(case)
    state = engine.evaluate(procedure, services.engine_events(case), TODAY())
    letter = render.compose(
        "acknowledgement", procedure=procedure, state=state, data={}, language="nb",
        facts={"reference": case.reference, "name": "Ola Nordmann", "title": case.title,
               "received_on": m.format_date(TODAY(), "nb")})
    text = " ".join(letter.text.split())
    assert letter.subject == f"Foreløpig svar på klagen din – sak {case.reference}"
    forwarding = m.format_date(state.deadline("forwarding").due, "nb")
    assert f"Vi regner med å ha vurdert klagen innen {forwarding}." in text
