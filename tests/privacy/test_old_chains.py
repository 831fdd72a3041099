"""Histories written before hashing version 3 (salts per field) keep verifying as they were,
and erasing from them keeps ``ombud audit verify`` clean: an erased entry of version 2 holds
by its place in the chain (named by the next entry and by the seal)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from erasure_days import past_retention

from ombud.audit.proof import case_proof
from ombud.audit.seal import seal_all
from ombud.audit.verify import verify
from ombud.cases import history
from ombud.cases.models import Case, CaseEvent
from ombud.privacy import services

pytestmark = pytest.mark.django_db


def _as_version_2(case: Case) -> None:
    """Rewrite the case's chain as the code before version 3 wrote it (no salts)."""
    prev = ""
    for event in CaseEvent.objects.filter(case=case).order_by("seq"):
        content = history.event_content(
            case=case.reference, seq=event.seq, prev=prev, type=event.type, on=event.on,
            data=event.data, actor=history.stored_snapshot(event),
            recorded_at=event.recorded_at,
            **history.backdating(event.recorded_on, event.backdate_reason))
        content["v"] = history.V2
        event.prev_hash, event.hash, event.salts = prev, history.digest(content), None
        event.save(update_fields=["prev_hash", "hash", "salts"])
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(last_hash=prev)


def test_a_version_2_history_verifies_and_a_changed_byte_still_shows(pieterjan, seal_key):
    case = pieterjan["case"]
    _as_version_2(case)
    seal_all()
    assert verify().problems == []
    event = CaseEvent.objects.get(case=case, seq=1)
    event.data = {**event.data, "title": event.data["title"] + "!"}
    event.save(update_fields=["data"])
    assert [(p.subject, p.kind) for p in verify().problems] == [(case.reference, "altered")]


def test_erasing_from_a_version_2_history_keeps_verify_and_the_offline_proof_clean(
        pieterjan, people, dnv, seal_key, tmp_path):
    case = pieterjan["case"]
    _as_version_2(case)
    seal_all()
    later = past_retention()
    services.erase_person(organization=dnv, parties=[pieterjan["party"]], ground="retention",
                          actor=people["dnv"]["privacy"], today=later)
    assert verify().problems == []
    first = CaseEvent.objects.get(case=case, seq=1)
    assert first.erased_seq is not None and "complainant" not in first.data
    seal_all()
    proof = case_proof(case)
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    result = subprocess.run([sys.executable, "docs/verify_proof.py", str(path),
                             "--fingerprint", proof["seal"]["fingerprint"]],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "zwanenburg" not in path.read_text().casefold()
