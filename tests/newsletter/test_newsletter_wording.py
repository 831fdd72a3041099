"""What a citizen reads of Norsk Energi's newsletter (NE-N-01…03): the consent text's version as
a number and a day, never a rule ID; the newsletter named with each language's grammar; the
unsubscribe header with a mailto beside the link (RFC 2369, RFC 8058) that no hostile address
can turn into a second header; and how long a withdrawn subscriber is kept (GDPR art. 5(1)(e))."""

from __future__ import annotations

import html
import io
import re
from contextlib import redirect_stdout
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from ombud import cli
from ombud.mail.models import OutboxMessage
from ombud.newsletter import mails, services, tokens
from ombud.newsletter.models import Consent, Subscriber, SyncChange, SyncState
from ombud.retention import services as retention

RULE_ID = re.compile(r"\b(?:NE|PP|DNV|AV|GL|X)-[A-Z]?-?\d{2}\b")


def _subscribed(newsletter, email="ola@example.org", language="nb") -> Subscriber:
    services.subscription_request(newsletter=newsletter, email=email, name="Ola",
                                  language=language, text=newsletter.consent_text(), client="c")
    subscriber = Subscriber.objects.get(email=email)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    return subscriber


def _withdrawn(newsletter, email="ola@example.org") -> Subscriber:
    subscriber = _subscribed(newsletter, email)
    subscriber.refresh_from_db()
    services.subscription_withdraw(newsletter=newsletter, channel="one_click",
                                   claim=tokens.Claim(subscriber.pk, subscriber.generation))
    subscriber.refresh_from_db()
    return subscriber


@pytest.mark.django_db
def test_ne_n_01_no_rule_id_reaches_a_citizen_on_any_newsletter_page_or_mail(newsletter):
    for language in ("nb", "nl", "en"):
        client = Client()
        client.cookies["django_language"] = language
        page = client.get("/ne/newsletter/").content.decode()
        assert not RULE_ID.search(page), (language, RULE_ID.search(page))
        for path in ("/ne/newsletter/withdraw/", "/ne/newsletter/sent/"):
            assert not RULE_ID.search(client.get(path).content.decode())
    assert "versjon 1 av 1. mai 2026" in Client().get("/ne/newsletter/").content.decode()
    subscriber = _withdrawn(newsletter)
    services.withdraw_link_request(newsletter=newsletter, email="x@example.org", client="c")
    for message in OutboxMessage.objects.filter(to=subscriber.email):
        assert not RULE_ID.search(message.subject + message.body + str(message.headers))


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "subject", "sentence"), [
    ("nb", "Velkommen til Norsk Energis nyhetsbrev", "Norsk Energis nyhetsbrev"),
    ("nl", "Welkom bij de nieuwsbrief van Norsk Energi", "de nieuwsbrief van Norsk Energi"),
    ("en", "Welcome to Norsk Energi's newsletter", "Norsk Energi's newsletter"),
])
def test_ne_n_01_the_newsletter_is_named_with_each_languages_grammar(newsletter, language,
                                                                      subject, sentence):
    _subscribed(newsletter, language=language)
    welcome = OutboxMessage.objects.get(kind="newsletter_welcome")
    assert welcome.subject == subject
    assert "Norsk Energi nyhetsbrev" not in welcome.body and sentence in welcome.body
    client = Client()
    client.cookies["django_language"] = language
    page = html.unescape(client.get("/ne/newsletter/").content.decode())
    assert sentence in page and "Norsk Energi nyhetsbrev" not in page


