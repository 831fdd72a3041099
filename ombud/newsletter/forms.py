from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ombud.newsletter.models import ConsentChannel


class SubscribeForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(label=_("I agree"), required=True, error_messages={
        "required": _("Tick the box to agree, or you cannot subscribe.")})
    version = forms.CharField(widget=forms.HiddenInput)  # the consent text as it was shown

    def __init__(self, *args, consent_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = consent_text


class AddressForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class WrittenWithdrawalForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the subscriber"), max_length=254)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(
        attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Received as"), widget=forms.RadioSelect, choices=[
        (ConsentChannel.LETTER, ConsentChannel.LETTER.label),
        (ConsentChannel.EMAIL, ConsentChannel.EMAIL.label)])

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The day received cannot be in the future."))
        return received_on
