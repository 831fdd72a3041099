"""A small form sent as multipart/form-data (the public form is, for its attachments), read
quickly when it is written exactly as browsers write a form of text fields: Django's parser
spends half a millisecond on the public form's fifteen fields, a tenth of the submission
(issue 15, item 4; bench/bench_intake.py); splitting such a body at its boundary and matching
each part takes a twentieth of that. What the page then reads is what Django's parser gives:
``request.POST`` with every value of every field, in order, and ``request.FILES`` empty.

Only a body of text fields in UTF-8 takes this way: one that carries a file (a part with a
file name), an unusual part (a transfer encoding, another header, quoting, escapes or line
endings that parsers read differently), more fields than Django allows, or text that is not
the request's encoding is left to Django's parser, which reads the same bytes and answers as
it always does (a file uploaded, a 400 for too many fields). A file input sent empty (no file
chosen) is an empty field, as Django reads it."""

from __future__ import annotations

import codecs
import re

from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict, UnreadablePostError
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
    cannot replace what it cannot decode (idna; punycode past ASCII), or, urlencoded, not UTF-8
    (Django: BadRequest, whose page then fails the same way); or a Content-Type Django could
    not read at all (``handler.Request``)."""
    if getattr(request, "content_type_unreadable", False):
        return True
    if not request.encoding or request.content_type not in (
            "multipart/form-data", "application/x-www-form-urlencoded"):
        return False
    try:
        _EVERY_BYTE.decode(request.encoding, "replace")
    except (LookupError, UnicodeError):
        return True
    return (request.content_type == "application/x-www-form-urlencoded"
            and codecs.lookup(request.encoding).name != "utf-8")


_EVERY_BYTE = bytes(range(256))


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
    try:
        body = request.body
    except UnreadablePostError:
        # The client broke off: Django's reading of POST then finds it empty, and the CSRF
        # check refuses the form, as when it met the broken connection itself (not a 500).
        return False
    fields = _fields(body, boundary, request.encoding or settings.DEFAULT_CHARSET)
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

# One part of a form of text fields exactly as browsers write it: a plain name, and for a file
# input sent empty filename="" and perhaps a type. Any other header, quoting, escape or line
# ending (which parsers read differently) is Django's to read, and so is a type longer than a
# browser writes: Django's parser looks for a part's headers in its first 1,024 bytes only.
_PART = re.compile(
    rb'Content-Disposition: form-data; name="([A-Za-z0-9_.:\[\]-]{1,200})"'
    rb'(?:; filename=""\r\n(?:Content-Type: [!-~](?:[ -~]{0,198}[!-~])?\r\n)?|\r\n)'
    rb"\r\n(.*)\Z", re.DOTALL)


def _fields(body: bytes, boundary: str, charset: str) -> list[tuple[str, str]] | None:
    """The (name, value) pairs of a body of text fields; None when it holds anything else: a
    preamble or an epilogue, a part not as browsers write it, text not in UTF-8, the boundary
    anywhere but between parts (Django's parser takes it for one wherever it appears, even
    inside a value), more fields than Django allows."""
    try:
        if codecs.lookup(charset).name != "utf-8":
            return None  # what browsers send; another (even rot13, zlib) is Django's to read
    except LookupError:
        return None
    delimiter = b"--" + boundary.encode("ascii")
    opening, closing = delimiter + b"\r\n", b"\r\n" + delimiter + b"--\r\n"
    if not (body.startswith(opening) and body.endswith(closing)):
        return None
    parts = body[len(opening):-len(closing)].split(b"\r\n" + opening)
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if body.count(delimiter) != len(parts) + 1 or (limit is not None and len(parts) > limit):
        return None
    fields = []
    for part in parts:
        found = _PART.match(part)
        if found is None:
            return None
        try:
            # Django decodes a field in the request's encoding, whatever the part says.
            fields.append((found[1].decode("ascii"), found[2].decode(charset)))
        except UnicodeError:
            return None
    return fields
