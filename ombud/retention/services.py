"""Retention, carried out (issue 14, item 2): closed cases by their procedure's ``[retention]``
section, and the rows that are personal data by age alone (OMBUD_RETENTION_* settings).

``retention_plan`` says what is due, a batch at a time, in bounded memory; ``retention_apply``
does it, each batch in its own transaction with the cases' rows locked. Both are idempotent: a
case done has its ``RetentionDone`` row and is never chosen again; a row already cleared is
not matched again. A dry run (``ombud privacy retention --dry-run``) is the plan, printed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ombud.cases.models import Case, CaseEvent, CaseState
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import EVENT_TYPES
from ombud.mail.models import MessageState, OutboxMessage
from ombud.orgs.models import AttemptCounter
from ombud.privacy import hooks
from ombud.public.models import TrackingLink
from ombud.retention.anonymize import anonymize_cases
from ombud.retention.models import RetentionDone

# A case in one of these states is closed: its procedure answered, declined or withdrawn it.
CLOSED_STATES = (CaseState.ANSWERED, CaseState.DECLINED, CaseState.WITHDRAWN)


@dataclass(frozen=True)
class Due:
    case_id: int
    reference: str
    procedure_id: str
    closed_on: date
    kept_until: date
    action: str


def _retention_of(procedure_id: str, version: str):
    return find_procedure(procedure_id, version=version).retention


def retention_plan(*, today: date, batch: int | None = None,
                   organization_id: int | None = None) -> Iterator[list[Due]]:
    """The closed cases due ``today``, in batches of at most ``batch`` (by id): each case whose
    procedure keeps its cases for a time that ended before today. Cases received after the
    latest closing day any procedure would clear are never read."""
    batch = batch or settings.OMBUD_RETENTION_BATCH
    cases = Case.objects.filter(state__in=CLOSED_STATES).filter(
        ~Exists(RetentionDone.objects.filter(case=OuterRef("pk"))))
    if organization_id is not None:
        cases = cases.filter(organization_id=organization_id)
    latest = _latest_closing_due(today)
    if latest is None:
        return
    cases = cases.filter(received_on__lte=latest)
    after = 0
    while True:
        rows = list(cases.filter(id__gt=after).order_by("id").values_list(
            "id", "reference", "procedure_id", "procedure_version", "received_on")[:batch])
        if not rows:
            return
        after = rows[-1][0]
        due = _due_of(rows, today)
        if due:
            yield due


def _latest_closing_due(today: date) -> date | None:
    from ombud.domain.loader import bundled_procedures

    days = [procedure.retention.last_closing_due(today)
            for versions in bundled_procedures().values() for procedure in versions
            if procedure.retention is not None]
    return max(days) if days else None


def _due_of(rows: list[tuple], today: date) -> list[Due]:
    """Of a batch of closed cases, those due: closed (their last procedure step) long enough."""
    candidates = {}
    for case_id, reference, procedure_id, version, received_on in rows:
        retention = _retention_of(procedure_id, version)
        if retention is not None and retention.due(received_on, today):
            candidates[case_id] = (reference, procedure_id, retention)
    closing = dict(CaseEvent.objects.filter(case_id__in=candidates, type__in=EVENT_TYPES)
                   .values("case_id").annotate(last=Max("on")).values_list("case_id", "last"))
    due = []
    for case_id, (reference, procedure_id, retention) in candidates.items():
        closed_on = closing.get(case_id)
        if closed_on is not None and retention.due(closed_on, today):
            due.append(Due(case_id, reference, procedure_id, closed_on,
                           retention.kept_until(closed_on), retention.then))
    return due


def retention_apply(*, today: date, batch: int | None = None,
                    organization_id: int | None = None) -> dict[str, int]:
    """Carry out what the plan says, batch by batch. Returns the cases done per action."""
    done: dict[str, int] = {}
    for due in retention_plan(today=today, batch=batch, organization_id=organization_id):
        for action, count in _apply_batch(due).items():
            done[action] = done.get(action, 0) + count
    return done


def _apply_batch(due: list[Due]) -> dict[str, int]:
    done = {}
    with transaction.atomic():
        by_id = {item.case_id: item for item in due}
        # Locked, and still closed: a case reopened meanwhile (an appeal) waits.
        cases = list(Case.objects.select_for_update().filter(
            id__in=by_id, state__in=CLOSED_STATES).order_by("id"))
        for action in sorted({by_id[case.pk].action for case in cases}):
            chosen = [case for case in cases if by_id[case.pk].action == action]
            done[action] = anonymize_cases(
                chosen, action=action, ground="retention",
                kept_until={case.pk: by_id[case.pk].kept_until for case in chosen})
    return done


# -- by age alone --------------------------------------------------------------------------------


def aged_rows(now=None) -> dict[str, object]:
    """What the settings clear, as querysets: sent messages' bodies, sign-in counters, expired
    sessions, stopped or long unused private links of closed cases; and what other apps
    registered (``privacy.hooks.aged``: a newsletter's withdrawn subscribers)."""
    now = now or timezone.now()
    link_age = now - timedelta(days=settings.OMBUD_RETENTION_TRACKING_DAYS)
    return {
        "outbox_bodies": OutboxMessage.objects.filter(
            state=MessageState.SENT,
            sent_at__lt=now - timedelta(days=settings.OMBUD_RETENTION_OUTBOX_DAYS)).filter(
            ~Q(body="") | ~Q(body_after_link="") | ~Q(attachment="")),
        "sign_in_records": AttemptCounter.objects.filter(
            window_started_at__lt=now - timedelta(days=settings.OMBUD_RETENTION_SIGNIN_DAYS)),
        "sessions": Session.objects.filter(
            expire_date__lt=now - timedelta(days=settings.OMBUD_RETENTION_SESSION_DAYS)),
        "finished_tasks": DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=now - timedelta(days=settings.OMBUD_RETENTION_TASKS_DAYS)),
        "tracking_links": TrackingLink.objects.filter(
            Q(revoked_at__lt=link_age) | Q(case__state__in=CLOSED_STATES) & (
                Q(last_used_at__lt=link_age)
                | Q(last_used_at__isnull=True, created_at__lt=link_age))),
        **hooks.aged(now),
    }


def aged_clear(*, batch: int | None = None, now=None) -> dict[str, int]:
    """Clear what ``aged_rows`` finds, in batches of primary keys (bounded memory, short
    transactions). Returns how many rows of each kind."""
    batch = batch or settings.OMBUD_RETENTION_BATCH
    cleared = {}
    for kind, rows in aged_rows(now).items():
        count = 0
        while keys := list(rows.values_list("pk", flat=True)[:batch]):
            with transaction.atomic():
                chosen = rows.model.objects.filter(pk__in=keys)
                if kind == "outbox_bodies":
                    _outbox_bodies_clear(chosen)
                else:
                    chosen.delete()
            count += len(keys)
        cleared[kind] = count
    return cleared


def _outbox_bodies_clear(messages) -> None:
    from ombud.retention.anonymize import _after_commit_delete

    files = list(messages.exclude(attachment="").values_list("attachment", flat=True))
    messages.update(body="", body_after_link="", attachment="")
    _after_commit_delete(files)
