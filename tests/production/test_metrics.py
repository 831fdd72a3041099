"""Issue 15, item 6: /metrics in Prometheus's format (requests and their durations, the
outbox's depth and age, the task queue's lag, missed deadlines), readable only with the token or
from this machine without a proxy; and one JSON access line per request with its request id."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from ombud import schedule
from ombud.cases.tasks import sweep_deadlines
from ombud.orgs import outbox

TOKEN = "metrics-token-of-the-test-4f9a2c7e"


def _scrape(client: Client, **headers) -> dict[tuple, float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples}


def test_metrics_count_requests_by_view_and_status(db):
    client = Client()
    key = ("ombud_http_requests_total",
           (("method", "GET"), ("pool", "all"), ("status", "2xx"), ("view", "login")))
    before = _scrape(client).get(key, 0)
    client.get("/login/")
    client.get("/login/")
    after = _scrape(client)
    assert after[key] == before + 2
    assert after[("ombud_http_request_duration_seconds_count",
                  (("pool", "all"), ("view", "login")))] >= 2


def test_metrics_show_the_outbox_depth_and_age_and_the_task_lag(organizations):
    organization = organizations["dnv"]
    for number in range(3):
        outbox.enqueue(organization=organization, to=f"person{number}@example.org",
                       subject="Kvittering", body="…", kind="receipt")
    from ombud.mail.models import OutboxMessage

    OutboxMessage.objects.filter(to="person0@example.org").update(
        created_at=timezone.now() - timedelta(minutes=10), attempts=2)
    schedule.enqueue_once(sweep_deadlines)  # due at once, no worker runs it
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=90))

    scraped = _scrape(Client())
    assert scraped[("ombud_outbox_waiting", ())] == 3
    assert scraped[("ombud_outbox_retrying", ())] == 1
    assert 600 <= scraped[("ombud_outbox_oldest_seconds", ())] < 700
    assert scraped[("ombud_tasks_due", (("task", sweep_deadlines.module_path),))] == 1
    assert 90 <= scraped[("ombud_task_lag_seconds", ())] < 200


def test_metrics_count_missed_deadlines_per_organization(people):
    """A complaint received two months ago and never acknowledged: the engine settles its
    acknowledgement deadline as missed (DNV-K-11), and the gauge counts it."""
    from ombud.cases import services
    from ombud.reports.models import DeadlineFigures

    services.case_register(
        organization=people["dnv"]["intake"].memberships.first().organization,
        procedure_id="dnv/complaint", channel="letter",
        received_on=timezone.localdate() - timedelta(days=60), title="Examen",
        complainant=services.PartyDetails("Eva Janssen", email="eva@example.org"),
        actor=people["dnv"]["intake"], details={"about": "conduct"})
    missed = DeadlineFigures.objects.filter(organization__slug="dnv", status="missed").count()
    assert missed >= 1
    scraped = _scrape(Client())
    assert scraped[("ombud_deadlines_missed", (("organization", "dnv"),))] == missed
    assert ("ombud_deadlines_missed", (("organization", "pp"),)) not in scraped


def test_metrics_are_refused_to_other_addresses_and_behind_a_proxy_without_the_token(db):
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 404
    with override_settings(OMBUD_TRUSTED_PROXY=1):
        assert Client().get("/metrics").status_code == 404  # the proxy's own address
    with override_settings(OMBUD_METRICS_TOKEN=TOKEN):
        elsewhere = Client(REMOTE_ADDR="10.1.2.3")
        assert elsewhere.get("/metrics").status_code == 404
        assert elsewhere.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
        assert Client().get("/metrics").status_code == 404  # loopback needs it too then
        assert _scrape(elsewhere, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


@pytest.fixture
def access_lines():
    handler = logging.getLogger("ombud.access").handlers[0]
    written = io.StringIO()
    # swapped without setStream's flush: an earlier test in this process may have left the
    # handler a stream pytest has closed since (a command run in-process configures logging)
    previous, handler.stream = handler.stream, written
    yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    handler.stream = previous


def test_access_log_writes_one_json_line_per_request_with_its_id(db, access_lines):
    token = "Zx9Kp2Lm7Qr4Tv8Wy1Ab3Cd5Ef"
    with override_settings(OMBUD_ACCESS_LOG=True):
        client = Client()
        login = client.get("/login/?next=/dnv/cases/&name=Eva")
        private = client.get(f"/track/{token}/")
    first, second = access_lines()
    assert first["request_id"] == login.headers["X-Request-ID"]
    assert (first["method"], first["path"], first["status"], first["view"]) == (
        "GET", "/login/", 200, "login")
    assert first["duration_ms"] >= 0 and first["logger"] == "ombud.access"
    assert second["path"] == "/track/[token]/"
    assert second["request_id"] == private.headers["X-Request-ID"]
    written = json.dumps([first, second])
    assert token not in written and "Eva" not in written


def test_no_access_lines_unless_asked(db, access_lines):
    Client().get("/login/")
    assert access_lines() == []


def test_the_probes_answer_whatever_host_the_prober_names(db, settings):
    """The container's health check asks http://127.0.0.1:8000/healthz and Prometheus asks
    http://web-public:8000/metrics inside the compose network: names no one lists in
    OMBUD_ALLOWED_HOSTS (klage.example.org). The probes answered them 400 (Django's host check),
    so the container was 'unhealthy' and every scrape failed. They build no link from the host,
    and answer any; every other page still refuses a host not allowed."""
    settings.ALLOWED_HOSTS = ["klage.example.org"]
    settings.OMBUD_METRICS_TOKEN = TOKEN
    client = Client()
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="web-staff:8000").status_code == 200
    assert _scrape(client, HTTP_HOST="web-public:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert client.get("/metrics", HTTP_HOST="web-public:8000").status_code == 404  # no token
    assert client.get("/login/", HTTP_HOST="web-public:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="web-public:8000").status_code == 400
