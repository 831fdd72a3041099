"""NE-N-04: the subscriber list reaches the processor through a queue, against a local server
speaking Mailchimp's Marketing API (tests/fake_mailchimp.py) and Ombud's own client: each change
once, in order, retried with backoff on 429 and 5xx, "Member Exists" and 404 understood, a
refusal kept for the staff; the person never waits for Mailchimp."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ombud.newsletter import services, sync, tokens
from ombud.newsletter.mailchimp import Mailchimp
from ombud.newsletter.models import Subscriber, SubscriberState, SyncChange, SyncState
from tests.fake_mailchimp import API_KEY, member_hash

EMAIL = "ola@example.org"


def _client(server) -> Mailchimp:
    return Mailchimp(API_KEY, server.url)


def _subscribed(newsletter, email: str = EMAIL) -> Subscriber:
    services.subscription_request(newsletter=newsletter, email=email, name="Ola",
                                  language="nb", text=newsletter.consent_text(), client="c")
    subscriber = Subscriber.objects.get(email=email)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    return subscriber


def _withdraw(subscriber) -> None:
    subscriber.refresh_from_db()
    services.subscription_withdraw(
        newsletter=subscriber.newsletter, channel="one_click",
        claim=tokens.Claim(subscriber.pk, subscriber.generation))


def _later(seconds: int):
    """Make every waiting change due now, as if ``seconds`` had passed."""
    SyncChange.objects.filter(state=SyncState.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
def test_ne_n_04_a_subscription_is_added_once_and_a_second_run_sends_nothing(newsletter,
                                                                              mailchimp):
    _subscribed(newsletter)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)
    assert sync.sync_due(_client(mailchimp)) == (0, 0)
    method, path, body = mailchimp.calls[0]
    assert (method, path) == ("POST", "/3.0/lists/ne-demo-list/members")
    assert body["status"] == "subscribed" and body["merge_fields"] == {"FNAME": "Ola"}
    assert len(mailchimp.calls) == 1


@pytest.mark.django_db
def test_ne_n_04_member_exists_is_answered_with_an_update(newsletter, mailchimp):
    mailchimp.lists["ne-demo-list"][member_hash(EMAIL)] = {
        "email_address": EMAIL, "status": "unsubscribed", "merge_fields": {}, "language": ""}
    _subscribed(newsletter)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _ in mailchimp.calls] == [
        ("POST", "members"), ("PUT", member_hash(EMAIL))]
    assert mailchimp.status_of(EMAIL) == "subscribed"


@pytest.mark.django_db
def test_ne_n_04_archiving_one_mailchimp_no_longer_has_counts_as_done(newsletter, mailchimp):
    subscriber = _subscribed(newsletter)
    SyncChange.objects.update(state=SyncState.DONE)  # as if added long ago, then removed there
    _withdraw(subscriber)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)
    assert mailchimp.calls[-1][0] == "DELETE"
    assert SyncChange.objects.get(operation="archive").state == SyncState.DONE


@pytest.mark.django_db
def test_ne_n_04_too_many_requests_waits_at_least_what_mailchimp_asked(newsletter, mailchimp):
    _subscribed(newsletter)
    mailchimp.fail_next(429, "Too Many Requests", retry_after=120)
    started = timezone.now()
    assert sync.sync_due(_client(mailchimp)) == (0, 1)
    change = SyncChange.objects.get()
    assert change.state == SyncState.PENDING and change.attempts == 1
    assert change.next_attempt_at >= started + timedelta(seconds=120)
    assert "429" in change.last_error
    assert sync.sync_due(_client(mailchimp)) == (0, 0)  # not before its time
    _later(120)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)
    assert mailchimp.status_of(EMAIL) == "subscribed"


@pytest.mark.django_db
def test_ne_n_04_server_errors_back_off_and_the_withdrawal_waits_for_its_subscription(
        newsletter, mailchimp):
    subscriber = _subscribed(newsletter)
    _withdraw(subscriber)  # the person is done at once, whatever Mailchimp does
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.WITHDRAWN
    mailchimp.fail_next(503, "Service Unavailable", times=2)
    first = sync.sync_due(_client(mailchimp))
    assert first == (0, 1)  # the archive is not sent before the subscription it follows
    assert [m for m, _, _ in mailchimp.calls] == ["POST"]
    _later(30)
    assert sync.sync_due(_client(mailchimp)) == (0, 1)
    change = SyncChange.objects.get(operation="subscribe")
    assert change.attempts == 2 and change.next_attempt_at - timezone.now() > timedelta(
        seconds=50)  # 30 s, then 60 s
    _later(60)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)  # the subscription …
    assert sync.sync_due(_client(mailchimp)) == (1, 0)  # … then its withdrawal
    assert mailchimp.status_of(EMAIL) == "archived"
    assert [m for m, _, _ in mailchimp.calls] == ["POST", "POST", "POST", "DELETE"]


@pytest.mark.django_db
def test_ne_n_04_a_refusal_is_kept_with_its_reason_and_does_not_block_later_changes(
        newsletter, mailchimp, people, client_for):
    subscriber = _subscribed(newsletter)
    mailchimp.fail_next(400, "Invalid Resource")
    assert sync.sync_due(_client(mailchimp)) == (0, 1)
    refused = SyncChange.objects.get()
    assert refused.state == SyncState.REFUSED and refused.last_error == "400 Invalid Resource"
    page = client_for(people["ne"]["privacy"]).get("/ne/newsletter/subscribers/")
    assert "400 Invalid Resource" in page.content.decode()
    _withdraw(subscriber)
    assert sync.sync_due(_client(mailchimp)) == (1, 0)  # 404 there: already not a member


@pytest.mark.django_db
def test_ne_n_04_a_wrong_api_key_is_refused_by_the_processor(newsletter, mailchimp):
    _subscribed(newsletter)
    assert sync.sync_due(Mailchimp("wrong-us21", mailchimp.url)) == (0, 1)
    assert SyncChange.objects.get().last_error == "401 API Key Invalid"


@pytest.mark.django_db
def test_ne_n_04_no_connection_is_retried(newsletter, mailchimp):
    _subscribed(newsletter)
    assert sync.sync_due(Mailchimp(API_KEY, "http://127.0.0.1:9/3.0")) == (0, 1)
    change = SyncChange.objects.get()
    assert change.state == SyncState.PENDING and change.last_error.startswith("0 ")


@pytest.mark.django_db
def test_ne_n_04_subscribe_withdraw_subscribe_arrive_in_order(newsletter, mailchimp):
    subscriber = _subscribed(newsletter)
    _withdraw(subscriber)
    _subscribed(newsletter)
    for _ in range(3):
        sync.sync_due(_client(mailchimp), limit=1)
    assert [m for m, _, _ in mailchimp.calls] == ["POST", "DELETE", "POST"]
    assert mailchimp.status_of(EMAIL) == "subscribed"
