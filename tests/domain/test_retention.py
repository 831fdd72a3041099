"""When a case's personal data may be erased (GDPR art. 17(3)): never while it is handled (an
appeal reopens it), and from the day its retention after closing has run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ombud.domain.retention import DEFAULT_MONTHS, erasure_check, retention_of


@dataclass
class WithRetention:
    retention_months: int


STEPS = [("received", date(2025, 1, 10)), ("answered", date(2025, 1, 31))]


def test_a_closed_case_is_kept_the_default_twelve_months_then_erasable():
    check = erasure_check(object(), "answered", STEPS, date(2026, 1, 30))
    assert (check.allowed, check.closed_on, check.erasable_from) == (
        False, date(2025, 1, 31), date(2026, 1, 31))
    assert not check.retention.from_procedure and check.retention.months == DEFAULT_MONTHS
    assert erasure_check(object(), "answered", STEPS, date(2026, 1, 31)).allowed


def test_an_appealed_or_open_case_is_never_erasable():
    appealed = [*STEPS, ("appealed", date(2025, 2, 5))]
    for state, steps in (("appealed", appealed), ("open", STEPS[:1])):
        check = erasure_check(object(), state, steps, date(2030, 1, 1))
        assert (check.allowed, check.closed_on, check.erasable_from) == (False, None, None)


def test_the_procedure_files_retention_wins_and_a_month_end_is_clamped():
    check = erasure_check(WithRetention(1), "answered", STEPS, date(2025, 2, 28))
    assert check.retention.from_procedure and check.erasable_from == date(2025, 2, 28)
    assert check.allowed
    assert retention_of(WithRetention(-1)).months == DEFAULT_MONTHS  # nonsense: the default
