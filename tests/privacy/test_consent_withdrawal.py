"""PP-04: the complainant consented, by sending the form, to Personalpartner keeping their
contact details and complaint to handle it. Withdrawing that consent is withdrawing the
complaint (it cannot be handled without being kept; GDPR art. 7(3)): the private page says so
beside the withdrawal, the history's entry records the consent's withdrawal, and the privacy
console shows it beside the consent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ombud.cases import services as case_services
from ombud.orgs.models import Organization
from ombud.privacy import selectors
from ombud.public import services as public_services
from ombud.public.services import tracking_link_create
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(people):
    pp = Organization.objects.get(slug="pp")
    case = case_services.case_register(
        organization=pp, procedure_id="pp/complaint", channel="letter",
        received_on=timezone.localdate(), title="Klage på oppfølging",
        complainant=case_services.PartyDetails("Kari Hansen", email="kari@example.org"),
        actor=people["pp"]["intake"],
        details={"consent": True, "filer": "participant", "about": "inclusion"})
    return pp, case


def test_pp_04_the_private_page_says_withdrawing_consent_withdraws_the_complaint(complaint):
    _, case = complaint
    token = tracking_link_create(case)
    client = Client()
    client.cookies["django_language"] = "nb"
    page = client.get(reverse("public:track", args=[token])).content.decode()
    assert "Trekk tilbake saken eller samtykket" in page
    assert "PP-04" not in page


def test_pp_04_withdrawing_the_complaint_records_the_consents_withdrawal(complaint, people):
    pp, case = complaint
    public_services.complainant_withdraw(case=case, reason="")
    entry = case.events.get(type="withdrawn")
    assert entry.data["consent_withdrawn"] is True
    places = selectors.places_of(pp, list(case.parties.all()))
    assert places.consents == [{"case": case.reference, "on": timezone.localdate(),
                                "consent": True, "withdrawn_on": timezone.localdate()}]
    party = case.parties.get()
    page = sign_in(Client(), people["pp"]["privacy"]).get(
        f"/pp/privacy/person/{party.pk}/").content.decode()
    assert "withdrawn with the complaint" in page
