"""The console's forms: finding a person, correcting their details, erasing them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ombud.cases.erasure import GROUNDS
from ombud.cases.forms.rendering import StaffForm


class FindForm(StaffForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    birth_on = forms.DateField(label=_("Date of birth"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("name", "email", "phone", "birth_on")):
            raise forms.ValidationError(_("Give a name, an e-mail address, a phone number or "
                                          "a date of birth."))
        return data


class RectifyForm(StaffForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class EraseForm(StaffForm):
    ground = forms.ChoiceField(label=_("Ground"), choices=list(GROUNDS.items()))
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))
