"""The page shown when Ombud fails: it names the request id, so that a report can be matched
with the log line, and nothing else (no traceback, no setting)."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    # A plain template without context processors: whatever failed (the database, the session)
    # must not fail this page too.
    page = loader.get_template("500.html").render({"request_id": getattr(request, "request_id",
                                                                           "")})
    return HttpResponseServerError(page)
