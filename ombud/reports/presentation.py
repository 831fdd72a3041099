"""The annual report as sections of tables, summaries and charts, in one language: what the
page, the PDF, the workbook and the CSV all show, built once here so that they cannot disagree.

Cells hold real values (int, float, date, str); a count of 1 or 2 in a report made for an
outside body is shown as "<3" where the organization asks for it (small-cell suppression)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ombud.domain import messages as m
from ombud.domain.loader import find_procedure
from ombud.domain.texts import deadline_name
from ombud.reports import charts
from ombud.reports.selectors import Annual

SUPPRESSED = "<3"
HIDDEN = "–"  # a share or days left out beside a suppressed count: they would give it back



def channel_name(key: str) -> str:
    return {"letter": _("letter"), "email": _("e-mail"), "web": _("web form"),
            "oral": _("oral")}.get(key, key)


def _outcome_labels() -> dict[str, str]:
    return {"upheld": _("upheld"), "partly_upheld": _("partly upheld"),
            "not_upheld": _("not upheld"), "declined": _("declined"),
            "withdrawn": _("withdrawn"), "open": _("still open at year end"),
            "answered": _("answered"), "": _("not yet decided")}


@dataclass
class Column:
    title: str
    kind: str = "count"  # count, text, days, share, date


@dataclass
class Table:
    key: str  # the sheet's and the CSV section's name
    title: str
    columns: list[Column]
    rows: list[list]
    figure: str = ""  # the case list behind the counts (selectors.FIGURES), "" for none
    values: list[str] = field(default_factory=list)  # each row's value for that list
    kinds: list[str] = field(default_factory=list)  # per row, where a column is "mixed"
    hrefs: list[str] = field(default_factory=list)  # the page's links to the case lists
    link_column: int = 1  # the column whose counts open the case list

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

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def method_text() -> str:
    return _("What is counted: the cases received in the year, by the day they were received. "
             "Outcomes are as they stood on 31 December: a case decided later counts as still "
             "open. Handling time runs from receipt to the first answer, decision not to handle "
             "or withdrawal, in working days on the calendar of the case's procedure, for the "
             "cases closed by 31 December; the median and the 90th percentile are by nearest "
             "rank. Deadlines are those the organization must keep, as the procedure sets them, "
             "on the cases received in the year; a deadline still running is counted as open. "
             "Appeals are those lodged by 31 December. The report holds counts only, no personal "
             "data.")


class Labels:
    """Names of case types, subjects, filers and deadlines, in the active language, from the
    organization's procedures."""

    def __init__(self, procedure_ids: list[str]) -> None:
        self.language = (translation.get_language() or "en")[:2]
        self.types, self.abouts, self.filers = {}, {}, {}
        self.deadlines: dict[str, str] = {}  # the bundles' own names, first found
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


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def percent(value: float | None) -> str:
    return "–" if value is None else f"{number_format(round(value * 100), 0)} %"


def display(table: Table, number: int, index: int, value) -> str:
    """One cell as the page and the PDF print it."""
    kind = table.kind(number, index)
    if value is None:
        return "–"
    if kind == "share" and isinstance(value, float):
        return percent(value)
    if kind == "month" and isinstance(value, int):
        return date_format(date(2000, value, 1), "F")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, 1)
    return str(value)


def _counts(key, title, first, pairs, name, figure="") -> Table:
    total = sum(count for _, count in pairs)
    return Table(key, title, [Column(first, "text"), Column(_("Cases")),
                              Column(_("Share"), "share")],
                 [[name(value) or _("not stated"), count, _share(count, total)]
                  for value, count in pairs], figure, [value for value, _ in pairs])


