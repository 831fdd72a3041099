"""Sign-in bookkeeping: each password check is an attempt taken from a small allowance per user
name and address together, so that a stranger elsewhere cannot lock a handler out. Across all
addresses an account also has an hourly allowance of failures from browsers it has never signed
in from: many addresses (a botnet, an IPv6 /48) then cannot guess on and on, while the person at
their own browser, which knows them, is never locked out by it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from ombud.orgs.throttle import attempt_key, attempt_reserve, attempt_return, attempts_clear

LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15
_SIGN_IN = "sign-in"
_SIGN_IN_ACCOUNT = "sign-in-account"  # failures from browsers the account has not used


def sign_in_attempt_reserve(*, username: str, client: str, known_browser: bool) -> str | None:
    """Take an attempt for ``username`` from ``client`` (a keyed address) before its password
    is checked: None when it may be checked now, else what ran out ("address" or "account").
    The attempt counts as failed until ``sign_in_succeeded``. Unknown user names are counted
    like known ones, so the answer tells nothing about who exists."""
    if not attempt_reserve(scope=_SIGN_IN, key=_sign_in_key(username, client),
                           limit=LOCK_AFTER_FAILURES, window=timedelta(minutes=LOCK_MINUTES)):
        return "address"
    if known_browser:
        return None
    if not attempt_reserve(scope=_SIGN_IN_ACCOUNT, key=_account_key(username),
                           limit=settings.OMBUD_SIGN_IN_FAILURES_PER_ACCOUNT,
                           window=timedelta(hours=1)):
        return "account"
    return None


def sign_in_succeeded(*, username: str, client: str, account_attempt_taken: bool = False) -> None:
    """The password was right: the address's lock on the user name ends, and an attempt taken
    from the account's allowance (an unknown browser) was no failure."""
    attempts_clear(scope=_SIGN_IN, key=_sign_in_key(username, client))
    if account_attempt_taken:
        attempt_return(scope=_SIGN_IN_ACCOUNT, key=_account_key(username))


def _account_key(username: str) -> str:
    return attempt_key(username.casefold())


def _sign_in_key(username: str, client: str) -> str:
    return attempt_key(username.casefold(), client)
