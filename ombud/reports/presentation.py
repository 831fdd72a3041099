"""The annual report as sections of tables, summaries and charts, in one language: what the
page, the PDF, the workbook and the CSV all show, built once here so that they cannot disagree.

Cells hold real values (int, float, date, str); in a report made for an outside body where the
organization asks for it, small counts are hidden (``suppression``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ombud.domain import messages as m
from ombud.domain.loader import find_procedure
from ombud.domain.texts import deadline_name, word
from ombud.reports import charts, sections, suppression
from ombud.reports.selectors import Annual

SUPPRESSED = suppression.SUPPRESSED
HIDDEN = suppression.HIDDEN


def channel_name(key: str) -> str:
    return {"letter": _("letter"), "email": _("e-mail"), "web": _("web form"),
            "oral": _("oral")}.get(key, key)


@dataclass
class Column:
    title: str
    kind: str = "count"  # count, text, days, share, date, month, mixed


@dataclass
class Table:
    key: str  # the CSV section's and the sheet's key (the sheet is named by the title)
    title: str
    columns: list[Column]
    rows: list[list]
    figure: str = ""  # the case list behind the counts (selectors.FIGURES), "" for none
    values: list[str] = field(default_factory=list)  # each row's value for that list
    kinds: list[str] = field(default_factory=list)  # per row, where a column is "mixed"
    hrefs: list[str] = field(default_factory=list)  # the page's links to the case lists
    link_column: int = 1  # the column whose counts open the case list
    additive: bool = True  # its count columns (and rows) add up to totals (``suppression``)
    empty: str = ""  # the sentence said instead of a table with no rows
    note: str = ""  # said under the table: how a figure of it was counted

    def numeric(self, column: int) -> bool:
        return self.columns[column].kind not in ("text", "month")

    def kind(self, row: int, column: int) -> str:
        kind = self.columns[column].kind
        return self.kinds[row] if kind == "mixed" and self.kinds else kind


@dataclass
class Section:
    key: str
    title: str
    summary: str
    tables: list[Table]
    chart: charts.Chart | None = None


@dataclass
class Report:
    title: str
    organization: str
    year: int
    procedure: str  # its title, or "all case types"
    method: str
    made_on: date
    sections: list[Section]
    suppressed: bool = False
    status: str = ""  # "Preliminary figures as of …" for a year not yet ended

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def method_text(preliminary: str = "", appeals: str = "") -> str:
    """How the report counts; ``appeals``: the bundles' word for the appeals (``Labels``)."""
    text = " ".join((
        _("What is counted: the cases received in the year, by the day they were received. "
          "Outcomes are as they stood on 31 December: a case decided later counts as still "
          "open. Handling time runs from receipt to the first answer, decision not to handle "
          "or withdrawal, in working days on the calendar of the case's procedure, for the "
          "cases closed by 31 December; the median and the 90th percentile are by nearest "
          "rank. Deadlines are those the organization must keep, as the procedure sets them, "
          "on the cases received in the year; a deadline still running is counted as open."),
        _("%(appeals)s: those lodged by 31 December.") % {"appeals": capfirst(appeals)}
        if appeals else _("Appeals are those lodged by 31 December."),
        _("The report holds counts only, no personal data.")))
    return f"{preliminary} {text}" if preliminary else text


def _all_complaints(procedure_ids: list[str], language: str) -> bool:
    """Whether every case type is a complaint by its bundle's word too: a bundle that calls
    its cases otherwise ("bezwaar", "appeal") gets the report's neutral title, not one "on
    complaints"; one that says nothing keeps Ombud's title."""
    from ombud.letters.render import CASE_NOUNS

    complaint = CASE_NOUNS["complaint"][language if language in ("nb", "nl") else "en"]
    return all(word(procedure_id, language, "case_types", "noun", complaint) == complaint
               for procedure_id in procedure_ids)


