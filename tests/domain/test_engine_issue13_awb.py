"""Issue 13, item 3, under the Algemene wet bestuursrecht: the objection term and the posting
date (Awb 6:7, 6:8, 6:9), the decision term chosen per case (Awb 7:10: six weeks, twelve with an
advisory committee, 7:13), a remedy term in days or weeks (Awb 6:6), the court appeal against an
inadmissibility decision (Awb 8:1, 6:7) and the hearer's impartiality alone (Awb 7:5).

Every date below was counted by hand. Atw days that matter (X-04): 2027: Fri 1 January, Good
Friday 26 March, Easter Monday 29 March, Koningsdag Tue 27 April, Wed 5 May, Ascension Thu 6 May,
Fri 7 May (equated by decree), Whit Monday 17 May. Six weeks = 42 days from the day after
(X-01, Awb 6:8); a period ending on a weekend or Atw day ends on the next working day (Atw art. 1).
"""

from datetime import date

import pytest
from issue13_procedures import AWB, issue13_rules, load, run  # noqa: F401 (a fixture)
from timeline_helpers import SKIP_HEARING, deadline, due_status_met, ev, received
from timeline_helpers import run as run_bundled

from ombud.domain.engine import Actor, Event, evaluate

pytestmark = pytest.mark.usefixtures("issue13_rules")


@pytest.fixture
def bezwaar():
    return load(AWB)


FILING = [
    # Wed 24 Mar + 42 = Wed 5 May (Atw), Thu 6 May Ascension, Fri 7 May equated -> Mon 10 May
    ("2027-03-24", "2027-05-10"),
    # Tue 22 Dec 2026 + 42 = Tue 2 Feb 2027, a working day
    ("2026-12-22", "2027-02-02"),
    # Tue 16 Mar + 42 = Tue 27 Apr Koningsdag -> Wed 28 Apr
    ("2027-03-16", "2027-04-28"),
    # Fri 12 Feb + 42 = Fri 26 Mar Good Friday, weekend, Easter Monday 29 -> Tue 30 Mar
    ("2027-02-12", "2027-03-30"),
]


@pytest.mark.parametrize(("decided", "due"), FILING)
def test_awb_6_7_six_weeks_from_the_day_after_the_decision_was_sent(bezwaar, decided, due):
    output = run(bezwaar, [received(due, decision_on=decided)], as_of=due)
    assert due_status_met(output, "filing") == (due, "met", due)


# posted, received, status (objection term ends Mon 10 May 2027, see above)
POSTED = [
    ("2027-05-10", "2027-05-14", "met", "within 7 days after it: in time (AWB-6:9)"),
    ("2027-05-07", "2027-05-17", "met", "within 7 days after it: in time (AWB-6:9)"),
    ("2027-05-07", "2027-05-18", "missed", "more than 7 days after the end of the term: late"),
    ("2027-05-11", "2027-05-12", "missed", "posted on 2027-05-11, after the end of the term"),
    (None, "2027-05-11", "missed", None),
]


@pytest.mark.parametrize(("posted", "on", "status", "words"), POSTED)
def test_awb_6_9_posted_before_the_end_and_received_within_a_week(bezwaar, posted, on, status,
                                                                 words):
    first = received(on, decision_on="2027-03-24")
    if posted:
        first["posted_on"] = posted
    output = run(bezwaar, [first], as_of="2027-06-01")
    filing = deadline(output, "filing")
    assert (filing["due"], filing["status"], filing["met_on"]) == ("2027-05-10", status, on)
    assert filing.get("posted_on") is None  # the output's keys stay those of SIMULATE.md
    if words:
        assert words in filing["basis"]
    # in time by the post: the answer runs from the end of the term as usual (7:10)
    assert deadline(output, "answer")["due"] == "2027-06-21"  # Mon 10 May + 42 = Mon 21 Jun


JAN = received("2027-01-20", decision_on="2026-12-22")  # objection term ends Tue 2 Feb

# events after receipt, answer due by hand, whether the committee's variant applies
ANSWER = [
    # Tue 2 Feb + 42 = Tue 16 Mar
    ([], "2027-03-16", False),
    # with a committee from receipt: 2 Feb + 84 = Tue 27 Apr Koningsdag -> Wed 28 Apr
    (None, "2027-04-28", True),
    # the committee is set up on Sat 20 Feb, while six weeks still run: twelve weeks
    ([ev("2027-02-20", "assigned", handler="C", advisory_committee=True)], "2027-04-28", True),
    # set up only on 17 Mar, after the six weeks ran out: the missed deadline is not revived
    ([ev("2027-03-17", "assigned", handler="C", advisory_committee=True)], "2027-03-16", False),
    # a committee and the extension of 7:10(3) on 1 Apr: Tue 27 Apr + 42 = Tue 8 Jun
    (None, "2027-06-08", True),
]


