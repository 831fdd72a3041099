"""One table per rule the engine enforces: the Norwegian procedures and the cross-cutting rules.

Every expected date below was counted by hand from rules.md and SIMULATE.md (the weekday or the
holiday that matters is named in the row's comment or id); none was copied from the engine's
output. The DNV rules are in test_engine_dnv_rules.py.

Calendar notes used below (2026): Thu 1 Jan; Easter Sunday 5 April, so skjærtorsdag Thu 2 April,
langfredag Fri 3 April, 2. påskedag Mon 6 April; 1. mai Fri; 17. mai Sun; Kristi himmelfart
Thu 14 May; 2. pinsedag Mon 25 May; 1. juledag Fri 25 December.
"""

from datetime import date, timedelta

import pytest
from timeline_helpers import (  # beside this file: pytest puts the folder on sys.path
    ANSWER,
    SKIP_HEARING,
    deadline,
    deadline_keys,
    ev,
    received,
    refusals,
    run,
)

from ombud.domain import engine
from ombud.domain.engine import Actor, Event, evaluate
from ombud.domain.loader import PROCEDURES_DIR, find_procedure

# -- helpers: see timeline_helpers.py

def shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()



# -- NE-A-02, NE-C-02, AV-02, GL-02: written only --------------------------------------------------

WRITTEN_ONLY = [("ne/appeal", "NE-A-02"), ("ne/complaint", "NE-C-02"),
                ("av/complaint", "AV-02"), ("gl/complaint", "GL-02")]


@pytest.mark.parametrize(("procedure", "rule"), WRITTEN_ONLY, ids=[p for p, _ in WRITTEN_ONLY])
@pytest.mark.parametrize("later", [
    ev("2026-10-06", "acknowledged"),
    ev("2026-10-06", "answered", **ANSWER),
    received("2026-10-06", "letter"),  # a later written complaint is a new case, not this one
], ids=["acknowledged", "answered", "received_in_writing"])
def test_ne_a_02_ne_c_02_av_02_gl_02_oral_case_is_refused_at_intake(procedure, rule, later):
    output = run(procedure, [received("2026-10-05", "oral"), later], "2026-10-07")
    assert output["state"] == "refused_intake"
    assert refusals(output)[0] == (0, rule)
    assert [index for index, _ in refusals(output)] == [0, 1]  # nothing opened: all refused
    assert output["deadlines"] == []
    assert output["allowed"] == []


@pytest.mark.parametrize(("procedure", "rule"), WRITTEN_ONLY, ids=[p for p, _ in WRITTEN_ONLY])
@pytest.mark.parametrize("channel", ["letter", "email", "web"])
def test_ne_a_02_ne_c_02_av_02_gl_02_written_case_is_opened(procedure, rule, channel):
    output = run(procedure, [received("2026-10-05", channel)], "2026-10-05")
    assert output["state"] == "open"
    assert output["refused"] == []
    assert deadline(output, "answer")["status"] == "open"


# -- NE-A-05, NE-C-04: one month, clamped, shown as it falls ---------------------------------------

@pytest.mark.parametrize(("procedure", "rule", "received_on", "due"), [
    ("ne/appeal", "NE-A-05", "2026-01-31", "2026-02-28"),  # clamped; Saturday, stays
    ("ne/complaint", "NE-C-04", "2026-01-31", "2026-02-28"),  # same for complaints
    ("ne/appeal", "NE-A-05", "2028-01-31", "2028-02-29"),  # leap year: 29 February
    ("ne/complaint", "NE-C-04", "2026-03-31", "2026-04-30"),  # 30 April has no 31st
    ("ne/appeal", "NE-A-05", "2026-05-31", "2026-06-30"),  # clamped to 30 June
    ("ne/complaint", "NE-C-04", "2026-04-17", "2026-05-17"),  # Sunday and 17. mai: stays
    ("ne/appeal", "NE-A-05", "2025-12-01", "2026-01-01"),  # nyttårsdag: stays
    ("ne/complaint", "NE-C-04", "2026-10-05", "2026-11-05"),  # plain: same day number
])
def test_ne_a_05_ne_c_04_answer_within_one_month_of_receipt(procedure, rule, received_on, due):
    answer = deadline(run(procedure, [received(received_on)], received_on), "answer")
    assert (answer["rule"], answer["due"], answer["status"], answer["owner"]) == (
        rule, due, "open", "organization")


