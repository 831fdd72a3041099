"""How long a closed case is kept, and from which day its personal data may be erased
(GDPR art. 17(3)(b), (e): a case is kept while it can still be appealed, checked or reported
on). Until each procedure file states its retention (``retention_months`` on the procedure),
Ombud keeps a closed case for ``DEFAULT_MONTHS`` months after the day it was closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ombud.domain.periods import add_months

DEFAULT_MONTHS = 12
CLOSING_STEPS = ("answered", "declined", "withdrawn")


@dataclass(frozen=True)
class Retention:
    months: int
    from_procedure: bool  # False: Ombud's default, the procedure file names none


@dataclass(frozen=True)
class ErasureCheck:
    allowed: bool
    retention: Retention
    closed_on: date | None  # None: the case is still being handled
    erasable_from: date | None  # None while it is open


def retention_of(procedure) -> Retention:
    months = getattr(procedure, "retention_months", None)
    if isinstance(months, int) and months >= 0:
        return Retention(months, True)
    return Retention(DEFAULT_MONTHS, False)


def closed_on(state: str, steps: list[tuple[str, date]]) -> date | None:
    """The day the case was closed: its last closing step, when its state is closed."""
    if state not in CLOSING_STEPS:
        return None
    days = [on for step, on in steps if step in CLOSING_STEPS]
    return max(days) if days else None


def erasure_check(procedure, state: str, steps: list[tuple[str, date]],
                  today: date) -> ErasureCheck:
    """May the case's personal data be erased today? ``steps``: (type, day) of its history."""
    retention = retention_of(procedure)
    closed = closed_on(state, steps)
    if closed is None:
        return ErasureCheck(False, retention, None, None)
    first_day = add_months(closed, retention.months)
    return ErasureCheck(today >= first_day, retention, closed, first_day)
