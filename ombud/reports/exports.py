"""The annual report as CSV, XLSX and PDF, from the same tables the page shows
(``presentation.Report``); the case list behind a figure as CSV.

CSV: a text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed
with an apostrophe. XLSX: one sheet per table, numbers as numbers, shares as percentages,
dates as dates. PDF: the letters' Typst machinery, every text handed over as JSON data."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from django.http import HttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ombud.letters.render import report_pdf
from ombud.reports.presentation import Report, Table, display, month_name

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where Excel's decimal sign is a comma (nb, nl), it expects a semicolon between the fields.
DECIMAL_COMMA = ("nb", "nl")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31


def safe_cell(value):
    """A CSV cell no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _comma() -> bool:
    return (translation.get_language() or "en")[:2] in DECIMAL_COMMA


def csv_cell(table: Table, number: int, index: int, value):
    """One cell of the report in its CSV: a share as a percentage with one decimal, a month by
    its name, a decimal with the comma where the language writes one; never a formula."""
    kind = table.kind(number, index)
    if kind == "share" and isinstance(value, float):
        value = round(value * 100, 1)
    elif kind == "month" and isinstance(value, int):
        value = month_name(value)
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if _comma() else text
    return safe_cell(value)


def csv_title(column) -> str:
    return f"{column.title} (%)" if column.kind == "share" else column.title


def _front(report: Report) -> list[list]:
    """The lines above the tables: what the report is, of what, made when and how."""
    lines = [[report.title], [report.organization]]
    if report.status:
        lines.append([report.status])
    return lines + [[_("Year"), report.year], [_("Case type"), report.procedure],
                    [_("Made on"), report.made_on], [_("Method"), report.method]]


def report_csv(report: Report) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if _comma() else ",")
    for row in _front(report):
        writer.writerow([safe_cell(cell) for cell in row])
    for table in report.tables():
        writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        if not table.rows and table.empty:
            writer.writerow([safe_cell(table.empty)])
            continue
        writer.writerow([safe_cell(csv_title(column)) for column in table.columns])
        for number, row in enumerate(table.rows):
            writer.writerow([csv_cell(table, number, index, cell)
                             for index, cell in enumerate(row)])
        if table.note:
            writer.writerow([safe_cell(table.note)])
    if report.suppressed:
        writer.writerow([])
        writer.writerow([safe_cell(suppressed_note())])
    # A byte-order mark: spreadsheet programs then read the file as UTF-8 (æ, ø, å).
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def suppressed_note() -> str:
    return _("Counts below 3 are shown as “<3”; a count shown as “x” is hidden too, so that "
             "no “<3” can be worked out from a total.")


