"""/healthz and /readyz for the process supervisor and the load balancer.

/healthz: the process answers (it says nothing of the database: a database outage must not make
a supervisor restart every web process). /readyz: this process can serve, i.e. the database
answers a query and the document storage can be reached; 503 naming what failed otherwise, so
a load balancer sends no person to a process that would fail them. Neither shows a detail of
the failure (that goes to the log).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
_PROBE_NAME = ".ombud-readyz"  # never written: its absence is the answer that proves access


@require_GET
def healthz(request):
    return _json({"status": "ok"}, 200)


@require_GET
def readyz(request):
    checks = {"database": _database_ready(), "storage": _storage_ready()}
    ready = all(checks.values())
    return _json({"status": "ok" if ready else "unavailable",
                  **{name: "ok" if ok else "failed" for name, ok in checks.items()}},
                 200 if ready else 503)


def _database_ready() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready", whatever the driver raises
        log.warning("readyz: the database did not answer: %s", type(error).__name__)
        return False
    return True


def _storage_ready() -> bool:
    try:
        location = getattr(default_storage, "location", None)
        if location is not None and not _writable(Path(location)):
            raise PermissionError(location)
        default_storage.exists(_PROBE_NAME)  # object storage: a request that must not fail
    except Exception as error:
        log.warning("readyz: the document storage is not reachable: %s", type(error).__name__)
        return False
    return True


def _writable(folder: Path) -> bool:
    """The folder, or where it will be made at the first document, can be written."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _json(body: dict, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")
