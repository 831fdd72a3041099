"""One table per DNV rule the engine enforces (complaints, objections, inspection, GDPR requests).

Every expected date below was counted by hand from rules.md and SIMULATE.md, never copied from the
engine's output. Atw days that matter (X-04): 2025-12-25/26; 2026: Thu 1 Jan, Fri 2 Jan (equated),
Good Friday 3 April, Easter Monday 6 April, King's Day Mon 27 April, Tue 5 May, Ascension Thu 14
May, Fri 15 May (equated), Whit Monday 25 May, Fri 25 December (26 December is a Saturday);
2027: Fri 1 January. Working days count from the day after the event (X-02); every DNV period
that ends on a weekend or Atw day ends on the next working day, rounded once at the end.
"""


import pytest
from timeline_helpers import (  # beside this file: pytest puts the folder on sys.path
    ANSWER,
    SKIP_HEARING,
    deadline,
    deadline_keys,
    due_status_met,
    ev,
    received,
    refusals,
    run,
)

# -- helpers: see timeline_helpers.py

# A complaint about conduct received Thu 1 Oct 2026: acknowledge Thu 8 Oct (5 working days),
# answer Thu 12 Nov (6 weeks).
COMPLAINT = received("2026-10-01", about="conduct")
# An objection to a decision sent Mon 7 Sep 2026: the objection period ends Mon 19 Oct (6 weeks),
# the answer is due Mon 30 Nov (6 weeks after that).
OBJECTION = received("2026-10-01", decision_on="2026-09-07")


# -- DNV-K-03: an exam result is challenged by objection, not complaint ----------------------------

@pytest.mark.parametrize("channel", ["letter", "email", "oral"])
def test_dnv_k_03_complaint_about_exam_result_is_refused_and_redirected(channel):
    output = run("dnv/complaint", [received("2026-11-02", channel, about="exam_result"),
                                   ev("2026-11-03", "acknowledged")], "2026-11-03")
    assert output["state"] == "refused_intake"
    assert refusals(output)[0] == (0, "DNV-K-03")
    assert "objection" in output["refused"][0]["reason"].lower()
    assert [index for index, _ in refusals(output)] == [0, 1]
    assert output["deadlines"] == []


def test_dnv_k_03_complaint_about_the_exam_itself_is_opened():
    output = run("dnv/complaint", [received("2026-11-02", about="exam", exam_on="2026-10-30")],
                 "2026-11-03")
    assert output["state"] == "open"
    assert output["refused"] == []


# -- DNV-K-05: an exam complaint is filed within 15 working days -----------------------------------

@pytest.mark.parametrize(("exam_on", "due"), [
    ("2026-10-01", "2026-10-22"),  # Thu: 1 + 5 + 5 + 4 working days
    ("2026-10-03", "2026-10-23"),  # Saturday: counting starts Monday 5 Oct
    ("2026-03-25", "2026-04-17"),  # skips Good Friday and Easter Monday
    ("2026-04-20", "2026-05-13"),  # skips King's Day 27 April and 5 May
    ("2026-05-01", "2026-05-28"),  # skips 5 May, Ascension, equated 15 May, Whit Monday
    ("2026-12-14", "2027-01-06"),  # skips Christmas Day and New Year's Day 2027
])
def test_dnv_k_05_exam_complaint_filing_window_is_15_working_days(exam_on, due):
    output = run("dnv/complaint", [received(due, about="exam", exam_on=exam_on)], due)
    filing = deadline(output, "filing")
    assert (filing["rule"], filing["owner"]) == ("DNV-K-05", "filer")
    assert (filing["due"], filing["status"], filing["met_on"]) == (due, "met", due)


def test_dnv_k_05_no_filing_window_for_a_complaint_not_about_an_exam():
    output = run("dnv/complaint", [received("2026-11-02", about="conduct",
                                            exam_on="2026-10-01")], "2026-11-02")
    assert "filing" not in deadline_keys(output)


@pytest.mark.parametrize(("channel", "received_on", "status", "late_decline_refused"), [
    ("letter", "2026-10-15", "met", [(1, "DNV-K-05")]),  # in time: ground "late" refused
    ("letter", "2026-10-22", "met", [(1, "DNV-K-05")]),  # on the last day: in time
    ("oral", "2026-10-22", "met", [(1, "DNV-K-05")]),  # an oral complaint meets it too
    ("letter", "2026-10-23", "missed", []),  # a day late: opened, and "late" may be declined
], ids=["early", "due_day", "oral_due_day", "day_late"])
def test_dnv_k_05_late_exam_complaint_may_be_declined_as_late(channel, received_on, status,
                                                              late_decline_refused):
    events = [received(received_on, channel, about="exam", exam_on="2026-10-01"),
              ev("2026-10-26", "declined", ground="late")]
    output = run("dnv/complaint", events, "2026-10-30")
    assert due_status_met(output, "filing") == ("2026-10-22", status, received_on)
    assert refusals(output) == late_decline_refused
    assert output["state"] == ("open" if late_decline_refused else "declined")


# -- DNV-K-08: an oral complaint's deadlines run from its written confirmation --------------

@pytest.mark.parametrize(("events", "acknowledge", "answer"), [
    ([received("2026-10-01", "oral"), ev("2026-10-05", "put_in_writing")],
     "2026-10-12", "2026-11-16"),  # from Mon 5 Oct: 5 working days; 6 weeks
    ([received("2026-12-22", "oral"), ev("2026-12-24", "put_in_writing")],
     "2027-01-04", "2027-02-04"),  # skips Christmas Day and New Year's Day; 6 weeks from 24 Dec
    ([received("2026-10-01", "oral")], None, None),  # not confirmed yet: nothing runs
], ids=["oral", "oral_christmas", "not_yet_written"])
def test_dnv_k_08_oral_complaint_deadlines_run_from_put_in_writing(events, acknowledge, answer):
    output = run("dnv/complaint", events, events[-1]["on"])
    for key, rule, due in (("acknowledge", "DNV-K-11", acknowledge),
                           ("answer", "DNV-K-17", answer)):
        if due is None:
            assert key not in deadline_keys(output)
        else:
            assert (deadline(output, key)["rule"], deadline(output, key)["due"]) == (rule, due)


