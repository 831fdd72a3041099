"""The report's chooser and the case list's question, checked: a bad value changes nothing and
says what was wrong, in the person's language."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ombud.reports.annual import FIRST_YEAR
from ombud.reports.selectors import FIGURES


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, required=False)
    procedure = forms.ChoiceField(label=_("Case type"), required=False)

    def __init__(self, data, *, procedures: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["procedure"].choices = [("", _("all case types")), *procedures]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("That year has not come yet."))
        return year

    def chosen(self) -> tuple[int, str, bool]:
        """(year, procedure id, whether the input was wrong)."""
        default = timezone.localdate().year
        if not self.is_bound:
            return default, "", False
        if not self.is_valid():
            return default, "", True
        return (self.cleaned_data["year"] or default, self.cleaned_data["procedure"] or "",
                False)


class CasesForm(ReportForm):
    figure = forms.ChoiceField(choices=[(figure, figure) for figure in FIGURES])
    value = forms.CharField(required=False, max_length=60)
