"""The five first customers, as the demo and the tests set them up."""

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
DEMO_PASSWORD = "ombud-demo"

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

# Two-factor sign-in in the demo: the demo accounts that need a second factor (administrators,
# managers, privacy officers) share one authenticator app secret, printed in the README so any
# app or `oathtool --totp -b` gives the code; in demo mode the second step also shows it.
DEMO_TOTP_KEY = b"ombud-demo-totp-key!".hex()  # base32: N5WWE5LEFVSGK3LPFV2G65DQFVVWK6JB


def demo_code_now(device) -> str | None:
    """The current code of a demo account's seeded app; None for any other secret."""
    if device.key != DEMO_TOTP_KEY:
        return None
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
