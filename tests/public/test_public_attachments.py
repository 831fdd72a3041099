"""Attachments from the public: judged by their bytes, never by their name; limited in number
and size; kept outside every public URL and given only to those allowed; and checked by a virus
scanner speaking clamd's INSTREAM protocol over a real socket when one is configured."""

from __future__ import annotations

import io
import os
import socket
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fake_clamd import EICAR
from public_world import (
    PublicClient,
    field_error,
    file_valid,
    footprint,
    form_path,
    main_text,
    valid_fields,
)
from zip_bombs import (
    DOCUMENT_SHAPES,
    LIMIT_BYTES,
    ODT,
    SHAPES,
    BombShelf,
    megabytes,
    process_peak_growth,
    python_peak_growth,
)

from ombud.cases import services
from ombud.cases.models import Document
from ombud.public import abuse
from ombud.public.models import Submission

PATH = form_path("dnv/complaint")


def png() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack("!I", len(data)) + kind + data
                + struct.pack("!I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack("!IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def send_with(visitor: PublicClient, *files):
    return visitor.send(PATH, valid_fields("dnv/complaint"),
                        files={"attachments": list(files)})


def assert_refused(response, before: dict, files_before: list, settings, words: str) -> str:
    assert response.status_code == 400
    problem = field_error(response.content.decode(), "attachments")
    assert words in problem, problem
    assert footprint() == before
    assert stored_files(settings) == files_before  # no file written either
    return problem


# -- judged by the bytes ----------------------------------------------------------------------


def test_a_png_named_txt_is_stored_as_image_png(people, settings):
    visitor = PublicClient()
    response, key = send_with(visitor, upload("notes.txt", png(), "text/plain"))
    assert response.status_code == 302
    case = Submission.objects.get(key=key).case
    document = case.documents.get(from_complainant=True)
    assert document.content_type == "image/png"
    with document.file.open("rb") as stored:
        assert stored.read() == png()
    assert document.size == len(png())


def test_a_pdf_named_exe_is_accepted_as_the_pdf_it_is(people):
    response, key = send_with(PublicClient(), upload("scan.exe", PDF, "application/x-msdownload"))
    assert response.status_code == 302
    document = Submission.objects.get(key=key).case.documents.get(from_complainant=True)
    assert document.content_type == "application/pdf"


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48,  # Windows
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,  # Linux
    b"#!/bin/sh\x00rm -rf /\n",
], ids=["windows-exe", "elf", "binary-script"])
def test_an_executable_named_pdf_is_refused(people, settings, content):
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("decision.pdf", content))
    problem = assert_refused(response, before, files_before, settings, "decision.pdf")
    assert "judged by its content" in problem


@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    b"<html><body>hello</body></html>",
    b"  \n<HTML><script>alert(1)</script>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"<?xml version='1.0'?><html/>",
    b"<script>alert(document.cookie)</script>",
    b"<body onload=alert(1)>",
    b"<!-- a note --><html><script>alert(1)</script></html>",
    b"\xef\xbb\xbf<html><script>alert(1)</script></html>",
    b"<iframe src=javascript:alert(1)></iframe>",
], ids=["doctype", "html", "html-after-space", "svg", "xml", "script", "body", "comment-first",
        "bom-first", "iframe"])
def test_html_named_pdf_is_refused(people, settings, content):
    """What a browser would take for a web page (WHATWG MIME sniffing: a document starting, after
    white space or a byte order mark, with <!DOCTYPE HTML, <HTML, <SCRIPT, <BODY, <IFRAME, <!--,
    ...) is not a document a complainant sends; the name .pdf does not make it one."""
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("decision.pdf", content))
    assert_refused(response, before, files_before, settings, "decision.pdf")


def test_plain_text_and_a_word_document_are_accepted(people):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    response, key = send_with(PublicClient(), upload("brief.txt", "Geachte heer, ø å".encode()),
                              upload("brief.docx", docx.getvalue()))
    assert response.status_code == 302
    types = sorted(Submission.objects.get(key=key).case.documents.filter(
        from_complainant=True).values_list("content_type", flat=True))
    assert types == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "text/plain"]


# -- containers judged by their stored headers, never inflated (issue 9, finding 2) -----------


