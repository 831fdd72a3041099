"""The queue of cases, and registering a complaint received by phone, at the desk or on
paper."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.cases import access_log, exports, hooks, permissions, selectors, services, wording
from ombud.cases.forms import QueueFilterForm, RegisterForm
from ombud.cases.models import CaseState
from ombud.cases.selectors import RELEVANCE, SORTS
from ombud.cases.versions_in_use import ChangedVersion, unavailable_procedures
from ombud.cases.views.access import org_view, readable_cases, roles_allow
from ombud.orgs.selectors import staff_of


@org_view
def queue(request, organization):
    params = request.GET
    wanted, after, left_out = QueueFilterForm(params).wanted()
    if left_out:
        messages.error(request, QueueFilterForm.problem())
    cases = readable_cases(request)
    # The filter and the menu both list the enabled case types: read once for the page.
    prefetch_related_objects([organization], "procedures")
    page = selectors.queue_page(cases, wanted, after, person=request.user,
                                organization_id=organization.pk)
    if page.snippets:  # words of these files shown: noted in their access logs (NE-C-05)
        access_log.search_record(case_ids=list(page.snippets), person=request.user)
    query = params.copy()
    query.pop("after", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    unavailable = unavailable_procedures(organization)
    return render(request, "cases/queue.html", {
        "organization": organization, "page": page, "wanted": wanted,
        "procedures": selectors.procedure_choices(organization, skip={
            procedure_id for procedure_id, _error in unavailable}),
        "states": wording.state_choices(_procedure_ids(organization), CaseState.choices),
        "unavailable": _unavailable_rows(unavailable),
        "complainant_label": wording.complainant_column(_procedure_ids(organization)),
        "handlers": staff_of(organization), "today": timezone.localdate(),
        "filters_query": query.urlencode(), "sort_query": sort_query.urlencode(),
        "sorts": sort_choices(), "caption": caption(wanted, page),
        "may_register": permissions.may_register(request.roles),
        **hooks.queue_parts(organization, cases, request.roles, request.user),
    }, status=400 if left_out else 200)


def _unavailable_rows(unavailable) -> list[dict[str, str]]:
    """The procedures whose cases the queue cannot show, for the notice above it: the id, the
    line ``ombud procedure validate`` prints, and the version changed under its cases (X-06)."""
    return [{"id": procedure_id, "problem": str(error),
             "changed": error.version if isinstance(error, ChangedVersion) else ""}
            for procedure_id, error in unavailable]


def _procedure_ids(organization) -> list[str]:
    return [enabled.procedure_id for enabled in organization.procedures.all()]


# The sortable columns' names, as the column heads say them.
COLUMN_NAMES = {"reference": gettext_lazy("Reference"), "received": gettext_lazy("Received"),
                "due": gettext_lazy("Next deadline"), "state": gettext_lazy("State"),
                "handler": gettext_lazy("Handler")}


def sort_choices() -> list[tuple[str, str]]:
    """The order chooser's options (on a phone the column heads are not shown)."""
    choices = []
    for name in SORTS:
        choices.append((name, _("%(column)s, ascending") % {"column": COLUMN_NAMES[name]}))
        choices.append((f"-{name}", _("%(column)s, descending") % {"column": COLUMN_NAMES[name]}))
    return choices


def caption(wanted: selectors.QueueFilter, page: selectors.QueuePage) -> str:
    name, descending = wanted.order
    if page.broad:
        return _("So many cases hold these words that they are shown newest first: add "
                 "words to find the best matches.")
    if name == RELEVANCE:
        return _("Cases found, the best match first")
    if not wanted.sort:
        return _("Cases, the next deadline first")
    column = str(COLUMN_NAMES[name]).lower()  # within a sentence
    if descending:
        return _("Cases by %(column)s, descending") % {"column": column}
    return _("Cases by %(column)s, ascending") % {"column": column}


@org_view
def queue_export(request, organization):
    """The filtered queue as a spreadsheet: the same cases, filters, search and order as the
    page (without paging); each case's file notes the download (``access_log``)."""
    wanted, _after, left_out = QueueFilterForm(request.GET).wanted()
    back = reverse("cases:queue", args=[organization.slug])
    query = request.GET.copy()
    query.pop("after", None)
    back_here = f"{back}?{query.urlencode()}" if query else back
    if left_out:
        messages.error(request, QueueFilterForm.problem())
        return redirect(back_here)
    cases = selectors.queue_export(selectors.cases_for(request.user, organization, request.roles),
                                   wanted, person=request.user, organization_id=organization.pk)
    if cases is None:
        messages.error(request, _("The export holds at most %(count)s cases: narrow the "
                                  "filters.") % {"count": selectors.EXPORT_MAX})
        return redirect(back_here)
    name = f"{organization.slug}-cases-{timezone.localdate().isoformat()}.csv"
    access_log.export_record(cases=cases, person=request.user, download=name)
    response = HttpResponse(exports.queue_csv(
        cases, translation.get_language(),
        complainant=wording.complainant_column(_procedure_ids(organization))),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view
@roles_allow(permissions.may_register, gettext_lazy("Your role may only read case files."))
def case_register(request, organization):
    form = RegisterForm(request.POST or None,
                        procedures=selectors.procedure_choices(organization))
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complainant = services.PartyDetails(data["name"], data["email"], data["phone"],
                                              data["address"])
        try:
            if request.POST.get("record_contact") == "1":
                services.contact_record(
                    organization=organization, procedure_id=data["procedure_id"],
                    channel=data["channel"], received_on=data["received_on"],
                    person=complainant, summary=data["title"], actor=request.user)
                messages.success(request, _("The contact was recorded and the written form "
                                            "was offered."))
                return redirect(reverse("cases:queue", args=[organization.slug]))
            case = services.case_register(
                organization=organization, procedure_id=data["procedure_id"],
                channel=data["channel"], received_on=data["received_on"], title=data["title"],
                complainant=complainant, actor=request.user,
                details=form.details(),
                put_in_writing=form.put_in_writing_now())
        except services.Refused as problem:
            refusal = problem
        except services.Invalid as problem:
            form.add_error(None, str(problem))
        except permissions.NotPermitted as problem:
            form.add_error("procedure_id", problem.reason)
        else:
            # The complainant follows the case, and appeals, on a private page: its link goes to
            # the address given, as the web form's receipt carries it (journey 1).
            if hooks.private_links().send(case, first=True):
                messages.info(request, _("The complainant was sent a private link to follow "
                                         "the case."))
            if not selectors.may_read(request.user, organization, request.roles, case):
                # The work leader who wrote down an oral complaint (PP-03) may not read it
                # (PP-15): an empty queue saying "no cases match" read as if it were lost.
                messages.success(request, _(
                    "Case %(reference)s registered and passed on to those who handle it; you "
                    "cannot open it yourself.") % {"reference": case.reference})
                return redirect(reverse("cases:register", args=[organization.slug]))
            messages.success(request, _("Case %(reference)s registered.")
                             % {"reference": case.reference})
            return redirect(reverse("cases:case", args=[organization.slug, case.reference]))
    return render(request, "cases/register.html", {
        "organization": organization, "form": form, "refusal": refusal,
    }, status=400 if request.method == "POST" else 200)
