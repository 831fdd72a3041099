from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "ombud.mail"
    label = "mail"
    verbose_name = _("Outbox")
    default_auto_field = "django.db.models.BigAutoField"
