from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "ombud.twofactor"
    label = "twofactor"
    verbose_name = _("two-factor sign-in")
