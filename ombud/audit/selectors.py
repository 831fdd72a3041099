"""Reads for the audit pages: who may see a case's proof, and the seal that covers a case."""

from __future__ import annotations

from ombud.audit.proof import sealed_head
from ombud.audit.seal import latest_seal
from ombud.orgs.models import Role

# Who may download a case's proof: those who check the file, not those who work it. The one
# place this is decided (the case page asks it too).
PROOF_ROLES = frozenset({Role.AUDITOR, Role.PRIVACY_OFFICER, Role.MANAGER})


def may_download_proof(roles) -> bool:
    return bool(set(roles) & PROOF_ROLES)


def seal_context(case, roles, event_count: int) -> dict:
    """What the case page shows of the seal, for those who may download the proof."""
    if not may_download_proof(roles):
        return {"may_download_proof": False}
    seal = latest_seal(case.organization_id)
    found = sealed_head(seal, case.reference)
    return {"may_download_proof": True, "seal": seal if found else None,
            "sealed_entries": found[1] if found else 0,
            "unsealed_entries": event_count - found[1] if found else event_count}
