"""The proof of one case's history, for an auditor to check offline without Ombud
(``docs/verify_proof.py``): every entry as the exact bytes that were hashed, and the seal that
covers the case with its Merkle path, signature and public key."""

from __future__ import annotations

from typing import Any

from ombud.audit import merkle
from ombud.audit.models import Seal
from ombud.audit.seal import latest_seal
from ombud.cases.history import ACTOR_FIELD, canonical, content_of, stored_snapshot
from ombud.cases.models import Case

PROOF_FORMAT = "ombud-proof/1"


def sealed_head(seal: Seal | None, reference: str) -> tuple[int, int, str] | None:
    """(index among the seal's leaves, entries, head) of the case, or None when not sealed."""
    if seal is None:
        return None
    for index, (sealed_reference, count, head) in enumerate(seal.head_lines()):
        if sealed_reference == reference:
            return index, count, head
    return None


def _entry(event, reference: str) -> dict[str, Any]:
    """One entry as it was hashed. Version 3 hashes each field's salted digest: beside the
    content come the fields still held, with their salts, so that each digest is checked too;
    an erased field is named, its digest alone in the content."""
    if event.salts is None and event.erased_seq is not None:
        # Erased from a version-2 entry: no content gives its hash any more; the next entry
        # names it and the seal signs the chain (docs/audit.md).
        return {"seq": event.seq, "hash": event.hash, "content": "", "old_erased": True}
    content = content_of(event, reference)
    entry: dict[str, Any] = {
        "seq": event.seq, "hash": event.hash,
        "content": canonical(content).decode("utf-8") if content is not None else ""}
    if event.salts is not None:
        entry["fields"] = {key: {"salt": event.salts.get(key), "value": value}
                           for key, value in event.data.items()}
        entry["fields"][ACTOR_FIELD] = {"salt": event.salts.get(ACTOR_FIELD),
                                        "value": stored_snapshot(event)}
        for key in event.erased_fields or {}:
            entry["fields"].pop(key, None)
    entry["erased"] = sorted(event.erased_fields or {}) if event.erased_seq else []
    return entry


def case_proof(case: Case) -> dict[str, Any]:
    events = list(case.events.order_by("seq"))
    proof: dict[str, Any] = {
        "format": PROOF_FORMAT, "case": case.reference, "organization": case.organization.slug,
        "events": [_entry(event, case.reference) for event in events],
        "seal": None,
    }
    seal = latest_seal(case.organization_id)
    found = sealed_head(seal, case.reference)
    if found is not None:
        index, count, head = found
        leaves = [merkle.leaf_hash(*line) for line in seal.head_lines()]
        proof["seal"] = {
            "payload": seal.payload, "signature": seal.signature,
            "public_key": seal.public_key, "fingerprint": seal.key_fingerprint,
            "leaf": {"case": case.reference, "events": count, "head": head},
            "path": merkle.path(leaves, index)}
    return proof
