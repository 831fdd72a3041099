"""The forms of the steps that take a case to the appeal body: the party's appeal (PP-17), and
the first instance forwarding a case it does not grant (fvl § 33)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.steps import StepForm


class AppealForm(StepForm):
    """An appeal received by letter, e-mail or at the desk: its day and the appellant's
    grounds, kept as the step's text in the file (PP-17)."""

    def add_fields(self, staff) -> None:
        self.fields["grounds"] = forms.CharField(
            label=_("The appellant's grounds"), max_length=10000,
            widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(StepForm):
    """The first instance keeps its decision and sends the case to the appeal body (fvl § 33):
    its remarks go to the appeal body and, in the letter, to the party."""

    def add_fields(self, staff) -> None:
        self.fields["reasons"] = forms.CharField(
            label=_("Why the decision is kept (sent with the case, and to the party)"),
            max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