# -- status of an answer deadline around its due day (all answer rules, X-07) ----------------------

ANSWER_DEADLINES = [  # procedure, rule, received event, due (counted by hand), answered fields
    ("ne/appeal", "NE-A-05", received("2026-10-05"), "2026-11-05", ANSWER),  # 1 month
    ("ne/complaint", "NE-C-04", received("2026-10-05"), "2026-11-05", ANSWER),  # 1 month
    ("av/complaint", "AV-08", received("2026-10-05"), "2026-11-02", ANSWER),  # 4 weeks
    ("gl/complaint", "GL-10", received("2026-10-05"), "2026-11-02", ANSWER),  # 4 weeks
    ("pp/complaint", "PP-14", received("2026-10-05"), "2026-10-19", ANSWER),  # 2 weeks
    ("dnv/complaint", "DNV-K-17", received("2026-10-05", about="conduct"), "2026-11-16",
     SKIP_HEARING),  # 6 weeks, a Monday
    ("dnv/objection", "DNV-B-07", received("2026-10-01", decision_on="2026-09-07"),
     "2026-11-30", SKIP_HEARING),  # period ends Mon 19 Oct, + 6 weeks
    ("dnv/data_request", "X-10", received("2026-10-05"), "2026-11-05", ANSWER),  # 1 month
]

STATUS_SCENARIOS = [  # name, (ending event, its day relative to due) or None, as_of relative,
    # expected status, met_on relative or None, expected state
    ("open_on_due_day", None, 0, "open", None, "open"),
    ("missed_day_after", None, 1, "missed", None, "open"),
    ("answered_on_due_day", ("answered", 0), 5, "met", 0, "answered"),
    ("answered_day_after", ("answered", 1), 5, "missed", 1, "answered"),  # late date shown
    ("withdrawn_before_due", ("withdrawn", -1), 5, "cancelled", None, "withdrawn"),
    ("withdrawn_on_due_day", ("withdrawn", 0), 5, "cancelled", None, "withdrawn"),
    ("withdrawn_after_due", ("withdrawn", 1), 5, "missed", None, "withdrawn"),  # stays missed
]


@pytest.mark.parametrize(("procedure", "rule", "receipt", "due", "answer_fields"),
                         ANSWER_DEADLINES, ids=[row[0] for row in ANSWER_DEADLINES])
@pytest.mark.parametrize(("ending", "as_of_offset", "status", "met_offset", "state"),
                         [row[1:] for row in STATUS_SCENARIOS],
                         ids=[row[0] for row in STATUS_SCENARIOS])
def test_answer_rules_met_open_missed_cancelled_around_the_due_day(
        procedure, rule, receipt, due, answer_fields, ending, as_of_offset, status, met_offset,
        state):
    events = [receipt]
    if ending is not None:
        kind, offset = ending
        fields = answer_fields if kind == "answered" else {}
        events.append(ev(shift(due, offset), kind, **fields))
    output = run(procedure, events, shift(due, as_of_offset))
    answer = deadline(output, "answer")
    met_on = None if met_offset is None else shift(due, met_offset)
    assert (answer["rule"], answer["due"], answer["status"], answer["met_on"]) == (
        rule, due, status, met_on)
    assert output["state"] == state
    assert output["refused"] == []


# -- NE-A-06, X-09: internal appeal ----------------------------------------------------------------

@pytest.mark.parametrize(("events", "state"), [
    ([received("2026-10-05"), ev("2026-10-20", "answered", **ANSWER),
      ev("2026-10-25", "appealed")], "answered"),  # the council's decision is final
    ([received("2026-10-05"), ev("2026-10-06", "appealed")], "open"),  # nor before the answer
], ids=["after_answer", "before_answer"])
def test_ne_a_06_appeal_decision_is_final(events, state):
    output = run("ne/appeal", events, "2026-10-30")
    assert refusals(output) == [(len(events) - 1, "NE-A-06")]
    assert output["state"] == state
    assert "appealed" not in output["allowed"]


