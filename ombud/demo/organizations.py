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
