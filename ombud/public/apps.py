from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "ombud.public"
    label = "public"
    verbose_name = _("Public side")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ombud.mail import outbox
        from ombud.public import services

        outbox.link_url_register(services.private_link_url)
