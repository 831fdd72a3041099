"""The newsletter's tests: Norsk Energi's newsletter as the demo seeds it, mail over a real SMTP
server (aiosmtpd, ``tests/mail/mail_world``), Mailchimp as a local HTTP server speaking its API
(``tests/fake_mailchimp``)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.mail.mail_world import SmtpServer


@pytest.fixture
def newsletter(people):
    from ombud.newsletter.models import Newsletter

    return Newsletter.objects.get(organization__slug="ne")


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield server
    server.close()


def link_in(body: str, kind: str) -> str:
    """The path of the one ``kind`` link (confirm, unsubscribe) in a mail's text."""
    [found] = set(re.findall(re.escape(settings.OMBUD_PUBLIC_URL)
                             + rf"(/ne/newsletter/{kind}/[^/\s]+/)", body))
    return found


@pytest.fixture
def client_for():
    """``client_for(person)``: a test client signed in as the person, reading bokmål."""
    from django.test import Client

    from tests.cast import sign_in

    return lambda person, language="nb": sign_in(Client(), person, language)