@pytest.mark.parametrize(("procedure", "receipt", "answer_fields"), [
    ("ne/complaint", received("2026-10-05"), ANSWER),
    ("av/complaint", received("2026-10-05"), ANSWER),
    ("gl/complaint", received("2026-10-05"), ANSWER),
    ("dnv/complaint", received("2026-10-05", about="conduct"), SKIP_HEARING),
    ("dnv/objection", received("2026-10-05", decision_on="2026-09-28"), SKIP_HEARING),
    ("dnv/data_request", received("2026-10-05"), ANSWER),
], ids=lambda value: value if isinstance(value, str) else None)
def test_x_09_appeal_refused_where_no_appeal_body_is_named(procedure, receipt, answer_fields):
    output = run(procedure, [receipt, ev("2026-10-09", "answered", **answer_fields),
                             ev("2026-10-12", "appealed")], "2026-10-12")
    assert refusals(output) == [(2, "X-09")]
    assert output["state"] == "answered"
    assert "appealed" not in output["allowed"]


# -- NE-C-03: impartial handler --------------------------------------------------------------------

@pytest.mark.parametrize(("assignment", "expected"), [
    ({"handler": "course manager", "involved": True}, [(1, "NE-C-03")]),
    ({"handler": "managing director", "involved": False}, []),
    ({"handler": "managing director"}, []),  # involved defaults to not involved
], ids=["involved", "not_involved", "involved_not_given"])
def test_ne_c_03_handler_must_not_be_involved_in_the_matter(assignment, expected):
    output = run("ne/complaint", [received("2026-10-05", about="course"),
                                  ev("2026-10-06", "assigned", **assignment)], "2026-10-07")
    assert refusals(output) == expected
    assert output["state"] == "open"


# -- AV-08, GL-10, PP-14: answer in 4/4/2 weeks from the written complaint -------------------------

@pytest.mark.parametrize(("procedure", "rule", "received_on", "due"), [
    ("av/complaint", "AV-08", "2026-10-02", "2026-10-30"),  # Fri + 28 days
    ("av/complaint", "AV-08", "2026-12-10", "2027-01-07"),  # across the year end
    ("av/complaint", "AV-08", "2026-04-19", "2026-05-17"),  # Sunday and 17. mai: stays
    ("gl/complaint", "GL-10", "2026-03-20", "2026-04-17"),  # 4 weeks
    ("gl/complaint", "GL-10", "2026-03-06", "2026-04-03"),  # langfredag: stays
    ("pp/complaint", "PP-14", "2026-10-05", "2026-10-19"),  # 2 weeks
    ("pp/complaint", "PP-14", "2026-02-20", "2026-03-06"),  # February has 28 days
    ("pp/complaint", "PP-14", "2026-12-11", "2026-12-25"),  # 1. juledag: stays
])
def test_av_08_gl_10_pp_14_answer_weeks_after_the_written_complaint(procedure, rule, received_on,
                                                                    due):
    answer = deadline(run(procedure, [received(received_on, "email")], received_on), "answer")
    assert (answer["rule"], answer["due"], answer["status"]) == (rule, due, "open")


@pytest.mark.parametrize(("procedure", "rule", "due"), [
    ("ne/appeal", "NE-A-05", "2026-11-05"),
    ("ne/complaint", "NE-C-04", "2026-11-05"),
    ("av/complaint", "AV-08", "2026-11-02"),
    ("gl/complaint", "GL-10", "2026-11-02"),
    ("pp/complaint", "PP-14", "2026-10-19"),
])
@pytest.mark.parametrize("extension", [{"weeks": 2}, {"weeks": 1, "consent": True},
                                       {"months": 1}], ids=["2w", "1w_consent", "1m"])
def test_av_08_gl_10_pp_14_ne_norwegian_answer_cannot_be_extended(procedure, rule, due,
                                                                    extension):
    output = run(procedure, [received("2026-10-05"), ev("2026-10-08", "extended", **extension)],
                 "2026-10-09")
    assert refusals(output) == [(1, rule)]  # the rule of the deadline it would move
    assert deadline(output, "answer")["due"] == due
    assert "extended" not in output["allowed"]


# -- GL-06: the first coming management meeting ----------------------------------------------------

@pytest.mark.parametrize(("meetings", "due"), [
    (["2026-10-07", "2026-10-12", "2026-10-26"], "2026-10-12"),  # same-day meeting: not "coming"
    (["2026-09-30", "2026-10-08"], "2026-10-08"),  # the very next day
    (["2026-10-19", "2026-11-02"], "2026-10-19"),  # the first of several
    ([], None),  # none listed: no management deadline
    (None, None),  # meetings not given at all
    (["2026-09-30", "2026-10-07"], None),  # only past and same-day meetings
], ids=["same_day_skipped", "next_day", "first_of_several", "empty", "absent", "none_after"])
def test_gl_06_management_due_at_first_meeting_after_receipt(meetings, due):
    output = run("gl/complaint", [received("2026-10-07")], "2026-10-07", meetings=meetings)
    if due is None:
        assert "management" not in deadline_keys(output)
    else:
        management = deadline(output, "management")
        assert (management["rule"], management["due"], management["status"]) == (
            "GL-06", due, "open")


