"""Issue 13, item 3, under the forvaltningsloven: a klage's time limit that ends on a weekend or
holiday (domstolloven § 148 via fvl § 30, per deadline beside the file's X-03 "as falls"), the
posting date (fvl § 30 b), a klage against a dismissal (fvl § 2(3), § 29) and forwarding to the
appeal body (fvl § 33).

Every date below was counted by hand. Norwegian days that matter (X-03 calendar): 2026: Fri 25
and Sat 26 December; 2027: Fri 1 January, Easter Thu 25 March (skjærtorsdag), Fri 26 March
(langfredag), Mon 29 March (2. påskedag), Sat 1 May, Thu 6 May (Kristi himmelfart), Mon 17 May
(17. mai and 2. pinsedag). 3 weeks = 21 days from the day after (X-01).
"""

from datetime import date

import pytest
from issue13_procedures import FVL, issue13_rules, load, run  # noqa: F401 (a fixture)
from timeline_helpers import deadline, deadline_keys, due_status_met, ev, received

from ombud.domain.engine import Actor, Event, evaluate

pytestmark = pytest.mark.usefixtures("issue13_rules")


@pytest.fixture
def klage():
    return load(FVL)


# decision_on, day received, due by hand, status, as-falls day the file's rule alone would give
FILING = [
    # Thu 4 Mar + 21 = Thu 25 Mar skjærtorsdag; 26 langfredag, 27-28 weekend, 29 2. påskedag
    ("2027-03-04", "2027-03-30", "2027-03-30", "met", "2027-03-25"),
    ("2027-03-04", "2027-03-31", "2027-03-30", "missed", "2027-03-25"),
    # Sat 5 Dec 2026 + 21 = Sat 26 Dec (2. juledag), Sun 27 -> Mon 28 Dec
    ("2026-12-05", "2026-12-28", "2026-12-28", "met", "2026-12-26"),
    # Mon 26 Apr + 21 = Mon 17 May (grunnlovsdag and 2. pinsedag) -> Tue 18 May
    ("2027-04-26", "2027-05-18", "2027-05-18", "met", "2027-05-17"),
    # Sat 20 Feb + 21 = Sat 13 Mar -> Mon 15 Mar
    ("2027-02-20", "2027-03-15", "2027-03-15", "met", "2027-03-13"),
    # Wed 28 Apr + 21 = Wed 19 May, a working day: nothing moves
    ("2027-04-28", "2027-05-19", "2027-05-19", "met", "2027-05-19"),
    ("2027-04-28", "2027-05-20", "2027-05-19", "missed", "2027-05-19"),
]


@pytest.mark.parametrize(("decided", "on", "due", "status", "as_falls"), FILING)
def test_fvl_29_dl_148_a_klage_time_limit_ending_on_a_holiday_runs_to_the_next_working_day(
        klage, decided, on, due, status, as_falls):
    """fvl § 29 three weeks; fvl § 30 / domstolloven § 148 per deadline, although the file
    shows its own targets as they fall (X-03)."""
    output = run(klage, [received(on, decision_on=decided)], as_of="2027-06-30")
    assert due_status_met(output, "filing") == (due, status, on)
    as_falls_klage = load(FVL, ('end_of_period = "next_working_day"\nend_of_period_rule = '
                                '"DL-148"\nposting = { rule = "FVL-30" }\n\n[[deadline]]\n'
                                'key = "forwarding"', '\n[[deadline]]\nkey = "forwarding"'))
    assert deadline(run(as_falls_klage, [received(on, decision_on=decided)],
                        as_of="2027-06-30"), "filing")["due"] == as_falls


def test_fvl_30_the_basis_names_the_rule_that_moved_the_day(klage):
    output = run(klage, [received("2027-03-30", decision_on="2027-03-04")], as_of="2027-04-01")
    assert deadline(output, "filing")["basis"] == (
        "3 weeks after the decision was sent on 2027-03-04 (Norwegian public holidays); "
        "2027-03-25 is not a "
        "working day, so it ends on 2027-03-30 (DL-148)")


# posted, received, status, whether a decline as late is then refused (fvl § 31)
POSTED = [
    ("2027-03-30", "2027-04-02", "met", True),   # posted on the last day: in time, however late
    ("2027-03-25", "2027-04-12", "met", True),   # fvl § 30 sets no limit on the post's delay
    ("2027-03-31", "2027-04-02", "missed", False),  # posted the day after the limit
    (None, "2027-04-02", "missed", False),  # no posting date: receipt counts
]


