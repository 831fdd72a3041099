"""Issue 15, item 6: with OMBUD_SENTRY_DSN set, a server error is reported through Sentry's SDK
to the service the DSN names: here a local HTTP server on 127.0.0.1 that receives the SDK's
envelope as Sentry would. The report names the exception's type, where it was raised and the
request id, and holds nothing the person sent."""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from processes import PYTHON, environment, run

from tests.migrated import migrated_copy

PRIVATE_TOKEN = "Zx9Kp2Lm7Qr4Tv8Wy1Ab3Cd5Ef"
PERSONAL = ["Eva", "Janssen", "eva.janssen", "secret-session-cookie", PRIVATE_TOKEN]


class _Sentry(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Sentry.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _events(received) -> list[dict]:
    events = []
    for _, envelope in received:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_a_server_error_is_reported_to_sentry_without_personal_data(tmp_path, sentry_server):
    port = sentry_server.server_address[1]
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'ombud.sqlite3'}",
                      OMBUD_TEST="1", OMBUD_SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42")
    migrated_copy(env["OMBUD_DATABASE_URL"])
    done = run([PYTHON, "tests/production/sentry_failure.py", PRIVATE_TOKEN], env)
    assert done.returncode == 0, done.stderr
    status, request_id = done.stdout.split()
    assert status == "500"

    assert {path for path, _ in _Sentry.received} == {"/api/42/envelope/"}
    (event,) = _events(_Sentry.received)
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "ValueError" and exception["value"] == ""
    frames = exception["stacktrace"]["frames"]
    assert frames[-1]["function"] == "fail" and frames[-1]["filename"].endswith(
        "failing_urls.py")
    assert event["tags"]["request_id"] == request_id
    assert event["request"] == {"method": "POST", "url": "http://127.0.0.1/fail/[token]/"}
    sent = b"".join(body for _, body in _Sentry.received).decode()
    for secret in PERSONAL:
        assert secret not in sent, secret


def test_no_error_report_without_a_dsn(tmp_path, sentry_server):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'ombud.sqlite3'}", OMBUD_TEST="1")
    done = run([PYTHON, "tests/production/sentry_failure.py", PRIVATE_TOKEN], env)
    assert done.returncode == 0, done.stderr
    assert _Sentry.received == []
