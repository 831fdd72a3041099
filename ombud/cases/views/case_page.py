"""The case page: its deadlines, the steps the person may take now (one form open at a time),
its history and file; and a document of the file, downloaded."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation

from ombud.cases import (
    files,
    hooks,
    notifications,
    permissions,
    procedure_parts,
    services,
    wording,
)
from ombud.cases.access_log import access_record, accesses_of
from ombud.cases.forms import (
    CorrectiveActionForm,
    DocumentForm,
    NoteForm,
    PartyForm,
    step_form,
)
from ombud.cases.forms.declared_steps import step_label
from ombud.cases.history import first_broken_link, row_disagreement
from ombud.cases.models import CaseEvent
from ombud.cases.selectors import cases_for
from ombud.cases.views.access import READ, case_view, refusal_for
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.domain.texts import deadline_name
from ombud.orgs.models import Role
from ombud.orgs.selectors import staff_of

ALL_ROLES = tuple(Role)

# The file actions the case page offers, each shown only to those the table allows.
PAGE_ACTIONS = ("note", "party_added", "document_added", "corrective_action", "tracking_links")


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


def _parties(case) -> list:
    """The case's parties, each with its role as the bundle calls it (``role_label``)."""
    parties = list(case.parties.all())
    for party in parties:
        party.role_label = wording.party_label(case.procedure_id, party.role)
    return parties


def _deadline_rows(state: engine.CaseState, lang: str) -> list[dict]:
    return [{"key": d.key, "name": deadline_name(d.procedure.id, d.key, lang), "rule": d.rule,
             "due": d.due, "status": d.status, "met_on": d.met_on, "owner": d.owner.value,
             "basis": d.basis(lang), "note": d.status_note(lang),
             "late": d.lateness(state.as_of, lang)} for d in state.deadlines]


def _appeal_needs_handler(case, state: engine.CaseState) -> str | None:
    """The rule, when the case is under appeal and still with the person who answered it
    first (PP-17): the page says to appoint someone for the appeal body."""
    rule = state.procedure.appeal.impartiality_rule
    if (state.state in ("appealed", "forwarded") and rule
            and str(case.handler_id) in state.first_deciders):
        return rule
    return None


@case_view(READ)
def case_detail(request, organization, case):
    return case_page(request, organization, case)


