"""Headers of mail built from what people type, attacked after issue 9: a complainant's text
never reaches a header, nor stops a message from going."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from public_world import PublicClient, file_valid

from ombud.cases import services
from ombud.cases.models import PartyRole
from ombud.mail import outbox
from ombud.mail.models import MessageState, OutboxMessage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mail"))  # the SMTP test server
from mail_world import SmtpServer  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HOSTILE_TITLE = "Bewijs\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>"


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.close()


def test_a_document_title_with_line_breaks_neither_injects_a_header_nor_blocks_the_notice(
        people, smtp):
    """The complainant names a document on their private page with line breaks in it; the
    notice to the person complained about carries that document as an enclosure (DNV-K-13).
    Before, building the message failed on every attempt: the notice never went."""
    visitor = PublicClient()
    case, token = file_valid(visitor, "dnv/complaint", about="holder_validity")
    sent = visitor.post(f"/track/{token}/upload/", {
        "title": HOSTILE_TITLE,
        "document": SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/pdf")})
    assert sent.status_code == 302
    handler = people["dnv"]["handler"]
    services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                       details=services.PartyDetails("Henk Houder", email="henk@example.org"))
    services.case_step(case=case, event_type="holder_notified", on=timezone.localdate(),
                       actor=handler, data={})

    pending = OutboxMessage.objects.filter(state=MessageState.PENDING).count()
    outbox.deliver_due()

    notice = OutboxMessage.objects.get(case=case, kind="holder_notice")
    assert notice.state == MessageState.SENT, notice.last_error
    smtp.wait_for(pending, timeout=30)
    [arrival] = [a for a in smtp.arrivals if a.message_id == notice.message_id]
    parts = list(arrival.message.iter_attachments())
    assert [part.get_content_type() for part in parts] == ["application/pdf"] * 2
    assert all("\n" not in part.get_filename() for part in parts)  # the title, on one line
    assert "text/html" not in [part.get_content_type() for part in arrival.message.walk()]


def test_issue_11_a_document_title_from_the_private_page_is_kept_on_one_line(people):
    """Its line breaks would start lines of their own wherever the title is listed: the
    staff's digest (a forged notice of another case), the case file's list of documents."""
    visitor = PublicClient()
    case, token = file_valid(visitor, "dnv/complaint", about="holder_validity")
    sent = visitor.post(f"/track/{token}/upload/", {
        "title": HOSTILE_TITLE,
        "document": SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/pdf")})
    assert sent.status_code == 302
    document = case.documents.get(from_complainant=True)
    assert document.title == "Bewijs Content-Type: text/html <script>alert(1)</script>"
