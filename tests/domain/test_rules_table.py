"""One table per rule the engine enforces. Every expected date below was counted by hand from
rules.md and SIMULATE.md (the weekday or holiday that matters is named in the row), not copied
from the engine's output."""

import json
from datetime import date

import pytest

from ombud.domain.simulate import simulate
from ombud.domain.timeline import parse_timeline


def run(procedure: str, events: list[tuple], as_of: str, meetings=()) -> dict:
    """Simulate a timeline given as (day, type, fields) rows."""
    timeline = {"procedure": procedure, "as_of": as_of, "meetings": list(meetings),
                "events": [{"on": on, "type": kind, **fields} for on, kind, fields in events]}
    return simulate(parse_timeline(json.dumps(timeline), today=date(2026, 12, 31)))


def deadline(output: dict, key: str) -> dict:
    found = [d for d in output["deadlines"] if d["key"] == key]
    assert found, f"no {key} deadline in {[d['key'] for d in output['deadlines']]}"
    return found[-1]


def refused_rules(output: dict) -> list[tuple[int, str]]:
    return [(r["index"], r["rule"]) for r in output["refused"]]


WRITTEN = {"channel": "letter"}
ORAL = {"channel": "oral"}


# -- intake: written only ------------------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "rule"), [
    ("ne/appeal", "NE-A-02"), ("ne/complaint", "NE-C-02"), ("av/complaint", "AV-02"),
    ("gl/complaint", "GL-02"), ("dnv/objection", "DNV-B-02"),
])
def test_ne_a_02_av_02_gl_02_written_only_procedures_refuse_an_oral_case(procedure, rule):
    extra = {"decision_on": "2026-09-01"} if procedure == "dnv/objection" else {}
    output = run(procedure, [("2026-10-01", "received", {**ORAL, **extra}),
                             ("2026-10-02", "acknowledged", {})], "2026-10-05")
    assert output["state"] == "refused_intake"
    assert refused_rules(output)[0] == (0, rule)
    assert refused_rules(output)[1][0] == 1  # nothing can happen in a case never opened
    assert output["deadlines"] == [] and output["allowed"] == []


def test_dnv_k_03_an_exam_result_is_redirected_to_the_objection_procedure():
    output = run("dnv/complaint", [("2026-11-02", "received",
                                    {"channel": "web", "about": "exam_result"})], "2026-11-03")
    assert output["state"] == "refused_intake"
    assert output["refused"][0]["rule"] == "DNV-K-03"
    assert "dnv/objection" in output["refused"][0]["reason"]


# -- answer deadlines ----------------------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "received", "rule", "due"), [
    ("ne/appeal", "2026-01-31", "NE-A-05", "2026-02-28"),  # month clamped; a Saturday, as falls
    ("ne/complaint", "2026-03-31", "NE-C-04", "2026-04-30"),  # 31 March + 1 month: 30 April
    ("av/complaint", "2026-10-02", "AV-08", "2026-10-30"),  # 4 weeks
    ("gl/complaint", "2026-10-07", "GL-10", "2026-11-04"),  # 4 weeks
    ("pp/complaint", "2026-10-05", "PP-14", "2026-10-19"),  # 2 weeks
    ("dnv/complaint", "2026-09-01", "DNV-K-17", "2026-10-13"),  # 6 weeks, a Tuesday
    ("dnv/data_request", "2026-01-31", "X-10", "2026-03-02"),  # 28 Feb is a Saturday: Monday
])
def test_answer_deadline_per_procedure(procedure, received, rule, due):
    output = run(procedure, [(received, "received", WRITTEN)], received)
    answer = deadline(output, "answer")
    assert (answer["rule"], answer["due"], answer["status"]) == (rule, due, "open")


@pytest.mark.parametrize(("as_of", "answered_on", "status", "met_on"), [
    ("2026-10-19", None, "open", None),  # on the due day it is still open
    ("2026-10-20", None, "missed", None),  # the day after, missed
    ("2026-10-19", "2026-10-19", "met", "2026-10-19"),  # answered on the due day
    ("2026-10-25", "2026-10-21", "missed", "2026-10-21"),  # late stays missed, with the day
])
def test_pp_14_x_07_answer_status_around_the_due_day(as_of, answered_on, status, met_on):
    events = [("2026-10-05", "received", WRITTEN)]
    if answered_on:
        events.append((answered_on, "answered", {"outcome": "upheld"}))
    answer = deadline(run("pp/complaint", events, as_of), "answer")
    assert (answer["due"], answer["status"], answer["met_on"]) == ("2026-10-19", status, met_on)