def test_dnv_k_08_oral_decline_notice_runs_from_put_in_writing():
    output = run("dnv/complaint", [received("2026-10-01", "oral"),
                                   ev("2026-10-05", "put_in_writing"),
                                   ev("2026-10-06", "declined", ground="already_handled")],
                 "2026-10-07")
    assert due_status_met(output, "decline_notice") == ("2026-11-02", "met", "2026-10-06")


# -- DNV-K-09, DNV-B-05: grounds to decline --------------------------------------------------------

@pytest.mark.parametrize(("procedure", "receipt", "ground", "expected"), [
    ("dnv/complaint", COMPLAINT, "already_handled", []),
    ("dnv/complaint", COMPLAINT, "older_than_a_year", []),
    ("dnv/complaint", COMPLAINT, "court", []),
    ("dnv/complaint", COMPLAINT, "insufficient_interest", []),
    ("dnv/complaint", COMPLAINT, "incomplete", [(1, "DNV-K-09")]),  # an objection ground
    ("dnv/complaint", COMPLAINT, "disproportionate", [(1, "DNV-K-09")]),  # an objection ground
    ("dnv/complaint", COMPLAINT, None, [(1, "DNV-K-09")]),  # a ground is required
    ("dnv/complaint", COMPLAINT, "late", [(1, "DNV-K-05")]),  # no filing window to miss
    ("dnv/objection", OBJECTION, "disproportionate", []),
    ("dnv/objection", OBJECTION, "already_handled", [(1, "DNV-B-05")]),  # a complaint ground
], ids=lambda value: value if isinstance(value, str) else None)
def test_dnv_k_09_dnv_b_05_decline_only_on_a_ground_of_the_procedure(procedure, receipt, ground,
                                                                     expected):
    fields = {} if ground is None else {"ground": ground}
    output = run(procedure, [receipt, ev("2026-10-05", "declined", **fields)], "2026-10-06")
    assert refusals(output) == expected
    assert output["state"] == ("open" if expected else "declined")


# -- DNV-K-10: the decision not to handle, within four weeks ---------------------------------------

@pytest.mark.parametrize(("received_on", "declined_on", "due", "status"), [
    ("2026-10-01", "2026-10-02", "2026-10-29", "met"),  # early
    ("2026-10-01", "2026-10-29", "2026-10-29", "met"),  # on the due day
    ("2026-10-01", "2026-10-30", "2026-10-29", "missed"),  # a day late
    ("2026-04-07", "2026-05-06", "2026-05-06", "met"),  # 4 weeks end on 5 May: Wed 6 May
])
def test_dnv_k_10_decline_notice_due_four_weeks_after_receipt(received_on, declined_on, due,
                                                              status):
    output = run("dnv/complaint", [received(received_on, about="conduct"),
                                   ev(declined_on, "declined", ground="court")], "2026-11-20")
    notice = deadline(output, "decline_notice")
    assert (notice["rule"], notice["owner"]) == ("DNV-K-10", "organization")
    assert (notice["due"], notice["status"], notice["met_on"]) == (due, status, declined_on)
    assert output["state"] == "declined"
    assert deadline(output, "answer")["status"] == "cancelled"  # declined cancels the answer


def test_dnv_k_10_no_decline_notice_unless_declined():
    output = run("dnv/complaint", [COMPLAINT, ev("2026-10-05", "acknowledged")], "2026-11-20")
    assert "decline_notice" not in deadline_keys(output)


# -- DNV-K-11, DNV-B-03: acknowledge within five working days --------------------------------------

@pytest.mark.parametrize(("procedure", "rule", "receipt", "due"), [
    ("dnv/complaint", "DNV-K-11", received("2026-10-01"), "2026-10-08"),  # Thu: Fri + Mon-Thu
    ("dnv/complaint", "DNV-K-11", received("2026-10-03"), "2026-10-09"),  # Saturday: Mon-Fri
    ("dnv/complaint", "DNV-K-11", received("2026-12-21"), "2026-12-29"),  # Christmas Day
    ("dnv/objection", "DNV-B-03", received("2026-12-24", decision_on="2026-12-01"),
     "2027-01-04"),  # Christmas Day and New Year's Day 2027
    ("dnv/complaint", "DNV-K-11", received("2025-12-29"), "2026-01-07"),  # 1 Jan, equated 2 Jan
    ("dnv/complaint", "DNV-K-11", received("2026-04-01"), "2026-04-10"),  # Good Fri, Easter Mon
    ("dnv/objection", "DNV-B-03", received("2026-04-22", decision_on="2026-04-01"),
     "2026-04-30"),  # King's Day, Mon 27 April
    ("dnv/complaint", "DNV-K-11", received("2026-04-29"), "2026-05-07"),  # 5 May (every year)
    ("dnv/objection", "DNV-B-03", received("2026-05-12", decision_on="2026-04-30"),
     "2026-05-21"),  # Ascension and equated 15 May
], ids=lambda value: value if isinstance(value, str) and value.startswith("20") else None)
def test_dnv_k_11_dnv_b_03_acknowledge_within_five_working_days(procedure, rule, receipt, due):
    output = run(procedure, [receipt], receipt["on"])
    acknowledge = deadline(output, "acknowledge")
    assert (acknowledge["rule"], acknowledge["due"], acknowledge["status"]) == (rule, due, "open")


@pytest.mark.parametrize(("procedure", "receipt", "later", "as_of", "status", "met_on"), [
    ("dnv/complaint", COMPLAINT, [], "2026-10-08", "open", None),
    ("dnv/complaint", COMPLAINT, [], "2026-10-09", "missed", None),
    ("dnv/complaint", COMPLAINT, [ev("2026-10-08", "acknowledged")], "2026-10-20", "met",
     "2026-10-08"),
    ("dnv/complaint", COMPLAINT, [ev("2026-10-09", "acknowledged")], "2026-10-20", "missed",
     "2026-10-09"),
    ("dnv/complaint", COMPLAINT, [ev("2026-10-05", "answered", **SKIP_HEARING)], "2026-10-20",
     "cancelled", None),  # an answer does not meet the acknowledgement
    ("dnv/objection", OBJECTION, [ev("2026-10-02", "withdrawn")], "2026-10-20", "cancelled",
     None),
    ("dnv/objection", OBJECTION, [ev("2026-10-08", "acknowledged")], "2026-10-20", "met",
     "2026-10-08"),
], ids=["open", "missed", "met", "late", "cancelled_by_answer", "withdrawn", "objection_met"])
def test_dnv_k_11_dnv_b_03_acknowledge_status(procedure, receipt, later, as_of, status, met_on):
    output = run(procedure, [receipt, *later], as_of)
    assert due_status_met(output, "acknowledge") == ("2026-10-08", status, met_on)


