"""A rectified e-mail address (GDPR art. 16) reaches the messages still waiting in the outbox:
those not yet sent to the old address go to the corrected one, and the case's history says how
many; those sent stay as the history of what went where, and one a worker is sending right now
is left to it. The chain still verifies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from privacy_world import ADDRESS, EMAIL, PHONE

from ombud.audit.verify import verify
from ombud.mail.models import MessageState, OutboxMessage
from ombud.privacy import services

pytestmark = pytest.mark.django_db

NEW = "pj.zwanenburg@example.nl"


def test_gdpr_art_16_a_rectified_address_readdresses_the_unsent_messages_only(
        pieterjan, people, seal_key):
    case = pieterjan["case"]
    to_him = OutboxMessage.objects.filter(case=case, to__iexact=EMAIL).order_by("id")
    first, *rest = list(to_him)
    assert rest, "the world mails him more than once"
    now = timezone.now()
    OutboxMessage.objects.filter(pk=first.pk).update(state=MessageState.SENT, sent_at=now)
    being_sent = OutboxMessage.objects.create(
        organization=case.organization, case=case, kind="letter", to=EMAIL, subject="S",
        body="B", message_id="<being-sent@test>", next_attempt_at=now,
        claimed_until=now + timedelta(minutes=5))
    waiting = [message.pk for message in rest]
    elsewhere = OutboxMessage.objects.filter(to__iexact=EMAIL).exclude(case=case).count()

    services.party_rectify(party=pieterjan["party"], name=pieterjan["party"].name, email=NEW,
                           phone=PHONE, address=ADDRESS, actor=people["dnv"]["privacy"])

    assert set(OutboxMessage.objects.filter(to=NEW).values_list("pk", flat=True)) == set(waiting)
    assert OutboxMessage.objects.get(pk=first.pk).to == EMAIL  # sent: history
    assert OutboxMessage.objects.get(pk=being_sent.pk).to == EMAIL  # a worker holds it
    assert OutboxMessage.objects.filter(to__iexact=EMAIL).exclude(
        case=case).count() == elsewhere  # another case's party row was not corrected
    last = case.events.order_by("-seq").first()
    assert last.type == "party_changed" and last.data["readdressed"] == len(waiting)
    assert verify().problems == []


def test_gdpr_art_16_a_rectification_that_keeps_the_address_readdresses_nothing(
        pieterjan, people):
    case = pieterjan["case"]
    before = list(OutboxMessage.objects.filter(case=case).values_list("pk", "to"))
    services.party_rectify(party=pieterjan["party"], name="Pieter-Jan Zwanenburg",
                           email=EMAIL.upper(), phone=PHONE, address=ADDRESS,
                           actor=people["dnv"]["privacy"])
    assert list(OutboxMessage.objects.filter(case=case).values_list("pk", "to")) == before
    assert "readdressed" not in case.events.order_by("-seq").first().data
