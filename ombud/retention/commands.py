"""``ombud privacy retention [--dry-run] [--org ORG] [--today YYYY-MM-DD]``: carry out retention
now, or list what it would do. Registered under ``ombud privacy`` by ``cli.PRIVACY_COMMANDS``;
``add_to`` imports no Django, so that the command line starts fast."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date


def add_to(actions) -> None:
    retention = actions.add_parser(
        "retention", help="closed cases past their procedure's retention; old rows by setting")
    retention.add_argument("--dry-run", action="store_true",
                           help="list what would be done, change nothing")
    retention.add_argument("--org", help="one organization (its slug)")
    retention.add_argument("--today", type=date.fromisoformat,
                           help="the day to judge by (default: today), YYYY-MM-DD")
    retention.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    from django.utils import timezone

    from ombud.orgs.models import Organization
    from ombud.retention import services

    organization_id = None
    if args.org:
        organization_id = Organization.objects.filter(slug=args.org).values_list(
            "pk", flat=True).first()
        if organization_id is None:
            print(f"ombud: no organization {args.org!r}", file=sys.stderr)
            return 2
    today = args.today or timezone.localdate()
    if not args.dry_run:
        done = services.retention_apply(today=today, organization_id=organization_id)
        cleared = services.aged_clear() if organization_id is None else {}
        for name, count in sorted({**done, **cleared}.items()):
            print(f"{name}: {count}")
        return 0
    return _dry_run(services, today, organization_id)


def _dry_run(services, today: date, organization_id: int | None) -> int:
    totals: dict[str, int] = {}
    out = sys.stdout
    for batch in services.retention_plan(today=today, organization_id=organization_id):
        for due in batch:
            out.write(f"{due.reference}  {due.procedure_id}  closed {due.closed_on}  kept until "
                      f"{due.kept_until}  -> {due.action}\n")
            totals[due.action] = totals.get(due.action, 0) + 1
    cases = sum(totals.values())
    summary = ", ".join(f"{count} {action}" for action, count in sorted(totals.items()))
    out.write(f"would carry out retention on {cases} closed cases"
              + (f" ({summary})" if summary else "") + f" as of {today}\n")
    if organization_id is None:
        for kind, rows in services.aged_rows().items():
            out.write(f"would clear {rows.count()} {kind.replace('_', ' ')}\n")
    return 0
