"""What a step's text may not hold: it lands in the case's history (sealed in the hash chain,
never changed after), the case file's PDF, the privacy export and a letter. A control character
(an escape sequence that repaints a terminal reading the export, a bell) or a mark that turns
the text around (U+202E: "advies gnugeb" reads "advies begung" while the file holds the other)
makes the record say one thing and show another. Line breaks and tabs are text."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

ALLOWED = frozenset("\n\r\t")
# Bidirectional embeddings, overrides and isolates: the marks U+200E/U+200F stay (they only
# say which way a neutral character runs, as a right-to-left name may need).
TURNING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hidden_characters(text: str) -> bool:
    return any(char in TURNING or (unicodedata.category(char) == "Cc" and char not in ALLOWED)
               for char in text)


def refuse_hidden_characters(form: forms.Form) -> None:
    """An error on each text field of ``form`` that holds one; nothing is recorded then."""
    for name, value in list(form.cleaned_data.items()):
        if isinstance(value, str) and hidden_characters(value):
            form.add_error(name, _("Remove the control characters or the marks that turn the "
                                   "text around (copied from another program?)."))
