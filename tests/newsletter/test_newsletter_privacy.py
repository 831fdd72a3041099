"""A complainant of Norsk Energi who also subscribed to its newsletter, seen from the privacy
console (GDPR art. 15 and 17; NE-N-01, NE-N-04): the subscription and its consent records are
among the places the console lists and exports, and an erasure removes the address and the name
from the list, from the limits' counters and from the outbox, and has the processor delete the
member for good, through the same queue, without the address it no longer holds."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ombud.cases import services as case_services
from ombud.newsletter import services, sync, tokens
from ombud.newsletter.mailchimp import Mailchimp
from ombud.newsletter.models import Subscriber, SubscriberState, SyncChange, SyncState
from ombud.orgs.models import Organization
from ombud.privacy import export, selectors
from ombud.privacy import services as privacy_services
from tests.fake_mailchimp import API_KEY, member_hash
from tests.pdf_text import pdf_bytes_text
from tests.stored import everything_stored

pytestmark = pytest.mark.django_db

EMAIL = "kari.nordmann@example.org"
NAME = "Kari Nordmann"




@pytest.fixture
def kari(people, newsletter):
    """Her closed complaint to Norsk Energi and her confirmed subscription."""
    ne = Organization.objects.get(slug="ne")
    today = timezone.localdate()
    case = case_services.case_register(
        organization=ne, procedure_id="ne/complaint", channel="letter", received_on=today,
        title="Klage på strømregning", complainant=case_services.PartyDetails(NAME, email=EMAIL),
        actor=people["ne"]["intake"])
    case_services.case_step(case=case, event_type="withdrawn", on=today,
                            actor=people["ne"]["handler"], data={})
    services.subscription_request(newsletter=newsletter, email=EMAIL, name=NAME, language="nb",
                                  text=newsletter.consent_text(), client="c")
    subscriber = Subscriber.objects.get(email=EMAIL)
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    case.refresh_from_db()
    return {"organization": ne, "case": case, "party": case.parties.get(),
            "subscriber": subscriber}


def _person(kari):
    parties = selectors.person_parties(kari["organization"], kari["party"].pk)
    return parties, selectors.places_of(kari["organization"], parties)


def test_gdpr_art_15_the_console_and_the_export_show_the_subscription_and_its_consents(kari):
    with translation.override("en"):
        _parties, places = _person(kari)
    [row] = places.extra["Newsletter"]
    assert row["email"] == EMAIL and row["name"] == NAME and row["state"] == "subscribed"
    [given] = row["consents"]
    assert given["action"] == "given" and given["text"].startswith("version ")
    assert given["words"]  # the very words agreed to
    data = export.export_data(kari["organization"], places)
    [exported] = json.loads(export.export_json(data))["other"]["Nyhetsbrev"]  # her language
    assert exported["email"] == EMAIL
    pdf = " ".join(pdf_bytes_text(export.export_pdf(data)).split())
    assert EMAIL in pdf and "versjon" in pdf and "Nyhetsbrev" in pdf


@pytest.mark.django_db(transaction=True)
def test_gdpr_art_17_erasure_leaves_no_address_or_name_in_the_newsletter_and_the_processor_forgets(
        kari, people, mailchimp):
    client = Mailchimp(API_KEY, mailchimp.url)
    assert sync.sync_due(client) == (1, 0)  # she is on the processor's list
    assert mailchimp.status_of(EMAIL) == "subscribed"
    parties, _places = _person(kari)
    years_later = timezone.localdate() + timedelta(days=366 * 6)

    privacy_services.erase_person(organization=kari["organization"], parties=parties,
                                  ground="request", actor=people["ne"]["privacy"],
                                  today=years_later)

    stored = everything_stored()
    assert "kari.nordmann" not in stored and "nordmann" not in stored
    subscriber = Subscriber.objects.get(pk=kari["subscriber"].pk)
    assert subscriber.state == SubscriberState.WITHDRAWN
    # an unsubscribe link she still holds does nothing more, and shows no one
    assert services.subscription_withdraw(
        newsletter=subscriber.newsletter, channel="one_click",
        claim=tokens.Claim(subscriber.pk, 1)).email != EMAIL
    # the processor deletes the member for good (Mailchimp's delete-permanent), by its hash
    assert sync.sync_due(client) == (1, 0)
    assert mailchimp.status_of(EMAIL) is None
    assert mailchimp.calls[-1][:2] == (
        "POST", f"/3.0/lists/{subscriber.newsletter.list_id}/members/{member_hash(EMAIL)}"
                "/actions/delete-permanent")
    assert not SyncChange.objects.filter(state=SyncState.PENDING).exists()


def test_gdpr_art_17_a_subscription_never_confirmed_is_erased_and_never_reaches_the_processor(
        kari, people, newsletter):
    Subscriber.objects.filter(pk=kari["subscriber"].pk).update(state=SubscriberState.PENDING)
    SyncChange.objects.all().delete()  # it never went
    parties, _places = _person(kari)
    privacy_services.erase_person(organization=kari["organization"], parties=parties,
                                  ground="request", actor=people["ne"]["privacy"],
                                  today=timezone.localdate() + timedelta(days=366 * 6))
    assert "nordmann" not in everything_stored()
    assert not SyncChange.objects.exists()  # nothing to tell the processor
