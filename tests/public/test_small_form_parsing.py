"""Issue 15, item 4: a small form of text fields is parsed by ``multipart``
(ombud/web/small_forms.py) and reads exactly as Django's parser reads it; anything else is left
to Django's parser."""

from __future__ import annotations

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
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
