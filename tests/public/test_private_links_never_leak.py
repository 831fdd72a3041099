"""Issue 9, finding 1: a message carries exactly one private link, its own recipient's, or none.

The attack that worked: a complaint named ``Eve [private-link:1]`` got other complainants' links
mailed to the attacker, because the outbox replaced every placeholder found anywhere in a body
when it sent it. Here every free-text field a complainant or a member of staff can fill, on every
form and every step that writes to someone, is filled with placeholders of every link there is.
The mail is sent through a real SMTP server (aiosmtpd) and read as it arrives.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from public_world import PROCEDURES, PublicClient, file_valid, form_path, valid_fields

from ombud.cases import services
from ombud.cases.models import Case, PartyRole
from ombud.mail import outbox
from ombud.mail.models import MessageState, OutboxMessage
from ombud.public import services as public_services
from ombud.public import tokens
from ombud.public.models import TrackingLink

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mail"))  # the SMTP test server
from mail_world import SmtpServer  # noqa: E402

TODAY = timezone.localdate
LINK_IN_MAIL = re.compile(r"/track/([A-Za-z0-9_-]{40,64})/")
# The kinds of message whose purpose is to hand the recipient their link.
KINDS_WITH_A_LINK = {"receipt", "tracking_link"}
SHORT, SHORT_FIELDS = 200, {"name", "title", "signature", "address"}  # the form's limits
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bait() -> str:
    """Placeholders of every link id the run can have, in the old format and near variants."""
    ids = range(1, 60)
    return " ".join([*(f"[private-link:{i}]" for i in ids), "[private-link:01]",
                     "{link}", "%(link)s", "{{ link }}"])


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.close()


def deliver_everything(smtp: SmtpServer) -> list:
    pending = OutboxMessage.objects.filter(state=MessageState.PENDING).count()
    outbox.deliver_due(limit=10_000)
    smtp.wait_for(pending, timeout=30)
    assert not OutboxMessage.objects.filter(state=MessageState.PENDING).exists()
    return smtp.arrivals


def links_in(arrival) -> set[str]:
    body = arrival.message.get_body(preferencelist=("plain",)).get_content()
    return set(LINK_IN_MAIL.findall(body))


def assert_each_mail_carries_only_its_own_link(arrivals) -> None:
    assert arrivals
    for arrival in arrivals:
        message = OutboxMessage.objects.get(message_id=arrival.message_id)
        found = links_in(arrival)
        expected = 1 if message.kind in KINDS_WITH_A_LINK else 0
        assert len(found) == expected, (message.kind, message.to, found)
        for token in found:
            link = TrackingLink.objects.get(token_hash=tokens.token_hash(token))
            assert link.case_id == message.case_id, (message.kind, message.to)
            on_file = {party.email for party in
                       link.case.parties.filter(role=PartyRole.COMPLAINANT)}
            assert message.to in on_file


def test_finding_1_complainant_text_in_every_public_field_never_carries_another_link(
        people, smtp):
    victims = [file_valid(PublicClient(), "pp/complaint", email=f"victim{i}@example.org")
               for i in range(3)]
    attacker = PublicClient()
    for procedure_id in PROCEDURES:
        fields = valid_fields(procedure_id)
        hostile = {name: f"Eve {bait()}"[:SHORT if name in SHORT_FIELDS else None]
                   for name, value in fields.items()
                   if value and name not in ("email", "consent", "signed", "fees_accepted",
                                             "filer", "about") and not name.endswith("_on")}
        if "signature" in fields:
            hostile["signature"] = hostile["name"]
        response, _ = attacker.send(form_path(procedure_id),
                                    {**fields, **hostile, "email": "eve@example.org"})
        assert response.status_code == 302, (procedure_id, response.content.decode()[:2000])
    case, token = file_valid(attacker, "dnv/objection", email="eve@example.org",
                             name="Eve Evil", signature="Eve Evil")
    attacker.post(f"/track/{token}/upload/", {
        "title": f"Proof {bait()}"[:200],
        "file": SimpleUploadedFile(f"a{bait()}.pdf"[:200], PDF, "application/pdf")})
    attacker.post("/track/", {"reference": case.reference, "email": "eve@example.org"})

    arrivals = deliver_everything(smtp)

    assert_each_mail_carries_only_its_own_link(arrivals)
    victim_tokens = {token for _, token in victims}
    to_eve = [a for a in arrivals if a.recipients == ("eve@example.org",)]
    assert len(to_eve) == len(PROCEDURES) + 2  # every receipt and the new link
    assert not any(links_in(arrival) & victim_tokens for arrival in to_eve)


def test_finding_1_staff_text_in_every_step_that_writes_never_carries_another_link(
        people, smtp):
    victim, _ = file_valid(PublicClient(), "dnv/objection", email="victim@example.org")
    handler = people["dnv"]["handler"]
    hostile = f"Eve {bait()}"

    def register(procedure_id: str, **details) -> Case:
        return services.case_register(
            organization=victim.organization, procedure_id=procedure_id, channel="letter",
            received_on=TODAY() - timedelta(days=2), title=hostile[:200],
            complainant=services.PartyDetails(hostile[:200], email="eve@example.org",
                                              address=hostile[:300]),
            actor=people["dnv"]["intake"], details={"text": hostile, **details})

    def step(case: Case, event_type: str, **data) -> None:
        services.case_step(case=case, event_type=event_type, on=TODAY(), actor=handler,
                           data=data)

    objection = register("dnv/objection", decision_on=TODAY() - timedelta(days=10))
    services.case_note(case=objection, text=hostile, actor=handler)
    step(objection, "acknowledged")
    step(objection, "incomplete", term_weeks=2, text=hostile)
    step(objection, "assigned", handler_id=handler.pk, declaration=hostile)
    step(objection, "hearing_invited", term_weeks=2, place=hostile, text=hostile)
    step(objection, "extended", weeks=4, reason=hostile)
    step(objection, "hearing_held", report=hostile)
    step(objection, "answered", outcome="not_upheld", reasons=hostile, letter=hostile)
    declined = register("dnv/objection", decision_on=TODAY() - timedelta(days=10))
    step(declined, "declined", ground="disproportionate", reasons=hostile)
    employer = register("dnv/complaint", about="holder_validity")
    services.party_add(case=employer, role=PartyRole.SUBJECT, details=services.PartyDetails(
        hostile[:200], email="holder@example.org", address=hostile[:300]), actor=handler)
    step(employer, "holder_notified")
    assert public_services.tracking_link_send(objection)

    arrivals = deliver_everything(smtp)

    assert_each_mail_carries_only_its_own_link(arrivals)
    kinds = {OutboxMessage.objects.get(message_id=a.message_id).kind for a in arrivals}
    assert {"acknowledgement", "remedy_request", "hearing_invitation", "extension_notice",
            "answer", "decline", "holder_notice", "tracking_link", "receipt"} <= kinds


# -- Issue 9, finding 3: a new key does not stop the links and mail made under the old one -----


def test_finding_3_after_a_key_rotation_old_links_open_and_unsent_mail_carries_them(
        people, smtp, settings):
    settings.SECRET_KEY = "old-" + "k" * 60
    case, old_token = file_valid(PublicClient(), "pp/complaint", email="ola@example.org")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-" + "k" * 60, [settings.SECRET_KEY]

    assert PublicClient().get(f"/track/{old_token}/").status_code == 200
    [arrival] = deliver_everything(smtp)  # the receipt, written before the rotation
    assert links_in(arrival) == {old_token}
    new_token = public_services.tracking_link_create(case)
    assert new_token != old_token
    assert tokens.token_hash(new_token) == TrackingLink.objects.latest("id").token_hash


def test_finding_3_once_the_old_key_is_dropped_unsent_mail_says_its_link_was_stopped(
        people, smtp, settings):
    settings.SECRET_KEY = "old-" + "k" * 60
    file_valid(PublicClient(), "pp/complaint", email="ola@example.org")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-" + "k" * 60, []

    [arrival] = deliver_everything(smtp)
    assert links_in(arrival) == set()
    assert "(link stopped)" in arrival.message.get_body(("plain",)).get_content()


def test_finding_3_once_the_old_key_is_dropped_its_links_no_longer_open(people, settings):
    """Whoever held the old key (the public development key of an installation that ran
    without OMBUD_SECRET_KEY) and a database backup computes every link made with it: dropping
    the key from the fallbacks must close those links, not only stop their mail."""
    settings.SECRET_KEY = "old-" + "k" * 60
    _, old_token = file_valid(PublicClient(), "pp/complaint", email="ola@example.org")
    assert PublicClient().get(f"/track/{old_token}/").status_code == 200
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-" + "k" * 60, []

    assert PublicClient().get(f"/track/{old_token}/").status_code == 404


def test_finding_1_a_link_of_another_case_is_never_put_in_a_message(people, smtp):
    victim, victim_token = file_valid(PublicClient(), "pp/complaint", email="v@example.org")
    eve, _ = file_valid(PublicClient(), "pp/complaint", email="eve@example.org")
    receipt = OutboxMessage.objects.get(case=eve, kind="receipt")
    OutboxMessage.objects.filter(pk=receipt.pk).update(  # a row pointed at another case's link
        link_id=TrackingLink.objects.get(case=victim).pk)

    arrivals = deliver_everything(smtp)

    [to_eve] = [a for a in arrivals if a.recipients == ("eve@example.org",)]
    assert links_in(to_eve) == set()
