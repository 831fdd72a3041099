"""The newsletter's public pages (NE-N-01…03): subscribe, confirm, unsubscribe and withdraw.
None of them says whether an address is on the list: the forms answer the same either way,
and the links carry signed tokens, not addresses."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from ombud.newsletter import retention, services, tokens
from ombud.newsletter.forms import AddressForm, SubscribeForm
from ombud.newsletter.models import ConsentChannel, Newsletter
from ombud.web import clients

LANGUAGES = ("nb", "nl", "en")


def _newsletter(request, org: str) -> Newsletter:
    """The organization's newsletter (else 404), its pages in the person's language: chosen
    (cookie), else the organization's."""
    newsletter = get_object_or_404(Newsletter.objects.select_related("organization"),
                                   organization__slug=org)
    chosen = request.COOKIES.get("django_language")
    translation.activate(chosen if chosen in LANGUAGES else newsletter.organization.language)
    request.LANGUAGE_CODE = translation.get_language()
    return newsletter


def _private(response: HttpResponse) -> HttpResponse:
    """A token in the URL: out of caches, referrers and search engines."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(request, newsletter, template: str, context: dict | None = None, status: int = 200):
    return render(request, f"newsletter/{template}", {
        "newsletter": newsletter, "organization": newsletter.organization, **(context or {})},
        status=status)


def subscribe(request, org: str):
    newsletter = _newsletter(request, org)
    text = newsletter.consent_text()
    if text is None:
        raise Http404
    language = translation.get_language()
    form = SubscribeForm(request.POST or None, consent_text=text.text(language),
                         initial={"version": text.version})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != text.version:
            # The words changed while the form was open: agree to the words in force.
            messages.error(request, _("The consent text has changed since the page was opened. "
                                      "Read it again and tick the box."))
            return redirect("newsletter:subscribe", org)
        services.subscription_request(
            newsletter=newsletter, email=form.cleaned_data["email"],
            name=form.cleaned_data["name"], language=language, text=text,
            client=clients.client_of(request))
        return redirect("newsletter:sent", org)
    return _page(request, newsletter, "subscribe.html",
                 {"form": form, "text": text, "kept": retention.kept_statement()},
                 status=400 if form.errors else 200)


def sent(request, org: str):
    return _page(request, _newsletter(request, org), "sent.html")


@never_cache
def confirm(request, org: str, token: str):
    """The link in the confirmation mail shows a button; only its POST confirms, so that a mail
    scanner following links cannot subscribe anyone."""
    newsletter = _newsletter(request, org)
    claim = tokens.read(tokens.CONFIRM, org, token)
    if claim is None:
        return _private(_page(request, newsletter, "link_unknown.html", status=404))
    if request.method == "POST":
        subscriber = services.subscription_confirm(newsletter=newsletter, claim=claim)
        if subscriber is None:
            return _private(_page(request, newsletter, "link_unknown.html", status=404))
        return _private(_page(request, newsletter, "confirmed.html"))
    return _private(_page(request, newsletter, "confirm.html"))


@csrf_exempt  # RFC 8058: the mail program POSTs with no cookie and no form of ours; the token
@never_cache  # in the URL, signed, is the proof.
def unsubscribe(request, org: str, token: str):
    newsletter = _newsletter(request, org)
    claim = tokens.read(tokens.UNSUBSCRIBE, org, token)
    if claim is None:
        return _private(_page(request, newsletter, "link_unknown.html", status=404))
    if request.method == "POST":
        # A mail program's one-click POST carries "List-Unsubscribe=One-Click"; our page's
        # button does not: the record says which it was.
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriber = services.subscription_withdraw(
            newsletter=newsletter, claim=claim,
            channel=ConsentChannel.ONE_CLICK if one_click else ConsentChannel.EMAIL_LINK)
        if subscriber is None:
            return _private(_page(request, newsletter, "link_unknown.html", status=404))
        return _private(_page(request, newsletter, "withdrawn.html"))
    return _private(_page(request, newsletter, "unsubscribe.html"))


def withdraw(request, org: str):
    """Withdrawing by hand: the unsubscribe link is mailed to the address given."""
    newsletter = _newsletter(request, org)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_link_request(newsletter=newsletter, email=form.cleaned_data["email"],
                                       client=clients.client_of(request))
        messages.success(request, _("If the address is on the list, a link to unsubscribe is "
                                    "on its way to it. The link takes effect at once."))
        return redirect("newsletter:withdraw", org)
    return _page(request, newsletter, "withdraw.html", {"form": form},
                 status=400 if form.errors else 200)
