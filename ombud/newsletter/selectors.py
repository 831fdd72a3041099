"""Reads of an organization's newsletter for its staff."""

from __future__ import annotations

from django.db.models import Count

from ombud.newsletter.models import Consent, Newsletter, Subscriber, SyncChange, SyncState


def newsletter_of(organization) -> Newsletter | None:
    return Newsletter.objects.filter(organization=organization).first()


def state_counts(newsletter: Newsletter) -> dict[str, int]:
    return dict(newsletter.subscribers.values_list("state").annotate(Count("id")))


def processor_counts(newsletter: Newsletter) -> dict[str, int]:
    return dict(SyncChange.objects.filter(subscriber__newsletter=newsletter)
                .values_list("state").annotate(Count("id")))


def refused_changes(newsletter: Newsletter):
    return (SyncChange.objects.filter(subscriber__newsletter=newsletter,
                                      state=SyncState.REFUSED)
            .select_related("subscriber").order_by("-id")[:20])


def consent_history(newsletter: Newsletter, email: str) -> tuple[Subscriber | None, list]:
    subscriber = newsletter.subscribers.filter(email=email.strip().lower()).first()
    if subscriber is None:
        return None, []
    return subscriber, list(Consent.objects.filter(subscriber=subscriber)
                            .select_related("text", "recorded_by"))
