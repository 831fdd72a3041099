"""The live overview on the organization's start page (the queue): open cases, overdue and due
within a week, per handler, from ``selectors.overview`` (the queue's own filters), for those
whose role has the reports; a handler sees their own line."""

from __future__ import annotations

from django.utils import timezone

from ombud.reports.annual import reach
from ombud.reports.selectors import overview


def overview_context(organization, cases, roles) -> dict:
    seen = reach(roles)
    if seen is None:
        return {"overview": None}
    rows = overview(cases, timezone.localdate())
    return {"overview": rows, "overview_totals": (sum(row.open for row in rows),
                                                  sum(row.overdue for row in rows),
                                                  sum(row.due_this_week for row in rows))}
