"""The complainant's forms on the private page: a document added, the answers to what the
organization asked (the omission remedied, DNV-B-10: the address, the signature; the
appointment chosen, DNV-I-06; a hearing wanted; consent to an extension), the case withdrawn or
appealed, and the receipt mail sent again."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ombud.domain.texts import word
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


class TrackingUploadForm(PublicPageForm):
    document = forms.FileField(label=_("Document"))
    title = forms.CharField(label=_("What is it?"), max_length=200)


class HearingAnswerForm(PublicPageForm):
    wants_hearing = forms.TypedChoiceField(
        label=_("Do you want to be heard?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, I want to be heard")), ("no", _("No, I do not want to be heard"))])


class ConsentForm(PublicPageForm):
    given = forms.TypedChoiceField(
        label=_("Do you consent to a further extension?"), widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, I consent")), ("no", _("No, I do not consent"))])
    text = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(PublicPageForm):
    confirm = forms.BooleanField(label=_("Yes, I withdraw my case"))
    reason = forms.CharField(label=_("Why (optional)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(PublicPageForm):
    """The complainant's appeal against the answer, with her grounds (PP-17), or against a
    dismissal, which is no answer (FVL-2-3: an avvisning is itself a decision)."""

    grounds = forms.CharField(
        label=_("Why you disagree with the answer"), max_length=10000,
        help_text=_("Say what you disagree with and why. Once you have sent it, you can add "
                    "documents on this page."),
        widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, procedure_id: str = "", dismissal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if dismissal:  # the bundle's label (texts [form] dismissal_grounds), else Ombud's
            self.fields["grounds"].label = word(
                procedure_id, (translation.get_language() or "en")[:2], "form",
                "dismissal_grounds") or _(
                "Why you disagree with the dismissal")

    def clean_grounds(self):
        grounds = self.cleaned_data["grounds"].strip()
        if not grounds:
            raise forms.ValidationError(_("Write why you disagree."), code="required")
        return grounds


class ResendForm(PublicPageForm):
    reference = forms.CharField(label=_("Case reference"), max_length=30,
                                help_text=_("As on your receipt, for example DNV-2026-0042."))
    email = forms.EmailField(label=_("The e-mail address you gave"), max_length=254)
