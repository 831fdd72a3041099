"""The reports pages: the annual report with its charts, the case list behind a figure, and
the exports (CSV, XLSX, PDF). Thin: the figures come from ``selectors`` through ``annual``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.cases import access_log
from ombud.cases.selectors import cases_for, procedure_choices
from ombud.cases.views.access import org_view, refused
from ombud.reports import exports, presentation, selectors
from ombud.reports.annual import (
    annual_report,
    outside_allowed,
    procedure_ids,
    reach,
    scope_for,
    years,
)
from ombud.reports.forms import CasesForm, ReportForm

NOT_FOR_YOU = gettext_lazy("Your role has no reports here.")
BAD_CHOICE = gettext_lazy("That year or case type cannot be shown; the current year is shown "
                          "instead.")
OUTSIDE_WHOLE = gettext_lazy("A report for an outside body covers all case types and all "
                             "handlers: reports of parts side by side would give back the "
                             "small numbers they hide.")
CASE_LIST_LIMIT = 1000


def _allowed(view):
    def wrapper(request, organization, *args, **kwargs):
        if reach(request.roles) is None:
            return refused(request, organization, str(NOT_FOR_YOU))
        return view(request, organization, *args, **kwargs)
    wrapper.__name__ = view.__name__
    return wrapper


def _chosen(request, organization, form_class=ReportForm):
    form = form_class(request.GET or None, procedures=procedure_choices(organization))
    year, procedure_id, wrong = form.chosen()
    return form, scope_for(organization, year, procedure_id, person=request.user,
                           roles=request.roles), wrong


@org_view
@_allowed
def report(request, organization):
    form, scope, wrong = _chosen(request, organization)
    if wrong:
        messages.error(request, BAD_CHOICE)
    built = annual_report(organization, scope)
    base = reverse("reports:cases", args=[organization.slug])
    for table in built.tables():
        if table.figure:
            table.hrefs = [f"{base}?" + urlencode({
                "year": scope.year, "procedure": scope.procedure_id, "figure": table.figure,
                "value": value}) for value in table.values]
    query = urlencode({"year": scope.year, "procedure": scope.procedure_id})
    return render(request, "reports/annual.html", {
        "organization": organization, "report": built, "scope": scope, "form": form,
        "query": query, "own": reach(request.roles) == "own",
        "outside": organization.suppress_small_cells and outside_allowed(organization, scope),
        "years": years(organization),
        "procedures": procedure_choices(organization),
    }, status=400 if wrong else 200)


@org_view
@_allowed
def report_cases(request, organization):
    """The cases behind one figure, to check it case by case (only those the person reads)."""
    form, scope, wrong = _chosen(request, organization, CasesForm)
    if wrong or not form.is_bound:
        raise Http404  # no such figure: no such list
    readable = cases_for(request.user, organization, request.roles).values("pk")
    figure, value = form.cleaned_data["figure"], form.cleaned_data["value"]
    labels = presentation.Labels(procedure_ids(organization))
    # the corrective actions and the missed deadlines are listed one a line (a case may have
    # several), each with what its figure adds up; the others one case a line
    if figure == "actions":
        listed = selectors.actions_behind(scope, value).filter(case_id__in=readable)
        kind, export = "actions", exports.actions_csv
    elif figure == "missed":
        listed = selectors.missed_behind(scope, value).filter(case_id__in=readable)
        kind, export = "deadlines", exports.deadlines_csv
    else:
        listed = selectors.cases_behind(scope, figure, value).filter(pk__in=readable)
        kind, export = "cases", exports.cases_csv
    if request.GET.get("format") == "csv":
        # each case's file notes the download, as the queue's export does (``access_log``)
        name = f"{organization.slug}-{scope.year}-{kind}.csv"
        rows = list(listed)
        access_log.export_record(cases=_cases_of(rows, kind), person=request.user,
                                 download=name)
        return exports.response(export(rows, labels), "text/csv; charset=utf-8", name)
    rows = list(listed[:CASE_LIST_LIMIT + 1])
    today = timezone.localdate()
    shown = rows[:CASE_LIST_LIMIT]
    return render(request, "reports/cases.html", {
        "organization": organization, "cases": shown, "kind": kind,
        "rows": _page_rows(shown, kind, labels), "more": len(rows) > CASE_LIST_LIMIT,
        "scope": scope, "counted": presentation.figure_name(
            labels, figure, value, as_of=today if today <= scope.year_end else None),
        "procedure": labels.types.get(scope.procedure_id, _("all case types")),
        "query": request.GET.urlencode(), "back": urlencode({
            "year": scope.year, "procedure": scope.procedure_id})})


def _cases_of(rows: list, kind: str) -> list:
    """The cases of a list's lines, each once (an action or a deadline names its case)."""
    if kind == "cases":
        return rows
    return list({row.case_id: row.case for row in rows}.values())


def _page_rows(rows: list, kind: str, labels) -> list:
    if kind == "actions":
        return rows
    if kind == "deadlines":
        return [(row, labels.deadline(row.key), labels.unit(row.late_unit),
                 exports.met_text(row)) for row in rows]
    return [(case, labels.types.get(case.procedure_id, case.procedure_id),
             presentation.channel_name(case.channel)) for case in rows]


@org_view
@_allowed
def report_export(request, organization, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    _form, scope, wrong = _chosen(request, organization)
    if wrong:
        messages.error(request, BAD_CHOICE)
        return report(request, organization.slug)
    outside = request.GET.get("outside") == "1"
    if outside and organization.suppress_small_cells and not outside_allowed(organization,
                                                                             scope):
        messages.error(request, OUTSIDE_WHOLE)
        refused_here = report(request, organization.slug)
        refused_here.status_code = 400
        return refused_here
    built = annual_report(organization, scope, suppress=outside)
    content, content_type = exports.FORMATS[fmt](built)
    suffix = "-outside" if built.suppressed else ""
    return exports.response(content, content_type,
                            f"{organization.slug}-annual-{scope.year}{suffix}.{fmt}")
