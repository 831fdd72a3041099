"""Issue 15, item 4: a small form of text fields is read quickly (ombud/web/small_forms.py)
and reads exactly as Django's parser reads it; anything else is left to Django's parser."""

from __future__ import annotations

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParserError
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from hypothesis import given
from hypothesis import strategies as st

from ombud.web.small_forms import SMALL_FORM_BYTES, parsed_quickly

FORM = {"key": "k" * 40, "name": "Sanne de Vries", "email": "sanne@example.org",
        "title": "Endret turnus på kort varsel", "description": "Linje én\r\nlinje to",
        "consent": "on", "website": ""}


def _request(body: bytes, content_type: str = MULTIPART_CONTENT):
    return RequestFactory().generic("POST", "/pp/complaint/new/", body, content_type=content_type)


def _both(body: bytes, content_type: str = MULTIPART_CONTENT):
    """(the quick parse, whether it was taken; Django's parse of the same bytes)."""
    quick, django = _request(body, content_type), _request(body, content_type)
    taken = parsed_quickly(quick)
    return quick, taken, django


def test_item_4_a_small_form_reads_as_djangos_parser_reads_it():
    quick, taken, django = _both(encode_multipart(BOUNDARY, {**FORM, "about": ["a", "b"]}))
    assert taken
    assert list(quick.POST.lists()) == list(django.POST.lists())
    assert quick.POST.getlist("about") == ["a", "b"] and not quick.POST._mutable
    assert not quick.FILES and not django.FILES


@pytest.mark.slow
@given(st.lists(st.tuples(st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
                          st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)),
                min_size=1, max_size=30))
def test_item_4_any_text_fields_read_as_djangos_parser_reads_them(pairs):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    quick, taken, django = _both(encode_multipart(BOUNDARY, data))
    assert taken
    assert list(quick.POST.lists()) == list(django.POST.lists())


_PIECES = [b"\r\n", b"\n", b'"', b"\\", b";", b"%22", b"--", f"--{BOUNDARY}".encode(),
           b"Content-Type: text/plain\r\n", b'; filename=""', b"\xc3", b"\xe9", b" ", b"\x00",
           b'name="x"', b"Content-Disposition: form-data; "]


@pytest.mark.slow
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3),
                          st.sampled_from(_PIECES)), min_size=1, max_size=4))
def test_item_4_a_damaged_body_is_read_as_django_reads_it_or_left_to_django(edits):
    """A browser's body with bytes put in, taken out or replaced where it matters most (line
    endings, quotes, the boundary, headers, broken UTF-8): read quickly only as Django reads
    it."""
    body = encode_multipart(BOUNDARY, {**FORM, "about": ["a", "b"]})
    for at, removed, piece in edits:
        at %= len(body) + 1
        body = body[:at] + piece + body[at + removed:]
    _read_alike_when_taken(*_both(body))


_NAMES = st.from_regex(r"[A-Za-z0-9_.:\[\]-]{1,200}", fullmatch=True)
_TYPES = st.one_of(st.none(), st.builds(lambda length, end: "t" * length + end,
                                        st.integers(0, 1100), st.sampled_from(["/plain", " x"])))


@pytest.mark.slow
@given(st.lists(st.tuples(_NAMES, st.booleans(), _TYPES,
                          st.sampled_from(["", "v", "--", f"x--{BOUNDARY}", "\r\n\r\n", "é"])),
                min_size=1, max_size=8),
       st.sampled_from([BOUNDARY, "-", "a b", '"q"', "----WebKitFormBoundaryAbC09"]))
def test_item_4_parts_of_every_name_and_empty_file_type_read_as_django_reads_them(parts,
                                                                                  boundary):
    """Every name the quick way takes, empty file inputs with types of any length (Django
    looks for a part's headers in its first 1,024 bytes), odd boundaries: read quickly only as
    Django reads them."""
    written = boundary.strip('"')
    body = b""
    for name, empty_file, content_type, value in parts:
        header = f'Content-Disposition: form-data; name="{name}"'
        if empty_file:
            header += '; filename=""' + (f"\r\nContent-Type: {content_type}"
                                         if content_type else "")
        body += f"--{written}\r\n{header}\r\n\r\n{value}\r\n".encode()
    body += f"--{written}--\r\n".encode()
    _read_alike_when_taken(*_both(body, f"multipart/form-data; boundary={boundary}"))


def _read_alike_when_taken(quick, taken: bool, django) -> None:
    """Taken quickly, the body reads as Django's parser reads it: the same fields, no file."""
    if not taken:
        return
    try:
        expected = list(django.POST.lists())
    except MultiPartParserError:
        pytest.fail("taken quickly, but Django's parser refuses it")
    assert list(quick.POST.lists()) == expected
    assert not django.FILES


