"""The five first customers, as the demo and the tests set them up."""

# The demo's password and authenticator app secret are published: the product refuses them
# outside demo mode, so they live below it (ombud.config.published).
from ombud.config.published import DEMO_PASSWORD, DEMO_TOTP_KEY

__all__ = ["CONTACTS", "DEMO_PASSWORD", "DEMO_TOTP_KEY", "ORGANIZATIONS", "ROLES"]

ORGANIZATIONS = [
    {"slug": "ne", "name": "Norsk Energi", "language": "nb", "calendar": "NO",
     "reference_prefix": "NE", "procedures": ["ne/appeal", "ne/complaint"],
     "bodies": [("certification_council", "Sertifiseringsrådet"),
                ("department_manager", "Avd.leder for kurs")]},
    {"slug": "av", "name": "Astafjord Vekst AS", "language": "nb", "calendar": "NO",
     "reference_prefix": "AV", "procedures": ["av/complaint"],
     "bodies": [("management_meeting", "Ledermøtet")]},
    {"slug": "gl", "name": "Gløde AS", "language": "nb", "calendar": "NO",
     "reference_prefix": "GL", "procedures": ["gl/complaint"],
     "bodies": [("management_meeting", "Ledermøtet")]},
    {"slug": "pp", "name": "Personalpartner AS", "language": "nb", "calendar": "NO",
     "reference_prefix": "PP", "procedures": ["pp/complaint"],
     "bodies": [("management_meeting", "Ledermøtet"), ("board", "Styret")]},
    {"slug": "dnv", "name": "DNV Business Assurance, Persoonscertificatie", "language": "nl",
     "calendar": "NL-Atw", "reference_prefix": "DNV",
     "procedures": ["dnv/complaint", "dnv/objection", "dnv/inspection", "dnv/terms",
                    "dnv/data_request"],
     "bodies": [("department_manager", "Afdelingsmanager"),
                ("quality_officer", "Kwaliteitsmedewerker")]},
]

ROLES = ["admin", "manager", "handler", "intake", "privacy", "auditor"]

# What the public form and the letters show of each organization (addresses are illustrative).
CONTACTS = {
    "ne": {"postal_address": "Postboks 27 Skøyen, 0212 Oslo",
           "email": "kurs@norskenergi.example",
           "privacy_url": "https://www.norskenergi.example/personvern",
           "routine_url": "https://www.norskenergi.example/klage"},
    "av": {"postal_address": "Postboks 4, 9360 Bardu", "email": "post@astafjord.example",
           "privacy_url": "https://www.astafjord.example/personvern",
           "routine_url": "https://www.astafjord.example/klage"},
    "gl": {"postal_address": "Postboks 88, 9300 Finnsnes", "email": "post@glode.example",
           "privacy_url": "https://www.glode.example/personvern",
           "routine_url": "https://www.glode.example/klage"},
    "pp": {"postal_address": "Postboks 150, 2001 Lillestrøm",
           "email": "post@personalpartner.example",
           "privacy_url": "https://www.personalpartner.example/personvernerklaering",
           "routine_url": "https://www.personalpartner.example/klagerutine"},
    "dnv": {"postal_address": "Zwolseweg 1, 2994 LB Barendrecht",
            "email": "persoonscertificatie@dnv.example",
            "privacy_url": "https://www.dnv.example/privacy",
            "routine_url": "https://www.dnv.example/klachten-en-bezwaar"},
}
