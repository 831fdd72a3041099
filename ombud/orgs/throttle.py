"""Counting attempts so that parallel requests can never take more than their share.

An attempt is reserved before the work it stands for (a password check, a reset mail) is done:
one conditional UPDATE adds it only while the count is under the limit, and the database applies
such updates one at a time to a row (a row lock on PostgreSQL, the write lock on SQLite). Fifty
requests arriving together therefore get exactly ``limit`` reservations, never more; reading the
count first and adding to it afterwards would let all fifty through the read.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ombud.orgs.models import AttemptCounter

# Counters whose window began longer ago than this are gone for good: every window is shorter, so
# forgetting them changes no answer, and a spray of made-up user names cannot grow the table.
FORGET_AFTER = timedelta(days=1)


def attempt_key(*parts: str) -> str:
    """A keyed hash of what identifies the attempts (a user name, an address): the table never
    holds them in the clear, and any length fits."""
    return salted_hmac("ombud.orgs.throttle", "\0".join(parts), algorithm="sha256").hexdigest()


def attempt_reserve(*, scope: str, key: str, limit: int, window: timedelta) -> bool:
    """Take one attempt of ``scope`` for ``key``: True if it was under ``limit`` in the current
    window (which starts at the first attempt and lasts ``window``), False if none is left."""
    now = timezone.now()
    counter, created = AttemptCounter.objects.get_or_create(
        scope=scope, key=key, defaults={"window_started_at": now})
    if created:
        AttemptCounter.objects.filter(window_started_at__lt=now - FORGET_AFTER).delete()
    counters = AttemptCounter.objects.filter(pk=counter.pk)
    # A window that ran out starts again. Conditional too: of two requests that both saw it run
    # out, only the first restarts it, and the second counts in the new window.
    counters.filter(window_started_at__lte=now - window).update(window_started_at=now, count=0)
    return counters.filter(count__lt=limit).update(count=F("count") + 1) == 1


def attempts_clear(*, scope: str, key: str) -> None:
    AttemptCounter.objects.filter(scope=scope, key=key).delete()


def attempt_return(*, scope: str, key: str) -> None:
    """Give back one attempt taken by ``attempt_reserve`` (it turned out not to be a failure)."""
    AttemptCounter.objects.filter(scope=scope, key=key, count__gt=0).update(count=F("count") - 1)
