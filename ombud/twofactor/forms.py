from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=64, strip=True)


class SecurityKeyForm(forms.Form):
    """The browser's answer (JSON made by the page's script) and, on registration, a name."""

    credential = forms.CharField(max_length=16_000)
    name = forms.CharField(max_length=64, required=False, strip=True)