# -- DNV-K-12, DNV-B-04: impartial handler ---------------------------------------------------------

@pytest.mark.parametrize(("procedure", "receipt", "involved", "expected"), [
    ("dnv/complaint", received("2026-10-01", about="conduct"), True, [(1, "DNV-K-12")]),
    ("dnv/complaint", received("2026-10-01", about="conduct"), False, []),
    ("dnv/complaint", received("2026-10-01", about="exam", exam_on="2026-09-30"), True,
     [(1, "DNV-K-12")]),
    ("dnv/complaint", received("2026-10-01", about="dnv_itself"), True, []),  # the exception
    ("dnv/objection", OBJECTION, True, [(1, "DNV-B-04")]),
    ("dnv/objection", OBJECTION, False, []),
], ids=["conduct_involved", "conduct_not_involved", "exam_involved", "dnv_itself_involved",
        "objection_involved", "objection_not_involved"])
def test_dnv_k_12_dnv_b_04_involved_person_may_not_handle(procedure, receipt, involved,
                                                          expected):
    output = run(procedure, [receipt, ev("2026-10-02", "assigned", handler="examiner",
                                         involved=involved)], "2026-10-02")
    assert refusals(output) == expected
    assert output["state"] == "open"


# -- DNV-B-15: the hearing is held by persons not involved -----------------------------------------

@pytest.mark.parametrize(("held", "expected", "state"), [
    ({"involved": True}, [(3, "DNV-B-15"), (4, "DNV-B-13")], "open"),  # no valid hearing held
    ({"involved": False}, [], "answered"),
    ({}, [], "answered"),
], ids=["involved", "not_involved", "involved_not_given"])
def test_dnv_b_15_hearing_held_by_an_involved_person_is_refused(held, expected, state):
    output = run("dnv/objection", [OBJECTION, ev("2026-10-02", "hearing_invited"),
                                   ev("2026-10-05", "hearing_requested"),
                                   ev("2026-10-12", "hearing_held", **held),
                                   ev("2026-10-20", "answered", **ANSWER)], "2026-10-21")
    assert refusals(output) == expected
    assert output["state"] == state


# -- DNV-K-02: the certificate holder responds within four weeks -----------------------------------

@pytest.mark.parametrize(("receipt", "later", "as_of", "due", "status", "met_on"), [
    (COMPLAINT, [ev("2026-10-05", "holder_notified")], "2026-11-02", "2026-11-02", "open", None),
    (COMPLAINT, [ev("2026-10-05", "holder_notified")], "2026-11-03", "2026-11-02", "expired",
     None),  # the holder's own term ran out unused: expired, not missed
    (COMPLAINT, [ev("2026-10-05", "holder_notified"), ev("2026-11-02", "holder_responded")],
     "2026-11-10", "2026-11-02", "met", "2026-11-02"),
    (COMPLAINT, [ev("2026-10-05", "holder_notified"), ev("2026-11-03", "holder_responded")],
     "2026-11-10", "2026-11-02", "missed", "2026-11-03"),  # responded, but late
    (received("2026-04-01"), [ev("2026-04-07", "holder_notified")], "2026-04-07", "2026-05-06",
     "open", None),  # 4 weeks end on 5 May: Wed 6 May
    (received("2026-11-20"), [ev("2026-11-27", "holder_notified")], "2026-11-27", "2026-12-28",
     "open", None),  # 4 weeks end on Christmas Day: Mon 28 December
    (COMPLAINT, [ev("2026-10-05", "holder_notified"), ev("2026-10-20", "answered",
                                                         **SKIP_HEARING)],
     "2026-11-10", "2026-11-02", "cancelled", None),  # the case ended first
], ids=["open", "expired", "met", "late", "rounded_5_may", "rounded_christmas", "cancelled"])
def test_dnv_k_02_holder_responds_within_four_weeks(receipt, later, as_of, due, status, met_on):
    output = run("dnv/complaint", [receipt, *later], as_of)
    response = deadline(output, "holder_response")
    assert (response["rule"], response["owner"]) == ("DNV-K-02", "holder")
    assert (response["due"], response["status"], response["met_on"]) == (due, status, met_on)


# -- DNV-K-14, DNV-K-15, DNV-B-13, DNV-B-14: a hearing before the answer ---------------------------

INVITED = ev("2026-10-05", "hearing_invited")  # default term 2 weeks: reply by Mon 19 Oct


