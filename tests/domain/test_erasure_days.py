"""When a case's personal data may be erased (GDPR art. 17(3)): never while it is handled (an
appeal reopens it), and from the day after its procedure's retention has run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ombud.domain.retention import DEFAULT, Retention, erasure_check, retention_of


@dataclass
class WithRetention:
    retention: Retention | None


STEPS = [("received", date(2025, 1, 10)), ("answered", date(2025, 1, 31))]


def test_a_closed_case_is_kept_the_default_year_then_erasable():
    check = erasure_check(WithRetention(None), "answered", STEPS, date(2026, 1, 31))
    assert (check.allowed, check.closed_on, check.erasable_from) == (
        False, date(2025, 1, 31), date(2026, 2, 1))
    assert not check.from_procedure and check.retention == DEFAULT
    assert erasure_check(WithRetention(None), "answered", STEPS, date(2026, 2, 1)).allowed


def test_an_appealed_or_open_case_is_never_erasable():
    appealed = [*STEPS, ("appealed", date(2025, 2, 5))]
    for state, steps in (("appealed", appealed), ("open", STEPS[:1])):
        check = erasure_check(WithRetention(None), state, steps, date(2030, 1, 1))
        assert (check.allowed, check.closed_on, check.erasable_from) == (False, None, None)


def test_the_procedure_files_retention_wins_and_29_february_is_kept_to_28_february():
    three_years = Retention(3, "anonymize", {"en": "the appeal and the reports"})
    leap = [("received", date(2024, 2, 1)), ("answered", date(2024, 2, 29))]
    check = erasure_check(WithRetention(three_years), "answered", leap, date(2027, 2, 28))
    assert check.from_procedure and check.retention == three_years
    assert (check.allowed, check.erasable_from) == (False, date(2027, 3, 1))
    assert erasure_check(WithRetention(three_years), "answered", leap, date(2027, 3, 1)).allowed
    assert retention_of(WithRetention(None)) == (DEFAULT, False)
