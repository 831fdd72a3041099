"""The public side: the complaint form per organization and case type, the receipt, and the
complainant's own page behind the private link. No account: the link is the key.

Every page works without JavaScript; the only script solves the proof of work, and a browser
without it still files, under a lower per-address limit."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import files
from ombud.cases import services as case_services
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.orgs.models import Organization
from ombud.public import abuse, form_keys, intake, limits, selectors, services, uploads
from ombud.public.forms import (
    ConsentForm,
    HearingAnswerForm,
    PublicForm,
    ResendForm,
    TrackingUploadForm,
    WithdrawForm,
)
from ombud.public.models import Submission
from ombud.web import clients
from ombud.web.middleware import screened_by

LANGUAGE_COOKIE = "django_language"
LANGUAGES = ("nb", "nl", "en")


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


def _refuse_robot(request, org: str, case_type: str):
    """The cheap answer to a robot over the limit (None for everyone else): taken before the
    form's turn, in a lane of its own (``PublicTurnsMiddleware``)."""
    if not limits.robot_over_limit(organization_slug=org, case_type=case_type,
                                   fields=request.POST, files=request.FILES,
                                   client=clients.client_of(request)):
        return None
    organization = get_object_or_404(Organization, slug=org)
    _speak(request, organization.language)
    return render(request, "public/limited.html", {"organization": organization}, status=429)


@screened_by(_refuse_robot)
def file_case(request, org: str, case_type: str):
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
                   limits.puzzle_scope(organization.slug, form["key"].value() or key))),
               "title": words.pick(procedure.title, translation.get_language()),
               "fees": selectors.fees_shown(procedure.fees),
               "redirects": selectors.redirects(procedure, translation.get_language())}
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
    if _key_refused(request, organization, procedure, form) or not _form_sound(request, form):
        return None
    data = form.cleaned_data
    proof = limits.proof_of_work_done(organization=organization, key=data["key"],
                                      solution=data.get("proof", ""))
    client = clients.client_of(request)
    content = form_keys.fingerprint(request.POST, request.FILES)
    if limits.submission_over_limit(organization=organization, key=data["key"],
                                    content=content, client=client, proof_of_work=proof):
        form.add_error(None, ValidationError(
            _("Too many cases were sent from your network in the last hour. Please try again "
              "later, or write to %(organization)s by e-mail or letter.") % {
                "organization": organization.name}, code="rate_limited"))
        return None
    try:
        checked = intake.attachments_checked(data.get("attachments") or [], client=client,
                                             proof_of_work=proof)
    except files.Refused as problem:
        form.add_error("attachments", str(problem))
        return None
    if not _late_confirmed(form, procedure):
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
        receipts = request.session.get("receipts", {})
        receipts[key] = selectors.tracking_link_id(token)
        request.session["receipts"] = dict(list(receipts.items())[-10:])
    return redirect(reverse("public:receipt", args=[organization.slug, procedure.case_type,
                                                    key]), permanent=False)


def _form_sound(request, form: PublicForm) -> bool:
    """Valid, with an undamaged proof of work and the honeypot left empty."""
    valid = form.is_valid()
    if "proof" in form.errors or abuse.damaged(request.POST.get("proof", "")):
        form.add_error(None, _("The check against automated sending came back damaged. "
                               "Please send the form again."))
        return False
    if not valid:
        return False
    if form.cleaned_data.get("website"):
        form.add_error("website", _("Leave this field empty."))
        return False
    return True


def _late_confirmed(form: PublicForm, procedure) -> bool:
    """When the filing window has passed, say so clearly and ask once more before filing."""
    late = intake.filing_window_missed(procedure, form.details(), timezone.localdate())
    if late is None or form.cleaned_data.get("late_confirmed"):
        return True
    language = translation.get_language()
    form.late_warning = _(
        "The period to file ended on %(day)s (%(basis)s). You can still send it: the "
        "organization then decides whether it can be handled, and may decline it as late.") % {
        "day": words.format_date(late.due, language),
        "basis": f"{late.basis(language)}, {late.rule}"}
    form.asking.add("late_confirmed")
    form.add_error("late_confirmed", _("Confirm that you want to send it after the period."))
    return False


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
    state = selectors.case_state(case)
    language = translation.get_language()
    context = {"organization": organization, "case": case, "procedure": procedure,
               "link": request.build_absolute_uri(reverse("public:track", args=[token]))
               if token else "",
               "deadlines": selectors.deadlines_for_complainant(state, language),
               "payment": selectors.payment_due(case, state, language) if own else None,
               "email": selectors.complainant_email(case) if own else ""}
    return _private(render(request, "public/receipt.html", context))


# -- the complainant's page -------------------------------------------------------------------


def tracked(view):
    """Resolve the private link (404 for an unknown or revoked one) and speak the case's
    language unless the person chose another."""

    @wraps(view)
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
    state = selectors.case_state(case)
    language = translation.get_language()
    consent_for = services.pending_consent_request(case, state)
    offered = selectors.sections_offered(case, state, consent_for)
    forms = forms or {}
    blank = {"upload": TrackingUploadForm, "hearing": HearingAnswerForm, "consent": ConsentForm,
             "withdraw": WithdrawForm}
    context = {
        "case": case, "organization": case.organization, "token": token,
        "procedure_title": words.pick(state.procedure.title, language),
        "state_words": selectors.state_words(case, state),
        "deadlines": selectors.deadlines_for_complainant(state, language),
        "payment": selectors.payment_due(case, state, language),
        "letters": selectors.complainant_letters(case),
        "uploads": selectors.complainant_uploads(case),
        "is_open": offered["upload"], "consent_for": consent_for,
        **{f"{name}_form": (forms.get(name) or blank[name]()) if offered[name] else None
           for name in blank},
        **selectors.documents_limit(case, state, language),
        # A refused action whose section is no longer offered says why at the top of the page.
        "refusals": [error for name, form in forms.items() if not offered[name]
                     for error in form.non_field_errors()],
    }
    return render(request, "public/track.html", context, status=status)


def _again(request, token: str, name: str, form):
    return track(request, token, forms={name: form}, status=400)


@require_POST
@tracked
def track_upload(request, link, token: str):
    form = TrackingUploadForm(request.POST, request.FILES)
    attempt = uploads.try_counted(client=clients.client_of(request), case=link.case)
    if attempt is None:
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
        return services.complainant_upload(case=case, upload=intake.document_checked(
            form.cleaned_data["document"], title=form.cleaned_data["title"]))
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
    document = selectors.complainant_document(link.case, document_id)
    if document is None:
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
        # Over either limit (per case, per address) nothing is sent, and the answer is the same.
        if limits.resend_allowed(reference=reference, client=clients.client_of(request)):
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