class Labels:
    """Names of case types, subjects, filers, deadlines and rules, in the active language, from
    the organization's procedures."""

    def __init__(self, procedure_ids: list[str]) -> None:
        self.language = (translation.get_language() or "en")[:2]
        self.types, self.abouts, self.filers = {}, {}, {}
        self.deadlines: dict[str, str] = {}  # the bundles' own names, first found
        # what the bundles call the appeals (texts [case_types.<type>] appeals): the report's
        # heading where every case type says the same (a klage on a dismissal is no "anke")
        own = {word(procedure_id, self.language, "case_types", "appeals")
               for procedure_id in procedure_ids}
        self.appeals = own.pop() if len(own) == 1 and None not in own else ""
        self.of_complaints = _all_complaints(procedure_ids, self.language)
        for procedure_id in procedure_ids:
            procedure = find_procedure(procedure_id)
            for spec in procedure.deadlines:
                self.deadlines.setdefault(spec.key, deadline_name(procedure_id, spec.key,
                                                                  self.language))
            self.types[procedure_id] = m.pick(procedure.title, self.language)
            for choice in procedure.intake.subjects:
                self.abouts.setdefault(choice.key, m.pick(choice.label, self.language))
            for choice in procedure.intake.filers:
                self.filers.setdefault(choice.key, m.pick(choice.label, self.language))

    def deadline(self, key: str) -> str:
        if key in self.deadlines:
            return self.deadlines[key]
        names = m.DEADLINE_NAMES.get(key)
        return m.pick(names, self.language) if names else key

    def unit(self, unit: str) -> str:
        return m.UNITS.get(unit, m.UNITS["calendar_days"])[self.language][1]

    @staticmethod
    def rule(rule: str) -> str:
        """A rule as a reader knows it: the organization's own rule by its number; ours (the
        "X-" rules, how Ombud reads the law) never by our internal number."""
        if not rule.startswith("X-"):
            return rule
        return {"X-10": _("GDPR art. 12(3)")}.get(rule, _("by law"))


def figure_name(labels: Labels, figure: str, value: str, as_of: date | None = None) -> str:
    """What a case list counts, as its heading says it: the table's title and the row's name
    ("Received by channel: e-mail"), so that the list can be held to the number it checks.
    ``as_of``: the day of a year not yet ended (its cases are open "so far", not at its end)."""
    outcomes = sections.outcome_labels(as_of)
    names = {
        "received": (_("Cases received"), lambda v: ""),
        "type": (_("Received by case type"), lambda v: labels.types.get(v, v)),
        "about": (_("Received by subject"), lambda v: labels.abouts.get(v) or _("not stated")),
        "channel": (_("Received by channel"), channel_name),
        "filer": (_("Received by who filed"), lambda v: labels.filers.get(v) or _("not stated")),
        "month": (_("Received per month"),
                  lambda v: month_name(int(v)) if v.isdecimal() and 1 <= int(v) <= 12 else v),
        "outcome": (_("Cases by outcome"), lambda v: outcomes.get(v, v)),
        "appeal": (_("Appeals and their outcomes"),
                   lambda v: outcomes.get(v, v)),
        "forwarded": (_("Forwarded to the appeal body"), lambda v: ""),
        "missed": (_("Deadlines missed"), Labels.rule),
        "handling": (_("Handling time distribution (working days)"), charts.band_name),
        "actions": (_("Corrective actions opened and done"),
                    lambda v: {"opened": _("opened"), "done": _("done")}.get(v, v)),
    }
    title, name = names.get(figure, ("", str))
    row = name(value)
    return f"{title}: {row}" if row else title


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def percent(value: float | None) -> str:
    """A share as a whole percentage, half a percent up as a reader rounds (Python's round()
    rounds half to even: 22.5 % would read 22 % beside 27.5 % as 28 %)."""
    if value is None:
        return "–"
    whole = (Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number_format(int(whole), 0)} %"


def month_name(month: int) -> str:
    return date_format(date(2000, month, 1), "F")


def long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def display(table: Table, number: int, index: int, value) -> str:
    """One cell as the page and the PDF print it."""
    kind = table.kind(number, index)
    if value is None:
        return "–"
    if kind == "share" and isinstance(value, float):
        return percent(value)
    if kind == "month" and isinstance(value, int):
        return month_name(value)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, 1)
    return str(value)


def build(report: Annual, *, organization: str, procedure_ids: list[str], made_on: date,
          suppress: bool = False, handler_name: str = "") -> Report:
    labels = Labels(procedure_ids)
    scope = report.scope
    procedure = labels.types.get(scope.procedure_id, _("all case types"))
    # a year not yet ended: its figures stand as of today, not at its end
    as_of = made_on if made_on <= scope.year_end else None
    built_sections = sections.build_all(report, labels, as_of=as_of, made_on=made_on)
    title = (_("Annual report on complaints %(year)s") if labels.of_complaints
             else _("Annual report: cases %(year)s")) % {"year": scope.year}
    if handler_name:
        title = _("%(title)s: only the cases handled by %(name)s") % {
            "title": title, "name": handler_name}
    status = (_("Preliminary figures as of %(date)s") % {"date": long_date(as_of)}
              if as_of else "")
    built = Report(title, organization, scope.year, procedure, method_text(
        status + "." if status else "", labels.appeals), made_on, built_sections, suppress, status)
    if suppress:
        for section in built.sections:
            section.summary, section.chart = _("Left out of reports for outside bodies."), None
        suppression.suppress_tables(built.tables())
        if report.before is not None:  # its key figures as that year's own report hides them
            before = [table for section in sections.build_all(
                report.before, labels, as_of=None, made_on=made_on) for table in section.tables]
            suppression.suppress_tables(before)
            suppression.hide_year_before(built.tables(), before)
    return built