@pytest.mark.parametrize(("later", "as_of", "status", "met_on"), [
    ([], "2026-10-12", "open", None),  # the meeting day itself
    ([], "2026-10-13", "missed", None),  # the day after
    ([ev("2026-10-12", "taken_up")], "2026-10-20", "met", "2026-10-12"),
    ([ev("2026-10-13", "taken_up")], "2026-10-20", "missed", "2026-10-13"),
    ([ev("2026-10-09", "withdrawn")], "2026-10-20", "cancelled", None),
], ids=["open_on_meeting_day", "missed_after", "met", "late", "withdrawn"])
def test_gl_06_management_status(later, as_of, status, met_on):
    output = run("gl/complaint", [received("2026-10-07"), *later], as_of,
                 meetings=["2026-10-12", "2026-10-26"])
    management = deadline(output, "management")
    assert (management["due"], management["status"], management["met_on"]) == (
        "2026-10-12", status, met_on)


# -- PP-10, PP-11, X-05: one week from the written complaint ---------------------------------------

@pytest.mark.parametrize(("events", "acknowledge", "management", "answer"), [
    ([received("2026-10-05")], "2026-10-12", "2026-10-12", "2026-10-19"),  # written: receipt
    ([received("2026-10-05", "oral"), ev("2026-10-07", "put_in_writing")],
     "2026-10-14", "2026-10-14", "2026-10-21"),  # oral: from put_in_writing
    ([received("2026-10-02", "oral"), ev("2026-10-05", "put_in_writing")],
     "2026-10-12", "2026-10-12", "2026-10-19"),  # oral on Friday, written down Monday
    ([received("2026-03-27")], "2026-04-03", "2026-04-03", "2026-04-10"),  # langfredag: stays
    ([received("2026-10-05", "oral")], None, None, None),  # not written down yet: nothing runs
], ids=["written", "oral", "oral_weekend", "good_friday", "oral_not_yet_written"])
def test_pp_10_pp_11_pp_14_x_05_deadlines_from_the_written_complaint(events, acknowledge,
                                                                     management, answer):
    output = run("pp/complaint", events, events[-1]["on"])
    expected = {"acknowledge": ("PP-11", acknowledge), "management": ("PP-10", management),
                "answer": ("PP-14", answer)}
    for key, (rule, due) in expected.items():
        if due is None:
            assert key not in deadline_keys(output)
        else:
            assert (deadline(output, key)["rule"], deadline(output, key)["due"]) == (rule, due)


@pytest.mark.parametrize(("later", "as_of", "statuses"), [
    ([], "2026-10-12", ("open", None, "open", None)),  # due day
    ([], "2026-10-13", ("missed", None, "missed", None)),  # day after
    ([ev("2026-10-12", "acknowledged"), ev("2026-10-12", "taken_up")], "2026-10-13",
     ("met", "2026-10-12", "met", "2026-10-12")),
    ([ev("2026-10-13", "acknowledged"), ev("2026-10-13", "taken_up")], "2026-10-14",
     ("missed", "2026-10-13", "missed", "2026-10-13")),
    ([ev("2026-10-09", "answered", **ANSWER)], "2026-10-14",
     ("cancelled", None, "cancelled", None)),  # answered does not meet acknowledge
], ids=["open", "missed", "met", "late", "cancelled_by_answer"])
def test_pp_10_pp_11_acknowledge_and_management_status(later, as_of, statuses):
    output = run("pp/complaint", [received("2026-10-05"), *later], as_of)
    acknowledge, management = deadline(output, "acknowledge"), deadline(output, "management")
    assert (acknowledge["status"], acknowledge["met_on"], management["status"],
            management["met_on"]) == statuses
    assert acknowledge["due"] == management["due"] == "2026-10-12"


# -- PP-02, PP-03: an oral complaint is put in writing ---------------------------------------------

