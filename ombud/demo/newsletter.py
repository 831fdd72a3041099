"""Norsk Energi's newsletter as the demo (and the tests) know it: its consent text, word for word
from NE-N-01, version 1, in the three languages; Mailchimp as its processor (NE-N-04)."""

from __future__ import annotations

from datetime import date

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
        organization=organization, name="Norsk Energis nyhetsbrev", processor="Mailchimp",
        name_nb="Norsk Energis nyhetsbrev", name_nl="de nieuwsbrief van Norsk Energi",
        name_en="Norsk Energi's newsletter", list_id="ne-demo-list")
    # The version people read: a number and the day of the words, no rule ID (NE-N-01).
    ConsentText.objects.create(newsletter=newsletter, version="1", published_on=date(2026, 5, 1),
                               text_nb=CONSENT_V1["nb"], text_nl=CONSENT_V1["nl"],
                               text_en=CONSENT_V1["en"])
    return newsletter
