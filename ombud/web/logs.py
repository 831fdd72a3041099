"""One JSON line per log record on standard error, with the request id and no personal data.

What a record may carry is chosen here, not by whoever logs: the level, the logger, the request
id, the method and the path (private-link tokens masked), the status, and for an error the
exception's type and where it was raised. Never a query string, a POST body, a header, or the
exception's message: messages such as ``invalid literal for int(): 'Eve Smith'`` repeat what a
person typed.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from pathlib import Path

from ombud.web.middleware import current_request_id

# A path segment that looks like a token (the private link /track/<token>/, a reset link) is
# a key to someone's file: masked wherever it appears. Signed values hold "." or ":" too (a
# newsletter's confirm and unsubscribe links, a receipt's key): at 40 characters and more, so
# that a static file's hashed name (ombud.3f9a1c0b7d2e.css) stays readable.
_TOKEN_SEGMENT = re.compile(r"(?<=/)(?:[A-Za-z0-9_=-]{20,}|[A-Za-z0-9_=:.-]{40,})(?=/|$|\s)")
# An e-mail address in a message (an SMTP refusal names its recipient) is personal data. The
# part before the @ may hold any character RFC 5322 allows (an O'Brien's apostrophe); it starts
# after the quote or brace that encloses it in a refusal's text.
_EMAIL_ADDRESS = re.compile(
    r"[\w.!#$%&*+/=?^`|~-][\w.!#$%&'*+/=?^`{|}~-]*@[\w-]+(?:\.[\w-]+)+")
_FRAMES_KEPT = 4
_PROJECT = str(Path(__file__).resolve().parents[2]) + "/"


def mask_tokens(text: str) -> str:
    return _TOKEN_SEGMENT.sub("[token]", text)


def mask_personal_data(text: str) -> str:
    return _EMAIL_ADDRESS.sub("[e-mail]", mask_tokens(text))


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id == "-":  # django.request logs an answered 5xx after the middleware ended
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True


class OneLineJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": mask_personal_data(_first_line(record.getMessage())),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = mask_personal_data(request.path)
        if getattr(record, "status_code", None) is not None:
            entry["status"] = record.status_code
        # the access log's (ombud.web.observe) and the worker's (ombud.schedule)
        for extra in ("duration_ms", "view", "task", "task_id", "task_status", "error"):
            if getattr(record, extra, None) is not None:
                entry[extra] = getattr(record, extra)
        if record.exc_info and record.exc_info[1] is not None:
            entry.update(_where(record.exc_info[1]))
        return json.dumps(entry, ensure_ascii=False)


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _where(error: BaseException) -> dict:
    """The exception's type and the frames that locate it: the last few in Ombud's own code and
    the innermost one (file, line, function; never the source line's values)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "/site-packages/" not in frame.filename]
    chosen = ours[-_FRAMES_KEPT:]
    if frames and (not chosen or chosen[-1] is not frames[-1]):
        chosen.append(frames[-1])
    return {"error": type(error).__qualname__,
            "at": [f"{_short(frame.filename)}:{frame.lineno} in {frame.name}"
                   for frame in chosen]}


def _short(filename: str) -> str:
    """A file's path from its package on: django/db/utils.py, ombud/cases/views.py."""
    _, found, tail = filename.rpartition("/site-packages/")
    return tail if found else filename.removeprefix(_PROJECT)