@pytest.mark.parametrize(("procedure", "received", "due"), [
    ("dnv/complaint", "2026-03-24", "2026-05-06"),  # 6 weeks end on 5 May (Atw): next day
    ("dnv/data_request", "2025-12-02", "2026-01-05"),  # 2 Jan 2026 equated, then the weekend
    ("dnv/complaint", "2026-02-24", "2026-04-07"),  # 7 April; 6 April Easter Monday not hit
    ("dnv/complaint", "2026-02-23", "2026-04-07"),  # 6 April is Easter Monday: Tuesday
])
def test_x_04_a_dnv_period_ending_on_an_atw_day_ends_on_the_next_working_day(procedure, received,
                                                                             due):
    assert deadline(run(procedure, [(received, "received", WRITTEN)], received),
                    "answer")["due"] == due


# -- acknowledgement and management --------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "received", "due"), [
    ("dnv/complaint", "2026-10-01", "2026-10-08"),  # Thursday + 5 working days (SIMULATE.md)
    ("dnv/complaint", "2026-12-23", "2026-12-31"),  # skips Christmas Day and the weekend
    ("dnv/objection", "2026-04-01", "2026-04-10"),  # skips Good Friday and Easter Monday
    ("dnv/objection", "2026-04-24", "2026-05-04"),  # skips King's Day (Mon 27 April)
    ("dnv/objection", "2026-04-30", "2026-05-08"),  # skips 5 May, a holiday every year (Atw)
])
def test_dnv_k_11_dnv_b_03_acknowledge_within_five_working_days(procedure, received, due):
    extra = {"decision_on": "2026-03-30"} if procedure == "dnv/objection" else {}
    output = run(procedure, [(received, "received", {**WRITTEN, **extra})], received)
    assert deadline(output, "acknowledge")["due"] == due


def test_pp_11_pp_10_x_05_oral_complaint_deadlines_run_from_when_it_was_written_down():
    output = run("pp/complaint", [("2026-10-05", "received", ORAL),
                                  ("2026-10-07", "put_in_writing", {})], "2026-10-08")
    assert deadline(output, "acknowledge")["due"] == "2026-10-14"
    assert deadline(output, "management")["due"] == "2026-10-14"
    assert deadline(output, "answer")["due"] == "2026-10-21"


def test_dnv_k_08_oral_dnv_complaint_has_no_acknowledgement_until_confirmed_in_writing():
    before = run("dnv/complaint", [("2026-10-05", "received", ORAL)], "2026-10-06")
    assert [d["key"] for d in before["deadlines"]] == []
    after = run("dnv/complaint", [("2026-10-05", "received", ORAL),
                                  ("2026-10-09", "put_in_writing", {})], "2026-10-09")
    assert deadline(after, "acknowledge")["due"] == "2026-10-16"  # Fri + 5 working days


@pytest.mark.parametrize(("meetings", "due"), [
    (["2026-10-05", "2026-10-19"], "2026-10-19"),  # a meeting on the day of receipt is not "coming"
    (["2026-09-28", "2026-10-12", "2026-10-26"], "2026-10-12"),
    ([], None),
])
def test_gl_06_taken_up_at_the_first_coming_management_meeting(meetings, due):
    output = run("gl/complaint", [("2026-10-05", "received", {"channel": "web"})], "2026-10-06",
                 meetings)
    found = [d for d in output["deadlines"] if d["key"] == "management"]
    assert (found[0]["due"] if found else None) == due


# -- appeals -------------------------------------------------------------------------------------

