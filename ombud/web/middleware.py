"""Middleware every response passes through (issue 9, findings 7 and 9), and the turns the
public pages take in one web process."""

from __future__ import annotations

import re
import secrets
import threading
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

REQUEST_ID_HEADER = "X-Request-ID"
# The id of the request this thread is serving: log records carry it (ombud.web.logging).
current_request_id: ContextVar[str] = ContextVar("ombud_request_id", default="-")
# An id the trusted proxy already gave the request is kept, so both logs name the same id;
# anything else a client sends is ignored, never echoed.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}\Z")

# No inline script or style anywhere: scripts and styles come from our own static files only.
# No script of ours fetches anything (forms post whole pages), so none may open a connection.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'none'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
])
# Ombud uses none of these browser features; a script injected despite the CSP gets none.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in [
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb",
])


def _request_id(request) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if settings.OMBUD_TRUSTED_PROXY and _ACCEPTABLE_ID.match(offered):
        return offered
    return secrets.token_hex(8)


class RequestIdMiddleware:
    """Give every request an id: on the request, in the response's X-Request-ID header, and on
    every log record written while it is served. Outermost, so that even a 500 carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every page, and ``no-store`` on every
    response a view makes (staff pages, case files, downloads: nothing of a case may stay in a
    shared computer's cache) unless the view chose its own caching. Placed after WhiteNoise, so
    static files keep their long cache lifetimes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cache-Control", "no-store")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than ``OMBUD_REQUEST_MAX_BYTES`` before anything
    reads it: without this, an upload of any size is spooled to disk (Django's temporary file)
    before a form or a limit can say no. After LocaleMiddleware, so the refusal is translated.
    A body sent without its length is bounded by the server in front (waitress, the proxy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.OMBUD_REQUEST_MAX_BYTES:
            return _too_large(request)
        return self.get_response(request)


def _too_large(request):
    from django.template import loader

    limit_mb = settings.OMBUD_REQUEST_MAX_BYTES // (1024 * 1024)
    page = loader.get_template("413.html").render({"limit_mb": limit_mb})
    response = HttpResponse(page, status=413)
    response["Connection"] = "close"  # the unread body is not worth waiting for
    return response


# -- turns ------------------------------------------------------------------------------------

QUEUE_SECONDS = 60  # how long a request waits for its turn before "try again"


def screened_by(screen):
    """Give a page taking turns a cheap first answer to what is sent to it: for a POST,
    ``screen(request, *args, **kwargs)`` returns a response when it refuses the request (a robot
    over its limit), None otherwise. It runs in a lane of its own before the page takes its turn
    (``PublicTurnsMiddleware``); other methods go straight to their turn."""

    def mark(view):
        view.turn_screen = screen
        return view

    return mark


class PublicTurnsMiddleware:
    """The public pages of one web process (``OMBUD_PUBLIC_TURN_PAGES``, by URL name) are worked
    on at most ``OMBUD_PUBLIC_CONCURRENCY`` at a time; the others wait their turn in their own
    threads, up to QUEUE_SECONDS, then hear "try again" (503). A flood of complainants then
    leaves the staff pages their share of the processor instead of their place at the end of
    one long queue. A page's screen (``screened_by``) runs first, in a lane of its own, one at a
    time: a robot flood waits in its threads without slowing the complainants or the staff.

    One handler serves a web process, so its turns are the process's. Last in MIDDLEWARE: every
    other middleware's view hook (the CSRF check) comes first, so a refused request takes no
    turn."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = frozenset(settings.OMBUD_PUBLIC_TURN_PAGES)
        self.turns = threading.BoundedSemaphore(settings.OMBUD_PUBLIC_CONCURRENCY)
        self.screen_turns = threading.BoundedSemaphore(1)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.resolver_match.view_name not in self.pages:
            return None
        screen = getattr(view, "turn_screen", None)
        if screen is not None and request.method == "POST":
            refused = _in_turn(self.screen_turns, screen, request, view_args, view_kwargs)
            if refused is not None:
                return refused
        return _in_turn(self.turns, view, request, view_args, view_kwargs)


def _in_turn(turns: threading.BoundedSemaphore, view, request, args, kwargs):
    if not turns.acquire(timeout=QUEUE_SECONDS):
        response = HttpResponse(_("Many cases are being sent right now. Please send again "
                                  "in a minute: nothing was saved."), status=503,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    try:
        return view(request, *args, **kwargs)
    finally:
        turns.release()


PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ProbesAnyHostMiddleware:
    """/healthz, /readyz and /metrics answer whatever Host the prober names: the container's
    health check asks 127.0.0.1:8000 and Prometheus asks web-public:8000 inside the compose
    network, names that are not the site's (OMBUD_ALLOWED_HOSTS). Django's host check guards the
    links a page builds from the Host header; the probes build none. Every other page keeps it.
    Before CommonMiddleware, the first to ask for the host."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PROBE_PATHS:
            request.get_host = request._get_raw_host  # the host as sent, unchecked
        return self.get_response(request)
