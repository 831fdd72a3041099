from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "ombud.public"
    label = "public"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ombud.mail import outbox
        from ombud.public import services

        outbox.link_url_register(services.private_link_url)