def _text_cell(value):
    """A workbook cell: text is stored as text, never as a formula (openpyxl takes any string
    that begins with "=" for one: an organization's name or a subject typed so would run on the
    reader's machine), and without the control characters a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def sheet_value(table: Table, number: int, index: int, value):
    """One cell of the report in its workbook: real numbers and dates; a month by its name."""
    if table.kind(number, index) == "month" and isinstance(value, int):
        return month_name(value)
    return _text_cell(value)


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet's name from a table's title, in the report's language: at most 31 characters,
    none of []:*?/\\ (Excel refuses them), not blank, and unlike every other sheet's name
    (Excel compares them without case)."""
    name = " ".join(SHEET_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title)).split())
    name = name.strip("'")
    if len(name) > SHEET_MAX:  # cut at a word, and say so
        cut = name[:SHEET_MAX - 1]
        name = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,.;") + "…"
    name = name or "-"
    candidate, number = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = name[:SHEET_MAX - len(suffix)].rstrip() + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def report_xlsx(report: Report) -> tuple[bytes, str]:
    book = Workbook()
    front = book.active
    front.title = sheet_name(_("Report"), taken := set())
    for row in _front(report):
        front.append([_text_cell(cell) for cell in row])
    front["A1"].font = Font(bold=True, size=14)
    front[f"B{front.max_row - 1}"].number_format = "yyyy-mm-dd"
    if report.suppressed:
        front.append([_text_cell(suppressed_note())])
    front.column_dimensions["A"].width = 18
    front.column_dimensions["B"].width = 60
    for table in report.tables():
        _sheet(book.create_sheet(sheet_name(table.title, taken)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), ("application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet")


def _sheet(sheet, table: Table) -> None:
    sheet.append([_text_cell(table.title)])
    sheet["A1"].font = Font(bold=True)
    if not table.rows and table.empty:
        sheet.append([_text_cell(table.empty)])
        return
    sheet.append([_text_cell(column.title) for column in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table.rows):
        sheet.append([sheet_value(table, number, index, cell) for index, cell in enumerate(row)])
        for index, cell in enumerate(sheet[sheet.max_row]):
            if table.kind(number, index) == "share" and isinstance(cell.value, float):
                cell.number_format = "0.0%"
    if table.note:
        sheet.append([])
        sheet.append([_text_cell(table.note)])
    for index, column in enumerate(table.columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = (
            36 if column.kind == "text" else 16)


def report_payload(report: Report) -> dict:
    return {
        "lang": (translation.get_language() or "en")[:2], "title": report.title,
        "organization": report.organization,
        "subtitle": f"{report.procedure} · {report.year}", "status": report.status,
        "method_title": _("Method"), "method": report.method,
        "made_on": _("Made on %(day)s") % {
            "day": date_format(report.made_on, "SHORT_DATE_FORMAT")},
        "suppressed": suppressed_note() if report.suppressed else "",
        "sections": [{
            "title": section.title, "summary": section.summary,
            "chart": ({"svg": section.chart.svg, "alt": section.chart.alt}
                      if section.chart else None),
            "tables": [_table_payload(table) for table in shown_tables(section)]}
            for section in report.sections],
    }


def shown_tables(section) -> list[Table]:
    """The tables the page and the PDF set: an empty one whose sentence the summary already
    says ("No answer was appealed.") is not said twice."""
    return [table for table in section.tables
            if table.rows or not table.empty or table.empty != section.summary]


def _table_payload(table: Table) -> dict:
    return {"title": table.title, "empty": table.empty if not table.rows else "",
            "note": table.note, "columns": [column.title for column in table.columns],
            "numeric": [table.numeric(index) for index in range(len(table.columns))],
            "rows": [[display(table, number, index, value) for index, value in enumerate(row)]
                     for number, row in enumerate(table.rows)]}


def report_pdf_bytes(report: Report) -> tuple[bytes, str]:
    return report_pdf(report_payload(report)), "application/pdf"


FORMATS = {"csv": report_csv, "xlsx": report_xlsx, "pdf": report_pdf_bytes}


def _csv_rows(header: list, rows) -> bytes:
    """A case list as CSV: fields separated as the report's own CSV separates them in the
    person's language, every cell made safe for a spreadsheet (``safe_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if _comma() else ",")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def cases_csv(cases, labels) -> bytes:
    """The cases behind a figure, one a line: no names, no text (the report holds counts); its
    case types, channels and outcomes named as the page names them."""
    from ombud.reports.presentation import channel_name
    from ombud.reports.sections import outcome_labels

    outcomes = outcome_labels()

    def line(case):
        figures = getattr(case, "figures", None)
        outcome = figures.outcome if figures else ""
        return (case.reference, case.received_on,
                labels.types.get(case.procedure_id, case.procedure_id),
                channel_name(case.channel), outcomes.get(outcome, outcome) if outcome else "",
                figures.closed_on if figures else None,
                figures.working_days if figures else None)

    return _csv_rows([_("Reference"), _("Received"), _("Case type"), _("Channel"),
                      _("Outcome"), _("Closed"), _("Working days")], map(line, cases))


def actions_csv(actions, labels) -> bytes:
    """The corrective actions behind "opened" or "done", one a line: the case, the action, its
    due day and the day it was done; no owner (no names, as the other lists)."""
    return _csv_rows([_("Reference"), _("Corrective action"), _("Due"), _("Done")],
                     ((action.case.reference, action.description, action.due_on,
                       action.done_on) for action in actions))


def met_text(row) -> str:
    """When a missed deadline was met, as its list says it: the day, or why there is none."""
    if row.met_on is not None:
        return date_format(row.met_on, "SHORT_DATE_FORMAT")
    figures = getattr(row.case, "figures", None)
    return _("not met") if figures is not None and figures.closed_on else _("still open")


def deadlines_csv(rows, labels) -> bytes:
    """The missed deadlines behind a rule's "missed" and "late in total", one a line, with the
    engine's stored due day, day met and lateness: what the report adds up."""
    return _csv_rows([_("Reference"), _("Received"), _("Deadline"), _("Due"), _("Met on"),
                      _("Days late"), _("Counted in")],
                     ((row.case.reference, row.received_on, labels.deadline(row.key), row.due,
                       row.met_on or met_text(row), row.days_late, labels.unit(row.late_unit))
                      for row in rows))


def response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