@pytest.mark.parametrize(("procedure", "receipt", "before", "answered_on", "skipped", "refused"), [
    ("dnv/complaint", COMPLAINT, [], "2026-10-20", None, "DNV-K-14"),
    ("dnv/complaint", COMPLAINT, [INVITED, ev("2026-10-07", "hearing_requested"),
                                  ev("2026-10-15", "hearing_held")], "2026-10-20", None, None),
    ("dnv/complaint", COMPLAINT, [INVITED, ev("2026-10-07", "hearing_waived")], "2026-10-20",
     None, None),
    ("dnv/complaint", COMPLAINT, [INVITED], "2026-10-20", None, None),  # term ran out unused
    ("dnv/complaint", COMPLAINT, [INVITED], "2026-10-19", None, "DNV-K-14"),  # term still runs
    ("dnv/complaint", COMPLAINT, [INVITED, ev("2026-10-07", "hearing_requested")], "2026-10-20",
     None, "DNV-K-14"),  # requested but not held
    ("dnv/complaint", COMPLAINT, [], "2026-10-20", "manifestly_unfounded", None),
    ("dnv/complaint", COMPLAINT, [], "2026-10-20", "fully_granted", "DNV-K-15"),
    ("dnv/complaint", COMPLAINT, [], "2026-10-20", "manifestly_inadmissible", "DNV-K-15"),
    ("dnv/complaint", received("2026-04-01"), [ev("2026-04-21", "hearing_invited")],
     "2026-05-06", None, "DNV-K-14"),  # term ends 5 May, rounded to 6 May: still runs
    ("dnv/complaint", received("2026-04-01"), [ev("2026-04-21", "hearing_invited")],
     "2026-05-07", None, None),  # ran out after the rounded 6 May
    ("dnv/objection", OBJECTION, [], "2026-10-20", None, "DNV-B-13"),
    ("dnv/objection", OBJECTION, [INVITED, ev("2026-10-07", "hearing_requested"),
                                  ev("2026-10-15", "hearing_held")], "2026-10-20", None, None),
    ("dnv/objection", OBJECTION, [INVITED, ev("2026-10-07", "hearing_waived")], "2026-10-20",
     None, None),
    ("dnv/objection", OBJECTION, [INVITED, ev("2026-10-07", "hearing_requested")], "2026-10-20",
     None, "DNV-B-13"),
    ("dnv/objection", OBJECTION, [ev("2026-10-05", "hearing_invited", term_weeks=3)],
     "2026-10-26", None, "DNV-B-13"),  # the term DNV set (3 weeks) ends Mon 26 Oct
    ("dnv/objection", OBJECTION, [ev("2026-10-05", "hearing_invited", term_weeks=3)],
     "2026-10-27", None, None),
    ("dnv/objection", OBJECTION, [], "2026-10-20", "fully_granted", None),
    ("dnv/objection", OBJECTION, [], "2026-10-20", "manifestly_inadmissible", None),
    ("dnv/objection", OBJECTION, [], "2026-10-20", "manifestly_unfounded", None),
])
def test_dnv_k_14_dnv_b_13_answer_only_after_a_hearing_was_offered(procedure, receipt, before,
                                                                   answered_on, skipped,
                                                                   refused):
    fields = {**ANSWER, **({"hearing_skipped": skipped} if skipped else {})}
    events = [receipt, *before, ev(answered_on, "answered", **fields)]
    output = run(procedure, events, answered_on)
    assert refusals(output) == ([(len(events) - 1, refused)] if refused else [])
    assert output["state"] == ("open" if refused else "answered")


@pytest.mark.parametrize(("procedure", "receipt", "invited", "reply", "as_of", "expected"), [
    ("dnv/complaint", COMPLAINT, INVITED, None, "2026-10-19",
     ("DNV-K-15", "2026-10-19", "open", None)),
    ("dnv/complaint", COMPLAINT, INVITED, None, "2026-10-20",
     ("DNV-K-15", "2026-10-19", "expired", None)),  # the filer's term: expired, not missed
    ("dnv/complaint", COMPLAINT, INVITED, ev("2026-10-19", "hearing_waived"), "2026-10-20",
     ("DNV-K-15", "2026-10-19", "met", "2026-10-19")),
    ("dnv/complaint", COMPLAINT, INVITED, ev("2026-10-12", "hearing_requested"), "2026-10-20",
     ("DNV-K-15", "2026-10-19", "met", "2026-10-12")),
    ("dnv/objection", OBJECTION, ev("2026-10-05", "hearing_invited", term_weeks=3), None,
     "2026-10-20", ("DNV-B-14", "2026-10-26", "open", None)),
    ("dnv/objection", OBJECTION, INVITED, None, "2026-10-20",
     ("DNV-B-14", "2026-10-19", "expired", None)),
])
def test_dnv_k_15_dnv_b_14_hearing_reply_term(procedure, receipt, invited, reply, as_of,
                                              expected):
    events = [receipt, invited] + ([reply] if reply else [])
    reply_term = deadline(run(procedure, events, as_of), "hearing_reply")
    assert reply_term["owner"] == "filer"
    assert (reply_term["rule"], reply_term["due"], reply_term["status"],
            reply_term["met_on"]) == expected


# -- DNV-K-17, DNV-K-18: six weeks; once at most four more, then only with consent -----------------

@pytest.mark.parametrize(("receipt", "extensions", "as_of", "due", "refused"), [
    (COMPLAINT, [], "2026-11-01", "2026-11-12", []),  # 6 weeks after Thu 1 Oct
    (COMPLAINT, [("2026-11-01", {"weeks": 4})], "2026-11-01", "2026-12-10", []),
    (COMPLAINT, [("2026-11-01", {"weeks": 2})], "2026-11-01", "2026-11-26", []),
    (COMPLAINT, [("2026-11-01", {"weeks": 5})], "2026-11-01", "2026-11-12",
     [(1, "DNV-K-18")]),  # refused whole: deadline unchanged
    (COMPLAINT, [("2026-11-01", {"weeks": 4}), ("2026-11-20", {"weeks": 2})], "2026-11-20",
     "2026-12-10", [(2, "DNV-K-18")]),  # a second one needs consent
    (COMPLAINT, [("2026-11-01", {"weeks": 4}), ("2026-11-20", {"weeks": 2, "consent": True})],
     "2026-11-20", "2026-12-24", []),
    (COMPLAINT, [("2026-11-01", {"weeks": 2}), ("2026-11-20", {"weeks": 2})], "2026-11-20",
     "2026-11-26", [(2, "DNV-K-18")]),  # once, even when the total stays within 4 weeks
    (COMPLAINT, [("2026-11-12", {"weeks": 4})], "2026-11-12", "2026-12-10", []),  # on due day
    (COMPLAINT, [("2026-11-13", {"weeks": 4})], "2026-11-13", "2026-11-12",
     [(1, "X-07")]),  # after the deadline passed: refused, stays missed
    (received("2026-11-13"), [], "2026-11-13", "2026-12-28", []),  # ends 25 Dec: Mon 28 Dec
    (received("2026-11-13"), [("2026-12-28", {"weeks": 1})], "2026-12-28", "2027-01-04", []),
    # on time on the rounded day; 1 week added to 25 Dec gives Fri 1 Jan 2027: Mon 4 Jan
    (received("2026-11-13"), [("2026-12-28", {"weeks": 4})], "2026-12-28", "2027-01-22", []),
    # 4 weeks added to the unrounded 25 Dec: Fri 22 Jan 2027 (not 25 Jan)
], ids=["plain", "4w", "2w", "5w_refused", "second_no_consent", "second_consent",
        "2w_then_2w", "on_due_day", "after_due", "rounded", "rounded_ext_1w",
        "rounded_ext_4w"])
