"""Erasure (GDPR art. 17; DNV-I-01) of one person in ten places: refused with the rule and the
day while retention keeps the case, then done; nothing of him is left in any table or file but
the reports' counts, and ``ombud audit verify`` still finds every chain and seal intact."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone, translation
from erasure_days import months_kept, past_retention
from privacy_world import ADDRESS, EMAIL, NAME, PHONE, TRACES

from ombud.audit import commands as audit_commands
from ombud.audit.proof import case_proof
from ombud.audit.seal import seal_all
from ombud.audit.verify import verify
from ombud.cases.models import CaseEvent, Party
from ombud.cases.services import Refused
from ombud.mail.models import OutboxMessage
from ombud.privacy import selectors, services
from ombud.reports.models import CaseFigures
from tests.pdf_text import pdf_bytes_text
from tests.stored import everything_stored, files_text

pytestmark = pytest.mark.django_db






def _counts(dnv):
    return sorted(CaseFigures.objects.filter(organization=dnv).values_list(
        "procedure_id", "channel", "at_end", "outcome"))


def test_dnv_i_01_one_person_in_ten_places_is_found_everywhere(pieterjan, dnv):
    parties = selectors.person_parties(dnv, pieterjan["party"].pk)
    places = selectors.places_of(dnv, parties)
    assert {party.case.reference for party in places.parties} == {
        pieterjan["case"].reference, pieterjan["other_case"].reference}
    assert places.own_cases == [pieterjan["case"]]
    assert {document.kind for document in places.documents} == {"letter", "attachment"}
    assert places.outbox and all(m.case_id == pieterjan["case"].pk or m.to == EMAIL
                                 for m in places.outbox)
    assert len(places.contacts) == 1 and len(places.tracking_links) == 1
    assert places.signin_records == 2  # the web submission and the sign-in counter
    assert len(places.reads) == 2
    # and none of another person's
    assert "Anna Jansen" not in {party.name for party in places.parties}
    assert not any(m.to == "anna@example.org" for m in places.outbox)


def test_dnv_i_01_erasure_is_refused_with_the_rule_and_the_day_while_the_case_is_kept(
        pieterjan, dnv, people):
    privacy = people["dnv"]["privacy"]
    parties = selectors.person_parties(dnv, pieterjan["party"].pk)
    before = everything_stored()
    with pytest.raises(Refused) as refused, translation.override("en"):
        services.erase_person(organization=dnv, parties=parties, ground="request",
                              actor=privacy)
    day = past_retention()
    assert refused.value.rule == "GDPR art. 17(3)"
    assert f"{months_kept()} months" in refused.value.reason
    assert "as its procedure file says" in refused.value.reason
    assert str(day.year) in refused.value.reason
    # the other case is still open: said so, with how long a closed case is kept
    assert "still being handled" in refused.value.reason
    assert everything_stored().count("zwanenburg") == before.count("zwanenburg")


def test_dnv_i_01_only_the_privacy_officer_erases(pieterjan, dnv, people):
    from ombud.cases.permissions import NotPermitted

    parties = selectors.person_parties(dnv, pieterjan["party"].pk)
    for role in ("handler", "manager", "auditor", "admin"):
        with pytest.raises(NotPermitted):
            services.erase_person(organization=dnv, parties=parties, ground="request",
                                  actor=people["dnv"][role])


def _close_other_case(pieterjan, people):
    from ombud.cases import services as case_services

    today = timezone.localdate()
    for event_type, data in (("acknowledged", {}), ("answered", {
            "outcome": "upheld", "reasons": "Inzage gegeven.", "letter": "U krijgt inzage."})):
        case_services.case_step(case=pieterjan["other_case"], event_type=event_type, on=today,
                                actor=people["dnv"]["handler"], data=data)


def test_dnv_i_01_erased_everywhere_but_the_counts_and_the_history_still_verifies(
        pieterjan, dnv, people, seal_key):
    _close_other_case(pieterjan, people)
    assert seal_all()  # the histories sealed before the erasure
    counts = _counts(dnv)
    stored = everything_stored()
    assert all(trace in stored for trace in TRACES[:4]), "the world holds him to begin with"
    upload_path = Path(pieterjan["upload"].file.path)
    assert upload_path.exists()

    parties = selectors.person_parties(dnv, pieterjan["party"].pk)
    later = past_retention()
    erasures = services.erase_person(organization=dnv, parties=parties, ground="request",
                                     actor=people["dnv"]["privacy"], today=later)

    assert len(erasures) == 2
    stored = everything_stored()
    left = [trace for trace in TRACES if trace in stored]
    assert left == [], f"still stored: {left}"
    assert NAME.casefold() not in files_text() and not upload_path.exists()
    assert "anna jansen" in stored  # the other complainant keeps her case
    assert _counts(dnv) == counts  # the reports count as before
    report = verify()
    assert report.problems == [] and report.cases == 2
    out = io.StringIO()
    assert audit_commands.verify(out=out) == 0, out.getvalue()
    # the file says who erased what, when and why
    erased = CaseEvent.objects.filter(case=pieterjan["case"], erased_seq__isnull=False)
    assert erased.count() >= 5
    assert not Party.objects.filter(case=pieterjan["case"]).exists()
    assert not OutboxMessage.objects.filter(to__iexact=EMAIL).exists()
    # a message still waiting is never sent to no one: the worker passes it by
    assert not OutboxMessage.objects.filter(case=pieterjan["case"], state="pending").exists()
    assert OutboxMessage.objects.filter(case=pieterjan["case"], state="erased").exists()


def test_dnv_i_01_the_case_file_and_the_proof_say_erased_on_by_ground(
        pieterjan, dnv, people, seal_key, client, tmp_path):
    from tests.cast import sign_in

    seal_all()
    parties = [pieterjan["party"]]
    later = past_retention()
    services.erase_person(organization=dnv, parties=parties, ground="request",
                          actor=people["dnv"]["privacy"], today=later)
    case = pieterjan["case"]
    auditor = sign_in(client, people["dnv"]["auditor"])
    page = auditor.get(f"/dnv/cases/{case.reference}/").content.decode()
    assert "Content erased on" in page and "GDPR art. 17(1)(a)" in page
    assert people["dnv"]["privacy"].get_full_name() in page
    pdf = auditor.get(f"/dnv/cases/{case.reference}/case-file/")
    assert pdf.status_code == 200
    text = pdf_bytes_text(pdf.content)
    assert "Content erased on" in text and "zwanenburg" not in text.casefold()
    assert "The history is intact" in text
    # the proof still checks offline, erased fields named, their values gone
    seal_all()  # the erasure's own entry sealed too
    proof = case_proof(case)
    assert {"complainant", "title"} <= set(proof["events"][0]["erased"])
    proof_path = tmp_path / "proof.json"
    proof_path.write_text(json.dumps(proof))
    result = subprocess.run([sys.executable, "docs/verify_proof.py", str(proof_path),
                             "--fingerprint", proof["seal"]["fingerprint"]],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "zwanenburg" not in proof_path.read_text().casefold()


def test_dnv_i_01_an_erased_field_put_back_or_changed_shows_as_altered(
        pieterjan, dnv, people, seal_key):
    later = past_retention()
    services.erase_person(organization=dnv, parties=[pieterjan["party"]], ground="request",
                          actor=people["dnv"]["privacy"], today=later)
    seal_all()
    event = CaseEvent.objects.get(case=pieterjan["case"], seq=1)
    event.data = {**event.data, "title": "Iets anders"}  # a hand putting content back
    event.save(update_fields=["data"])
    assert [p.kind for p in verify().problems] == ["altered"]
    event.data.pop("title")
    digest = next(iter(event.erased_fields))
    event.erased_fields = {**event.erased_fields, digest: "0" * 64}
    event.save(update_fields=["data", "erased_fields"])
    assert [p.kind for p in verify().problems] == ["altered"]


def test_rectification_is_recorded_in_the_history_and_verifies(pieterjan, people, seal_key):
    party = pieterjan["party"]
    services.party_rectify(party=party, name="Pieter-Jan Zwanenburg", email=EMAIL,
                           phone=PHONE, address="Kerkstraat 3, Barendrecht",
                           actor=people["dnv"]["privacy"])
    case = pieterjan["case"]
    case.refresh_from_db()
    last = case.events.order_by("-seq").first()
    assert last.type == "party_changed" and last.data["rectified"] is True
    assert last.data["address"] == "Kerkstraat 3, Barendrecht"
    assert case.complainant_name == "Pieter-Jan Zwanenburg"
    assert verify().problems == []
    assert ADDRESS not in {p.address for p in Party.objects.filter(case=case)}


def test_the_worker_erases_as_the_system_when_retention_has_run_out(pieterjan, dnv, seal_key):
    """The retention job calls ``erase_case`` with no person: the entry names the system."""
    later = past_retention()
    erasure = services.erase_case(case=pieterjan["case"], ground="retention", actor=None,
                                  today=later)
    assert (erasure.actor_user_id, erasure.data["erasure_ground"]) == (None, "retention")
    assert verify().problems == []
    with pytest.raises(Refused):  # the other case is still open
        services.erase_case(case=pieterjan["other_case"], ground="retention", actor=None,
                            today=later)
