"""The queue of cases, and registering a complaint received by phone, at the desk or on
paper."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.cases import hooks, permissions, selectors, services
from ombud.cases.forms import QueueFilterForm, RegisterForm
from ombud.cases.models import CaseState
from ombud.cases.views.access import org_view, roles_allow
from ombud.orgs.selectors import staff_of


@org_view
def queue(request, organization):
    params = request.GET
    wanted, after, left_out = QueueFilterForm(params).wanted()
    if left_out:
        messages.error(request, QueueFilterForm.problem())
    cases = selectors.cases_for(request.user, organization, request.roles)
    page = selectors.queue_page(cases, wanted, after)
    query = params.copy()
    query.pop("after", None)
    return render(request, "cases/queue.html", {
        "organization": organization, "page": page, "wanted": wanted,
        "procedures": selectors.procedure_choices(organization), "states": CaseState.choices,
        "handlers": staff_of(organization), "today": timezone.localdate(),
        "filters_query": query.urlencode(),
        "may_register": permissions.may_register(request.roles),
        **hooks.queue_parts(organization, cases, request.roles),
    }, status=400 if left_out else 200)


@org_view
@roles_allow(permissions.may_register, gettext_lazy("Your role may only read case files."))
def case_register(request, organization):
    form = RegisterForm(request.POST or None,
                        procedures=selectors.procedure_choices(organization))
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complainant = services.PartyDetails(data["name"], data["email"], data["phone"])
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
            messages.success(request, _("Case %(reference)s registered.")
                             % {"reference": case.reference})
            if not selectors.may_read(request.user, organization, request.roles, case):
                return redirect(reverse("cases:queue", args=[organization.slug]))
            return redirect(reverse("cases:case", args=[organization.slug, case.reference]))
    return render(request, "cases/register.html", {
        "organization": organization, "form": form, "refusal": refusal,
    }, status=400 if request.method == "POST" else 200)
