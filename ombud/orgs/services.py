"""Sign-in bookkeeping: repeated failures lock an account for a while."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ombud.orgs.models import LoginFailure

LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15


def login_is_locked(username: str) -> bool:
    since = timezone.now() - timedelta(minutes=LOCK_MINUTES)
    return LoginFailure.objects.filter(username=username.lower(), at__gte=since).count() \
        >= LOCK_AFTER_FAILURES


def login_failure_record(*, username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), address=address)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
