"""The live overview on the organization's start page (the queue): open cases, overdue and due
within a week, per handler, from ``selectors.overview`` (the queue's own filters), for those
whose role has the reports. Who reads every figure (``annual.READS_ALL``) sees every handler's
line: those roles read every case of every procedure (tests/reports prove it of each one). A
handler sees their own line only, never a colleague's (issue 12)."""

from __future__ import annotations

from django.utils import timezone

from ombud.reports.annual import reach
from ombud.reports.selectors import overview


def overview_context(organization, cases, roles, person) -> dict:
    seen = reach(roles)
    if seen is None:
        return {"overview": None}
    handler_id = None if seen == "all" else person.pk
    rows = overview(organization.pk, timezone.localdate(), handler_id)
    totals = (sum(row.open for row in rows), sum(row.overdue for row in rows),
              sum(row.due_this_week for row in rows))
    return {"overview": rows, "overview_own": handler_id is not None, "overview_totals": totals}
