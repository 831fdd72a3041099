"""One case's figures, as the engine sees it: written each time the engine evaluates the case
for its row (``cases.hooks.case_evaluated``), in the same transaction. Working days and
lateness are the engine's own counts (``periods.days_after``, ``Deadline.days_late``)."""

from __future__ import annotations

from ombud.domain.periods import Unit, days_after
from ombud.domain.procedure import Owner
from ombud.reports.models import CaseFigures, DeadlineFigures

ENDINGS = ("answered", "declined", "withdrawn")


def outcomes_of(events) -> dict:
    """The first instance's outcome and closing day, and the appeal's, from the history."""
    found = {"outcome": "", "closed_on": None, "appealed_on": None, "appeal_outcome": ""}
    for event in events:
        if event.type == "appealed" and found["appealed_on"] is None:
            found["appealed_on"] = event.on
        elif event.type in ENDINGS:
            outcome = event.get("outcome", "") if event.type == "answered" else event.type
            if found["appealed_on"] is not None:
                found["appeal_outcome"] = outcome or "answered"
            elif found["closed_on"] is None:
                found["outcome"], found["closed_on"] = outcome or "answered", event.on
    return found


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
    CaseFigures.objects.update_or_create(case=case, defaults={
        "organization_id": case.organization_id, "procedure_id": case.procedure_id,
        "received_on": case.received_on, "channel": case.channel,
        "about": str(received.get("about") or "")[:30],
        "filer": str(received.get("filer") or "")[:30], "working_days": working_days, **found})
    DeadlineFigures.objects.filter(case=case).delete()
    DeadlineFigures.objects.bulk_create(
        DeadlineFigures(case=case, organization_id=case.organization_id,
                        procedure_id=case.procedure_id, received_on=case.received_on,
                        rule=deadline.rule, key=deadline.key, due=deadline.due,
                        status=deadline.status, days_late=deadline.days_late(state.as_of),
                        late_unit=deadline.late_unit.value)
        for deadline in state.deadlines
        if deadline.owner is Owner.ORGANIZATION and deadline.status in ("met", "missed", "open"))


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
                procedure = services.procedure_of(case)
                events = services.engine_events(case)
                if events:
                    state = engine.evaluate(procedure, events, max(today, events[-1].on),
                                            services.meeting_days(case.organization))
                    case_figures_write(case, procedure, events, state)
                    done += 1
        last_id = chunk[-1].id
    return done
