"""Issue 9, finding 6: password validators, and choosing a new password by mail.

The mail goes through the outbox (its delivery by a real SMTP server: tests/mail/
test_password_reset_mail.py). Here: the same answer for every address, the limits, the language,
nothing typed in the body, the link working once and only for a while, and the validators."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from task_worker import run_tasks

from ombud.mail.models import OutboxMessage
from ombud.orgs import passwords

# The task worker closes its database connection when done: committed rows, not a test's
# open transaction (PostgreSQL).
pytestmark = pytest.mark.django_db(transaction=True)


def _ask(email: str, *, address: str = "192.0.2.1", language: str = "en"):
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = language
    response = client.post("/password/reset/", {"email": email}, follow=True)
    run_tasks()  # the background task looks for the account and writes the mail
    return response


def _link_in(message: OutboxMessage) -> str:
    [line] = [line for line in message.body.splitlines()
              if line.startswith(settings.OMBUD_PUBLIC_URL)]
    return line.removeprefix(settings.OMBUD_PUBLIC_URL)


def _without_csrf(page: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", page)


def _choose(link: str, password: str, again: str | None = None, *, language: str = "en"):
    client = Client()
    client.cookies["django_language"] = language
    form_page = client.get(link, follow=True)
    if b'name="new_password1"' not in form_page.content:
        return form_page
    return client.post(form_page.redirect_chain[-1][0], {
        "new_password1": password, "new_password2": again or password}, follow=True)


def test_the_sign_in_page_offers_a_new_password(client):
    client.cookies["django_language"] = "en"
    assert b'href="/password/reset/"' in client.get("/login/").content


def test_finding_6_the_answer_is_the_same_whether_the_address_has_an_account(ingrid):
    known = _ask("ingrid@personalpartner.example")
    unknown = _ask("nobody@personalpartner.example")

    assert known.redirect_chain == unknown.redirect_chain == [("/password/reset/sent/", 302)]
    assert _without_csrf(known.content) == _without_csrf(unknown.content)
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().to == "ingrid@personalpartner.example"


def test_finding_6_asking_does_the_same_work_whether_the_address_has_an_account(ingrid, client):
    """Equal timing: the request counts the asking address and leaves one task, whoever asks;
    the account is looked up in the background."""
    client.post("/password/reset/", {"email": "first@example.org"})  # the address's counter
    work = {}
    for email in ("ingrid@personalpartner.example", "nobody@personalpartner.example"):
        with CaptureQueriesContext(connection) as queries:
            client.post("/password/reset/", {"email": email})
        work[email] = [re.sub(r"'[^']*'", "?", query["sql"])  # the statements, not the values
                       for query in queries.captured_queries]

    assert work["ingrid@personalpartner.example"] == work["nobody@personalpartner.example"]
    assert OutboxMessage.objects.count() == 0
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 3


def test_finding_6_the_mail_is_in_the_organizations_language(ingrid, sanne):
    _ask("INGRID@personalpartner.example")
    _ask("sanne@dnv.example")

    norwegian, dutch = OutboxMessage.objects.order_by("id")
    assert norwegian.kind == dutch.kind == "password_reset"
    assert norwegian.subject == "Velg et nytt passord for Ombud"
    assert "Åpne denne lenken innen 60 minutter" in norwegian.body
    assert dutch.subject == "Kies een nieuw wachtwoord voor Ombud"
    assert "Open deze link binnen 60 minuten" in dutch.body


def test_finding_6_nothing_anyone_typed_enters_the_mail(organizations, ingrid):
    ingrid.first_name = "Eve [private-link:1]"
    ingrid.last_name = "{{ private-link:2 }} <script>"
    ingrid.save()

    _ask("INGRID@PERSONALPARTNER.EXAMPLE")

    message = OutboxMessage.objects.get()
    assert message.to == "ingrid@personalpartner.example"  # the stored address, not the typed
    for typed in ("private-link", "Eve", "<script>", "ingrid@", "INGRID"):
        assert typed not in message.body and typed not in message.subject
    assert message.body.count(settings.OMBUD_PUBLIC_URL) == 1


def test_finding_6_one_address_asks_for_at_most_its_share_of_mails(organizations):
    from django.contrib.auth import get_user_model

    for number in range(passwords.RESETS_PER_ADDRESS_PER_HOUR + 3):
        get_user_model().objects.create_user(f"user{number}", email=f"u{number}@example.org",
                                             password="x").memberships.create(
            organization=organizations["pp"], role="handler")
        _ask(f"u{number}@example.org", address="203.0.113.9")

    assert OutboxMessage.objects.count() == passwords.RESETS_PER_ADDRESS_PER_HOUR
    _ask("u7@example.org", address="203.0.113.10")  # another address is not held back
    assert OutboxMessage.objects.count() == passwords.RESETS_PER_ADDRESS_PER_HOUR + 1


def test_finding_6_one_account_gets_at_most_its_share_of_mails_from_anywhere(ingrid):
    for number in range(passwords.RESETS_PER_ACCOUNT_PER_HOUR + 3):
        _ask("ingrid@personalpartner.example", address=f"203.0.113.{number + 1}")

    assert OutboxMessage.objects.count() == passwords.RESETS_PER_ACCOUNT_PER_HOUR


def test_finding_6_the_link_sets_a_new_password_once(ingrid):
    _ask("ingrid@personalpartner.example")
    link = _link_in(OutboxMessage.objects.get())

    first = _choose(link, "a brand new passphrase")
    second = _choose(link, "another new passphrase")

    assert b"Your new password is saved" in first.content
    ingrid.refresh_from_db()
    assert ingrid.check_password("a brand new passphrase")
    assert b"This link no longer works" in second.content
    assert b'name="new_password1"' not in second.content


def test_finding_6_the_link_expires(ingrid, settings):
    _ask("ingrid@personalpartner.example")
    link = _link_in(OutboxMessage.objects.get())
    settings.PASSWORD_RESET_TIMEOUT = 0
    time.sleep(1.1)  # the token counts whole seconds

    assert b"This link no longer works" in _choose(link, "a brand new passphrase").content
    ingrid.refresh_from_db()
    assert not ingrid.check_password("a brand new passphrase")


@pytest.mark.parametrize(("password", "language", "refusal"), [
    ("short1", "nb", "Passordet er for kort. Det må ha minst 12 tegn."),
    ("short1", "nl", "Dit wachtwoord is te kort. Het moet minstens 12 tekens hebben."),
    ("12345678901234", "nb", "Dette passordet inneholder bare tall."),
    ("password1234", "nl", "Dit wachtwoord is te algemeen."),
    ("ingrid@personalpartner", "nb", "Passordet er for likt"),
], ids=["too-short-nb", "too-short-nl", "numeric-nb", "common-nl", "like-the-email-nb"])
def test_finding_6_the_new_password_must_pass_the_validators(ingrid, password, language,
                                                             refusal):
    _ask("ingrid@personalpartner.example")
    link = _link_in(OutboxMessage.objects.get())

    response = _choose(link, password, language=language)

    assert refusal in response.content.decode()
    ingrid.refresh_from_db()
    assert not ingrid.check_password(password)


def test_a_bad_address_is_refused_in_the_users_language(client):
    client.cookies["django_language"] = "nb"
    response = client.post("/password/reset/", {"email": "not an address [private-link:1]"})

    assert response.status_code == 200
    assert "Oppgi en gyldig e-postadresse" in response.content.decode()
    assert OutboxMessage.objects.count() == 0
