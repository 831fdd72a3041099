"""What the reports count, written by the engine's evaluation of each case
(``figures.case_figures_write``, through ``cases.hooks``), in the same transaction:

- one row per case (``CaseFigures``) and per deadline (``DeadlineFigures``): the case lists
  behind a figure;
- the same counted once more into cells (``ReportCell``, ``DeadlineCell``): one row per
  combination of what the report breaks cases down by, holding how many cases have it. Each
  write moves its case from its old cell to its new one, so the annual report adds up a few
  hundred cells instead of reading a million cases (issue 12: ≤ 1 s at 1,000,000).

A case's year, month and its outcome "at year end" are those of its year of receipt, which the
annual report of that year counts it in: they never change with the day the report is made."""

from __future__ import annotations

from django.db import models

from ombud.cases.models import Case
from ombud.orgs.models import Organization

NO_HANDLER = 0  # in the cells' keys, where a NULL would not be unique
NOT_CLOSED = -1


class CaseFigures(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="figures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    procedure_id = models.CharField(max_length=60)
    received_on = models.DateField()
    channel = models.CharField(max_length=10)
    about = models.CharField(max_length=30, blank=True)
    filer = models.CharField(max_length=30, blank=True)
    handler_id = models.IntegerField(default=NO_HANDLER)
    # upheld, partly_upheld, not_upheld, declined, withdrawn, or "" while open
    outcome = models.CharField(max_length=20, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # the outcome on 31 December of the year received ("open" when not closed by then)
    at_end = models.CharField(max_length=20, default="open")
    # received to closed, in working days on the procedure's calendar (the engine's count)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    appealed_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=20, blank=True)
    # the day the first instance forwarded it to the appeal body (fvl § 33), not a party's appeal
    forwarded_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "received_on"], name="figures_year")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome or 'open'}"


class DeadlineFigures(models.Model):
    """One of the organization's deadlines of one case, as the engine settled it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_figures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    procedure_id = models.CharField(max_length=60)
    received_on = models.DateField()
    handler_id = models.IntegerField(default=NO_HANDLER)
    rule = models.CharField(max_length=20)
    key = models.CharField(max_length=30)
    due = models.DateField()
    status = models.CharField(max_length=10)  # met, missed, open
    # the day it was met, as the engine read it (``Deadline.met_on``); none while unmet
    met_on = models.DateField(null=True, blank=True)
    days_late = models.PositiveIntegerField(default=0)
    late_unit = models.CharField(max_length=15, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "received_on"],
                                name="deadline_figures_year")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule} {self.status}"


CELL_KEY = ("organization_id", "year", "procedure_id", "handler_id", "month", "about",
            "channel", "filer", "at_end", "appealed", "appeal_outcome", "forwarded",
            "working_days")
DEADLINE_CELL_KEY = ("organization_id", "year", "procedure_id", "handler_id", "rule", "key",
                     "late_unit", "status")


class ReportCell(models.Model):
    """How many cases of one organization, year and procedure share all of ``CELL_KEY``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    procedure_id = models.CharField(max_length=60)
    handler_id = models.IntegerField(default=NO_HANDLER)
    month = models.PositiveSmallIntegerField()
    about = models.CharField(max_length=30, blank=True)
    channel = models.CharField(max_length=10)
    filer = models.CharField(max_length=30, blank=True)
    at_end = models.CharField(max_length=20)
    appealed = models.BooleanField(default=False)  # by 31 December
    appeal_outcome = models.CharField(max_length=20, blank=True)
    forwarded = models.BooleanField(default=False)  # to the appeal body by 31 December
    working_days = models.IntegerField(default=NOT_CLOSED)  # when closed by 31 December
    cases = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=list(CELL_KEY), name="unique_report_cell")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.procedure_id}: {self.cases}"


class DeadlineCell(models.Model):
    """How many deadlines of one rule and status, and how many days late they were in all."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    procedure_id = models.CharField(max_length=60)
    handler_id = models.IntegerField(default=NO_HANDLER)
    rule = models.CharField(max_length=20)
    key = models.CharField(max_length=30)
    late_unit = models.CharField(max_length=15, blank=True)
    status = models.CharField(max_length=10)
    deadlines = models.IntegerField(default=0)
    days_late = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=list(DEADLINE_CELL_KEY),
                                               name="unique_deadline_cell")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.rule} {self.status}: {self.deadlines}"