@pytest.mark.parametrize(("events", "expected", "answer_due"), [
    ([received("2026-10-05", "oral"), ev("2026-10-06", "put_in_writing")], [],
     "2026-10-20"),  # PP-02: oral accepted; 2 weeks after it was written down on 6 October
    ([received("2026-10-05", "letter"), ev("2026-10-06", "put_in_writing")],
     [(1, "PP-03")], "2026-10-19"),  # already written: still 2 weeks from receipt
    ([received("2026-10-05", "oral"), ev("2026-10-06", "put_in_writing"),
      ev("2026-10-07", "put_in_writing")], [(2, "PP-03")], "2026-10-20"),  # only once
], ids=["oral", "written_already", "twice"])
def test_pp_03_oral_complaint_is_put_in_writing_once(events, expected, answer_due):
    output = run("pp/complaint", events, "2026-10-08")
    assert refusals(output) == expected
    assert output["state"] == "open"
    assert deadline(output, "answer")["due"] == answer_due


# -- PP-17: the board is the appeal body -----------------------------------------------------------

PP_CASE = [received("2026-10-05"), ev("2026-10-15", "answered", **ANSWER)]


@pytest.mark.parametrize(("events", "state", "expected", "appeal_allowed", "as_of"), [
    ([received("2026-10-05"), ev("2026-10-06", "appealed")], "open", [(1, "PP-17")], False,
     "2026-11-20"),
    (PP_CASE, "answered", [], True, "2026-10-20"),  # after the answer, the board can be asked
    ([*PP_CASE, ev("2026-10-20", "appealed")], "appealed", [], False, "2026-11-20"),
    ([*PP_CASE, ev("2026-10-20", "appealed"), ev("2026-11-10", "answered", **ANSWER)],
     "answered", [], False, "2026-11-20"),  # the board's answer closes the case
    ([*PP_CASE, ev("2026-10-20", "appealed"), ev("2026-11-10", "answered", **ANSWER),
      ev("2026-11-12", "appealed")], "answered", [(4, "PP-17")], False,
     "2026-11-20"),  # no second appeal
], ids=["before_answer", "answered", "appealed", "board_answered", "second_appeal"])
def test_pp_17_appeal_to_the_board_once_after_the_answer(events, state, expected,
                                                         appeal_allowed, as_of):
    output = run("pp/complaint", events, as_of)
    assert output["state"] == state
    assert refusals(output) == expected
    assert ("appealed" in output["allowed"]) is appeal_allowed


def test_pp_17_board_may_answer_an_appeal():
    output = run("pp/complaint", [*PP_CASE, ev("2026-10-20", "appealed")], "2026-10-21")
    assert "answered" in output["allowed"]


@pytest.mark.parametrize(("appealed_on", "expected"), [
    ("2026-11-05", []),  # the last day: three weeks after the answer of 15 October
    ("2026-11-06", [(2, "X-21")]),  # a day late: refused, the case stays answered
])
def test_x_21_pp_17_appeal_within_three_weeks_after_the_answer(appealed_on, expected):
    output = run("pp/complaint", [*PP_CASE, ev(appealed_on, "appealed")], appealed_on)
    assert refusals(output) == expected
    period = deadline(output, "appeal")
    assert (period["due"], period["owner"], period["rule"]) == ("2026-11-05", "filer", "X-21")
    assert period["status"] == ("met" if not expected else "expired")


@pytest.mark.parametrize(("answered_on", "due"), [
    ("2026-12-04", "2026-12-28"),  # three weeks: 1. juledag, then a weekend: Monday 28th
    ("2026-04-10", "2026-05-04"),  # Friday 1 May: Monday 4 May
    ("2026-10-15", "2026-11-05"),  # a Thursday: as it falls
])
def test_x_21_the_complainant_s_last_day_to_appeal_is_never_a_holiday(answered_on, due):
    """Kari's answer came on 4 December: three weeks end on Christmas Day. The appeal period is
    hers, as under forvaltningsloven § 29, and a period of hers that ends on a holiday or a
    weekend ends on the next working day (§ 30 with domstolloven § 148); the organization's own
    deadlines stay as they fall (X-03)."""
    events = [received("2026-03-02" if answered_on < "2026-10-01" else "2026-10-05"),
              ev(answered_on, "answered", **ANSWER)]
    output = run("pp/complaint", events, answered_on)
    assert deadline(output, "appeal")["due"] == due
    late = run("pp/complaint", [*events, ev(due, "appealed")], due)
    assert refusals(late) == []