def test_pp_17_the_board_hears_an_appeal_once_after_the_answer():
    output = run("pp/complaint", [
        ("2026-10-05", "received", WRITTEN),
        ("2026-10-06", "appealed", {}),  # 1: nothing to appeal against yet
        ("2026-10-12", "answered", {"outcome": "not_upheld"}),
        ("2026-10-14", "appealed", {}),
        ("2026-11-02", "answered", {"outcome": "upheld"}),
        ("2026-11-03", "appealed", {}),  # 5: the board was the last instance
    ], "2026-11-04")
    assert refused_rules(output) == [(1, "PP-17"), (5, "PP-17")]
    assert output["state"] == "answered"


@pytest.mark.parametrize(("procedure", "rule"), [
    ("ne/appeal", "NE-A-06"), ("ne/complaint", "X-09"), ("av/complaint", "X-09"),
    ("gl/complaint", "X-09"), ("dnv/complaint", "X-09"), ("dnv/objection", "X-09"),
])
def test_x_09_ne_a_06_no_internal_appeal_without_an_appeal_body(procedure, rule):
    extra = {"decision_on": "2026-09-20"} if procedure == "dnv/objection" else {}
    answer = {"outcome": "upheld"}
    if procedure.startswith("dnv/"):
        answer["hearing_skipped"] = "manifestly_unfounded"
    output = run(procedure, [("2026-10-01", "received", {**WRITTEN, **extra}),
                             ("2026-10-20", "answered", answer),
                             ("2026-10-21", "appealed", {})], "2026-10-22")
    assert refused_rules(output) == [(2, rule)]
    assert output["state"] == "answered"


# -- impartiality --------------------------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "about", "involved", "refused_rule"), [
    ("ne/complaint", "course", True, "NE-C-03"),
    ("ne/complaint", "course", False, None),
    ("dnv/complaint", "conduct", True, "DNV-K-12"),
    ("dnv/complaint", "dnv_itself", True, None),  # about DNV itself or its board: the exception
    ("dnv/objection", None, True, "DNV-B-04"),
    ("dnv/objection", None, False, None),
    ("av/complaint", None, True, None),  # AV's procedure has no impartiality rule
])
def test_ne_c_03_dnv_k_12_dnv_b_04_an_involved_handler_is_refused(procedure, about, involved,
                                                                 refused_rule):
    received = {**WRITTEN, **({"about": about} if about else {})}
    if procedure == "dnv/objection":
        received["decision_on"] = "2026-09-20"
    output = run(procedure, [("2026-10-01", "received", received),
                             ("2026-10-02", "assigned", {"handler": "h", "involved": involved})],
                 "2026-10-02")
    assert refused_rules(output) == ([(1, refused_rule)] if refused_rule else [])


def test_dnv_b_15_the_hearing_is_not_held_by_someone_involved_in_the_decision():
    output = run("dnv/objection", [
        ("2026-10-01", "received", {**WRITTEN, "decision_on": "2026-09-20"}),
        ("2026-10-02", "hearing_invited", {}),
        ("2026-10-05", "hearing_requested", {}),
        ("2026-10-12", "hearing_held", {"involved": True}),
        ("2026-10-13", "hearing_held", {"involved": False}),
    ], "2026-10-14")
    assert refused_rules(output) == [(3, "DNV-B-15")]


# -- extensions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "rule"), [
    ("ne/appeal", "NE-A-05"), ("ne/complaint", "NE-C-04"), ("av/complaint", "AV-08"),
    ("gl/complaint", "GL-10"), ("pp/complaint", "PP-14"),
])
def test_norwegian_procedures_provide_no_extension(procedure, rule):
    output = run(procedure, [("2026-10-01", "received", WRITTEN),
                             ("2026-10-05", "extended", {"weeks": 1})], "2026-10-06")
    assert refused_rules(output) == [(1, rule)]


@pytest.mark.parametrize(("extensions", "refused", "due"), [
    ([("2026-10-06", {"weeks": 4})], [], "2026-11-10"),  # once, at most four weeks
    ([("2026-10-06", {"weeks": 5})], [(1, "DNV-K-18")], "2026-10-13"),  # too long: refused whole
    ([("2026-10-06", {"weeks": 4}), ("2026-10-20", {"weeks": 2})], [(2, "DNV-K-18")],
     "2026-11-10"),  # a second one needs written consent
    ([("2026-10-06", {"weeks": 4}), ("2026-10-20", {"weeks": 2, "consent": True})], [],
     "2026-11-24"),
    ([("2026-10-14", {"weeks": 4})], [(1, "X-07")], "2026-10-13"),  # after the due day: missed
])
def test_dnv_k_18_postponement_once_by_four_weeks_then_only_with_consent(extensions, refused,
                                                                         due):
    events = [("2026-09-01", "received", WRITTEN)]
    events += [(on, "extended", fields) for on, fields in extensions]
    output = run("dnv/complaint", events, "2026-10-21")
    assert refused_rules(output) == refused
    assert deadline(output, "answer")["due"] == due


