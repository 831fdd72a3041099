"""What the complainant's pages show, decided without a request: which deadlines they see and
why the others are left out, and the payment reference of a fee (``public.selectors``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ombud.domain import engine
from ombud.domain.loader import bundled_procedures, find_procedure
from ombud.domain.periods import Unit
from ombud.domain.procedure import DeadlineSpec, Owner
from ombud.letters.render import LETTER_OF_STEP
from ombud.public import selectors
from ombud.public.selectors import why_hidden_from_complainant

DAY = date(2026, 6, 1)

# Every deadline of the bundled procedures the complainant's pages leave out, by rule, and why.
HIDDEN = {
    "DNV-K-05": "filing window", "DNV-I-02": "filing window", "X-20": "filing window",
    "DNV-K-02": "person complained about",  # the holder's response
    "GL-06": "internal step", "PP-10": "internal step",  # taken up with management
}


def deadline_of(spec: DeadlineSpec, procedure, **state) -> engine.Deadline:
    return engine.Deadline(spec=spec, procedure=procedure, start=DAY, start_anchor="written",
                           amount=spec.amount, **state)


def every_deadline_spec():
    for versions in bundled_procedures().values():
        for procedure in versions:
            for spec in procedure.deadlines:
                yield procedure, spec


@pytest.mark.parametrize(("procedure", "spec"), list(every_deadline_spec()),
                         ids=lambda item: getattr(item, "rule", getattr(item, "id", "")))
def test_gl_06_pp_10_dnv_k_02_a_complainant_sees_own_terms_and_deadlines_to_write_to_them(
        procedure, spec):
    reason = why_hidden_from_complainant(deadline_of(spec, procedure))
    if spec.rule in HIDDEN:
        assert reason is not None and HIDDEN[spec.rule] in reason
    else:
        assert reason is None, f"{spec.key} ({spec.rule}) of {procedure.id}: {reason}"
        assert spec.owner is Owner.FILER or spec.met_by & {"acknowledged", "declined",
                                                          "answered"}


def test_the_steps_that_write_to_the_complainant_are_the_letters_steps_but_the_holders():
    """A step added to the letters makes this fail: decide whether the complainant hears of
    the deadlines it meets."""
    writing = selectors.STEPS_THAT_WRITE_TO_THE_COMPLAINANT
    assert writing == set(LETTER_OF_STEP) - {"holder_notified"}


def test_a_cancelled_deadline_is_not_shown():
    procedure = find_procedure("pp/complaint", on=DAY)
    answer = next(spec for spec in procedure.deadlines if spec.rule == "PP-14")
    assert why_hidden_from_complainant(deadline_of(answer, procedure)) is None
    cancelled = deadline_of(answer, procedure, cancelled_on=DAY, status="cancelled")
    assert "cancelled" in why_hidden_from_complainant(cancelled)


def test_an_organizations_deadline_met_by_a_step_that_writes_to_nobody_is_internal():
    """A new kind of deadline is judged by what meets it, not by a list of keys: met by a
    letter to the complainant it is shown, met by an internal step it is not."""
    procedure = find_procedure("pp/complaint", on=DAY)
    spec = DeadlineSpec(key="answer", rule="PP-14", owner=Owner.ORGANIZATION, anchor="written",
                        amount=1, unit=Unit.WEEKS, met_by=frozenset({"answered"}))
    assert why_hidden_from_complainant(deadline_of(spec, procedure)) is None
    internal = DeadlineSpec(key="answer", rule="PP-14", owner=Owner.ORGANIZATION,
                            anchor="written", amount=1, unit=Unit.WEEKS,
                            met_by=frozenset({"assigned"}))
    assert "internal step" in why_hidden_from_complainant(deadline_of(internal, procedure))


def test_pp_10_the_page_lists_acknowledgement_and_answer_not_the_management_meeting():
    procedure = find_procedure("pp/complaint", on=DAY)
    received = engine.Event(DAY, "received", {"channel": "web", "filer": "participant",
                                              "about": "inclusion"})
    state = engine.evaluate(procedure, [received], DAY)
    assert {d.rule for d in state.deadlines} >= {"PP-10", "PP-11", "PP-14"}
    shown = selectors.deadlines_for_complainant(state, "en")
    assert [item["deadline"].rule for item in shown] == ["PP-11", "PP-14"]  # soonest first
    assert [item["name"] for item in shown] == ["acknowledgement of receipt", "written answer"]
    assert not any(item["yours"] for item in shown)


@pytest.mark.parametrize(("procedure_id", "language", "born", "expected"), [
    ("dnv/inspection", "nl", date(1990, 5, 17), "inzage Sanne de Vries 17-05-1990"),
    ("dnv/inspection", "nb", date(1990, 5, 17), "inzage Sanne de Vries 17.05.1990"),
    ("dnv/terms", "en", date(1990, 5, 17), "termen Sanne de Vries 1990-05-17"),
    ("dnv/terms", "nl", None, "termen Sanne de Vries"),
])
def test_dnv_i_07_dnv_i_08_the_payment_reference_is_the_word_the_name_and_the_date_of_birth(
        procedure_id, language, born, expected):
    fees = find_procedure(procedure_id, on=DAY).fees
    assert selectors.payment_reference(fees, name="Sanne de Vries", born=born,
                                       language=language) == expected


def test_dnv_i_07_the_receipt_shows_the_fee_due_its_total_and_the_reference(filed):
    case, _, _ = filed("dnv/inspection")
    payment = selectors.payment_due(case, selectors.case_state(case), "nl")
    assert payment["reference"] == "inzage Sanne de Vries 17-05-1990"
    assert payment["rule"] == "DNV-I-07"
    assert payment["total"] == Decimal("90.75")  # no invoice asked: the inspection alone
    assert [fee["item"] for fee in payment["fees"]] == ["inspection"]


def test_a_case_without_fees_has_nothing_to_pay(filed):
    case, _, _ = filed("pp/complaint")
    assert selectors.payment_due(case, selectors.case_state(case), "en") is None