def test_dnv_k_17_dnv_k_18_complaint_answer_and_extension(receipt, extensions, as_of, due,
                                                          refused):
    events = [receipt] + [ev(on, "extended", **fields) for on, fields in extensions]
    output = run("dnv/complaint", events, as_of)
    answer = deadline(output, "answer")
    assert (answer["rule"], answer["due"]) == ("DNV-K-17", due)
    assert refusals(output) == refused
    expected_status = "missed" if as_of > due else "open"
    assert answer["status"] == expected_status


# -- X-20, DNV-B-07: the objection period, and six weeks after its (rounded) end -------------------

@pytest.mark.parametrize(("decision_on", "received_on", "filing_due", "answer_due"), [
    ("2026-09-07", "2026-10-01", "2026-10-19", "2026-11-30"),  # Mon + 6 weeks, twice
    ("2026-09-05", "2026-09-08", "2026-10-19", "2026-11-30"),  # period ends Sat 17 Oct: Mon
    ("2026-03-24", "2026-04-01", "2026-05-06", "2026-06-17"),  # ends 5 May: 6 May; + 6 weeks
    ("2026-10-02", "2026-10-05", "2026-11-13", "2026-12-28"),  # answer ends 25 Dec: Mon 28
    ("2026-11-13", "2026-11-16", "2026-12-28", "2027-02-08"),  # period ends 25 Dec: Mon 28
    ("2026-11-20", "2026-11-20", "2027-01-04", "2027-02-15"),  # period ends Fri 1 Jan 2027
    ("2025-11-21", "2025-11-24", "2026-01-05", "2026-02-16"),  # ends Fri 2 Jan 2026 (equated)
])
def test_x_20_dnv_b_07_objection_answer_six_weeks_after_the_objection_period(
        decision_on, received_on, filing_due, answer_due):
    output = run("dnv/objection", [received(received_on, decision_on=decision_on)],
                 received_on)
    filing, answer = deadline(output, "filing"), deadline(output, "answer")
    assert (filing["rule"], filing["owner"], filing["due"], filing["status"]) == (
        "X-20", "filer", filing_due, "met")
    assert (answer["rule"], answer["owner"], answer["due"], answer["status"]) == (
        "DNV-B-07", "organization", answer_due, "open")


@pytest.mark.parametrize(("received_on", "status"), [
    ("2026-09-04", "met"),  # DNV-B-06: before the period started, the decision existed
    ("2026-09-07", "met"),  # on the day of the decision
    ("2026-10-19", "met"),  # last day of the period
    ("2026-10-20", "missed"),  # a day late: opened all the same
])
def test_dnv_b_06_x_20_objection_filing_window(received_on, status):
    output = run("dnv/objection", [received(received_on, decision_on="2026-09-07")],
                 "2026-10-22")
    assert due_status_met(output, "filing") == ("2026-10-19", status, received_on)
    assert deadline(output, "answer")["due"] == "2026-11-30"  # from the end of the period
    assert output["state"] == "open"


@pytest.mark.parametrize(("received_on", "expected", "state"), [
    ("2026-10-19", [(1, "X-20")], "open"),  # filed in time: not late
    ("2026-10-20", [], "declined"),  # filed late: may be declined as late
])
def test_x_20_late_objection_may_be_declined_as_late(received_on, expected, state):
    output = run("dnv/objection", [received(received_on, decision_on="2026-09-07"),
                                   ev("2026-10-22", "declined", ground="late")], "2026-10-22")
    assert refusals(output) == expected
    assert output["state"] == state


# -- DNV-B-08, DNV-B-10: the answer period stands still while an omission is remedied --------------

@pytest.mark.parametrize(("setup", "later", "as_of", "remedy", "answer_due"), [
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2), ev("2026-10-09", "remedied")],
     "2026-10-20", ("2026-10-19", "met", "2026-10-09"), "2026-12-04"),  # 4 days: 30 Nov + 4
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2), ev("2026-10-19", "remedied")],
     "2026-10-20", ("2026-10-19", "met", "2026-10-19"), "2026-12-14"),  # on the last day: 14
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2)],
     "2026-10-20", ("2026-10-19", "expired", None), "2026-12-14"),  # unused: to its end, 14
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=3), ev("2026-10-06", "remedied")],
     "2026-10-20", ("2026-10-26", "met", "2026-10-06"), "2026-12-01"),  # 1 day
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=3)],
     "2026-10-27", ("2026-10-26", "expired", None), "2026-12-21"),  # unused 3 weeks: 21 days
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=4), ev("2026-10-30", "remedied")],
     "2026-11-01", ("2026-11-02", "met", "2026-10-30"), "2026-12-28"),
    # 25 days: 30 Nov + 25 = Christmas Day, rounded once at the end to Mon 28 Dec
    (received("2026-04-10", decision_on="2026-04-01"),
     [ev("2026-04-21", "incomplete", term_weeks=2)],
     "2026-05-07", ("2026-05-06", "expired", None), "2026-07-09"),
    # period ends Wed 13 May, answer Wed 24 Jun; remedy ends 5 May -> 6 May: 15 days -> 9 Jul
    (received("2026-04-10", decision_on="2026-04-01"),
     [ev("2026-04-21", "incomplete", term_weeks=2), ev("2026-05-06", "remedied")],
     "2026-05-07", ("2026-05-06", "met", "2026-05-06"), "2026-07-09"),  # on the rounded day
    (received("2026-04-10", decision_on="2026-04-01"),
     [ev("2026-04-21", "incomplete", term_weeks=2), ev("2026-04-23", "remedied")],
     "2026-05-07", ("2026-05-06", "met", "2026-04-23"), "2026-06-26"),  # 2 days
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2), ev("2026-10-09", "remedied"),
                 ev("2026-11-02", "extended", weeks=6)],
     "2026-11-02", ("2026-10-19", "met", "2026-10-09"), "2027-01-15"),
    # suspension and extension both count: 30 Nov + 4 days + 42 days = Fri 15 Jan 2027
], ids=["remedied_4_days", "remedied_last_day", "unused", "term_3w_remedied", "term_3w_unused",
        "suspension_ends_on_christmas", "unused_rounded_remedy", "remedied_rounded_day",
        "remedied_early", "suspended_and_extended"])
