"""Erasure where others' files name the person (GDPR art. 17; DNV-I-01): a staff note in Anna's
case and a corrective action that give Pieterjan's name and phone are found by the console and,
when he is erased, redacted there and nowhere else: Anna's case keeps its words, and every chain
and seal still verifies. And a document whose file erasure or retention removed answers 410
Gone with a page that says when and why, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from erasure_days import past_retention
from privacy_world import NAME

from ombud.audit.seal import seal_all
from ombud.audit.verify import verify
from ombud.cases import services as case_services
from ombud.cases.erasure import ERASURE_EVENT
from ombud.cases.models import CaseEvent, CorrectiveAction, Document
from ombud.privacy import mentions, services
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

NOTE = f"Anna zegt dat {NAME} (tel. 06-12345678) het examen ook zag. Anna wil een gesprek."


@pytest.fixture
def named(pieterjan, people):
    """A note and a corrective action in Anna's case that name him."""
    other, handler = pieterjan["other_case"], people["dnv"]["handler"]
    note = case_services.case_note(case=other, text=NOTE, actor=handler)
    action = CorrectiveAction.objects.create(
        case=other, description=f"Bel {NAME.upper()} terug over de inzage", owner=handler,
        due_on=other.received_on)
    return {**pieterjan, "note": note, "action": action}


def test_gdpr_art_17_the_console_shows_where_others_files_name_him(named, people, dnv):
    found = mentions.mentions_of(dnv, [named["party"], named["interested"]])
    assert {(mention.where, mention.case.reference) for mention in found} == {
        ("history", named["other_case"].reference), ("action", named["other_case"].reference)}
    page = sign_in(Client(), people["dnv"]["privacy"]).get(
        f"/dnv/privacy/person/{named['party'].pk}/").content.decode()
    assert "Named in other files" in page and named["other_case"].reference in page
    assert "het examen ook zag" in page  # the excerpt around his name


def test_gdpr_art_17_erasure_redacts_his_identifiers_in_annas_case_and_nothing_else(
        named, people, dnv, seal_key):
    seal_all()
    services.erase_person(organization=dnv, parties=[named["party"]],
                          ground="request", actor=people["dnv"]["privacy"],
                          today=past_retention())
    note = CaseEvent.objects.get(pk=named["note"].pk)
    assert "text" not in note.data and "text" in note.erased_fields  # its digest kept
    record = CaseEvent.objects.get(case=named["other_case"], seq=note.erased_seq)
    assert record.type == ERASURE_EVENT
    copy = record.data["text"]
    assert "Anna zegt dat [—] (tel. [—]) het examen ook zag. Anna wil een gesprek." in copy
    assert NAME.casefold() not in copy.casefold() and "12345678" not in copy
    action = CorrectiveAction.objects.get(pk=named["action"].pk)
    assert action.description == "Bel [—] terug over de inzage"
    assert named["other_case"].parties.filter(name="Anna Jansen").exists()
    seal_all()
    assert verify().problems == []


def test_gdpr_art_17_a_removed_document_answers_410_and_says_when_and_why(
        named, people, dnv):
    services.erase_person(organization=dnv, parties=[named["party"]],
                          ground="request", actor=people["dnv"]["privacy"],
                          today=past_retention())
    document = Document.objects.get(pk=named["upload"].pk)
    assert not document.file
    staff = sign_in(Client(), people["dnv"]["handler"], "nl")
    case = named["case"].reference
    answered = staff.get(f"/dnv/cases/{case}/documents/{document.pk}/")
    assert answered.status_code == 410
    text = answered.content.decode()
    assert "Het document is verwijderd" in text and "Verwijderd op" in text
    assert f'href="/dnv/cases/{case}/"' in text  # back to the case, in the staff frame
    page = staff.get(f"/dnv/cases/{case}/").content.decode()
    assert f"/documents/{document.pk}/" not in page and "Verwijderd op" in page


def test_gdpr_art_17_a_namesakes_case_is_listed_but_never_redacted_by_guess(
        named, people, dnv):
    """Another party in Anna's case has his name but another address: the note may be about
    that namesake, so erasing him leaves Anna's case as it was and the console says why."""
    case_services.party_add(case=named["other_case"], role="interested",
                            details=case_services.PartyDetails(NAME, email="andere@example.nl"),
                            actor=people["dnv"]["handler"])
    found = mentions.mentions_of(dnv, [named["party"]])
    assert found and not any(mention.redacted for mention in found)
    before = CaseEvent.objects.filter(case=named["other_case"]).count()
    services.erase_person(organization=dnv, parties=[named["party"]], ground="request",
                          actor=people["dnv"]["privacy"], today=past_retention())
    assert CaseEvent.objects.filter(case=named["other_case"]).count() == before
    assert CaseEvent.objects.get(pk=named["note"].pk).data["text"] == NOTE