def build(report: Annual, *, organization: str, procedure_ids: list[str], made_on: date,
          suppress: bool = False) -> Report:
    labels = Labels(procedure_ids)
    scope = report.scope
    procedure = labels.types.get(scope.procedure_id, _("all case types"))
    sections = [_received(report, labels), _outcomes(report), _handling(report),
                _deadlines(report, labels), _appeals(report), _actions(report),
                _comparison(report)]
    built = Report(_("Annual report on complaints %(year)s") % {"year": scope.year},
                   organization, scope.year, procedure, method_text(), made_on, sections,
                   suppress)
    if suppress:
        _suppress(built)
    return built


def _suppress(built: Report) -> None:
    """Counts of 1 or 2 become "<3", and what would give them back goes too: in a row with such
    a count its shares and days, and the summaries and charts, which state counts in words and
    in their bars, are left out of a report made for an outside body. (A total minus the other
    cells of its table can still tell a hidden count: secondary suppression is not done yet.)"""
    for section in built.sections:
        section.summary, section.chart = _("Left out of reports for outside bodies."), None
    for table in built.tables():
        for number, row in enumerate(table.rows):
            small = [index for index, value in enumerate(row)
                     if table.kind(number, index) == "count" and isinstance(value, int)
                     and 0 < value < 3]
            for index in range(len(row)):
                if index in small:
                    row[index] = SUPPRESSED
                elif small and table.kind(number, index) not in ("text", "month", "date",
                                                                  "count"):
                    row[index] = HIDDEN


def _received(report: Annual, labels: Labels) -> Section:
    before = report.before.received if report.before else 0
    summary = _("%(year)s: %(count)s cases received (the year before: %(before)s).") % {
        "year": report.scope.year, "count": report.received, "before": before}
    if report.by_channel:
        summary += " " + _("Most came by %(channel)s.") % {
            "channel": channel_name(report.by_channel[0][0])}
    months = [[month, labels.types.get(procedure, procedure), count]
              for month, procedure, count in report.by_month]
    tables = [
        _counts("type", _("Received by case type"), _("Case type"), report.by_type,
                lambda value: labels.types.get(value, value), "type"),
        _counts("subject", _("Received by subject"), _("Subject"), report.by_about,
                lambda value: labels.abouts.get(value, value), "about"),
        _counts("channel", _("Received by channel"), _("Channel"), report.by_channel,
                channel_name, "channel"),
        _counts("filer", _("Received by who filed"), _("Filed by"), report.by_filer,
                lambda value: labels.filers.get(value, value), "filer"),
        Table("month", _("Received per month"), [Column(_("Month"), "month"),
                                                 Column(_("Case type"), "text"),
                                                 Column(_("Cases"))], months, "month",
              [str(row[0]) for row in months], link_column=2),
    ]
    chart = charts.months(report.by_month, labels.types, report.scope.year)
    return Section("received", _("Cases received"), summary, tables, chart)


def _outcomes(report: Annual) -> Section:
    names = _outcome_labels()
    decided = sum(count for key, count in report.outcomes if key != "open")
    upheld = report.outcome("upheld") + report.outcome("partly_upheld")
    summary = _("Of the %(decided)s cases closed by the end of the year, %(upheld)s were upheld "
                "in full or in part; %(open)s were still open.") % {
        "decided": decided, "upheld": upheld, "open": report.outcome("open")}
    table = _counts("outcome", _("Outcomes"), _("Outcome"), report.outcomes,
                    lambda value: names.get(value, value), "outcome")
    chart = charts.shares(_("Outcome shares"), [(names[key], count)
                                                for key, count in report.outcomes])
    return Section("outcomes", _("Outcomes"), summary, [table], chart)


