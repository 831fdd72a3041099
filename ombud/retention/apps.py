from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "ombud.retention"
    label = "retention"
    verbose_name = _("Retention")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The nightly job: a missed night is made up at the worker's start (ombud.schedule).
        from ombud import schedule

        schedule.resume_register("ombud.retention.tasks.apply_retention")
        # "erase" removes the content of the earlier history entries too, through the privacy
        # console's per-event digests: the chain and the seals stay valid.
        from ombud.privacy.services import history_erase
        from ombud.retention.anonymize import erase_history_register

        erase_history_register(history_erase)
