"""The world of the privacy tests: one person, Pieterjan Zwanenburg, in ten places of DNV's
data, put there by the real services (a phone contact, his own inspection request with letters,
mail, a private link, his upload, a web submission, a sign-in counter, a party to someone
else's case, a read of his file), and a seal key of the test's own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from privacy_world import ADDRESS, BORN, EMAIL, NAME, PHONE, SMALL_PDF

from ombud.audit import keys
from ombud.cases import services
from ombud.cases.access_log import access_record
from ombud.orgs.models import Organization
from ombud.orgs.throttle import attempt_key, attempt_reserve
from ombud.public.models import Submission
from ombud.public.services import Upload, complainant_upload, tracking_link_create


@pytest.fixture
def seal_key(settings, tmp_path):
    path = tmp_path / "seal-key.pem"
    keys.generate(path)
    settings.OMBUD_SEAL_KEY = str(path)
    return path


@pytest.fixture
def dnv(people):
    return Organization.objects.get(slug="dnv")


@pytest.fixture
def pieterjan(people, dnv):
    """His places, by name: {"case", "other_case", "party", "interested", "upload"}."""
    staff = people["dnv"]
    today = timezone.localdate()
    details = services.PartyDetails(NAME, email=EMAIL, phone=PHONE, address=ADDRESS)
    # 1. a phone contact before he wrote (linked to his case when it is registered)
    services.contact_record(organization=dnv, procedure_id="dnv/inspection", channel="phone",
                            received_on=today, person=details,
                            summary=f"{NAME} belde over zijn examen", actor=staff["intake"])
    # 2. his own inspection request: the history, his party row, the search index
    case = services.case_register(
        organization=dnv, procedure_id="dnv/inspection", channel="letter", received_on=today,
        title=f"Inzage examen {NAME}", complainant=details, actor=staff["intake"],
        details={"result_on": today, "birth_on": BORN})
    # 3. his upload on his private page: a file on storage, a notification to the handler
    upload = complainant_upload(case=case, upload=Upload(
        f"mijn examenwerk {NAME}.pdf", SMALL_PDF, "application/pdf"))
    # 4. the letters the steps set as PDF, and 5. the mail carrying them (the outbox)
    for event_type, data in (("acknowledged", {}), ("answered", {
            "outcome": "upheld", "reasons": f"Inzage gegeven aan {NAME}.",
            "letter": "U krijgt inzage."})):
        services.case_step(case=case, event_type=event_type, on=today, actor=staff["handler"],
                           data=data)
    # 6. a private link, 7. the web submission's record, 8. a sign-in counter on his address
    tracking_link_create(case)
    Submission.objects.create(organization=dnv, key="k" * 32, case=case, client="c" * 64)
    attempt_reserve(scope="sign-in-account", key=attempt_key(EMAIL), limit=5,
                    window=timedelta(minutes=15))
    # 9. a party to someone else's complaint
    other = services.case_register(
        organization=dnv, procedure_id="dnv/inspection", channel="letter", received_on=today,
        title="Inzage theorie-examen",
        complainant=services.PartyDetails("Anna Jansen", email="anna@example.org"),
        actor=staff["intake"], details={"result_on": today})
    interested = services.party_add(case=other, role="interested", details=details,
                                    actor=staff["handler"])
    # 10. his file read and his document downloaded by staff (the read log)
    access_record(case=case, person=staff["auditor"])
    access_record(case=case, person=staff["auditor"], document=upload)
    case.refresh_from_db()
    return {"case": case, "other_case": other, "party": case.parties.get(),
            "interested": interested, "upload": upload}
