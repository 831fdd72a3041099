"""The request to remedy an omission (DNV-B-10): it names what the web form already recorded as
missing, in the language the letter goes out in, so that staff need not retype it."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ombud.cases.forms.steps import TermForm
from ombud.cases.templatetags.ombud import MISSING_LABELS


class RemedyForm(TermForm):
    def add_fields(self, staff) -> None:
        super().add_fields(staff)
        missing = self._missing()
        if missing:
            with translation.override(self.case.language or self.case.organization.language):
                self.fields["text"].initial = _("What is still missing: %(items)s.") % {
                    "items": ", ".join(str(MISSING_LABELS.get(item, item)) for item in missing)}

    def _missing(self) -> list[str]:
        if self.case is None:
            return []
        received = (self.case.events.filter(type="received")
                    .values_list("data", flat=True).first() or {})
        return list(received.get("missing") or [])
