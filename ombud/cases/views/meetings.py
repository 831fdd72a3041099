"""The management meeting's agenda, and its decision on a case (AV-07, GL-07, PP-12)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import permissions, selectors, services
from ombud.cases.views.access import case_view, org_view
from ombud.domain import messages as words
from ombud.orgs.selectors import staff_member, staff_of


@org_view
def meetings(request, organization):
    return _meetings_page(request, organization)


def _meetings_page(request, organization, refusal=None):
    procedure_ids = selectors.meeting_procedures(organization)
    if not procedure_ids:
        raise Http404
    cases = selectors.cases_for(request.user, organization, request.roles)
    agenda = selectors.agenda(cases, procedure_ids, organization, timezone.localdate())
    return render(request, "cases/meetings.html", {
        "organization": organization, "agenda": agenda,
        "handlers": staff_of(organization), "refusal": refusal,
        "may_act": permissions.may_record_in_any(request.roles, "taken_up", procedure_ids),
    }, status=400 if refusal else 200)


DECISION_MAX = 2000  # characters of a decision as the meeting wrote it


@require_POST
@case_view("taken_up")  # the management meeting takes it up (and may appoint: asked again)
def meeting_decide(request, organization, case):
    today = timezone.localdate()
    decision = request.POST.get("decision", "").strip()
    if len(decision) > DECISION_MAX:  # said, not cut: the file keeps what the meeting decided
        messages.error(request, _("A decision holds at most %(count)s characters.")
                       % {"count": DECISION_MAX})
        return _back(organization)
    handler_id = request.POST.get("handler", "")
    handler = staff_member(organization, handler_id)
    # Which meeting decides: the form says; without it, the one the agenda lists the case under.
    chosen = request.POST.get("meeting", "")
    held_on = _day(chosen) if chosen else selectors.decision_days_of(case, today)[0]
    # (a NUL is no decision: PostgreSQL's text cannot even hold it)
    if held_on is None or not decision or "\x00" in decision or (handler_id and handler is None):
        messages.error(request, _("Write the decision, pick the meeting and a handler from the "
                                  "list."))
        return _back(organization)
    try:
        meeting = services.meeting_decide(case=case, held_on=held_on, decision=decision,
                                          handler=handler, actor=request.user)
    except services.Refused as problem:
        return _meetings_page(request, organization, refusal=problem)
    except services.Invalid as problem:
        messages.error(request, str(problem))
        return _back(organization)
    messages.success(request, _("Decision recorded on %(reference)s at the management meeting "
                                "of %(day)s.") % {
        "reference": case.reference,
        "day": words.format_date(meeting.held_on, request.LANGUAGE_CODE[:2])})
    return _back(organization)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _back(organization):
    return redirect(reverse("cases:meetings", args=[organization.slug]))
