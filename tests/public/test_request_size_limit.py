"""Issue 9, finding 2 (found in review): an upload of any size was written to disk before any
limit applied. A body larger than OMBUD_REQUEST_MAX_BYTES is now refused before it is read."""

from __future__ import annotations

import io

from django.test import Client
from public_world import footprint


class CountingBody(io.BytesIO):
    """A request body that tells how much of it was read."""

    def __init__(self, size: int) -> None:
        super().__init__(b"x" * size)
        self.taken = 0

    def read(self, *args):
        chunk = super().read(*args)
        self.taken += len(chunk)
        return chunk


def post_raw(path: str, size: int, language: str = "en"):
    body = CountingBody(size)
    client = Client()
    client.cookies["django_language"] = language
    response = client.generic("POST", path, data=b"", content_type="multipart/form-data; "
                              "boundary=x", CONTENT_LENGTH=str(size), **{"wsgi.input": body})
    return response, body


def test_finding_2_a_body_over_the_limit_is_refused_unread_on_the_private_page_and_the_form(
        people, settings):
    settings.OMBUD_REQUEST_MAX_BYTES = 2 * 1024 * 1024
    before = footprint()
    for path in ("/track/" + "a" * 43 + "/upload/", "/dnv/objection/new/"):
        response, body = post_raw(path, 3 * 1024 * 1024)
        assert response.status_code == 413, path
        assert body.taken == 0
        assert "larger than 2 MB" in response.content.decode()
    assert footprint() == before


def test_finding_2_the_refusal_is_in_the_senders_language(people, settings):
    settings.OMBUD_REQUEST_MAX_BYTES = 1024 * 1024
    response, _ = post_raw("/dnv/objection/new/", 2 * 1024 * 1024, language="nl")
    assert "Te veel tegelijk verstuurd" in response.content.decode()
    response, _ = post_raw("/dnv/objection/new/", 2 * 1024 * 1024, language="nb")
    assert "For mye sendt på én gang" in response.content.decode()


def test_the_default_limit_leaves_room_for_every_attachment_at_its_largest(settings):
    assert settings.OMBUD_REQUEST_MAX_BYTES > (settings.OMBUD_ATTACHMENT_MAX_COUNT
                                               * settings.OMBUD_ATTACHMENT_MAX_BYTES)