@pytest.mark.parametrize(("weeks", "refused", "due"), [
    (6, [], "2027-01-11"),  # 30 Nov + 6 weeks
    (7, [(1, "DNV-B-09")], "2026-11-30"),
])
def test_dnv_b_09_objection_handling_period_extended_once_by_six_weeks(weeks, refused, due):
    output = run("dnv/objection", [
        ("2026-10-01", "received", {**WRITTEN, "decision_on": "2026-09-07"}),
        ("2026-11-02", "extended", {"weeks": weeks})], "2026-11-03")
    assert refused_rules(output) == refused
    assert deadline(output, "answer")["due"] == due


@pytest.mark.parametrize(("on", "months", "refused", "due"), [
    ("2026-02-20", 2, [], "2026-04-28"),  # 28 Feb (unrounded) + 2 months
    ("2026-03-02", 2, [], "2026-04-28"),  # told on the rounded last day of the first month
    ("2026-02-20", 3, [(1, "X-10")], "2026-03-02"),  # more than two months: refused
    ("2026-03-03", 2, [(1, "X-07")], "2026-03-02"),  # after the month: too late
])
def test_x_10_a_data_request_may_be_extended_once_by_two_months_within_the_first(on, months,
                                                                                refused, due):
    output = run("dnv/data_request", [("2026-01-31", "received", {"channel": "email"}),
                                      (on, "extended", {"months": months})], "2026-03-05")
    assert refused_rules(output) == refused
    assert deadline(output, "answer")["due"] == due


# -- objections: period, suspension, inadmissibility ---------------------------------------------

def test_x_20_dnv_b_07_the_decision_is_due_six_weeks_after_the_six_week_objection_period():
    output = run("dnv/objection", [
        ("2026-10-01", "received", {**WRITTEN, "decision_on": "2026-09-07"})], "2026-10-01")
    assert deadline(output, "filing")["due"] == "2026-10-19"
    assert deadline(output, "answer")["due"] == "2026-11-30"


def test_dnv_b_06_an_objection_filed_before_the_period_meets_the_filing_window():
    output = run("dnv/objection", [
        ("2026-09-01", "received", {**WRITTEN, "decision_on": "2026-09-07"})], "2026-09-02")
    assert deadline(output, "filing")["status"] == "met"
    assert deadline(output, "answer")["due"] == "2026-11-30"


@pytest.mark.parametrize(("remedied", "as_of", "answer_due", "remedy_status"), [
    ("2026-10-09", "2026-10-20", "2026-12-04", "met"),  # 4 days suspended (SIMULATE example)
    (None, "2026-10-20", "2026-12-14", "expired"),  # unused: to the term's end, 14 days
])
def test_dnv_b_08_dnv_b_10_the_decision_period_stands_still_while_an_omission_is_remedied(
        remedied, as_of, answer_due, remedy_status):
    events = [("2026-10-01", "received", {**WRITTEN, "decision_on": "2026-09-07"}),
              ("2026-10-05", "incomplete", {"term_weeks": 2})]
    if remedied:
        events.append((remedied, "remedied", {}))
    output = run("dnv/objection", events, as_of)
    assert deadline(output, "remedy")["due"] == "2026-10-19"
    assert deadline(output, "remedy")["status"] == remedy_status
    assert deadline(output, "answer")["due"] == answer_due


