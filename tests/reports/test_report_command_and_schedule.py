"""``ombud report annual`` for the January run and the yearly mail to the managers (AV-11,
GL-12, PP-16)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from ombud.mail.models import OutboxMessage
from ombud.reports import commands
from ombud.reports.tasks import mail_annual_reports


def test_gl_12_the_command_writes_the_report_in_each_format(organizations, year, tmp_path):
    for fmt in ("pdf", "xlsx", "csv"):
        target = tmp_path / f"pp.{fmt}"
        assert commands.annual("pp", 2026, None, fmt, str(target)) == 0
        assert target.stat().st_size > 100
    assert (tmp_path / "pp.pdf").read_bytes().startswith(b"%PDF")
    book = load_workbook(tmp_path / "pp.xlsx")
    assert book["Mottatt etter sakstype"]["B3"].value == 5
    assert "Mottatt etter kanal" in (tmp_path / "pp.csv").read_text("utf-8-sig")


def test_gl_12_the_command_for_one_procedure_to_standard_output(organizations, year):
    out = io.BytesIO()
    assert commands.annual("pp", 2026, "pp/complaint", "csv", None, out=out) == 0
    assert "Klage til Personalpartner;5" in out.getvalue().decode("utf-8-sig")


def test_gl_12_the_command_refuses_bad_input_writing_nothing(organizations, tmp_path):
    err = io.StringIO()
    target = tmp_path / "x.csv"
    assert commands.annual("nope", 2026, None, "csv", str(target), err=err) == 2
    assert commands.annual("pp", 3026, None, "csv", str(target), err=err) == 2
    assert commands.annual("pp", 2026, "dnv/objection", "csv", str(target), err=err) == 2
    assert not target.exists()
    assert err.getvalue().count("ombud:") == 3


def test_dnv_the_report_is_in_dutch_for_dnv(organizations):
    out = io.BytesIO()
    assert commands.annual("dnv", 2026, None, "csv", None, out=out) == 0
    assert "Jaarverslag klachten 2026" in out.getvalue().decode("utf-8-sig")


def test_pp_16_january_mails_the_report_to_the_managers_once(organizations, people, year):
    for slug in ("pp", "gl"):
        people[slug]["manager"].email = f"{slug}-manager@example.org"
        people[slug]["manager"].save()
    assert mail_annual_reports(date(2027, 2, 1)) == 0  # only in January
    assert mail_annual_reports(date(2027, 1, 2)) == 2  # the managers with an address
    assert mail_annual_reports(date(2027, 1, 3)) == 0  # the next night writes nothing more
    message = OutboxMessage.objects.get(kind="annual_report", organization=organizations["pp"])
    assert "Årsrapport om klager 2026" in message.subject
    assert "/pp/reports/?year=2026" in message.body
    assert message.to == "pp-manager@example.org"
