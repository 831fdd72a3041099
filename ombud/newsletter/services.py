"""The only code that changes a newsletter's subscribers (NE-N-01…04).

Every change happens in one transaction with the subscriber's row locked: its consent record
(never edited afterwards), its mail in the outbox and its change for the processor are written
together or not at all. A withdrawal takes effect in that transaction, before the page answers
(NE-N-02); the processor learns of it from the queue, never blocking the person."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ombud.newsletter import mails, sync, tokens
from ombud.newsletter.models import (
    Consent,
    ConsentAction,
    ConsentChannel,
    ConsentHow,
    ConsentText,
    Newsletter,
    Subscriber,
    SubscriberState,
    SyncOperation,
)
from ombud.orgs.throttle import attempt_key, attempt_reserve

# Mail to one address at most this often from the public forms: no one floods a stranger's
# mailbox through us. Over the limit the form answers the same and sends nothing.
MAILS_PER_ADDRESS_PER_DAY = 3
REQUESTS_PER_CLIENT_PER_HOUR = 20


class NotSubscribed(Exception):
    """Staff registered a withdrawal for an address the newsletter does not know."""


def clean_name(name: str) -> str:
    """A name on one line of printable text, at most 200 characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in name).split())[:200]


def mail_allowed(*, email: str, client: str) -> bool:
    return (attempt_reserve(scope="newsletter-client", key=attempt_key("newsletter", client),
                            limit=REQUESTS_PER_CLIENT_PER_HOUR, window=timedelta(hours=1))
            and attempt_reserve(scope="newsletter-address", key=attempt_key("newsletter", email),
                                limit=MAILS_PER_ADDRESS_PER_DAY, window=timedelta(days=1)))


def subscription_request(*, newsletter: Newsletter, email: str, name: str, language: str,
                         text: ConsentText, client: str) -> None:
    """The form was sent with the consent box ticked under ``text``: mail the confirmation link
    (double opt-in). Nothing is subscribed until it is followed. The caller answers the same
    whatever happens here."""
    email = email.strip().lower()
    if not mail_allowed(email=email, client=client):
        return
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            newsletter=newsletter, email=email,
            defaults={"name": clean_name(name), "language": language})
        if subscriber.state == SubscriberState.SUBSCRIBED:
            mails.already_subscribed(subscriber)
            return
        if not created:  # a new request: earlier links confirm nothing from now on
            subscriber.generation += 1
        subscriber.name, subscriber.language = clean_name(name), language
        subscriber.state = SubscriberState.PENDING
        subscriber.pending_text, subscriber.requested_at = text, timezone.now()
        subscriber.save()
        mails.confirmation_request(subscriber)


def _locked(newsletter: Newsletter, claim: tokens.Claim) -> Subscriber | None:
    return Subscriber.objects.select_for_update().filter(
        pk=claim.subscriber_id, newsletter=newsletter).select_related(
        "newsletter__organization").first()


def subscription_confirm(*, newsletter: Newsletter, claim: tokens.Claim) -> Subscriber | None:
    """The link in the confirmation mail was followed: the consent is given (NE-N-01), recorded
    with the words shown on the form, when, and how. None: the link is no longer good (a newer
    request or a withdrawal came after it). Confirming twice changes nothing."""
    with transaction.atomic():
        subscriber = _locked(newsletter, claim)
        if subscriber is None or subscriber.generation != claim.generation:
            return None
        if subscriber.state == SubscriberState.SUBSCRIBED:
            return subscriber
        if subscriber.state != SubscriberState.PENDING or subscriber.pending_text is None:
            return None
        Consent.objects.create(
            subscriber=subscriber, action=ConsentAction.GIVEN, text=subscriber.pending_text,
            language=subscriber.language, channel=ConsentChannel.WEB, at=timezone.now(),
            asked_at=subscriber.requested_at, how=ConsentHow.BOX_AND_MAIL)
        subscriber.state = SubscriberState.SUBSCRIBED
        subscriber.save(update_fields=["state", "changed_at"])
        sync.change_add(subscriber, SyncOperation.SUBSCRIBE)
        mails.welcome(subscriber)
        return subscriber


def subscription_withdraw(*, newsletter: Newsletter, claim: tokens.Claim,
                          channel: str) -> Subscriber | None:
    """The unsubscribe link was used, in the mail program (one click, RFC 8058) or on our page.
    None: the link names no subscriber of this newsletter."""
    with transaction.atomic():
        subscriber = _locked(newsletter, claim)
        if subscriber is None:
            return None
        how = {ConsentChannel.ONE_CLICK: ConsentHow.ONE_CLICK,
               ConsentChannel.EMAIL_LINK: ConsentHow.LINK_PAGE}
        _withdraw(subscriber, channel=channel, how=how[channel])
        return subscriber


def withdrawal_register(*, newsletter: Newsletter, email: str, received_on: date,
                        channel: str, actor) -> Subscriber:
    """A withdrawal that came in writing (a letter, an e-mail), registered by staff: it takes
    effect now and is recorded with the day it was received and who registered it (NE-N-02)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(
            newsletter=newsletter, email=email.strip().lower()).first()
        if subscriber is None:
            raise NotSubscribed(email)
        _withdraw(subscriber, channel=channel, how=ConsentHow.IN_WRITING,
                  recorded_by=actor, received_on=received_on)
        return subscriber


def _withdraw(subscriber: Subscriber, *, channel: str, how: str, recorded_by=None,
              received_on: date | None = None) -> None:
    """Holding the subscriber's row lock. A second withdrawal records nothing new."""
    if subscriber.state == SubscriberState.WITHDRAWN:
        return
    was_subscribed = subscriber.state == SubscriberState.SUBSCRIBED
    Consent.objects.create(subscriber=subscriber, action=ConsentAction.WITHDRAWN,
                           language=subscriber.language, channel=channel, how=how,
                           at=timezone.now(), recorded_by=recorded_by, received_on=received_on)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        state=SubscriberState.WITHDRAWN, generation=F("generation") + 1,
        pending_text=None, changed_at=timezone.now())
    subscriber.refresh_from_db()
    if was_subscribed:  # a request never confirmed was never sent to the processor
        sync.change_add(subscriber, SyncOperation.ARCHIVE)


def withdraw_link_request(*, newsletter: Newsletter, email: str, client: str) -> None:
    """The withdrawal page: the unsubscribe link goes to the address, if it is on the list. The
    page answers the same either way."""
    email = email.strip().lower()
    if not mail_allowed(email=email, client=client):
        return
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(
            newsletter=newsletter, email=email,
            state__in=[SubscriberState.SUBSCRIBED, SubscriberState.PENDING]).select_related(
            "newsletter__organization").first()
        if subscriber is not None:
            mails.withdraw_link(subscriber)
