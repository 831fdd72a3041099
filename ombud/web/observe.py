"""What every request leaves behind for the operator: Prometheus counters of requests and their
durations, by pool, view and status class, and (``OMBUD_ACCESS_LOG``) one JSON line per request
with its request id. Labels are URL names, never paths: a path holds references and tokens,
and would make a new time series per case."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from prometheus_client import Counter, Histogram

access_log = logging.getLogger("ombud.access")

REQUESTS = Counter("ombud_http_requests", "Requests answered, by pool, view and status class",
                   ["pool", "view", "method", "status"])
LATENCY = Histogram("ombud_http_request_duration_seconds",
                    "Time from the request's arrival in Django to its response, by pool and view",
                    ["pool", "view"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "static" if request.path_info.startswith("/" + settings.STATIC_URL) else "none"
    return match.view_name or "unnamed"


class RequestObservingMiddleware:
    """Second only to the request id, so that every response, a refusal or a 500 included, is
    counted and timed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pool = settings.OMBUD_POOL
        self.log_each = settings.OMBUD_ACCESS_LOG

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(self.pool, view, method, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(self.pool, view).observe(elapsed)
        if self.log_each:
            access_log.info("%s %s", method, response.status_code, extra={
                "request": request, "status_code": response.status_code,
                "duration_ms": round(elapsed * 1000, 1), "view": view})
        return response
