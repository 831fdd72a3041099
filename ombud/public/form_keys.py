"""The public form's idempotency key: issued and signed by the server, bound to one
organization's form, valid for a week. A POST with the same key is a retry of the same
submission (a double click, a lost response) and lands on the same case; the key a client
invents, or one issued for another form or too long ago, is refused and a new one issued.

A signature cannot tell two people apart who hold the same key (a page served from a cache, a
form copied between browsers): what they send can. A submission keeps the fingerprint of what
was sent with it, and a second, different submission under that key is filed under a key
derived from the first and its own fingerprint: its own case, its own receipt, and its own
retries still land on it."""

from __future__ import annotations

import json
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

MAX_AGE_SECONDS = 7 * 24 * 3600  # a form left open for a week can still be sent
_SALT = "ombud.public.form-key"
# Not part of what was submitted: the key itself, the proof of work (a browser may solve the
# puzzle again) and the CSRF token (masked anew on every page).
_NOT_CONTENT = frozenset({"key", "proof", "csrfmiddlewaretoken"})


def _signer(organization: str, case_type: str) -> signing.TimestampSigner:
    # "." keeps the key to the characters of a URL path segment: nonce.timestamp.signature
    return signing.TimestampSigner(salt=f"{_SALT}:{organization}/{case_type}", sep=".")


def issue(*, organization: str, case_type: str) -> str:
    """A new key for one form: 12 random characters, the time and the signature (63 in all,
    what Submission.key holds)."""
    return _signer(organization, case_type).sign(secrets.token_urlsafe(9))


def is_issued(key: str, *, organization: str, case_type: str) -> bool:
    """Whether ``key`` is one we issued for this form, less than MAX_AGE_SECONDS ago."""
    try:
        _signer(organization, case_type).unsign(key, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError):
        return False
    return True


def fingerprint(fields, files) -> str:
    """A keyed hash of what was sent (the form's fields, the attached files' names and sizes):
    a retry sends the same; another person's submission does not."""
    content = sorted((name, values) for name, values in fields.lists()
                     if name not in _NOT_CONTENT and any(values))
    attached = sorted((name, [(upload.name, upload.size) for upload in uploads])
                      for name, uploads in files.lists())
    text = json.dumps([content, attached], ensure_ascii=False)
    return salted_hmac(f"{_SALT}:content", text, algorithm="sha256").hexdigest()


def derived(key: str, content: str) -> str:
    """The key a different submission under ``key`` is filed with: the same for its retries."""
    return "copy." + salted_hmac(f"{_SALT}:copy", f"{key}|{content}",
                                 algorithm="sha256").hexdigest()[:56]
