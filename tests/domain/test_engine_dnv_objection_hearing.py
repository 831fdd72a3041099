"""The DNV objection's impartiality, hearing and court rules, and the inspection's payment and
booking, as the engine decides them (DNV-B-04, DNV-B-17, B-18, B-20, B-21, DNV-R-03, DNV-I-06,
DNV-I-07). Events are built directly: their data (people, dates, reasons) is what the staff's
forms record."""

from datetime import date, datetime

import pytest

from ombud.domain import booking, engine
from ombud.domain.loader import find_procedure

OBJECTION = find_procedure("dnv/objection", on=date(2026, 11, 2))
INSPECTION = find_procedure("dnv/inspection", on=date(2026, 11, 2))


def ev(day: str, kind: str, **data) -> engine.Event:
    return engine.Event(date.fromisoformat(day), kind, data)


RECEIVED = ev("2026-11-02", "received", channel="web", about="negative_certification",
              decision_on=date(2026, 10, 26))
NAMED = ev("2026-11-02", "decision_makers_named", person_ids=[7], persons=["Examinator"])
HEARD = [RECEIVED, ev("2026-11-03", "acknowledged"), ev("2026-11-04", "hearing_invited",
                                                         term_weeks=2)]


def check(history, candidate, actor=None):
    refusal = engine.check(OBJECTION, history, candidate, actor=actor)
    return None if refusal is None else (refusal.rule, refusal.code)


def test_dnv_b_04_the_person_who_took_the_decision_is_refused_as_handler():
    history = [RECEIVED, NAMED]
    assert check(history, ev("2026-11-03", "assigned", handler_id=7, handler="Examinator")) == (
        "DNV-B-04", "decision_maker_handler")
    assert check(history, ev("2026-11-03", "assigned", handler_id=8, handler="Ander")) is None


def test_dnv_b_04_the_decision_maker_may_not_decide_or_hear_either():
    history = [*HEARD, NAMED, ev("2026-11-05", "hearing_waived")]
    maker, other = engine.Actor("7"), engine.Actor("8")
    answer = ev("2026-11-20", "answered", outcome="not_upheld")
    assert check(history, answer, actor=maker) == ("DNV-B-04", "actor_involved")
    assert check(history, answer, actor=other) is None


def test_dnv_b_04_refusal_names_the_person_in_dutch():
    refusal = engine.check(OBJECTION, [RECEIVED, NAMED], ev(
        "2026-11-03", "assigned", handler_id=7, handler="J. Examinator"))
    assert "J. Examinator" in refusal.reason("nl")
    assert "onafhankelijk" in refusal.reason("nl")


@pytest.mark.parametrize(("hearing_on", "refused"), [
    (date(2026, 11, 10), True),   # six days after the invitation: the file not open a week
    (date(2026, 11, 11), False),  # seven days
])
def test_dnv_b_17_hearing_is_set_at_least_a_week_after_the_invitation(hearing_on, refused):
    invite = ev("2026-11-04", "hearing_invited", term_weeks=1, hearing_on=hearing_on)
    result = check(HEARD[:2], invite)
    assert result == (("DNV-B-17", "file_not_open_long_enough") if refused else None)


def test_dnv_b_18_separate_hearing_needs_its_reason():
    held = {"report": "Verslag", "joint": "separate"}
    assert check(HEARD, ev("2026-11-20", "hearing_held", **held)) == (
        "DNV-B-18", "separate_without_reason")
    assert check(HEARD, ev("2026-11-20", "hearing_held", separate_reason="vertrouwelijk",
                           **held)) is None
    assert check(HEARD, ev("2026-11-20", "hearing_held", joint="joint")) is None


def test_dnv_b_20_parties_informed_only_after_a_separate_hearing():
    joint = [*HEARD, ev("2026-11-20", "hearing_held", joint="joint")]
    separate = [*HEARD, ev("2026-11-20", "hearing_held", joint="separate",
                           separate_reason="vertrouwelijke gegevens")]
    informed = ev("2026-11-23", "parties_informed", text="Besproken: ...")
    assert check(joint, informed) == ("DNV-B-20", "not_heard_separately")
    assert check(separate, informed) is None
    assert "parties_informed" in engine.evaluate(OBJECTION, separate, date(2026, 11, 23)).allowed


