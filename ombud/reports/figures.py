"""One case's figures, as the engine sees it: written each time the engine evaluates the case
for its row (``cases.hooks.case_evaluated``), in the same transaction, which holds the case's
row lock. Working days and lateness are the engine's own counts (``periods.days_after``,
``Deadline.days_late``). The case then moves from its old cells to its new ones (``models``)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection

from ombud.domain.periods import Unit, days_after
from ombud.domain.procedure import Owner
from ombud.reports.models import (
    CELL_KEY,
    DEADLINE_CELL_KEY,
    NO_HANDLER,
    NOT_CLOSED,
    CaseFigures,
    DeadlineCell,
    DeadlineFigures,
    ReportCell,
)

ENDINGS = ("answered", "declined", "withdrawn")


def outcomes_of(events) -> dict:
    """The first instance's outcome and closing day, and the appeal's, from the history."""
    found = {"outcome": "", "closed_on": None, "appealed_on": None, "appeal_outcome": "",
             "forwarded_on": None}
    for event in events:
        if event.type == "forwarded" and found["forwarded_on"] is None:
            found["forwarded_on"] = event.on  # fvl § 33: sent up by the first instance itself
        elif event.type == "appealed" and found["appealed_on"] is None:
            found["appealed_on"] = event.on
        elif event.type in ENDINGS:
            outcome = event.get("outcome", "") if event.type == "answered" else event.type
            if found["appealed_on"] is not None:
                found["appeal_outcome"] = outcome or "answered"
            elif found["closed_on"] is None:
                found["outcome"], found["closed_on"] = outcome or "answered", event.on
    return found


def cell_key(figures: CaseFigures) -> tuple:
    """The case's cell: what the annual report of its year of receipt counts it under."""
    received = figures.received_on
    year_end = date(received.year, 12, 31)
    closed = figures.closed_on is not None and figures.closed_on <= year_end
    appealed = figures.appealed_on is not None and figures.appealed_on <= year_end
    forwarded = figures.forwarded_on is not None and figures.forwarded_on <= year_end
    return (figures.organization_id, received.year, figures.procedure_id, figures.handler_id,
            received.month, figures.about, figures.channel, figures.filer, figures.at_end,
            appealed, figures.appeal_outcome, forwarded,
            figures.working_days if closed and figures.working_days is not None else NOT_CLOSED)


def deadline_key(row: DeadlineFigures) -> tuple:
    return (row.organization_id, row.received_on.year, row.procedure_id, row.handler_id,
            row.rule, row.key, row.late_unit, row.status)


def _add(model, key_names: tuple, amounts: dict[tuple, tuple[int, ...]],
         amount_names: tuple) -> None:
    """Add ``amounts`` to the cells of ``model`` (made where missing): one upsert per cell."""
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = [connection.ops.quote_name(name) for name in key_names]
    added = [connection.ops.quote_name(name) for name in amount_names]
    statement = (f"INSERT INTO {table} ({', '.join(quoted + added)}) VALUES "
                 f"({', '.join(['%s'] * (len(quoted) + len(added)))}) "
                 f"ON CONFLICT ({', '.join(quoted)}) DO UPDATE SET "
                 + ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in added))
    rows = [(*key, *values) for key, values in amounts.items() if any(values)]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(statement, rows)


