"""Middleware every response passes through (issue 9, findings 7 and 9)."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

from django.conf import settings

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
    from django.http import HttpResponse
    from django.template import loader

    limit_mb = settings.OMBUD_REQUEST_MAX_BYTES // (1024 * 1024)
    page = loader.get_template("413.html").render({"limit_mb": limit_mb})
    response = HttpResponse(page, status=413)
    response["Connection"] = "close"  # the unread body is not worth waiting for
    return response
