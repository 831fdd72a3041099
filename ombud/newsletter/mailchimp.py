"""The processor's side (NE-N-04): Mailchimp's Marketing API, version 3.0, the calls Ombud makes.

    POST   /lists/{list}/members            add a subscriber
    PUT    /lists/{list}/members/{hash}     add or update one (after "Member Exists")
    DELETE /lists/{list}/members/{hash}     archive one (a withdrawal)
    POST   /lists/{list}/members/{hash}/actions/delete-permanent
                                            delete one for good (an erasure, GDPR art. 17)

``{hash}`` is the MD5 of the lower-cased address, as Mailchimp defines it. Authentication is
HTTP Basic with the API key as the password; the key's suffix (``…-us21``) names the data
centre. Every answer is sorted into done, try again later (429, 5xx, no connection) and refused
(another 4xx: retrying cannot help), so that the queue knows what to do with it."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class Failure(Exception):
    """The call did not take effect. ``retry``: worth trying again (with ``retry_after``
    seconds at least, when the processor said so)."""

    status: int
    title: str
    retry: bool
    retry_after: int | None = None

    def __str__(self) -> str:
        return f"{self.status} {self.title}"[:500]


def member_hash(email: str) -> str:
    return hashlib.md5(email.lower().encode("utf-8"), usedforsecurity=False).hexdigest()


class Mailchimp:
    def __init__(self, api_key: str, base_url: str = "") -> None:
        self.api_key = api_key
        self.base_url = (base_url or _data_centre_url(api_key)).rstrip("/")

    @classmethod
    def configured(cls) -> Mailchimp | None:
        """The client the settings describe, or None without an API key (the demo)."""
        if not settings.OMBUD_MAILCHIMP_API_KEY:
            return None
        return cls(settings.OMBUD_MAILCHIMP_API_KEY, settings.OMBUD_MAILCHIMP_URL)

    def subscribe(self, list_id: str, email: str, *, name: str, language: str) -> None:
        member = {"email_address": email, "status": "subscribed",
                  "merge_fields": {"FNAME": name}, "language": language}
        try:
            self._call("POST", f"/lists/{list_id}/members", member)
        except Failure as failure:
            if failure.status != 400 or failure.title != "Member Exists":
                raise
            # Known to the list (unsubscribed, or added before a crash): set it subscribed.
            self._call("PUT", f"/lists/{list_id}/members/{member_hash(email)}",
                       {**member, "status_if_new": "subscribed"})

    def archive(self, list_id: str, email: str) -> None:
        try:
            self._call("DELETE", f"/lists/{list_id}/members/{member_hash(email)}")
        except Failure as failure:
            if failure.status != 404:  # not there: already archived, or never added
                raise

    def erase(self, list_id: str, member: str) -> None:
        """Delete the member whose hash is ``member`` for good (Mailchimp keeps nothing)."""
        try:
            self._call("POST", f"/lists/{list_id}/members/{member}/actions/delete-permanent")
        except Failure as failure:
            if failure.status != 404:  # not there: deleted before, or never added
                raise

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        credentials = base64.b64encode(f"ombud:{self.api_key}".encode()).decode("ascii")
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Authorization": f"Basic {credentials}",
                     "Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                text = response.read()
        except urllib.error.HTTPError as error:
            raise _failure(error) from None
        except (OSError, ValueError) as error:  # no connection, timeout, a bad URL
            raise Failure(0, f"{type(error).__name__}: {error}", retry=True) from None
        return json.loads(text) if text else {}


def _failure(error: urllib.error.HTTPError) -> Failure:
    try:
        problem = json.loads(error.read() or b"{}")
    except ValueError:
        problem = {}
    title = str(problem.get("title") or error.reason) if isinstance(problem, dict) else ""
    retry_after = error.headers.get("Retry-After", "")
    retry = error.code == 429 or error.code >= 500
    return Failure(error.code, title, retry,
                   int(retry_after) if retry_after.isdigit() else None)


def _data_centre_url(api_key: str) -> str:
    data_centre = api_key.rpartition("-")[2]
    if not data_centre.isalnum():
        raise ValueError("a Mailchimp API key ends in its data centre, such as -us21")
    return f"https://{data_centre}.api.mailchimp.com/3.0"
