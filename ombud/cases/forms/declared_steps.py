"""The form of a step a bundle declares (issue 13: ``[[event]]``, such as the advice of
Waterdal's adviescommissie): the day it happened, where the bundle asks for it, and its text,
required or optional as declared. It sends no letter; what it starts and meets is the engine's."""

from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.cases.forms import steps
from ombud.cases.forms.steps import STEP_LABELS, StepForm
from ombud.domain.procedure import Procedure
from ombud.domain.texts import event_name


class DeclaredStepForm(StepForm):
    def __init__(self, *args, event_type: str, procedure: Procedure, **kwargs):
        self.declared = procedure.declared(event_type)
        super().__init__(*args, procedure=procedure, **kwargs)
        if not self.declared.date:  # recorded on the day it is entered: nothing to date back
            del self.fields["on"], self.fields["backdate_reason"]

    def add_fields(self, staff) -> None:
        if self.declared.text != "none":
            self.fields["text"] = forms.CharField(
                label=gettext_lazy("Text"), required=self.declared.text == "required",
                max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if not self.declared.date:
            data["on"] = timezone.localdate()
        return data


def step_form(event_type: str, *args, **kwargs) -> StepForm:
    """The step's form: a declared step's, else Ombud's (``steps.step_form``)."""
    if kwargs["procedure"].declared(event_type):
        return DeclaredStepForm(*args, event_type=event_type, **kwargs)
    return steps.step_form(event_type, *args, **kwargs)


def step_label(procedure: Procedure, event_type: str) -> str:
    """The step's button: Ombud's words for its own, "Record: <the bundle's name>" for one the
    bundle declares."""
    if event_type in STEP_LABELS:
        return str(STEP_LABELS[event_type])
    name = event_name(procedure.id, event_type, (translation.get_language() or "en")[:2])
    return _("Record: %(step)s") % {"step": name}
