from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "ombud.orgs"
    label = "orgs"
    verbose_name = _("Organizations and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ombud.orgs.middleware import activity_starts_at_sign_in

        user_logged_in.connect(activity_starts_at_sign_in, dispatch_uid="ombud_activity_at_sign_in")
