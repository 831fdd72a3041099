"""/metrics: Prometheus's text format. The request counters of every process of this pool
(ombud.web.observe; shared through prometheus_client's multiprocess folder under ``ombud
serve``), and figures of the installation read from the database at each scrape: the outbox's
depth and age, the task queue's lag, missed deadlines. Counts only: no name, address or
reference.

Who may read it: a request with ``Authorization: Bearer <OMBUD_METRICS_TOKEN>``; without a
token configured, a request from this machine, and only when no proxy stands in front (behind
one, every request comes from the proxy's address) and the request names none. Anyone else
gets 404."""

from __future__ import annotations

import hmac
import os

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from ombud.mail.models import MessageState, OutboxMessage
from ombud.reports.models import DeadlineFigures

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LOOPBACK = frozenset({"127.0.0.1", "::1"})
# What a proxy adds to what it passes on: a request bearing one came through a proxy on this
# machine (OMBUD_TRUSTED_PROXY forgotten, and a proxy that passes /metrics on), not from it.
_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP", "HTTP_VIA")


@require_GET
def metrics(request):
    if not _may_read(request):
        raise Http404
    body = generate_latest(_process_registry()) + generate_latest(_installation_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _may_read(request) -> bool:
    token = settings.OMBUD_METRICS_TOKEN
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(offered.encode(), token.encode())
    return (not settings.OMBUD_TRUSTED_PROXY and request.META.get("REMOTE_ADDR") in _LOOPBACK
            and not any(header in request.META for header in _PROXY_HEADERS))


def _process_registry():
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY  # one process (the demo): its own counters
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def _installation_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(InstallationCollector())
    return registry


class InstallationCollector:
    def collect(self):
        now = timezone.now()
        yield from _outbox(now)
        yield from _tasks(now)
        yield _deadlines_missed()


def _gauge(name: str, text: str, value: float, labels: dict | None = None):
    family = GaugeMetricFamily(name, text, labels=list(labels or {}))
    family.add_metric(list((labels or {}).values()), value)
    return family


def _outbox(now):
    pending = OutboxMessage.objects.filter(state=MessageState.PENDING).aggregate(
        count=Count("pk"), failing=Count("pk", filter=Q(attempts__gt=0)),
        oldest=Min("created_at"))
    yield _gauge("ombud_outbox_waiting", "Messages in the outbox not yet sent", pending["count"])
    yield _gauge("ombud_outbox_retrying", "Waiting messages whose sending failed at least once",
                 pending["failing"])
    age = (now - pending["oldest"]).total_seconds() if pending["oldest"] else 0
    yield _gauge("ombud_outbox_oldest_seconds", "Age of the oldest message not yet sent", age)


def _tasks(now):
    date_max = get_date_max()
    due = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=date_max) | Q(run_after__lte=now))
    waiting = GaugeMetricFamily("ombud_tasks_due", "Background tasks due and not yet started",
                                labels=["task"])
    lag = 0.0
    for row in due.values("task_path").annotate(count=Count("pk"), enqueued=Min("enqueued_at"),
                                                run_after=Min("run_after")):
        waiting.add_metric([row["task_path"]], row["count"])
        since = row["enqueued"] if row["run_after"] == date_max else max(
            row["run_after"], row["enqueued"])
        lag = max(lag, (now - since).total_seconds())
    yield waiting
    yield _gauge("ombud_task_lag_seconds", "How long the longest-due task has waited for a "
                 "worker (0: none waits)", lag)
    by_status = dict(DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED]).values_list(
        "status").annotate(count=Count("pk")))
    yield _gauge("ombud_tasks_running", "Background tasks being run now",
                 by_status.get(TaskResultStatus.RUNNING, 0))
    yield _gauge("ombud_tasks_failed", "Background task runs that failed (kept in the task table)",
                 by_status.get(TaskResultStatus.FAILED, 0))


def _deadlines_missed():
    family = GaugeMetricFamily("ombud_deadlines_missed",
                               "Deadlines the engine settled as missed, per organization",
                               labels=["organization"])
    for slug, count in DeadlineFigures.objects.filter(status="missed").values_list(
            "organization__slug").annotate(count=Count("pk")).order_by("organization__slug"):
        family.add_metric([slug], count)
    return family
