"""A bundle outside the package for a real procedure: a Norwegian municipality's klage on an
individual decision under forvaltningsloven (examples/bundles/fjellby), read through
OMBUD_PROCEDURE_DIRS. The dates are the law's, counted by hand: three weeks from the day the
decision reached the party (fvl § 29), a period ending on a Saturday, Sunday or holiday runs out
the next working day (FJ-01, domstolloven § 149)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ombud.domain.simulate import simulate
from ombud.domain.timeline import TimelineError, parse_timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture(autouse=True)
def fjellby(monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))


def run(events: list[dict], as_of: str = "2027-01-31") -> dict:
    text = json.dumps({"procedure": "fjellby/klage", "as_of": as_of, "events": events})
    return simulate(parse_timeline(text, today=date(2027, 1, 31)))


def received(on: str, decision_on: str, **more) -> dict:
    return {"on": on, "type": "received", "channel": "letter", "decision_on": decision_on,
            **more}


def due(result: dict, key: str) -> str:
    return next(d["due"] for d in result["deadlines"] if d["key"] == key)


@pytest.mark.parametrize(("reached", "last_day"), [
    ("2026-03-02", "2026-03-23"),  # Monday + 21 days: a Monday
    ("2026-04-23", "2026-05-15"),  # 14 May is Kristi himmelfartsdag: Friday 15 May
    ("2026-05-04", "2026-05-26"),  # 25 May is 2. pinsedag: Tuesday 26 May
    ("2026-02-07", "2026-03-02"),  # Saturday 28 February: Monday 2 March
    ("2026-12-04", "2026-12-28"),  # 25, 26 December holidays, 27 a Sunday: Monday 28
])
def test_fvl_29_1_fj_01_three_weeks_from_when_the_decision_reached_the_party(reached, last_day):
    result = run([received(last_day, reached)])
    filing = result["deadlines"][0]
    assert (filing["key"], filing["due"], filing["status"]) == ("filing", last_day, "met")
    assert filing["owner"] == "filer"


def test_fvl_29_1_a_klage_a_day_late_is_late_and_may_be_dismissed_as_late():
    result = run([received("2026-05-27", "2026-05-04"),
                  {"on": "2026-06-01", "type": "declined", "ground": "late"}])
    assert result["deadlines"][0]["status"] == "missed"
    assert result["state"] == "declined" and result["refused"] == []


def test_fvl_33_2_a_klage_in_time_is_not_dismissed_as_late_and_the_answer_closes_it():
    result = run([received("2026-05-26", "2026-05-04"),
                  {"on": "2026-06-01", "type": "declined", "ground": "late"},
                  {"on": "2026-06-10", "type": "answered", "outcome": "upheld"}])
    assert [(r["type"], r["rule"]) for r in result["refused"]] == [("declined", "FVL-29-1")]
    assert result["state"] == "answered"


def test_fvl_11a_3_fj_02_a_preliminary_answer_within_a_month_unless_answered_before():
    late = run([received("2026-01-30", "2026-01-20")], as_of="2026-03-03")
    assert (due(late, "acknowledge"), late["deadlines"][1]["status"]) == ("2026-03-02", "missed")
    answered = run([received("2026-01-30", "2026-01-20"),
                    {"on": "2026-02-20", "type": "answered", "outcome": "not_upheld"}])
    assert answered["deadlines"][1]["status"] == "met"


def test_fvl_32_3_a_klage_lacking_something_gets_a_short_term_then_may_be_dismissed():
    result = run([received("2026-03-02", "2026-02-23"),
                  {"on": "2026-03-03", "type": "incomplete", "term_weeks": 2},
                  {"on": "2026-03-18", "type": "declined", "ground": "incomplete"}])
    assert due(result, "remedy") == "2026-03-17"
    assert result["state"] == "declined" and result["refused"] == []


def test_fvl_32_1_an_oral_klage_is_refused_a_klage_is_written():
    with pytest.raises(TimelineError):
        run([{"on": "2026-03-02", "type": "received", "channel": "oral"}])
    result = run([{"on": "2026-03-02", "type": "received", "channel": "oral",
                   "decision_on": "2026-02-23"}])
    assert result["refused"][0]["rule"] == "FVL-32-1"


def test_fvl_6_1_an_involved_officer_may_not_handle_the_klage():
    result = run([received("2026-03-02", "2026-02-23"),
                  {"on": "2026-03-03", "type": "assigned", "handler": "Kari", "involved": True}])
    assert [(r["type"], r["rule"]) for r in result["refused"]] == [("assigned", "FVL-6-1")]


def test_fvl_28_1_a_step_outside_the_procedure_is_refused():
    result = run([received("2026-03-02", "2026-02-23"),
                  {"on": "2026-03-03", "type": "hearing_invited"}])
    assert [(r["type"], r["rule"]) for r in result["refused"]] == [("hearing_invited",
                                                                    "FVL-28-1")]


def test_a_subject_the_bundle_declares_is_a_case_s_about_and_others_are_not():
    assert run([received("2026-03-02", "2026-02-23", about="social")])["refused"] == []
    with pytest.raises(TimelineError, match=r"events\[0\].about: 'sosial' is not one of"):
        run([received("2026-03-02", "2026-02-23", about="sosial")])
