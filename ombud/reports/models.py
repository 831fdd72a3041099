"""What the reports count, one row per case and one per deadline, written by the engine's
evaluation of the case (``figures.case_figures_write``, through ``cases.hooks``): every figure
of the annual report is then one GROUP BY over indexed columns, never a loop over cases."""

from __future__ import annotations

from django.db import models

from ombud.cases.models import Case
from ombud.orgs.models import Organization


class CaseFigures(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="figures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    procedure_id = models.CharField(max_length=60)
    received_on = models.DateField()
    channel = models.CharField(max_length=10)
    about = models.CharField(max_length=30, blank=True)
    filer = models.CharField(max_length=30, blank=True)
    # upheld, partly_upheld, not_upheld, declined, withdrawn, or "" while open
    outcome = models.CharField(max_length=20, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # received to closed, in working days on the procedure's calendar (the engine's count)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    appealed_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "received_on"], name="figures_year"),
                   models.Index(fields=["organization", "procedure_id", "received_on"],
                                name="figures_procedure_year")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome or 'open'}"


class DeadlineFigures(models.Model):
    """One of the organization's deadlines of one case, as the engine settled it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_figures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    procedure_id = models.CharField(max_length=60)
    received_on = models.DateField()
    rule = models.CharField(max_length=20)
    key = models.CharField(max_length=30)
    due = models.DateField()
    status = models.CharField(max_length=10)  # met, missed, open
    days_late = models.PositiveIntegerField(default=0)
    late_unit = models.CharField(max_length=15, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "received_on"],
                                name="deadline_figures_year")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule} {self.status}"
