"""A subscriber of Norsk Energi's newsletter who never complained, seen from the privacy console
(journey 6; GDPR art. 15 and 17; NE-N-01, NE-N-04): the console's search finds her by her
address exactly and by her name, shows her subscription and its consents, exports her (zip,
PDF, JSON, the command line) and erases her, the processor asked to delete her. Another
organization's subscriber of the same name is never found, nor reached by its key."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from ombud.newsletter import services, sync, tokens
from ombud.newsletter.mailchimp import Mailchimp
from ombud.newsletter.models import Newsletter, Subscriber, SubscriberState, SyncChange
from ombud.orgs.models import Organization
from ombud.privacy import commands
from tests.cast import sign_in
from tests.fake_mailchimp import API_KEY, member_hash
from tests.pdf_text import pdf_bytes_text

pytestmark = pytest.mark.django_db

EMAIL = "ingrid.haugen@example.org"
NAME = "Ingrid Haugen"
FOREIGN = "ingrid.h@example.net"


@pytest.fixture
def ingrid(people, newsletter):
    """Her confirmed subscription to Norsk Energi's newsletter, and no case anywhere; a
    namesake subscribed to a DNV newsletter."""
    services.subscription_request(newsletter=newsletter, email=EMAIL, name=NAME, language="nb",
                                  text=newsletter.consent_text(), client="c")
    subscriber = Subscriber.objects.get(email=EMAIL)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    dnv = Newsletter.objects.create(organization=Organization.objects.get(slug="dnv"),
                                    name="DNV nytt")
    foreign = Subscriber.objects.create(newsletter=dnv, email=FOREIGN, name=NAME, language="nb",
                                        state=SubscriberState.SUBSCRIBED)
    return {"subscriber": subscriber, "foreign": foreign,
            "officer": sign_in(Client(), people["ne"]["privacy"], "nb")}


def _find(client, slug="ne", **criteria):
    data = {"name": "", "email": "", "phone": "", "birth_on": "", **criteria}
    return client.post(f"/{slug}/privacy/", data).content.decode()


def _key(subscriber) -> str:
    return f"newsletter-{subscriber.pk}"


@pytest.mark.parametrize("criteria", [{"email": EMAIL}, {"email": EMAIL.upper()},
                                      {"name": NAME}, {"name": "ingrid haugen"},
                                      {"name": "Haugen"}, {"name": "Ingrid Hauge"}])
def test_gdpr_art_15_a_subscriber_who_never_complained_is_found_by_address_and_name(
        ingrid, criteria):
    page = _find(ingrid["officer"], **criteria)
    assert f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/' in page
    assert "1 person funnet" in page or "1 person found" in page
    assert FOREIGN not in page and _key(ingrid["foreign"]) not in page


def test_gdpr_art_15_another_organizations_subscriber_is_never_found_nor_reached(ingrid,
                                                                                 people):
    officer = ingrid["officer"]
    assert _key(ingrid["foreign"]) not in _find(officer, email=FOREIGN)
    # a near address finds no subscriber: the address is matched exactly
    assert "/ne/privacy/someone/" not in _find(officer, email="ingrid.haugen@example.com")
    assert officer.get(f'/ne/privacy/someone/{_key(ingrid["foreign"])}/').status_code == 404
    assert officer.post(
        f'/ne/privacy/someone/{_key(ingrid["foreign"])}/export/').status_code == 404
    assert officer.post(f'/ne/privacy/someone/{_key(ingrid["foreign"])}/erase/',
                        {"ground": "request", "confirm": "on"}).status_code == 404
    assert officer.get("/ne/privacy/someone/newsletter-x/").status_code == 404
    # and DNV's officer does not find Norsk Energi's subscriber
    dnv_officer = sign_in(Client(), people["dnv"]["privacy"], "nb")
    assert _key(ingrid["subscriber"]) not in _find(dnv_officer, slug="dnv", name=NAME)
    assert dnv_officer.get(
        f'/dnv/privacy/someone/{_key(ingrid["subscriber"])}/').status_code == 404
    # another role of Norsk Energi is refused the page
    intake = sign_in(Client(), people["ne"]["intake"], "nb")
    assert intake.get(f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/').status_code == 403


def test_gdpr_art_15_her_page_shows_the_subscription_and_its_consents(ingrid):
    page = ingrid["officer"].get(f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/')
    assert page.status_code == 200
    text = page.content.decode()
    assert NAME in text and EMAIL in text
    with translation.override("nb"):
        from ombud.newsletter.models import ConsentAction

        assert str(ConsentAction.GIVEN.label) in text
    assert "versjon" in text  # the consent text's version


def test_gdpr_art_15_her_export_as_zip_and_on_the_command_line(ingrid):
    response = ingrid["officer"].post(f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/export/')
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("personal-data.json"))
    assert [(person["name"], person["email"]) for person in data["person"]] == [(NAME, EMAIL)]
    [row] = data["other"]["Nyhetsbrev"]
    assert row["email"] == EMAIL and row["consents"]
    pdf = " ".join(pdf_bytes_text(archive.read("personal-data.pdf")).split())
    assert EMAIL in pdf and "Nyhetsbrev" in pdf
    out = io.StringIO()
    assert commands.export("ne", EMAIL.upper(), out=out, err=io.StringIO()) == 0
    assert json.loads(out.getvalue())["other"]["Nyhetsbrev"][0]["email"] == EMAIL
    assert commands.export("ne", FOREIGN, out=io.StringIO(), err=io.StringIO()) == 2


@pytest.mark.django_db(transaction=True)
def test_gdpr_art_17_ne_n_02_erasing_her_from_the_console_has_the_processor_delete_her(
        ingrid, mailchimp):
    client = Mailchimp(API_KEY, mailchimp.url)
    assert sync.sync_due(client) == (1, 0)  # she is on the processor's list
    officer = ingrid["officer"]
    bad = officer.post(f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/erase/',
                       {"ground": "request"})  # not confirmed: nothing happens
    assert bad.status_code == 400
    assert Subscriber.objects.get(pk=ingrid["subscriber"].pk).email == EMAIL

    done = officer.post(f'/ne/privacy/someone/{_key(ingrid["subscriber"])}/erase/',
                        {"ground": "request", "confirm": "on"})

    assert done.status_code == 302 and done["Location"] == "/ne/privacy/"
    subscriber = Subscriber.objects.get(pk=ingrid["subscriber"].pk)
    assert subscriber.email != EMAIL and subscriber.name == ""
    assert subscriber.state == SubscriberState.WITHDRAWN
    assert "/ne/privacy/someone/" not in _find(officer, name=NAME)  # no one any more
    assert SyncChange.objects.filter(subscriber=subscriber, operation="erase").exists()
    assert sync.sync_due(client) == (1, 0)
    assert mailchimp.status_of(EMAIL) is None
    assert re.search(member_hash(EMAIL) + "/actions/delete-permanent", mailchimp.calls[-1][1])
    # the other organization's namesake is untouched
    assert Subscriber.objects.get(pk=ingrid["foreign"].pk).email == FOREIGN