@pytest.mark.parametrize(("later", "due", "varied"), ANSWER)
def test_awb_7_10_six_weeks_or_twelve_with_an_advisory_committee(bezwaar, later, due, varied):
    first = dict(JAN)
    if later is None:  # the committee is known on receipt
        first["advisory_committee"] = True
        later = [ev("2027-04-01", "extended", weeks=6)] if due == "2027-06-08" else []
    output = run(bezwaar, [first, *later], as_of="2027-04-01")
    answer = deadline(output, "answer")
    assert answer["due"] == due
    assert output["refused"] == []
    committee = "with an advisory committee: this length instead of 6 weeks, since"
    assert (committee in answer["basis"]) is varied
    assert answer["basis"].startswith(f"{12 if varied else 6} weeks after the end of the filing "
                                      "window on 2027-02-02")


def test_awb_7_10_the_flag_must_be_true_or_false(bezwaar):
    from ombud.domain.timeline import TimelineError

    with pytest.raises(TimelineError, match=r"events\[0\]\.advisory_committee: expected true"):
        run(bezwaar, [{**JAN, "advisory_committee": "yes"}], as_of="2027-03-01")


# the request on, its term, due by hand
REMEDY = [
    ("2027-03-01", {"term_days": 10}, "2027-03-11"),  # Mon 1 Mar + 10 days = Thu 11 Mar
    ("2027-03-01", {"term_weeks": 2}, "2027-03-15"),  # + 14 days = Mon 15 Mar
    ("2027-03-01", {}, "2027-03-15"),  # no term given: the file's two weeks
    ("2027-04-30", {"term_days": 5}, "2027-05-10"),  # Fri 30 Apr + 5 = Wed 5 May -> Mon 10 May
    ("2027-04-22", {"term_days": 5}, "2027-04-28"),  # Thu 22 Apr + 5 = Tue 27 Apr -> Wed 28 Apr
]


@pytest.mark.parametrize(("on", "term", "due"), REMEDY)
def test_awb_6_6_a_remedy_term_in_days_or_weeks(bezwaar, on, term, due):
    output = run(bezwaar, [JAN, ev(on, "incomplete", **term)], as_of=on)
    remedy = deadline(output, "remedy")
    assert (remedy["due"], remedy["status"]) == (due, "open")
    unit = "days" if "term_days" in term else "weeks"
    assert remedy["basis"].startswith(f"{term.get('term_days') or term.get('term_weeks') or 2} "
                                      f"{unit} after the request to remedy an omission")


def test_awb_6_6_both_units_at_once_is_an_input_error(bezwaar):
    from ombud.domain.timeline import TimelineError

    with pytest.raises(TimelineError, match=r"events\[1\]: give either \"term_weeks\" or"):
        run(bezwaar, [JAN, ev("2027-03-01", "incomplete", term_days=5, term_weeks=1)],
            as_of="2027-03-01")


LATE = received("2027-03-01", decision_on="2027-01-04")  # Mon 4 Jan + 42 = Mon 15 Feb: late

# declined on, court appeal (on, posted), due by hand, status
COURT = [
    ("2027-03-10", ("2027-04-20", None), "2027-04-21", "met"),  # Wed 10 Mar + 42 = Wed 21 Apr
    ("2027-03-10", ("2027-04-22", None), "2027-04-21", "missed"),
    # Wed 24 Mar + 42 = Wed 5 May -> Mon 10 May; posted that day, received Wed 12 May (6:9)
    ("2027-03-24", ("2027-05-12", "2027-05-10"), "2027-05-10", "met"),
    ("2027-03-16", ("2027-04-28", None), "2027-04-28", "met"),  # Tue 27 Apr -> Wed 28 Apr
]


@pytest.mark.parametrize(("declined", "appeal", "due", "status"), COURT)
def test_awb_8_1_court_appeal_against_an_inadmissibility_decision(bezwaar, declined, appeal,
                                                                  due, status):
    court = ev(appeal[0], "court_appealed")
    if appeal[1]:
        court["posted_on"] = appeal[1]
    output = run(bezwaar, [LATE, ev(declined, "declined", ground="late"), court],
                 as_of="2027-06-01")
    assert output["refused"] == []
    assert output["state"] == "declined"
    found = deadline(output, "court_appeal")
    assert (found["due"], found["status"], found["met_on"]) == (due, status, appeal[0])
    assert found["basis"].startswith(f"6 weeks after the decision to decline on {declined}")


def test_awb_8_1_the_court_appeal_after_the_decision_on_the_objection_still_runs(bezwaar):
    output = run(bezwaar, [JAN, ev("2027-03-10", "answered", **SKIP_HEARING)], as_of="2027-03-10")
    assert deadline(output, "court_appeal")["due"] == "2027-04-21"  # Wed 10 Mar + 42


