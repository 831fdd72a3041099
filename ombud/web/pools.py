"""Which pool of web processes serves a path (``ombud serve --pool``).

The complainants' pages (the ``public`` URL namespace: the form, the receipt, the private
page) go to the public pool, every other page to the staff pool; the health checks, the
metrics, the language switch and static files to either. The TLS proxy routes with
``PUBLIC_PATH_PATTERN`` (deploy/Caddyfile carries it verbatim; a test holds both to the URL
configuration), and each process refuses a page of the other pool with 421 Misdirected Request,
so a wrong route shows at once instead of letting the public load into the staff's processes.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# RE2 syntax (Caddy's path_regexp, nginx's location ~): no look-around.
PUBLIC_PATH_PATTERN = r"^/(track/|[^/]+/[^/]+/(new|received)/)"
_PUBLIC_PATH = re.compile(PUBLIC_PATH_PATTERN)
# Served by every pool, by URL name.
SHARED_NAMES = frozenset({"healthz", "readyz", "metrics", "set_language"})


def is_public_path(path: str) -> bool:
    return bool(_PUBLIC_PATH.match(path))


def pool_of(path: str) -> str | None:
    """``public``, ``staff``, or None for a path either pool serves (or none: a 404)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SHARED_NAMES and not match.namespace:
        return None
    return "public" if match.namespace == "public" else "staff"


class PoolMiddleware:
    """In a pool of ``ombud serve --pool public|staff``, refuse the other pool's pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pool = settings.OMBUD_POOL

    def __call__(self, request):
        if self.pool != "all":
            owner = pool_of(request.path_info)
            if owner is not None and owner != self.pool:
                return HttpResponse(_("This page is served by another part of Ombud: the "
                                      "server's routing needs to be fixed."), status=421,
                                    content_type="text/plain; charset=utf-8")
        return self.get_response(request)
