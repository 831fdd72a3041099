"""PP-05: a staff form warns before it saves text that likely holds special-category personal
data (``ombud.domain.sensitive``). The first time such text is sent, the form is shown again with
the warning and the words found; the person edits the text, or ticks "save anyway". Either way
the form says what to record in the case's history (``sensitive_record``): that the warning was
shown, for which categories and in which fields, and whether the text was saved anyway. The
words themselves are not recorded: that would copy the data the warning is about."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ombud.domain import sensitive

CONFIRM = "sensitive_confirmed"
SHOWN = "sensitive_shown"  # the categories warned about, carried to the next submission


class SensitiveTextCheck:
    """Mix into a form (before ``forms.Form``). ``sensitive_fields``: the text fields to read;
    by default every field drawn as a text area."""

    sensitive_fields: tuple[str, ...] | None = None

    def add_sensitive_fields(self) -> None:
        """Call at the end of ``__init__``: the hidden field that carries the warning shown."""
        self.fields[SHOWN] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.sensitive_found: list[sensitive.Finding] = []

    def _texts(self) -> list[tuple[str, str]]:
        names = self.sensitive_fields or [name for name, field in self.fields.items()
                                          if isinstance(field.widget, forms.Textarea)]
        return [(name, self.cleaned_data.get(name) or "") for name in names
                if isinstance(self.cleaned_data.get(name), str)]

    def check_sensitive(self) -> None:
        """Call from ``clean``: warn, once per content, unless the person confirmed."""
        found_in: dict[str, list[sensitive.Finding]] = {}
        for name, text in self._texts():
            found = sensitive.findings(text)
            if found:
                found_in[name] = found
        self.sensitive_found = [finding for found in found_in.values() for finding in found]
        self.sensitive_fields_found = list(found_in)
        confirmed = bool(self.data.get(self.add_prefix(CONFIRM)))
        if not found_in or confirmed:
            return
        lang = (translation.get_language() or "en")[:2]
        for name, found in found_in.items():
            self.add_error(name, _(
                "This text likely holds special-category personal data (%(found)s). Remove it "
                "if the case does not need it, or tick “save anyway” below.") % {
                "found": _describe(found, lang)})
        confirm = forms.BooleanField(
            required=False, label_suffix="", label=gettext_lazy(
                "Save anyway: the case needs this text (the warning is recorded in the case's "
                "history)"))
        # Right after the last text warned about, where the person reads the warning.
        last = list(found_in)[-1]
        fields = list(self.fields.items())
        at = next(index for index, (name, _field) in enumerate(fields) if name == last) + 1
        self.fields = dict([*fields[:at], (CONFIRM, confirm), *fields[at:]])
        shown = sorted({finding.category for finding in self.sensitive_found})
        self.data = self.data.copy()
        self.data[self.add_prefix(SHOWN)] = ",".join(shown)

    def sensitive_record(self) -> dict | None:
        """What the history keeps when the warning was shown (now or on an earlier submission
        of this form); None when it was not."""
        known = sensitive.categories()
        shown = [key for key in (self.cleaned_data.get(SHOWN) or "").split(",") if key in known]
        if self.sensitive_found:
            return {"categories": sorted({f.category for f in self.sensitive_found}),
                    "fields": self.sensitive_fields_found, "saved_anyway": True}
        if shown:
            return {"categories": shown, "fields": [], "saved_anyway": False}
        return None


QUOTES = {"nb": ("«", "»")}  # otherwise “ and ”


def _describe(found: list[sensitive.Finding], lang: str) -> str:
    opening, closing = QUOTES.get(lang, ("\u201c", "\u201d"))
    by_category: dict[str, list[str]] = {}
    for finding in found:
        by_category.setdefault(finding.category, []).append(f"{opening}{finding.word}{closing}")
    return "; ".join(f"{sensitive.category_name(key, lang)}: {', '.join(words)}"
                     for key, words in by_category.items())
