from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "ombud.orgs"
    label = "orgs"
    verbose_name = "Organizations and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ombud.orgs.middleware import activity_starts_at_sign_in

        user_logged_in.connect(activity_starts_at_sign_in, dispatch_uid="ombud_activity_at_sign_in")
