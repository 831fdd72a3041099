"""Found walking the demo after issue 9 (finding 6): av-handler typed a wrong password five
times, was locked out ("Prøv igjen om 15 minutter"), chose a new password through the link
mailed to her, and still could not sign in with it from the same place for 15 minutes. Having
proved she holds the mailbox, the handler is let in: a new password chosen through the mailed
link ends the lock on that user name from that address (and nowhere else)."""

from __future__ import annotations

import pytest
from django.test import Client
from task_worker import run_tasks

from ombud.mail.models import OutboxMessage
from ombud.orgs.services import LOCK_AFTER_FAILURES
from tests.signin.test_password_reset import _ask, _link_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Fjordlys-vinter-2026!"


def _sign_in(password: str, *, address: str = "192.0.2.1"):
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "nb"
    return client.post("/login/", {"username": "ingrid", "password": password})


def test_walk_a_new_password_by_mail_ends_the_lockout_from_that_address(ingrid):
    for attempt in range(LOCK_AFTER_FAILURES + 1):
        _sign_in(f"wrong-{attempt}")
    assert "For mange mislykkede innlogginger" in _sign_in("still-wrong").content.decode()
    # Someone elsewhere is locked out in their own right, and stays so.
    for attempt in range(LOCK_AFTER_FAILURES + 1):
        _sign_in(f"wrong-{attempt}", address="198.51.100.7")

    _ask("ingrid@personalpartner.example", address="192.0.2.1")
    run_tasks()
    chosen = _choose_from("192.0.2.1", _link_in(OutboxMessage.objects.get()))
    assert chosen.redirect_chain[-1][0] == "/password/reset/done/"

    signed_in = _sign_in(NEW_PASSWORD)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    elsewhere = _sign_in(NEW_PASSWORD, address="198.51.100.7")
    assert elsewhere.status_code == 200  # the other address's lock is not the mailbox holder's


def _choose_from(address: str, link: str):
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "nb"
    form_page = client.get(link, follow=True)
    return client.post(form_page.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
