"""Every figure of the reports, each computed by the database (GROUP BY over the figures'
indexed columns, ``models``), never by a loop over cases: the annual report, its year-before
comparison, the case lists behind a figure and the live overview of the start page.

What is counted (the method, stated once on the page and in the exports): the cases received in
the year (by the day received); their outcome as it stood on 31 December (a case closed later is
still open then); handling time from receipt to the first answer, decision or withdrawal, in
working days on the procedure's calendar, for the cases closed by 31 December, as percentiles by
nearest rank; every deadline of the organization on those cases as the engine settled it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum

from ombud.cases.models import NO_HANDLER, Case, CorrectiveAction, OpenCount
from ombud.reports.models import CaseFigures, DeadlineCell, DeadlineFigures, ReportCell

# "answered": closed with no outcome, as an inspection is (DNV-I-07: it took place); counted
# like the others, so that the outcome rows add up to the cases received.
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "answered", "declined", "withdrawn", "open")


@dataclass(frozen=True)
class Scope:
    """Whose figures: an organization, a year, a procedure (or all), a handler (or all)."""

    organization_id: int
    year: int
    procedure_id: str = ""
    handler_id: int | None = None

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    def before(self) -> Scope:
        return Scope(self.organization_id, self.year - 1, self.procedure_id, self.handler_id)


@dataclass
class Handling:
    closed: int
    median: int | None
    p90: int | None
    histogram: list[tuple[int, int]]  # (working days, cases)


@dataclass
class DeadlineRow:
    rule: str
    key: str
    met: int
    missed: int
    open: int
    days_late: int  # in total, over the missed ones
    unit: str

    @property
    def mean_late(self) -> float | None:
        return round(self.days_late / self.missed, 1) if self.missed else None

    @property
    def settled(self) -> int:
        return self.met + self.missed

    @property
    def kept_share(self) -> float | None:
        return self.met / self.settled if self.settled else None


@dataclass
class Annual:
    scope: Scope
    received: int
    by_type: list[tuple[str, int]]
    by_about: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_filer: list[tuple[str, int]]
    by_month: list[tuple[int, str, int]]  # (month, procedure, cases)
    outcomes: list[tuple[str, int]]
    handling: Handling
    deadlines: list[DeadlineRow]
    appeals: list[tuple[str, int]]
    actions_opened: int
    actions_done: int
    forwarded: int = 0  # sent to the appeal body by the first instance (fvl § 33) by 31 Dec.
    forwards: bool = False  # a procedure of the scope forwards: the report says how many it did
    before: Annual | None = field(default=None)

    @property
    def appealed(self) -> int:
        return sum(count for _, count in self.appeals)

    @property
    def kept(self) -> tuple[int, int]:
        return (sum(row.met for row in self.deadlines),
                sum(row.settled for row in self.deadlines))

    def outcome(self, key: str) -> int:
        return dict(self.outcomes).get(key, 0)


def figures(scope: Scope) -> QuerySet[CaseFigures]:
    rows = CaseFigures.objects.filter(organization_id=scope.organization_id,
                                      received_on__gte=date(scope.year, 1, 1),
                                      received_on__lte=scope.year_end)
    if scope.procedure_id:
        rows = rows.filter(procedure_id=scope.procedure_id)
    if scope.handler_id is not None:
        rows = rows.filter(handler_id=scope.handler_id)
    return rows


def percentile(histogram: list[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of a histogram sorted by value."""
    total = sum(count for _, count in histogram)
    if not total:
        return None
    rank, seen = max(1, math.ceil(share * total)), 0
    for value, count in histogram:
        seen += count
        if seen >= rank:
            return value
    return histogram[-1][0]


def _cells(model, scope: Scope) -> QuerySet:
    rows = model.objects.filter(organization_id=scope.organization_id, year=scope.year)
    if scope.procedure_id:
        rows = rows.filter(procedure_id=scope.procedure_id)
    if scope.handler_id is not None:
        rows = rows.filter(handler_id=scope.handler_id)
    return rows.order_by()


def handling(scope: Scope) -> Handling:
    histogram = list(_cells(ReportCell, scope).filter(working_days__gte=0)
                     .values_list("working_days").annotate(n=Sum("cases"))
                     .filter(n__gt=0).order_by("working_days"))
    return Handling(sum(count for _, count in histogram), percentile(histogram, 0.5),
                    percentile(histogram, 0.9), histogram)


