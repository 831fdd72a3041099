"""The newsletter's personal data as the privacy console sees it (GDPR art. 15 and 17): a
person's subscriptions are listed and exported with the rest of what the organization holds
(``ombud.newsletter.retention.places``, with how long they are kept); here they are erased
with the rest.

An erasure takes the address and the name out of the subscriber's row (which stays, anonymous,
so that the consent records keep their subject and the counts stay right), stops every mail and
change still waiting for it, and has the processor delete the member for good: by the MD5 of
the address, Mailchimp's own name for it, since the address itself is gone from here. Both are
registered with ``ombud.privacy.hooks`` in the app's ``ready``."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ombud.newsletter import sync
from ombud.newsletter.mailchimp import member_hash
from ombud.newsletter.models import (
    Subscriber,
    SubscriberState,
    SyncChange,
    SyncOperation,
    SyncState,
)
from ombud.orgs.models import AttemptCounter
from ombud.orgs.throttle import attempt_key
from ombud.privacy.hooks import Someone
from ombud.privacy.selectors import folded, name_matches

ERASED_DOMAIN = "@erased.invalid"
KEY = "newsletter-"
CANDIDATES = 500  # subscribers read for a near name match: a bound, not a page


def _subscribers(organization, emails: list[str]):
    return Subscriber.objects.filter(newsletter__organization=organization,
                                     email__in=[email.casefold() for email in emails])


def people(organization, *, name: str, email: str) -> list[Someone]:
    """The organization's subscribers with exactly this address and (or) this name, nearly
    (the console's search, ``privacy.hooks.people``); an erased one is no one."""
    rows = Subscriber.objects.filter(newsletter__organization=organization).exclude(
        email__endswith=ERASED_DOMAIN)
    if email:
        rows = rows.filter(email=email.strip().casefold())
    if name:
        words = [word for word in folded(name).split() if len(word) >= 3] or [folded(name)]
        wanted = Q()
        for word in words:
            wanted |= Q(name__icontains=word[:4])
        rows = rows.filter(wanted)
    return [Someone(f"{KEY}{subscriber.pk}", subscriber.name, subscriber.email, _("Newsletter"))
            for subscriber in rows.order_by("email")[:CANDIDATES]
            if not name or name_matches(subscriber.name, name)]


def address(organization, key: str) -> str | None:
    """The address of the subscriber ``key`` names, in this organization only."""
    number = key.removeprefix(KEY)
    if not key.startswith(KEY) or not number.isdigit():
        return None
    subscriber = Subscriber.objects.filter(newsletter__organization=organization,
                                           pk=int(number)).first()
    if subscriber is None or subscriber.email.endswith(ERASED_DOMAIN):
        return None
    return subscriber.email


def erase(organization, emails: list[str], actor) -> None:
    """Inside the privacy console's erasing transaction."""
    now = timezone.now()
    for subscriber in _subscribers(organization, emails).select_for_update():
        changes = SyncChange.objects.filter(subscriber=subscriber)
        # A change a worker holds right now goes out (it read the address already); the rest
        # never will. The processor is told only if it may have heard of the person.
        changes.filter(state=SyncState.PENDING).exclude(claimed_until__gt=now).delete()
        known = changes.exclude(state=SyncState.REFUSED).exists()
        hashed = member_hash(subscriber.email)
        AttemptCounter.objects.filter(key=attempt_key("newsletter", subscriber.email)).delete()
        Subscriber.objects.filter(pk=subscriber.pk).update(
            email=f"erased-{subscriber.pk}{ERASED_DOMAIN}", name="",
            state=SubscriberState.WITHDRAWN, pending_text=None, requested_at=None,
            generation=F("generation") + 1, changed_at=now)
        if known:
            sync.change_add(subscriber, SyncOperation.ERASE, member_hash=hashed)
