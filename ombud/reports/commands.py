"""What ``ombud report`` does: the annual report of one organization as PDF, XLSX or CSV, in
the organization's language (the January run), and the figures written anew from the cases'
histories. Exit status 0, or 2 on bad input (one line on standard error, nothing written)."""

from __future__ import annotations

import sys
from typing import BinaryIO, TextIO

EXIT_INPUT_ERROR = 2


def annual(org: str, year: int, procedure: str | None, fmt: str, output: str | None, *,
           outside: bool = False, out: BinaryIO | None = None,
           err: TextIO = sys.stderr) -> int:
    from django.utils import timezone

    from ombud.orgs.models import Organization
    from ombud.reports import exports
    from ombud.reports.annual import FIRST_YEAR, annual_report, outside_allowed, procedure_ids
    from ombud.reports.selectors import Scope

    organization = Organization.objects.filter(slug=org).first()
    if organization is None:
        print(f"ombud: no organization {org!r}", file=err)
        return EXIT_INPUT_ERROR
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        print(f"ombud: no report for the year {year}", file=err)
        return EXIT_INPUT_ERROR
    if procedure and procedure not in procedure_ids(organization):
        print(f"ombud: {organization.slug} handles no {procedure!r}", file=err)
        return EXIT_INPUT_ERROR
    scope = Scope(organization.pk, year, procedure or "")
    if outside and organization.suppress_small_cells and not outside_allowed(organization,
                                                                             scope):
        print(f"ombud: a report for an outside body covers all of {organization.slug}'s case "
              "types (no --procedure)", file=err)
        return EXIT_INPUT_ERROR
    report = annual_report(organization, scope, suppress=outside,
                           language=organization.language)
    from django.utils import translation

    with translation.override(organization.language):
        content, _type = exports.FORMATS[fmt](report)
    if output:
        with open(output, "wb") as file:
            file.write(content)
    else:
        (out or sys.stdout.buffer).write(content)
    return 0


def refresh(org: str | None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from ombud.orgs.models import Organization
    from ombud.reports.figures import figures_refresh

    organization = None
    if org:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            print(f"ombud: no organization {org!r}", file=err)
            return EXIT_INPUT_ERROR
    print(f"figures written for {figures_refresh(organization)} cases", file=out)
    return 0
