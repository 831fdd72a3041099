"""The contacts recorded where no case was opened (AV-05, GL-05, PP-09): the list of the
organization's contacts, each with the case it was linked to, and staff linking one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ombud.cases import permissions, registers, selectors, services
from ombud.cases.views.access import org_view, refused, roles_allow

NOT_HERE = gettext_lazy("Your role does not work with the contacts of this organization.")


@org_view
@roles_allow(permissions.may_register, NOT_HERE)
def contacts(request, organization):
    return _page(request, organization)


def _page(request, organization, problem: str = "", problem_contact: int | None = None):
    rows = registers.contacts_of(request.user, organization, request.roles)
    return render(request, "cases/contacts.html", {
        "organization": organization, "rows": rows, "problem": problem,
        "problem_contact": problem_contact,
    }, status=400 if problem else 200)


@require_POST
@org_view
@roles_allow(permissions.may_register, NOT_HERE)
def contact_link(request, organization, contact_id: int):
    contact = registers.contact_of(organization, contact_id)
    if contact is None:
        raise Http404
    reference = request.POST.get("reference", "").strip().upper()[:30]
    try:
        # Among the cases the person may read: another case does not exist for them.
        case = selectors.case_for(request.user, organization, request.roles, reference)
    except Http404:
        return _page(request, organization, _(
            "No case of this organization has the reference %(reference)s.")
            % {"reference": reference}, contact.pk)
    try:
        case = services.contact_link(contact=contact, case=case, actor=request.user)
    except services.Invalid as problem:
        return _page(request, organization, str(problem), contact.pk)
    except permissions.NotPermitted as problem:  # the case is not theirs to add to
        return refused(request, organization, problem.reason)
    messages.success(request, _("The contact was linked to case %(reference)s.")
                     % {"reference": case.reference})
    return redirect(reverse("cases:contacts", args=[organization.slug]))
