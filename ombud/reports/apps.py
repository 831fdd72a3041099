from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ombud.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The reports sit above the cases: each evaluation of a case by the engine writes its
        # figures through the cases' hook (no import goes upward).
        from ombud import schedule
        from ombud.cases import hooks
        from ombud.reports.figures import case_figures_write
        from ombud.reports.overview import overview_context

        hooks.case_evaluated_register(case_figures_write)
        hooks.queue_part_register(hooks.CasePagePart("reports/_overview.html",
                                                     overview_context))
        schedule.resume_register("ombud.reports.tasks.annual_reports")
