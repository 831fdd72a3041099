"""A small form sent as multipart/form-data (the public form is, for its attachments) parsed by
``multipart``, a parser about six times faster than Django's: Django's spends half a
millisecond on the public form's fifteen fields, a tenth of the submission (issue 15, item 4;
bench/bench_intake.py). What the page then reads is what Django's parser gives: ``request.POST``
with every value of every field, in order, and ``request.FILES`` empty.

Only a body of text fields takes this way: one that carries a file (a part with a file name), an
unusual part (a transfer encoding), more fields than Django allows, text that is not the
request's encoding, or anything the parser refuses is left to Django's parser, which reads the
same bytes and answers as it always does (a file uploaded, a 400 for too many fields). A file
input sent empty (no file chosen) is an empty field, as Django reads it."""

from __future__ import annotations

import io

import multipart
from django.conf import settings
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

SMALL_FORM_BYTES = 64 * 1024  # a form of text fields; anything larger is Django's to parse


class SmallFormParsing:
    """Before any middleware or view reads ``request.POST``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            parsed_quickly(request)
        return self.get_response(request)


def parsed_quickly(request) -> bool:
    """Parse a small multipart form of text fields into ``request.POST``; False (and nothing
    set) when it is Django's to parse."""
    content_type, options = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    boundary = options.get("boundary", "")
    if content_type != "multipart/form-data" or not boundary:
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


def _fields(body: bytes, boundary: str, charset: str) -> list[tuple[str, str]] | None:
    """The (name, value) pairs of a body of text fields; None when it holds anything else."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    fields = []
    try:
        for part in multipart.MultipartParser(io.BytesIO(body), boundary, len(body),
                                              charset=charset, strict=True):
            if part.filename:
                return None  # a file: Django's upload handlers take it
            if not part.name or "Content-Transfer-Encoding" in part.headers or (
                    part.filename is None and "Content-Type" in part.headers):
                return None  # a part Django reads its own way
            # A file input sent empty (filename="") is a field to Django: so it is here.
            fields.append((part.name, part.value))
            if limit is not None and len(fields) > limit:
                return None  # Django refuses it, in its words
    except (multipart.MultipartError, UnicodeDecodeError, ValueError):
        return None
    return fields
