"""Documents staff add to a file pass the same checks as the public's (issue 9, finding 2): the
type is judged by the bytes and a configured virus scanner is asked; what is refused is said in
the person's language and nothing is stored. Every download carries a safe type, is offered as
an attachment and forbids the browser to guess another type."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from fake_clamd import EICAR

from ombud.cases import services
from ombud.cases.models import CaseEvent, Document, DocumentKind

NOT_A_DOCUMENT = ("%(name)s is not a PDF, Word, OpenDocument, text or image file (judged by "
                  "its content).")
PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PNG_START = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def complaint(register):
    return register("dnv/complaint", received_on=timezone.localdate() - timedelta(days=2))


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def footprint(case) -> tuple[int, int]:
    return Document.objects.filter(case=case).count(), CaseEvent.objects.filter(case=case).count()


def sign_in(client, person, language: str = "en"):
    client.force_login(person)
    client.cookies["django_language"] = language
    return client


def add_document(client, case, name: str, content: bytes, content_type: str):
    return client.post(f"/dnv/cases/{case.reference}/documents/", {
        "title": "Brief van de klager",
        "file": SimpleUploadedFile(name, content, content_type=content_type)})


@pytest.mark.parametrize("language", ["en", "nb", "nl"])
def test_f2_a_staff_text_html_upload_is_refused_in_the_persons_language(
        client, alice, complaint, settings, language):
    sign_in(client, alice, language)
    before, files_before = footprint(complaint), stored_files(settings)
    response = add_document(client, complaint, "brief.html", PAGE, "text/html")
    assert response.status_code == 400
    with translation.override(language):
        message = translation.gettext(NOT_A_DOCUMENT)
    assert (message == NOT_A_DOCUMENT) == (language == "en")
    assert message % {"name": "brief.html"} in html.unescape(response.content.decode())
    assert footprint(complaint) == before
    assert stored_files(settings) == files_before


def test_f2_the_service_itself_refuses_a_web_page(alice, complaint, settings):
    """Whatever calls it, not only the form: the check lives in the service."""
    before, files_before = footprint(complaint), stored_files(settings)
    with pytest.raises(services.Invalid):
        services.document_attach(case=complaint, title="Page", actor=alice,
                                 upload=SimpleUploadedFile("page.pdf", PAGE, "application/pdf"))
    assert footprint(complaint) == before and stored_files(settings) == files_before


def test_f2_a_staff_upload_is_stored_with_the_type_its_bytes_show(client, alice, complaint):
    sign_in(client, alice)
    png = PNG_START + b"\x00\x00\x00\rIHDR"
    response = add_document(client, complaint, "foto.html", png, "text/html")
    assert response.status_code == 302
    document = complaint.documents.get(kind=DocumentKind.ATTACHMENT)
    assert document.content_type == "image/png"
    download = client.get(f"/dnv/cases/{complaint.reference}/documents/{document.pk}/")
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert ".png" in download["Content-Disposition"]
    assert ".html" not in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_f2_eicar_from_staff_is_refused_by_the_virus_check(client, alice, complaint, settings,
                                                          clamd):
    sign_in(client, alice)
    before, files_before = footprint(complaint), stored_files(settings)
    response = add_document(client, complaint, "scan.txt", EICAR, "text/plain")
    assert response.status_code == 400
    assert "scan.txt was refused by the virus check." in html.unescape(
        response.content.decode())
    assert clamd.streams == [EICAR]
    assert footprint(complaint) == before and stored_files(settings) == files_before


def test_f2_a_document_stored_as_text_html_before_the_check_downloads_as_octet_stream(
        client, alice, complaint):
    """Files kept before the check came: the stored type is not trusted either."""
    document = Document.objects.create(
        case=complaint, kind=DocumentKind.ATTACHMENT, title="Old page",
        file=ContentFile(PAGE, name=f"{complaint.reference}-old.html"),
        content_type="text/html", size=len(PAGE), sha256="0" * 64)
    sign_in(client, alice)
    response = client.get(f"/dnv/cases/{complaint.reference}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_letters_still_download_as_pdf(client, alice, complaint, step):
    step(complaint, "acknowledged")
    letter = complaint.documents.filter(kind=DocumentKind.LETTER).first()
    sign_in(client, alice)
    response = client.get(f"/dnv/cases/{complaint.reference}/documents/{letter.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