def test_x_21_the_appeal_period_ran_out_so_the_appeal_is_no_longer_allowed():
    output = run("pp/complaint", PP_CASE, "2026-11-06")
    assert "appealed" not in output["allowed"]
    assert deadline(output, "appeal")["status"] == "expired"


def test_x_21_the_board_s_answer_opens_no_second_appeal_period():
    output = run("pp/complaint", [*PP_CASE, ev("2026-10-20", "appealed"),
                                  ev("2026-11-10", "answered", **ANSWER)], "2026-11-11")
    assert [d["key"] for d in output["deadlines"]].count("appeal") == 1


# -- PP-17: who answered first does not handle or decide the appeal ----------------------------

FIRST = "7"  # the person who answered the complaint


def _appealed_case(answered_by=FIRST, handler_id=None) -> list[Event]:
    assigned = ([Event(date(2026, 10, 6), "assigned", {"handler_id": int(handler_id)}, by="1")]
                if handler_id else [])
    return [Event(date(2026, 10, 5), "received", {"channel": "letter"}), *assigned,
            Event(date(2026, 10, 15), "answered", {"outcome": "not_upheld"}, by=answered_by),
            Event(date(2026, 10, 20), "appealed", {"grounds": "Jeg er uenig."})]


@pytest.mark.parametrize("candidate", [
    Event(date(2026, 10, 21), "assigned", {"handler_id": int(FIRST)}),
    Event(date(2026, 10, 21), "assigned", {"handler_id": 9}),
])
def test_pp_17_the_first_answerer_is_not_appointed_to_the_appeal(candidate):
    procedure = find_procedure("pp/complaint", on=date(2026, 10, 5))
    refusal = engine.check(procedure, _appealed_case(), candidate, actor=Actor("1"))
    if candidate.get("handler_id") == int(FIRST):
        assert (refusal.rule, refusal.code) == ("PP-17", "first_decider_appointed")
        assert "appeal body" in refusal.reason("en")
        assert "ankeinstansen" in refusal.reason("nb")
    else:
        assert refusal is None


@pytest.mark.parametrize(("history", "actor", "refused"), [
    (_appealed_case(), FIRST, True),  # who answered first
    (_appealed_case(answered_by="1", handler_id=FIRST), FIRST, True),  # who handled it then
    (_appealed_case(), "9", False),  # someone else, for the board
])
def test_pp_17_the_first_answerer_does_not_decide_the_appeal(history, actor, refused):
    procedure = find_procedure("pp/complaint", on=date(2026, 10, 5))
    answer = Event(date(2026, 10, 30), "answered", {"outcome": "upheld"}, by=actor)
    refusal = engine.check(procedure, history, answer, actor=Actor(actor))
    if refused:
        assert (refusal.rule, refusal.code) == ("PP-17", "first_decider_on_appeal")
        assert "ankeinstansen" in refusal.reason("nb")
    else:
        assert refusal is None


def test_pp_17_before_an_appeal_the_first_answerer_is_not_refused_anything():
    procedure = find_procedure("pp/complaint", on=date(2026, 10, 5))
    history = _appealed_case()[:1]
    answer = Event(date(2026, 10, 15), "answered", {"outcome": "upheld"}, by=FIRST)
    assert engine.check(procedure, history, answer, actor=Actor(FIRST)) is None


# -- Norwegian deadlines are shown as they fall ----------------------------------------------

@pytest.mark.parametrize(("procedure", "received_on", "due"), [
    ("ne/appeal", "2026-01-31", "2026-02-28"),  # Saturday
    ("pp/complaint", "2026-03-20", "2026-04-03"),  # langfredag
    ("av/complaint", "2026-04-19", "2026-05-17"),  # Sunday, 17. mai
    ("gl/complaint", "2026-04-03", "2026-05-01"),  # 1. mai
    ("ne/complaint", "2025-12-01", "2026-01-01"),  # nyttårsdag
    ("pp/complaint", "2026-12-11", "2026-12-25"),  # 1. juledag
    ("gl/complaint", "2026-04-27", "2026-05-25"),  # 2. pinsedag
])
def test_x_03_norwegian_answer_deadline_is_not_moved_off_a_holiday(procedure, received_on, due):
    answer = deadline(run(procedure, [received(received_on)], received_on), "answer")
    assert answer["due"] == due


# -- a missed deadline stays missed ----------------------------------------------------------

