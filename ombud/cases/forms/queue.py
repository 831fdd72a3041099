"""The queue's filters, its search and its order, read from the page's address."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class QueueFilterForm(forms.Form):
    """The queue's filters, from the address: a value out of range (a handler number no
    database holds, a NUL character, a sort by a column that is not sortable) is left out, and
    the page says so."""

    type = forms.CharField(required=False, max_length=60)
    state = forms.CharField(required=False, max_length=20)
    handler = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    mine = forms.CharField(required=False, max_length=1)
    overdue = forms.CharField(required=False, max_length=1)
    week = forms.CharField(required=False, max_length=1)
    q = forms.CharField(required=False, max_length=1000)
    sort = forms.CharField(required=False, max_length=20)
    after = forms.CharField(required=False, max_length=300, strip=False)

    def clean_sort(self) -> str:
        from ombud.cases.selectors import valid_sort

        sort = self.cleaned_data["sort"]
        if sort and not valid_sort(sort):
            raise forms.ValidationError(self.problem())
        return sort

    def clean(self):
        from ombud.cases.selectors import cursor_valid, words_of

        data = super().clean()
        cursor = data.get("after")
        if cursor and "sort" not in self.errors and not cursor_valid(
                cursor, data.get("sort") or "", bool(words_of(data.get("q") or ""))):
            self.add_error("after", self.problem())
        return data

    def wanted(self):
        """(the filter of the valid values, the cursor, whether anything was left out)."""
        from ombud.cases.selectors import QueueFilter

        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items()
                if name not in self.errors}
        wanted = QueueFilter(
            procedure_id=data.get("type") or "", state=data.get("state") or "",
            handler_id=data.get("handler"), overdue=data.get("overdue") == "1",
            due_this_week=data.get("week") == "1", search=(data.get("q") or "")[:200],
            mine=data.get("mine") == "1", sort=data.get("sort") or "")
        return wanted, data.get("after") or "", bool(self.errors)

    @staticmethod
    def problem() -> str:
        return _("A filter in the address of this page was not understood and is left out.")
