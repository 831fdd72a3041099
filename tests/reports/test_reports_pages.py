"""The reports page, the case list behind a figure and the exports, as the people who may and
may not read them see them (AV-11, GL-12, PP-16); and the four forms agree."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ombud.orgs.models import Organization
from ombud.reports import exports
from ombud.reports.presentation import display
from tests.cast import sign_in


def _get(client, person, url, language="nb"):
    sign_in(client, person, language)
    return client.get(url)


def test_pp_16_the_manager_reads_the_report_with_charts_tables_and_summaries(client, people,
                                                                             year):
    response = _get(client, people["pp"]["manager"], "/pp/reports/?year=2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 4 and "style=" not in page and "<script" not in page
    assert "Årsrapport om klager 2026" in page
    assert "5 saker mottatt" in page  # the summary, in the organization's language
    for section in response.context["report"].sections:  # each chart has its text alternative
        assert section.chart is None or section.chart.alt in page
    assert "/pp/reports/cases/?year=2026" in page  # each count opens its cases


@pytest.mark.parametrize("role", ["auditor", "privacy"])
def test_pp_16_the_auditor_and_the_privacy_officer_read_it_too(client, people, year, role):
    assert _get(client, people["pp"][role], "/pp/reports/?year=2026").status_code == 200


def test_pp_16_a_handler_reads_only_the_figures_of_their_own_cases(client, people, year):
    response = _get(client, people["pp"]["handler"], "/pp/reports/?year=2026", "en")
    assert response.status_code == 200
    assert "your own cases" in response.content.decode()
    assert response.context["report"].sections[0].tables[0].rows == []


@pytest.mark.parametrize("role", ["intake", "admin"])
def test_pp_16_roles_without_reports_are_refused(client, people, year, role):
    assert _get(client, people["pp"][role], "/pp/reports/").status_code == 403
    assert _get(client, people["pp"][role], "/pp/reports/annual.csv").status_code == 403


def test_gl_12_another_organizations_reports_do_not_exist_for_you(client, people, year):
    assert _get(client, people["gl"]["manager"], "/pp/reports/").status_code == 404
    assert _get(client, people["gl"]["manager"], "/pp/reports/annual.pdf").status_code == 404


@pytest.mark.parametrize("query", ["year=abc", "year=3000", "procedure=dnv/objection",
                                   "year=1999"])
def test_gl_12_a_bad_choice_says_so_and_shows_the_current_year(client, people, year, query):
    response = _get(client, people["pp"]["manager"], f"/pp/reports/?{query}", "en")
    assert response.status_code == 400
    assert "cannot be shown" in response.content.decode()


def test_gl_12_the_case_list_behind_a_figure_opens_and_exports(client, people, year):
    manager = people["pp"]["manager"]
    url = "/pp/reports/cases/?year=2026&procedure=&figure=outcome&value=open"
    page = _get(client, manager, url).content.decode()
    assert year["E"].reference in page and year["A"].reference not in page
    exported = client.get(url + "&format=csv").content.decode("utf-8-sig")
    # in nb separated by ";", as the report's own CSV (the attack review)
    assert [row[0] for row in csv.reader(io.StringIO(exported), delimiter=";")][1:] == [
        year["E"].reference]
    assert _get(client, manager, "/pp/reports/cases/?year=2026&figure=bogus").status_code == 404


def _csv_tables(content: bytes, delimiter: str = ";") -> dict[str, list[list[str]]]:
    tables, current = {}, None
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter):
        if not row:
            current = None
        elif current is None and len(row) == 1:
            current = tables.setdefault(row[0], [])
        elif current is not None:
            current.append(row)
    return tables


def test_pp_16_the_page_the_pdf_the_workbook_and_the_csv_agree(client, people, year):
    manager = people["pp"]["manager"]
    response = _get(client, manager, "/pp/reports/?year=2026")
    report, page = response.context["report"], response.content.decode()
    assert "67 %" in page and "66 %" not in page  # 2 of 3 kept, rounded as the chart does
    pdf = client.get("/pp/reports/annual.pdf?year=2026")
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf.content)).pages).split())
    book = load_workbook(io.BytesIO(client.get("/pp/reports/annual.xlsx?year=2026").content))
    tables = _csv_tables(client.get("/pp/reports/annual.csv?year=2026").content)
    sheets = dict(zip([table.key for table in report.tables()], book.sheetnames[1:],
                      strict=True))
    for table in report.tables():
        sheet = [list(row) for row in book[sheets[table.key]].iter_rows(
            min_row=3, max_row=2 + len(table.rows), values_only=True)]
        assert sheet == [[exports.sheet_value(table, number, index, cell)
                          for index, cell in enumerate(row)]
                         for number, row in enumerate(table.rows)]
        assert [row[:len(table.columns)] for row in tables[table.title][1:1 + len(table.rows)]] \
            == [[str(exports.csv_cell(table, number, index, cell))
                 for index, cell in enumerate(row)] for number, row in enumerate(table.rows)]
        assert table.title in text
        for number, row in enumerate(table.rows):  # each row as the page prints it
            printed = " ".join(display(table, number, index, value)
                               for index, value in enumerate(row))
            assert " ".join(printed.split()) in text, printed
    for section in report.sections:
        assert section.summary in text
    outcomes = book[sheets["outcome"]]
    assert outcomes["B3"].value == 1 and isinstance(outcomes["C3"].value, float)
    assert book[book.sheetnames[0]]["B6"].value.date() == date.today()


def test_pp_16_small_cells_are_suppressed_for_outside_bodies_when_the_organization_asks(
        client, people, year):
    manager = people["pp"]["manager"]
    plain = _csv_tables(_get(client, manager, "/pp/reports/annual.csv?year=2026&outside=1")
                        .content)
    assert ["nettskjema", "2", "40,0"] in plain["Mottatt etter kanal"]  # not asked: shown
    Organization.objects.filter(slug="pp").update(suppress_small_cells=True)
    hidden = _csv_tables(client.get("/pp/reports/annual.csv?year=2026&outside=1").content)
    assert ["nettskjema", "'<3", "40,0"] not in hidden["Mottatt etter kanal"]
    # the share beside it would give the count back (0.4 of 5): it goes too
    assert ["nettskjema", "<3", "–"] in hidden["Mottatt etter kanal"]
    book = load_workbook(io.BytesIO(client.get(
        "/pp/reports/annual.xlsx?year=2026&outside=1").content))
    assert book["Mottatt etter kanal"]["B3"].value == "<3"
    # Inside the organization the page keeps the real numbers.
    page = client.get("/pp/reports/?year=2026").content.decode()
    assert "&lt;3" not in page


def test_pp_16_nothing_in_an_outside_report_gives_a_suppressed_count_back(
        client, people, year):
    """The attack review: charts printed "(2)" over their bars, summaries said "1 was still
    open", shares and days told the hidden count. In a report for an outside body they go."""
    from pdf_text import pdf_bytes_text

    Organization.objects.filter(slug="pp").update(suppress_small_cells=True)
    manager = people["pp"]["manager"]
    pdf = pdf_bytes_text(_get(client, manager, "/pp/reports/annual.pdf?year=2026&outside=1")
                         .content)
    assert "<3" in pdf
    assert "Utelatt i rapporter til eksterne mottakere." in pdf  # the summaries
    assert "(2)" not in pdf and "(1)" not in pdf  # no chart's labels
    inside = pdf_bytes_text(client.get("/pp/reports/annual.pdf?year=2026").content)
    assert "(2)" in inside or "(1)" in inside  # the control: the charts print them inside


def test_pp_16_csv_export_never_carries_a_formula(organizations):
    for hostile in ("=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\t=1"):
        assert not str(exports.safe_cell(hostile)).startswith(("=", "+", "-", "@", "\t"))
    assert exports.safe_cell(5) == 5 and exports.safe_cell(None) == ""