def test_dnv_b_08_dnv_b_10_suspension_while_an_omission_is_remedied(setup, later, as_of, remedy,
                                                                    answer_due):
    output = run("dnv/objection", [setup, *later], as_of)
    term = deadline(output, "remedy")
    assert (term["rule"], term["owner"]) == ("DNV-B-10", "filer")
    assert due_status_met(output, "remedy") == remedy
    assert deadline(output, "answer")["due"] == answer_due
    assert output["refused"] == []


# -- DNV-B-11: declare inadmissible within four weeks after the remedy term ran out ----------------

@pytest.mark.parametrize(("setup", "later", "as_of", "expected"), [
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2)], "2026-10-20",
     ("2026-11-16", "open", None)),  # remedy term ended Mon 19 Oct; + 4 weeks
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2)], "2026-10-19",
     None),  # the remedy term still runs on its last day
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2), ev("2026-10-09", "remedied")],
     "2026-10-20", None),  # remedied: nothing to declare
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2),
                 ev("2026-11-16", "declined", ground="incomplete")], "2026-11-20",
     ("2026-11-16", "met", "2026-11-16")),
    (OBJECTION, [ev("2026-10-05", "incomplete", term_weeks=2),
                 ev("2026-11-17", "declined", ground="incomplete")], "2026-11-20",
     ("2026-11-16", "missed", "2026-11-17")),
    (received("2026-04-10", decision_on="2026-04-01"),
     [ev("2026-04-21", "incomplete", term_weeks=2)], "2026-05-07",
     ("2026-06-03", "open", None)),  # from the rounded remedy end, Wed 6 May
    (received("2026-03-20", decision_on="2026-03-02"),
     [ev("2026-03-24", "incomplete", term_weeks=2)], "2026-04-08",
     ("2026-05-06", "open", None)),  # remedy ends Tue 7 Apr; + 4 weeks = 5 May: Wed 6 May
], ids=["open", "term_still_runs", "remedied", "met", "late", "rounded_start", "rounded_end"])
def test_dnv_b_11_inadmissible_notice_four_weeks_after_the_remedy_term(setup, later, as_of,
                                                                       expected):
    output = run("dnv/objection", [setup, *later], as_of)
    if expected is None:
        assert "inadmissible_notice" not in deadline_keys(output)
    else:
        notice = deadline(output, "inadmissible_notice")
        assert (notice["rule"], notice["owner"]) == ("DNV-B-11", "organization")
        assert due_status_met(output, "inadmissible_notice") == expected


@pytest.mark.parametrize(("later", "expected", "state"), [
    ([ev("2026-10-12", "declined", ground="incomplete")], [(2, "DNV-B-11")], "open"),
    ([ev("2026-10-19", "declined", ground="incomplete")], [(2, "DNV-B-11")], "open"),  # last day
    ([ev("2026-10-20", "declined", ground="incomplete")], [], "declined"),  # ran out unused
    ([ev("2026-10-09", "remedied"), ev("2026-10-20", "declined", ground="incomplete")],
     [(3, "DNV-B-11")], "open"),  # it was remedied
], ids=["term_runs", "term_last_day", "term_ran_out", "remedied"])
def test_dnv_b_11_declined_as_incomplete_only_after_the_remedy_term_ran_out(later, expected,
                                                                            state):
    output = run("dnv/objection", [OBJECTION, ev("2026-10-05", "incomplete", term_weeks=2),
                                   *later], "2026-10-21")
    assert refusals(output) == expected
    assert output["state"] == state


def test_dnv_b_11_declined_incomplete_without_a_remedy_request_is_refused():
    output = run("dnv/objection", [OBJECTION, ev("2026-10-05", "declined", ground="incomplete")],
                 "2026-10-06")
    assert [index for index, _ in refusals(output)] == [1]
    assert refusals(output)[0][1] in ("DNV-B-10", "DNV-B-11")
    assert output["state"] == "open"


# -- DNV-B-09: the objection answer may be extended once by six weeks ------------------------------

@pytest.mark.parametrize(("extensions", "as_of", "due", "refused"), [
    ([("2026-11-02", {"weeks": 6})], "2026-11-02", "2027-01-11", []),  # Mon 30 Nov + 42 days
    ([("2026-11-02", {"weeks": 3})], "2026-11-02", "2026-12-21", []),
    ([("2026-11-02", {"weeks": 7})], "2026-11-02", "2026-11-30", [(1, "DNV-B-09")]),
    ([("2026-11-02", {"weeks": 6}), ("2026-11-20", {"weeks": 1})], "2026-11-20", "2027-01-11",
     [(2, "DNV-B-09")]),  # a second one needs consent
    ([("2026-11-02", {"weeks": 6}), ("2026-11-20", {"weeks": 1, "consent": True})],
     "2026-11-20", "2027-01-18", []),
    ([("2026-11-30", {"weeks": 6})], "2026-11-30", "2027-01-11", []),  # on the due day
    ([("2026-12-01", {"weeks": 6})], "2026-12-01", "2026-11-30", [(1, "X-07")]),  # too late
], ids=["6w", "3w", "7w_refused", "second_no_consent", "second_consent", "on_due_day",
        "after_due"])
def test_dnv_b_09_objection_extension_once_by_six_weeks(extensions, as_of, due, refused):
    events = [OBJECTION] + [ev(on, "extended", **fields) for on, fields in extensions]
    output = run("dnv/objection", events, as_of)
    assert deadline(output, "answer")["due"] == due
    assert refusals(output) == refused
    assert deadline(output, "answer")["status"] == ("missed" if as_of > due else "open")


# -- DNV-I-02, X-11: inspection within 5 calendar days after the result, rounded (X-04) ------------

