"""Periods: calendar days, weeks, months and working days after an event (X-01 to X-04, X-11)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.domain.calendars import calendar_by_code
from ombud.domain.periods import (
    EndRule,
    Unit,
    add_months,
    add_period,
    add_working_days,
    end_of_period,
    holidays_between,
)

NORWAY = calendar_by_code("NO")
ATW = calendar_by_code("NL-Atw")
CALENDAR_CODES = ("NO", "NL-Atw")
ONE_DAY = timedelta(days=1)

# Counting past 2060 reaches the `holidays` package, whose first import is slow: no deadline.
PROPERTY = settings(max_examples=150, deadline=None)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
CALENDARS = st.sampled_from(CALENDAR_CODES).map(calendar_by_code)


def _last_day_of_month(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - ONE_DAY).day


def _working_days_in(after: date, up_to: date, calendar) -> int:
    """Working days in (after, up_to]."""
    days = (after + ONE_DAY * offset for offset in range(1, (up_to - after).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and calendar.holiday(day) is None)


# --- months, weeks, calendar days ------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 31), 2, date(2026, 3, 31)),   # counted from the event, not month by month
    (date(2026, 12, 31), 2, date(2027, 2, 28)),  # across the year end
    (date(2026, 10, 1), 1, date(2026, 11, 1)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 5, 31), 12, date(2027, 5, 31)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 6, 30), 0, date(2026, 6, 30)),
])
def test_x_01_month_clamps_to_last_day(start, months, expected):
    assert add_months(start, months) == expected


@PROPERTY
@given(day=DATES, months=st.integers(min_value=-240, max_value=240))
def test_x_01_months_keep_the_day_number_or_clamp_in_the_right_month(day, months):
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day == min(day.day, _last_day_of_month(result.year, result.month))


@PROPERTY
@given(day=DATES, months=st.integers(min_value=-120, max_value=120),
       more=st.integers(min_value=1, max_value=120))
def test_x_01_more_months_never_end_earlier(day, months, more):
    assert add_months(day, months) < add_months(day, months + more)


@PROPERTY
@given(day=DATES, weeks=st.integers(min_value=0, max_value=104), calendar=CALENDARS)
def test_x_01_weeks_are_seven_calendar_days(day, weeks, calendar):
    result = add_period(day, weeks, Unit.WEEKS, calendar)
    assert (result - day).days == 7 * weeks
    assert result.weekday() == day.weekday()


def test_x_01_four_weeks_after_receipt_ignore_holidays():
    # 2026-12-03 + 4 weeks crosses Christmas on both calendars and still lands on 31 December.
    for calendar in (NORWAY, ATW):
        assert add_period(date(2026, 12, 3), 4, Unit.WEEKS, calendar) == date(2026, 12, 31)


@PROPERTY
@given(day=DATES, days=st.integers(min_value=0, max_value=400), calendar=CALENDARS)
def test_x_11_days_without_working_are_calendar_days(day, days, calendar):
    assert (add_period(day, days, Unit.CALENDAR_DAYS, calendar) - day).days == days


def test_x_11_five_days_after_a_friday_run_through_the_weekend():
    # DNV-I-02: 5 days after the candidate received the result (Friday 2026-10-02).
    assert add_period(date(2026, 10, 2), 5, Unit.CALENDAR_DAYS, ATW) == date(2026, 10, 7)


@PROPERTY
@given(day=DATES, months=st.integers(min_value=0, max_value=36), calendar=CALENDARS)
def test_x_01_add_period_in_months_is_add_months(day, months, calendar):
    assert add_period(day, months, Unit.MONTHS, calendar) == add_months(day, months)


def test_x_01_one_month_after_31_january_via_add_period():
    assert add_period(date(2027, 1, 31), 1, Unit.MONTHS, NORWAY) == date(2027, 2, 28)


@PROPERTY
@given(day=DATES, count=st.integers(min_value=0, max_value=40), calendar=CALENDARS)
def test_x_02_add_period_in_working_days_is_add_working_days(day, count, calendar):
    assert add_period(day, count, Unit.WORKING_DAYS, calendar) == add_working_days(
        day, count, calendar)


def test_x_02_working_days_differ_from_calendar_days_in_add_period():
    start = date(2026, 10, 1)  # Thursday
    assert add_period(start, 5, Unit.WORKING_DAYS, ATW) == date(2026, 10, 8)
    assert add_period(start, 5, Unit.CALENDAR_DAYS, ATW) == date(2026, 10, 6)


# --- working days ----------------------------------------------------------------------


@PROPERTY
@given(day=DATES, count=st.integers(min_value=1, max_value=60), calendar=CALENDARS)
def test_x_02_working_days_land_on_a_working_day_after_the_start(day, count, calendar):
    result = add_working_days(day, count, calendar)
    assert result > day
    assert calendar.is_working_day(result)
    assert result.weekday() < 5 and calendar.holiday(result) is None


@PROPERTY
@given(day=DATES, count=st.integers(min_value=1, max_value=60), calendar=CALENDARS)
def test_x_02_exactly_count_working_days_lie_after_the_start(day, count, calendar):
    result = add_working_days(day, count, calendar)
    assert _working_days_in(day, result, calendar) == count
    assert _working_days_in(day, result - ONE_DAY, calendar) == count - 1


@PROPERTY
@given(day=DATES, count=st.integers(min_value=0, max_value=40), calendar=CALENDARS)
def test_x_02_counting_starts_with_the_next_working_day(day, count, calendar):
    first = add_working_days(day, 1, calendar)
    assert _working_days_in(day, first - ONE_DAY, calendar) == 0
    assert add_working_days(day, count + 1, calendar) == add_working_days(first, count, calendar)


@PROPERTY
@given(day=DATES, calendar=CALENDARS)
def test_x_02_event_on_a_non_working_day_counts_like_the_day_before_the_next_working_day(
        day, calendar):
    while calendar.is_working_day(day):  # move to a weekend or holiday, at most a few days on
        day += ONE_DAY
    next_working = end_of_period(day, EndRule.NEXT_WORKING_DAY, calendar)
    for count in (1, 5, 10):
        assert add_working_days(day, count, calendar) == add_working_days(
            next_working - ONE_DAY, count, calendar)


@pytest.mark.parametrize(("code", "start", "count", "expected"), [
    # SIMULATE.md: 5 working days after receipt on Thursday 2026-10-01 (NL, Atw).
    ("NL-Atw", date(2026, 10, 1), 5, date(2026, 10, 8)),
    # an event on Saturday keeps its date; Monday is the first working day.
    ("NL-Atw", date(2026, 10, 3), 1, date(2026, 10, 5)),
    ("NL-Atw", date(2026, 10, 4), 1, date(2026, 10, 5)),
    ("NO", date(2026, 10, 3), 5, date(2026, 10, 9)),
    # Wed 23 Dec: Thu 24 (1), Fri 25 holiday, weekend, Mon 28 (2), Tue 29 (3), Wed 30 (4),
    # Thu 31 (5).
    ("NL-Atw", date(2026, 12, 23), 5, date(2026, 12, 31)),
    # ... and on to Mon 4 January 2027 (Fri 1 Jan is New Year's Day).
    ("NL-Atw", date(2026, 12, 23), 6, date(2027, 1, 4)),
    # Easter 2026 in Norway: Thu 2, Fri 3, Mon 6 April are holidays: Tue 7 (1), Wed 8 (2),
    # Thu 9 (3).
    ("NO", date(2026, 4, 1), 3, date(2026, 4, 9)),
    # Ascension 2026: Thu 14 May in both; Fri 15 May is equated in the Atw only.
    ("NO", date(2026, 5, 13), 1, date(2026, 5, 15)),
    ("NL-Atw", date(2026, 5, 13), 1, date(2026, 5, 18)),
    # 5 May 2026 (Tuesday) is an Atw holiday, not a Norwegian one.
    ("NL-Atw", date(2026, 5, 4), 1, date(2026, 5, 6)),
    ("NO", date(2026, 5, 4), 1, date(2026, 5, 5)),
    # New Year 2026: Thu 1 Jan holiday, Fri 2 Jan equated (Atw only).
    ("NL-Atw", date(2025, 12, 31), 1, date(2026, 1, 5)),
    ("NO", date(2025, 12, 31), 1, date(2026, 1, 2)),
])
def test_x_02_working_days_table(code, start, count, expected):
    assert add_working_days(start, count, calendar_by_code(code)) == expected


# --- where a period ends --------------------------------------------------------


@PROPERTY
@given(day=DATES, calendar=CALENDARS)
def test_x_04_next_working_day_end_rule_lands_on_the_first_working_day_from_the_end(
        day, calendar):
    result = end_of_period(day, EndRule.NEXT_WORKING_DAY, calendar)
    assert result >= day
    assert calendar.is_working_day(result)
    assert _working_days_in(day - ONE_DAY, result - ONE_DAY, calendar) == 0
    if calendar.is_working_day(day):
        assert result == day


@PROPERTY
@given(day=DATES, calendar=CALENDARS)
def test_x_03_as_falls_end_rule_keeps_the_day(day, calendar):
    assert end_of_period(day, EndRule.AS_FALLS, calendar) == day


@pytest.mark.parametrize(("code", "falls_on", "ends_on"), [
    # Saturday 2 May 2026: Sunday, then 4 May, a Monday and a working day.
    ("NL-Atw", date(2026, 5, 2), date(2026, 5, 4)),
    # Monday 4 May is a working day: the period ends as it falls.
    ("NL-Atw", date(2026, 5, 4), date(2026, 5, 4)),
    # 5 May (Tuesday) is an Atw holiday every year: on to Wednesday.
    ("NL-Atw", date(2026, 5, 5), date(2026, 5, 6)),
    # Ascension (Thu), equated Friday, weekend: Monday 18 May.
    ("NL-Atw", date(2026, 5, 14), date(2026, 5, 18)),
    # Christmas 2026 (Fri), Boxing Day (Sat), Sunday: Monday 28 December.
    ("NL-Atw", date(2026, 12, 25), date(2026, 12, 28)),
    # Good Friday 2026 then the weekend and Easter Monday: Tuesday 7 April.
    ("NL-Atw", date(2026, 4, 3), date(2026, 4, 7)),
    ("NO", date(2026, 4, 2), date(2026, 4, 7)),
])
def test_x_04_period_ending_on_a_non_working_day_ends_on_the_next_working_day(
        code, falls_on, ends_on):
    assert end_of_period(falls_on, EndRule.NEXT_WORKING_DAY, calendar_by_code(code)) == ends_on


def test_x_03_norwegian_deadline_on_a_holiday_is_shown_as_it_falls():
    assert end_of_period(date(2026, 5, 17), EndRule.AS_FALLS, NORWAY) == date(2026, 5, 17)
    assert end_of_period(date(2026, 12, 26), EndRule.AS_FALLS, NORWAY) == date(2026, 12, 26)


# --- holidays_between ------------------------------------------------------------------------


@PROPERTY
@given(first=DATES, span=st.integers(min_value=-5, max_value=800), calendar=CALENDARS)
def test_holidays_between_are_exactly_the_weekday_holidays_in_range_sorted(
        first, span, calendar):
    last = first + timedelta(days=span)
    found = holidays_between(first, last, calendar)
    days = [holiday.day for holiday in found]
    assert days == sorted(days)
    assert len(set(days)) == len(days)
    expected = [
        first + ONE_DAY * offset for offset in range(span + 1)
        if (first + ONE_DAY * offset).weekday() < 5
        and calendar.holiday(first + ONE_DAY * offset) is not None
    ]
    assert days == expected
    for holiday in found:
        assert calendar.holiday(holiday.day) == holiday


def test_holidays_between_skips_weekend_holidays():
    # Easter 2026 in Norway: Easter Sunday (5 April) is a holiday but not a skipped working day.
    found = holidays_between(date(2026, 3, 30), date(2026, 4, 12), NORWAY)
    assert [holiday.day for holiday in found] == [date(2026, 4, 2), date(2026, 4, 3),
                                                  date(2026, 4, 6)]
    # Christmas 2026 on the Atw: 26 December is a Saturday.
    found = holidays_between(date(2026, 12, 24), date(2026, 12, 31), ATW)
    assert [holiday.day for holiday in found] == [date(2026, 12, 25)]


def test_holidays_between_crosses_the_year_end_in_order():
    found = holidays_between(date(2025, 12, 20), date(2026, 1, 10), ATW)
    assert [holiday.day for holiday in found] == [
        date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1), date(2026, 1, 2)]
    assert [holiday.name("nl") for holiday in found][:3] == [
        "Eerste Kerstdag", "Tweede Kerstdag", "Nieuwjaarsdag"]


def test_holidays_between_includes_both_ends():
    found = holidays_between(date(2026, 5, 5), date(2026, 5, 14), ATW)
    assert [holiday.day for holiday in found] == [date(2026, 5, 5), date(2026, 5, 14)]
