"""The queue as a spreadsheet (CSV): what the queue page shows, one case a row, headers in the
person's language, for Excel as for any other program.

Every cell is text someone may have typed (a subject, a complainant's name): one that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by a spreadsheet as a
formula, so it is written after a single quote, shown as text. The file starts with a byte
order mark so that Excel reads it as UTF-8 (æ, ø, å, ë), and separates with a semicolon where
the language writes decimal commas (nb, nl: Excel there expects it), else with a comma."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext_noop

from ombud.cases.models import NO_DEADLINE, CaseState

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADERS = (gettext_noop("Reference"), gettext_noop("Subject"), gettext_noop("Complainant"),
           gettext_noop("Received"), gettext_noop("State"), gettext_noop("Handler"),
           gettext_noop("Next deadline"), gettext_noop("Rule"))
SEMICOLON_LANGUAGES = ("nb", "nl")


def cell(value) -> str:
    """``value`` as a cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def queue_csv(cases, language: str, complainant: str | None = None) -> str:
    """The CSV of ``cases`` (in their order) with headers in ``language``; ``complainant``: the
    filing party's column as the bundle calls it (``cases.wording``), else Ombud's."""
    states = dict(CaseState.choices)
    out = io.StringIO()
    with translation.override(language):
        writer = csv.writer(out, delimiter=";" if language[:2] in SEMICOLON_LANGUAGES else ",",
                            lineterminator="\r\n")
        heads = [translation.gettext(header) for header in HEADERS]
        if complainant:
            heads[HEADERS.index("Complainant")] = complainant
        writer.writerow([cell(head) for head in heads])
        for case in cases:
            handler = ((case.handler.get_full_name() or case.handler.username)
                       if case.handler else "")
            due = case.next_due.isoformat() if case.next_due != NO_DEADLINE else ""
            writer.writerow([cell(value) for value in (
                case.reference, case.title, case.complainant_name, case.received_on.isoformat(),
                str(states.get(case.state, case.state)), handler, due,
                case.next_due_rule if due else "")])
    return BOM + out.getvalue()
