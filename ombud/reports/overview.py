"""The live overview on the organization's start page (the queue): open cases, overdue and due
within a week, per handler, from ``selectors.overview`` (the queue's own filters), for those
whose role has the reports; a handler sees their own line."""

from __future__ import annotations

from django.utils import timezone

from ombud.reports.annual import reach
from ombud.reports.selectors import overview


def overview_context(organization, cases, roles, person) -> dict:
    seen = reach(roles)
    if seen is None:
        return {"overview": None}
    if seen == "own":  # the reports' own scoping: a handler's figures are their own cases'
        cases = cases.filter(handler_id=person.pk)
    rows = overview(cases, timezone.localdate())
    return {"overview": rows, "overview_totals": (sum(row.open for row in rows),
                                                  sum(row.overdue for row in rows),
                                                  sum(row.due_this_week for row in rows))}
