"""/healthz and /readyz for the process supervisor and the load balancer.

/healthz: the process answers (it says nothing of the database: a database outage must not make
a supervisor restart every web process). /readyz: this process can serve, i.e. the database
answers a query and the document storage can be reached; 503 naming what failed otherwise, so
a load balancer sends no person to a process that would fail them. Neither shows a detail of
the failure (that goes to the log).

/readyz passes the proxy like any page, so anyone may ask it as often as they like: its answer
is kept for a second per process, so a flood of it costs the database one query and the object
store one listing (a paid request) per process and second, whatever its rate.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
CHECKS_KEPT_SECONDS = 1.0
_last_checks: tuple[float, dict[str, bool]] = (float("-inf"), {})


@require_GET
def healthz(request):
    return _json({"status": "ok"}, 200)


@require_GET
def readyz(request):
    checks = _checks()
    ready = all(checks.values())
    return _json({"status": "ok" if ready else "unavailable",
                  **{name: "ok" if ok else "failed" for name, ok in checks.items()}},
                 200 if ready else 503)


def _checks() -> dict[str, bool]:
    """The latest checks, made anew when older than CHECKS_KEPT_SECONDS. Two threads may both
    make them at the turn of a second: harmless, and no lock for every request to wait on."""
    global _last_checks
    made_at, checks = _last_checks
    if time.monotonic() - made_at >= CHECKS_KEPT_SECONDS:
        checks = {"database": _database_ready(), "storage": _storage_ready()}
        _last_checks = (time.monotonic(), checks)
    return checks


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
    storage = storages["default"]
    try:
        if isinstance(storage, FileSystemStorage):
            if not _writable(Path(storage.location)):
                raise PermissionError(storage.location)
        else:  # object storage: one listing of the top level (a missing bucket fails it)
            storage.listdir("")
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
