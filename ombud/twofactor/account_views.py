"""A signed-in person's own second factors: add a security key, make new recovery codes,
remove a key. Reached only with the second factor passed when one is needed (the middleware)."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ombud.twofactor import selectors, services, webauthn
from ombud.twofactor.forms import SecurityKeyForm
from ombud.twofactor.models import SecurityKey


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    error = None
    if request.method == "POST":
        form = SecurityKeyForm(request.POST)
        key = form.is_valid() and webauthn.registration_complete(
            request, user=user, response=form.cleaned_data["credential"],
            name=form.cleaned_data["name"])
        if key:
            if not user.is_verified():  # a first factor, added of one's own accord
                django_otp.login(request, key)
            messages.success(request, _("The security key was registered."))
            return redirect("twofactor:account")
        error = _("The security key was not registered. Try again, or use an authenticator app.")
    codes = selectors.recovery_codes_of(user)
    return render(request, "twofactor/account.html", {
        "error": error, "app": selectors.authenticator_app_of(user),
        "keys": selectors.security_keys_of(user),
        "codes_left": len(codes.digests) if codes else 0,
        "required": selectors.second_factor_required(user),
        "key_options": webauthn.registration_options(request, user=user)})


@login_required
@require_POST
def recovery_codes_renew(request):
    if not selectors.has_second_factor(request.user):
        return redirect("twofactor:account")
    codes = services.recovery_codes_issue(user=request.user)
    request.session[services.FRESH_CODES] = {"codes": codes, "next": reverse("twofactor:account")}
    return redirect("twofactor:recovery_codes")


@login_required
@require_POST
def security_key_remove(request, pk: int):
    key = get_object_or_404(SecurityKey, pk=pk, user=request.user)
    others = (selectors.authenticator_app_of(request.user) is not None
              or len(selectors.security_keys_of(request.user)) > 1)
    if selectors.second_factor_required(request.user) and not others:
        messages.error(request, _("Your role needs a second factor: add another one before you "
                                  "remove this key."))
        return redirect("twofactor:account")
    key.delete()
    messages.success(request, _("The security key was removed."))
    return redirect("twofactor:account")
