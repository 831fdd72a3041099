"""Sign-in with lockout, choosing a new password by mail, and the start page that leads a person
to their organization."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from ombud.config.published import DEMO_PASSWORD
from ombud.orgs import known_browsers, passwords, services
from ombud.orgs.selectors import organizations_of
from ombud.twofactor.views import SecondFactorLoginMixin
from ombud.web.clients import client_of


class LockingAuthenticationForm(auth_views.AuthenticationForm):
    """The password check, taken from a small allowance per user name and address (finding 6):
    refused before any hashing once the allowance is spent. A second factor, where one is asked
    for, comes after this form has accepted the password."""

    error_messages = {
        **auth_views.AuthenticationForm.error_messages,
        "locked": _("Too many failed sign-ins from this address. Try again in %(minutes)s "
                    "minutes."),
        "demo_only": _("The demo password is accepted only in demo mode."),
        "account_locked": _("Too many failed sign-ins to this account from browsers it has not "
                            "used before. Sign in from a browser you have used before, or try "
                            "again in an hour."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.cleaned_data.get("password") == DEMO_PASSWORD and not settings.DEMO_MODE:
            raise forms.ValidationError(self.error_messages["demo_only"], code="demo_only")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # a field is missing: no password is checked
        client = client_of(self.request)
        known = known_browsers.knows(self.request, username)
        spent = services.sign_in_attempt_reserve(username=username, client=client,
                                                 known_browser=known)
        if spent == "address":
            raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                        params={"minutes": services.LOCK_MINUTES})
        if spent == "account":
            raise forms.ValidationError(self.error_messages["account_locked"],
                                        code="account_locked")
        cleaned = super().clean()
        services.sign_in_succeeded(username=username, client=client,
                                   account_attempt_taken=not known)
        return cleaned


class LoginView(SecondFactorLoginMixin, auth_views.LoginView):
    form_class = LockingAuthenticationForm
    template_name = "signin/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        known_browsers.remember(self.request, response, form.get_user().get_username())
        return response


def admin_login(request):
    """The admin's own sign-in form would check passwords outside the lockout: every sign-in
    goes through the one form above, and comes back to the admin page it was asked for."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


def password_reset(request):
    """Ask for a link to choose a new password. The answer is the same whether an account has
    the address or not."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passwords.password_reset_request(email=form.cleaned_data["email"],
                                         client=client_of(request))
        return redirect("password_reset_sent")
    return render(request, "signin/password_reset.html", {"form": form})


def password_reset_sent(request):
    return render(request, "signin/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's: checks the token, then asks for the new password twice (SetPasswordForm runs
    AUTH_PASSWORD_VALIDATORS). A used or expired link shows why it no longer works."""

    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # Whoever chose the password through the mailed link holds the mailbox: a lock on the
        # user name from this address (their own mistyping) ends; locks elsewhere stay.
        services.sign_in_succeeded(username=form.user.get_username(),
                                   client=client_of(self.request))
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "signin/password_reset_complete.html"


@login_required
def home(request):
    organizations = list(organizations_of(request.user))
    if len(organizations) == 1:
        return redirect(reverse("cases:queue", args=[organizations[0].slug]))
    return render(request, "signin/home.html", {"organizations": organizations})
