"""A bundle outside the package for a real procedure: a Norwegian municipality's klage on an
individual decision under forvaltningsloven (examples/bundles/fjellby), read through
OMBUD_PROCEDURE_DIRS. The dates are the law's, counted by hand: three weeks from the day the
decision reached the party (fvl § 29), a period of the party's ending on a Saturday, Sunday,
holiday, julaften or nyttårsaften runs out the next working day (FJ-01, domstolloven §§ 148-149),
the municipality's own targets fall as they fall (X-03). Holidays used below: 2. pinsedag Mon 25
May 2026, Kristi himmelfartsdag Thu 14 May 2026, 1. and 2. juledag Fri 25 and Sat 26 Dec 2026,
1. nyttårsdag Fri 1 Jan 2027; julaften Thu 24 Dec and nyttårsaften Thu 31 Dec 2026."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ombud.domain import engine
from ombud.domain.loader import find_procedure
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
    ("2026-12-03", "2026-12-28"),  # Thu 24 Dec julaften, then 25, 26, Sun 27: Monday 28
    ("2026-12-10", "2027-01-04"),  # Thu 31 Dec nyttårsaften, Fri 1 Jan, Sat, Sun: Monday 4 Jan
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
    """Received Fri 30 Jan 2026: one month is 30 February, which does not exist, so the last
    day of February, Sat 28 Feb; the municipality's own target is not moved (X-03)."""
    late = run([received("2026-01-30", "2026-01-20")], as_of="2026-03-03")
    assert (due(late, "acknowledge"), late["deadlines"][1]["status"]) == ("2026-02-28", "missed")
    for step in ({"type": "answered", "outcome": "upheld"}, {"type": "forwarded"}):
        done = run([received("2026-01-30", "2026-01-20"), {"on": "2026-02-20", **step}])
        assert done["deadlines"][1]["status"] == "met", step


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


def status(result: dict, key: str) -> tuple[str, str, str | None]:
    found = next(d for d in result["deadlines"] if d["key"] == key)
    return found["due"], found["status"], found["met_on"]


def test_fvl_30_1_a_klage_posted_on_the_last_day_is_in_time_though_received_later():
    """Reached Mon 4 May 2026; three weeks is Mon 25 May, 2. pinsedag, so Tue 26 May (FJ-01).
    Posted Tue 26 May and received Thu 28 May: in time, and not dismissed as late. Posted Wed
    27 May: late, and may be dismissed."""
    posted = run([received("2026-05-28", "2026-05-04", posted_on="2026-05-26"),
                  {"on": "2026-06-01", "type": "declined", "ground": "late"}])
    assert status(posted, "filing") == ("2026-05-26", "met", "2026-05-28")
    assert "posted on 2026-05-26" in posted["deadlines"][0]["basis"]
    assert [(r["type"], r["rule"]) for r in posted["refused"]] == [("declined", "FVL-29-1")]
    late = run([received("2026-05-28", "2026-05-04", posted_on="2026-05-27"),
                {"on": "2026-06-01", "type": "declined", "ground": "late"}])
    assert status(late, "filing")[1] == "missed"
    assert late["refused"] == [] and late["state"] == "declined"


def test_fvl_2_3_a_dismissal_may_itself_be_appealed_within_three_weeks():
    """Dismissed as late on Mon 1 Jun 2026: three weeks to Mon 22 Jun. A klage posted Mon 22 Jun
    and received Wed 24 Jun is in time (FVL-30-1); one received Tue 23 Jun without a posting
    date is refused."""
    dismissed = [received("2026-05-27", "2026-05-04"),
                 {"on": "2026-06-01", "type": "declined", "ground": "late"}]
    open_ = run(dismissed, as_of="2026-06-10")
    assert status(open_, "appeal") == ("2026-06-22", "open", None)
    assert "appealed" in open_["allowed"]
    posted = run([*dismissed, {"on": "2026-06-24", "type": "appealed", "posted_on": "2026-06-22"}])
    assert posted["state"] == "appealed" and posted["refused"] == []
    assert status(posted, "appeal") == ("2026-06-22", "met", "2026-06-24")
    late = run([*dismissed, {"on": "2026-06-23", "type": "appealed"}])
    assert [(r["type"], r["rule"]) for r in late["refused"]] == [("appealed", "FVL-29-1")]


def test_fvl_2_3_fj_01_the_klage_on_a_dismissal_ending_on_julaften_runs_to_monday():
    """Dismissed Thu 3 Dec 2026: three weeks is Thu 24 Dec, julaften; 25 and 26 December are
    holidays and the 27th a Sunday: Mon 28 Dec (domstolloven §§ 148-149)."""
    result = run([received("2026-11-30", "2026-11-02"),
                  {"on": "2026-12-03", "type": "declined", "ground": "late"}], as_of="2026-12-04")
    assert status(result, "appeal") == ("2026-12-28", "open", None)


