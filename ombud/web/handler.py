"""The WSGI handler of every web process (``ombud.wsgi``): Django's, with a request whose
Content-Type no client can make a 500 of.

Django 5.2 reads a Content-Type's RFC 2231 parameters (``a*=utf-8''b``) while it makes the
request, before any middleware: one in a charset Python has no decoder for raised ValueError,
one whose decoder cannot replace what it cannot read (``idna``) UnicodeError, on every page
and method, a bare 500 with a traceback and no request id. No browser writes such a type: it
is read as none, and a POST with it is refused (``small_forms.SmallFormParsing``: 400). The
same parameters in an Accept header raised when a view asked what the client accepts
(``set_language`` without ``next``): such a header is read as none (anything accepted)."""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http.request import MediaType
from django.utils.functional import cached_property


class Request(WSGIRequest):
    content_type_unreadable = False

    def _set_content_type_params(self, meta):
        try:
            super()._set_content_type_params(meta)
        except (ValueError, LookupError):
            self.content_type, self.content_params = "", {}
            self.content_type_unreadable = True

    @cached_property
    def accepted_types(self):
        try:
            return super().accepted_types
        except (ValueError, LookupError):
            return [MediaType("*/*")]  # what Django reads when there is no Accept header


class Handler(WSGIHandler):
    request_class = Request
