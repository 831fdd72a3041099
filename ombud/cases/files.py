"""Documents that come from outside, from the public or from staff: the type is judged by the
bytes, never by the name or the browser's word; a virus scanner is asked when one is configured
(clamd's INSTREAM protocol); a download carries only a type judged safe, as an attachment.

Containers (Word, OpenDocument) are judged by what their zip headers store, never by inflating
what they compress: 400 KB can inflate to 400 MB (issue 9, finding 2). Nothing here inflates;
should a check ever need to, it must bound the output (zlib.decompressobj with max_length)."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.cases.erasure import ERASURE_EVENT, GROUNDS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPTED = {  # what may come in: documents and photos
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
    "image/gif": ".gif", "image/webp": ".webp", "text/plain": ".txt", DOCX: ".docx", ODT: ".odt",
}
SERVED = {**ACCEPTED, "text/plain; charset=utf-8": ".txt"}  # and the texts Ombud writes itself


def sniff(content: bytes) -> str | None:
    """The content type the bytes show, or None when they are not one we accept."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return "text/plain" if _is_text(content) else None


# -- containers, by their stored headers --------------------------------------------------------

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a zip entry's local header: 30 bytes
_DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")  # an entry of the central directory: 46 bytes
_DIRECTORY_END = struct.Struct("<4s4H2LH")  # the end of the central directory: 22 bytes
MAX_ENTRIES = 1000  # a Word document holds dozens of parts; more is not a letter
STORED = 0
HAS_DATA_DESCRIPTOR = 0x08  # the sizes follow the content instead of standing in the header


def _office_type(content: bytes) -> str | None:
    names = _entry_names(content)
    if names is None:
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if names[:1] == ["mimetype"] and _stored_mimetype(content) == ODT.encode():
        return ODT
    return None


def _stored_mimetype(content: bytes) -> bytes:
    """What the first entry says when it is ODF's ``mimetype``: first, stored uncompressed,
    without extra field, so that its content starts at byte 38 (ODF 1.2, part 3, 3.3). Any other
    shape gives b"" (a compressed one would have to be inflated to be read)."""
    if len(content) < _LOCAL_HEADER.size:
        return b""
    (_, _, flags, method, _, _, _, packed, size, name_length,
     extra_length) = _LOCAL_HEADER.unpack_from(content)
    if (method != STORED or flags & HAS_DATA_DESCRIPTOR or packed != size
            or size > len(ODT) or (name_length, extra_length) != (8, 0)
            or content[30:38] != b"mimetype"):
        return b""
    return content[38:38 + size]


def _entry_names(content: bytes) -> list[str] | None:
    """The entry names of the central directory, in order, read from its headers alone; None
    when it is not an archive we read: damaged, zip64, over MAX_ENTRIES, or a name twice (a
    reader going by name would take another entry than one going by position)."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - _DIRECTORY_END.size - 0xFFFF))
    if end < 0 or end + _DIRECTORY_END.size > len(content):
        return None
    _, _, _, _, count, size, offset, _ = _DIRECTORY_END.unpack_from(content, end)
    if count > MAX_ENTRIES or offset + size > end:
        return None
    names = []
    for _ in range(count):
        if offset + _DIRECTORY_ENTRY.size > end:
            return None
        entry = _DIRECTORY_ENTRY.unpack_from(content, offset)
        if entry[0] != b"PK\x01\x02":
            return None
        name_length, extra_length, comment_length = entry[10:13]
        start = offset + _DIRECTORY_ENTRY.size
        names.append(content[start:start + name_length].decode("utf-8", "replace"))
        offset = start + name_length + extra_length + comment_length
    return names if len(set(names)) == len(names) else None


# Text that a browser could take for markup: refused as a text file (WHATWG sniffing patterns).
MARKUP_STARTS = ("<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div",
                 "<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p",
                 "<!--", "<?xml", "<svg")


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    start = text.lstrip("\ufeff \t\r\n\x0c").lower()
    return not any(start.startswith(tag) and (len(start) == len(tag) or not start[len(tag)]
                   .isalnum() or tag in ("<!--", "<?xml"))
                   for tag in MARKUP_STARTS)


class ScannerUnavailable(Exception):
    """The configured scanner did not answer: the upload is refused, not let through."""


def scan(content: bytes) -> str | None:
    """The name of what the scanner found, or None when clean or when no scanner is set."""
    address = settings.OMBUD_VIRUS_SCANNER
    if not address:
        return None
    try:
        with _connect(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), 64 * 1024):
                chunk = content[start:start + 64 * 1024]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = _read_reply(connection)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    if reply.endswith("OK"):
        return None
    if reply.endswith("FOUND"):
        return reply.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(reply)


def _connect(address: str) -> socket.socket:
    parts = urlsplit(address)
    if parts.hostname:
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=30)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.settimeout(30)
    unix.connect(parts.path)
    return unix


def _read_reply(connection: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


# -- one upload, checked; one document, served --------------------------------------------------


class Refused(Exception):
    """Why a file is not taken, in the sender's language."""


