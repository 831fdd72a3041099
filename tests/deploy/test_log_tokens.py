"""Issue 15, observability attacked: a path that holds a signed value (a newsletter's confirm or
unsubscribe link, a receipt's key) is as much a key as a private link's token. Whoever reads
the access log, the error log or an error report must not be able to confirm a subscription
(the proof of someone's consent), unsubscribe someone, or open a receipt with it."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import signing
from django.test import RequestFactory

from ombud.newsletter import tokens
from ombud.public import form_keys
from ombud.web.errors import scrub_event
from ombud.web.logs import OneLineJsonFormatter


def _signed(kind: str) -> tuple[str, str]:
    """A value Ombud signs and the path that carries it."""
    if kind == "receipt":
        key = form_keys.issue(organization="ne", case_type="klage")
        return key, f"/ne/klage/received/{key}/"
    token = signing.dumps([12, 3], salt=tokens._salt(kind, "ne"))
    return token, f"/ne/newsletter/{kind}/{token}/"


def _access_line(path: str) -> dict:
    """The access log's line for a request to ``path``, as ombud.web.observe writes it."""
    request = RequestFactory().get(path)
    record = logging.LogRecord("ombud.access", logging.INFO, __file__, 1, "%s %s",
                               ("GET", 200), None)
    record.request, record.status_code = request, 200
    return json.loads(OneLineJsonFormatter().format(record))


@pytest.mark.parametrize("kind", [tokens.CONFIRM, tokens.UNSUBSCRIBE, "receipt"])
def test_a_signed_value_in_a_path_is_masked_in_the_log_and_the_error_report(kind):
    token, path = _signed(kind)
    line = _access_line(path)
    assert token not in json.dumps(line)
    assert line["path"] == path.replace(token, "[token]")

    report = scrub_event({"request": {"method": "GET", "url": "https://klage.example.org"
                                      + path}}, {})
    assert token not in json.dumps(report)


def test_a_static_files_hashed_name_stays_readable():
    path = "/static/ombud/ombud.3f9a1c0b7d2e.css"
    assert _access_line(path)["path"] == path
