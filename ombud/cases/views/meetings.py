"""The management meeting's agenda, and its decision on a case (AV-07, GL-07, PP-12)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import permissions, selectors, services
from ombud.cases.views.access import case_view, org_view
from ombud.orgs.selectors import staff_member, staff_of


@org_view
def meetings(request, organization):
    return _meetings_page(request, organization)


def _meetings_page(request, organization, refusal=None):
    procedure_ids = selectors.meeting_procedures(organization)
    if not procedure_ids:
        raise Http404
    meeting, upcoming = selectors.meetings_around(organization, timezone.localdate())
    cases = selectors.cases_for(request.user, organization, request.roles)
    items = selectors.agenda(cases, procedure_ids) if meeting else []
    return render(request, "cases/meetings.html", {
        "organization": organization, "meeting": meeting, "upcoming": upcoming,
        "new_items": [item for item in items if item.new],
        "open_items": [item for item in items if not item.new],
        "handlers": staff_of(organization), "refusal": refusal,
        "may_act": permissions.may_record_in_any(request.roles, "taken_up", procedure_ids),
    }, status=400 if refusal else 200)


@require_POST
@case_view("taken_up")  # the management meeting takes it up (and may appoint: asked again)
def meeting_decide(request, organization, case):
    meeting, _upcoming = selectors.meetings_around(organization, timezone.localdate())
    decision = request.POST.get("decision", "").strip()[:2000]
    handler_id = request.POST.get("handler", "")
    handler = staff_member(organization, handler_id)
    if meeting is None or not decision or (handler_id and handler is None):
        messages.error(request, _("Write the decision, and pick a handler from the list."))
        return redirect(reverse("cases:meetings", args=[organization.slug]))
    try:
        services.meeting_decide(case=case, meeting=meeting, decision=decision, handler=handler,
                                actor=request.user)
    except services.Refused as problem:
        return _meetings_page(request, organization, refusal=problem)
    except services.Invalid as problem:
        messages.error(request, str(problem))
        return redirect(reverse("cases:meetings", args=[organization.slug]))
    messages.success(request, _("Decision recorded on %(reference)s.")
                     % {"reference": case.reference})
    return redirect(reverse("cases:meetings", args=[organization.slug]))