@pytest.mark.parametrize(("result_on", "due"), [
    ("2026-10-01", "2026-10-06"),  # Thu + 5 days = Tue (not 5 working days: 8 Oct)
    ("2026-10-05", "2026-10-12"),  # ends Sat 10 Oct: Mon 12 Oct
    ("2026-10-06", "2026-10-12"),  # ends Sun 11 Oct: Mon 12 Oct
    ("2026-04-22", "2026-04-28"),  # ends on King's Day
    ("2026-04-30", "2026-05-06"),  # ends on 5 May
    ("2026-03-29", "2026-04-07"),  # ends on Good Friday; Easter Monday too
    ("2025-12-28", "2026-01-05"),  # ends on the equated Fri 2 January 2026
    ("2026-12-20", "2026-12-28"),  # ends on Christmas Day
])
def test_dnv_i_02_x_11_inspection_requested_within_five_calendar_days(result_on, due):
    output = run("dnv/inspection", [received(result_on, "email", result_on=result_on)],
                 result_on)
    filing = deadline(output, "filing")
    assert (filing["rule"], filing["owner"], filing["due"], filing["status"]) == (
        "DNV-I-02", "filer", due, "met")


@pytest.mark.parametrize(("received_on", "status", "late_allowed"), [
    ("2026-10-06", "met", False),  # on the last day
    ("2026-10-07", "missed", True),  # a day late
])
def test_dnv_i_02_late_inspection_request_may_be_declined_as_late(received_on, status,
                                                                  late_allowed):
    receipt = received(received_on, result_on="2026-10-01")
    before = run("dnv/inspection", [receipt], "2026-10-08")
    assert due_status_met(before, "filing") == ("2026-10-06", status, received_on)
    assert ("declined" in before["allowed"]) is late_allowed  # "late" is its only ground
    after = run("dnv/inspection", [receipt, ev("2026-10-08", "declined", ground="late")],
                "2026-10-08")
    assert refusals(after) == ([] if late_allowed else [(1, "DNV-I-02")])


@pytest.mark.parametrize("procedure", ["dnv/inspection", "dnv/terms"])
def test_dnv_i_02_dnv_i_08_inspection_and_terms_have_no_answer_deadline(procedure):
    output = run(procedure, [received("2026-10-02", result_on="2026-10-01")], "2026-10-02")
    assert "answer" not in deadline_keys(output)
    if procedure == "dnv/terms":
        assert "filing" not in deadline_keys(output)  # no filing window for the terms list


# -- DNV-I-07, DNV-I-08: fees with 21% VAT ---------------------------------------------------------

INSPECTION_FEE = {"item": "inspection", "rule": "DNV-I-07", "excl_vat": "75.00",
                  "vat": "15.75", "incl_vat": "90.75"}
TERMS_FEE = {"item": "terms", "rule": "DNV-I-08", "excl_vat": "45.00", "vat": "9.45",
             "incl_vat": "54.45"}


def invoice_fee(rule: str) -> dict:
    return {"item": "invoice_admin", "rule": rule, "excl_vat": "50.00", "vat": "10.50",
            "incl_vat": "60.50"}


@pytest.mark.parametrize(("procedure", "receipt", "fees"), [
    ("dnv/inspection", received("2026-10-02", result_on="2026-10-01"), [INSPECTION_FEE]),
    ("dnv/inspection", received("2026-10-02", result_on="2026-10-01", invoice=False),
     [INSPECTION_FEE]),
    ("dnv/inspection", received("2026-10-02", result_on="2026-10-01", invoice=True),
     [INSPECTION_FEE, invoice_fee("DNV-I-07")]),
    ("dnv/inspection", received("2026-10-09", result_on="2026-10-01", invoice=True),
     [INSPECTION_FEE, invoice_fee("DNV-I-07")]),  # filed late: fees listed all the same
    ("dnv/terms", received("2026-10-02", result_on="2026-10-01"), [TERMS_FEE]),
    ("dnv/terms", received("2026-10-02", result_on="2026-10-01", invoice=True),
     [TERMS_FEE, invoice_fee("DNV-I-08")]),
    ("dnv/inspection", received("2026-10-02", "oral", result_on="2026-10-01"), []),  # not opened
    ("dnv/complaint", received("2026-10-02", invoice=True), []),  # no fees for complaints
], ids=["inspection", "inspection_no_invoice", "inspection_invoice", "inspection_late",
        "terms", "terms_invoice", "inspection_refused_intake", "complaint"])
def test_dnv_i_07_dnv_i_08_fees_with_21_percent_vat(procedure, receipt, fees):
    output = run(procedure, [receipt], "2026-10-10")
    assert all(set(fee) == {"item", "rule", "excl_vat", "vat", "incl_vat"}
               for fee in output["fees"])
    by_item = sorted(output["fees"], key=lambda fee: fee["item"])
    assert by_item == sorted(fees, key=lambda fee: fee["item"])


# -- a GDPR request within one month, once extendable by two months --------------------------

@pytest.mark.parametrize(("received_on", "due"), [
    ("2026-10-05", "2026-11-05"),  # same day number
    ("2026-01-31", "2026-03-02"),  # clamped to Sat 28 Feb: Mon 2 March
    ("2026-03-31", "2026-04-30"),  # clamped to 30 April, a Thursday
    ("2026-03-27", "2026-04-28"),  # 27 April is King's Day
    ("2026-11-25", "2026-12-28"),  # Christmas Day, then the weekend
    ("2025-12-02", "2026-01-05"),  # the equated Fri 2 January 2026
])
def test_x_10_data_request_answered_within_one_month(received_on, due):
    answer = deadline(run("dnv/data_request", [received(received_on)], received_on), "answer")
    assert (answer["rule"], answer["due"], answer["status"]) == ("X-10", due, "open")


def test_x_10_oral_data_request_month_runs_from_receipt():
    # X-10 names its start (receipt), so X-05's "from the written complaint" does not apply
    output = run("dnv/data_request", [received("2026-10-05", "oral")], "2026-10-06")
    assert deadline(output, "answer")["due"] == "2026-11-05"


