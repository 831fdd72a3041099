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
        # Its rows in the console and the access export (with how long they are kept), their
        # retention in the nightly job (ombud.newsletter.retention) and their erasure with the
        # rest of the person's data (ombud.newsletter.personal_data).
        from ombud.newsletter import personal_data, retention
        from ombud.privacy import hooks

        hooks.places_register(retention.places)
        hooks.aged_register(retention.aged_subscribers)
        hooks.eraser_register(personal_data.erase)
        # A subscriber who never complained is found by the console's search too.
        hooks.people_register(personal_data.people, personal_data.address)
