"""Issue 9, finding 6: "forgot password" sends its link through the outbox to a real SMTP server
(aiosmtpd), in the organization's language; the link sets a new password once."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from mail_world import run_worker

from ombud.mail.models import MessageState, OutboxMessage


@pytest.mark.django_db(transaction=True)
def test_finding_6_the_reset_mail_arrives_over_smtp_and_its_link_works_once(people,
                                                                            send_by_smtp):
    sanne = people["dnv"]["handler"]
    sanne.email = "sanne.handler@dnv.example"
    sanne.save()
    asking = Client(REMOTE_ADDR="192.0.2.44")
    asking.cookies["django_language"] = "nl"

    asked = asking.post("/password/reset/", {"email": "Sanne.Handler@dnv.example"})
    assert asked["Location"] == "/password/reset/sent/"
    run_worker()  # the commit woke it

    [arrival] = send_by_smtp.arrivals
    assert arrival.recipients == ("sanne.handler@dnv.example",)
    assert arrival.message["Subject"] == "Kies een nieuw wachtwoord voor Ombud"
    body = arrival.message.get_content()
    assert "De link werkt één keer" in body
    [link] = re.findall(re.escape(settings.OMBUD_PUBLIC_URL) + r"(/password/reset/\S+/)", body)
    assert OutboxMessage.objects.get().state == MessageState.SENT

    form = asking.get(link, follow=True)
    set_password_url = form.redirect_chain[-1][0]
    saved = asking.post(set_password_url, {"new_password1": "lange nieuwe zin 2026",
                                           "new_password2": "lange nieuwe zin 2026"}, follow=True)
    assert "Uw nieuwe wachtwoord is opgeslagen" in saved.content.decode()
    again = asking.get(link, follow=True)
    assert "Deze link werkt niet meer" in again.content.decode()

    signing_in = Client()
    signing_in.post("/login/", {"username": sanne.username, "password": "lange nieuwe zin 2026"})
    assert "_auth_user_id" in signing_in.session
