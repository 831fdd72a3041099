"""The privacy console as its users and its attackers meet it: the privacy officer finds a
person exactly and nearly, within the organization only; every other role is refused (403),
another organization's officer finds nothing (404); a forged form changes nothing (CSRF);
hostile names stay text in the page, the JSON and the PDF; the export and the command line."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from erasure_days import months_kept
from privacy_world import BORN, EMAIL, NAME

from ombud.cases import services as case_services
from ombud.cases.models import AccessLog, Party
from ombud.orgs.models import Organization
from ombud.privacy import commands
from ombud.privacy import services as privacy_services
from tests.cast import sign_in
from tests.pdf_text import pdf_bytes_text

pytestmark = pytest.mark.django_db


def _find(client, **criteria):
    data = {"name": "", "email": "", "phone": "", "birth_on": "", **criteria}
    return client.post("/dnv/privacy/", data)


@pytest.mark.parametrize("criteria", [
    {"name": NAME}, {"name": "pieterjan zwanenburgh"}, {"name": "Piëterjan Zwanenburg"},
    {"email": EMAIL}, {"email": "pj.zwanenburg@example.com"}, {"phone": "0612345678"},
    {"birth_on": BORN.isoformat()}, {"birth_on": BORN.replace(day=4, month=7).isoformat()},
])
def test_dnv_i_01_the_privacy_officer_finds_him_exactly_and_nearly(pieterjan, people, client,
                                                                    criteria):
    officer = sign_in(client, people["dnv"]["privacy"])
    page = _find(officer, **criteria).content.decode()
    assert f'/dnv/privacy/person/{pieterjan["party"].pk}/' in page
    assert "Anna Jansen" not in page


def test_another_organizations_person_of_the_same_name_is_not_found(pieterjan, people,
                                                                   client):
    case_services.case_register(
        organization=Organization.objects.get(slug="ne"), procedure_id="ne/appeal",
        channel="letter", received_on=pieterjan["case"].received_on, title="Klage",
        complainant=case_services.PartyDetails(NAME, email=EMAIL), actor=people["ne"]["intake"])
    foreign = Party.objects.get(case__organization__slug="ne")
    officer = sign_in(client, people["dnv"]["privacy"])
    page = _find(officer, name=NAME).content.decode()
    assert page.count("/dnv/privacy/person/") == 2  # his own case and the one he is party to
    assert officer.get(f"/dnv/privacy/person/{foreign.pk}/").status_code == 404
    assert officer.post(f"/dnv/privacy/person/{foreign.pk}/export/").status_code == 404
    ne_officer = sign_in(Client(), people["ne"]["privacy"])
    assert ne_officer.get("/dnv/privacy/").status_code == 404
    assert ne_officer.get(f'/dnv/privacy/person/{pieterjan["party"].pk}/').status_code == 404


@pytest.mark.parametrize("role", ["handler", "manager", "intake", "auditor", "admin"])
def test_every_other_role_is_refused_the_console(pieterjan, people, client, role):
    person = sign_in(client, people["dnv"][role])
    party = pieterjan["party"].pk
    assert person.get("/dnv/privacy/").status_code == 403
    assert person.get(f"/dnv/privacy/person/{party}/").status_code == 403
    assert person.post(f"/dnv/privacy/person/{party}/export/").status_code == 403
    response = person.post(f"/dnv/privacy/person/{party}/erase/",
                           {"ground": "request", "confirm": "on"})
    assert response.status_code == 403
    assert Party.objects.filter(pk=party).exists()


def test_a_forged_erasure_without_the_csrf_token_changes_nothing(pieterjan, people):
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(people["dnv"]["privacy"])
    party = pieterjan["party"]
    response = officer.post(f"/dnv/privacy/person/{party.pk}/rectify/{party.pk}/",
                            {"name": "Someone Else"})
    assert response.status_code == 403
    party.refresh_from_db()
    assert party.name == NAME


def test_dnv_i_01_erasure_refused_in_the_page_with_the_day_it_becomes_possible(
        pieterjan, people, client):
    officer = sign_in(client, people["dnv"]["privacy"], "nl")
    party = pieterjan["party"].pk
    page = officer.get(f"/dnv/privacy/person/{party}/").content.decode()
    assert "Nog niet mogelijk" in page
    response = officer.post(f"/dnv/privacy/person/{party}/erase/",
                            {"ground": "request", "confirm": "on"})
    assert response.status_code == 409
    assert "Wissen geweigerd" in response.content.decode()
    assert Party.objects.filter(pk=party).exists()


HOSTILE = '<script>alert(1)</script> #set page(fill: red) ]* "=cmd|/c calc"'


def test_hostile_names_stay_text_in_the_page_the_json_and_the_pdf(pieterjan, people, client):
    party = pieterjan["party"]
    privacy_services.party_rectify(party=party, name=HOSTILE, email=EMAIL, phone="",
                                   address="", actor=people["dnv"]["privacy"])
    officer = sign_in(client, people["dnv"]["privacy"])
    page = officer.get(f"/dnv/privacy/person/{party.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    response = officer.post(f"/dnv/privacy/person/{party.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {"personal-data.json", "personal-data.pdf"} <= set(names)
    assert all(name.startswith("documents/") for name in names[2:])
    data = json.loads(archive.read("personal-data.json"))
    assert AccessLog.objects.filter(case=pieterjan["case"], person=people["dnv"]["privacy"],
                                    what__startswith="personal data export").exists()
    assert HOSTILE in {person["name"] for person in data["person"]}
    assert data["language"] == "nl"  # DNV's: the person wrote in no other language
    text = pdf_bytes_text(archive.read("personal-data.pdf"))
    assert "<script>alert(1)</script>" in text and "#set page(fill: red)" in text
    assert "Uw persoonsgegevens" in text
    assert pieterjan["case"].reference in text


def test_rectification_refuses_a_bad_address_and_changes_nothing(pieterjan, people, client):
    officer = sign_in(client, people["dnv"]["privacy"], "nb")
    party = pieterjan["party"]
    response = officer.post(f"/dnv/privacy/person/{party.pk}/rectify/{party.pk}/",
                            {"name": "X", "email": "not an address"})
    assert response.status_code == 400
    assert "gyldig" in response.content.decode()
    party.refresh_from_db()
    assert party.name == NAME


def test_ombud_privacy_export_prints_the_json(pieterjan):
    out, err = io.StringIO(), io.StringIO()
    assert commands.export("dnv", EMAIL.upper(), out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert {person["case"] for person in data["person"]} == {
        pieterjan["case"].reference, pieterjan["other_case"].reference}
    assert data["cases"][0]["retention"]["months_after_closing"] == months_kept()
    assert commands.export("ne", EMAIL, out=io.StringIO(), err=err) == 2
    assert commands.export("nowhere", EMAIL, out=io.StringIO(), err=err) == 2


def test_the_read_log_is_the_auditors_and_the_privacy_officers(pieterjan, people, client):
    for role in ("auditor", "privacy"):
        page = sign_in(Client(), people["dnv"][role]).get("/dnv/privacy/reads/")
        assert page.status_code == 200
        assert pieterjan["case"].reference in page.content.decode()
    assert sign_in(client, people["dnv"]["handler"]).get("/dnv/privacy/reads/").status_code \
        == 403
    assert sign_in(Client(), people["ne"]["auditor"]).get("/dnv/privacy/reads/").status_code \
        == 404


def test_dnv_i_01_a_first_or_last_name_alone_finds_him_among_the_near_matches(
        pieterjan, people, client):
    officer = sign_in(client, people["dnv"]["privacy"])
    for asked in ("Pieterjan", "zwanenburg"):
        page = _find(officer, name=asked).content.decode()
        assert f'/dnv/privacy/person/{pieterjan["party"].pk}/' in page, asked
