"""The request to remedy an omission (Awb 6:6, fvl § 32 third paragraph, DNV-B-10): the term the
staff set, in the unit the procedure lets them set it in. The form only takes the number; the
last day is the engine's to compute (``amount_from`` on the deadline the request starts)."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.steps import StepForm
from ombud.cases.templatetags.ombud import MISSING_LABELS
from ombud.domain.procedure import DeadlineSpec, Procedure

# What a term may be: long enough for a letter to arrive, short enough to be a typing error
# beyond it (a term of 9999 days is a mistake, not a choice).
MOST = {"calendar_days": 365, "weeks": 52}
UNIT_CHOICES = [("calendar_days", _("days")), ("weeks", _("weeks"))]


def remedy_spec(procedure: Procedure) -> DeadlineSpec | None:
    """The deadline the request starts (the procedure's ``remedy``, or any other it names)."""
    return next((spec for spec in procedure.deadlines if spec.anchor == "event:incomplete"),
                None)


class RemedyRequestForm(StepForm):
    """``amount_from = "term"``: a number and its unit, days or weeks, the procedure's own unit
    first; ``"term_weeks"``: a number of weeks; without ``amount_from`` the procedure fixes the
    term and the form asks none (a number typed there would count for nothing)."""

    def add_fields(self, staff) -> None:
        spec = remedy_spec(self.procedure)
        if spec is not None and spec.amount_field:
            self.fields["term"] = forms.CharField(
                label=_("Term to remedy the omission") if spec.amount_field == "term"
                else _("Term in weeks"),
                initial=spec.amount, max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}))
        if spec is not None and spec.amount_field == "term":
            self.fields["term_unit"] = forms.ChoiceField(
                label=_("Counted in days or weeks"), choices=UNIT_CHOICES, initial=spec.unit.value)
        self.fields["text"] = forms.CharField(label=_("What is asked"), required=False,
                                              max_length=2000, initial=self._missing_text(),
                                              widget=forms.Textarea(attrs={"rows": 2}))

    def _missing_text(self) -> str:
        """What the web form recorded as missing (DNV-B-10), in the letter's language, so that
        staff need not retype it."""
        received = (self.case.events.filter(type="received").values_list("data", flat=True)
                    .first() or {}) if self.case is not None else {}
        missing = received.get("missing") or []
        if not missing:
            return ""
        with translation.override(self.case.language or self.case.organization.language):
            return gettext("What is still missing: %(items)s.") % {
                "items": ", ".join(str(MISSING_LABELS.get(item, item)) for item in missing)}

    def clean(self):
        data = super().clean()
        if "term" in data:
            unit = data.get("term_unit") or "weeks"
            data["term"] = self._term_amount(data["term"], unit)
        return data

    def _term_amount(self, typed: str, unit: str) -> int | None:
        """The term as a whole number within ``MOST``, or an error on the field in the reader's
        language that says what is accepted."""
        typed = typed.strip()
        amount = int(typed) if typed.isascii() and typed.isdigit() else None
        if amount is not None and 1 <= amount <= MOST[unit]:
            return amount
        if unit == "weeks":
            message = _("Give the term as a whole number of weeks, from 1 to %(most)s.")
        else:
            message = _("Give the term as a whole number of days, from 1 to %(most)s.")
        self.add_error("term", message % {"most": MOST[unit]})
        return None

    def event_data(self) -> dict:
        """The engine's fields: ``term_days`` or ``term_weeks`` (``TERM_FIELDS``)."""
        data = super().event_data()
        amount, unit = data.pop("term", None), data.pop("term_unit", "weeks")
        if amount:
            data["term_days" if unit == "calendar_days" else "term_weeks"] = amount
        return data