def test_item_4_a_file_input_sent_empty_reads_as_django_reads_it():
    body = encode_multipart(BOUNDARY, FORM).replace(
        f"--{BOUNDARY}--".encode(),
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n\r\n--{BOUNDARY}--".encode())
    quick, taken, django = _both(body)
    assert taken
    assert list(quick.POST.lists()) == list(django.POST.lists())
    assert quick.POST["attachments"] == "" and not quick.FILES and not django.FILES


def test_item_4_a_form_with_a_file_is_left_to_django():
    upload = SimpleUploadedFile("klage.pdf", b"%PDF-1.7 a complaint", "application/pdf")
    quick, taken, _ = _both(encode_multipart(BOUNDARY, {**FORM, "attachments": upload}))
    assert not taken
    assert quick.FILES["attachments"].read() == b"%PDF-1.7 a complaint"
    assert quick.POST["name"] == "Sanne de Vries"


def test_item_4_more_fields_than_django_allows_get_djangos_refusal(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    quick, taken, _ = _both(encode_multipart(BOUNDARY, FORM))
    assert not taken
    with pytest.raises(TooManyFieldsSent):
        quick.POST  # noqa: B018 (reading it is what refuses)


def test_item_4_what_the_quick_parser_does_not_take_is_djangos():
    large = encode_multipart(BOUNDARY, {**FORM, "description": "x" * SMALL_FORM_BYTES})
    not_utf8 = encode_multipart(BOUNDARY, FORM).replace(b"Sanne", b"S\xe9nne")
    encoded = encode_multipart(BOUNDARY, FORM).replace(
        b'name="title"\r\n', b'name="title"\r\nContent-Transfer-Encoding: base64\r\n')
    cut_short = encode_multipart(BOUNDARY, FORM)[:-20]
    for body in (large, not_utf8, encoded, cut_short):
        quick, taken, django = _both(body)
        assert not taken
        assert not hasattr(quick, "_post")  # Django's parser reads it when asked, as before
    assert _both(encode_multipart(BOUNDARY, FORM), "application/x-www-form-urlencoded")[1] is False
    quick, _, _ = _both(not_utf8)
    assert quick.POST["name"] == "S\ufffdnne de Vries"  # Django's own replacement, as always


def _part(headers: list[bytes], value: bytes = b"v") -> bytes:
    return (f"--{BOUNDARY}\r\n".encode() + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
            + value + b"\r\n")


_END = f"--{BOUNDARY}--\r\n".encode()
_NAMED = b"Content-Disposition: form-data; name="

# Bodies no browser writes, which multipart and Django's parser read differently: each must
# read as Django reads it (the quick way may only be taken where the two agree).
UNUSUAL_BODIES = {
    "percent_encoded_quote_in_name": _part([_NAMED + b'"a%22b"']) + _END,
    "percent_encoded_newline_in_name": _part([_NAMED + b'"key%0A"']) + _END,
    "escaped_backslash_in_name": _part([_NAMED + b'"a\\\\b"']) + _END,
    "name_and_rfc2231_name": _part([_NAMED + b"\"a\"; name*=UTF-8''b"]) + _END,
    "name_with_spaces_around": _part([_NAMED + b'" key "']) + _END,
    "space_before_the_header_colon": _part([b'Content-Disposition : form-data; name="a"'])
    + _END,
    "boundary_inside_a_value": _part([_NAMED + b'"a"'], f"x--{BOUNDARY}y".encode()) + _END,
    "part_charset_on_an_empty_file_input": _part(
        [_NAMED + b'"f"; filename=""',
         b"Content-Type: application/octet-stream; charset=latin-1"], "é".encode("latin-1"))
    + _END,
}


@pytest.mark.parametrize("body", UNUSUAL_BODIES.values(), ids=UNUSUAL_BODIES.keys())
def test_item_4_an_unusual_body_reads_as_djangos_parser_reads_it(body):
    quick, _, django = _both(body)
    assert list(quick.POST.lists()) == list(django.POST.lists())
    assert list(quick.FILES) == list(django.FILES)


def _with_part(part: str) -> bytes:
    """The browser's form with one more part (its headers, a blank line, its content) last."""
    return encode_multipart(BOUNDARY, FORM).replace(
        f"--{BOUNDARY}--".encode(), f"--{BOUNDARY}\r\n{part}\r\n--{BOUNDARY}--".encode())


def test_item_4_a_file_named_the_rfc_2231_way_is_an_upload_not_a_field():
    """filename*=UTF-8''... (no filename=): Django's parser takes it as a file; the quick way
    read it as a text field and the complaint was filed without its attachment."""
    body = _with_part("Content-Disposition: form-data; name=\"attachments\"; "
                      "filename*=UTF-8''klage.txt\r\n\r\nThe letter")
    quick, taken, _ = _both(body)
    assert not taken
    assert quick.FILES["attachments"].read() == b"The letter"
    assert "attachments" not in quick.POST


@pytest.mark.parametrize("content_type", [
    f"Multipart/Form-Data; boundary={BOUNDARY}",  # Django: "Invalid Content-Type"
    f"multipart/form-data; boundary={BOUNDARY}; x=é",  # Django: non-ASCII Content-Type
])
def test_item_4_a_content_type_djangos_parser_refuses_is_refused(content_type):
    quick, taken, _ = _both(encode_multipart(BOUNDARY, FORM), content_type)
    assert not taken
    with pytest.raises(MultiPartParserError):
        quick.POST  # noqa: B018


def test_item_4_a_charset_that_is_no_text_encoding_is_left_to_django():
    """charset=rot13 (a codec, not a text encoding): the quick way raised LookupError."""
    content_type = f"{MULTIPART_CONTENT}; charset=rot13"
    assert parsed_quickly(_request(encode_multipart(BOUNDARY, FORM), content_type)) is False


@pytest.mark.parametrize("content_type", [
    f"{MULTIPART_CONTENT}; charset=rot13",
    f"{MULTIPART_CONTENT}; charset=idna",
    "application/x-www-form-urlencoded; charset=zlib_codec",
    "application/x-www-form-urlencoded; charset=latin-1",
    # replaces nothing it cannot read: any byte above 127 (the title's "å") raised in
    # Django's parser, a bare 500 as the others were
    f"{MULTIPART_CONTENT}; charset=punycode",
])
def test_item_4_a_form_in_a_charset_django_cannot_read_is_a_400_not_a_500(people, content_type):
    """With a CSRF cookie (anyone's for a GET), such a POST raised in Django's parser and again
    in the error page's CSRF check: a bare 500 and two tracebacks, to any robot's liking."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/pp/complaint/new/")
    response = client.generic("POST", "/pp/complaint/new/", encode_multipart(BOUNDARY, FORM),
                              content_type=content_type)
    assert response.status_code == 400


def test_item_4_a_part_header_longer_than_django_reads_is_left_to_django():
    """Django's parser looks for a part's headers in its first 1,024 bytes and refuses the body
    without them; the quick way took an empty file input's type of any length."""
    body = _with_part('Content-Disposition: form-data; name="attachments"; filename=""\r\n'
                      f"Content-Type: {'a' * 1100}\r\n\r\n")
    quick, taken, _ = _both(body)
    assert not taken
    with pytest.raises(MultiPartParserError):
        quick.POST  # noqa: B018


class _BrokenOff:
    """A body the client broke off (the connection reset midway), as gunicorn hands it on."""

    def read(self, *args):
        raise ConnectionResetError(104, "Connection reset by peer")

    def readline(self, *args):
        raise ConnectionResetError(104, "Connection reset by peer")


def _served(environ: dict) -> tuple[str, bytes]:
    """The response of the web processes' handler, which makes its own request (the test
    client makes Django's). Like the test client, it leaves the test's connection open."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from ombud.web.handler import Handler

    answered = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(Handler()(environ, lambda status, headers, *rest: answered.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered[0], body


def _environ(content_type: str, stream=None, method: str = "POST") -> dict:
    body = encode_multipart(BOUNDARY, FORM)
    environ = dict(RequestFactory().generic(method, "/pp/complaint/new/", body,
                                            content_type=MULTIPART_CONTENT).environ)
    environ["CONTENT_TYPE"] = content_type  # one Django's request may not be made with
    if stream is not None:
        environ["wsgi.input"] = stream
    return environ


def test_item_4_a_body_broken_off_is_refused_as_before_not_a_500(people, caplog):
    """The quick way reads the body before the CSRF check, which caught the client's broken
    connection (UnreadablePostError) and refused the form; read first, it was a 500 logged as
    an error with its traceback, which any client makes by resetting its connection."""
    status, _ = _served(_environ(MULTIPART_CONTENT, _BrokenOff()))
    assert status.startswith("403")
    assert "Internal Server Error" not in caplog.text


@pytest.mark.parametrize("content_type", [
    f"{MULTIPART_CONTENT}; x*=idna''a",  # a charset that cannot replace: UnicodeError
    f"{MULTIPART_CONTENT}; x*=no-such-charset''a",  # Django: ValueError
    "text/plain; charset*=idna''utf-8",
])
def test_item_4_a_content_type_django_cannot_read_is_a_400_not_a_500(people, content_type):
    """An RFC 2231 parameter in a charset Python cannot read it in: Django's request raised
    while it was made, before any middleware, on every page: a bare 500 and a traceback for
    any client. A POST with it is refused; a GET is served as if it had no type."""
    status, _ = _served(_environ(content_type))
    assert status.startswith("400")
    status, _ = _served(_environ(content_type, method="GET"))
    assert status.startswith("200")


@pytest.mark.parametrize("accept", ["text/html; q*=idna''x", "text/html; q*=nocharset''x"])
def test_an_accept_header_django_cannot_read_is_read_as_none_not_a_500(people, caplog, accept):
    """Django 5.2 reads the Accept header's RFC 2231 parameters when a view asks what the client
    accepts (``set_language`` without ``next``): one it cannot decode raised, a 500 any client
    made. Read as no Accept header at all (anything accepted), as for a browser that sends
    none."""
    environ = _environ("", method="GET")
    environ.update(PATH_INFO="/i18n/setlang/", HTTP_ACCEPT=accept, CONTENT_LENGTH="0")
    status, _ = _served(environ)
    assert not status.startswith("5"), status
    assert "Internal Server Error" not in caplog.text
