"""The subscribe form used against a stranger (NE-N-01): whoever fills it in chooses the address
and the name, and the confirmation goes to that address from Norsk Energi. The name must not
travel to an address that has not confirmed it: a "name" such as "you won, call +47 …" or a
link would otherwise be an advertisement or a phishing line sent in Norsk Energi's name."""

from __future__ import annotations

import pytest

from ombud.mail.models import OutboxMessage
from ombud.newsletter import services, tokens
from ombud.newsletter.models import Subscriber

STRANGER = "stranger@example.org"
BAIT = "Claim your prize at https://evil.example/win"


def _request(newsletter, name: str, client: str = "c") -> None:
    services.subscription_request(newsletter=newsletter, email=STRANGER, name=name,
                                  language="nb", text=newsletter.consent_text(), client=client)


def _bodies() -> str:
    return "\n".join(OutboxMessage.objects.filter(to=STRANGER).values_list("body", flat=True))


@pytest.mark.django_db
def test_ne_n_01_the_confirmation_request_carries_no_name_a_stranger_typed(newsletter):
    _request(newsletter, BAIT)
    assert OutboxMessage.objects.filter(to=STRANGER, kind="newsletter_confirm").exists()
    assert "evil.example" not in _bodies() and "prize" not in _bodies()


@pytest.mark.django_db
def test_ne_n_01_a_name_typed_over_a_pending_request_reaches_no_one(newsletter):
    _request(newsletter, "Stina Stranger")
    _request(newsletter, BAIT, client="d")
    services.withdraw_link_request(newsletter=newsletter, email=STRANGER, client="e")
    assert "evil.example" not in _bodies()


@pytest.mark.django_db
def test_ne_n_01_once_confirmed_the_mails_greet_the_subscriber_by_name(newsletter):
    _request(newsletter, "Stina Stranger")
    subscriber = Subscriber.objects.get(email=STRANGER)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    welcome = OutboxMessage.objects.get(to=STRANGER, kind="newsletter_welcome")
    assert "Stina Stranger" in welcome.body
    _request(newsletter, BAIT, client="f")  # someone else tries her address: her name is kept
    known = OutboxMessage.objects.get(to=STRANGER, kind="newsletter_known")
    assert "Stina Stranger" in known.body and "evil.example" not in _bodies()


@pytest.mark.django_db
def test_ne_n_02_an_address_looked_up_or_withdrawn_by_staff_never_travels_in_a_url(
        newsletter, people, client_for):
    """As in the privacy console: an address in a URL reaches the server's access log, the
    browser's history and the next site's Referer. Looking up and registering both POST."""
    _request(newsletter, "Stina Stranger")
    subscriber = Subscriber.objects.get(email=STRANGER)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    privacy = client_for(people["ne"]["privacy"])
    assert 'method="get"' not in privacy.get("/ne/newsletter/subscribers/").content.decode()
    shown = privacy.post("/ne/newsletter/subscribers/", {"lookup-email": STRANGER})
    assert shown.status_code == 200
    assert 'data-label="Tekstversjon">1, 01.05.2026 (nb)' in shown.content.decode()  # his consent
    registered = privacy.post("/ne/newsletter/subscribers/", {
        "withdrawal-email": STRANGER, "withdrawal-received_on": "2026-01-05",
        "withdrawal-channel": "letter"}, follow=True)
    assert all(STRANGER not in url and "%40" not in url
               for url, _status in registered.redirect_chain)
    assert registered.content.decode().count("<tr><td") >= 2  # given, then withdrawn, shown
