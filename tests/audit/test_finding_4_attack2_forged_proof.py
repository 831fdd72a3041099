"""Finding 4, attacked offline (attack2): a proof rewritten by anyone and signed with a key of
their own, or with a key ground to match a few hex digits, must not pass docs/verify_proof.py."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from test_proof import _as, check_offline

from ombud.audit import keys
from ombud.audit.seal import seal_all


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def forge(proof: dict, key: Ed25519PrivateKey) -> bytes:
    """Soften the answer, re-chain every entry, and seal the new head alone with ``key``."""
    prev = ""
    for event in proof["events"]:
        content = json.loads(event["content"])
        if content["type"] == "answered":
            content["data"]["outcome"] = "not_upheld"
        content["prev"] = prev
        event["content"] = _canonical(content)
        event["hash"] = prev = hashlib.sha256(event["content"].encode()).hexdigest()
    leaf = {"case": proof["case"], "events": len(proof["events"]), "head": prev}
    root = hashlib.sha256(b"\x00" + _canonical(leaf).encode()).hexdigest()
    payload = _canonical({"format": "ombud-seal/1", "organization": proof["organization"],
                          "sealed_at": "2026-12-01T00:00:00+00:00", "cases": 1, "root": root,
                          "previous": ""})
    public = keys.public_bytes(key)
    proof["seal"] = {"payload": payload, "signature": key.sign(payload.encode()).hex(),
                     "public_key": public.hex(), "fingerprint": keys.fingerprint(public),
                     "leaf": leaf, "path": []}
    return json.dumps(proof).encode()


@pytest.fixture
def real_proof(answered, seal_key, people, client):
    case = answered()
    seal_all()
    return json.loads(_as(client, people["dnv"]["auditor"]).get(
        f"/dnv/cases/{case.reference}/proof/").content)


def test_finding_4_a_proof_signed_with_the_forgers_own_key_is_not_proven(real_proof, tmp_path):
    result = check_offline(forge(real_proof, Ed25519PrivateKey.generate()), tmp_path)
    assert result.returncode != 0, result.stdout
    assert not result.stdout.startswith("OK")


def test_finding_4_a_fingerprint_of_a_few_digits_is_refused(real_proof, tmp_path):
    key = Ed25519PrivateKey.generate()
    while not keys.fingerprint(keys.public_bytes(key)).startswith("a"):
        key = Ed25519PrivateKey.generate()  # about 16 tries: a prefix proves nothing
    result = check_offline(forge(real_proof, key), tmp_path, "--fingerprint", "a")
    assert result.returncode != 0, result.stdout


@pytest.mark.parametrize("heads", ["garbage-without-spaces", "DNV-2026-0001 many abc"])
def test_finding_4_a_garbled_seal_list_gives_no_500_on_the_auditors_pages(
        answered, seal_key, people, client, heads):
    from ombud.audit.models import Seal

    case = answered()
    seal_all()
    Seal.objects.filter(organization__slug="dnv").update(heads=heads)
    auditor = _as(client, people["dnv"]["auditor"])
    assert auditor.get(f"/dnv/cases/{case.reference}/").status_code == 200
    assert auditor.get(f"/dnv/cases/{case.reference}/proof/").status_code == 200


def test_finding_4_a_deeply_nested_proof_is_refused_not_a_traceback(tmp_path):
    result = check_offline(b"[" * 100000 + b"]" * 100000, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    content = json.dumps({"case": "X", "organization": "x", "seal": None, "events": [
        {"seq": 1, "hash": hashlib.sha256(b"[" * 100000).hexdigest(),
         "content": "[" * 100000}]})
    result = check_offline(content.encode(), tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