def case_page(request, organization, case, forms: dict | None = None, refusal=None,
              extra_forms: dict | None = None):
    """The case page; with ``forms``, the step forms that failed, shown open with their errors
    (status 400); ``extra_forms`` likewise for notes, corrective actions and documents."""
    extra_forms = extra_forms or {}
    procedure = services.procedure_of(case)
    history = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))
    state = engine.evaluate(procedure, services.engine_events_of(history, procedure),
                            timezone.localdate(), services.meeting_days(organization))
    forms = forms or {}
    # Only the chosen step carries its form: the page stays light, and a step is one link away.
    chosen = next(iter(forms), None) or request.GET.get("step")
    steps = []

    def may(action):
        return refusal_for(request, case, action) is None

    # A step whose form came back with errors is shown even when the engine would not offer
    # it now: the person sees what to correct, then the procedure's own answer.
    shown = [*state.allowed, *(event for event in forms if event not in state.allowed)]
    for event_type in (event for event in shown if may(event)):
        form = None
        if event_type == chosen:
            form = forms.get(event_type) or step_form(
                event_type, procedure=procedure, staff=staff_of(organization),
                bodies=organization.bodies.all(), prefix=event_type, case=case)
        steps.append({"type": event_type, "label": step_label(procedure, event_type),
                      "form": form})
    # The forms that add to the file open one at a time too (?add=party), or when they failed.
    adding = request.GET.get("add") if request.method == "GET" else None
    owners = staff_of(organization, ALL_ROLES)

    def extra(name, make):
        return extra_forms.get(name) or (make() if adding == name else None)

    access_record(case=case, person=request.user)  # one INSERT: this view of the file
    notifications.case_read(person=request.user, case=case)
    allowed = {action: may(action) for action in PAGE_ACTIONS}

    return render(request, "cases/case.html", {
        "organization": organization, "case": case, "procedure": procedure,
        "title": procedure.title.get(_lang(), procedure.id),
        "deadlines": _deadline_rows(state, _lang()), "steps": steps,
        "history": history, "parties": _parties(case),
        "filer": wording.filer_phrases(case.procedure_id),
        # PP: the body or person that received the complaint, as registered.
        "received_by": (history[0].data.get("receiving_instance") if history else "") or "",
        "posted_on": posted_on(history[0]) if history else None,  # fvl § 30, Awb 6:9
        # Journey 2: an adviser filing for a participant; the handler must see whom it concerns.
        "on_behalf_of": (history[0].data.get("on_behalf_of") if history else "") or "",
        # AV-05, GL-05, PP-09: the phone call that came before the written complaint.
        "contacts": list(case.contacts.select_related("created_by")),
        "documents": list(case.documents.all()), "may": allowed,
        "may_act": any(allowed.values()) or bool(steps),
        "may_take_over": permissions.may_take_over(person=request.user, case=case,
                                                   roles=request.roles),
        # Open and appointed to someone else: the page says who decides, not "nothing more".
        "handled_by_other": bool(state.allowed) and case.handler_id not in (None, request.user.pk),
        "appeal_needs_handler": _appeal_needs_handler(case, state),
        "accesses": accesses_of(case) if permissions.may_read_access_log(request.roles)
        else None,
        "messages_sent": list(case.messages.order_by("created_at", "id")),
        "active_links": case.tracking_links.filter(revoked_at__isnull=True).count(),
        "refusal": refusal, "actions": list(case.actions.select_related("owner")),
        "note_form": extra("note", NoteForm),
        "party_form": extra("party", lambda: PartyForm(procedure_id=case.procedure_id)),
        "action_form": extra("action", lambda: CorrectiveActionForm(owners=owners)),
        "document_form": extra("document", DocumentForm),
        "broken_link": first_broken_link(history, case), "event_count": len(history),
        "row_disagrees": row_disagreement(case, history),
        **_procedure_parts(request, organization, case, procedure),
        **hooks.case_page_parts(case, request.roles, len(history)),
    }, status=400 if forms or extra_forms else 200)


def _procedure_parts(request, organization, case, procedure) -> dict:
    """What the procedure's own sections add to the page: earlier decided cases on the same
    subject (DNV-B-12), the appointment booked (DNV-I-06), what may be shown (DNV-I-04, I-05,
    I-09)."""
    return {
        "precedents_rule": procedure.precedents_rule,
        "precedents": procedure_parts.precedents(
            case, cases_for(request.user, organization, request.roles))
        if procedure.precedents_rule else [],
        "booked_slot": procedure_parts.booked_slot(case) if procedure.booking else None,
        "booking": procedure.booking,
        "booking_place": words.pick(procedure.booking.place, _lang()) if procedure.booking
        else "",
        "disclosure": procedure_parts.disclosure(case, _lang()),
        "names_decision_makers": "decision_makers_named" in procedure.steps,
        "decision_makers": procedure_parts.decision_makers(case)
        if "decision_makers_named" in procedure.steps else [],
        "impartiality_rule": procedure.impartiality.rule if procedure.impartiality else "",
    }


@case_view(READ)
def document_download(request, organization, case, document_id: int):
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    if not document.file:  # removed by retention or erasure: gone, said so (not a 500)
        return files.removed_response(request, document, base="base.html")
    access_record(case=case, person=request.user, document=document)
    return files.download(document, document.file.name.rsplit("/", 1)[-1])


def posted_on(received: CaseEvent) -> date | None:
    """The postmark of a letter registered where it counts (fvl § 30, Awb 6:9), shown beside
    the day of receipt: the two together decide whether it came in time."""
    value = (received.data or {}).get("posted_on")
    return date.fromisoformat(value) if isinstance(value, str) and value else None