def test_dnv_b_11_inadmissible_within_four_weeks_after_the_unused_remedy_term():
    output = run("dnv/objection", [
        ("2026-09-20", "received", {"channel": "web", "decision_on": "2026-09-14"}),
        ("2026-09-24", "incomplete", {"term_weeks": 2}),
        ("2026-10-01", "declined", {"ground": "incomplete"}),  # 2: the term still runs
        ("2026-10-20", "declined", {"ground": "incomplete"}),
    ], "2026-12-01")
    assert refused_rules(output) == [(2, "DNV-B-11")]
    notice = deadline(output, "inadmissible_notice")
    assert (notice["due"], notice["status"], notice["met_on"]) == ("2026-11-05", "met",
                                                                  "2026-10-20")
    assert output["state"] == "declined"


# -- filing windows and declining ----------------------------------------------------------------

@pytest.mark.parametrize(("received", "status", "late_refused"), [
    ("2026-11-16", "met", [(1, "DNV-K-05")]),  # 15 working days after Mon 26 Oct
    ("2026-11-17", "missed", []),  # late: declining on that ground is allowed
])
def test_dnv_k_05_an_exam_complaint_within_fifteen_working_days(received, status, late_refused):
    output = run("dnv/complaint", [
        (received, "received", {**WRITTEN, "about": "exam", "exam_on": "2026-10-26"}),
        (received, "declined", {"ground": "late"})], received)
    assert deadline(output, "filing")["due"] == "2026-11-16"
    assert deadline(output, "filing")["status"] == status
    assert refused_rules(output) == late_refused


def test_dnv_i_02_x_11_inspection_within_five_calendar_days_of_the_result():
    output = run("dnv/inspection", [("2026-11-05", "received",
                                     {"channel": "email", "result_on": "2026-11-02"})],
                 "2026-11-05")
    assert deadline(output, "filing")["due"] == "2026-11-09"  # Sat 7 Nov: Monday


def test_dnv_k_09_dnv_k_10_declining_a_complaint_and_its_notice_within_four_weeks():
    quiet = run("dnv/complaint", [("2026-09-01", "received", WRITTEN)], "2026-09-02")
    assert "decline_notice" not in [d["key"] for d in quiet["deadlines"]]
    output = run("dnv/complaint", [("2026-09-01", "received", WRITTEN),
                                   ("2026-09-10", "declined", {"ground": "court"})], "2026-09-11")
    notice = deadline(output, "decline_notice")
    assert (notice["due"], notice["status"]) == ("2026-09-29", "met")
    assert deadline(output, "answer")["status"] == "cancelled"
    assert deadline(output, "acknowledge")["status"] == "missed"  # due 8 Sep, already over


@pytest.mark.parametrize(("procedure", "rule"), [
    ("ne/appeal", "NE-A-04"), ("av/complaint", "AV-08"), ("gl/complaint", "GL-10"),
    ("pp/complaint", "PP-14"),
])
def test_ne_a_04_av_08_gl_10_pp_14_norwegian_procedures_give_no_ground_to_decline(procedure,
                                                                                   rule):
    output = run(procedure, [("2026-10-01", "received", WRITTEN),
                             ("2026-10-02", "declined", {"ground": "late"})], "2026-10-02")
    assert refused_rules(output) == [(1, rule)] and output["state"] == "open"


# -- certificate holder and hearings -------------------------------------------------------------

@pytest.mark.parametrize(("responded", "as_of", "status"), [
    (None, "2026-10-06", "open"), (None, "2026-10-07", "expired"),
    ("2026-10-06", "2026-10-20", "met"),
])
def test_dnv_k_02_the_holder_responds_within_four_weeks_of_notification(responded, as_of,
                                                                        status):
    events = [("2026-09-01", "received", WRITTEN), ("2026-09-08", "holder_notified", {})]
    if responded:
        events.append((responded, "holder_responded", {}))
    found = deadline(run("dnv/complaint", events, as_of), "holder_response")
    assert (found["due"], found["owner"], found["status"]) == ("2026-10-06", "holder", status)


