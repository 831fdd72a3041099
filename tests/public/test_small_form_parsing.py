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
    quick, taken, django = _both(body)
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


def test_item_4_a_file_named_the_rfc_2231_way_is_an_upload_not_a_field():
    """filename*=UTF-8''... (no filename=): Django's parser takes it as a file; the quick way
    read it as a text field and the complaint was filed without its attachment."""
    body = encode_multipart(BOUNDARY, FORM).replace(
        f"--{BOUNDARY}--".encode(),
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachments\"; "
        f"filename*=UTF-8''klage.txt\r\n\r\nThe letter\r\n--{BOUNDARY}--".encode())
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
])
def test_item_4_a_form_in_a_charset_django_cannot_read_is_a_400_not_a_500(people, content_type):
    """With a CSRF cookie (anyone's for a GET), such a POST raised in Django's parser and again
    in the error page's CSRF check: a bare 500 and two tracebacks, to any robot's liking."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/pp/complaint/new/")
    response = client.generic("POST", "/pp/complaint/new/", encode_multipart(BOUNDARY, FORM),
                              content_type=content_type)
    assert response.status_code == 400
