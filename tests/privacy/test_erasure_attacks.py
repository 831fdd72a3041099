"""Erasure attacked from the side of what it leaves behind (GDPR art. 17): the person
complained about, erased on their own request, must not stay in the letters written to them
(PDFs on storage) nor in the search index's storage."""

from __future__ import annotations

import io
import smtplib
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from ombud.audit.verify import verify
from ombud.cases import services
from ombud.cases.models import Document, DocumentKind, PartyRole
from ombud.mail import outbox
from ombud.mail.models import OutboxMessage
from ombud.orgs.models import Organization
from ombud.privacy import export, selectors
from ombud.privacy import services as privacy_services
from tests.pdf_text import pdf_bytes_text
from tests.stored import everything_stored, files_text

pytestmark = pytest.mark.django_db

HOLDER = "Henk Houderman"
HOLDER_ADDRESS = "Geheimstraat 7, 1234 AB Delft"






@pytest.fixture
def holder_case(people):
    """A DNV complaint about a certificate holder, who got the notice (DNV-K-02), by mail and
    on paper; closed."""
    dnv = Organization.objects.get(slug="dnv")
    today = timezone.localdate()
    handler = people["dnv"]["handler"]
    case = services.case_register(
        organization=dnv, procedure_id="dnv/complaint", channel="email", received_on=today,
        title="Klacht", complainant=services.PartyDetails(
            "Kari Quorlund", "klager@example.org", "", "Storgata 1, 0155 Oslo"),
        actor=people["dnv"]["intake"], details={"about": "holder_validity"})
    holder = services.party_add(case=case, role=PartyRole.SUBJECT, actor=handler,
                                details=services.PartyDetails(
                                    HOLDER, "henk.houderman@example.org", "",
                                    HOLDER_ADDRESS))
    services.case_step(case=case, event_type="holder_notified", on=today, actor=handler)
    services.case_step(case=case, event_type="withdrawn", on=today, actor=handler, data={})
    return case, holder


def test_gdpr_art_17_erasing_the_person_complained_about_removes_the_letters_written_to_them(
        holder_case, people, django_capture_on_commit_callbacks):
    case, holder = holder_case
    notice = Document.objects.get(case=case, kind=DocumentKind.HOLDER_LETTER)
    assert "houderman" in files_text() and Path(notice.file.path).exists()
    parties = selectors.person_parties(case.organization, holder.pk)

    with django_capture_on_commit_callbacks(execute=True):  # the files go once committed
        privacy_services.erase_person(organization=case.organization, parties=parties,
                                      ground="request", actor=people["dnv"]["privacy"],
                                      today=timezone.localdate() + timedelta(days=366 * 30))

    assert "houderman" not in files_text()
    assert "geheimstraat" not in files_text()
    assert "houderman" not in everything_stored() and "geheimstraat" not in everything_stored()
    # the complainant's file is still hers: her own letters stay
    assert Document.objects.filter(case=case, kind=DocumentKind.LETTER).exclude(file="").exists()
    assert "kari quorlund" in everything_stored()


def test_gdpr_art_17_erasure_leaves_no_name_in_the_search_index_storage(holder_case, people):
    """SQLite's FTS5 keeps a deleted row's words in its index segments until they are merged:
    a copy of the database file still told who complained, word by word."""
    case, _holder = holder_case
    complainant = case.parties.get(role=PartyRole.COMPLAINANT)
    assert "quorlund" in everything_stored()
    parties = selectors.person_parties(case.organization, complainant.pk)
    privacy_services.erase_person(organization=case.organization, parties=parties,
                                  ground="request", actor=people["dnv"]["privacy"],
                                  today=timezone.localdate() + timedelta(days=366 * 30))
    assert "quorlund" not in everything_stored() and "storgata" not in everything_stored()