@pytest.mark.parametrize(("procedure", "steps", "answer", "refused"), [
    ("dnv/complaint", [], {}, "DNV-K-14"),
    ("dnv/objection", [], {}, "DNV-B-13"),
    ("dnv/complaint", [("2026-10-02", "hearing_invited", {})], {}, None),  # reply term ran out
    ("dnv/complaint", [("2026-10-02", "hearing_invited", {}),
                       ("2026-10-05", "hearing_requested", {})], {}, "DNV-K-14"),  # not held
    ("dnv/complaint", [("2026-10-02", "hearing_invited", {}),
                       ("2026-10-05", "hearing_waived", {})], {}, None),
    ("dnv/complaint", [], {"hearing_skipped": "manifestly_unfounded"}, None),
    ("dnv/complaint", [], {"hearing_skipped": "fully_granted"}, "DNV-K-15"),
    ("dnv/objection", [], {"hearing_skipped": "fully_granted"}, None),
])
def test_dnv_k_14_dnv_k_15_dnv_b_13_dnv_b_14_a_hearing_is_offered_before_the_answer(
        procedure, steps, answer, refused):
    received = {**WRITTEN, "decision_on": "2026-09-20"}
    events = [("2026-10-01", "received", received), *steps,
              ("2026-10-20", "answered", {"outcome": "upheld", **answer})]
    output = run(procedure, events, "2026-10-20")
    expected = [(len(events) - 1, refused)] if refused else []
    assert refused_rules(output) == expected


# -- fees and the general contract ---------------------------------------------------------------

@pytest.mark.parametrize(("procedure", "invoice", "fees"), [
    ("dnv/inspection", False, [("inspection", "75.00", "15.75", "90.75")]),
    ("dnv/inspection", True, [("inspection", "75.00", "15.75", "90.75"),
                              ("invoice_admin", "50.00", "10.50", "60.50")]),
    ("dnv/terms", False, [("terms", "45.00", "9.45", "54.45")]),
    ("dnv/terms", True, [("terms", "45.00", "9.45", "54.45"),
                         ("invoice_admin", "50.00", "10.50", "60.50")]),
])
def test_dnv_i_07_dnv_i_08_fees_with_21_percent_vat(procedure, invoice, fees):
    output = run(procedure, [("2026-11-20", "received", {"channel": "email",
                                                         "result_on": "2026-11-01",
                                                         "invoice": invoice})], "2026-11-20")
    assert [(f["item"], f["excl_vat"], f["vat"], f["incl_vat"]) for f in output["fees"]] == fees


def test_a_refused_event_changes_nothing():
    base = [("2026-09-01", "received", WRITTEN), ("2026-09-04", "acknowledged", {})]
    with_refusal = [*base, ("2026-09-07", "extended", {"weeks": 9})]
    plain, refused = (run("dnv/complaint", events, "2026-09-08") for events in (base,
                                                                               with_refusal))
    assert refused["deadlines"] == plain["deadlines"]
    assert refused["state"] == plain["state"] and refused["allowed"] == plain["allowed"]
    assert refused_rules(refused) == [(2, "DNV-K-18")]


def test_x_06_a_case_stays_on_the_version_it_was_opened_under(tmp_path):
    from ombud.domain.engine import Event, evaluate
    from ombud.domain.loader import PROCEDURES_DIR, find_procedure

    source = (PROCEDURES_DIR / "pp" / "complaint" / "1.toml").read_text(encoding="utf-8")
    folder = tmp_path / "pp" / "complaint"
    folder.mkdir(parents=True)
    (folder / "1.toml").write_text(source, encoding="utf-8")
    revised = source.replace('version = "1"', 'version = "2"').replace(
        'valid_from = "2000-01-01"', 'valid_from = "2026-06-01"').replace(
        "amount = 2\n", "amount = 3\n")
    (folder / "2.toml").write_text(revised, encoding="utf-8")

    before = find_procedure("pp/complaint", on=date(2026, 5, 20), root=tmp_path)
    after = find_procedure("pp/complaint", on=date(2026, 6, 2), root=tmp_path)
    assert (before.version, after.version) == ("1", "2")
    old_case = evaluate(before, [Event(date(2026, 5, 20), "received", WRITTEN)],
                        date(2026, 7, 1))
    new_case = evaluate(after, [Event(date(2026, 6, 2), "received", WRITTEN)], date(2026, 7, 1))
    assert old_case.deadline("answer").due == date(2026, 6, 3)  # two weeks, version 1
    assert new_case.deadline("answer").due == date(2026, 6, 23)  # three weeks, version 2