@dataclass(frozen=True)
class Checked:
    """An uploaded file read and judged: its bytes and the type they show."""

    name: str
    content: bytes
    content_type: str


def check(upload, *, max_bytes: int) -> Checked:
    """Judge one uploaded file: its size before a byte is read, then the type its bytes show,
    then the virus scanner. Raises ``Refused``, saying why."""
    if upload.size > max_bytes:
        raise Refused(_("%(name)s is larger than %(size)s MB.") % {
            "name": upload.name, "size": max_bytes // (1024 * 1024)})
    content = upload.read()
    content_type = sniff(content)
    if content_type is None:
        raise Refused(_("%(name)s is not a PDF, Word, OpenDocument, text or image file (judged "
                        "by its content).") % {"name": upload.name})
    try:
        found = scan(content)
    except ScannerUnavailable as error:
        raise Refused(_("The virus check is not available right now; please try again in a "
                        "few minutes.")) from error
    if found:
        raise Refused(_("%(name)s was refused by the virus check.") % {"name": upload.name})
    return Checked(upload.name, content, content_type)


def served_type(content_type: str) -> str:
    """The type a stored document is served as: one we judged safe, else plain bytes (files
    kept before every upload was judged carry what the browser claimed)."""
    return content_type if content_type in SERVED else "application/octet-stream"


def download(document, name: str) -> FileResponse:
    """``document`` as a download named ``name`` with the extension of its served type, which
    the browser may not second-guess."""
    content_type = served_type(document.content_type)
    extension = SERVED.get(content_type, ".bin")
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=f"{PurePath(name).stem}{extension}",
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The entries that remove a file: the privacy officer's erasure and the retention job's.
REMOVING_EVENTS = (ERASURE_EVENT, "anonymized")


def removal_note(document) -> str:
    """Why ``document`` has no file any more, as one translated sentence ("removed on 3 March
    2027: the retention period ended"), from the case's last entry that removed files; empty
    while it has its file (GDPR art. 5(1)(e), 17)."""
    if document.file:
        return ""
    entry = (document.case.events.filter(type__in=REMOVING_EVENTS).order_by("-seq")
             .values_list("on", "data").first())
    if entry is None:
        return _("The file is no longer held.")
    on, data = entry
    data = data if isinstance(data, dict) else {}
    ground = data.get("erasure_ground") or data.get("ground") or ""
    return _("Removed on %(day)s: %(ground)s.") % {
        "day": date_format(on, "DATE_FORMAT"),
        "ground": GROUNDS.get(ground, _("the personal data was erased"))}


def removed_response(request, document, *, base: str) -> HttpResponse:
    """410 Gone for a document whose file retention or erasure removed: a page saying when and
    why, in the reader's language, never a server error."""
    return render(request, "cases/document_removed.html",
                  {"base": base, "document": document, "note": removal_note(document),
                   "organization": document.case.organization,
                   "staff": base == "base.html"}, status=410)
