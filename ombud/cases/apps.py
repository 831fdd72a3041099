from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ombud.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from ombud import schedule

        schedule.resume_register("ombud.cases.tasks.sweep_deadlines")  # a missed night at once
        schedule.resume_register("ombud.cases.tasks.send_digests")  # once a day, whatever runs
