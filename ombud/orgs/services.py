"""Sign-in bookkeeping: each password check is an attempt taken from a small allowance per user
name and address together, so that a stranger elsewhere cannot lock a handler out."""

from __future__ import annotations

from datetime import timedelta

from ombud.orgs.throttle import attempt_key, attempt_reserve, attempts_clear

LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15
_SIGN_IN = "sign-in"


def sign_in_attempt_reserve(*, username: str, client: str) -> bool:
    """Whether ``username`` may have its password checked for ``client`` (a keyed address) now.
    Call before checking: the attempt counts as failed until ``sign_in_succeeded``. Unknown user
    names are counted like known ones, so the answer tells nothing about who exists."""
    return attempt_reserve(scope=_SIGN_IN, key=_sign_in_key(username, client),
                           limit=LOCK_AFTER_FAILURES, window=timedelta(minutes=LOCK_MINUTES))


def sign_in_succeeded(*, username: str, client: str) -> None:
    attempts_clear(scope=_SIGN_IN, key=_sign_in_key(username, client))


def _sign_in_key(username: str, client: str) -> str:
    return attempt_key(username.casefold(), client)
