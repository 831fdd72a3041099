from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "ombud.mail"
    label = "mail"
    verbose_name = _("Outbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The layers below write messages through ombud.orgs.outbox; the worker's start sends
        # what waits (ombud.schedule.resume).
        from ombud import schedule
        from ombud.mail import outbox
        from ombud.orgs import outbox as port

        port.enqueue_register(outbox.enqueue)
        schedule.resume_register("ombud.mail.tasks.deliver_outbox")
        # Each task's start, end or failure, in the log of whichever process runs it.
        schedule.task_log_connect()