def test_awb_8_1_court_decided_follows_a_court_appeal_on_a_dismissal(bezwaar):
    output = run(bezwaar, [LATE, ev("2027-03-10", "declined", ground="late"),
                           ev("2027-04-20", "court_appealed"), ev("2027-09-01", "court_decided")],
                 as_of="2027-09-01")
    assert output["refused"] == [] and output["state"] == "declined"


def test_dnv_r_01_without_the_key_no_court_appeal_after_a_dismissal():
    """The bundled DNV objection keeps its behaviour: the court after the decision only."""
    output = run_bundled("dnv/objection", [
        received("2026-10-01", decision_on="2026-08-03"),
        ev("2026-10-05", "declined", ground="late"), ev("2026-10-06", "court_appealed")],
        as_of="2026-10-06")
    assert [(r["index"], r["rule"]) for r in output["refused"]] == [(2, "DNV-B-22")]
    assert "court_appeal" not in [d["key"] for d in output["deadlines"]]


def _impartiality(procedure, event: Event, actor: Actor | None = None):
    first = Event(date(2027, 1, 20), "received",
                  {"channel": "letter", "decision_on": date(2026, 12, 22)})
    invited = Event(date(2027, 1, 25), "hearing_invited")
    state = evaluate(procedure, [first, invited, event], date(2027, 2, 1), actor=actor)
    return [(r.rule, r.code) for r in state.refused]


ROLES = [
    # who, what, refused under Awb 7:5 (hearer only)
    (None, Event(date(2027, 2, 1), "assigned", {"handler": "A", "involved": True}), []),
    (None, Event(date(2027, 2, 1), "hearing_held", {"involved": True}),
     [("AWB-7:5", "involved_hearer")]),
    (None, Event(date(2027, 2, 1), "hearing_held", {"involved": False}), []),
    (Actor("5", involved=True), Event(date(2027, 2, 1), "hearing_held"),
     [("AWB-7:5", "actor_involved")]),
    (Actor("5", involved=True), Event(date(2027, 2, 1), "answered", {"outcome": "upheld",
                                                                     "hearing_skipped":
                                                                     "fully_granted"}), []),
]


@pytest.mark.parametrize(("actor", "event", "refused"), ROLES)
def test_awb_7_5_only_the_hearer_must_not_have_been_involved(bezwaar, actor, event, refused):
    assert _impartiality(bezwaar, event, actor) == refused


def test_awb_7_5_all_roles_when_the_file_names_none(bezwaar):
    """Without ``roles`` an involved person takes none of the three (the bundled files)."""
    every = load(AWB, ('roles = ["hearer"]', ""))
    assigned = Event(date(2027, 2, 1), "assigned", {"handler": "A", "involved": True})
    assert _impartiality(every, assigned) == [("AWB-7:5", "involved_handler")]
    answered = Event(date(2027, 2, 1), "answered", {"outcome": "upheld",
                                                     "hearing_skipped": "fully_granted"})
    assert _impartiality(every, answered, Actor("5", involved=True)) == [
        ("AWB-7:5", "actor_involved")]


def test_a_variant_chosen_by_a_step_rather_than_a_flag():
    """``when = "event:<type>"``: the variant applies once that step was recorded. The
    committee is here stood in for by the hearing invitation, only to show the mechanism."""
    by_step = load(AWB, ('when = "advisory_committee"', 'when = "event:hearing_invited"'))
    assert by_step.case_flags == ()
    plain = run(by_step, [JAN], as_of="2027-02-01")
    assert deadline(plain, "answer")["due"] == "2027-03-16"
    invited = run(by_step, [JAN, ev("2027-02-01", "hearing_invited")], as_of="2027-02-01")
    answer = deadline(invited, "answer")
    assert answer["due"] == "2027-04-28"  # twelve weeks, see ANSWER
    assert ("with an advisory committee: this length instead of 6 weeks, since 2027-02-01 "
            "(AWB-7:13)") in answer["basis"]


def test_awb_6_6_a_deadline_shown_as_it_falls_in_a_file_that_rounds():
    """The other direction of a per-deadline ``end_of_period``: one deadline as it falls while
    the file rounds every other to the next working day (the mechanism; whether the Atw reaches
    a term the organ sets is the author's reading)."""
    from ombud.domain.explain import explain

    as_falls = load(AWB, ('amount_from = "term"', 'amount_from = "term"\n'
                                                  'end_of_period = "as_falls"'))
    output = run(as_falls, [JAN, ev("2027-04-30", "incomplete", term_days=5)], as_of="2027-04-30")
    assert deadline(output, "remedy")["due"] == "2027-05-05"  # Fri 30 Apr + 5, not moved
    assert deadline(output, "filing")["due"] == "2027-02-02"
    assert "Remedy of an omission (AWB-6:6): 2 weeks after the request to remedy an omission; " \
           "or the term set in the request, in days or weeks; the filer's term; shown as it " \
           "falls (AWB-6:6)" in explain(as_falls, "en")
