from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "ombud.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # The audit sits above the cases: it shows its seal on their case page, and the worker's
        # start seals what waits, through their registrations (no import goes upward).
        from ombud import schedule
        from ombud.audit.selectors import seal_context
        from ombud.cases import hooks

        hooks.case_page_part_register(hooks.CasePagePart("audit/_seal.html", seal_context))
        schedule.resume_register("ombud.audit.tasks.seal_histories")
