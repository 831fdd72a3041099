"""What a manager (nb) and DNV's auditor (nl) found walking through the annual report (PP-16,
GL-12, AV-11): each finding as the reader meets it, in the page, the PDF, the workbook or the
CSV."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook

from ombud.reports import annual, charts
from ombud.reports.selectors import Scope
from tests.cast import sign_in

FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _report(organization, year=2026, today=date(2026, 12, 4), **kwargs):
    return annual.annual_report(organization, Scope(organization.pk, year, **kwargs),
                                language=organization.language, today=today)


def _table(report, key):
    return next(table for table in report.tables() if table.key == key)


def test_pp_16_a_handlers_own_figures_say_so_in_the_pdf_the_workbook_and_the_csv(
        client, people, year):
    from pdf_text import pdf_bytes_text

    handler = people["pp"]["handler"]
    name = handler.get_full_name()
    sign_in(client, handler, "nb")
    said = f"bare sakene {name} behandlet"
    assert said in client.get("/pp/reports/?year=2026").content.decode()
    assert said in pdf_bytes_text(client.get("/pp/reports/annual.pdf?year=2026").content)
    book = load_workbook(io.BytesIO(client.get("/pp/reports/annual.xlsx?year=2026").content))
    assert said in book[book.sheetnames[0]]["A1"].value
    csv_text = client.get("/pp/reports/annual.csv?year=2026").content.decode("utf-8-sig")
    assert said in csv_text.splitlines()[0]
    sign_in(client, people["pp"]["manager"], "nb")  # the manager's report is everyone's
    assert "bare sakene" not in client.get("/pp/reports/annual.csv?year=2026").content.decode(
        "utf-8-sig")


def test_pp_16_a_year_not_yet_ended_gives_preliminary_figures_as_of_the_day(organizations,
                                                                            year):
    current = _report(organizations["pp"])
    assert current.status == "Foreløpige tall per 4. desember 2026"
    outcomes = _table(current, "outcome")
    assert "fortsatt åpen" in [row[0] for row in outcomes.rows]
    assert "ved årets slutt" not in " ".join(str(row[0]) for row in outcomes.rows)
    ended = _report(organizations["pp"], today=date(2027, 1, 10))
    assert ended.status == ""
    assert "fortsatt åpen ved årets slutt" in [row[0] for row in _table(ended, "outcome").rows]
    dutch = _report(organizations["dnv"])
    assert dutch.status == "Voorlopige cijfers per 4 december 2026"


def test_pp_16_the_year_chooser_offers_every_year_with_cases_and_the_current_one(
        client, people, year):
    sign_in(client, people["pp"]["manager"], "nb")
    page = client.get("/pp/reports/?year=2025").content.decode()
    chooser = page[page.index('<select id="year"'):]
    chooser = chooser[:chooser.index("</select>")]
    offered = re.findall(r'<option value="(\d+)"', chooser)
    assert offered[0] == str(date.today().year)
    assert "2026" in offered and "2025" in offered and "2024" not in offered


def test_pp_16_most_only_for_more_than_half_else_the_largest_group(organizations, year):
    summary = _report(organizations["pp"]).sections[0].summary
    # web form: 2 of 5 cases, the largest channel but no majority
    assert "Den største gruppen kom via nettskjema." in summary
    assert "De fleste" not in summary


def test_pp_16_an_empty_year_before_is_said_in_words_not_compared(organizations, year):
    report = _report(organizations["pp"], 2025)
    comparison = report.sections[-1]
    assert comparison.tables == []
    assert comparison.summary == ("Ingen saker året før (2024): det er ingenting å "
                                  "sammenligne med.")
    assert "(ingen året før)" in report.sections[0].summary
    assert _report(organizations["pp"]).sections[-1].tables  # 2025 had a case: compared


def test_pp_16_days_late_say_where_they_are_counted_to_and_each_column_has_one_unit(
        organizations, year):
    report = _report(organizations["pp"])
    tables = [table for table in report.tables() if table.key.startswith("deadlines")]
    for table in tables:
        titles = [column.title for column in table.columns]
        assert "Telles i" not in titles and "Counted in" not in titles
        late = [title for title in titles if title.startswith("For sent")]
        assert late == ["For sent i alt, dager", "For sent i snitt, dager"]
        assert table.note == ("Er en frist oversittet i en sak som fortsatt er åpen, er "
                              "forsinkelsen talt til 4. desember 2026.")
    handling = _table(report, "handling")  # cases in one column, working days in the others
    assert [column.kind for column in handling.columns] == ["count", "days", "days"]
    assert handling.rows == [[4, 5, 19]]


def test_pp_16_the_workbook_names_its_sheets_in_norwegian_and_its_months(client, people,
                                                                         year):
    sign_in(client, people["pp"]["manager"], "nb")
    book = load_workbook(io.BytesIO(client.get("/pp/reports/annual.xlsx?year=2026").content))
    names = book.sheetnames
    assert "Mottatt etter kanal" in names and "channel" not in names
    assert len({name.casefold() for name in names}) == len(names)
    assert all(len(name) <= 31 and not FORBIDDEN_IN_SHEET_NAMES.search(name)
               for name in names)
    months = book["Mottatt per måned"]
    assert [row[0] for row in months.iter_rows(min_row=3, max_row=4, values_only=True)] == [
        "januar", "februar"]


def test_pp_16_every_month_is_in_the_month_table_a_month_without_cases_as_zero(
        organizations, year):
    past = _table(_report(organizations["pp"], 2026, today=date(2027, 1, 5)), "month")
    assert [row[0] for row in past.rows] == list(range(1, 13))
    assert [row[-1] for row in past.rows] == [0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0]
    current = _table(_report(organizations["pp"], 2026, today=date(2026, 12, 4)), "month")
    assert [row[0] for row in current.rows] == list(range(1, 13))
    early = _table(_report(organizations["pp"], 2026, today=date(2026, 7, 4)), "month")
    assert [row[0] for row in early.rows] == list(range(1, 8))  # up to this month


def test_pp_16_no_table_repeats_its_sections_heading(organizations, year):
    for section in _report(organizations["pp"]).sections:
        assert section.title not in [table.title for table in section.tables], section.title


def test_pp_16_a_chart_is_described_once_to_a_screen_reader(client, people, year):
    sign_in(client, people["pp"]["manager"], "nb")
    response = client.get("/pp/reports/?year=2026")
    page = response.content.decode()
    for svg in re.findall(r"<svg.*?</svg>", page, re.DOTALL):
        assert 'aria-hidden="true"' in svg and "<desc>" not in svg
    for section in response.context["report"].sections:
        if section.chart:
            assert page.count(section.chart.alt.replace("'", "&#x27;")) == 1


def test_pp_16_charts_fit_a_phone_and_shorten_long_labels_with_an_ellipsis():
    name = "Klage på manglende tilrettelegging i arbeidstreningen hos en underleverandør"
    chart = charts.shares("Andel", [(name, 3), ("kort", 1)])
    opening = chart.svg[:chart.svg.index(">")]
    assert 'viewBox="0 0 360 ' in opening and 'width="100%"' in opening
    assert 'height="' not in opening
    assert f"<title>{name}</title>" in chart.svg and "…</text>" in chart.svg
    for x, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>(?:<title>.*?</title>)?'
            r"([^<]*)</text>", chart.svg):
        room = 360 - float(x) if anchor == "start" else float(x)
        assert len(text) * charts.CHAR <= room + 1, text


def test_pp_16_no_appeal_is_said_in_a_sentence_not_an_empty_table(client, organizations,
                                                                  people, year):
    from pdf_text import pdf_bytes_text

    report = _report(organizations["pp"], 2025)
    appeals = report.sections[4]
    assert appeals.summary == "Ingen svar ble anket."
    # the CSV and the workbook keep the sheet, with the sentence; the page and the PDF say it once
    assert appeals.tables[0].rows == [] and appeals.tables[0].empty == "Ingen svar ble anket."
    assert "0 svar" not in appeals.summary
    sign_in(client, people["pp"]["manager"], "nb")
    text = pdf_bytes_text(client.get("/pp/reports/annual.pdf?year=2025").content)
    assert "Ingen svar ble anket." in text and "Utfall av anken" not in text


def test_dnv_no_internal_x_rule_is_shown_to_readers(organizations):
    from ombud.reports.presentation import Labels

    assert Labels.rule("DNV-I-01") == "DNV-I-01"
    assert not Labels.rule("X-10").startswith("X-")
    assert not Labels.rule("X-99").startswith("X-")


def test_the_language_chooser_names_each_language_in_itself(client, people):
    sign_in(client, people["pp"]["manager"], "nb")
    page = client.get("/pp/cases/").content.decode()
    chooser = page[page.index('<select id="language"'):]
    chooser = chooser[:chooser.index("</select>")]
    assert re.findall(r">([^<]+)</option>", chooser) == ["Norsk bokmål", "Nederlands",
                                                        "English"]


def test_pp_16_a_sheet_name_is_short_clean_and_unique_whatever_the_title():
    from ombud.reports.exports import sheet_name

    taken: set[str] = set()
    names = [sheet_name(title, taken) for title in (
        "Korrigerende tiltak åpnet og fullført i året", "Frister [a/b]: *hva?* \\ x",
        "Mottatt etter kanal", "MOTTATT ETTER KANAL", "'", "")]
    assert names[0] == "Korrigerende tiltak åpnet og…"
    assert names[2:4] == ["Mottatt etter kanal", "MOTTATT ETTER KANAL (2)"]
    assert all(len(name) <= 31 and not FORBIDDEN_IN_SHEET_NAMES.search(name)
               and name.strip() for name in names)
    assert len({name.casefold() for name in names}) == len(names)
