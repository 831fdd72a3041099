"""Periods: how far N calendar days, weeks, months or working days reach from an event.

Counting follows rules.md X-01 and X-02: a period starts the day after its event; weeks are seven
calendar days; months keep the day number and clamp to the month's last day; working days skip
weekends and the calendar's holidays. Where a procedure's end-of-period rule says so (the Dutch
Algemene termijnenwet, X-04), a period that ends on a non-working day ends on the next working day.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta
from enum import StrEnum

from ombud.domain.calendars import Calendar, Holiday

ONE_DAY = timedelta(days=1)


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    WORKING_DAYS = "working_days"


class EndRule(StrEnum):
    AS_FALLS = "as_falls"  # Norwegian deadlines are shown as they fall
    NEXT_WORKING_DAY = "next_working_day"  # Atw art. 1


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` later, clamped to the last day of that month (X-01)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_working_days(day: date, count: int, calendar: Calendar) -> date:
    """The ``count``-th working day after ``day`` (X-02); ``day`` itself never counts."""
    while count > 0:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count -= 1
    return day


def add_period(day: date, amount: int, unit: Unit, calendar: Calendar) -> date:
    """The last day of a period of ``amount`` units that starts the day after ``day``."""
    # == rather than is: a plain string from a caller compares equal to its Unit
    if unit == Unit.CALENDAR_DAYS:
        return day + timedelta(days=amount)
    if unit == Unit.WEEKS:
        return day + timedelta(days=7 * amount)
    if unit == Unit.MONTHS:
        return add_months(day, amount)
    if unit == Unit.WORKING_DAYS:
        return add_working_days(day, amount, calendar)
    raise ValueError(f"unknown unit {unit!r}")


def days_after(first: date, last: date, unit: Unit, calendar: Calendar) -> int:
    """How many days after ``first`` up to ``last`` (included): working days (X-02) for a
    period counted in working days, else calendar days. 0 when ``last`` is not after it."""
    if last <= first:
        return 0
    if unit == Unit.WORKING_DAYS:
        return sum(1 for offset in range(1, (last - first).days + 1)
                   if calendar.is_working_day(first + timedelta(days=offset)))
    return (last - first).days


def end_of_period(day: date, rule: EndRule, calendar: Calendar) -> date:
    """Where a period that falls on ``day`` really ends, under the procedure's end rule."""
    if rule is EndRule.NEXT_WORKING_DAY:
        while not calendar.is_working_day(day):
            day += ONE_DAY
    return day


def holidays_between(first: date, last: date, calendar: Calendar) -> list[Holiday]:
    """Holidays of ``calendar`` on working weekdays from ``first`` to ``last``, both included.

    Used to explain a working-day count: these are the days it skipped besides weekends.
    """
    found = []
    for year in range(first.year, last.year + 1):
        for day, holiday in calendar.holidays_of_year(year).items():
            if first <= day <= last and day.weekday() < 5:
                found.append(holiday)
    return sorted(found, key=lambda holiday: holiday.day)
