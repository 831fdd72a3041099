"""A Mailchimp for the tests: a real HTTP server on 127.0.0.1 speaking the Marketing API 3.0's
member endpoints the way Mailchimp documents them, and what the ``mailchimp`` fixture
(tests/conftest.py) runs: one started and the settings pointed at it. Ombud's own client
(``ombud.newsletter.mailchimp``) talks to it.

    POST   /3.0/lists/{list}/members         200 | 400 "Member Exists" | 404 (no such list)
    PUT    /3.0/lists/{list}/members/{hash}  200 (add or update; ``status_if_new``)
    DELETE /3.0/lists/{list}/members/{hash}  204 (archived) | 404 (not a member)
    GET    /3.0/lists/{list}/members/{hash}  200 | 404
    POST   /3.0/lists/{list}/members/{hash}/actions/delete-permanent
                                             204 (gone for good) | 404 (not a member)

Wrong API key: 401. ``fail_next(status, title, retry_after=None, times=1)`` answers the next
calls with that error (429 with Retry-After, 500, 503, a 400 "Invalid Resource"). Errors are
``application/problem+json`` as Mailchimp sends them. Every call is kept in ``calls``."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "0123456789abcdef0123456789abcdef-us21"
LIST_ID = "ne-demo-list"


def member_hash(email: str) -> str:
    return hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()


class FakeMailchimp(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.lists: dict[str, dict[str, dict]] = {LIST_ID: {}}
        self.calls: list[tuple[str, str, dict | None]] = []
        self.failures: deque[tuple[int, str, int | None]] = deque()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/3.0"

    def fail_next(self, status: int, title: str, *, retry_after: int | None = None,
                  times: int = 1) -> None:
        self.failures.extend([(status, title, retry_after)] * times)

    def status_of(self, email: str, list_id: str = LIST_ID) -> str | None:
        member = self.lists[list_id].get(member_hash(email))
        return member["status"] if member else None


class _Handler(BaseHTTPRequestHandler):
    server: FakeMailchimp

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_GET(self) -> None:
        self._serve("GET")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        with self.server.lock:
            self.server.calls.append((method, self.path, body))
            if not self._authorized():
                return self._problem(401, "API Key Invalid")
            if self.server.failures:
                status, title, retry_after = self.server.failures.popleft()
                return self._problem(status, title, retry_after)
            parts = self.path.strip("/").split("/")
            if parts[:2] != ["3.0", "lists"] or len(parts) < 4 or parts[3] != "members" \
                    or parts[2] not in self.server.lists:
                return self._problem(404, "Resource Not Found")
            members = self.server.lists[parts[2]]
            if len(parts) == 4 and method == "POST":
                return self._add(members, body)
            if len(parts) == 5:
                return self._one(method, members, parts[4], body)
            if parts[5:] == ["actions", "delete-permanent"] and method == "POST":
                if members.pop(parts[4], None) is None:
                    return self._problem(404, "Resource Not Found")
                return self._empty(204)
            return self._problem(405, "Method Not Allowed")

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        try:
            _user, _, key = base64.b64decode(given.removeprefix("Basic ")).decode().partition(":")
        except ValueError:
            return False
        return given.startswith("Basic ") and key == API_KEY

    def _add(self, members: dict, body: dict) -> None:
        key = member_hash(body["email_address"])
        if key in members and members[key]["status"] != "archived":
            return self._problem(400, "Member Exists", detail=(
                f"{body['email_address']} is already a list member. Use PUT to insert or update "
                "list members."))
        members[key] = {"email_address": body["email_address"], "status": body["status"],
                        "merge_fields": body.get("merge_fields", {}),
                        "language": body.get("language", "")}
        self._json(200, members[key])

    def _one(self, method: str, members: dict, key: str, body: dict | None) -> None:
        member = members.get(key)
        if method == "GET":
            return self._json(200, member) if member else self._problem(404, "Resource Not Found")
        if method == "DELETE":
            if member is None or member["status"] == "archived":
                return self._problem(404, "Resource Not Found")
            member["status"] = "archived"
            return self._empty(204)
        if member_hash(body["email_address"]) != key:
            return self._problem(400, "Invalid Resource", detail="hash and address differ")
        status = body.get("status") or (body.get("status_if_new") if member is None
                                        or member["status"] == "archived" else member["status"])
        members[key] = {"email_address": body["email_address"], "status": status,
                        "merge_fields": body.get("merge_fields", {}),
                        "language": body.get("language", "")}
        self._json(200, members[key])

    def _json(self, status: int, data: dict) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _empty(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _problem(self, status: int, title: str, retry_after: int | None = None,
                 detail: str = "") -> None:
        payload = json.dumps({"type": "https://mailchimp.com/developer/marketing/docs/errors/",
                              "title": title, "status": status, "detail": detail,
                              "instance": "fake"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(payload)))
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.end_headers()
        self.wfile.write(payload)


def serving(settings):
    """The ``mailchimp`` fixture's body (tests/conftest.py): a server running for one test."""
    server = FakeMailchimp()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OMBUD_MAILCHIMP_API_KEY = API_KEY
    settings.OMBUD_MAILCHIMP_URL = server.url
    settings.OMBUD_MAILCHIMP_BACKOFF_SECONDS = 30
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
