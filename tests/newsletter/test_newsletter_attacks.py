"""The newsletter attacked: who subscribes cannot be learnt from its pages, tokens cannot be
forged, swapped or replayed, no organization's link works under another's, a name cannot add a
mail header or markup, and no one floods a stranger's mailbox through it."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client

from ombud.mail.models import OutboxMessage
from ombud.newsletter import tokens
from ombud.newsletter.models import Consent, Subscriber, SubscriberState
from tests.mail.mail_world import run_worker
from tests.newsletter.conftest import link_in

KNOWN = "kjent@example.org"


def _form(client: Client, email: str, name: str = "Kari") -> dict:
    version = client.get("/ne/newsletter/").context["form"]["version"].value()
    return {"name": name, "email": email, "consent": "on", "version": version}


def _subscribed(client: Client, smtp, email: str = KNOWN, name: str = "Kari") -> Subscriber:
    client.post("/ne/newsletter/", _form(client, email, name))
    run_worker()
    client.post(link_in(smtp.arrivals[-1].message.get_content(), "confirm"))
    return Subscriber.objects.get(email=email)


def _comparable(response) -> tuple:
    return response.status_code, response.get("Location"), response.content


@pytest.mark.django_db(transaction=True)
def test_ne_n_01_the_forms_answer_the_same_for_a_subscriber_and_a_stranger(newsletter, smtp):
    _subscribed(Client(), smtp)
    known, unknown = Client(), Client()
    assert _comparable(known.post("/ne/newsletter/", _form(known, KNOWN))) == _comparable(
        unknown.post("/ne/newsletter/", _form(unknown, "ukjent@example.org")))
    assert _comparable(known.post("/ne/newsletter/withdraw/", {"email": KNOWN})) == \
        _comparable(unknown.post("/ne/newsletter/withdraw/", {"email": "ukjent@example.org"}))
    # The subscriber alone learns of the second request, by mail; nothing changed.
    run_worker()
    assert Subscriber.objects.get(email=KNOWN).state == SubscriberState.SUBSCRIBED
    assert {a.recipients for a in smtp.arrivals[-3:]} == {(KNOWN,), ("ukjent@example.org",)}


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_forged_swapped_and_cut_tokens_do_nothing(newsletter, smtp):
    subscriber = _subscribed(Client(), smtp)
    confirm_token = tokens.make(tokens.CONFIRM, subscriber)
    unsubscribe_token = tokens.make(tokens.UNSUBSCRIBE, subscriber)
    forged = signing.dumps([subscriber.pk, subscriber.generation], salt="something else")
    other_subscriber = signing.dumps([subscriber.pk + 1, 1],
                                     salt="ombud.newsletter.unsubscribe.ne")[:-2] + "xx"
    mail_program = Client(enforce_csrf_checks=True)
    for token in (forged, other_subscriber, confirm_token, unsubscribe_token[:-3],
                  unsubscribe_token + "a", "WzEsMV0"):
        answered = mail_program.post(f"/ne/newsletter/unsubscribe/{token}/")
        assert answered.status_code == 404, token
        assert answered["Cache-Control"].startswith("no-store") or "no-store" in \
            answered["Cache-Control"]
    assert Client().post(f"/ne/newsletter/confirm/{unsubscribe_token}/").status_code == 404
    assert Subscriber.objects.get().state == SubscriberState.SUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_an_old_confirmation_link_cannot_undo_a_withdrawal(newsletter, smtp):
    client = Client()
    client.post("/ne/newsletter/", _form(client, KNOWN))
    run_worker()
    confirm = link_in(smtp.arrivals[-1].message.get_content(), "confirm")
    client.post(confirm)
    unsubscribe = link_in(smtp.arrivals[-1].message.get_content(), "unsubscribe")
    client.post(unsubscribe)
    replayed = Client().post(confirm)  # the link from the first mail, replayed
    assert replayed.status_code == 404
    assert Subscriber.objects.get().state == SubscriberState.WITHDRAWN
    assert list(Consent.objects.values_list("action", flat=True)) == ["given", "withdrawn"]


@pytest.mark.django_db(transaction=True)
def test_ne_n_02_a_link_of_one_organization_does_nothing_under_another(newsletter, smtp,
                                                                       organizations):
    from ombud.newsletter.models import ConsentText, Newsletter

    subscriber = _subscribed(Client(), smtp)
    other = Newsletter.objects.create(organization=organizations["av"], name="AV nytt")
    ConsentText.objects.create(newsletter=other, version="1", text_nb="a", text_nl="b",
                               text_en="c")
    token = tokens.make(tokens.UNSUBSCRIBE, subscriber)
    assert Client().post(f"/av/newsletter/unsubscribe/{token}/").status_code == 404
    assert Client().post(f"/gl/newsletter/unsubscribe/{token}/").status_code == 404  # none
    assert Client().get("/gl/newsletter/").status_code == 404
    assert Subscriber.objects.get(pk=subscriber.pk).state == SubscriberState.SUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_ne_n_01_a_name_cannot_add_a_header_nor_markup(newsletter, smtp, people, client_for):
    name = 'Eve\r\nBcc: victim@example.org\r\nSubject: won <script>alert(1)</script>'
    _subscribed(Client(), smtp, name=name)
    for arrival in smtp.arrivals:
        mail = arrival.message
        assert arrival.recipients == (KNOWN,)
        assert mail["Bcc"] is None and "won" not in mail["Subject"]
        assert "\nBcc:" not in mail.get_content()
    subscriber = Subscriber.objects.get()
    assert "\n" not in subscriber.name and "\r" not in subscriber.name
    page = client_for(people["ne"]["privacy"]).post("/ne/newsletter/subscribers/",
                                                    {"lookup-email": KNOWN})
    assert "<script>alert" not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_ne_n_01_no_one_floods_a_strangers_mailbox_through_the_form(newsletter, smtp):
    for attempt in range(6):
        client = Client(REMOTE_ADDR=f"192.0.2.{attempt + 1}")
        client.post("/ne/newsletter/", _form(client, "offer@example.org"))
    assert OutboxMessage.objects.filter(to="offer@example.org").count() == 3


@pytest.mark.django_db
def test_ne_n_01_a_changed_consent_text_must_be_read_again(newsletter):
    from ombud.newsletter.models import ConsentText

    client = Client()
    stale = _form(client, KNOWN)
    ConsentText.objects.create(newsletter=newsletter, version="2", text_nb="Ny tekst.",
                               text_nl="Nieuwe tekst.", text_en="New text.")
    answered = client.post("/ne/newsletter/", stale)
    assert answered.status_code == 302 and answered["Location"] == "/ne/newsletter/"
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_ne_n_01_bad_input_is_refused_with_a_message_and_changes_nothing(newsletter):
    client = Client()
    form = _form(client, "not an address")
    answered = client.post("/ne/newsletter/", form)
    assert answered.status_code == 400 and "gyldig e-postadresse" in answered.content.decode()
    without_consent = {**_form(client, KNOWN), "consent": ""}
    answered = client.post("/ne/newsletter/", without_consent)
    assert answered.status_code == 400 and "Kryss av" in answered.content.decode()
    assert not Subscriber.objects.exists() and not OutboxMessage.objects.exists()