def test_dnv_b_21_new_facts_hold_the_answer_until_the_parties_could_be_heard():
    held = [*HEARD, ev("2026-11-20", "hearing_held", joint="joint")]
    assert check(HEARD, ev("2026-11-19", "new_facts", term_weeks=2)) == (
        "DNV-B-21", "no_hearing_yet")
    told = [*held, ev("2026-11-23", "new_facts", term_weeks=2, text="Nieuw rapport")]
    answer = ev("2026-11-30", "answered", outcome="not_upheld")
    assert check(told, answer) == ("DNV-B-21", "new_facts_pending")
    # A new hearing may be offered and held on them; then the answer may follow.
    assert check(told, ev("2026-11-24", "hearing_invited", term_weeks=1)) is None
    heard_again = [*told, ev("2026-11-24", "hearing_invited", term_weeks=1),
                   ev("2026-11-27", "hearing_held", joint="joint")]
    assert check(heard_again, answer) is None
    # Or the term passes unused (two weeks from 23 Nov: 7 Dec).
    assert check(told, ev("2026-12-08", "answered", outcome="not_upheld")) is None


def test_dnv_r_03_court_outcome_recorded_once_after_the_court_appeal():
    answered = [*HEARD, ev("2026-11-20", "hearing_held", joint="joint"),
                ev("2026-11-25", "answered", outcome="not_upheld")]
    decided = ev("2027-03-01", "court_decided", outcome="dismissed")
    assert check(answered, decided) == ("DNV-R-03", "no_court_appeal")
    appealed = [*answered, ev("2026-12-20", "court_appealed")]
    assert check(appealed, decided) is None
    state = engine.evaluate(OBJECTION, [*appealed, decided], date(2027, 3, 2))
    assert state.state == "answered" and state.refused == ()
    assert check([*appealed, decided], decided) == ("DNV-R-03", "already_done")


# -- the inspection ------------------------------------------------------------------------------

INSPECTION_RECEIVED = ev("2026-12-01", "received", channel="web", about="practical",
                         result_on=date(2026, 11, 30), invoice=True)


def test_dnv_i_06_slot_booked_only_after_payment():
    history = [INSPECTION_RECEIVED]
    slot = ev("2026-12-02", "slot_booked", at="2026-12-08T09:30")
    refusal = engine.check(INSPECTION, history, slot)
    assert (refusal.rule, refusal.code) == ("DNV-I-06", "booking_too_early")
    paid = [*history, ev("2026-12-02", "payment_received", amount="151.25")]
    assert engine.check(INSPECTION, paid, slot) is None


def test_dnv_i_07_payment_received_once_and_the_invoice_total():
    state = engine.evaluate(INSPECTION, [INSPECTION_RECEIVED], date(2026, 12, 1))
    assert sum(fee.incl_vat for fee in state.fees) == __import__("decimal").Decimal("151.25")
    paid = [INSPECTION_RECEIVED, ev("2026-12-02", "payment_received")]
    refusal = engine.check(INSPECTION, paid, ev("2026-12-03", "payment_received"))
    assert (refusal.rule, refusal.code) == ("DNV-I-07", "already_done")


def test_dnv_i_06_free_slots_are_45_minutes_on_working_tuesdays_and_thursdays():
    # From Tue 1 Dec 2026: Thu 3 Dec first (two days ahead), then Tue 8, Thu 10 ...; Christmas
    # (Fri 25, Sat 26) are no Tuesday or Thursday, but the slots skip Atw days all the same.
    slots = booking.free_slots(INSPECTION, date(2026, 12, 1), taken=set())
    assert slots[0] == datetime(2026, 12, 3, 9, 30)
    assert {slot.isoweekday() for slot in slots} == {2, 4}
    assert INSPECTION.booking.minutes == 45
    taken = {datetime(2026, 12, 3, 9, 30)}
    assert booking.free_slots(INSPECTION, date(2026, 12, 1), taken)[0] == datetime(
        2026, 12, 3, 11, 0)
    assert not booking.is_offered(INSPECTION, datetime(2026, 12, 3, 9, 30), date(2026, 12, 1),
                                  taken)


def test_dnv_i_06_no_slot_on_an_atw_holiday():
    # Thu 14 May 2026 is Ascension Day.
    slots = booking.free_slots(INSPECTION, date(2026, 5, 11), taken=set())
    assert not [slot for slot in slots if slot.date() == date(2026, 5, 14)]
    assert [slot for slot in slots if slot.date() == date(2026, 5, 19)]


def test_dnv_i_04_dnv_i_05_dnv_i_09_what_is_shown_per_exam_type():
    disclosure = INSPECTION.disclosure
    assert "beoordelingsformulier" in disclosure.shown_for("practical")["nl"]
    assert "antwoordenmodel" in disclosure.shown_for("written_practical")["nl"]
    assert "multiplechoicevragen" in disclosure.never["nl"]
    assert "goede antwoorden" in disclosure.no_discussion["nl"]
    assert INSPECTION.payment.iban == "NL39CITI0266065791"
