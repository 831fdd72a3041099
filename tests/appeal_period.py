"""The last day of a Personalpartner complainant's appeal (X-21), as tests that run on any
date must expect it: three weeks after the answer, moved off a weekend or holiday (fvl § 30)."""

from __future__ import annotations

from datetime import date, timedelta

from ombud.domain.loader import find_procedure
from ombud.domain.periods import EndRule, end_of_period


def pp_appeal_last_day(answered_on: date) -> date:
    calendar = find_procedure("pp/complaint").calendar
    return end_of_period(answered_on + timedelta(weeks=3), EndRule.NEXT_WORKING_DAY, calendar)
