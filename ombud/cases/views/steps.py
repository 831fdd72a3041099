"""A step of the procedure recorded from the case page, and a manager taking a case over."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import permissions, services
from ombud.cases.forms import step_form
from ombud.cases.templatetags.ombud import event_label
from ombud.cases.views.access import STEP_IN_URL, case_view, refusal_for
from ombud.cases.views.case_page import case_page
from ombud.orgs.selectors import staff_of


@require_POST
@case_view(STEP_IN_URL)
def case_step(request, organization, case, event_type: str):
    procedure = services.procedure_of(case)
    form = step_form(event_type, request.POST, procedure=procedure, staff=staff_of(organization),
                     bodies=organization.bodies.all(), prefix=event_type, case=case)
    if not form.is_valid():
        return case_page(request, organization, case, forms={event_type: form})
    try:
        services.case_step(case=case, event_type=event_type, on=form.cleaned_data["on"],
                           data=form.event_data(), actor=request.user,
                           actor_involved=form.actor_involved,
                           backdate_reason=form.backdate_reason)
    except services.Invalid as problem:
        form.add_error(problem.field, str(problem))
        return case_page(request, organization, case, forms={event_type: form})
    except services.Refused as problem:
        return case_page(request, organization, case, forms={event_type: form},
                         refusal=problem)
    except permissions.NotPermitted as problem:
        if refusal_for(request, case, event_type):
            raise  # not about the date: the case changed meanwhile (403 from case_view)
        form.add_error("on", problem.reason)  # dated back further than this person may
        return case_page(request, organization, case, forms={event_type: form})
    # What was recorded, as the file names it ("attempt at the lowest level"), not the button
    # that asked for it ("Recorded: Record an attempt at the lowest level").
    messages.success(request, _("Recorded: %(step)s.") % {"step": event_label(
        event_type, case.procedure_id)})
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@require_POST
@case_view("taken_over")
def case_take_over(request, organization, case):
    """A manager takes the case over from its handler (recorded): then they decide and answer."""
    try:
        services.case_take_over(case=case, actor=request.user)
    except services.Invalid as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("You have taken over %(reference)s.")
                         % {"reference": case.reference})
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))