def odt(*, mimetype_stored: bool = True) -> bytes:
    """A small OpenDocument text: ``mimetype`` first and stored, as the ODF standard wants."""
    found = io.BytesIO()
    with zipfile.ZipFile(found, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED
                         if mimetype_stored else zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return found.getvalue()


def test_an_odt_with_its_mimetype_stored_first_is_accepted(people):
    response, key = send_with(PublicClient(), upload("brief.odt", odt()))
    assert response.status_code == 302
    document = Submission.objects.get(key=key).case.documents.get(from_complainant=True)
    assert document.content_type == ODT.decode()


def test_f2_an_odt_whose_mimetype_is_compressed_is_refused(people, settings):
    """Judging it would mean inflating the entry: the standard keeps it stored, so a compressed
    one is not an OpenDocument file we accept."""
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("brief.odt", odt(mimetype_stored=False)))
    assert_refused(response, before, files_before, settings, "judged by its content")


def test_f2_an_archive_with_thousands_of_entries_is_refused(people, settings):
    """A Word document holds dozens of parts; the directory of an archive with thousands is
    not read into memory entry by entry."""
    crowded = io.BytesIO()
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(5000):
            archive.writestr(f"word/media/{number}", b"")
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("brief.docx", crowded.getvalue()))
    assert_refused(response, before, files_before, settings, "judged by its content")


@pytest.fixture(scope="session")
def bombs(tmp_path_factory) -> dict[str, Path]:
    """The zip bombs of ``zip_bombs``, each written once per test run (a second each) when a
    test first needs it; the pytest-xdist workers of one run share them."""
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the run's folder, above each worker's own
        folder = tmp_path_factory.getbasetemp().parent / "bombs"
        folder.mkdir(exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("bombs")
    return BombShelf(folder)


@pytest.mark.parametrize("shape", SHAPES)
def test_f2_a_zip_bomb_sent_with_the_form_is_refused_within_64_mb(people, settings, bombs,
                                                                  shape):
    content = bombs[shape].read_bytes()
    assert len(content) < 500 * 1024  # small on the wire: 400 MB once inflated
    visitor = PublicClient()
    key, puzzle = visitor.open_form(PATH)
    fields = {"key": key, "proof": abuse.solve(puzzle), **valid_fields("dnv/complaint"),
              "attachments": upload("brief.odt", content, ODT.decode())}
    before, files_before = footprint(), stored_files(settings)
    response, growth = python_peak_growth(lambda: visitor.post(PATH, fields))
    print(f"\nzip bomb ({shape}, {len(content) // 1024} KB) on the form: peak memory growth "
          f"{megabytes(growth)}")
    assert growth < LIMIT_BYTES, megabytes(growth)
    assert_refused(response, before, files_before, settings, "brief.odt")


def test_f2_a_zip_bomb_sent_on_the_private_page_is_refused_within_64_mb(people, settings,
                                                                        bombs, filed):
    case, token, visitor = filed("dnv/complaint")
    content = bombs["deflated_mimetype"].read_bytes()
    before, files_before = footprint(), stored_files(settings)
    response, growth = python_peak_growth(lambda: visitor.post(
        f"/track/{token}/upload/", {"title": "Brief", "document": upload("brief.odt", content)}))
    print(f"\nzip bomb ({len(content) // 1024} KB) on /track/<token>/upload/: peak memory "
          f"growth {megabytes(growth)}")
    assert growth < LIMIT_BYTES, megabytes(growth)
    assert response.status_code == 400
    assert "judged by its content" in field_error(response.content.decode(), "document")
    assert footprint() == before and stored_files(settings) == files_before


@pytest.mark.parametrize("shape", SHAPES)
def test_f2_judging_a_zip_bomb_grows_a_fresh_process_by_less_than_64_mb(bombs, shape):
    """The resident set, not only Python's allocations: what zlib would allocate counts too."""
    found, growth = process_peak_growth(bombs[shape])
    print(f"\nzip bomb ({shape}) judged in a fresh process: peak resident growth "
          f"{megabytes(growth)}")
    assert found == "None"
    assert growth < LIMIT_BYTES, megabytes(growth)


@pytest.mark.parametrize("shape", DOCUMENT_SHAPES)
def test_f2_a_document_whose_content_is_a_bomb_is_recognized_without_inflating_it(bombs,
                                                                                  shape):
    found, growth = process_peak_growth(bombs[shape])
    assert found == DOCUMENT_SHAPES[shape]
    assert growth < LIMIT_BYTES, megabytes(growth)


# -- how many, how large ----------------------------------------------------------------------


def test_too_many_files_are_refused_and_nothing_is_stored(people, settings):
    settings.OMBUD_ATTACHMENT_MAX_COUNT = 2
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), *(upload(f"{n}.pdf", PDF) for n in range(3)))
    assert_refused(response, before, files_before, settings, "Attach at most 2 files.")


