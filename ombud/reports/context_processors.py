"""Whether the page header offers the reports: to those whose role has them (``annual.reach``)."""

from ombud.reports.annual import reach


def reports_menu(request) -> dict:
    if getattr(request, "organization", None) is None:
        return {}
    return {"has_reports": reach(getattr(request, "roles", frozenset())) is not None}
