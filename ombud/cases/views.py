"""Staff pages: the queue, the case page with its next steps, and registering a complaint.

Views are thin: find the organization and the case through the scoped selectors, parse a form,
call one service, render. Who may do what is asked once, by ``case_view``, of the permission
table (``ombud.cases.permissions``); the services ask it again, whoever calls them."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import files, hooks, permissions, selectors, services
from ombud.cases.access_log import access_record, accesses_of
from ombud.cases.forms import (
    STEP_LABELS,
    ActionDoneForm,
    CorrectiveActionForm,
    DocumentForm,
    NoteForm,
    PartyForm,
    QueueFilterForm,
    RegisterForm,
    step_form,
)
from ombud.cases.history import first_broken_link, row_disagreement
from ombud.cases.models import CaseEvent, CaseState
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.orgs.models import Role
from ombud.orgs.selectors import organization_for, roles_of, staff_member, staff_of

ALL_ROLES = tuple(Role)

LANGUAGE_COOKIE = "django_language"


def org_view(view):
    """Resolve the organization from the URL for a member (else 404) and speak its language,
    unless the person chose another one."""

    @login_required
    @wraps(view)
    def wrapper(request, org: str, *args, **kwargs):
        organization = organization_for(request.user, org)
        chosen = request.COOKIES.get(LANGUAGE_COOKIE)
        translation.activate(chosen if chosen in ("nb", "nl", "en") else organization.language)
        request.LANGUAGE_CODE = translation.get_language()
        request.organization = organization
        request.roles = roles_of(request.user, organization)
        return view(request, organization, *args, **kwargs)

    return wrapper


def refused(request, organization, reason: str, case=None):
    """A refusal as a page of the site (403): the reason in the person's language and the way
    back to the case. A handler whose case a manager took over while the form was open must
    see why, not a bare line of text with no way back."""
    return render(request, "cases/refused.html",
                  {"organization": organization, "reason": reason, "case": case}, status=403)


def case_view(action: str | None = None):
    """A staff page about one case. The case is found among those the person may read (else
    404, as if it did not exist); with an ``action`` (or the step named in the URL) the
    permission table is asked first, and a person it does not allow gets 403 and the reason."""

    def decorate(view):
        @org_view
        @wraps(view)
        def wrapper(request, organization, reference: str, **kwargs):
            wanted = action or kwargs.get("event_type")
            if action is None and wanted is not None and wanted not in STEP_LABELS:
                raise Http404
            case = selectors.case_for(request.user, organization, request.roles, reference)
            if wanted is not None:
                reason = permissions.refusal(person=request.user, case=case, action=wanted,
                                             roles=request.roles)
                if reason:
                    return refused(request, organization, reason, case)
            try:
                return view(request, organization, case, **kwargs)
            except permissions.NotPermitted as refusal:  # the service's own check, under lock
                return refused(request, organization, refusal.reason, case)

        return wrapper

    return decorate


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


def _procedure_choices(organization) -> list[tuple[str, str]]:
    choices = []
    for enabled in organization.procedures.all():
        procedure = find_procedure(enabled.procedure_id)
        choices.append((enabled.procedure_id, procedure.title.get(_lang(), procedure.id)))
    return choices


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
        "procedures": _procedure_choices(organization), "states": CaseState.choices,
        "handlers": staff_of(organization), "today": timezone.localdate(),
        "filters_query": query.urlencode(),
        "may_register": permissions.may_register(request.roles),
    }, status=400 if left_out else 200)


def _deadline_rows(state: engine.CaseState, lang: str) -> list[dict]:
    return [{"key": d.key, "name": words.pick(words.DEADLINE_NAMES[d.key], lang), "rule": d.rule,
             "due": d.due, "status": d.status, "met_on": d.met_on, "owner": d.owner.value,
             "basis": d.basis(lang), "note": d.status_note(lang)} for d in state.deadlines]


@case_view()
def case_detail(request, organization, case):
    return _case_page(request, organization, case)


# The file actions the case page offers, each shown only to those the table allows.
PAGE_ACTIONS = ("note", "party_added", "document_added", "corrective_action", "tracking_links")


def _case_page(request, organization, case, forms: dict | None = None, refusal=None,
               extra_forms: dict | None = None):
    """The case page; with ``forms``, the step forms that failed, shown open with their errors;
    ``extra_forms`` likewise for notes, corrective actions and documents."""
    extra_forms = extra_forms or {}
    procedure = services.procedure_of(case)
    history = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    state = engine.evaluate(procedure, services.engine_events_of(history), timezone.localdate(),
                            services.meeting_days(organization))
    forms = forms or {}
    # Only the chosen step carries its form: the page stays light, and a step is one link away.
    chosen = next(iter(forms), None) or request.GET.get("step")
    steps = []

    def may(action):
        return permissions.refusal(person=request.user, case=case, action=action,
                                   roles=request.roles) is None

    # A step whose form came back with errors is shown even when the engine would not offer
    # it now: the person sees what to correct, then the procedure's own answer.
    shown = [*state.allowed, *(event for event in forms if event not in state.allowed)]
    for event_type in (event for event in shown if may(event)):
        form = None
        if event_type == chosen:
            form = forms.get(event_type) or step_form(
                event_type, procedure=procedure, staff=staff_of(organization),
                bodies=organization.bodies.all(), prefix=event_type)
        steps.append({"type": event_type, "label": STEP_LABELS.get(event_type, event_type),
                      "form": form})
    # The forms that add to the file open one at a time too (?add=party), or when they failed.
    adding = request.GET.get("add") if request.method == "GET" else None
    owners = staff_of(organization, ALL_ROLES)

    def extra(name, make):
        return extra_forms.get(name) or (make() if adding == name else None)

    access_record(case=case, person=request.user)  # one INSERT: this view of the file
    allowed = {action: may(action) for action in PAGE_ACTIONS}

    return render(request, "cases/case.html", {
        "organization": organization, "case": case, "procedure": procedure,
        "title": procedure.title.get(_lang(), procedure.id),
        "deadlines": _deadline_rows(state, _lang()), "steps": steps,
        "history": history, "parties": list(case.parties.all()),
        "documents": list(case.documents.all()), "may": allowed,
        "may_act": any(allowed.values()) or bool(steps),
        "may_take_over": permissions.may_take_over(person=request.user, case=case,
                                                   roles=request.roles),
        # Open and appointed to someone else: the page says who decides, not "nothing more".
        "handled_by_other": bool(state.allowed) and case.handler_id not in (None, request.user.pk),
        "accesses": accesses_of(case) if permissions.may_read_access_log(request.roles)
        else None,
        "messages_sent": list(case.messages.order_by("created_at", "id")),
        "active_links": case.tracking_links.filter(revoked_at__isnull=True).count(),
        "refusal": refusal, "actions": list(case.actions.select_related("owner")),
        "note_form": extra("note", NoteForm),
        "party_form": extra("party", PartyForm),
        "action_form": extra("action", lambda: CorrectiveActionForm(owners=owners)),
        "document_form": extra("document", DocumentForm),
        "broken_link": first_broken_link(history, case), "event_count": len(history),
        "row_disagrees": row_disagreement(case, history),
        **hooks.case_page_parts(case, request.roles, len(history)),
    }, status=400 if forms or extra_forms else 200)


@require_POST
@case_view()  # the action is the step named in the URL
def case_step(request, organization, case, event_type: str):
    procedure = services.procedure_of(case)
    form = step_form(event_type, request.POST, procedure=procedure, staff=staff_of(organization),
                     bodies=organization.bodies.all(), prefix=event_type)
    if not form.is_valid():
        return _case_page(request, organization, case, forms={event_type: form})
    try:
        services.case_step(case=case, event_type=event_type, on=form.cleaned_data["on"],
                           data=form.event_data(), actor=request.user,
                           actor_involved=form.actor_involved,
                           backdate_reason=form.backdate_reason)
    except services.Invalid as problem:
        form.add_error(problem.field, str(problem))
        return _case_page(request, organization, case, forms={event_type: form})
    except services.Refused as problem:
        return _case_page(request, organization, case, forms={event_type: form},
                          refusal=problem)
    except permissions.NotPermitted as problem:
        if permissions.refusal(person=request.user, case=case, action=event_type):
            raise  # not about the date: the case changed meanwhile (403 from case_view)
        form.add_error("on", problem.reason)  # dated back further than this person may
        return _case_page(request, organization, case, forms={event_type: form})
    messages.success(request, _("Recorded: %(step)s.") % {"step": STEP_LABELS[event_type]})
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


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
        "may_act": any(find_procedure(procedure_id).access.may_record(request.roles, "taken_up")
                       for procedure_id in procedure_ids),
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


@require_POST
@case_view("note")
def case_note_add(request, organization, case):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _case_page(request, organization, case, extra_forms={"note": form})
    services.case_note(case=case, text=form.cleaned_data["text"], actor=request.user)
    messages.success(request, _("Note added."))
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@require_POST
@case_view("party_added")
def party_add(request, organization, case):
    form = PartyForm(request.POST)
    if not form.is_valid():
        return _case_page(request, organization, case, extra_forms={"party": form})
    data = form.cleaned_data
    services.party_add(case=case, role=data["role"], actor=request.user,
                       details=services.PartyDetails(data["name"], data["email"], data["phone"]))
    messages.success(request, _("Party added."))
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@require_POST
@case_view("corrective_action")
def corrective_action_add(request, organization, case):
    form = CorrectiveActionForm(request.POST, owners=staff_of(organization, ALL_ROLES))
    if not form.is_valid():
        return _case_page(request, organization, case, extra_forms={"action": form})
    data = form.cleaned_data
    services.corrective_action_add(case=case, description=data["description"],
                                   owner=data["owner"], due_on=data["due_on"], actor=request.user)
    messages.success(request, _("Corrective action added."))
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@require_POST
@case_view("corrective_action")
def corrective_action_done(request, organization, case, action_id: int):
    action = case.actions.filter(pk=action_id, done_on__isnull=True).first()
    if action is None:
        raise Http404
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        return _case_page(request, organization, case, extra_forms={f"done-{action.pk}": form})
    services.corrective_action_done(action=action, done_on=form.cleaned_data["done_on"],
                                    follow_up=form.cleaned_data["follow_up"], actor=request.user)
    messages.success(request, _("Corrective action marked as done."))
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


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
        return _case_page(request, organization, case, extra_forms={"document": form})
    messages.success(request, _("Document added to the file."))
    return redirect(reverse("cases:case", args=[organization.slug, case.reference]))


@case_view()
def document_download(request, organization, case, document_id: int):
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    access_record(case=case, person=request.user, document=document)
    return files.download(document, document.file.name.rsplit("/", 1)[-1])


@org_view
def case_register(request, organization):
    if not permissions.may_register(request.roles):
        return refused(request, organization, _("Your role may only read case files."))
    choices = _procedure_choices(organization)
    form = RegisterForm(request.POST or None, procedures=choices)
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
            if not selectors.cases_for(request.user, organization, request.roles).filter(
                    pk=case.pk).exists():  # a confidential case: intake does not read it on
                return redirect(reverse("cases:queue", args=[organization.slug]))
            return redirect(reverse("cases:case", args=[organization.slug, case.reference]))
    return render(request, "cases/register.html", {
        "organization": organization, "form": form, "refusal": refusal,
    }, status=400 if request.method == "POST" else 200)


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