def deadlines(scope: Scope) -> list[DeadlineRow]:
    grouped = (_cells(DeadlineCell, scope).values("rule", "key", "late_unit")
               .annotate(met=Sum("deadlines", filter=Q(status="met")),
                         missed=Sum("deadlines", filter=Q(status="missed")),
                         open=Sum("deadlines", filter=Q(status="open")),
                         late=Sum("days_late", filter=Q(status="missed")))
               .order_by("rule", "key"))
    return [DeadlineRow(row["rule"], row["key"], row["met"] or 0, row["missed"] or 0,
                        row["open"] or 0, row["late"] or 0, row["late_unit"])
            for row in grouped if row["met"] or row["missed"] or row["open"]]


CELL_COLUMNS = ("procedure_id", "month", "about", "channel", "filer", "at_end", "appealed",
                "appeal_outcome", "forwarded")


def cells(scope: Scope) -> list[tuple]:
    """The year's cases, counted by every column the received, outcome and appeal figures
    break them down by: the cells (``models.ReportCell``) added up, a few hundred rows."""
    return [row for row in _cells(ReportCell, scope).values_list(*CELL_COLUMNS)
            .annotate(n=Sum("cases")) if row[-1]]


def _summed(groups: list[tuple], *columns: str) -> list[tuple]:
    """The groups added up by ``columns``, the largest first (then by key)."""
    indexes = [CELL_COLUMNS.index(column) for column in columns]
    totals: dict[tuple, int] = {}
    for group in groups:
        key = tuple(group[index] or "" for index in indexes)
        totals[key] = totals.get(key, 0) + group[-1]
    return sorted(((*key, count) for key, count in totals.items()),
                  key=lambda row: (-row[-1], row[:-1]))


def annual(scope: Scope, *, compare: bool = True) -> Annual:
    """The annual report of ``scope``, with the year before beside it (``compare``)."""
    groups = cells(scope)
    by_month = sorted(_summed(groups, "month", "procedure_id"))
    outcomes = {key: count for key, count in _summed(groups, "at_end")}
    appeals = _summed([group for group in groups if group[CELL_COLUMNS.index("appealed")]],
                      "appeal_outcome")
    # the same cases as their list (``actions_behind``)
    action_counts = CorrectiveAction.objects.filter(**_cases_in(scope)).aggregate(
        opened=Count("pk"), done=Count("pk", filter=Q(done_on__lte=scope.year_end)))
    report = Annual(
        scope=scope, received=sum(group[-1] for group in groups),
        by_type=_summed(groups, "procedure_id"), by_about=_summed(groups, "about"),
        by_channel=_summed(groups, "channel"), by_filer=_summed(groups, "filer"),
        by_month=by_month,
        outcomes=[(key, outcomes.get(key, 0)) for key in OUTCOMES
                  if outcomes.get(key, 0) or key in ("upheld", "not_upheld", "open")]
        + [(key, count) for key, count in outcomes.items() if key not in OUTCOMES],
        handling=handling(scope), deadlines=deadlines(scope),
        appeals=appeals, actions_opened=action_counts["opened"],
        forwarded=sum(group[-1] for group in groups
                      if group[CELL_COLUMNS.index("forwarded")]),
        forwards=_forwards(scope, groups),
        actions_done=action_counts["done"])
    if compare:
        report.before = annual(scope.before(), compare=False)
    return report


def _forwards(scope: Scope, groups: list[tuple]) -> bool:
    """Whether a procedure of the report forwards (fvl § 33): the one it is made for, else
    any of the year's case types."""
    from ombud.domain.loader import ProcedureError, UnknownProcedure, find_procedure

    ids = {scope.procedure_id} if scope.procedure_id else {group[0] for group in groups}
    for procedure_id in ids:
        try:
            if "forwarded" in find_procedure(procedure_id).steps:
                return True
        except (ProcedureError, UnknownProcedure):
            continue
    return False


def years_with_cases(organization_id: int) -> list[int]:
    """The years in which the organization received cases, the latest first: one DISTINCT
    over the cells."""
    return list(ReportCell.objects.filter(organization_id=organization_id, cases__gt=0)
                .order_by("-year").values_list("year", flat=True).distinct())


# The case list behind a figure: which cases a number counted, to check it case by case.
FIGURES = ("received", "type", "about", "channel", "filer", "outcome", "appeal", "missed",
           "month", "handling", "actions", "forwarded")


def cases_behind(scope: Scope, figure: str, value: str = "") -> QuerySet[Case]:
    """The cases counted by one figure (``FIGURES``) for one value, by reference."""
    rows = figures(scope)
    if figure == "type":
        rows = rows.filter(procedure_id=value)
    elif figure in ("about", "channel", "filer"):
        rows = rows.filter(**{figure: value})
    elif figure == "month":
        # isdecimal, not isdigit: "²" is a digit that int() refuses
        rows = rows.filter(received_on__month=int(value) if value.isdecimal() and
                           len(value) <= 2 else 0)
    elif figure == "outcome":
        rows = rows.filter(at_end=value)
    elif figure == "appeal":
        rows = rows.filter(appealed_on__isnull=False, appealed_on__lte=scope.year_end,
                           appeal_outcome=value)
    elif figure == "forwarded":
        rows = rows.filter(forwarded_on__isnull=False, forwarded_on__lte=scope.year_end)
    elif figure == "missed":
        rows = rows.filter(case__deadline_figures__status="missed",
                           case__deadline_figures__rule=value).distinct()
    elif figure == "handling":
        rows = _in_band(rows, scope, value)
    elif figure != "received":
        rows = rows.none()
    return (Case.objects.filter(pk__in=rows.values("case_id"))
            .select_related("handler", "figures").order_by("received_on", "id"))


