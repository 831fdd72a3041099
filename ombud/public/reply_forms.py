"""The complainant's answers to what the organization asked on the private page: the omission
remedied (DNV-B-10: the address, the signature) and the appointment chosen (DNV-I-06)."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ombud.public.forms import PublicPageForm


def _same_name(typed: str, name: str) -> bool:
    return " ".join(typed.lower().split()) == " ".join(name.lower().split())


class RemedyForm(PublicPageForm):
    """What the objection lacked, supplied: each missing item is asked for, and required. A
    typed signature must be the name on the case, confirmed with the box (as on the form)."""

    def __init__(self, *args, missing: tuple[str, ...], name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing, self.name = missing, name
        if "address" in missing:
            self.fields["address"] = forms.CharField(
                label=_("Postal address, postcode and town"), max_length=300,
                help_text=_("For example: Stationsweg 1, 3011 AB Rotterdam"))
        if "signature" in missing:
            self.fields["signature"] = forms.CharField(
                label=_("Signature: type your full name"), max_length=200,
                help_text=_("As on your objection: %(name)s") % {"name": name})
            self.fields["signed"] = forms.BooleanField(
                label=_("I sign this objection electronically, dated today"))
        self.fields["text"] = forms.CharField(
            label=_("Anything else you want to add (optional)"), required=False,
            max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_address(self):
        address = " ".join(self.cleaned_data["address"].split())
        if len(address) < 8 or not any(char.isdigit() for char in address):
            raise forms.ValidationError(_("Give the street and number, the postcode and the "
                                          "town."), code="address")
        return address

    def clean_signature(self):
        signature = self.cleaned_data["signature"].strip()
        if not _same_name(signature, self.name):
            raise forms.ValidationError(_("Type your name exactly as on your objection: "
                                          "%(name)s.") % {"name": self.name}, code="signature")
        return signature

    def clean(self):
        data = super().clean()
        if not self.missing and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Write what you add to your case."), code="empty")
        return data


class SlotForm(PublicPageForm):
    """One of the free appointments, in words ("dinsdag 8 december 2026 09:30")."""

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"] = forms.ChoiceField(
            label=_("Choose a time"), widget=forms.RadioSelect,
            choices=[(slot.isoformat(timespec="minutes"),
                      date_format(slot, "l j F Y, H:i")) for slot in slots])
