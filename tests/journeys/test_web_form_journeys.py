"""Journeys that start on the public form (JOURNEYS.md 2 and 4): the person files on the web, the
case appears where staff work, and the letters reach the person through the outbox."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pdf_text import pdf_text
from worker import run_worker

from ombud.cases import services
from ombud.cases.models import Case, Meeting
from ombud.mail import outbox
from ombud.public import abuse

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _small_puzzle(settings):
    settings.OMBUD_PROOF_OF_WORK_MAX = 500  # the browser's puzzle, small for the test's Python


def fill(client: Client, path: str, language: str, **fields) -> tuple:
    """Open the form in ``language``, solve its puzzle as the browser's script does, send it."""
    client.cookies["django_language"] = language
    page = client.get(path).content.decode()
    key = re.search(r'name="key" value="([^"]*)"', page).group(1)
    puzzle = json.loads(html.unescape(re.search(r"data-puzzle='([^']*)'", page).group(1)))
    return client.post(path, {"key": key, "proof": abuse.solve(puzzle), "website": "",
                              "consent": "on", **fields}), key


def test_journey_2_ola_files_for_nav_on_glode_web_form_and_it_reaches_the_meeting(people,
                                                                                  mailoutbox):
    Meeting.objects.filter(organization__slug="gl").delete()
    Meeting.objects.create(organization=people["gl"]["admin"].memberships.first().organization,
                           held_on=TODAY() + timedelta(days=2))
    response, _ = fill(Client(), "/gl/complaint/new/", "nb", filer="customer",
                       name="Ola Nordmann (NAV)", email="ola@nav.example", about="rehabilitation",
                       title="Oppfølging ikke levert",
                       description="Oppfølgingen ble ikke levert slik NAV bestilte.",
                       reasons="Deltakeren har ikke fått oppfølging på tre uker.")
    assert response.status_code == 302
    receipt = Client().get(response["Location"])  # another browser: no private link shown
    case = Case.objects.get(organization__slug="gl")
    assert case.reference.encode() in receipt.content
    assert (case.channel, case.language) == ("web", "nb")
    assert (case.next_due, case.next_due_rule) == (TODAY() + timedelta(days=2), "GL-06")
    run_worker()  # the receipt's PDF and mail, made after the POST
    assert outbox.deliver_due() == (1, 0)
    [receipt_mail] = mailoutbox
    assert receipt_mail.to == ["ola@nav.example"] and "/track/" in receipt_mail.body
    assert receipt_mail.subject.startswith("Vi har mottatt din klage")


def test_journey_4_pieter_objects_without_signature_and_is_asked_to_remedy(people):
    decided = TODAY() - timedelta(days=9)
    fields = {"filer": "candidate", "name": "Pieter de Vries", "email": "pieter@example.nl",
              "about": "negative_certification", "decision_on": decided.isoformat(),
              "title": "Praktijkexamen", "description": "Negatief certificatiebesluit.",
              "reasons": "De beoordeling klopt niet."}
    client = Client()
    response, key = fill(client, "/dnv/objection/new/", "nl", **fields)
    assert response.status_code == 400  # DNV-B-02: address and signature are asked for
    asked = html.unescape(response.content.decode())
    assert "Ontbreekt: postadres, handtekening." in asked and not Case.objects.exists()
    assert "DNV-B-02" not in asked  # rule IDs are for staff
    response = client.post("/dnv/objection/new/", {
        "key": key, "website": "", "consent": "on", "incomplete_confirmed": "on", **fields})
    assert response.status_code == 302  # he sends it anyway: it is received, the clock stops
    case = Case.objects.get(organization__slug="dnv")
    assert case.events.get(type="received").data["missing"] == ["address", "signature"]
    handler = people["dnv"]["handler"]
    services.case_step(case=case, event_type="acknowledged", on=TODAY(), actor=handler)
    services.case_step(case=case, event_type="incomplete", on=TODAY(), actor=handler,
                       data={"term_weeks": 2, "text": "Uw adres en handtekening ontbreken."})
    letter = case.documents.filter(kind="letter").latest("id")
    text = pdf_text(letter)
    assert "adres en handtekening" in text and "wordt de behandeltermijn opgeschort" in text
    assert "DNV-B-10" not in text and "DNV-B-08" not in text  # rule IDs are for staff
    page = client.get(re.search(r"/track/[^/]+/", client.get(response["Location"]).content
                                .decode()).group(0))
    assert "herstel van een verzuim" in page.content.decode()  # the remedy term (DNV-B-10)
    assert b"DNV-B-10" not in page.content  # is among his dates, in words
