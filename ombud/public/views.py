"""The public form per organization and case type, and its receipt. No account: the receipt
shows the private link to the complainant's own page (``track_views``).

Every page works without JavaScript; the only script solves the proof of work, and a browser
without it still files, under a lower per-address limit."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import files
from ombud.cases import services as case_services
from ombud.domain import messages as words
from ombud.domain.checked_once import files_checked_once
from ombud.domain.loader import find_procedure
from ombud.orgs.middleware import answers_unavailable_procedure
from ombud.orgs.models import Organization
from ombud.public import abuse, form_keys, intake, limits, selectors, services
from ombud.public.forms import PublicForm
from ombud.public.models import Submission
from ombud.public.pages import private, speak
from ombud.web import clients
from ombud.web.middleware import screened_by


def _enabled_procedure(org: str, case_type: str, *, client: str | None = None,
                       keys: tuple[str, ...] = ()):
    """The organization and the procedure of a form; 404 unless it is enabled. ``client``: the
    sender of a POST, whose hourly count is read with the organization, and whether its
    ``keys`` were used already."""
    procedure_id = f"{org}/{case_type}"
    organization = (limits.organization_for_filing(org, procedure_id, client, keys) if client else
                    Organization.objects.filter(slug=org, procedures__procedure_id=procedure_id)
                    .first())
    if organization is None:
        raise Http404
    return organization, find_procedure(procedure_id, on=timezone.localdate())


# The receipts a browser filed, in a signed cookie of its own (which link, not the link itself):
# filing needs no session, so the form's POST reads and writes none.
RECEIPTS_COOKIE = "ombud_receipts"
RECEIPTS_KEPT = 10
RECEIPTS_SECONDS = 24 * 3600  # the private link in the receipt mail opens the case after that


def _receipts(request) -> dict[str, int]:
    try:
        found = json.loads(request.get_signed_cookie(RECEIPTS_COOKIE, default="{}",
                                                     salt=RECEIPTS_COOKIE,
                                                     max_age=RECEIPTS_SECONDS))
    except ValueError:
        return {}
    return {key: value for key, value in found.items() if isinstance(value, int)} if (
        isinstance(found, dict)) else {}


def _receipt_kept(request, response, key: str, link_id: int) -> None:
    receipts = {**_receipts(request), key: link_id}
    response.set_signed_cookie(
        RECEIPTS_COOKIE, json.dumps(dict(list(receipts.items())[-RECEIPTS_KEPT:])),
        salt=RECEIPTS_COOKIE, max_age=RECEIPTS_SECONDS, path="/", httponly=True,
        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


# -- the form ---------------------------------------------------------------------------------


def _refuse_robot(request, org: str, case_type: str):
    """The cheap answer to a robot over the limit (None for everyone else): taken before the
    form's turn, in a lane of its own (``PublicTurnsMiddleware``)."""
    if not limits.robot_over_limit(organization_slug=org, case_type=case_type,
                                   fields=request.POST, files=request.FILES,
                                   client=clients.client_of(request)):
        return None
    organization = get_object_or_404(Organization, slug=org)
    speak(request, organization.language)
    return render(request, "public/limited.html", {"organization": organization}, status=429)


@screened_by(_refuse_robot)
@answers_unavailable_procedure
@files_checked_once()  # the form asks for its procedure and a dozen of its words
def file_case(request, org: str, case_type: str):
    posted = request.method == "POST"
    organization, procedure = _enabled_procedure(
        org, case_type, client=clients.client_of(request) if posted else None,
        keys=_keys_of(request) if posted else ())
    speak(request, organization.language)
    key = request.POST.get("key") or form_keys.issue(organization=org, case_type=case_type)
    # Bound on every POST, even one with no fields: an empty POST is a form sent empty, not
    # a GET (the checks below then refuse it, instead of failing on an unbound form).
    form = PublicForm(request.POST if posted else None, request.FILES if posted else None,
                      procedure=procedure, organization_name=organization.name,
                      initial={"key": key})
    status = 200
    if posted:
        outcome = _receive(request, organization, procedure, form)
        if outcome is not None:
            return outcome
        status = 429 if form.has_error("__all__", "rate_limited") else 400
    context = {"organization": organization, "procedure": procedure, "form": form,
               "puzzle_json": json.dumps(abuse.challenge(
                   limits.puzzle_scope(organization.slug, form["key"].value() or key))),
               "title": words.pick(procedure.title, translation.get_language()),
               "fees": selectors.fees_shown(procedure.fees),
               "fee_totals": selectors.fee_totals(procedure.fees),
               "redirects": selectors.redirects(procedure, translation.get_language())}
    response = render(request, "public/form.html", context, status=status)
    response["Cache-Control"] = "no-store"  # a cached page would give two people one key
    return response


def _keys_of(request) -> tuple[str, str]:
    """The form's key as sent and the key its content derives from it (``services.Earlier``)."""
    key = request.POST.get("key", "")
    return key, form_keys.derived(key, _content_of(request))


def _content_of(request) -> str:
    """The fingerprint of what was sent (``form_keys.fingerprint``), computed once a request."""
    if not hasattr(request, "_ombud_content"):
        request._ombud_content = form_keys.fingerprint(request.POST, request.FILES)
    return request._ombud_content


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
    client = clients.client_of(request)
    content = _content_of(request)
    earlier = services.Earlier(organization, data["key"], content)
    proof = limits.proof_of_work_done(organization=organization, key=data["key"],
                                      solution=data.get("proof", ""), earlier=earlier)
    if limits.submission_over_limit(organization=organization, key=data["key"],
                                    content=content, client=client, proof_of_work=proof,
                                    earlier=earlier):
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
        received = services.submission_receive(
            organization=organization, filing=filing, key=data["key"], content=content,
            client=client, proof_of_work=proof, procedure=procedure, earlier=earlier)
    except (case_services.Refused, case_services.Invalid) as problem:
        form.add_error(None, getattr(problem, "reason", str(problem)))
        return None
    response = redirect(reverse("public:receipt", args=[organization.slug,
                                                        procedure.case_type, received.key]),
                        permanent=False)
    if received.link_id is not None:
        _receipt_kept(request, response, received.key, received.link_id)
    return response


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
        "basis": words.without_rules(late.basis(language))}
    form.asking.add("late_confirmed")
    form.add_error("late_confirmed", _("Confirm that you want to send it after the period."))
    return False


def receipt(request, org: str, case_type: str, key: str):
    organization, procedure = _enabled_procedure(org, case_type)
    speak(request, organization.language)
    submission = get_object_or_404(Submission.objects.select_related("case"),
                                   organization=organization, key=key)
    link_id = _receipts(request).get(key)
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
    return private(render(request, "public/receipt.html", context))


def csrf_failure(request, reason: str = ""):
    """A form that came back without its security token (cookies off, or the page open for very
    long): say what to do, in the visitor's language, instead of Django's English page."""
    speak(request)
    return render(request, "public/csrf_failure.html", status=403)
