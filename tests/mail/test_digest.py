"""Issue 11: the staff's daily digest of notifications, scheduled by the worker and sent
through the outbox to a real SMTP server: one message per person per day however often the
task runs, in the person's own language, and only of cases the person may still read."""

from __future__ import annotations

import pytest
from mail_world import run_worker

from ombud import schedule
from ombud.cases import notifications, services
from ombud.cases.models import Notification, StaffPreference
from ombud.cases.tasks import send_digests
from ombud.mail.models import OutboxMessage
from ombud.public.services import Upload, complainant_upload

SMALL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _appoint(case, manager, handler):
    services.case_record(case=case, event_type="assigned", on=case.received_on, actor=manager,
                         data={"handler_id": handler.pk, "handler": handler.get_full_name(),
                               "involved": False})


@pytest.fixture
def handler(people):
    handler = people["ne"]["handler"]
    handler.email = "handler@ne.example"
    handler.save(update_fields=["email"])
    # She reads Ombud in Dutch, though Norsk Energi works in bokmål.
    StaffPreference.objects.create(user=handler, language="nl")
    return handler


@pytest.mark.django_db(transaction=True)
def test_ne_a_04_digest_reaches_the_handler_once_a_day_in_her_language(
        register, people, handler, send_by_smtp):
    case = register("ne/appeal", email="holder@example.org")
    _appoint(case, people["ne"]["manager"], handler)
    complainant_upload(case=case, upload=Upload("kursbevis <ny>.pdf", SMALL_PDF,
                                                 "application/pdf"))
    assert {n.kind for n in Notification.objects.filter(user=handler)} == {"assigned",
                                                                            "document"}

    schedule.enqueue_once(send_digests)  # the worker's morning run
    run_worker()
    schedule.enqueue_once(send_digests)  # and again the same day: a restart, a second worker
    run_worker()
    assert notifications.digests_send() == 0

    [arrival] = send_by_smtp.arrivals
    assert arrival.recipients == ("handler@ne.example",)
    message = arrival.message
    assert message["Subject"].startswith("Ombud: 2 nieuwe meldingen")
    body = message.get_content()
    assert f"- {case.reference}: Er is een zaak aan u toegewezen" in body
    assert f"- {case.reference}: De indiener stuurde een document (kursbevis <ny>.pdf)" in body
    assert "/ne/notifications/" in body
    assert OutboxMessage.objects.filter(kind="digest").count() == 1
    # Mailed, yet unread in the app until she reads them there.
    assert not Notification.objects.filter(user=handler, read_at__isnull=False).exists()
    assert not Notification.objects.filter(user=handler, mailed_on__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_ne_c_05_digest_leaves_out_a_case_the_person_may_no_longer_read(
        register, people, handler, send_by_smtp):
    """NE complaints are read by their handler only (NE-C-05): appointed, then replaced by
    another handler before the morning, she is not mailed about it."""
    manager, other = people["ne"]["manager"], people["ne"]["handler2"]
    case = register("ne/complaint", email="kunde@example.org")
    _appoint(case, manager, handler)
    services.case_record(case=case, event_type="assigned", on=case.received_on, actor=manager,
                         data={"handler_id": other.pk, "handler": other.get_full_name(),
                               "involved": False})
    assert Notification.objects.filter(user=handler, case=case).exists()

    assert notifications.digests_send() == 0
    run_worker()
    assert send_by_smtp.arrivals == []


def test_issue_11_a_complainants_line_breaks_write_no_line_of_their_own_in_the_digest(
        register, people, handler):
    """A document's title with line breaks (a complainant sends it; older rows, staff
    documents) stays inside its own line of the digest: it cannot add a notice of another
    case with a link to follow, which the digest would seem to vouch for."""
    case = register("ne/appeal", email="holder@example.org")
    _appoint(case, people["ne"]["manager"], handler)
    forged = "Kvittering)\r\n\r\n- NE-2026-0999: Logg inn på http://evil.example/ (haster"
    complainant_upload(case=case, upload=Upload(forged, SMALL_PDF, "application/pdf"))

    assert notifications.digests_send() == 1
    body = OutboxMessage.objects.get(kind="digest").body
    lines = body.splitlines()
    assert not any(line.startswith("- NE-2026-0999") for line in lines)
    [line] = [line for line in lines if "evil.example" in line]
    assert line.startswith(f"- {case.reference}: De indiener stuurde een document (Kvittering)")


def test_issue_11_each_organization_mails_its_own_digest_naming_only_its_cases(
        register, people, handler):
    """A person working for two organizations: one digest from each, in its name and in its
    outbox. Before, the first organization's mail (kept in its outbox, listed by its privacy
    console) named the other's cases and its complainants' document titles."""
    from ombud.orgs.models import Membership, Organization, Role

    dnv = Organization.objects.get(slug="dnv")
    Membership.objects.create(user=handler, organization=dnv, role=Role.HANDLER)
    ne_case = register("ne/appeal", email="holder@example.org")
    _appoint(ne_case, people["ne"]["manager"], handler)
    dnv_case = register("dnv/complaint", email="kandidaat@example.org")
    _appoint(dnv_case, people["dnv"]["manager"], handler)
    complainant_upload(case=dnv_case, upload=Upload("Verklaring Jansen", SMALL_PDF,
                                                    "application/pdf"))

    assert notifications.digests_send() == 2
    assert notifications.digests_send() == 0  # the same day again: nothing more
    mails = {mail.organization.slug: mail for mail in OutboxMessage.objects.filter(kind="digest")}
    assert set(mails) == {"ne", "dnv"}
    assert ne_case.reference in mails["ne"].body
    assert dnv_case.reference not in mails["ne"].body
    assert "Verklaring Jansen" not in mails["ne"].body and dnv.name not in mails["ne"].body
    assert dnv_case.reference in mails["dnv"].body and "Verklaring Jansen" in mails["dnv"].body
    assert ne_case.reference not in mails["dnv"].body
