"""Error reports through Sentry's SDK (``OMBUD_SENTRY_DSN``), held to the log lines' rule
(ombud/web/logs.py): an event carries the exception's type, where it was raised and the request
id, and nothing a person typed or sent: no message, no form field, no query string, no header,
no cookie, no local variable, no breadcrumb; private-link tokens in paths are masked."""

from __future__ import annotations

import sentry_sdk
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from ombud.web.logs import mask_personal_data
from ombud.web.middleware import current_request_id


def error_reports_start(dsn: str, *, environment: str) -> None:
    sentry_sdk.init(
        dsn=dsn, environment=environment, send_default_pii=False, include_local_variables=False,
        include_source_context=False, max_breadcrumbs=0, traces_sample_rate=0.0,
        before_send=scrub_event, default_integrations=False,
        integrations=[DjangoIntegration(transaction_style="url"),
                      LoggingIntegration(level=None, event_level=None)],
    )
    task_finished.connect(_task_failed, dispatch_uid="ombud-error-reports")


def _task_failed(sender, task_result, **kwargs) -> None:
    """A background task that failed (the worker records it and goes on): reported by the
    task and the exception's class, the traceback's text left in the task row."""
    if task_result.status != TaskResultStatus.FAILED or not task_result.errors:
        return
    error = task_result.errors[-1].exception_class_path
    sentry_sdk.capture_message(f"task {task_result.task.module_path} failed: {error}",
                               level="error")


def scrub_event(event: dict, hint: dict) -> dict:
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = ""  # messages repeat what a person typed
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    event.pop("logentry", None)
    if not str(event.get("message", "")).startswith("task ombud."):
        event.pop("message", None)  # only our own line on a failed task (above) is kept
    event.pop("extra", None)
    event.pop("user", None)
    event.pop("breadcrumbs", None)
    request = event.get("request")
    if request:
        event["request"] = {key: mask_personal_data(request[key]) for key in ("method", "url")
                            if isinstance(request.get(key), str)}
    if event.get("transaction"):
        event["transaction"] = mask_personal_data(event["transaction"])
    event.setdefault("tags", {})["request_id"] = current_request_id.get()
    return event