def case_figures_write(case, procedure, events, state) -> None:
    """Replace the case's figures with what the engine makes of its history now."""
    if not events:
        return
    received = events[0]
    found = outcomes_of(events)
    working_days = None
    if found["closed_on"] is not None:
        working_days = days_after(case.received_on, found["closed_on"], Unit.WORKING_DAYS,
                                  procedure.calendar)
    year_end = date(case.received_on.year, 12, 31)
    closed_by_end = found["closed_on"] is not None and found["closed_on"] <= year_end
    handler_id = case.handler_id or NO_HANDLER
    old = CaseFigures.objects.filter(case=case).first()
    new = CaseFigures(
        case=case, organization_id=case.organization_id, procedure_id=case.procedure_id,
        received_on=case.received_on, channel=case.channel, handler_id=handler_id,
        about=str(received.get("about") or "")[:30], filer=str(received.get("filer") or "")[:30],
        working_days=working_days, at_end=found["outcome"] if closed_by_end else "open",
        **found)
    new.save()
    cases: Counter = Counter()
    if old is not None:
        cases[cell_key(old)] -= 1
    cases[cell_key(new)] += 1
    _add(ReportCell, CELL_KEY, {key: (count,) for key, count in cases.items()}, ("cases",))
    old_rows = list(DeadlineFigures.objects.filter(case=case))
    DeadlineFigures.objects.filter(case=case).delete()
    new_rows = DeadlineFigures.objects.bulk_create(
        DeadlineFigures(case=case, organization_id=case.organization_id,
                        procedure_id=case.procedure_id, received_on=case.received_on,
                        handler_id=handler_id, rule=deadline.rule, key=deadline.key,
                        due=deadline.due, status=deadline.status, met_on=deadline.met_on,
                        days_late=deadline.days_late(state.as_of),
                        late_unit=deadline.late_unit.value)
        for deadline in state.deadlines
        if deadline.owner is Owner.ORGANIZATION and deadline.status in ("met", "missed", "open"))
    moved: dict[tuple, list[int]] = {}
    for sign, rows in ((-1, old_rows), (1, new_rows)):
        for row in rows:
            amounts = moved.setdefault(deadline_key(row), [0, 0])
            amounts[0] += sign
            amounts[1] += sign * row.days_late
    _add(DeadlineCell, DEADLINE_CELL_KEY, {key: tuple(value) for key, value in moved.items()},
         ("deadlines", "days_late"))


def cells_rebuild(organization=None) -> None:
    """Count every cell anew from the figures' rows (after a bulk load, or to check them)."""
    from django.db.models import Count, Sum

    for model in (ReportCell, DeadlineCell):
        model.objects.filter(**({"organization": organization} if organization else {})) \
            .delete()
    figures = CaseFigures.objects.all()
    deadlines = DeadlineFigures.objects.all()
    if organization is not None:
        figures = figures.filter(organization=organization)
        deadlines = deadlines.filter(organization=organization)
    cells: Counter = Counter()
    keys = ("organization_id", "procedure_id", "handler_id", "received_on", "about", "channel",
            "filer", "at_end", "closed_on", "working_days", "appealed_on", "appeal_outcome",
            "forwarded_on")
    for row in figures.order_by().values(*keys).annotate(n=Count("*")).iterator():
        n = row.pop("n")
        cells[cell_key(CaseFigures(**row))] += n
    ReportCell.objects.bulk_create(
        (ReportCell(**dict(zip(CELL_KEY, key, strict=True)), cases=n)
         for key, n in cells.items()), batch_size=5000)
    found: dict[tuple, list[int]] = {}
    keys = ("organization_id", "received_on", "procedure_id", "handler_id", "rule", "key",
            "late_unit", "status")
    for row in deadlines.order_by().values(*keys).annotate(n=Count("*"),
                                                           late=Sum("days_late")).iterator():
        key = deadline_key(DeadlineFigures(**{name: row[name] for name in keys}))
        amounts = found.setdefault(key, [0, 0])
        amounts[0] += row["n"]
        amounts[1] += row["late"] or 0
    DeadlineCell.objects.bulk_create(
        (DeadlineCell(**dict(zip(DEADLINE_CELL_KEY, key, strict=True)), deadlines=n,
                      days_late=late) for key, (n, late) in found.items()), batch_size=5000)


def figures_refresh(organization=None, *, batch: int = 500) -> int:
    """Write the figures of every case (of ``organization``) anew from its history: for cases
    recorded before the reports existed. Each case is evaluated by the engine as its row is
    (``cases.services``); returns how many cases were done."""
    from django.db import transaction
    from django.utils import timezone

    from ombud.cases import services
    from ombud.cases.models import Case
    from ombud.domain import engine

    cases = Case.objects.select_related("organization").order_by("id")
    if organization is not None:
        cases = cases.filter(organization=organization)
    done, last_id, today = 0, 0, timezone.localdate()
    while chunk := list(cases.filter(id__gt=last_id)[:batch]):
        for case in chunk:
            with transaction.atomic():
                case = Case.objects.select_for_update().get(pk=case.pk)
                procedure = services.procedure_of(case)
                events = services.engine_events(case)
                if events:
                    state = engine.evaluate(procedure, events, max(today, events[-1].on),
                                            services.meeting_days(case.organization))
                    case_figures_write(case, procedure, events, state)
                    done += 1
        last_id = chunk[-1].id
    cells_rebuild(organization)
    return done
