from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignInConfig(AppConfig):
    """No models (never in the admin's list): an application for the sign-in pages' templates."""

    name = "ombud.signin"
    label = "signin"
    verbose_name = _("Sign in")  # the sign-in button's words, translated already
