"""PP-16, GL-12, AV-11: in January the worker mails each manager the annual report of the year
before, the PDF attached, through the outbox to a real SMTP server: once, however often the
nightly question runs."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.reports.tasks import mail_annual_reports


@pytest.mark.django_db
def test_pp_16_the_annual_report_reaches_the_manager_as_an_attached_pdf(people, send_by_smtp):
    manager = people["pp"]["manager"]
    manager.email = "leder@personalpartner.example"
    manager.save()
    assert mail_annual_reports(date(2027, 1, 2)) == 1
    assert mail_annual_reports(date(2027, 1, 3)) == 0  # the next night: nothing more
    assert OutboxMessage.objects.filter(kind="annual_report").count() == 1
    assert outbox.deliver_due()[0] == 1

    [arrival] = send_by_smtp.arrivals
    assert arrival.recipients == ("leder@personalpartner.example",)
    message = arrival.message
    assert "Årsrapport om klager 2026" in message["Subject"]
    assert "/pp/reports/?year=2026" in message.get_body(("plain",)).get_content()
    [pdf] = [part for part in message.iter_attachments()
             if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename().endswith(".pdf")
    text = " ".join(page.extract_text() for page in PdfReader(
        io.BytesIO(pdf.get_content())).pages)
    assert "Årsrapport om klager 2026" in " ".join(text.split())