def _in_band(rows: QuerySet[CaseFigures], scope: Scope, value: str) -> QuerySet:
    """The cases closed by 31 December in a band of working days ("6-10", "41-"), as the
    handling time distribution counts them (``handling``); none for a value not so made."""
    low, _dash, high = value.partition("-")
    if not _dash or not low.isdecimal() or len(low) > 4 or (high and (
            not high.isdecimal() or len(high) > 4)):
        return rows.none()
    rows = rows.filter(closed_on__isnull=False, closed_on__lte=scope.year_end,
                       working_days__isnull=False, working_days__gte=int(low))
    return rows.filter(working_days__lte=int(high)) if high else rows


def _cases_in(scope: Scope) -> dict:
    """The filter of ``scope``'s cases, for rows that hang on a case."""
    where = {"case__organization_id": scope.organization_id,
             "case__received_on__gte": date(scope.year, 1, 1),
             "case__received_on__lte": scope.year_end}
    if scope.procedure_id:
        where["case__procedure_id"] = scope.procedure_id
    if scope.handler_id is not None:
        where["case__handler_id"] = scope.handler_id
    return where


def actions_behind(scope: Scope, value: str) -> QuerySet[CorrectiveAction]:
    """The corrective actions the report counts as "opened" or "done" (by 31 December)."""
    actions = CorrectiveAction.objects.filter(**_cases_in(scope))
    if value == "done":
        actions = actions.filter(done_on__lte=scope.year_end)
    elif value != "opened":
        actions = actions.none()
    return actions.select_related("case").order_by("case__received_on", "case_id", "due_on",
                                                   "id")


def missed_behind(scope: Scope, rule: str) -> QuerySet[DeadlineFigures]:
    """The missed deadlines of one rule, each as the engine stored it (due, met, days late):
    the rows the report's "missed" and "late in total" add up."""
    rows = DeadlineFigures.objects.filter(organization_id=scope.organization_id,
                                          received_on__gte=date(scope.year, 1, 1),
                                          received_on__lte=scope.year_end,
                                          status="missed", rule=rule)
    if scope.procedure_id:
        rows = rows.filter(procedure_id=scope.procedure_id)
    if scope.handler_id is not None:
        rows = rows.filter(handler_id=scope.handler_id)
    return rows.select_related("case", "case__figures").order_by("received_on", "case_id",
                                                                  "due", "id")


@dataclass
class OverviewRow:
    handler_id: int | None
    handler_name: str
    open: int
    overdue: int
    due_this_week: int


def overview(organization_id: int, today: date, handler_id: int | None = None
             ) -> list[OverviewRow]:
    """The start page's live overview, per handler: open cases, overdue, due within a week
    (the queue's own filters, ``cases.selectors.queue_page``), of the whole organization or of
    one handler. It adds up the open cases' counts per handler and next deadline
    (``cases.models.OpenCount``, a row per handler and day, which the database keeps as cases
    change): what is overdue is decided here by ``today``, never stored."""
    week = today + timedelta(days=7)
    counts = OpenCount.objects.filter(organization_id=organization_id)
    if handler_id is not None:
        counts = counts.filter(handler_id=handler_id)
    grouped = list(counts.order_by().values("handler_id").annotate(
        open=Sum("cases"), overdue=Sum("cases", filter=Q(next_due__lt=today)),
        week=Sum("cases", filter=Q(next_due__gte=today, next_due__lte=week))))
    people = {person.pk: person for person in get_user_model().objects.filter(
        pk__in=[row["handler_id"] for row in grouped if row["handler_id"] != NO_HANDLER])}
    rows = []
    for row in grouped:
        person = people.get(row["handler_id"])
        name = (f"{person.first_name} {person.last_name}".strip() or person.username
                if person else "")
        rows.append((
            (person is None, person.last_name if person else "",
             person.first_name if person else "", row["handler_id"]),
            OverviewRow(row["handler_id"] if person else None, name, row["open"] or 0,
                        row["overdue"] or 0, row["week"] or 0)))
    # by name, as the reports list handlers; the cases with no handler (yet) last
    return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]