@pytest.mark.parametrize(("procedure", "events", "meetings", "key", "due", "met_on"), [
    ("pp/complaint", [received("2026-10-05"), ev("2026-10-21", "answered", **ANSWER)], None,
     "answer", "2026-10-19", "2026-10-21"),
    ("ne/appeal", [received("2026-10-05"), ev("2026-11-06", "answered", **ANSWER)], None,
     "answer", "2026-11-05", "2026-11-06"),
    ("gl/complaint", [received("2026-10-07"), ev("2026-10-14", "taken_up")], ["2026-10-12"],
     "management", "2026-10-12", "2026-10-14"),
    ("dnv/complaint", [received("2026-10-01"), ev("2026-10-09", "acknowledged")], None,
     "acknowledge", "2026-10-08", "2026-10-09"),  # Thu + 5 working days = Thu 8 Oct
    ("av/complaint", [received("2026-10-05")], None, "answer", "2026-11-02", None),  # unmet
], ids=["pp_answer", "ne_answer", "gl_management", "dnv_acknowledge", "av_never_answered"])
def test_x_07_missed_deadline_stays_missed_with_the_late_date(procedure, events, meetings, key,
                                                              due, met_on):
    output = run(procedure, events, "2026-11-20", meetings=meetings)
    found = deadline(output, key)
    assert (found["due"], found["status"], found["met_on"]) == (due, "missed", met_on)


# -- a case keeps the procedure version in force on the day it was received ------------------

def _two_pp_versions(root):
    """pp/complaint version 1 (2-week answer) and version 2 from 1 June 2026 (3-week answer)."""
    source = (PROCEDURES_DIR / "pp" / "complaint" / "1.toml").read_text(encoding="utf-8")
    answer_block = 'key = "answer"\nrule = "PP-14"\nfrom = "written"\namount = 2\n'
    assert source.count(answer_block) == 1 and source.count('valid_from = "2000-01-01"') == 1
    second = (source.replace('version = "1"', 'version = "2"', 1)
              .replace('valid_from = "2000-01-01"', 'valid_from = "2026-06-01"')
              .replace(answer_block, answer_block.replace("amount = 2", "amount = 3")))
    folder = root / "pp" / "complaint"
    folder.mkdir(parents=True)
    (folder / "1.toml").write_text(source, encoding="utf-8")
    (folder / "2.toml").write_text(second, encoding="utf-8")


@pytest.mark.parametrize(("received_on", "version", "due"), [
    (date(2026, 5, 20), "1", date(2026, 6, 3)),  # 2 weeks, though evaluated under version 2
    (date(2026, 5, 31), "1", date(2026, 6, 14)),  # last day of version 1
    (date(2026, 6, 1), "2", date(2026, 6, 22)),  # version 2 is in force on its valid_from
    (date(2026, 6, 2), "2", date(2026, 6, 23)),  # 3 weeks
])
def test_x_06_case_keeps_the_version_in_force_when_received(tmp_path, received_on, version,
                                                            due):
    _two_pp_versions(tmp_path)
    evaluated_on = date(2026, 7, 15)
    assert find_procedure("pp/complaint", on=evaluated_on, root=tmp_path).version == "2"
    procedure = find_procedure("pp/complaint", on=received_on, root=tmp_path)
    assert procedure.version == version
    state = evaluate(procedure, [Event(received_on, "received", {"channel": "letter"})],
                     evaluated_on)
    answer = state.deadline("answer")
    assert (answer.due, answer.status) == (due, "missed")


