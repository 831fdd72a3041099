"""The forms of the steps that take a case to the appeal body: the party's appeal (PP-17), and
the first instance forwarding a case it does not grant (fvl § 33)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.posting import posted_on_error, posted_on_field, posting_counts
from ombud.cases.forms.steps import StepForm


class PostedStepForm(StepForm):
    """A step a party takes by letter, whose posting date may count for its period (fvl § 30:
    a klage on a dismissal; Awb 6:9: a court appeal): the form asks the postmark where the
    procedure counts it, and refuses one in the future or after the step's date."""

    step = ""

    def add_fields(self, staff) -> None:
        if posting_counts(self.procedure, self.step):
            self.fields["posted_on"] = posted_on_field()

    def clean(self):
        data = super().clean()
        if error := posted_on_error(data.get("posted_on"), data.get("on")):
            self.add_error("posted_on", error)
        return data


class AppealForm(PostedStepForm):
    """An appeal received by letter, e-mail or at the desk: its day and the appellant's
    grounds, kept as the step's text in the file (PP-17)."""

    step = "appealed"

    def add_fields(self, staff) -> None:
        self.fields["grounds"] = forms.CharField(
            label=_("The appellant's grounds"), max_length=10000,
            widget=forms.Textarea(attrs={"rows": 4}))
        super().add_fields(staff)


class CourtAppealForm(PostedStepForm):
    step = "court_appealed"

    def add_fields(self, staff) -> None:
        self.fields["court"] = forms.CharField(label=_("Court"), max_length=200)
        self.fields["provisional_measure"] = forms.BooleanField(
            label=_("A provisional measure was asked of the preliminary relief judge"),
            required=False)
        super().add_fields(staff)


class ForwardForm(StepForm):
    """The first instance keeps its decision and sends the case to the appeal body (fvl § 33):
    its remarks go to the appeal body and, in the letter, to the party."""

    def add_fields(self, staff) -> None:
        self.fields["reasons"] = forms.CharField(
            label=_("Why the decision is kept (sent with the case, and to the party)"),
            max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