def test_as_many_files_as_allowed_are_all_stored(people, settings):
    settings.OMBUD_ATTACHMENT_MAX_COUNT = 2
    response, key = send_with(PublicClient(), *(upload(f"{n}.pdf", PDF) for n in range(2)))
    assert response.status_code == 302
    assert Submission.objects.get(key=key).case.documents.filter(
        from_complainant=True).count() == 2


def test_a_file_too_large_is_refused_and_nothing_is_stored(people, settings):
    settings.OMBUD_ATTACHMENT_MAX_BYTES = 1024 * 1024
    before, files_before = footprint(), stored_files(settings)
    large = b"a" * (1024 * 1024 + 1)
    response, _ = send_with(PublicClient(), upload("small.pdf", PDF),
                            upload("large.txt", large, "text/plain"))
    assert_refused(response, before, files_before, settings, "large.txt is larger than 1 MB.")


def test_a_file_of_exactly_the_largest_size_is_accepted(people, settings):
    settings.OMBUD_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response, _ = send_with(PublicClient(), upload("full.txt", b"a" * (1024 * 1024),
                                                   "text/plain"))
    assert response.status_code == 302


# -- kept outside the public URL space, given only to those allowed ---------------------------


def test_an_attachment_is_stored_outside_every_public_url(people, settings, filed):
    import ombud.settings as defaults

    case, token, visitor = filed("dnv/complaint")
    response = visitor.post(f"/track/{token}/upload/", {
        "title": "Verklaring", "document": upload("verklaring.pdf", PDF)})
    assert response.status_code == 302
    document = case.documents.get(from_complainant=True)
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    # by default the files live in the data directory, not among the static files
    static_dirs = [Path(folder) for folder in defaults.STATICFILES_DIRS]
    if defaults.STATIC_ROOT:
        static_dirs.append(Path(defaults.STATIC_ROOT))
    assert not any(Path(defaults.MEDIA_ROOT).is_relative_to(folder) for folder in static_dirs)
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")  # no URL prefix serves them
    stored_name = document.file.name
    assert "verklaring" not in stored_name.lower()  # the complainant's file name is not used
    for guess in (f"/{stored_name}", f"/media/{stored_name}", f"/files/{stored_name}",
                  f"/static/{stored_name}", f"/static/../files/{stored_name}",
                  f"/{Path(stored_name).name}", f"/media/{Path(stored_name).name}"):
        assert PublicClient().get(guess).status_code == 404, guess
    shown = visitor.get(f"/track/{token}/documents/{document.pk}/")
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == PDF


