"""Norsk Energi's newsletter end to end (NE-N-01…04): the form with the consent text and the
privacy statement, the double opt-in mail over real SMTP, the consent recorded word for word,
the one-click unsubscribe of RFC 8058 from the mail program, withdrawal by hand and in writing,
and each change reaching the processor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ombud.newsletter.models import (
    Consent,
    ConsentAction,
    ConsentChannel,
    Subscriber,
    SubscriberState,
    SyncChange,
    SyncState,
)
from tests.mail.mail_world import run_worker
from tests.newsletter.conftest import link_in

EMAIL = "Kari.Nordmann@example.org"


def _subscribe(client: Client, email: str = EMAIL, name: str = "Kari Nordmann", **extra):
    page = client.get("/ne/newsletter/")
    version = page.context["form"]["version"].value()
    return client.post("/ne/newsletter/", {"name": name, "email": email, "consent": "on",
                                           "version": version, **extra})


def _confirmed(client: Client, smtp) -> Subscriber:
    _subscribe(client)
    run_worker()
    confirm = link_in(smtp.arrivals[-1].message.get_content(), "confirm")
    client.post(confirm)
    return Subscriber.objects.get()


@pytest.mark.django_db(transaction=True)
def test_ne_n_03_the_form_links_the_privacy_statement_names_the_processor_and_shows_the_text(
        newsletter):
    page = Client().get("/ne/newsletter/")
    html = page.content.decode()
    assert page.status_code == 200 and page.headers["Content-Language"] == "nb"
    assert 'href="https://www.norskenergi.example/personvern"' in html  # NE-N-03
    assert "Mailchimp" in html  # NE-N-04: the processor named
    assert newsletter.consent_text().text_nb in html
    # NE-N-01: the version as a citizen reads it, no rule ID
    assert "Samtykketekst, versjon 1 av 1. mai 2026" in html and "NE-N-" not in html


@pytest.mark.django_db(transaction=True)
def test_ne_n_01_double_opt_in_records_the_exact_text_version_time_and_how(newsletter, smtp,
                                                                           mailchimp):
    client = Client()
    client.cookies["django_language"] = "en"
    sent = _subscribe(client)
    assert sent.status_code == 302 and sent["Location"] == "/ne/newsletter/sent/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == EMAIL.lower() and subscriber.state == SubscriberState.PENDING
    assert not Consent.objects.exists()  # nothing is given before the mail's link is followed
    run_worker()

    [arrival] = smtp.arrivals
    mail = arrival.message
    assert arrival.recipients == (EMAIL.lower(),)
    assert mail["Subject"] == "Confirm your subscription to Norsk Energi's newsletter"
    unsubscribe_url = mail["List-Unsubscribe"].split(",")[0].strip().strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    assert unsubscribe_url in mail.get_content()  # the same link in the text (NE-N-02)
    confirm = link_in(mail.get_content(), "confirm")

    shown = client.get(confirm)  # a mail scanner's GET confirms nothing
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("no-store") or \
        "no-cache" in shown["Cache-Control"]
    assert Subscriber.objects.get().state == SubscriberState.PENDING
    before = timezone.now()
    done = client.post(confirm)
    assert done.status_code == 200 and "You are subscribed" in done.content.decode()

    [consent] = Consent.objects.all()
    assert consent.action == ConsentAction.GIVEN
    assert consent.text == newsletter.consent_text() and consent.text.version == "1"
    assert consent.language == "en" and consent.channel == ConsentChannel.WEB
    assert before <= consent.at <= timezone.now()
    assert consent.how == "box_and_mail" and before - timedelta(minutes=1) < consent.asked_at \
        <= consent.at
    assert client.post(confirm).status_code == 200  # twice: no second consent
    assert Consent.objects.count() == 1

    run_worker()  # the welcome mail, and the processor learns of the subscription (NE-N-04)
    assert mailchimp.status_of(EMAIL) == "subscribed"
    assert SyncChange.objects.get().state == SyncState.DONE
    welcome = smtp.arrivals[-1].message
    assert welcome["Subject"] == "Welcome to Norsk Energi's newsletter"
    assert link_in(welcome["List-Unsubscribe"], "unsubscribe")  # each mail signs its own


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_one_click_unsubscribe_needs_no_login_nor_csrf_and_reaches_mailchimp(
        newsletter, smtp, mailchimp):
    subscriber = _confirmed(Client(), smtp)
    run_worker()
    assert mailchimp.status_of(EMAIL) == "subscribed"
    url = smtp.arrivals[-1].message["List-Unsubscribe"].split(",")[0].strip().strip("<>")

    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the header's URI, with
    # no cookie of ours and no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    answered = mail_program.post(url, "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert answered.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.WITHDRAWN  # at once, before the processor
    withdrawal = Consent.objects.get(action=ConsentAction.WITHDRAWN)
    assert withdrawal.channel == ConsentChannel.ONE_CLICK

    run_worker()
    assert mailchimp.status_of(EMAIL) == "archived"  # NE-N-04: Mailchimp stops sending
    assert [call[0] for call in mailchimp.calls] == ["POST", "DELETE"]
    again = mail_program.post(url, "List-Unsubscribe=One-Click",
                              content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200  # a second click: nothing new recorded or sent
    assert Consent.objects.filter(action=ConsentAction.WITHDRAWN).count() == 1
    assert SyncChange.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_withdrawing_by_hand_mails_the_link_to_the_address(newsletter, smtp, mailchimp):
    _confirmed(Client(), smtp)
    someone = Client()
    page = someone.post("/ne/newsletter/withdraw/", {"email": EMAIL.upper()}, follow=True)
    assert "Hvis adressen står på listen" in page.content.decode()
    run_worker()
    mail = smtp.arrivals[-1].message
    assert mail["Subject"] == "Meld deg av Norsk Energis nyhetsbrev"
    link = link_in(mail.get_content(), "unsubscribe")
    assert "Meld deg av" in someone.get(link).content.decode()
    someone.post(link)
    assert Subscriber.objects.get().state == SubscriberState.WITHDRAWN
    assert Consent.objects.get(action="withdrawn").channel == ConsentChannel.EMAIL_LINK


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_staff_register_a_withdrawal_received_in_writing(newsletter, smtp, mailchimp,
                                                                 people, client_for):
    subscriber = _confirmed(Client(), smtp)
    run_worker()
    privacy = client_for(people["ne"]["privacy"])
    received = timezone.localdate() - timedelta(days=2)
    page = privacy.post("/ne/newsletter/subscribers/", {
        "withdrawal-email": EMAIL, "withdrawal-received_on": received.isoformat(),
        "withdrawal-channel": "letter"}, follow=True)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.WITHDRAWN
    consent = Consent.objects.get(action="withdrawn")
    assert (consent.channel, consent.received_on, consent.recorded_by) == (
        "letter", received, people["ne"]["privacy"])
    html = page.content.decode()
    assert "1, 01.05.2026 (nb)" in html and people["ne"]["privacy"].get_full_name() in html
    run_worker()
    assert mailchimp.status_of(EMAIL) == "archived"

    unknown = privacy.post("/ne/newsletter/subscribers/", {
        "withdrawal-email": "nobody@example.org", "withdrawal-received_on": received.isoformat(),
        "withdrawal-channel": "email"})
    assert unknown.status_code == 400
    assert "Ingen med denne adressen" in unknown.content.decode()
    future = privacy.post("/ne/newsletter/subscribers/", {
        "withdrawal-email": EMAIL, "withdrawal-channel": "email",
        "withdrawal-received_on": (timezone.localdate() + timedelta(days=1)).isoformat()})
    assert future.status_code == 400


@pytest.mark.django_db
def test_ne_n_02_the_list_is_kept_by_privacy_admin_managers_and_intake_only(newsletter, people,
                                                                            client_for):
    for role, status in (("privacy", 200), ("admin", 200), ("intake", 200), ("handler", 403),
                         ("auditor", 403)):
        assert client_for(people["ne"][role]).get(
            "/ne/newsletter/subscribers/").status_code == status, role
    # Another organization's staff: not found, as if it did not exist.
    assert client_for(people["dnv"]["privacy"]).get(
        "/ne/newsletter/subscribers/").status_code == 404
    assert client_for(people["dnv"]["privacy"]).get(
        "/dnv/newsletter/subscribers/").status_code == 404  # DNV has no newsletter