# received, forwarded, forwarding due (received + 6 weeks, FJ-03), its status,
# the appeal body's decision expected (forwarded + 3 months, FJ-04, as it falls)
@pytest.mark.parametrize(("on", "forwarded", "forward_due", "forward_status", "decision_due"), [
    # Mon 2 Mar + 6 weeks = Mon 13 Apr; forwarded Tue 7 Apr after Easter; + 3 months = Tue 7 Jul
    ("2026-03-02", "2026-04-07", "2026-04-13", "met", "2026-07-07"),
    # Fri 6 Nov + 6 weeks = Fri 18 Dec; forwarded Mon 21 Dec: late; + 3 months = Sun 21 Mar 2027
    ("2026-11-06", "2026-12-21", "2026-12-18", "missed", "2027-03-21"),
])
def test_fvl_33_4_fj_03_fj_04_forwarding_opens_the_appeal_body_s_deadline(
        on, forwarded, forward_due, forward_status, decision_due):
    before = run([received(on, "2026-02-23" if on < "2026-06-01" else "2026-10-26"),
                  {"on": forwarded, "type": "forwarded"}], as_of=forwarded)
    assert before["state"] == "forwarded"
    assert status(before, "forwarding") == (forward_due, forward_status, forwarded)
    assert status(before, "appeal_answer") == (decision_due, "open", None)
    assert "forwarded" not in before["allowed"] and "appealed" not in before["allowed"]


def test_fvl_33_4_the_first_instance_grants_the_klage_or_forwards_it_never_rejects_it():
    first = received("2026-03-02", "2026-02-23")
    rejected = run([first, {"on": "2026-03-20", "type": "answered", "outcome": "not_upheld"}])
    assert [(r["type"], r["rule"]) for r in rejected["refused"]] == [("answered", "FVL-33-4")]
    assert rejected["state"] == "open"
    granted = run([first, {"on": "2026-03-20", "type": "answered", "outcome": "upheld"},
                   {"on": "2026-03-23", "type": "forwarded"}])
    assert granted["state"] == "answered"  # granted in full: the case is closed (FVL-33-2)
    assert [(r["type"], r["rule"]) for r in granted["refused"]] == [("forwarded", "FVL-33-2")]
    decided = run([first, {"on": "2026-04-07", "type": "forwarded"},
                   {"on": "2026-06-30", "type": "answered", "outcome": "not_upheld"}])
    assert decided["state"] == "answered" and decided["refused"] == []
    assert status(decided, "appeal_answer") == ("2026-07-07", "met", "2026-06-30")


def test_fvl_2_3_fvl_33_4_a_klage_on_a_dismissal_goes_up_the_same_way():
    """Dismissed Mon 1 Jun 2026, klage on it Mon 15 Jun, forwarded Tue 16 Jun: the appeal body's
    decision is expected by Wed 16 Sep 2026."""
    result = run([received("2026-05-27", "2026-05-04"),
                  {"on": "2026-06-01", "type": "declined", "ground": "late"},
                  {"on": "2026-06-15", "type": "appealed"},
                  {"on": "2026-06-16", "type": "forwarded"},
                  {"on": "2026-09-01", "type": "answered", "outcome": "not_upheld"}])
    assert result["refused"] == [] and result["state"] == "answered"
    assert status(result, "appeal_answer") == ("2026-09-16", "met", "2026-09-01")


def test_fvl_33_4_fvl_2_3_only_a_dismissal_invites_an_appeal_never_the_first_instance():
    """The engine's ``invites_appeal``, which the letters follow: never while the case is before
    the first instance or the appeal body, nor on the appeal body's decision; only after a
    dismissal (FVL-2-3), until its period ran out."""
    klage = find_procedure("fjellby/klage", on=date(2026, 3, 2))
    first = engine.Event(date(2026, 3, 2), "received",
                         {"channel": "letter", "decision_on": date(2026, 2, 23)})
    forwarded = engine.Event(date(2026, 4, 7), "forwarded")
    decided = engine.Event(date(2026, 6, 30), "answered", {"outcome": "not_upheld"})
    for events, day in (([first], date(2026, 3, 2)), ([first, forwarded], date(2026, 4, 7)),
                        ([first, forwarded, decided], date(2026, 6, 30))):
        state = engine.evaluate(klage, events, day)
        assert state.forwarding and not state.invites_appeal, events[-1].type
    # reached Mon 2 Feb, due Mon 23 Feb, received Mon 2 Mar: late, dismissed Mon 9 Mar
    late = engine.Event(date(2026, 3, 2), "received",
                        {"channel": "letter", "decision_on": date(2026, 2, 2)})
    dismissed = [late, engine.Event(date(2026, 3, 9), "declined", {"ground": "late"})]
    assert engine.evaluate(klage, dismissed, date(2026, 3, 9)).invites_appeal
    # 9 Mar + 3 weeks = Mon 30 Mar: on Tue 31 Mar nothing is left to invite
    assert not engine.evaluate(klage, dismissed, date(2026, 3, 31)).invites_appeal


def test_fj_01_julaften_and_nyttarsaften_end_no_period_of_the_party_but_are_working_days():
    """The municipality's calendar (NO) keeps 24 and 31 December as working days: they are no
    public holidays (helligdagsloven). Only the calendar of the party's periods counted as
    domstolloven §§ 148-149 count them (NO-DL) moves a period ending on them."""
    from ombud.domain.calendars import calendar_by_code

    norway, courts = calendar_by_code("NO"), calendar_by_code("NO-DL")
    for eve in (date(2026, 12, 24), date(2026, 12, 31)):  # both Thursdays
        assert norway.is_working_day(eve) and not courts.is_working_day(eve)
    assert courts.holiday(date(2026, 12, 24)).name("nb") == "Julaften"
    assert courts.is_working_day(date(2026, 12, 23)) and courts.is_working_day(date(2026, 12, 30))
    assert not courts.is_working_day(date(2026, 12, 25))  # 1. juledag, as in NO
