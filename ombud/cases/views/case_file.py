"""What staff add to a case's file from its page: a note, a party, a corrective action (and
its completion), a document; and the complainant's private links, stopped or sent anew."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import hooks, services
from ombud.cases.forms import (
    ActionDoneForm,
    CorrectiveActionForm,
    DocumentForm,
    NoteForm,
    PartyForm,
)
from ombud.cases.views.access import case_view
from ombud.cases.views.case_page import ALL_ROLES, case_page
from ombud.orgs.selectors import staff_of


def _back_to_case(organization, case):
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@require_POST
@case_view("note")
def case_note_add(request, organization, case):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return case_page(request, organization, case, extra_forms={"note": form})
    warning = form.sensitive_record()
    services.case_note(case=case, text=form.cleaned_data["text"], actor=request.user,
                       data={"sensitive_warning": warning} if warning else None)
    messages.success(request, _("Note added."))
    return _back_to_case(organization, case)


@require_POST
@case_view("party_added")
def party_add(request, organization, case):
    form = PartyForm(request.POST, procedure_id=case.procedure_id)
    if not form.is_valid():
        return case_page(request, organization, case, extra_forms={"party": form})
    data = form.cleaned_data
    services.party_add(case=case, role=data["role"], actor=request.user,
                       details=services.PartyDetails(data["name"], data["email"], data["phone"],
                                                     data["address"]))
    messages.success(request, _("Party added."))
    return _back_to_case(organization, case)


@require_POST
@case_view("corrective_action")
def corrective_action_add(request, organization, case):
    form = CorrectiveActionForm(request.POST, owners=staff_of(organization, ALL_ROLES))
    if not form.is_valid():
        return case_page(request, organization, case, extra_forms={"action": form})
    data = form.cleaned_data
    services.corrective_action_add(case=case, description=data["description"],
                                   owner=data["owner"], due_on=data["due_on"], actor=request.user)
    messages.success(request, _("Corrective action added."))
    return _back_to_case(organization, case)


@require_POST
@case_view("corrective_action")
def corrective_action_done(request, organization, case, action_id: int):
    action = case.actions.filter(pk=action_id, done_on__isnull=True).first()
    if action is None:
        raise Http404
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        return case_page(request, organization, case, extra_forms={f"done-{action.pk}": form})
    services.corrective_action_done(action=action, done_on=form.cleaned_data["done_on"],
                                    follow_up=form.cleaned_data["follow_up"], actor=request.user)
    messages.success(request, _("Corrective action marked as done."))
    return _back_to_case(organization, case)


@require_POST
@case_view("document_added")
def document_add(request, organization, case):
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_attach(case=case, upload=form.cleaned_data["file"],
                                     title=form.cleaned_data["title"], actor=request.user)
        except services.Invalid as problem:
            form.add_error("file", str(problem))
    if form.errors:
        return case_page(request, organization, case, extra_forms={"document": form})
    messages.success(request, _("Document added to the file."))
    return _back_to_case(organization, case)


@require_POST
@case_view("tracking_links")
def tracking_links(request, organization, case):
    """Stop every private link of the case, or send the complainant a new one."""
    links = hooks.private_links()
    if request.POST.get("action") == "revoke":
        stopped = links.revoke_all(case)
        messages.success(request, _("%(count)s private links stopped.") % {"count": stopped})
    elif links.send(case):
        messages.success(request, _("A new private link is on its way to the complainant."))
    else:
        messages.error(request, _("The complainant has no e-mail address on file."))
    return redirect("cases:case", organization.slug, case.reference)


@require_POST
@case_view("note")
def complainant_news_seen(request, organization, case):
    """What the complainant sent was looked at: the marker goes from the queue and the page."""
    services.complainant_news_seen(case=case, actor=request.user)
    return _back_to_case(organization, case)
