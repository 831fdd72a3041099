"""Issue 13, point 1 ("Complainant" wording still from code): a bezwaar's staff pages name its
filer as the bundle's texts do (``[parties] complainant``, Awb 6:4: the bezwaarmaker), in the
queue's "new from ..." mark, the case page's news, documents and private links, the deadline's
owner ("van de bezwaarmaker") and the privacy officer's pages; nowhere "klacht" or "klager". A
bundle without the word keeps Ombud's phrases."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from public_world import NAME
from test_waterdal_bezwaar import file_bezwaar, waterdal  # noqa: F401 - the fixture

from ombud.cases import services
from ombud.cases.models import Party, PartyRole
from ombud.orgs.models import Membership, Role
from tests.cast import sign_in


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_awb_6_4_the_bezwaarmaker_is_named_on_the_queue_case_page_and_privacy_pages(
        waterdal, client):  # noqa: F811
    case, _visitor = file_bezwaar(timezone.localdate() - timedelta(days=5))
    services.complainant_news_mark(case)
    fatima = Membership.objects.get(organization=waterdal).user
    sign_in(client, fatima, "nl")
    queue = _text(client.get("/waterdal/cases/"))
    assert "nieuw van de bezwaarmaker" in queue
    detail = _text(client.get(f"/waterdal/cases/{case.reference}/"))
    assert "Nieuw van de bezwaarmaker" in detail
    assert "(van de bezwaarmaker)" in detail  # the bezwaartermijn is the filer's
    assert "De bezwaarmaker een nieuwe link sturen" in detail
    for page in (queue, detail):
        assert "indiener" not in page and "klager" not in page.lower()
        assert "klacht" not in page.lower()
    sign_in(client, fatima, "en")
    assert "new from the objector" in _text(client.get("/waterdal/cases/"))
    assert "(the objector&#x27;s)" in _text(client.get(f"/waterdal/cases/{case.reference}/"))
    sign_in(client, fatima, "nb")  # Waterdal's bokmål texts call the filer "klager"
    assert "nytt fra klager" in _text(client.get("/waterdal/cases/"))

    officer = fatima.__class__.objects.create(username="waterdal-privacy")
    Membership.objects.create(user=officer, organization=waterdal, role=Role.PRIVACY_OFFICER)
    party = Party.objects.get(case=case, role=PartyRole.COMPLAINANT)
    sign_in(client, officer, "nl")
    person = _text(client.get(f"/waterdal/privacy/person/{party.pk}/"))
    assert "Dossiers (als bezwaarmaker)" in person
    assert f"{case.reference} (bezwaarmaker)" in person
    assert "klager" not in person.lower() and "indiener" not in person
    assert NAME in person


def test_a_bundle_without_a_word_for_its_filer_keeps_ombud_s_phrases(people, client):
    from django.utils import translation

    from ombud.cases import wording

    with translation.override("nl"):
        phrases = wording.filer_phrases("dnv/complaint")
    assert phrases["news"] == "nieuw van de indiener" and phrases["owner"] == "van de indiener"


def test_awb_6_4_the_register_form_and_the_form_link_mail_name_the_bezwaar(
        waterdal, client):  # noqa: F811
    """The staff's register form names the bezwaarmaker and the bezwaar; a phone contact
    offered the written form gets "Uw bezwaar bij Gemeente Waterdal", not "Uw klacht"."""
    from ombud.mail.models import OutboxMessage

    fatima = Membership.objects.get(organization=waterdal).user
    sign_in(client, fatima, "nl")
    register = _text(client.get("/waterdal/cases/register/"))
    assert "Naam van de bezwaarmaker" in register and "Schriftelijke tekst (bezwaar)" in register
    assert "klager" not in register.lower() and "klacht" not in register.lower()
    fatima.memberships.update(role=Role.INTAKE)
    services.contact_record(
        organization=waterdal, procedure_id="waterdal/bezwaar", channel="oral",
        received_on=timezone.localdate(), summary="Belde over de vergunning",
        person=services.PartyDetails("Jan de Vries", email="jan@example.org"), actor=fatima)
    mail = OutboxMessage.objects.get(kind="form_link")
    assert mail.subject == "Uw bezwaar bij Gemeente Waterdal"
    assert "klacht" not in (mail.subject + mail.body).lower()
    assert "/waterdal/bezwaar/new/" in mail.body
