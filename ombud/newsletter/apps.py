from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "ombud.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The worker's start sends what waits for the processor (ombud.schedule.resume).
        from ombud import schedule

        schedule.resume_register("ombud.newsletter.tasks.sync_processor")
        # The privacy console lists, exports and erases the subscriptions with the rest.
        from ombud.newsletter import personal_data
        from ombud.privacy import hooks

        hooks.places_register(personal_data.places)
        hooks.eraser_register(personal_data.erase)
