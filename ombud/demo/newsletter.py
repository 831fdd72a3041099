"""Norsk Energi's newsletter as the demo (and the tests) know it: its consent text, word for word
from NE-N-01, version 1, in the three languages; Mailchimp as its processor (NE-N-04)."""

from __future__ import annotations

from ombud.newsletter.models import ConsentText, Newsletter

CONSENT_V1 = {
    "nb": ("Jeg samtykker i at Norsk Energi, som behandlingsansvarlig, behandler navnet og "
           "e-postadressen min for å sende meg nyhetsbrev og informasjon om termisk energi, "
           "kurs, sertifisering og aktiviteter."),
    "nl": ("Ik geef Norsk Energi, als verwerkingsverantwoordelijke, toestemming om mijn naam en "
           "e-mailadres te verwerken om mij nieuwsbrieven en informatie over thermische energie, "
           "cursussen, certificering en activiteiten te sturen."),
    "en": ("I consent to Norsk Energi, as controller, processing my name and e-mail address to "
           "send me newsletters and information on thermal energy, courses, certification and "
           "activities."),
}


def seed_newsletter(organization) -> Newsletter:
    newsletter = Newsletter.objects.create(
        organization=organization, name="Norsk Energi nyhetsbrev", processor="Mailchimp",
        list_id="ne-demo-list")
    ConsentText.objects.create(newsletter=newsletter, version="NE-N-01 v1",
                               text_nb=CONSENT_V1["nb"], text_nl=CONSENT_V1["nl"],
                               text_en=CONSENT_V1["en"])
    return newsletter