@pytest.mark.parametrize(("posted", "on", "status", "decline_refused"), POSTED)
def test_fvl_30_a_klage_posted_before_the_limit_is_in_time(klage, posted, on, status,
                                                          decline_refused):
    """Decision Thu 4 Mar 2027: due Tue 30 Mar (see above)."""
    first = received(on, decision_on="2027-03-04")
    if posted:
        first["posted_on"] = posted
    output = run(klage, [first, ev("2027-04-20", "declined", ground="late")], as_of="2027-04-20")
    assert due_status_met(output, "filing") == ("2027-03-30", status, on)
    assert bool(output["refused"]) is decline_refused
    if decline_refused:
        assert output["refused"][0]["rule"] == "FVL-31"
        assert output["state"] == "open"
    if posted and status == "met":
        assert f"but posted on {posted}, before the end of the term: in time (FVL-30)" in \
            deadline(output, "filing")["basis"]


def test_fvl_30_a_posting_date_after_receipt_is_an_input_error(klage):
    from ombud.domain.timeline import TimelineError

    with pytest.raises(TimelineError, match=r"events\[0\]\.posted_on: 2027-03-31 is after"):
        run(klage, [received("2027-03-30", decision_on="2027-03-04", posted_on="2027-03-31")],
            as_of="2027-04-01")


LATE = [received("2027-01-11", decision_on="2026-12-10")]  # Thu 10 Dec + 21 = Thu 31 Dec: late

# declined on, klage on the dismissal on, appeal due by hand, refused (index, rule) or none
AGAINST_DISMISSAL = [
    # Wed 20 Jan + 21 = Wed 10 Feb
    ("2027-01-20", "2027-02-08", "2027-02-10", []),
    ("2027-01-20", "2027-02-10", "2027-02-10", []),
    ("2027-01-20", "2027-02-11", "2027-02-10", [(2, "FVL-29")]),
    # Mon 8 Mar + 21 = Mon 29 Mar, 2. påskedag -> Tue 30 Mar
    ("2027-03-08", "2027-03-30", "2027-03-30", []),
]


@pytest.mark.parametrize(("declined", "appealed", "due", "refused"), AGAINST_DISMISSAL)
def test_fvl_2_fvl_29_a_dismissal_can_be_appealed_within_three_weeks(klage, declined, appealed,
                                                                    due, refused):
    events = [*LATE, ev(declined, "declined", ground="late"), ev(appealed, "appealed")]
    output = run(klage, events, as_of="2027-04-30")
    assert [(r["index"], r["rule"]) for r in output["refused"]] == refused
    appeal = deadline(output, "appeal")
    assert appeal["due"] == due
    assert appeal["owner"] == "filer"
    if refused:
        assert output["state"] == "declined" and appeal["status"] == "expired"
    else:
        assert output["state"] == "appealed" and appeal["status"] == "met"
        assert appeal["basis"].startswith(f"3 weeks after the decision to decline on {declined}")


def test_fvl_2_the_dismissal_invites_the_klage_on_it_and_nothing_else(klage):
    state = evaluate(klage, [Event(date(2027, 1, 11), "received",
                                   {"channel": "letter", "decision_on": date(2026, 12, 10)}),
                             Event(date(2027, 1, 20), "declined", {"ground": "late"})],
                     date(2027, 1, 21))
    assert state.state == "declined"
    assert state.allowed == ("appealed",)
    assert state.invites_appeal


def test_fvl_2_without_the_key_a_dismissal_stays_final(klage):
    """The default: an appeal lies only against an answer (the bundled procedures)."""
    plain = load(FVL, ('against = ["declined"]', 'against = ["answered"]'))
    output = run(plain, [*LATE, ev("2027-01-20", "declined", ground="late"),
                         ev("2027-02-01", "appealed")], as_of="2027-02-01")
    assert [(r["index"], r["rule"]) for r in output["refused"]] == [(2, "FVL-33")]
    assert output["state"] == "declined"


# received, forwarded on, forwarding due, appeal body's decision due, answered on, its status
FORWARDED = [
    # Wed 10 Mar + 6 weeks = Wed 21 Apr; Wed 14 Apr + 3 months = Wed 14 Jul
    ("2027-03-10", "2027-04-14", "2027-04-21", "2027-07-14", "2027-06-01", "met"),
    # forwarded late: Fri 23 Apr; 23 Apr + 3 months = Fri 23 Jul
    ("2027-03-10", "2027-04-23", "2027-04-21", "2027-07-23", "2027-07-26", "missed"),
    # Mon 15 Feb + 3 months = Sat 15 May, shown as it falls (X-03: the file's rule)
    ("2027-01-04", "2027-02-15", "2027-02-15", "2027-05-15", "2027-05-15", "met"),
]