# -- a refused event changes nothing ---------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "events", "position", "refused_event"), [
    ("pp/complaint", [received("2026-10-05"), ev("2026-10-07", "acknowledged"),
                      ev("2026-10-15", "answered", **ANSWER)],
     1, ev("2026-10-06", "extended", weeks=2)),  # PP-14: no extension
    ("ne/complaint", [received("2026-10-05"), ev("2026-10-06", "assigned", involved=False),
                      ev("2026-10-20", "answered", **ANSWER)],
     1, ev("2026-10-06", "assigned", involved=True)),  # NE-C-03
    ("ne/appeal", [received("2026-10-05"), ev("2026-10-20", "answered", **ANSWER)],
     1, ev("2026-10-06", "appealed")),  # NE-A-06
    ("gl/complaint", [received("2026-10-05"), ev("2026-10-12", "taken_up")],
     1, received("2026-10-06")),  # GL-02: one case, one receipt
    ("dnv/complaint", [received("2026-10-01", about="conduct"), ev("2026-10-02", "acknowledged"),
                       ev("2026-10-20", "extended", weeks=4), ev("2026-10-21", "hearing_invited"),
                       ev("2026-10-22", "hearing_waived"), ev("2026-11-20", "answered", **ANSWER)],
     2, ev("2026-10-15", "answered", **ANSWER)),  # DNV-K-14: the case must not close here
    ("dnv/complaint", [received("2026-10-01", about="conduct"),
                       ev("2026-10-20", "extended", weeks=4)],
     1, ev("2026-10-10", "extended", weeks=5)),  # DNV-K-18: the later one is still the first
    ("dnv/objection", [received("2026-10-01", decision_on="2026-09-07"),
                       ev("2026-10-05", "incomplete", term_weeks=2), ev("2026-10-09", "remedied")],
     1, ev("2026-10-02", "declined", ground="incomplete")),  # DNV-B-11: nothing to remedy yet
], ids=["pp_extension", "ne_involved_handler", "ne_appeal", "gl_second_receipt",
        "dnv_answer_without_hearing", "dnv_too_long_extension", "dnv_early_inadmissible"])
def test_refused_event_changes_nothing(procedure, events, position, refused_event):
    without = run(procedure, events, "2026-11-22")
    with_it = run(procedure, [*events[:position], refused_event, *events[position:]],
                  "2026-11-22")
    assert position in [index for index, _ in refusals(with_it)]
    assert len(with_it["refused"]) == len(without["refused"]) + 1
    for key in ("state", "deadlines", "allowed", "fees"):
        assert with_it[key] == without[key], key


# -- a missed deadline says how many days late, in its period's unit ---------------------

def _late(procedure_id: str, events: list[Event], as_of: date, key: str):
    procedure = find_procedure(procedure_id, on=events[0].on)
    found = evaluate(procedure, events, as_of).deadline(key)
    return found.days_late(as_of), found.lateness(as_of, "nb"), found.lateness(as_of, "nl")


def test_x_07_an_answer_two_calendar_days_late_says_so():
    events = [Event(date(2026, 10, 5), "received", {"channel": "letter"}),
              Event(date(2026, 10, 21), "answered", {"outcome": "upheld"})]  # due 19 October
    assert _late("pp/complaint", events, date(2026, 11, 1), "answer") == (
        2, "2 dager for sent", "2 dagen te laat")


def test_x_07_a_working_day_deadline_counts_working_days_late():
    # DNV-B-03: 5 working days after Friday 4 December 2026 is Friday 11 December; the
    # acknowledgement on Tuesday 15 December is 2 working days late (4 calendar days).
    events = [Event(date(2026, 12, 4), "received",
                    {"channel": "letter", "decision_on": date(2026, 12, 1)}),
              Event(date(2026, 12, 15), "acknowledged")]
    assert _late("dnv/objection", events, date(2026, 12, 16), "acknowledge") == (
        2, "2 virkedager for sent", "2 werkdagen te laat")


def test_x_07_a_deadline_still_missed_counts_to_today():
    events = [Event(date(2026, 10, 5), "received", {"channel": "letter"})]
    assert _late("pp/complaint", events, date(2026, 10, 20), "answer")[0] == 1


def test_x_07_a_deadline_met_in_time_is_not_late():
    events = [Event(date(2026, 10, 5), "received", {"channel": "letter"}),
              Event(date(2026, 10, 19), "answered", {"outcome": "upheld"})]
    assert _late("pp/complaint", events, date(2026, 11, 1), "answer") == (0, "", "")


def test_x_07_a_step_recorded_after_the_deadline_counts_late_to_its_recording():
    events = [Event(date(2026, 10, 5), "received", {"channel": "letter"}),
              Event(date(2026, 10, 19), "answered", {"outcome": "upheld"},
                    recorded=date(2026, 10, 22))]
    assert _late("pp/complaint", events, date(2026, 11, 1), "answer")[0] == 3


def test_x_07_a_deadline_never_met_counts_late_until_the_case_closed():
    # PP-11: acknowledgement due 12 October; never sent; the answer of 21 October closed the
    # case: 9 days late, however long ago that was
    events = [Event(date(2026, 10, 5), "received", {"channel": "letter"}),
              Event(date(2026, 10, 21), "answered", {"outcome": "upheld"})]
    assert _late("pp/complaint", events, date(2026, 12, 1), "acknowledge")[0] == 9
