"""The annual report as CSV, XLSX and PDF, from the same tables the page shows
(``presentation.Report``); the case list behind a figure as CSV.

CSV: a text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed
with an apostrophe. XLSX: one sheet per table, numbers as numbers, shares as percentages,
dates as dates. PDF: the letters' Typst machinery, every text handed over as JSON data."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ombud.letters.render import report_pdf
from ombud.reports.presentation import Report, display

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def report_csv(report: Report) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in ([report.title], [report.organization], [_("Year"), report.year],
                [_("Case type"), report.procedure], [_("Made on"), report.made_on],
                [_("Method"), report.method]):
        writer.writerow([safe_cell(cell) for cell in row])
    for table in report.tables():
        writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(column.title) for column in table.columns])
        for row in table.rows:
            writer.writerow([safe_cell(cell) for cell in row])
    # A byte-order mark: spreadsheet programs then read the file as UTF-8 (æ, ø, å).
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def _text_cell(value):
    """A workbook cell: text is stored as text, never as a formula (openpyxl takes any string
    that begins with "=" for one: an organization's name or a subject typed so would run on the
    reader's machine), and without the control characters a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def report_xlsx(report: Report) -> tuple[bytes, str]:
    book = Workbook()
    front = book.active
    front.title = _("Report")[:31]
    for row in ([report.title], [report.organization], [_("Year"), report.year],
                [_("Case type"), report.procedure], [_("Made on"), report.made_on],
                [_("Method"), report.method]):
        front.append([_text_cell(cell) for cell in row])
    front["A1"].font = Font(bold=True, size=14)
    front["B5"].number_format = "yyyy-mm-dd"
    front.column_dimensions["A"].width = 18
    front.column_dimensions["B"].width = 60
    for table in report.tables():
        sheet = book.create_sheet(table.key[:31])
        sheet.append([_text_cell(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([_text_cell(column.title) for column in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for number, row in enumerate(table.rows):
            sheet.append([_text_cell(cell) for cell in row])
            for index, cell in enumerate(sheet[sheet.max_row]):
                if table.kind(number, index) == "share" and isinstance(cell.value, float):
                    cell.number_format = "0%"
        for index, column in enumerate(table.columns):
            sheet.column_dimensions[chr(ord("A") + index)].width = (
                36 if column.kind == "text" else 14)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), ("application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet")


def report_payload(report: Report) -> dict:
    return {
        "lang": (translation.get_language() or "en")[:2], "title": report.title,
        "organization": report.organization,
        "subtitle": f"{report.procedure} · {report.year}", "method_title": _("Method"),
        "method": report.method, "made_on": _("Made on %(day)s") % {
            "day": date_format(report.made_on, "SHORT_DATE_FORMAT")},
        "suppressed": _("Counts below 3 are shown as “<3”.") if report.suppressed
        else "",
        "sections": [{
            "title": section.title, "summary": section.summary,
            "chart": ({"svg": section.chart.svg, "alt": section.chart.alt}
                      if section.chart else None),
            "tables": [{"title": table.title,
                        "columns": [column.title for column in table.columns],
                        "numeric": [table.numeric(index) for index in range(len(table.columns))],
                        "rows": [[display(table, number, index, value)
                                  for index, value in enumerate(row)]
                                 for number, row in enumerate(table.rows)]}
                       for table in section.tables]}
            for section in report.sections],
    }


def report_pdf_bytes(report: Report) -> tuple[bytes, str]:
    return report_pdf(report_payload(report)), "application/pdf"


FORMATS = {"csv": report_csv, "xlsx": report_xlsx, "pdf": report_pdf_bytes}


def cases_csv(cases) -> bytes:
    """The cases behind a figure, one a line: no names, no text (the report holds counts)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Reference"), _("Received"), _("Case type"), _("Channel"),
                     _("Outcome"), _("Closed"), _("Working days")])
    for case in cases.iterator():
        figures = getattr(case, "figures", None)
        writer.writerow([safe_cell(cell) for cell in (
            case.reference, case.received_on, case.procedure_id, case.channel,
            figures.outcome if figures else "", figures.closed_on if figures else None,
            figures.working_days if figures else None)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