@pytest.mark.parametrize(("on", "forwarded", "forward_due", "answer_due", "answered", "status"),
                         FORWARDED)
def test_fvl_33_forwarding_is_a_step_with_its_own_deadlines(klage, on, forwarded, forward_due,
                                                           answer_due, answered, status):
    decided = "2027-03-01" if on == "2027-03-10" else "2026-12-28"
    events = [received(on, decision_on=decided), ev(forwarded, "forwarded")]
    before = run(klage, events, as_of=forwarded)
    assert before["state"] == "forwarded"
    assert "appealed" not in before["allowed"] and "forwarded" not in before["allowed"]
    assert deadline_keys(before) == ["filing", "forwarding", "appeal_answer"]
    forwarding_status = "met" if forwarded <= forward_due else "missed"
    assert due_status_met(before, "forwarding") == (forward_due, forwarding_status, forwarded)
    after = run(klage, [*events, ev(answered, "answered", outcome="not_upheld")],
                as_of="2027-08-01")
    assert after["state"] == "answered"
    assert due_status_met(after, "appeal_answer") == (answer_due, status, answered)


def test_fvl_33_neither_the_first_letter_nor_the_forwarding_invites_an_appeal(klage):
    first = Event(date(2027, 3, 10), "received",
                  {"channel": "letter", "decision_on": date(2027, 3, 1)})
    opened = evaluate(klage, [first], date(2027, 3, 10))
    assert opened.forwarding and not opened.invites_appeal
    forwarded = evaluate(klage, [first, Event(date(2027, 4, 14), "forwarded")],
                         date(2027, 4, 14))
    assert forwarded.forwarded_on == date(2027, 4, 14) and not forwarded.invites_appeal
    answered = evaluate(klage, [first, Event(date(2027, 4, 14), "forwarded"),
                                Event(date(2027, 6, 1), "answered", {"outcome": "upheld"})],
                        date(2027, 6, 1))
    assert not answered.invites_appeal  # the appeal body's decision is final (fvl § 28(3))


FORWARD_REFUSED = [
    # forwarded twice
    ([ev("2027-04-14", "forwarded"), ev("2027-04-15", "forwarded")], [(2, "FVL-33")]),
    # after the first instance reversed its decision: the case is closed
    ([ev("2027-04-14", "answered", outcome="upheld"), ev("2027-04-15", "forwarded")],
     [(2, "FVL-33")]),
    # a klage on a dismissal goes up the same way: declined, appealed, forwarded
    ([ev("2027-03-11", "declined", ground="late")], [(1, "FVL-31")]),
]


@pytest.mark.parametrize(("events", "refused"), FORWARD_REFUSED)
def test_fvl_33_forwarding_only_from_the_first_instance_and_once(klage, events, refused):
    output = run(klage, [received("2027-03-10", decision_on="2027-03-01"), *events],
                 as_of="2027-04-30")
    assert [(r["index"], r["rule"]) for r in output["refused"]] == refused


def test_fvl_33_a_klage_on_a_dismissal_is_forwarded_and_decided(klage):
    events = [*LATE, ev("2027-01-20", "declined", ground="late"), ev("2027-02-08", "appealed"),
              ev("2027-02-15", "forwarded"), ev("2027-04-20", "answered", outcome="not_upheld")]
    output = run(klage, events, as_of="2027-04-20")
    assert output["refused"] == [] and output["state"] == "answered"
    # Mon 15 Feb + 3 months = Sat 15 May, as it falls
    assert due_status_met(output, "appeal_answer") == ("2027-05-15", "met", "2027-04-20")


def test_fvl_28_who_forwarded_does_not_decide_at_the_appeal_body(klage):
    events = [Event(date(2027, 3, 10), "received",
                    {"channel": "letter", "decision_on": date(2027, 3, 1)}),
              Event(date(2027, 4, 14), "forwarded", by="7")]
    refused = evaluate(klage, [*events, Event(date(2027, 5, 1), "answered",
                                              {"outcome": "upheld"})],
                       date(2027, 5, 1), actor=Actor("7"))
    assert [(r.rule, r.code) for r in refused.refused] == [("FVL-28", "first_decider_on_appeal")]
    other = evaluate(klage, [*events, Event(date(2027, 5, 1), "answered", {"outcome": "upheld"})],
                     date(2027, 5, 1), actor=Actor("8"))
    assert other.refused == () and other.state == "answered"