class _RefusingServer:
    """A mail server that refuses every recipient, as Django's SMTP backend reports it."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 mailbox unavailable") for message in messages
             for address in message.recipients()})


def test_gdpr_art_17_erasure_leaves_no_address_in_the_outbox_s_last_error(holder_case, people):
    """A refused send writes the server's answer, with the address in it, beside the message."""
    case, holder = holder_case
    outbox.deliver_due(connection=_RefusingServer())
    assert "henk.houderman@example.org" in "".join(
        OutboxMessage.objects.values_list("last_error", flat=True))
    parties = selectors.person_parties(case.organization, holder.pk)
    privacy_services.erase_person(organization=case.organization, parties=parties,
                                  ground="request", actor=people["dnv"]["privacy"],
                                  today=timezone.localdate() + timedelta(days=366 * 30))
    assert "houderman" not in everything_stored()


def test_gdpr_art_17_a_phone_contact_the_console_lists_is_erased_with_the_person(people):
    """A person without an e-mail address is found by name and phone: the console lists their
    phone contact with the rest, so the erasure must take it too."""
    av = Organization.objects.get(slug="av")
    today = timezone.localdate()
    person = services.PartyDetails("Olav Quernes", phone="+47 912 34 567",
                                   address="Kvernveien 3, 0580 Oslo")
    case = services.case_register(
        organization=av, procedure_id="av/complaint", channel="letter", received_on=today,
        title="Klage", complainant=person, actor=people["av"]["intake"])
    services.case_step(case=case, event_type="withdrawn", on=today,
                       actor=people["av"]["handler"], data={})
    services.contact_record(organization=av, procedure_id="av/complaint", channel="phone",
                            received_on=today, person=person,
                            summary="Olav Quernes ringte igjen", actor=people["av"]["intake"])
    parties = selectors.person_parties(av, case.parties.get().pk)
    assert len(selectors.places_of(av, parties).contacts) == 1
    privacy_services.erase_person(organization=av, parties=parties, ground="request",
                                  actor=people["av"]["privacy"],
                                  today=today + timedelta(days=366 * 30))
    assert "quernes" not in everything_stored()


def test_gdpr_art_17_a_second_erasure_of_the_same_person_records_nothing_more(holder_case,
                                                                            people):
    """Two officers (or a double click) erase the same person from the page both opened: the
    second request, holding the parties it read before the first ran, changes nothing."""
    case, holder = holder_case
    parties = selectors.person_parties(case.organization, holder.pk)
    complainant = selectors.person_parties(case.organization,
                                           case.parties.get(role=PartyRole.COMPLAINANT).pk)
    later = timezone.localdate() + timedelta(days=366 * 30)
    officer = people["dnv"]["privacy"]
    for _twice in range(2):
        privacy_services.erase_person(organization=case.organization, parties=parties,
                                      ground="request", actor=officer, today=later)
        privacy_services.erase_person(organization=case.organization, parties=complainant,
                                      ground="request", actor=officer, today=later)
        case.refresh_from_db()
        if _twice == 0:
            entries = case.event_count
    assert case.event_count == entries
    assert case.events.filter(type="personal_data_erased").count() == 2
    assert verify().problems == []


def test_gdpr_art_15_the_complainants_export_holds_nothing_of_the_person_complained_about(
        holder_case):
    """The complainant's access export is theirs: not the notice written to the person they
    complained about, with that person's address on it, nor the mail sent to them (their
    private page hides both, DNV-K-13)."""
    case, holder = holder_case
    complainant = case.parties.get(role=PartyRole.COMPLAINANT)
    parties = selectors.person_parties(case.organization, complainant.pk)
    places = selectors.places_of(case.organization, parties)
    data = export.export_data(case.organization, places)
    archive = zipfile.ZipFile(io.BytesIO(export.export_zip(data, places)))
    inside = " ".join(
        pdf_bytes_text(archive.read(name)) if name.endswith(".pdf") else
        archive.read(name).decode("utf-8", "replace") for name in archive.namelist()).casefold()
    assert "quorlund" in inside  # hers
    assert "houderman" not in inside and "geheimstraat" not in inside


def test_gdpr_art_15_the_person_complained_about_gets_the_letters_written_to_them(holder_case):
    case, holder = holder_case
    parties = selectors.person_parties(case.organization, holder.pk)
    places = selectors.places_of(case.organization, parties)
    assert [document.kind for document in places.documents] == [DocumentKind.HOLDER_LETTER]
