"""The auditor's view of a case: the seal that covers it, and a proof to download that checks
offline with docs/verify_proof.py (Python and `cryptography`, no Ombud), and fails when one
byte of an entry is changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ombud.audit.models import Seal
from ombud.audit.seal import seal_all
from ombud.cases import services

CHECKER = Path(__file__).resolve().parents[2] / "docs" / "verify_proof.py"


def check_offline(proof: bytes, tmp_path, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "proof.json"
    path.write_bytes(proof)
    # -I: isolated, so that nothing of Ombud can be imported by the checker
    return subprocess.run([sys.executable, "-I", str(CHECKER), str(path), *extra],
                          capture_output=True, text=True, cwd=tmp_path)


@pytest.fixture
def sealed(answered, seal_key):
    case = answered()
    seal_all()
    return case


def _as(client, person, language="en"):
    client.force_login(person)
    client.cookies["django_language"] = language
    return client


def test_the_auditor_sees_the_seal_and_downloads_a_proof_that_checks_offline(
        sealed, people, client, tmp_path):
    seal = Seal.objects.get(organization__slug="dnv")
    auditor = _as(client, people["dnv"]["auditor"])
    page = auditor.get(f"/dnv/cases/{sealed.reference}/").content.decode()
    assert f"signed with the key <code>{seal.short_fingerprint}</code>" in page
    assert f'href="/dnv/cases/{sealed.reference}/proof/"' in page

    response = auditor.get(f"/dnv/cases/{sealed.reference}/proof/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    result = check_offline(response.content, tmp_path, "--fingerprint", seal.key_fingerprint)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK {sealed.reference}: {sealed.event_count} entries")


def test_one_byte_changed_in_an_entry_makes_the_proof_fail(sealed, people, client, tmp_path):
    proof = _as(client, people["dnv"]["auditor"]).get(
        f"/dnv/cases/{sealed.reference}/proof/").content
    # "upheld" -> "uphelD": one byte of the answer's field (hashed through its salted digest)
    tampered = proof.replace(b'"value": "upheld"', b'"value": "uphelD"', 1)
    assert tampered != proof and len(tampered) == len(proof)
    result = check_offline(tampered, tmp_path)
    assert result.returncode == 1
    assert "field outcome does not give its digest" in result.stdout
    # ... and one byte of the hashed content itself (a digest)
    start = proof.index(b'\\"data\\":{') + 12
    digit = proof[start + 20:start + 21]
    tampered = proof[:start + 20] + (b"0" if digit != b"0" else b"1") + proof[start + 21:]
    result = check_offline(tampered, tmp_path)
    assert result.returncode == 1
    assert "does not give its hash" in result.stdout


def test_a_proof_with_another_key_or_a_later_rewrite_fails(sealed, people, client, tmp_path):
    proof = _as(client, people["dnv"]["auditor"]).get(
        f"/dnv/cases/{sealed.reference}/proof/").content
    result = check_offline(proof, tmp_path, "--fingerprint", "00" * 32)
    assert result.returncode == 1 and "not the one expected" in result.stdout


def test_entries_after_the_seal_are_chained_and_announced_as_awaiting_the_next_seal(
        sealed, people, client, tmp_path):
    services.case_note(case=sealed, text="Nagekomen", actor=people["dnv"]["handler"])
    auditor = _as(client, people["dnv"]["auditor"])
    page = auditor.get(f"/dnv/cases/{sealed.reference}/").content.decode()
    assert "1 later entry awaits the next seal." in page
    result = check_offline(auditor.get(f"/dnv/cases/{sealed.reference}/proof/").content,
                           tmp_path, "--fingerprint", Seal.objects.get(
                               organization__slug="dnv").key_fingerprint)
    assert result.returncode == 0
    assert f"the first {sealed.event_count} sealed" in result.stdout


def test_an_unsealed_case_offers_a_proof_that_says_so(answered, people, client, tmp_path):
    case = answered()
    auditor = _as(client, people["dnv"]["auditor"], "nb")
    page = auditor.get(f"/dnv/cases/{case.reference}/").content.decode()
    assert "Ingen forsegling dekker denne saken ennå" in page
    result = check_offline(auditor.get(f"/dnv/cases/{case.reference}/proof/").content, tmp_path)
    assert result.returncode == 1 and "no seal covers this case yet" in result.stdout


@pytest.mark.parametrize("role", ["handler", "intake", "admin"])
def test_only_those_who_check_the_file_get_the_proof(sealed, people, client, role):
    person = _as(client, people["dnv"][role])
    assert "/proof/" not in person.get(f"/dnv/cases/{sealed.reference}/").content.decode()
    assert person.get(f"/dnv/cases/{sealed.reference}/proof/").status_code == 403


@pytest.mark.parametrize("role", ["auditor", "privacy", "manager"])
def test_auditor_privacy_officer_and_manager_get_the_proof(sealed, people, client, role):
    response = _as(client, people["dnv"][role]).get(f"/dnv/cases/{sealed.reference}/proof/")
    assert response.status_code == 200


def test_another_organizations_auditor_gets_nothing(sealed, people, client):
    response = _as(client, people["pp"]["auditor"]).get(f"/dnv/cases/{sealed.reference}/proof/")
    assert response.status_code == 404
