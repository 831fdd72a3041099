"""A bundle outside the package for a real Dutch procedure: the municipality of Waterdal's
bezwaar under the Algemene wet bestuursrecht (examples/bundles/waterdal), read through
OMBUD_PROCEDURE_DIRS, with the dates the law gives, counted by hand.

The count (Awb 6:7, 6:8): six weeks, starting the day after the decision was sent, so the last
day is the sending day + 42 days. A period ending on a Saturday, Sunday or general holiday runs to
the next day that is none of these (ATW-1). The Atw days of 2026 (ATW-3): Thu 1 Jan, Fri 2 Jan
(equated by decree), Good Friday 3 Apr, Easter Monday 6 Apr, King's Day Mon 27 Apr, Tue 5 May
(every year), Ascension Thu 14 May, Fri 15 May (equated), Whit Monday 25 May, Christmas Fri 25
and Sat 26 Dec; of 2027: Fri 1 Jan.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ombud.domain.simulate import simulate
from ombud.domain.timeline import parse_timeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundles"


@pytest.fixture(autouse=True)
def waterdal(monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(EXAMPLES))


def run(events: list[dict], as_of: str = "2027-01-31") -> dict:
    text = json.dumps({"procedure": "waterdal/bezwaar", "as_of": as_of, "events": events})
    return simulate(parse_timeline(text, today=date(2027, 1, 31)))


def received(on: str, sent: str, **more) -> dict:
    return {"on": on, "type": "received", "channel": "letter", "decision_on": sent, **more}


def ev(on: str, kind: str, **more) -> dict:
    return {"on": on, "type": kind, **more}


def deadline(result: dict, key: str) -> dict:
    return next(d for d in result["deadlines"] if d["key"] == key)


SKIP = {"hearing_skipped": "manifestly_unfounded"}

# the decision sent on, the last day to object
FILING = [
    ("2026-03-02", "2026-04-13"),  # Mon 2 Mar + 42 = Mon 13 Apr, a working day
    ("2026-02-20", "2026-04-07"),  # Fri 3 Apr Good Friday, weekend, Easter Monday: Tue 7 Apr
    ("2026-03-16", "2026-04-28"),  # Mon 27 Apr King's Day: Tue 28 Apr
    ("2026-03-24", "2026-05-06"),  # Tue 5 May, an Atw day every year (not only each fifth): Wed
    ("2026-04-02", "2026-05-18"),  # Thu 14 May Ascension, Fri 15 equated, weekend: Mon 18 May
    ("2026-04-13", "2026-05-26"),  # Mon 25 May Whit Monday: Tue 26 May
    ("2026-11-13", "2026-12-28"),  # Fri 25 Dec, Sat 26 Dec, Sun 27: Mon 28 Dec
    ("2026-11-20", "2027-01-04"),  # Fri 1 Jan 2027 New Year's Day, weekend: Mon 4 Jan
]


@pytest.mark.parametrize(("sent", "last_day"), FILING)
def test_awb_6_7_awb_6_8_atw_1_atw_3_six_weeks_from_the_day_after_the_decision_was_sent(
        sent, last_day):
    result = run([received(last_day, sent)])
    filing = deadline(result, "filing")
    assert (filing["due"], filing["status"], filing["owner"]) == (last_day, "met", "filer")


def test_awb_6_7_a_day_late_is_late_and_may_be_declared_inadmissible():
    """Mon 13 Apr is the last day; received Tue 14 Apr."""
    result = run([received("2026-04-14", "2026-03-02"), ev("2026-04-20", "declined",
                                                           ground="late")])
    assert deadline(result, "filing")["status"] == "missed"
    assert result["state"] == "declined" and result["refused"] == []


def test_awb_6_7_a_notice_in_time_is_not_declared_inadmissible_as_late():
    result = run([received("2026-04-13", "2026-03-02"),
                  ev("2026-04-20", "declined", ground="late")])
    assert [(r["type"], r["rule"]) for r in result["refused"]] == [("declined", "AWB-6:7")]


# the period to object ends Tue 7 Apr 2026 (sent Fri 20 Feb, see FILING): posted, received, status
POSTED = [
    ("2026-04-07", "2026-04-14", "met"),  # posted the last day, received a week after: in time
    ("2026-04-06", "2026-04-15", "missed"),  # received eight days after the end: late
    ("2026-04-08", "2026-04-09", "missed"),  # posted a day after the end
]


@pytest.mark.parametrize(("posted", "on", "status"), POSTED)
def test_awb_6_9_posted_before_the_end_and_received_within_a_week(posted, on, status):
    result = run([received(on, "2026-02-20", posted_on=posted)])
    filing = deadline(result, "filing")
    assert (filing["due"], filing["status"], filing["met_on"]) == ("2026-04-07", status, on)


# The decision sent Wed 4 Feb 2026: the period to object ends Wed 18 Mar.
FEB = received("2026-03-10", "2026-02-04")

# events after receipt, the last day to decide
ANSWER = [
    ([], "2026-04-29"),  # Wed 18 Mar + 42 = Wed 29 Apr
    ([ev("2026-04-01", "extended", weeks=6)], "2026-06-10"),  # 7:10(3): + 42 = Wed 10 Jun
    ([ev("2026-03-12", "assigned", handler="C", advisory_committee=True)], "2026-06-10"),
    # 18 Mar + 84 = Wed 10 Jun with a committee (7:13); and deferred: + 42 = Wed 22 Jul
    ([ev("2026-03-12", "assigned", handler="C", advisory_committee=True),
      ev("2026-06-01", "extended", weeks=6)], "2026-07-22"),
    # 7:10(2): asked to remedy Mon 23 Mar, remedied Fri 27 Mar: four days stand still,
    # Wed 29 Apr + 4 = Sun 3 May: Mon 4 May
    ([ev("2026-03-23", "incomplete", term_weeks=2), ev("2026-03-27", "remedied")],
     "2026-05-04"),
]


@pytest.mark.parametrize(("later", "due"), ANSWER)
def test_awb_7_10_awb_7_13_six_weeks_after_the_period_to_object_or_twelve_with_a_committee(
        later, due):
    result = run([FEB, *later], as_of="2026-06-01")
    assert result["refused"] == []
    assert deadline(result, "answer")["due"] == due


def test_awb_7_10_a_second_deferral_needs_consent():
    result = run([FEB, ev("2026-04-01", "extended", weeks=6),
                  ev("2026-05-01", "extended", weeks=2)], as_of="2026-05-01")
    assert [r["rule"] for r in result["refused"]] == ["AWB-7:10"]


# the request on, its term, the last day to remedy (AWB-6:6, WD-03)
REMEDY = [
    ("2026-04-20", {"term_weeks": 2}, "2026-05-04"),  # Mon 20 Apr + 14 = Mon 4 May
    ("2026-04-21", {"term_days": 14}, "2026-05-06"),  # Tue 21 Apr + 14 = Tue 5 May: Wed 6 May
    ("2026-04-21", {}, "2026-05-06"),  # no term given: the file's two weeks
    ("2026-04-20", {"term_days": 10}, "2026-04-30"),  # Mon 20 Apr + 10 = Thu 30 Apr
]


@pytest.mark.parametrize(("on", "term", "due"), REMEDY)
def test_awb_6_6_wd_03_a_period_to_remedy_in_days_or_weeks(on, term, due):
    result = run([received("2026-04-10", "2026-03-02"), ev(on, "incomplete", **term)],
                 as_of=on)
    assert deadline(result, "remedy")["due"] == due


def test_awb_6_6_not_remedied_in_time_may_be_declared_inadmissible_not_before():
    early = run([received("2026-04-10", "2026-03-02"), ev("2026-04-20", "incomplete"),
                 ev("2026-04-30", "declined", ground="incomplete")], as_of="2026-05-05")
    assert [r["rule"] for r in early["refused"]] == ["AWB-6:6"]
    after = run([received("2026-04-10", "2026-03-02"), ev("2026-04-20", "incomplete"),
                 ev("2026-05-05", "declined", ground="incomplete")], as_of="2026-05-05")
    assert after["refused"] == [] and after["state"] == "declined"


@pytest.mark.parametrize(("invited", "due"), [
    ("2026-04-20", "2026-05-04"),  # Mon 20 Apr + 14 = Mon 4 May
    ("2026-04-21", "2026-05-06"),  # Tue 21 Apr + 14 = Tue 5 May: Wed 6 May
])
def test_awb_7_3_two_weeks_to_say_whether_to_be_heard(invited, due):
    result = run([received("2026-04-10", "2026-03-02"),
                  ev(invited, "hearing_invited", hearing_on="2026-05-20")], as_of=invited)
    assert deadline(result, "hearing_reply")["due"] == due


def test_awb_7_2_no_decision_before_the_objector_was_offered_a_hearing():
    result = run([received("2026-04-10", "2026-03-02"),
                  ev("2026-04-20", "answered", outcome="not_upheld")], as_of="2026-04-20")
    assert [r["rule"] for r in result["refused"]] == ["AWB-7:2"]
    skipped = run([received("2026-04-10", "2026-03-02"),
                   ev("2026-04-20", "answered", outcome="not_upheld", **SKIP)],
                  as_of="2026-04-20")
    assert skipped["refused"] == []


def test_awb_7_4_a_hearing_less_than_a_week_after_the_invitation_is_refused():
    result = run([received("2026-04-10", "2026-03-02"),
                  ev("2026-04-20", "hearing_invited", hearing_on="2026-04-24")],
                 as_of="2026-04-20")
    assert [r["rule"] for r in result["refused"]] == ["AWB-7:4"]


@pytest.mark.parametrize(("event", "refused"), [
    (ev("2026-04-20", "assigned", handler="A", involved=True), []),
    (ev("2026-05-20", "hearing_held", involved=True), ["AWB-7:5"]),
    (ev("2026-05-20", "hearing_held", involved=False), []),
])
def test_awb_7_5_only_the_hearer_must_not_have_prepared_the_decision(event, refused):
    result = run([received("2026-04-10", "2026-03-02"),
                  ev("2026-04-15", "hearing_invited", hearing_on="2026-05-20"), event],
                 as_of="2026-05-20")
    assert [r["rule"] for r in result["refused"]] == refused


# the decision on the objection (or declaring it inadmissible), the last day to go to court
COURT = [
    ("answered", "2026-06-12", "2026-07-24"),  # Fri 12 Jun + 42 = Fri 24 Jul
    ("declined", "2026-04-02", "2026-05-18"),  # Thu 2 Apr + 42 = Thu 14 May Ascension: Mon 18
]


@pytest.mark.parametrize(("kind", "on", "due"), COURT)
def test_awb_8_1_six_weeks_to_go_to_court_also_against_inadmissibility(kind, on, due):
    late = received("2026-03-20", "2026-01-05")  # Mon 5 Jan + 42 = Mon 16 Feb: late
    in_time = received("2026-04-13", "2026-03-02")
    decision = ev(on, kind, **({"ground": "late"} if kind == "declined"
                              else {"outcome": "not_upheld", **SKIP}))
    result = run([late if kind == "declined" else in_time, decision], as_of=on)
    assert result["refused"] == []
    court = deadline(result, "court_appeal")
    assert (court["due"], court["status"]) == (due, "open")


def test_awb_7_1_awb_7_12_the_decision_on_the_objection_closes_it_nothing_outside_follows():
    result = run([received("2026-04-13", "2026-03-02"),
                  ev("2026-04-20", "answered", outcome="upheld", hearing_skipped="fully_granted"),
                  ev("2026-04-21", "appealed"), ev("2026-04-21", "payment_received")],
                 as_of="2026-04-21")
    assert result["state"] == "answered"
    # no appeal within the municipality (only to the court, 8:1); no step outside the procedure
    assert [r["rule"] for r in result["refused"]] == ["AWB-8:1", "AWB-7:1"]


def test_awb_6_4_a_notice_of_objection_is_in_writing_not_oral():
    result = run([{"on": "2026-04-13", "type": "received", "channel": "oral",
                   "decision_on": "2026-03-02"}], as_of="2026-04-13")
    assert [r["rule"] for r in result["refused"]] == ["AWB-6:4"]


def test_awb_7_3_the_decision_is_offered_before_a_hearing_for_it_may_be_skipped():
    """Staff see the decision among the next steps at once: the engine offers ``answered``
    where a ground of 7:3 allows it without a hearing (the form asks which)."""
    result = run([received("2026-04-13", "2026-03-02")], as_of="2026-04-14")
    assert "answered" in result["allowed"]
