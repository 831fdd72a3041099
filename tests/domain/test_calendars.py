"""Working-day calendars: the Norwegian public holidays (X-03) and the Dutch Atw (X-04)."""

import json
from datetime import date, timedelta

import holidays
import pytest
from dateutil.easter import easter as dateutil_easter
from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.domain.calendars import (
    NORWAY_DATA_FILE,
    NORWAY_DATA_YEARS,
    AtwCalendar,
    NorwegianCalendar,
    calendar_by_code,
    easter_sunday,
    norwegian_holidays_from_package,
)

NORWAY = calendar_by_code("NO")
ATW = calendar_by_code("NL-Atw")
CALENDAR_CODES = ("NO", "NL-Atw")

# Years outside the data file go to the `holidays` package, whose first import is slow: no
# per-example deadline, so a cold import cannot make a property flaky.
PROPERTY = settings(max_examples=150, deadline=None)
DATA_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


def _norwegian_days_by_rule(year: int) -> set[date]:
    """The X-03 list worked out from Easter alone, independent of the package and the data file."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1),                 # nyttårsdag
        easter - timedelta(days=3),       # skjærtorsdag
        easter - timedelta(days=2),       # langfredag
        easter,                           # 1. påskedag
        easter + timedelta(days=1),       # 2. påskedag
        date(year, 5, 1),                 # 1. mai
        date(year, 5, 17),                # 17. mai
        easter + timedelta(days=39),      # Kristi himmelfartsdag
        easter + timedelta(days=49),      # 1. pinsedag
        easter + timedelta(days=50),      # 2. pinsedag
        date(year, 12, 25),               # 1. juledag
        date(year, 12, 26),               # 2. juledag
    }


# --- Norway ---------------------------------------------------------------------------


def test_x_03_norwegian_data_file_covers_exactly_the_data_years():
    data = json.loads(NORWAY_DATA_FILE.read_text(encoding="utf-8"))
    assert set(data) == {str(year) for year in NORWAY_DATA_YEARS}


def test_x_03_norwegian_data_file_is_what_the_holidays_package_gives():
    data = json.loads(NORWAY_DATA_FILE.read_text(encoding="utf-8"))
    stale = [
        year for year in NORWAY_DATA_YEARS
        if data[str(year)] != norwegian_holidays_from_package(year)
    ]
    assert stale == [], f"run scripts/refresh-calendars: years {stale} differ from the package"


def test_x_03_norwegian_calendar_reads_the_same_days_as_the_package():
    calendar = NorwegianCalendar()
    for year in (2000, 2026, 2060):
        from_package = norwegian_holidays_from_package(year)
        found = calendar.holidays_of_year(year)
        assert {day.isoformat() for day in found} == set(from_package)
        for day, holiday in found.items():
            assert [holiday.name("en"), holiday.name("nb")] == from_package[day.isoformat()]


@pytest.mark.parametrize("year", [*NORWAY_DATA_YEARS, 2061, 2070, 2099])
def test_x_03_norwegian_holidays_are_the_twelve_helligdager(year):
    assert set(NorwegianCalendar().holidays_of_year(year)) == _norwegian_days_by_rule(year)


def test_x_03_a_year_outside_the_data_comes_from_the_package():
    assert 2070 not in NORWAY_DATA_YEARS
    calendar = NorwegianCalendar()
    found = calendar.holidays_of_year(2070)
    assert {day.isoformat() for day in found} == set(norwegian_holidays_from_package(2070))
    assert calendar.holiday(date(2070, 5, 17)).name("nb") == "Grunnlovsdag"
    assert calendar.holiday(date(2070, 3, 28)).name("nb") == "Langfredag"  # Easter 2070: 30 March
    assert not calendar.is_working_day(date(2070, 3, 31))  # Easter Monday
    assert calendar.is_working_day(date(2070, 4, 1))


NORWAY_2026 = [
    (date(2026, 1, 1), "Første nyttårsdag"),
    (date(2026, 4, 2), "Skjærtorsdag"),
    (date(2026, 4, 3), "Langfredag"),
    (date(2026, 4, 5), "Første påskedag"),
    (date(2026, 4, 6), "Andre påskedag"),
    (date(2026, 5, 1), "Arbeidernes dag"),
    (date(2026, 5, 14), "Kristi himmelfartsdag"),
    (date(2026, 5, 17), "Grunnlovsdag"),
    (date(2026, 5, 24), "Første pinsedag"),
    (date(2026, 5, 25), "Andre pinsedag"),
    (date(2026, 12, 25), "Første juledag"),
    (date(2026, 12, 26), "Andre juledag"),
]


@pytest.mark.parametrize(("day", "name_nb"), NORWAY_2026, ids=lambda value: str(value))
def test_x_03_norwegian_holiday_in_2026(day, name_nb):
    holiday = NORWAY.holiday(day)
    assert holiday is not None
    assert holiday.day == day
    assert holiday.name("nb") == name_nb
    assert not NORWAY.is_working_day(day)


def test_x_03_norway_2026_has_no_other_holidays():
    assert sorted(NORWAY.holidays_of_year(2026)) == [day for day, _ in NORWAY_2026]


@pytest.mark.parametrize("day", [date(2026, 5, 5), date(2026, 4, 27), date(2026, 12, 24),
                                 date(2026, 12, 31), date(2026, 1, 2)])
def test_x_03_dutch_and_eve_days_are_working_days_in_norway(day):
    assert NORWAY.holiday(day) is None
    assert NORWAY.is_working_day(day)


# --- the Dutch Algemene termijnenwet --------------------------------------------------

ATW_BY_YEAR = {
    2026: [
        date(2026, 1, 1),    # nieuwjaarsdag
        date(2026, 1, 2),    # equated by decree
        date(2026, 4, 3),    # Good Friday (art. 3(2))
        date(2026, 4, 6),    # tweede paasdag
        date(2026, 4, 27),   # Koningsdag (a Monday)
        date(2026, 5, 5),    # 5 May
        date(2026, 5, 14),   # Hemelvaartsdag
        date(2026, 5, 15),   # equated by decree
        date(2026, 5, 25),   # tweede pinksterdag
        date(2026, 12, 25),
        date(2026, 12, 26),
    ],
    2027: [
        date(2027, 1, 1),
        date(2027, 3, 26),   # Good Friday
        date(2027, 3, 29),   # tweede paasdag
        date(2027, 4, 27),   # Koningsdag (a Tuesday)
        date(2027, 5, 5),
        date(2027, 5, 6),    # Hemelvaartsdag
        date(2027, 5, 7),    # equated by decree
        date(2027, 5, 17),   # tweede pinksterdag
        date(2027, 12, 25),
        date(2027, 12, 26),
    ],
    2028: [
        date(2028, 1, 1),
        date(2028, 4, 14),   # Good Friday
        date(2028, 4, 17),   # tweede paasdag
        date(2028, 4, 27),   # Koningsdag (a Thursday)
        date(2028, 4, 28),   # equated by decree
        date(2028, 5, 5),
        date(2028, 5, 25),   # Hemelvaartsdag
        date(2028, 5, 26),   # equated by decree
        date(2028, 6, 5),    # tweede pinksterdag
        date(2028, 12, 25),
        date(2028, 12, 26),
    ],
}


@pytest.mark.parametrize("year", sorted(ATW_BY_YEAR))
def test_x_04_atw_holidays_of_year_are_exactly_the_listed_days(year):
    assert sorted(ATW.holidays_of_year(year)) == ATW_BY_YEAR[year]


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027, 2028, 2029, 2031, 2035])
def test_x_04_fifth_of_may_is_a_holiday_every_year(year):
    holiday = ATW.holiday(date(year, 5, 5))
    assert holiday is not None
    assert holiday.name("nl") == "Bevrijdingsdag"
    if date(year, 5, 5).weekday() < 5:
        assert not ATW.is_working_day(date(year, 5, 5))


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_x_04_holidays_nl_lacks_fifth_of_may_where_atw_has_it(year):
    # Why holidays.NL is not the Atw calendar: it keeps 5 May only every fifth year (2025, 2030).
    package_nl = holidays.country_holidays("NL", years=year)
    assert date(year, 5, 5) not in package_nl
    assert ATW.holiday(date(year, 5, 5)) is not None


def test_x_04_holidays_nl_has_no_equated_days():
    package_nl = holidays.country_holidays("NL", years=[2026, 2027, 2028])
    for day in (date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 5, 26)):
        assert day not in package_nl
        assert ATW.holiday(day) is not None


@pytest.mark.parametrize(("year", "good_friday"), [
    (2023, date(2023, 4, 7)), (2024, date(2024, 3, 29)), (2025, date(2025, 4, 18)),
    (2026, date(2026, 4, 3)), (2027, date(2027, 3, 26)), (2028, date(2028, 4, 14)),
])
def test_x_04_good_friday_is_a_holiday(year, good_friday):
    assert good_friday.weekday() == 4
    assert ATW.holiday(good_friday).name("nl") == "Goede Vrijdag"
    assert not ATW.is_working_day(good_friday)
    assert ATW.is_working_day(good_friday - timedelta(days=1))  # Maundy Thursday is not


@pytest.mark.parametrize(("year", "kings_day"), [
    (2014, date(2014, 4, 26)),  # 27 April 2014 was a Sunday
    (2025, date(2025, 4, 26)),  # 27 April 2025 is a Sunday
    (2026, date(2026, 4, 27)),
    (2027, date(2027, 4, 27)),
    (2028, date(2028, 4, 27)),
    (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
])
def test_x_04_kings_day_is_27_april_or_26_when_27_is_a_sunday(year, kings_day):
    assert ATW.holiday(kings_day).name("nl") == "Koningsdag"
    other = date(year, 4, 26) if kings_day.day == 27 else date(year, 4, 27)
    assert ATW.holiday(other) is None


@pytest.mark.parametrize("day", [
    date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27),
    date(2025, 5, 30),
    date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26),
])
def test_x_04_equated_day_is_not_a_working_day(day):
    assert day.weekday() < 5
    holiday = ATW.holiday(day)
    assert holiday is not None
    assert "equated" in holiday.name("en")
    assert not ATW.is_working_day(day)


def test_x_04_equated_days_are_data_for_their_year_only():
    # 2 January is equated in 2026 only: in 2025 (decreed, not listed) and 2029 (no decree yet)
    # it is an ordinary weekday.
    for day in (date(2025, 1, 2), date(2029, 1, 2)):
        assert day.weekday() < 5
        assert ATW.holiday(day) is None
        assert ATW.is_working_day(day)


@pytest.mark.parametrize(("year", "covered"), [
    (2022, False), (2023, True), (2026, True), (2028, True), (2029, False),
])
def test_x_04_atw_covers_only_the_decreed_years(year, covered):
    assert ATW.covers(year) is covered


def test_x_03_norwegian_calendar_covers_every_year():
    assert NORWAY.covers(1999) and NORWAY.covers(2026) and NORWAY.covers(2100)


def test_calendar_by_code_knows_both_calendars_and_refuses_others():
    assert isinstance(calendar_by_code("NO"), NorwegianCalendar)
    assert isinstance(calendar_by_code("NL-Atw"), AtwCalendar)
    with pytest.raises(KeyError):
        calendar_by_code("NL")


# --- Easter and working days ----------------------------------------------------------------


def test_easter_sunday_matches_dateutil_1900_to_2200():
    wrong = {year: easter_sunday(year) for year in range(1900, 2201)
             if easter_sunday(year) != dateutil_easter(year)}
    assert wrong == {}


@pytest.mark.parametrize(("year", "easter"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2028, date(2028, 4, 16)), (2038, date(2038, 4, 25)),
    (2285, date(2285, 3, 22)),
])
def test_easter_sunday_known_dates(year, easter):
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


@PROPERTY
@given(day=DATA_DATES, code=st.sampled_from(CALENDAR_CODES))
def test_x_02_weekends_are_never_working_days(day, code):
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    calendar = calendar_by_code(code)
    assert not calendar.is_working_day(saturday)
    assert not calendar.is_working_day(saturday + timedelta(days=1))


@PROPERTY
@given(day=DATA_DATES, code=st.sampled_from(CALENDAR_CODES))
def test_x_02_working_day_is_a_weekday_that_is_not_a_holiday(day, code):
    calendar = calendar_by_code(code)
    assert calendar.is_working_day(day) == (day.weekday() < 5 and calendar.holiday(day) is None)


@PROPERTY
@given(day=DATA_DATES)
def test_x_03_norwegian_working_day_agrees_with_the_helligdager(day):
    expected = day.weekday() < 5 and day not in _norwegian_days_by_rule(day.year)
    assert NORWAY.is_working_day(day) == expected