@pytest.mark.parametrize(("received_on", "extensions", "as_of", "due", "refused"), [
    ("2026-10-05", [("2026-11-05", {"months": 2})], "2026-11-05", "2027-01-05", []),
    ("2026-10-05", [("2026-10-20", {"months": 1})], "2026-10-20", "2026-12-07",
     []),  # Sat 5 Dec: Mon 7 Dec
    ("2026-10-05", [("2026-10-20", {"months": 3})], "2026-10-20", "2026-11-05",
     [(1, "X-10")]),  # refused whole
    ("2026-10-05", [("2026-11-06", {"months": 2})], "2026-11-06", "2026-11-05",
     [(1, "X-07")]),  # not told within the first month
    ("2026-01-31", [("2026-03-02", {"months": 2})], "2026-03-02", "2026-04-28",
     []),  # on the rounded day; 2 months added to the unrounded 28 Feb
    ("2026-01-31", [("2026-03-03", {"months": 2})], "2026-03-03", "2026-03-02",
     [(1, "X-07")]),
    ("2026-10-05", [("2026-10-20", {"months": 1}), ("2026-11-20", {"months": 1})], "2026-11-20",
     "2026-12-07", [(2, "X-10")]),  # extendable once
    ("2026-10-05", [("2026-10-20", {"weeks": 8})], "2026-10-20", "2026-12-31",
     []),  # 8 weeks (to Thu 31 Dec) stay within the 2 months (to 5 Jan)
    ("2026-10-05", [("2026-10-20", {"weeks": 9})], "2026-10-20", "2026-11-05",
     [(1, "X-10")]),  # 9 weeks (to 7 Jan) are more than 2 months
], ids=["2m", "1m", "3m_refused", "too_late", "rounded_due", "after_rounded_due",
        "second_extension", "8w", "9w_refused"])
def test_x_10_data_request_extension(received_on, extensions, as_of, due, refused):
    events = [received(received_on)] + [ev(on, "extended", **f) for on, f in extensions]
    output = run("dnv/data_request", events, as_of)
    assert deadline(output, "answer")["due"] == due
    assert refusals(output) == refused


# -- a DNV period that ends on a weekend or Atw day ends on the next working day -------------

@pytest.mark.parametrize(("received_on", "due"), [
    ("2026-03-24", "2026-05-06"),  # 6 weeks end on Tue 5 May
    ("2025-11-21", "2026-01-05"),  # on the equated Fri 2 January 2026
    ("2026-11-14", "2026-12-28"),  # on Sat 26 December
    ("2026-11-13", "2026-12-28"),  # on Christmas Day
    ("2026-02-20", "2026-04-07"),  # on Good Friday; then the weekend and Easter Monday
    ("2026-02-23", "2026-04-07"),  # on Easter Monday
    ("2026-03-16", "2026-04-28"),  # on King's Day
    ("2026-04-02", "2026-05-18"),  # on Ascension; equated 15 May; weekend
    ("2026-04-13", "2026-05-26"),  # on Whit Monday
    ("2026-10-03", "2026-11-16"),  # on Sat 14 November
    ("2026-10-05", "2026-11-16"),  # a Monday: not moved
])
def test_x_04_dnv_answer_deadline_rounded_to_next_working_day(received_on, due):
    output = run("dnv/complaint", [received(received_on, about="conduct")], received_on)
    assert deadline(output, "answer")["due"] == due


@pytest.mark.parametrize(("later", "as_of", "status", "met_on"), [
    ([], "2026-03-01", "open", None),  # past the unrounded Sat 28 Feb, before the rounded day
    ([], "2026-03-02", "open", None),  # the rounded due day
    ([], "2026-03-03", "missed", None),
    ([ev("2026-03-02", "answered", **ANSWER)], "2026-03-05", "met", "2026-03-02"),
], ids=["sunday_after_raw_end", "rounded_day", "day_after", "answered_on_rounded_day"])
def test_x_04_status_follows_the_rounded_due_day(later, as_of, status, met_on):
    output = run("dnv/data_request", [received("2026-01-31"), *later], as_of)
    assert due_status_met(output, "answer") == ("2026-03-02", status, met_on)


def test_dnv_b_02_objection_is_written_only():
    output = run("dnv/objection", [received("2026-10-01", "oral", decision_on="2026-09-07")],
                 "2026-10-02")
    assert output["state"] == "refused_intake"
    assert refusals(output) == [(0, "DNV-B-02")]


# -- DNV-R-01: six weeks to appeal to the court after the decision on the objection ----------------

GRANTED = {"outcome": "upheld", "hearing_skipped": "fully_granted"}


@pytest.mark.parametrize(("answered_on", "as_of", "due", "status"), [
    ("2026-10-20", "2026-10-20", "2026-12-01", "open"),  # Tue + 6 weeks
    ("2026-10-20", "2026-12-01", "2026-12-01", "open"),  # the last day
    ("2026-10-20", "2026-12-02", "2026-12-01", "expired"),  # the filer's term, unused
    ("2026-11-13", "2026-11-13", "2026-12-28", "open"),  # ends on Christmas Day
    ("2026-11-20", "2026-11-20", "2027-01-04", "open"),  # ends on Fri 1 January 2027
])
def test_dnv_r_01_court_appeal_term_six_weeks_after_the_decision(answered_on, as_of, due,
                                                                  status):
    output = run("dnv/objection", [OBJECTION, ev(answered_on, "answered", **GRANTED)], as_of)
    term = deadline(output, "court_appeal")
    assert (term["rule"], term["owner"], term["due"], term["status"]) == (
        "DNV-R-01", "filer", due, status)


def test_dnv_r_01_no_court_term_before_the_decision():
    output = run("dnv/objection", [OBJECTION], "2026-10-20")
    assert "court_appeal" not in deadline_keys(output)


def test_dnv_r_03_a_court_appeal_is_recorded_once_after_the_decision_and_meets_its_term():
    before = run("dnv/objection", [OBJECTION, ev("2026-10-19", "court_appealed")], "2026-10-20")
    assert refusals(before) == [(1, "DNV-R-01")]  # nothing to appeal against yet
    output = run("dnv/objection", [OBJECTION, ev("2026-10-20", "answered", **GRANTED),
                                   ev("2026-11-02", "court_appealed"),
                                   ev("2026-11-03", "court_appealed")], "2026-11-03")
    assert refusals(output) == [(3, "DNV-R-01")]  # recorded once
    assert output["state"] == "answered"  # Ombud records the appeal; it does not handle it
    term = deadline(output, "court_appeal")
    assert (term["status"], term["met_on"]) == ("met", "2026-11-02")
    assert "court_appealed" not in output["allowed"]
