"""The complainant's own page behind the private link, and the form that mails a new link.
No account: the link is the key."""

from __future__ import annotations

from datetime import datetime
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ombud.cases import files, procedure_parts
from ombud.cases import services as case_services
from ombud.cases.wording import your_case
from ombud.domain import messages as words
from ombud.domain.texts import word
from ombud.public import intake, limits, replies, selectors, services, uploads
from ombud.public.pages import LANGUAGES, private, speak
from ombud.public.reply_forms import (
    AppealForm,
    ConsentForm,
    HearingAnswerForm,
    RemedyForm,
    ResendForm,
    SlotForm,
    TrackingUploadForm,
    WithdrawForm,
)
from ombud.web import clients


def tracked(view):
    """Resolve the private link (404 for an unknown or revoked one) and speak the case's
    language unless the person chose another."""

    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        link = services.tracking_link_find(token)
        if link is None:
            speak(request)
            return private(render(request, "public/track_unknown.html", {"form": ResendForm()},
                                  status=404))
        speak(request, link.case.language or link.case.organization.language)
        return private(view(request, link, token, *args, **kwargs))

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
             "withdraw": WithdrawForm, "appeal": lambda: _appeal_form(case),
             "remedy": lambda: _remedy_form(case), "booking": lambda: _slot_form(case)}
    context = {
        "case": case, "organization": case.organization, "token": token,
        "procedure_title": words.pick(state.procedure.title, language),
        "state_words": selectors.state_words(case, state),
        "deadlines": selectors.dates_for_complainant(case, state, language),
        "payment": selectors.payment_due(case, state, language),
        "appeal": selectors.appeal_offer(case, state, language),
        "letters": selectors.complainant_letters(case),
        "missing": replies.missing_items(case) if offered["remedy"] else (),
        "remedy_term": selectors.remedy_term(state, language) if offered["remedy"] else None,
        "your_case": your_case(case.procedure_id, case.case_type),
        # the bundle names its case (a klage, a bezwaar): no sentence says "your complaint"
        "own_noun": bool(word(case.procedure_id, language, "case_types", "noun")),
        "booked": procedure_parts.booked_slot(case),
        "booking_place": words.pick(state.procedure.booking.place, language)
        if state.procedure.booking else "",
        "booking_minutes": state.procedure.booking.minutes if state.procedure.booking else 0,
        "uploads": selectors.complainant_uploads(case),
        "is_open": offered["upload"], "consent_for": consent_for,
        "stored_with_consent": offered["withdraw"] and services.stored_with_consent(case),
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
            "It came later than ten days before the hearing: it may be left out of "
            "consideration."))
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
def track_appeal(request, link, token: str):
    own = word(link.case.procedure_id, translation.get_language(), "case_types", "appeal")
    return _act(request, link, token, "appeal", _appeal_form(link.case, request.POST),
                lambda case, data: services.complainant_appeal(case=case,
                                                               grounds=data["grounds"]),
                # the bundle's word for the remedy, where it gives one (a klage is no anke)
                _("Thank you: %(appeal)s received. You will get the answer in writing.")
                % {"appeal": own} if own else
                _("Thank you: your appeal was received. You will get the answer in writing."))


def _appeal_form(case, data=None) -> AppealForm:
    """Its label fits what is appealed against: the answer, or a dismissal (FVL-2-3)."""
    return AppealForm(data, procedure_id=case.procedure_id, dismissal=case.state == "declined")


def _remedy_form(case, data=None) -> RemedyForm:
    return RemedyForm(data, missing=replies.missing_items(case), name=case.complainant_name)


def _slot_form(case, data=None) -> SlotForm:
    return SlotForm(data, slots=replies.slots_free(case))


@require_POST
@tracked
def track_remedy(request, link, token: str):
    """DNV-B-10: what the objection lacked, supplied on the private page."""
    return _act(request, link, token, "remedy", _remedy_form(link.case, request.POST),
                lambda case, data: replies.complainant_remedy(
                    case=case, address=data.get("address", ""),
                    signature=data.get("signature", ""), text=data.get("text", "")),
                _("Thank you: your objection is complete. The handling period runs again."))


@require_POST
@tracked
def track_book(request, link, token: str):
    """DNV-I-06: the candidate picks a free appointment; both sides get the confirmation."""
    return _act(request, link, token, "booking", _slot_form(link.case, request.POST),
                lambda case, data: replies.complainant_book(
                    case=case, at=datetime.fromisoformat(data["at"])),
                _("Your appointment is booked: the confirmation is among your letters."))


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
    if not document.file:  # removed by retention or erasure: gone, said so (not a 500)
        return files.removed_response(request, document, base="public/base.html")
    return files.download(document, f"{link.case.reference}-{document.pk}")


def resend(request):
    """A new private link to the address on file. The answer is the same whether or not the
    reference and address matched, so the form tells nobody who complained."""
    language = request.GET.get("lang")
    speak(request, language if language in LANGUAGES else None)
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