@pytest.mark.django_db
def test_ne_n_02_list_unsubscribe_offers_the_link_and_a_mailto(newsletter):
    _subscribed(newsletter)
    header = OutboxMessage.objects.get(kind="newsletter_welcome").headers["List-Unsubscribe"]
    link, mailto = [part.strip() for part in header.split(",")]
    assert link.startswith("<https://") or link.startswith("<http://")
    address = newsletter.organization.email
    assert mailto == f"<mailto:{address}?subject=unsubscribe>"


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", [
    "post@ne.example\r\nBcc: victim@example.org", "a>,<https://evil.example/@ne.example",
    "post@ne.example?subject=x&body=y", "post @ne.example", "post@ne.example\n", "",
])
def test_ne_n_02_a_hostile_reply_address_is_left_out_never_quoted_into_the_header(
        newsletter, hostile):
    organization = newsletter.organization
    organization.email = hostile
    organization.save(update_fields=["email"])
    _subscribed(newsletter)  # the mail is written: no error, no second header
    header = OutboxMessage.objects.get(kind="newsletter_welcome").headers["List-Unsubscribe"]
    assert "mailto:" not in header and "," not in header and "\n" not in header
    assert mails.unsubscribe_mailto(organization) is None


@pytest.mark.django_db
def test_ne_n_02_withdrawn_subscribers_are_deleted_after_their_retention_once_archived(
        newsletter, settings):
    settings.OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS = 30
    gone = _withdrawn(newsletter, "gone@example.org")
    waiting = _withdrawn(newsletter, "waiting@example.org")
    recent = _withdrawn(newsletter, "recent@example.org")
    kept = _subscribed(newsletter, "kept@example.org")
    # The processor took gone's and recent's changes; waiting's archive has not gone yet.
    SyncChange.objects.exclude(subscriber=waiting).update(state=SyncState.DONE)
    old = timezone.now() - timedelta(days=31)
    Subscriber.objects.filter(pk__in=[gone.pk, waiting.pk]).update(changed_at=old)

    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["privacy", "retention", "--dry-run"]) == 0
    assert "would clear 1 newsletter withdrawn" in out.getvalue()
    assert Subscriber.objects.count() == 4  # the dry run changes nothing

    assert retention.aged_clear()["newsletter_withdrawn"] == 1
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        waiting.email, recent.email, kept.email}
    assert not Consent.objects.filter(subscriber_id=gone.pk).exists()
    assert retention.aged_clear()["newsletter_withdrawn"] == 0  # idempotent


@pytest.mark.django_db
def test_ne_n_02_the_form_states_how_long_a_withdrawal_is_kept(newsletter, settings):
    settings.OMBUD_RETENTION_NEWSLETTER_WITHDRAWN_DAYS = 365
    page = Client().get("/ne/newsletter/").content.decode()
    assert "365 dager" in page


@pytest.mark.django_db
def test_ne_n_01_the_access_export_holds_the_subscription_its_version_and_its_retention(
        newsletter, people):
    from ombud.cases import services as case_services
    from ombud.cases.models import Party
    from ombud.privacy import export, selectors
    from tests.pdf_text import pdf_bytes_text

    case_services.case_register(
        organization=newsletter.organization, procedure_id="ne/appeal", channel="letter",
        received_on=timezone.localdate(), title="Klage",
        complainant=case_services.PartyDetails("Ola Nordmann", email="ola@example.org"),
        actor=people["ne"]["intake"])
    _withdrawn(newsletter)
    with translation.override("nl"):  # the officer reads Dutch; the person wrote in bokmål
        places = selectors.places_of(newsletter.organization, list(Party.objects.all()))
    data = export.export_data(newsletter.organization, places)
    [row] = data["other"]["Nyhetsbrev"]
    assert row["newsletter"] == "Norsk Energis nyhetsbrev"
    assert [consent["text"] for consent in row["consents"]] == ["versjon 1 av 1. mai 2026", ""]
    assert "365 dager" in row["kept"]
    text = " ".join(pdf_bytes_text(export.export_pdf(data)).split())
    assert "versjon 1 av 1. mai 2026" in text and "365 dager" in text
    assert not RULE_ID.search(text) and "ne/appeal" not in text  # no codes for the reader
