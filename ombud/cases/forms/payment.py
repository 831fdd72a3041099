"""The fee received (DNV-I-07): the amount and the reference as the bank statement shows them.
The form says what is due and under which reference, as the candidate's receipt said it, so
that the handler compares rather than looks it up."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ombud.cases.forms.steps import StepForm
from ombud.cases.services import engine_events, procedure_of
from ombud.domain import engine, fees
from ombud.domain import messages as words


class PaymentForm(StepForm):
    def add_fields(self, staff) -> None:
        self.fields["amount"] = forms.DecimalField(label=_("Amount received (€)"),
                                                   min_value=0, max_digits=8, decimal_places=2)
        self.fields["payment_reference"] = forms.CharField(
            label=_("Payment reference as received"), required=False, max_length=200)
        due = self._due()
        if due is not None:
            total, reference = due
            self.fields["amount"].help_text = _("Due: €%(total)s.") % {"total": total}
            self.fields["payment_reference"].help_text = _("Asked for: %(reference)s") % {
                "reference": reference}

    def _due(self) -> tuple[str, str] | None:
        if self.case is None:
            return None
        state = engine.evaluate(procedure_of(self.case), engine_events(self.case),
                                timezone.localdate())
        if not state.fees:
            return None
        language = translation.get_language() or "en"
        received = (self.case.events.filter(type="received")
                    .values_list("data", flat=True).first() or {})
        born = received.get("birth_on")
        # The reference in the case's language: the words the candidate was asked to use.
        reference = fees.payment_reference(
            state.fees, name=self.case.complainant_name,
            born=date.fromisoformat(born) if born else None,
            language=self.case.language or self.case.organization.language)
        return words.format_money(fees.total(state.fees), language[:2]), reference

    def event_data(self) -> dict:
        data = super().event_data()
        return {**data, "amount": f"{data['amount']:.2f}"}
