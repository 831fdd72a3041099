"""Issue 13, point 2: a refusal names a period as the bundle names it. A klage on a dismissal
(fvl § 2(3)) that comes too late is refused with Fjellby's "klagefrist for avvisningsvedtaket",
never with Ombud's "anke" (a klage is not an anke); a bundle that names no such period keeps
Ombud's sentence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ombud.domain import engine
from ombud.domain.timeline import parse_timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture(autouse=True)
def bundles(monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))


def _late_klage_on_a_dismissal():
    """Received 28 May 2026, dismissed Monday 1 June; three weeks end Monday 22 June; the klage
    on the dismissal reaches the municipality Tuesday 23 June: a day late."""
    events = [{"on": "2026-05-28", "type": "received", "channel": "letter",
               "decision_on": "2026-05-04"},
              {"on": "2026-06-01", "type": "declined", "ground": "late"},
              {"on": "2026-06-23", "type": "appealed"}]
    timeline = parse_timeline(json.dumps({"procedure": "fjellby/klage", "as_of": "2026-06-30",
                                          "events": events}), today=date(2026, 6, 30))
    [refusal] = engine.evaluate(timeline.procedure, timeline.events, timeline.as_of).refused
    return refusal


def test_fvl_2_3_a_late_klage_on_a_dismissal_is_refused_in_the_bundle_s_words():
    refusal = _late_klage_on_a_dismissal()
    assert refusal.rule == "FVL-29-1"
    assert refusal.reason("nb") == "klagefrist for avvisningsvedtaket gikk ut 22.06.2026"
    assert "anke" not in refusal.reason("nb")
    assert refusal.reason("nl") == ("de beroepstermijn tegen de niet-ontvankelijkverklaring is "
                                    "op 22-06-2026 verstreken")
    assert refusal.reason("en") == ("the period to appeal against the dismissal ended on "
                                    "2026-06-22")


def test_fvl_2_3_without_the_bundle_s_name_ombud_s_sentence_stands(monkeypatch):
    from ombud.domain import refusals

    monkeypatch.setattr(refusals, "word", lambda *args, **kwargs: None)
    assert _late_klage_on_a_dismissal().reason("nb") == "fristen for å anke gikk ut 22.06.2026"
