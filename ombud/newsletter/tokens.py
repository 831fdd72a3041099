"""The links in newsletter mails: signed (Django's signing, the site's secret key and its
fallbacks), so that nothing is stored to look a token up and no address is in the URL.

A token names its purpose, the organization, the subscriber and the subscriber's generation:
a confirmation link is refused for unsubscribing and the reverse; a link of one organization is
refused under another's address; a link mailed before a withdrawal or a new request confirms
nothing (the generation moved on). Unsubscribing again with an old link does no harm, so an
unsubscribe link stays good for as long as old newsletters are read (RFC 8058 asks it to work
without a login, from the mail program)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
CONFIRM_MAX_AGE_SECONDS = 14 * 24 * 3600


@dataclass(frozen=True)
class Claim:
    subscriber_id: int
    generation: int


def _salt(purpose: str, organization_slug: str) -> str:
    return f"ombud.newsletter.{purpose}.{organization_slug}"


def make(purpose: str, subscriber) -> str:
    slug = subscriber.newsletter.organization.slug
    return signing.dumps([subscriber.pk, subscriber.generation], salt=_salt(purpose, slug))


def read(purpose: str, organization_slug: str, token: str) -> Claim | None:
    """The claim of a genuine token of ``purpose`` for that organization, else None."""
    max_age = CONFIRM_MAX_AGE_SECONDS if purpose == CONFIRM else None
    try:
        found = signing.loads(token, salt=_salt(purpose, organization_slug), max_age=max_age)
    except signing.BadSignature:  # also a forged, cut or expired token
        return None
    if not (isinstance(found, list) and len(found) == 2
            and all(isinstance(part, int) and not isinstance(part, bool) for part in found)):
        return None
    return Claim(*found)
