"""The forms that add to a case's file besides its steps: a party, a note, a corrective
action (and its completion), a document."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ombud.cases import wording
from ombud.cases.forms.days import DayField, DayInput, PlannedDayField
from ombud.cases.forms.rendering import StaffForm
from ombud.cases.forms.sensitive import SensitiveTextCheck


class PartyForm(StaffForm):
    role = forms.ChoiceField(label=_("Role"), choices=[
        ("subject", _("person complained about")), ("interested", _("other interested party"))])
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    # The letters to the person complained about are addressed with it (DNV-K-13).
    address = forms.CharField(label=_("Postal address (optional)"), max_length=300,
                              required=False)

    def __init__(self, *args, procedure_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if procedure_id:  # the roles as the case type's bundle calls them (texts [parties])
            self.fields["role"].choices = [
                (role, wording.own_party_word(procedure_id, role) or label)
                for role, label in self.fields["role"].choices]


class NoteForm(SensitiveTextCheck, StaffForm):
    """An internal note; read for likely special-category data before saving (PP-05)."""

    text = forms.CharField(label=_("Internal note"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_sensitive_fields()

    def clean(self):
        data = super().clean()
        self.check_sensitive()
        return data


class CorrectiveActionForm(StaffForm):
    description = forms.CharField(label=_("Corrective action"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = PlannedDayField(label=_("Due"), widget=DayInput())

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda p: p.get_full_name() or p.username

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return day


class ActionDoneForm(StaffForm):
    done_on = DayField(label=_("Done on"), widget=DayInput())
    follow_up = forms.CharField(label=_("Follow-up"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class DocumentForm(StaffForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
