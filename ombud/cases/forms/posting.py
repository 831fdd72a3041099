"""The posting date of a letter (fvl § 30, Awb 6:9): where a procedure counts it for a period a
step meets, the staff who record that step by letter enter its postmark. Only a letter has one:
a web filing or an e-mail is received when it arrives, and its forms do not ask."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.days import DayField, DayInput
from ombud.domain.procedure import Procedure


def posting_counts(procedure: Procedure, step: str) -> bool:
    """Whether a deadline this step meets counts its posting date (``posting`` on the
    deadline: Fjellby's klage and its klage on a dismissal, Waterdal's bezwaar and court
    appeal)."""
    return any(spec.posting and step in spec.met_by for spec in procedure.deadlines)


def posted_on_field() -> DayField:
    return DayField(label=_("Postmark date, for a letter (it counts for the period)"),
                    required=False, widget=DayInput())


def posted_on_error(posted: date | None, received: date | None):
    """Why a posting date cannot be right, or None: a letter is not posted in the future, nor
    after the day it was received."""
    if posted is None:
        return None
    if posted > timezone.localdate():
        return _("The date cannot be in the future.")
    if received is not None and posted > received:
        return _("A letter is posted before it is received.")
    return None
