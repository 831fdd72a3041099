"""Browsers a person has signed in from before: a signed cookie naming (as keyed hashes) the
accounts whose password was right in it. Failures from such a browser do not count toward the
account's allowance across addresses (``services.sign_in_attempt_reserve``), so that someone
guessing from everywhere else cannot lock the person out of their own browser."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from ombud.orgs.throttle import attempt_key

COOKIE = "ombud_known"
SALT = "ombud.orgs.known_browsers"
MAX_AGE_SECONDS = 180 * 24 * 3600
MAX_ACCOUNTS = 5  # a shared office computer: the last few people who signed in on it


def _account(username: str) -> str:
    return attempt_key("known-browser", username.casefold())[:32]


def _accounts(request) -> list[str]:
    try:
        found = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT,
                              max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return []
    return [item for item in found if isinstance(item, str)] if isinstance(found, list) else []


def knows(request, username: str) -> bool:
    return _account(username) in _accounts(request)


def remember(request, response, username: str) -> None:
    """Called once the password was right (a second factor may still follow)."""
    account = _account(username)
    accounts = [account, *(item for item in _accounts(request) if item != account)]
    response.set_cookie(COOKIE, signing.dumps(accounts[:MAX_ACCOUNTS], salt=SALT),
                        max_age=MAX_AGE_SECONDS, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
