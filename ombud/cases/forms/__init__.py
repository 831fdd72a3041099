"""The staff pages' forms, by concern: ``steps`` (one form per step of the procedure),
``register`` (a complaint received by phone, at the desk or on paper), ``case_file`` (a party,
a note, a corrective action, a document), ``queue`` (the queue's filters), ``days`` (the
date fields they share) and ``rendering`` (how they are drawn)."""

from ombud.cases.forms.case_file import (
    ActionDoneForm,
    CorrectiveActionForm,
    DocumentForm,
    NoteForm,
    PartyForm,
)
from ombud.cases.forms.days import DayField, DayInput, PlannedDayField
from ombud.cases.forms.declared_steps import step_form  # Ombud's steps and declared ones
from ombud.cases.forms.queue import QueueFilterForm
from ombud.cases.forms.register import RegisterForm
from ombud.cases.forms.rendering import StaffForm
from ombud.cases.forms.steps import FORMS, STEP_LABELS, StepForm

__all__ = [
    "FORMS", "STEP_LABELS", "ActionDoneForm", "CorrectiveActionForm", "DayField", "DayInput",
    "DocumentForm", "NoteForm", "PartyForm", "PlannedDayField", "QueueFilterForm",
    "RegisterForm", "StaffForm", "StepForm", "step_form",
]
