"""The public side: the complaint form per organization and case type, the receipt, and the
complainant's own page behind the private link. No account: the link is the key.

Every page works without JavaScript; the only script solves the proof of work, and a browser
without it still files, under a lower per-address limit."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import files
from ombud.cases import services as case_services
from ombud.cases.models import PartyRole
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import Owner
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from ombud.public import abuse, form_keys, services, tokens, uploads
from ombud.public.forms import (
    KEY_PATTERN,
    ConsentForm,
    HearingAnswerForm,
    PublicForm,
    ResendForm,
    TrackingUploadForm,
    WithdrawForm,
)
from ombud.public.models import Submission, TrackingLink
from ombud.web import clients

LANGUAGE_COOKIE = "django_language"
LANGUAGES = ("nb", "nl", "en")
RESENDS_PER_DAY = 3  # new links mailed for one case in a day: enough for a person, not a flood


def _speak(request, default: str | None = None) -> None:
    """The language the person chose (cookie); else ``default`` (the organization's, the
    case's); else what their browser asks for."""
    chosen = request.COOKIES.get(LANGUAGE_COOKIE)
    if chosen not in LANGUAGES:
        chosen = default or translation.get_language_from_request(request)
    translation.activate(chosen)
    request.LANGUAGE_CODE = translation.get_language()


def _private(response):
    """The token is in the URL: keep it out of caches, referrers and search engines."""
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: the page's own forms must send an Origin the CSRF check
    # accepts, while no other site ever sees the address.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _enabled_procedure(org: str, case_type: str):
    organization = get_object_or_404(Organization, slug=org)
    procedure_id = f"{org}/{case_type}"
    if not organization.procedures.filter(procedure_id=procedure_id).exists():
        raise Http404
    return organization, find_procedure(procedure_id, on=timezone.localdate())


# -- the form ---------------------------------------------------------------------------------


# The public pages of one web process are worked on a few at a time; the others wait their turn
# in their own threads. A flood of complainants then leaves the staff pages their share of the
# processor instead of their place at the end of one long queue.
# Refusals of a robot flood take turns of their own, one at a time: the flood waits in its
# threads without slowing the complainants or the staff.
_public_turns = threading.BoundedSemaphore(settings.OMBUD_PUBLIC_CONCURRENCY)
_refusal_turns = threading.BoundedSemaphore(1)
QUEUE_SECONDS = 60  # how long a request waits for its turn before "try again"


_turn_held = threading.local()  # a view that calls another keeps the turn it has


def taking_turns(view, turns: threading.BoundedSemaphore = _public_turns):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(_turn_held, "value", False):
            return view(request, *args, **kwargs)
        if not turns.acquire(timeout=QUEUE_SECONDS):
            response = HttpResponse(_("Many cases are being sent right now. Please send again "
                                      "in a minute: nothing was saved."), status=503,
                                    content_type="text/plain; charset=utf-8")
            response["Retry-After"] = "60"
            return response
        _turn_held.value = True
        try:
            return view(request, *args, **kwargs)
        finally:
            _turn_held.value = False
            turns.release()

    return wrapper


def file_case(request, org: str, case_type: str):
    if request.method == "POST":
        limited = _refuse_robot(request, org, case_type)
        if limited is not None:
            return limited
    return _file_case(request, org, case_type)


def _refuse_robot(request, org: str, case_type: str):
    """The cheap answer to a robot over the limit (None for everyone else), in its own turns."""
    return taking_turns(_refusal_of_robot, _refusal_turns)(request, org, case_type)


def _refusal_of_robot(request, org: str, case_type: str):
    if _robot_over_limit(request, org, case_type):
        return _limited(request, org)
    return None


def _puzzle_scope(org: str, key: str) -> str:
    """A solved puzzle opens one submission: it is bound to the form's key in one organization
    (keys are unique per organization)."""
    return f"{org}:{key}"


def _robot_over_limit(request, org: str, case_type: str) -> bool:
    """A sender over the limit without solved proof of work (a robot, most likely) is answered
    before anything else is done: a flood costs one indexed count per request. A browser that
    solved the puzzle gets its form back with the message instead, nothing typed lost."""
    key = request.POST.get("key", "")
    if not re.fullmatch(KEY_PATTERN, key):
        return False  # the form will say what is wrong; no lookup with a key we never issued
    if abuse.verify(request.POST.get("proof", ""), _puzzle_scope(org, key)):
        return False
    if not form_keys.is_issued(key, organization=org, case_type=case_type):
        # no submission was ever made with it: no retry to look for
        return abuse.over_limit(clients.client_of(request), proof_of_work=False)
    organization = Organization.objects.filter(slug=org).first()
    if organization is not None and services.submission_retried(
            organization=organization, key=key,
            content=form_keys.fingerprint(request.POST, request.FILES)):
        return False  # a retry of a submission already made: it gets its receipt
    return abuse.over_limit(clients.client_of(request), proof_of_work=False)


def _limited(request, org: str):
    organization = get_object_or_404(Organization, slug=org)
    _speak(request, organization.language)
    return render(request, "public/limited.html", {"organization": organization}, status=429)


@taking_turns
def _file_case(request, org: str, case_type: str):
    organization, procedure = _enabled_procedure(org, case_type)
    _speak(request, organization.language)
    key = request.POST.get("key") or form_keys.issue(organization=org, case_type=case_type)
    form = PublicForm(request.POST or None, request.FILES or None, procedure=procedure,
                      organization_name=organization.name, initial={"key": key})
    status = 200
    if request.method == "POST":
        outcome = _receive(request, organization, procedure, form)
        if outcome is not None:
            return outcome
        status = 429 if form.has_error("__all__", "rate_limited") else 400
    context = {"organization": organization, "procedure": procedure, "form": form,
               "puzzle_json": json.dumps(abuse.challenge(
                   _puzzle_scope(organization.slug, form["key"].value() or key))),
               "title": words.pick(procedure.title, translation.get_language()),
               "fees": _fees(procedure), "redirects": _redirects(procedure)}
    response = render(request, "public/form.html", context, status=status)
    response["Cache-Control"] = "no-store"  # a cached page would give two people one key
    return response


def _key_refused(request, organization, procedure, form: PublicForm) -> bool:
    """A key we did not issue for this form (invented, another form's, older than a week) files
    nothing: the form comes back, all that was typed kept, with a new key to send it with."""
    if form_keys.is_issued(request.POST.get("key", ""), organization=organization.slug,
                           case_type=procedure.case_type):
        return False
    form.is_valid()
    form.renew_key(form_keys.issue(organization=organization.slug,
                                   case_type=procedure.case_type))
    form.add_error(None, _("This form was open for very long, or came from another page. "
                           "Please check what you wrote and send it again."))
    return True


def _receive(request, organization, procedure, form: PublicForm):
    """Check and file; None when the form has to be shown again with its errors."""
    if _key_refused(request, organization, procedure, form):
        return None
    valid = form.is_valid()
    if "proof" in form.errors or abuse.damaged(request.POST.get("proof", "")):
        form.add_error(None, _("The check against automated sending came back damaged. "
                               "Please send the form again."))
        return None
    if not valid:
        return None
    data = form.cleaned_data
    if data.get("website"):
        form.add_error("website", _("Leave this field empty."))
        return None
    # A solution opens the key's first submission only: replayed with other content (filed
    # under a derived key, recorded without proof) it counts as no work done (attack2).
    proof = abuse.verify(data.get("proof", ""), _puzzle_scope(
        organization.slug, data["key"])) and not services.key_used(organization, data["key"])
    client = clients.client_of(request)
    content = form_keys.fingerprint(request.POST, request.FILES)
    retried = services.submission_retried(organization=organization, key=data["key"],
                                          content=content)
    if retried is None and abuse.over_limit(client, proof_of_work=proof):
        form.add_error(None, ValidationError(
            _("Too many cases were sent from your network in the last hour. Please try again "
              "later, or write to %(organization)s by e-mail or letter.") % {
                "organization": organization.name}, code="rate_limited"))
        return None
    checked = _checked_uploads(form, data.get("attachments") or [])
    if checked is None:
        uploads.upload_try_record(client=client, refused=True, proof_of_work=proof)
        return None
    if not _window_confirmed(form, procedure):
        return None
    filing = services.Filing(
        procedure_id=procedure.id, title=data["title"], language=translation.get_language(),
        complainant=case_services.PartyDetails(data["name"], data["email"], data["phone"],
                                               data["address"]),
        details=form.details(), uploads=tuple(checked))
    try:
        case, token, key = services.submission_receive(
            organization=organization, filing=filing, key=data["key"], content=content,
            client=client, proof_of_work=proof)
    except (case_services.Refused, case_services.Invalid) as problem:
        form.add_error(None, getattr(problem, "reason", str(problem)))
        return None
    if token:  # the session keeps which link, not the link itself
        link_id = TrackingLink.objects.get(token_hash=tokens.token_hash(token)).pk
        receipts = request.session.get("receipts", {})
        receipts[key] = link_id
        request.session["receipts"] = dict(list(receipts.items())[-10:])
    return redirect(reverse("public:receipt", args=[organization.slug, procedure.case_type,
                                                    key]), permanent=False)


def _checked_uploads(form: PublicForm, uploaded) -> list[services.Upload] | None:
    """Read and check each file: count, size, the type its bytes show, the virus scanner."""
    if len(uploaded) > settings.OMBUD_ATTACHMENT_MAX_COUNT:
        form.add_error("attachments", _("Attach at most %(count)s files.") % {
            "count": settings.OMBUD_ATTACHMENT_MAX_COUNT})
        return None
    checked = []
    for upload in uploaded:
        try:
            found = files.check(upload, max_bytes=settings.OMBUD_ATTACHMENT_MAX_BYTES)
        except files.Refused as problem:
            form.add_error("attachments", str(problem))
            return None
        checked.append(services.Upload(found.name, found.content, found.content_type))
    return checked


def _window_confirmed(form: PublicForm, procedure) -> bool:
    """When a filing window has passed, say so clearly and ask once more before filing."""
    today = timezone.localdate()
    received = engine.Event(today, "received", {"channel": "web", **form.details()})
    state = engine.evaluate(procedure, [received], today)
    late = [d for d in state.deadlines if d.owner is Owner.FILER and d.key == "filing"
            and d.status == "missed"]
    if not late or form.cleaned_data.get("late_confirmed"):
        return True
    language = translation.get_language()
    deadline = late[0]
    form.late_warning = _(
        "The period to file ended on %(day)s (%(basis)s). You can still send it: the "
        "organization then decides whether it can be handled, and may decline it as late.") % {
        "day": words.format_date(deadline.due, language),
        "basis": f"{deadline.basis(language)}, {deadline.rule}"}
    form.asking.add("late_confirmed")
    form.add_error("late_confirmed", _("Confirm that you want to send it after the period."))
    return False


def _fees(procedure) -> list[dict]:
    return _fees_of(procedure.fees)


def _fees_of(fees) -> list[dict]:
    return [{"item": fee.item, "rule": fee.rule, "excl_vat": fee.excl_vat,
             "incl_vat": fee.incl_vat, "invoice_only": fee.invoice_only} for fee in fees]


def _redirects(procedure) -> list[dict]:
    """Subjects this case type does not handle, with the form that does (DNV-K-03)."""
    found = []
    for refused in procedure.intake.refused_subjects:
        other = find_procedure(refused.redirect)
        found.append({"rule": refused.rule, "case_type": other.case_type,
                      "title": words.pick(other.title, translation.get_language())})
    return found


@taking_turns
def receipt(request, org: str, case_type: str, key: str):
    organization, procedure = _enabled_procedure(org, case_type)
    _speak(request, organization.language)
    submission = get_object_or_404(Submission.objects.select_related("case"),
                                   organization=organization, key=key)
    link_id = request.session.get("receipts", {}).get(key)
    # Only the browser that filed it sees the sender's data (address, name and date of birth
    # in the payment reference); anyone else who has the address sees that it was received.
    # The private link in the receipt mail shows the sender everything again.
    own = isinstance(link_id, int)
    token = services.link_token(link_id) if own else None
    case = submission.case
    state = _state(case)
    context = {"organization": organization, "case": case, "procedure": procedure,
               "link": request.build_absolute_uri(reverse("public:track", args=[token]))
               if token else "",
               "deadlines": _deadlines_for_complainant(state),
               "payment": _payment(case, state) if own else None,
               "email": case.parties.filter(role=PartyRole.COMPLAINANT).values_list(
                   "email", flat=True).first() if own else ""}
    return _private(render(request, "public/receipt.html", context))


def _payment(case, state: engine.CaseState) -> dict | None:
    """What the person pays (DNV-I-07, DNV-I-08): the fees due for this case, with the payment
    reference the procedure asks for (the word, the name, the date of birth)."""
    if not state.fees:
        return None
    received = case.events.filter(type="received").values_list("data", flat=True).first()
    word = next((fee.payment_reference for fee in state.fees if fee.payment_reference), "")
    birth = (received or {}).get("birth_on", "")
    language = translation.get_language()
    born = words.format_date(date.fromisoformat(birth), language) if birth else ""
    return {"fees": _fees_of(state.fees), "total": sum(fee.incl_vat for fee in state.fees),
            "reference": " ".join(part for part in (word, case.complainant_name, born) if part),
            "rule": state.fees[0].rule}


# -- the complainant's page -------------------------------------------------------------------


def _state(case) -> engine.CaseState:
    return engine.evaluate(case_services.procedure_of(case), case_services.engine_events(case),
                           timezone.localdate(), case_services.meeting_days(case.organization))


def _deadlines_for_complainant(state: engine.CaseState) -> list[dict]:
    """The organization's answer and the complainant's own terms, with why they fall there."""
    language = translation.get_language()
    shown = []
    for deadline in state.deadlines:
        if deadline.key == "filing" or deadline.status == "cancelled":
            continue
        if deadline.owner is Owner.HOLDER:
            continue
        if deadline.owner is Owner.ORGANIZATION and deadline.key not in (
                "acknowledge", "answer", "inadmissible_notice", "decline_notice"):
            continue
        shown.append({"deadline": deadline, "name": words.pick(
            words.DEADLINE_NAMES.get(deadline.key, {"en": deadline.key}), language),
            "yours": deadline.owner is Owner.FILER, "basis": deadline.basis(language),
            "due": words.format_date(deadline.due, language)})
    # What is still to do comes first, soonest first; what was done follows.
    return sorted(shown, key=lambda item: (item["deadline"].met_on is not None,
                                           item["deadline"].due))


def tracked(view):
    """Resolve the private link (404 for an unknown or revoked one) and speak the case's
    language unless the person chose another."""

    @wraps(view)
    @taking_turns
    def wrapper(request, token: str, *args, **kwargs):
        link = services.tracking_link_find(token)
        if link is None:
            _speak(request)
            return _private(render(request, "public/track_unknown.html", {"form": ResendForm()},
                                   status=404))
        _speak(request, link.case.language or link.case.organization.language)
        return _private(view(request, link, token, *args, **kwargs))

    return wrapper


@tracked
def track(request, link, token: str, forms: dict | None = None, status: int = 200):
    case = link.case
    state = _state(case)
    language = translation.get_language()
    consent_for = services.pending_consent_request(case, state)
    documents_limit = engine.documents_deadline(state.procedure,
                                                case_services.engine_events(case))
    forms = forms or {}
    context = {
        "case": case, "organization": case.organization, "token": token,
        "procedure_title": words.pick(state.procedure.title, language),
        "state_words": _state_words(case, state),
        "deadlines": _deadlines_for_complainant(state),
        "payment": _payment(case, state),
        "letters": case.documents.filter(kind="letter").order_by("-created_at", "-id"),
        "uploads": case.documents.filter(from_complainant=True).order_by("created_at", "id"),
        "is_open": case.state in ("open", "appealed"),
        "upload_form": forms.get("upload") or TrackingUploadForm(),
        "hearing_form": (forms.get("hearing") or HearingAnswerForm())
        if "hearing_requested" in state.allowed else None,
        "consent_form": (forms.get("consent") or ConsentForm()) if consent_for else None,
        "consent_for": consent_for,
        "withdraw_form": (forms.get("withdraw") or WithdrawForm())
        if "withdrawn" in state.allowed else None,
        "documents_limit": documents_limit,
        "documents_late": bool(documents_limit and documents_limit.is_late(
            timezone.localdate())),
        "documents_limit_day": words.format_date(documents_limit.last_day, language)
        if documents_limit else "",
        "documents_limit_basis": documents_limit.basis(language) if documents_limit else "",
    }
    # A refused action whose section is no longer offered says why at the top of the page.
    shown = {"upload": context["is_open"], "hearing": context["hearing_form"] is not None,
             "consent": context["consent_form"] is not None,
             "withdraw": context["withdraw_form"] is not None}
    context["refusals"] = [error for name, form in forms.items() if not shown.get(name)
                           for error in form.non_field_errors()]
    return render(request, "public/track.html", context, status=status)


def _state_words(case, state: engine.CaseState) -> str:
    """The state in plain words for the person who filed."""
    handled = case.handler_id is not None or any(
        d.key == "acknowledge" and d.met_on for d in state.deadlines)
    texts = {
        "answered": _("Answered: the answer is among the letters below."),
        "declined": _("Not taken into consideration: the letter below says why."),
        "withdrawn": _("Withdrawn."),
        "appealed": _("Appealed: the appeal body is handling it."),
    }
    if case.state in texts:
        return texts[case.state]
    return (_("Being handled.") if handled else
            _("Received, waiting to be taken up."))


def _again(request, token: str, name: str, form):
    return track(request, token, forms={name: form}, status=400)


@require_POST
@tracked
def track_upload(request, link, token: str):
    form = TrackingUploadForm(request.POST, request.FILES)
    attempt = uploads.try_begin(client=clients.client_of(request), case=link.case)
    if uploads.over_limit(attempt):
        uploads.try_forget(attempt)
        form.add_error(None, ValidationError(_(
            "Many documents were sent for this case or from your network in the last hour. "
            "Please try again later, or send them by e-mail or letter."), code="rate_limited"))
        return track(request, token, forms={"upload": form}, status=429)
    document = _document_taken(form, link.case) if form.is_valid() else None
    if document is None:
        uploads.try_refused(attempt)
        return _again(request, token, "upload", form)
    messages.success(request, _("Thank you: the document was added to your case."))
    if document.late_rule:
        messages.warning(request, _(
            "It came later than ten days before the hearing (%(rule)s): it may be left out of "
            "consideration.") % {"rule": document.late_rule})
    return redirect("public:track", token)


def _document_taken(form: TrackingUploadForm, case):
    """The complainant's document checked and added to the case; None with the reason on the
    form when it is refused."""
    try:
        found = files.check(form.cleaned_data["document"],
                            max_bytes=settings.OMBUD_ATTACHMENT_MAX_BYTES)
        return services.complainant_upload(case=case, upload=services.Upload(
            form.cleaned_data["title"], found.content, found.content_type))
    except files.Refused as problem:
        form.add_error("document", str(problem))
    except case_services.Invalid as problem:
        form.add_error(None, str(problem))
    return None


def _act(request, link, token: str, name: str, form, action, done: str):
    """Run one of the complainant's actions; refused or invalid, the page comes back with the
    reason on the form and nothing changed."""
    if form.is_valid():
        try:
            action(link.case, form.cleaned_data)
        except (case_services.Refused, case_services.Invalid) as problem:
            form.add_error(None, getattr(problem, "reason", str(problem)))
        else:
            messages.success(request, done)
            return redirect("public:track", token)
    return _again(request, token, name, form)


@require_POST
@tracked
def track_hearing(request, link, token: str):
    return _act(request, link, token, "hearing", HearingAnswerForm(request.POST),
                lambda case, data: services.complainant_hearing_answer(
                    case=case, wants_hearing=data["wants_hearing"]),
                _("Thank you: your answer was recorded."))


@require_POST
@tracked
def track_consent(request, link, token: str):
    return _act(request, link, token, "consent", ConsentForm(request.POST),
                lambda case, data: services.complainant_consent(
                    case=case, given=data["given"], text=data["text"]),
                _("Thank you: your answer was recorded."))


@require_POST
@tracked
def track_withdraw(request, link, token: str):
    return _act(request, link, token, "withdraw", WithdrawForm(request.POST),
                lambda case, data: services.complainant_withdraw(case=case,
                                                                 reason=data["reason"]),
                _("Your case was withdrawn."))


@require_POST
@tracked
def track_revoke(request, link, token: str):
    services.tracking_link_revoke(link)
    messages.success(request, _("This link no longer works. You can ask for a new one with your "
                                "reference and e-mail address."))
    return redirect(f"{reverse('public:resend')}?lang={translation.get_language()}")


@tracked
def track_document(request, link, token: str, document_id: int):
    """A letter sent to the complainant or a document they sent; nothing else of the file."""
    document = link.case.documents.filter(pk=document_id).first()
    if document is None or not (document.kind == "letter" or document.from_complainant):
        raise Http404
    return files.download(document, f"{link.case.reference}-{document.pk}")


def resend(request):
    """A new private link to the address on file. The answer is the same whether or not the
    reference and address matched, so the form tells nobody who complained."""
    language = request.GET.get("lang")
    _speak(request, language if language in LANGUAGES else None)
    form = ResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        recent = OutboxMessage.objects.filter(
            kind="tracking_link", case__reference__iexact=reference.strip(),
            created_at__gte=timezone.now() - timedelta(days=1)).count()
        # Over either limit (per case, per address) nothing is sent, and the answer is the same.
        if recent < RESENDS_PER_DAY and abuse.resend_counted(clients.client_of(request)):
            services.tracking_link_resend(reference=reference, email=form.cleaned_data["email"])
        messages.success(request, _("If the reference and the e-mail address match a case, a "
                                    "new link is on its way to that address."))
        return redirect("public:resend")
    return render(request, "public/resend.html", {"form": form},
                  status=400 if form.errors else 200)


def csrf_failure(request, reason: str = ""):
    """A form that came back without its security token (cookies off, or the page open for very
    long): say what to do, in the visitor's language, instead of Django's English page."""
    _speak(request)
    return render(request, "public/csrf_failure.html", status=403)
