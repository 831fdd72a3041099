"""Issue 9, finding 9: every 5xx is logged, one line with a request id and without personal
data; the 500 page names the same id, in the person's language."""

from __future__ import annotations

import contextlib
import io
import json
import logging

import pytest
from django.test import Client

PRIVATE_TOKEN = "Zx9Kp2Lm7Qr4Tv8Wy1Ab3Cd5Ef"
POSTED = {"name": "Eva Janssen", "email": "eva.janssen@example.org",
          "description": "Mijn diagnose is vertrouwelijk"}


@pytest.fixture
def log_lines():
    """What the configured handler of django.request writes, as it writes it."""
    handler = logging.getLogger("django.request").handlers[0]
    with _written_to(handler) as written:
        yield lambda: written.getvalue().splitlines()


@contextlib.contextmanager
def _written_to(handler):
    """The handler writes into a string for the block. Its stream is swapped, not set with
    ``setStream``: that flushes the old stream, which may be a capture an earlier test in this
    process closed (the order of tests differs with the number of workers)."""
    written = io.StringIO()
    with handler.lock:
        previous, handler.stream = handler.stream, written
    try:
        yield written
    finally:
        with handler.lock:
            handler.stream = previous


@pytest.mark.urls("failing_urls")
def test_finding_9_a_failure_is_logged_with_its_request_id_and_no_personal_data(db, log_lines):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "nb"
    response = client.post(f"/fail/{PRIVATE_TOKEN}/?name=Eva+Janssen&email=eva%40example.org",
                           POSTED)

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    page = response.content.decode()
    assert request_id in page
    assert "Noe gikk galt" in page  # the person's language (nb)
    assert "Traceback" not in page and "ValueError" not in page

    lines = log_lines()
    assert len(lines) == 1, lines
    entry = json.loads(lines[0])
    assert entry["request_id"] == request_id
    assert entry["status"] == 500 and entry["level"] == "ERROR"
    assert entry["path"] == "/fail/[token]/"
    assert entry["error"] == "ValueError"
    assert any(place.startswith("tests/deploy/failing_urls.py:") and place.endswith(" in fail")
               for place in entry["at"]), entry["at"]
    for secret in [*POSTED.values(), "Eva", "eva@example.org", "eva%40example.org",
                   PRIVATE_TOKEN]:
        assert secret not in lines[0], secret


def test_finding_9_every_response_carries_a_request_id(client, db):
    first = client.get("/login/").headers["X-Request-ID"]
    second = client.get("/login/").headers["X-Request-ID"]
    assert first != second and len(first) >= 16


def test_finding_9_a_client_cannot_choose_its_request_id(client, db, settings):
    settings.OMBUD_TRUSTED_PROXY = False
    assert client.get("/login/", HTTP_X_REQUEST_ID="chosen-by-client").headers[
        "X-Request-ID"] != "chosen-by-client"
    settings.OMBUD_TRUSTED_PROXY = True
    assert client.get("/login/", HTTP_X_REQUEST_ID="set-by-the-proxy-1").headers[
        "X-Request-ID"] == "set-by-the-proxy-1"
    assert client.get("/login/", HTTP_X_REQUEST_ID="<script>").headers[
        "X-Request-ID"] != "<script>"


def test_finding_9_an_address_or_token_in_a_message_is_masked():
    """An SMTP refusal names its recipient; a path may hold a private link."""
    handler = next(handler for handler in logging.getLogger().handlers
                   if type(handler.formatter).__name__ == "OneLineJsonFormatter")
    with _written_to(handler) as written:
        logging.getLogger("ombud.mail.outbox").warning(
            "outbox %s: attempt %s failed: %s", 7, 2,
            "{'eva.janssen@example.org': (550, b'no such user')} at /track/" + PRIVATE_TOKEN)
    entry = json.loads(written.getvalue())
    assert entry["message"] == ("outbox 7: attempt 2 failed: {'[e-mail]': (550, b'no such "
                                "user')} at /track/[token]")
    assert entry["logger"] == "ombud.mail.outbox" and entry["request_id"] == "-"


@pytest.mark.parametrize("address", ["mary.o'brien@example.ie", "eve/smith@example.org",
                                     "ola!nordmann@example.no", "anne{b}@example.no"])
def test_finding_9_an_address_with_any_character_the_form_accepts_is_masked_whole(address):
    """Ombud's e-mail fields accept every character RFC 5322 allows before the @ (an O'Brien
    has one): no part of the name before it may stay in the log."""
    handler = next(handler for handler in logging.getLogger().handlers
                   if type(handler.formatter).__name__ == "OneLineJsonFormatter")
    with _written_to(handler) as written:
        logging.getLogger("ombud.mail.outbox").warning(
            "outbox %s: attempt %s failed: %s", 7, 2, f"{{'{address}': (550, b'<{address}>')}}")
    entry = json.loads(written.getvalue())
    assert entry["message"] == "outbox 7: attempt 2 failed: {'[e-mail]': (550, b'<[e-mail]>')}"


def test_finding_9_a_server_error_answered_not_raised_is_logged_with_its_request_id(
        db, log_lines, settings, tmp_path):
    """/readyz answers 503 when the storage cannot be reached: Django logs that response after
    the middleware has finished, and the line said request_id "-"; it names the request."""
    unreachable = tmp_path / "a-file"
    unreachable.write_text("")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(unreachable / "files")}}}
    response = Client().get("/readyz")
    assert response.status_code == 503

    entries = [entry for entry in map(json.loads, log_lines())
               if entry["logger"] == "django.request"]
    assert [entry["status"] for entry in entries] == [503]
    assert entries[0]["request_id"] == response.headers["X-Request-ID"]