def test_the_download_carries_the_judged_type_not_the_name(people, filed):
    case, token, visitor = filed("dnv/complaint")
    visitor.post(f"/track/{token}/upload/", {"title": "Foto",
                                            "document": upload("foto.txt", png(), "text/plain")})
    document = case.documents.get(from_complainant=True)
    response = visitor.get(f"/track/{token}/documents/{document.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'{case.reference}-{document.pk}.png' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_cases_link_does_not_open_this_document(people, filed):
    case, token, visitor = filed("dnv/complaint")
    visitor.post(f"/track/{token}/upload/", {"title": "Bewijs",
                                            "document": upload("bewijs.pdf", PDF)})
    document = case.documents.get(from_complainant=True)
    _, other_token, other = filed("dnv/complaint")
    assert other.get(f"/track/{other_token}/documents/{document.pk}/").status_code == 404
    letter = case.documents.get(kind="letter")
    assert other.get(f"/track/{other_token}/documents/{letter.pk}/").status_code == 404


def test_a_staff_document_that_is_not_a_letter_is_not_given_on_the_private_page(
        people, filed, dnv_handler):
    case, token, visitor = filed("dnv/complaint")
    internal = services.document_attach(
        case=case, upload=upload("memo.txt", b"Internal memo", "text/plain"),
        title="Internal memo", actor=dnv_handler)
    assert visitor.get(f"/track/{token}/documents/{internal.pk}/").status_code == 404
    assert "Internal memo" not in main_text(visitor.get(f"/track/{token}/").content.decode())


def test_staff_of_the_organization_download_it_and_nobody_else(people, filed, client):
    case, token, visitor = filed("dnv/complaint")
    visitor.post(f"/track/{token}/upload/", {"title": "Bewijs",
                                            "document": upload("bewijs.pdf", PDF)})
    document = case.documents.get(from_complainant=True)
    url = f"/dnv/cases/{case.reference}/documents/{document.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(people["pp"]["handler"])
    assert client.get(url).status_code == 404
    client.force_login(people["dnv"]["handler"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


# -- the virus scanner (clamd INSTREAM over a real socket) ------------------------------------


def test_a_clean_file_is_scanned_over_instream_and_stored(people, clamd):
    content = b"%PDF-1.4\n" + bytes(range(256)) * 600  # more than one 64 KiB chunk
    response, key = send_with(PublicClient(), upload("clean.pdf", content))
    assert response.status_code == 302
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.streams == [content]  # the scanner saw exactly the bytes that were stored
    document = Submission.objects.get(key=key).case.documents.get(from_complainant=True)
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_eicar_is_refused_with_a_message_and_nothing_is_stored(people, settings, clamd):
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("innocent.txt", EICAR, "text/plain"))
    problem = assert_refused(response, before, files_before, settings, "innocent.txt")
    assert "refused by the virus check" in problem
    assert clamd.streams == [EICAR]


def test_eicar_among_clean_files_refuses_the_whole_submission(people, settings, clamd):
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("clean.pdf", PDF),
                            upload("eicar.txt", EICAR, "text/plain"))
    assert_refused(response, before, files_before, settings, "refused by the virus check")


def test_eicar_sent_later_on_the_private_page_is_refused_and_not_stored(people, settings,
                                                                         filed, clamd):
    case, token, visitor = filed("dnv/complaint")
    before, files_before = footprint(), stored_files(settings)
    response = visitor.post(f"/track/{token}/upload/", {
        "title": "Nog een stuk", "document": upload("stuk.txt", EICAR, "text/plain")})
    assert response.status_code == 400
    assert "refused by the virus check" in field_error(response.content.decode(), "document")
    assert footprint() == before and stored_files(settings) == files_before


@pytest.fixture
def closed_port():
    """A port nobody answers on: bound (so no other test's server gets it) but not listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def test_an_unreachable_scanner_refuses_the_upload_as_not_available(people, settings,
                                                                   closed_port):
    settings.OMBUD_VIRUS_SCANNER = f"clamd://127.0.0.1:{closed_port}"
    before, files_before = footprint(), stored_files(settings)
    response, _ = send_with(PublicClient(), upload("clean.pdf", PDF))
    assert_refused(response, before, files_before, settings, "not available")


def test_an_unreachable_scanner_does_not_stop_a_submission_without_files(people, settings,
                                                                         closed_port):
    settings.OMBUD_VIRUS_SCANNER = f"clamd://127.0.0.1:{closed_port}"
    response, _ = PublicClient().send(PATH, valid_fields("dnv/complaint"))
    assert response.status_code == 302


def test_a_scanner_answering_nonsense_refuses_the_upload(people, settings):
    """Neither OK nor FOUND (an error, a size limit): not let through."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer_badly():
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"INSTREAM size limit exceeded. ERROR\0")

    thread = threading.Thread(target=answer_badly, daemon=True)
    thread.start()
    settings.OMBUD_VIRUS_SCANNER = f"clamd://127.0.0.1:{listener.getsockname()[1]}"
    try:
        before, files_before = footprint(), stored_files(settings)
        response, _ = send_with(PublicClient(), upload("clean.pdf", PDF))
        assert_refused(response, before, files_before, settings, "not available")
    finally:
        thread.join(timeout=5)
        listener.close()


def test_an_unused_document_id_is_not_found(people, filed):
    case, token, visitor = filed("dnv/complaint")
    top = Document.objects.order_by("-pk").first().pk
    assert visitor.get(f"/track/{token}/documents/{top + 1000}/").status_code == 404


def test_the_attachments_are_listed_on_the_private_page(people, settings):
    visitor = PublicClient()
    case, token = file_valid(visitor, "dnv/complaint",
                             attachments=[upload("bewijs.pdf", PDF)])
    assert "bewijs.pdf" in main_text(visitor.get(f"/track/{token}/").content.decode())