# -- the rules every procedure names: its scope, its channels, its answer, its meeting -----------

@pytest.mark.parametrize(("procedure", "rule", "outside"), [
    ("gl/complaint", "GL-01", "hearing_invited"), ("pp/complaint", "PP-01", "holder_notified"),
    ("dnv/objection", "DNV-B-01", "holder_notified"),
    ("dnv/data_request", "DNV-I-01", "hearing_invited"),
])
def test_gl_01_pp_01_dnv_b_01_dnv_i_01_a_step_outside_the_procedure_is_refused_with_its_scope(
        procedure, rule, outside):
    received = {**WRITTEN, "decision_on": "2026-09-20"}
    output = run(procedure, [("2026-10-01", "received", received),
                             ("2026-10-02", outside, {})], "2026-10-02")
    assert refused_rules(output) == [(1, rule)] and output["state"] == "open"
    assert outside not in output["allowed"]


@pytest.mark.parametrize(("procedure", "rule"), [
    ("pp/complaint", "PP-02"), ("dnv/complaint", "DNV-K-06"), ("dnv/data_request", "DNV-I-01"),
])
@pytest.mark.parametrize("channel", ["letter", "email", "web", "oral"])
def test_pp_02_dnv_k_06_dnv_i_01_every_channel_opens_the_case_once(procedure, rule, channel):
    output = run(procedure, [("2026-10-01", "received", {"channel": channel}),
                             ("2026-10-02", "received", WRITTEN)], "2026-10-02")
    assert output["state"] == "open"
    assert refused_rules(output) == [(1, rule)]  # the second receipt is not a second case


@pytest.mark.parametrize("procedure", ["dnv/inspection", "dnv/terms"])
def test_dnv_i_03_an_inspection_or_terms_request_is_written_not_oral(procedure):
    output = run(procedure, [("2026-10-01", "received", {**ORAL, "result_on": "2026-09-30"})],
                 "2026-10-01")
    assert output["state"] == "refused_intake" and refused_rules(output) == [(0, "DNV-I-03")]


HEARD = [("2026-10-02", "hearing_invited", {}), ("2026-10-03", "hearing_waived", {})]


@pytest.mark.parametrize(("procedure", "rule", "steps"), [
    ("ne/appeal", "NE-A-08", []), ("ne/complaint", "NE-C-06", []),
    ("av/complaint", "AV-09", []), ("dnv/complaint", "DNV-K-19", HEARD),
    ("dnv/objection", "DNV-B-22", HEARD), ("dnv/inspection", "DNV-I-06", []),
])
def test_ne_a_08_ne_c_06_av_09_dnv_k_19_dnv_b_22_dnv_i_06_the_answer_closes_the_case(
        procedure, rule, steps):
    received = {**WRITTEN, "decision_on": "2026-09-20", "result_on": "2026-09-30"}
    events = [("2026-10-01", "received", received), *steps,
              ("2026-10-05", "answered", {"outcome": "upheld"}),
              ("2026-10-06", "acknowledged", {})]
    output = run(procedure, events, "2026-10-06")
    assert output["state"] == "answered"
    assert refused_rules(output) == [(len(events) - 1, rule)]  # nothing follows the answer
    assert [d["key"] for d in output["deadlines"]  # the organization owes nothing more
            if d["status"] == "open" and d["owner"] == "organization"] == []
    assert set(output["allowed"]) <= {"appealed", "court_appealed"}


def test_dnv_i_06_an_inspection_is_never_extended():
    output = run("dnv/inspection", [("2026-10-01", "received", {**WRITTEN,
                                                                "result_on": "2026-09-30"}),
                                    ("2026-10-02", "extended", {"weeks": 1})], "2026-10-02")
    assert refused_rules(output) == [(1, "DNV-I-06")]
    assert "extended" not in output["allowed"]


def test_av_07_the_management_meeting_takes_a_complaint_up_once():
    output = run("av/complaint", [("2026-10-01", "received", WRITTEN),
                                  ("2026-10-07", "taken_up", {}),
                                  ("2026-10-14", "taken_up", {})], "2026-10-14")
    assert refused_rules(output) == [(2, "AV-07")]
    assert "taken_up" not in output["allowed"]
