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