def _handling(report: Annual) -> Section:
    handling = report.handling
    if handling.median is None:
        summary = _("No case was closed in the year.")
    else:
        summary = _("Half of the closed cases were handled within %(median)s working days, nine "
                    "in ten within %(p90)s.") % {"median": handling.median, "p90": handling.p90}
    table = Table("handling", _("Handling time"), [Column(_("Figure"), "text"),
                                                   Column(_("Working days"), "days")],
                  [[_("cases closed"), handling.closed], [_("median"), handling.median],
                   [_("90th percentile"), handling.p90]])
    bands = charts.bands(handling.histogram)
    distribution = Table("distribution", _("Handling time distribution"),
                         [Column(_("Working days"), "text"), Column(_("Cases"))],
                         [[band, count] for band, count in bands])
    chart = charts.bars(_("Handling time distribution (working days)"), bands)
    return Section("handling", _("Handling time"), summary, [table, distribution], chart)


def _deadlines(report: Annual, labels: Labels) -> Section:
    met, settled = report.kept
    summary = (_("The deadlines were kept %(met)s times out of %(settled)s (%(share)s).") % {
        "met": met, "settled": settled, "share": percent(_share(met, settled))}
        if settled else _("No deadline fell due in the year."))
    rows = [[row.rule, labels.deadline(row.key), row.met, row.missed, row.open,
             row.kept_share, row.days_late, row.mean_late, labels.unit(row.unit)]
            for row in report.deadlines]
    table = Table("deadlines", _("Deadlines kept and missed"),
                  [Column(_("Rule"), "text"), Column(_("Deadline"), "text"),
                   Column(_("Kept")), Column(_("Missed")), Column(_("Still running")),
                   Column(_("Share kept"), "share"), Column(_("Days late in total"), "days"),
                   Column(_("Average days late"), "days"), Column(_("Counted in"), "text")],
                  rows, "missed", [row.rule for row in report.deadlines], link_column=3)
    chart = charts.kept(_("Deadlines kept"), [(f"{row[0]} {row[1]}", row[2], row[3])
                                              for row in rows])
    return Section("deadlines", _("Deadlines"), summary, [table], chart)


def _appeals(report: Annual) -> Section:
    names = _outcome_labels()
    summary = _("%(appealed)s answers were appealed.") % {"appealed": report.appealed}
    table = _counts("appeals", _("Appeals and their outcomes"), _("Outcome of the appeal"),
                    report.appeals, lambda value: names.get(value, value), "appeal")
    return Section("appeals", _("Appeals"), summary, [table])


def _actions(report: Annual) -> Section:
    summary = _("%(opened)s corrective actions were opened because of these cases; %(done)s "
                "were done by the end of the year.") % {"opened": report.actions_opened,
                                                        "done": report.actions_done}
    table = Table("actions", _("Corrective actions"), [Column(_("Figure"), "text"),
                                                       Column(_("Actions"))],
                  [[_("opened"), report.actions_opened], [_("done"), report.actions_done]])
    return Section("actions", _("Corrective actions"), summary, [table])


def _comparison(report: Annual) -> Section:
    before = report.before
    year, previous = report.scope.year, report.scope.year - 1

    def line(name, now, then, kind="count"):
        return [name, now, then], kind

    met, settled = report.kept
    met_before, settled_before = before.kept if before else (0, 0)
    lines = [
        line(_("cases received"), report.received, before.received if before else 0),
        line(_("still open at year end"), report.outcome("open"),
             before.outcome("open") if before else 0),
        line(_("median handling time (working days)"), report.handling.median,
             before.handling.median if before else None, "days"),
        line(_("share of deadlines kept"), _share(met, settled),
             _share(met_before, settled_before), "share"),
        line(_("appeals"), report.appealed, before.appealed if before else 0),
    ]
    table = Table("comparison", _("Compared with the year before"),
                  [Column(_("Figure"), "text"), Column(str(year), "mixed"),
                   Column(str(previous), "mixed")], [row for row, _kind in lines])
    table.kinds = [kind for _row, kind in lines]
    summary = _("Cases received: %(now)s in %(year)s, %(then)s in %(previous)s.") % {
        "now": report.received, "year": year, "then": lines[0][0][2], "previous": previous}
    return Section("comparison", _("Compared with the year before"), summary, [table])
