"""A small form sent as multipart/form-data (the public form is, for its attachments) parsed by
``multipart``, a parser about six times faster than Django's: Django's spends half a
millisecond on the public form's fifteen fields, a tenth of the submission (issue 15, item 4;
bench/bench_intake.py). What the page then reads is what Django's parser gives: ``request.POST``
with every value of every field, in order, and ``request.FILES`` empty.

Only a body of text fields in UTF-8, written as a browser writes it, takes this way: one that
carries a file (a part with a file name), an unusual part (a transfer encoding, a header,
quoting or line ending the two parsers read differently: the body is written again from what
was read and must be the same bytes), more fields than Django allows, text that is not the
request's encoding, or anything the parser refuses is left to Django's parser, which reads the
same bytes and answers as it always does (a file uploaded, a 400 for too many fields). A file
input sent empty (no file chosen) is an empty field, as Django reads it."""

from __future__ import annotations

import codecs
import io
import re

import multipart
from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

SMALL_FORM_BYTES = 64 * 1024  # a form of text fields; anything larger is Django's to parse


class SmallFormParsing:
    """Before any middleware or view reads ``request.POST``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            if _undecodable(request):
                # Django's parser would raise (LookupError: a 500), and so would its error
                # pages, which read the body again for their CSRF token (requires_csrf_token).
                return HttpResponseBadRequest()
            parsed_quickly(request)
        return self.get_response(request)


def _undecodable(request) -> bool:
    """A form whose charset Django cannot read it in: no text encoding (rot13, zlib), one that
    cannot replace what it cannot decode (idna), or, urlencoded, not UTF-8 (Django: BadRequest,
    whose page then fails the same way)."""
    if not request.encoding or request.content_type not in (
            "multipart/form-data", "application/x-www-form-urlencoded"):
        return False
    try:
        b"a".decode(request.encoding, "replace")
    except (LookupError, UnicodeError):
        return True
    return (request.content_type == "application/x-www-form-urlencoded"
            and codecs.lookup(request.encoding).name != "utf-8")


def parsed_quickly(request) -> bool:
    """Parse a small multipart form of text fields into ``request.POST``; False (and nothing
    set) when it is Django's to parse."""
    raw_type = request.META.get("CONTENT_TYPE", "")
    content_type, options = parse_header_parameters(raw_type)
    boundary = options.get("boundary", "")
    # Django's parser refuses a type not written ``multipart/`` and a boundary it does not
    # accept (MultiPartParser): those are its to refuse.
    if (content_type != "multipart/form-data" or not raw_type.startswith("multipart/")
            or not raw_type.isascii() or not _BOUNDARY.fullmatch(boundary)):
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return False
    if not 0 < length <= SMALL_FORM_BYTES:
        return False
    fields = _fields(request.body, boundary, request.encoding or settings.DEFAULT_CHARSET)
    if fields is None:
        return False
    posted = QueryDict(mutable=True, encoding=request.encoding)
    for name, value in fields:
        posted.appendlist(name, value)
    posted._mutable = False
    request.POST = posted
    request._files = MultiValueDict()  # what Django sets beside POST (no setter of its own)
    return True


_BOUNDARY = re.compile(r"[ -~]{0,200}[!-~]")  # MultiPartParser.boundary_re


def _fields(body: bytes, boundary: str, charset: str) -> list[tuple[str, str]] | None:
    """The (name, value) pairs of a body of text fields; None when it holds anything else.
    Only a body as a browser writes it is read here: written again from what was read, it must
    be the same bytes (so no header, quoting, line ending, preamble or epilogue that the two
    parsers might read differently), and the boundary must stand only between its parts
    (Django's parser takes it for one wherever it appears, even inside a value)."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    fields = []
    delimiter = f"--{boundary}".encode("ascii")
    written = []
    try:
        if codecs.lookup(charset).name != "utf-8":
            return None  # what browsers send; another (even rot13, zlib) is Django's to read
        for part in multipart.MultipartParser(io.BytesIO(body), boundary, len(body),
                                              charset=charset, strict=True):
            if part.filename:
                return None  # a file: Django's upload handlers take it
            if not part.name or part.name != part.name.strip() or "\\" in part.name:
                return None  # a part Django reads its own way (or names otherwise)
            headers = [("Content-Disposition", f'form-data; name="{part.name}"'
                        + ('; filename=""' if part.filename == "" else ""))]
            if part.filename == "" and "Content-Type" in part.headers:
                # A file input sent empty (filename="") is a field to Django: so it is here.
                headers.append(("Content-Type", part.headers["Content-Type"]))
            if part.headerlist != headers:
                return None  # a transfer encoding, a type, another header or quoting
            raw = part.raw
            # Django decodes a field in the request's encoding, whatever the part says.
            fields.append((part.name, raw.decode(charset)))
            if limit is not None and len(fields) > limit:
                return None  # Django refuses it, in its words
            written += [delimiter, b"\r\n", *(f"{name}: {value}\r\n".encode(charset)
                                               for name, value in headers), b"\r\n", raw,
                        b"\r\n"]
    except (multipart.MultipartError, UnicodeError, ValueError, LookupError):
        return None
    written += [delimiter, b"--\r\n"]
    if b"".join(written) != body or body.count(delimiter) != len(fields) + 1:
        return None
    return fields
