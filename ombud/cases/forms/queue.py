"""The queue's filters, read from the page's address."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class QueueFilterForm(forms.Form):
    """The queue's filters, from the address: a value out of range (a handler number no
    database holds, a NUL character) is left out, and the page says so."""

    type = forms.CharField(required=False, max_length=60)
    state = forms.CharField(required=False, max_length=20)
    handler = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    overdue = forms.CharField(required=False, max_length=1)
    week = forms.CharField(required=False, max_length=1)
    q = forms.CharField(required=False, max_length=1000)
    after = forms.RegexField(required=False, regex=r"^\d{4}-\d{2}-\d{2}_\d{1,18}\Z")

    def clean_after(self) -> str:
        cursor = self.cleaned_data["after"]
        if cursor:
            try:
                date.fromisoformat(cursor.partition("_")[0])
            except ValueError:
                raise forms.ValidationError(self.problem()) from None
        return cursor

    def wanted(self):
        """(the filter of the valid values, the cursor, whether anything was left out)."""
        from ombud.cases.selectors import QueueFilter

        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items()
                if name not in self.errors}
        wanted = QueueFilter(
            procedure_id=data.get("type") or "", state=data.get("state") or "",
            handler_id=data.get("handler"), overdue=data.get("overdue") == "1",
            due_this_week=data.get("week") == "1", search=(data.get("q") or "")[:200])
        return wanted, data.get("after") or "", bool(self.errors)

    @staticmethod
    def problem() -> str:
        return _("A filter in the address of this page was not understood and is left out.")
