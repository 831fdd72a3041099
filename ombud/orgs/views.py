"""Sign-in with lockout, and the start page that leads a person to their organization."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ombud.demo.organizations import DEMO_PASSWORD
from ombud.orgs import services
from ombud.orgs.selectors import organizations_of
from ombud.twofactor.views import SecondFactorLoginMixin


class LockingAuthenticationForm(auth_views.AuthenticationForm):
    error_messages = {
        **auth_views.AuthenticationForm.error_messages,
        "locked": _("Too many failed sign-ins. This account is locked for %(minutes)s minutes."),
        "demo_only": _("The demo password is accepted only in demo mode."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.cleaned_data.get("password") == DEMO_PASSWORD and not settings.DEMO_MODE:
            raise forms.ValidationError(self.error_messages["demo_only"], code="demo_only")
        if username and services.login_is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                        params={"minutes": services.LOCK_MINUTES})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failure_record(username=username,
                                          address=self.request.META.get("REMOTE_ADDR"))
            raise
        services.login_failures_clear(username=username)
        return cleaned


class LoginView(SecondFactorLoginMixin, auth_views.LoginView):
    form_class = LockingAuthenticationForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    organizations = list(organizations_of(request.user))
    if len(organizations) == 1:
        return redirect(reverse("cases:queue", args=[organizations[0].slug]))
    return render(request, "orgs/home.html", {"organizations": organizations})
