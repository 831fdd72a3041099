"""How long a newsletter keeps what it knows about a person, and what the privacy officer sees
of it (NE-N-01, NE-N-02; GDPR art. 5(1)(e), 15).

A withdrawn subscriber's row and its consent records (the proof of what was agreed to and when
it was withdrawn) are kept ``OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS`` after the withdrawal,
then deleted by the nightly retention job; never before the processor took the withdrawal (the
archive at Mailchimp went first: no change for it waits or was refused). A request never
confirmed is deleted ``OMBUD_RETENTION_NEWSLETTER_UNCONFIRMED_DAYS`` after it was made. Both
are registered in ``privacy.hooks`` by the app's ``ready``; deleting a row deletes its consents
and its processor changes with it, so a second run finds nothing: the job is idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.newsletter.models import Consent, Subscriber, SubscriberState, SyncChange, SyncState


def withdrawn_days() -> int:
    return settings.OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS


def aged_subscribers(now) -> dict[str, object]:
    """The subscribers whose retention ended ``now``, by kind (``retention.services.aged_rows``)."""
    unsent = SyncChange.objects.filter(subscriber=OuterRef("pk"),
                                       state__in=[SyncState.PENDING, SyncState.REFUSED])
    withdrawn = Subscriber.objects.filter(
        state=SubscriberState.WITHDRAWN,
        changed_at__lt=now - timedelta(days=withdrawn_days())).filter(~Exists(unsent))
    unconfirmed = Subscriber.objects.filter(
        state=SubscriberState.PENDING,
        requested_at__lt=now - timedelta(
            days=settings.OMBUD_RETENTION_NEWSLETTER_UNCONFIRMED_DAYS)).filter(
        ~Exists(Consent.objects.filter(subscriber=OuterRef("pk")))).filter(~Exists(unsent))
    return {"newsletter_withdrawn": withdrawn, "newsletter_unconfirmed": unconfirmed}


def places(organization, emails: list[str]) -> dict[str, list]:
    """The person's subscription and consent records, for the console and the access export,
    with how long they are kept; each version of the consent text as a citizen reads it."""
    if not emails:
        return {}
    rows = []
    for subscriber in Subscriber.objects.filter(
            newsletter__organization=organization, email__in=emails).select_related(
            "newsletter").prefetch_related("consents__text"):
        rows.append({
            "newsletter": subscriber.newsletter.called, "email": subscriber.email,
            "name": subscriber.name, "state": subscriber.get_state_display(),
            "consents": [{"on": consent.at.isoformat(), "action": consent.get_action_display(),
                          "text": text_label(consent.text) if consent.text else "",
                          # The very words agreed to, in the language they were read in.
                          "words": consent.text.text(consent.language) if consent.text else "",
                          "how": consent.get_how_display()}
                         for consent in subscriber.consents.all()],
            "kept": kept_statement()})
    return {_("Newsletter"): rows} if rows else {}


def text_label(text) -> str:
    """A consent text's version as a person reads it: "version 1 of 1 May 2026"."""
    if text.published_on is None:
        return _("version %(version)s") % {"version": text.version}
    return _("version %(version)s of %(day)s") % {
        "version": text.version, "day": date_format(text.published_on, "DATE_FORMAT")}


def kept_statement() -> str:
    return _("After you withdraw, the record of your consent and of its withdrawal is kept "
             "%(days)s days as proof, then deleted; never before our processor has removed you "
             "from its list.") % {"days": withdrawn_days()}

