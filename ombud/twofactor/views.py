"""The second step of signing in: give a code or touch a key; or set one up first."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ombud.twofactor import selectors, services, webauthn
from ombud.twofactor.forms import CodeForm, SecurityKeyForm


class SecondFactorLoginMixin:
    """For the login view: a right password leads to the second step instead of signing in,
    when the person needs one. The password check itself (and its lockout) stays the form's."""

    def form_valid(self, form):
        user = form.get_user()
        if not selectors.second_factor_needed(user):
            return super().form_valid(form)
        services.pending_start(self.request, user=user, next_url=self.get_success_url())
        return redirect("twofactor:verify")


def _signed_in(request, device):
    next_url = services.pending_finish(request, device=device)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = settings.LOGIN_REDIRECT_URL
    return next_url


def _wrong(request, wait_seconds: int = 0):
    """The message for a refused code or key; None after the last try (the caller then goes
    back to the password)."""
    if wait_seconds:
        return ngettext("Too many wrong codes. Try again in %(seconds)d second.",
                        "Too many wrong codes. Try again in %(seconds)d seconds.",
                        wait_seconds) % {"seconds": wait_seconds}
    if services.pending_failure(request):
        messages.error(request, _("Too many wrong codes. Sign in again with your password."))
        return None
    return _("That was not right. Try again.")


def _attempt(request, pending):
    """(device, error) for the posted code or key answer."""
    if request.POST.get("credential"):
        form = SecurityKeyForm(request.POST)
        key = form.is_valid() and webauthn.authentication_complete(
            request, user=pending.user, response=form.cleaned_data["credential"])
        return (key, None) if key else (None, _wrong(request))
    form = CodeForm(request.POST)
    if not form.is_valid():
        return None, _("Enter the code.")
    check = services.code_verify(user=pending.user, code=form.cleaned_data["code"])
    if check.device is not None:
        return check.device, None
    return None, _wrong(request, check.wait_seconds)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    pending = services.pending_of(request)
    if pending is None:
        return redirect("login")
    if not selectors.has_second_factor(pending.user):
        return redirect("twofactor:setup")
    error = None
    if request.method == "POST":
        device, error = _attempt(request, pending)
        if device:
            return redirect(_signed_in(request, device))
        if error is None:
            return redirect("login")
    return render(request, "twofactor/verify.html", {
        "person": pending.user, "error": error,
        "has_app": selectors.authenticator_app_of(pending.user) is not None,
        "key_options": webauthn.authentication_options(request, user=pending.user),
        "demo_code": _demo_code(pending.user)})


def _demo_code(user) -> str | None:
    """In demo mode only: today's code of a demo account's seeded app, so that the demo needs
    no phone (README, "Two-factor sign-in")."""
    if not settings.DEMO_MODE:
        return None
    device = selectors.authenticator_app_of(user)
    return selectors.published_app_code(device) if device is not None else None


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    pending = services.pending_of(request)
    if pending is None:
        return redirect("login")
    user = pending.user
    if selectors.has_second_factor(user):  # never a way around the factor one already has
        return redirect("twofactor:verify")
    app = services.authenticator_app_start(user=user)
    error = None
    if request.method == "POST":
        device, error = _setup_attempt(request, user)
        if device:
            return _setup_done(request, device)
        if error is None:
            return redirect("login")
    return render(request, "twofactor/setup.html", {
        "person": user, "error": error, "qr_svg": services.qr_code_svg(app),
        "secret": services.secret_for_typing(app),
        "key_options": webauthn.registration_options(request, user=user)})


def _setup_attempt(request, user):
    if request.POST.get("credential"):
        form = SecurityKeyForm(request.POST)
        key = form.is_valid() and webauthn.registration_complete(
            request, user=user, response=form.cleaned_data["credential"],
            name=form.cleaned_data["name"])
        return (key, None) if key else (None, _("The security key was not registered. "
                                                "Try again, or use an authenticator app."))
    form = CodeForm(request.POST)
    if not form.is_valid():
        return None, _("Enter the code.")
    device = services.authenticator_app_confirm(user=user, code=form.cleaned_data["code"])
    return (device, None) if device else (None, _wrong(request))


def _setup_done(request, device):
    codes = services.recovery_codes_issue(user=device.user)
    next_url = _signed_in(request, device)
    request.session[services.FRESH_CODES] = {"codes": codes, "next": next_url}
    return redirect("twofactor:recovery_codes")


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, shown once: leaving the page forgets them."""
    fresh = request.session.pop(services.FRESH_CODES, None)
    if not fresh:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "twofactor/recovery_codes.html",
                  {"codes": fresh["codes"], "next_url": fresh["next"]})
