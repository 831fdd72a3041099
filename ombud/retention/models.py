"""What retention did: one row per case its procedure's ``[retention]`` was carried out on. The
row makes the nightly job idempotent (a case done is never done again, whichever worker runs)
and tells the privacy officer what happened when."""

from __future__ import annotations

from django.db import models

from ombud.cases.models import Case


class RetentionDone(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="retention_done")
    action = models.CharField(max_length=12)  # erase | anonymize | counts_only
    kept_until = models.DateField()  # the last day the case was kept as it was
    done_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.done_at:%Y-%m-%d}"
