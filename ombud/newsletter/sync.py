"""The queue of changes for the processor, worked like the outbox (``ombud.mail.outbox``): a
change is written in the transaction that made it; the worker claims one with a conditional
UPDATE and a lease, calls the processor outside any transaction, and marks it. A failure worth
retrying waits with backoff (at least what a 429 asked); a refusal is kept, with its reason,
for the staff to see. Nothing is dropped.

Order: a subscriber's change is claimed only when no earlier change of that subscriber still
waits, so that the processor sees subscribe, archive, subscribe in the order they happened.
Each call is idempotent at the processor (add-or-update, archive of the archived), so a change
sent again after a crash between the call and its mark does no harm."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ombud.newsletter.mailchimp import Failure, Mailchimp
from ombud.newsletter.models import Subscriber, SyncChange, SyncOperation, SyncState

log = logging.getLogger(__name__)

BACKOFF_MAX_SECONDS = 3600
BATCH = 50


def change_add(subscriber: Subscriber, operation: str, *, member_hash: str = "") -> SyncChange:
    """In the caller's transaction: one change for the processor, sent after it commits.
    ``member_hash``: an erasure's, the member's name at the processor."""
    change = SyncChange.objects.create(subscriber=subscriber, operation=operation,
                                       member_hash=member_hash,
                                       next_attempt_at=timezone.now())
    transaction.on_commit(_wake_worker)
    return change


def _wake_worker() -> None:
    from ombud import schedule
    from ombud.newsletter.tasks import sync_processor

    schedule.enqueue_once(sync_processor)


def backoff(attempts: int, at_least: int | None = None) -> timedelta:
    first = settings.OMBUD_MAILCHIMP_BACKOFF_SECONDS
    seconds = min(BACKOFF_MAX_SECONDS, first * 2 ** (attempts - 1))
    return timedelta(seconds=max(seconds, min(at_least or 0, BACKOFF_MAX_SECONDS)))


def _due(now: datetime):
    earlier_waiting = SyncChange.objects.filter(
        subscriber=OuterRef("subscriber"), id__lt=OuterRef("id"), state=SyncState.PENDING)
    return SyncChange.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), ~Exists(earlier_waiting),
        state=SyncState.PENDING, next_attempt_at__lte=now)


def sync_due(client: Mailchimp, *, limit: int = BATCH) -> tuple[int, int]:
    """Send what is due, one change at a time. Returns (sent, failed)."""
    sent = failed = 0
    for change_id in list(_due(timezone.now()).order_by("id").values_list("id", flat=True)
                          [:limit]):
        change = _claim(change_id)
        if change is None:  # another worker took it
            continue
        if _send(client, change):
            sent += 1
        else:
            failed += 1
    return sent, failed


def next_due_at() -> datetime | None:
    return (SyncChange.objects.filter(state=SyncState.PENDING).order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True).first())


def _claim(change_id: int) -> SyncChange | None:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.OMBUD_OUTBOX_LEASE_SECONDS)
    # The id must still be due (not taken, no earlier change of its subscriber waiting): the
    # list was read before, and the database answers for the moment of the update.
    due_ids = _due(now).filter(pk=change_id).values("id")
    if not SyncChange.objects.filter(pk__in=due_ids).update(claimed_until=lease):
        return None
    return SyncChange.objects.select_related("subscriber__newsletter").get(pk=change_id)


def _send(client: Mailchimp, change: SyncChange) -> bool:
    subscriber, newsletter = change.subscriber, change.subscriber.newsletter
    ours = SyncChange.objects.filter(pk=change.pk, state=SyncState.PENDING,
                                     claimed_until=change.claimed_until)
    try:
        if change.operation == SyncOperation.SUBSCRIBE:
            client.subscribe(newsletter.list_id, subscriber.email, name=subscriber.name,
                             language=subscriber.language)
        elif change.operation == SyncOperation.ERASE:
            client.erase(newsletter.list_id, change.member_hash)
        else:
            client.archive(newsletter.list_id, subscriber.email)
    except Failure as failure:
        attempts = change.attempts + 1
        log.warning("processor change %s: attempt %s failed: %s", change.pk, attempts, failure)
        if failure.retry:
            ours.update(attempts=attempts, claimed_until=None, last_error=str(failure),
                        next_attempt_at=timezone.now() + backoff(attempts, failure.retry_after))
        else:
            ours.update(attempts=attempts, claimed_until=None, last_error=str(failure),
                        state=SyncState.REFUSED, done_at=timezone.now())
        return False
    SyncChange.objects.filter(pk=change.pk, state=SyncState.PENDING).update(
        state=SyncState.DONE, attempts=change.attempts + 1, claimed_until=None,
        last_error="", done_at=timezone.now())
    return True
