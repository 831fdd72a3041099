"""How long a procedure's closed cases are kept, and what happens to them then: the procedure
file's ``[retention]`` section, as data (issue 14, item 2).

    [retention]
    years = 5             # whole years after the day the case was closed
    then = "anonymize"    # erase | anonymize | counts_only
    basis = { nb = "…", nl = "…", en = "…" }   # why so long, in the person's words

The day a case may go is computed here, in the domain, like every other date Ombud keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# erase: everything personal goes (the privacy branch's erasure, once joined; until then the
# anonymization below); anonymize: names, addresses and texts replaced, the case and its counts
# kept; counts_only: anonymized and its stored documents removed, only the figures stay.
ACTIONS = ("erase", "anonymize", "counts_only")


@dataclass(frozen=True, slots=True)
class Retention:
    years: int
    then: str
    basis: dict[str, str]

    def kept_until(self, closed_on: date) -> date:
        """The last day the closed case is kept as it is; the day after, ``then`` applies.
        29 February closed: kept until 28 February of a year that has none."""
        year = closed_on.year + self.years
        try:
            return closed_on.replace(year=year)
        except ValueError:
            return date(year, 2, 28)

    def due(self, closed_on: date, today: date) -> bool:
        return today > self.kept_until(closed_on)

    def last_closing_due(self, today: date) -> date:
        """The latest closing day whose case is due ``today``: every case closed (and so every
        case received) after it is still kept. Lets a query pass over the rest."""
        year = today.year - self.years
        try:
            boundary = today.replace(year=year)
        except ValueError:  # 29 February today: kept_until gives 28 February for it
            boundary = date(year, 2, 28)
        closing = date.fromordinal(boundary.toordinal() - 1)
        while self.due(date.fromordinal(closing.toordinal() + 1), today):
            closing = date.fromordinal(closing.toordinal() + 1)
        return closing


# -- erasure on request (GDPR art. 17(3)(b), (e)): refused while the case is still kept ---------

# A procedure file without a [retention] section (an older bundle): a closed case is kept one
# year, then erased on request. The bundled procedures all state their own.
DEFAULT = Retention(1, "erase", {"nb": "Ombuds standard", "nl": "standaard van Ombud",
                                 "en": "Ombud's default"})
CLOSING_STEPS = ("answered", "declined", "withdrawn")


@dataclass(frozen=True)
class ErasureCheck:
    allowed: bool
    retention: Retention
    from_procedure: bool  # False: Ombud's default, the procedure file names none
    closed_on: date | None  # None: the case is still being handled
    erasable_from: date | None  # None while it is open


def retention_of(procedure) -> tuple[Retention, bool]:
    """The procedure's retention, and whether its file states it."""
    stated = getattr(procedure, "retention", None)
    return (stated, True) if isinstance(stated, Retention) else (DEFAULT, False)


def closed_on(state: str, steps: list[tuple[str, date]]) -> date | None:
    """The day the case was closed: its last closing step, when its state is closed."""
    if state not in CLOSING_STEPS:
        return None
    days = [on for step, on in steps if step in CLOSING_STEPS]
    return max(days) if days else None


def erasure_check(procedure, state: str, steps: list[tuple[str, date]],
                  today: date) -> ErasureCheck:
    """May the case's personal data be erased today? ``steps``: (type, day) of its history."""
    retention, stated = retention_of(procedure)
    closed = closed_on(state, steps)
    if closed is None:
        return ErasureCheck(False, retention, stated, None, None)
    first_day = date.fromordinal(retention.kept_until(closed).toordinal() + 1)
    return ErasureCheck(today >= first_day, retention, stated, closed, first_day)
