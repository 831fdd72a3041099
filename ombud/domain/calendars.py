"""Working-day calendars: which days are holidays for a procedure's periods.

A procedure names its calendar by code. Three exist today:

- ``NO``: the Norwegian public holidays (X-03). They come from the ``holidays`` package; because
  importing that package costs about 200 ms, the years 2000-2060 are kept as data generated from it
  (``calendar_data/no.json``, refreshed by ``scripts/refresh-calendars`` and checked against the
  package by the test suite). Other years are asked of the package directly.
- ``NO-DL``: the same, with julaften and nyttårsaften, for periods counted as domstolloven
  §§ 148-149 count them (``CourtPeriodCalendar``).
- ``NL-Atw``: the Dutch Algemene termijnenwet (X-04). It is *not* ``holidays.NL``: it has 5 May
  every year, Good Friday, and the days equated by decree, which are published every three years
  and kept as data (``calendar_data/nl_atw_equated.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("calendar_data")
NORWAY_DATA_FILE = DATA_DIR / "no.json"
ATW_EQUATED_FILE = DATA_DIR / "nl_atw_equated.json"
NORWAY_DATA_YEARS = range(2000, 2061)


@dataclass(frozen=True, slots=True)
class Holiday:
    day: date
    names: dict[str, str]  # language code -> name

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]


class Calendar:
    """A set of holidays plus the weekend. Subclasses fill ``_holidays_of_year``."""

    code: str
    names: dict[str, str]

    def __init__(self) -> None:
        self._by_year: dict[int, dict[date, Holiday]] = {}

    def holidays_of_year(self, year: int) -> dict[date, Holiday]:
        found = self._by_year.get(year)
        if found is None:
            found = self._by_year[year] = self._holidays_of_year(year)
        return found

    def _holidays_of_year(self, year: int) -> dict[date, Holiday]:
        raise NotImplementedError

    def holiday(self, day: date) -> Holiday | None:
        return self.holidays_of_year(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays_of_year(day.year)

    def covers(self, year: int) -> bool:
        """Whether the calendar's data for ``year`` is complete (decrees published)."""
        return True

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]


class NorwegianCalendar(Calendar):
    code = "NO"
    names = {"en": "Norwegian public holidays", "nb": "norske helligdager",
             "nl": "Noorse feestdagen"}

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[str, dict[str, list[str]]] | None = None

    def _holidays_of_year(self, year: int) -> dict[date, Holiday]:
        if year in NORWAY_DATA_YEARS:
            if self._data is None:
                self._data = json.loads(NORWAY_DATA_FILE.read_text(encoding="utf-8"))
            entries = self._data.get(str(year), {})
        else:
            entries = norwegian_holidays_from_package(year)
        return {
            date.fromisoformat(day): Holiday(date.fromisoformat(day), {"en": en, "nb": nb})
            for day, (en, nb) in entries.items()
        }


class CourtPeriodCalendar(NorwegianCalendar):
    """The Norwegian holidays and the two eves that domstolloven §§ 148-149 also do not let a
    period end on: a party's period under the forvaltningsloven (fvl § 29, counted as the courts
    count) ending on julaften or nyttårsaften runs to the next working day. They are working days
    for everything else (the municipality's offices, the holiday law): a procedure names this
    calendar only where its party's periods are counted so (FJ-01)."""

    code = "NO-DL"
    names = {"en": "Norwegian public holidays, Christmas Eve and New Year's Eve, as "
                   "domstolloven §§ 148-149 count them",
             "nb": "norske helligdager, julaften og nyttårsaften, slik domstolloven §§ 148-149 "
                   "regner dem",
             "nl": "Noorse feestdagen, kerstavond en oudejaarsavond, zoals domstolloven "
                   "§§ 148-149 ze telt"}

    def _holidays_of_year(self, year: int) -> dict[date, Holiday]:
        found = super()._holidays_of_year(year)
        for day, en, nb in ((date(year, 12, 24), "Christmas Eve", "Julaften"),
                            (date(year, 12, 31), "New Year's Eve", "Nyttårsaften")):
            found[day] = Holiday(day, {"en": en, "nb": nb})
        return found


def norwegian_holidays_from_package(year: int) -> dict[str, list[str]]:
    """The X-03 holidays of one year, straight from the ``holidays`` package: {iso: [en, nb]}."""
    from holidays.countries.norway import Norway  # slow import: only when data is missing

    english = Norway(years=year, language="en_US")
    norwegian = Norway(years=year, language="no")
    return {day.isoformat(): [english[day], norwegian[day]] for day in sorted(english)}


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


class AtwCalendar(Calendar):
    """Algemene termijnenwet art. 3: the days a period may not end on, besides the weekend."""

    code = "NL-Atw"
    names = {"en": "NL, Algemene termijnenwet", "nb": "NL, Algemene termijnenwet",
             "nl": "NL, Algemene termijnenwet"}

    def __init__(self) -> None:
        super().__init__()
        published = json.loads(ATW_EQUATED_FILE.read_text(encoding="utf-8"))
        self._equated = {date.fromisoformat(day): why for day, why in published["days"].items()}
        self._covered_years = range(published["first_year"], published["last_year"] + 1)

    def covers(self, year: int) -> bool:
        return year in self._covered_years

    def _holidays_of_year(self, year: int) -> dict[date, Holiday]:
        easter = easter_sunday(year)
        kings_day = date(year, 4, 27)
        if kings_day.weekday() == 6:
            kings_day = date(year, 4, 26)
        fixed = [
            (date(year, 1, 1), "Nieuwjaarsdag", "New Year's Day"),
            (easter - timedelta(days=2), "Goede Vrijdag", "Good Friday"),
            (easter + timedelta(days=1), "Tweede Paasdag", "Easter Monday"),
            (kings_day, "Koningsdag", "King's Day"),
            (date(year, 5, 5), "Bevrijdingsdag", "Liberation Day"),
            (easter + timedelta(days=39), "Hemelvaartsdag", "Ascension Day"),
            (easter + timedelta(days=50), "Tweede Pinksterdag", "Whit Monday"),
            (date(year, 12, 25), "Eerste Kerstdag", "Christmas Day"),
            (date(year, 12, 26), "Tweede Kerstdag", "Boxing Day"),
        ]
        found = {day: Holiday(day, {"nl": nl, "en": en, "nb": en}) for day, nl, en in fixed}
        for day, why in self._equated.items():
            if day.year == year:
                found[day] = Holiday(day, {"nl": why["nl"], "en": why["en"], "nb": why["en"]})
        return found


@cache
def calendar_by_code(code: str) -> Calendar:
    """The calendar a procedure names. Raises KeyError for an unknown code."""
    return CALENDARS[code]()


CALENDARS: dict[str, type[Calendar]] = {"NO": NorwegianCalendar, "NL-Atw": AtwCalendar,
                                        "NO-DL": CourtPeriodCalendar}
