from django.apps import AppConfig


class SignInConfig(AppConfig):
    """No models (never in the admin): an application for the sign-in pages' templates."""

    name = "ombud.signin"
    label = "signin"
