"""Sealing: sign, per organization, the heads of every case's chain (``ombud audit seal``, the
worker's nightly task, the end of demo seeding). A seal is what shows a chain recomputed
afterwards: whoever can write the database can re-hash a history consistently, but cannot sign
its new head without the key, which is kept outside the database."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ombud.audit import keys, merkle
from ombud.audit.models import Seal
from ombud.cases.models import Case, Meeting
from ombud.orgs.models import Organization

SEAL_FORMAT = "ombud-seal/1"


def latest_seal(organization_id: int, *, with_heads: bool = True) -> Seal | None:
    seals = Seal.objects.filter(organization_id=organization_id).order_by("-sealed_at", "-id")
    return (seals if with_heads else seals.defer("heads")).first()


def signature_digest(seal: Seal | None) -> str:
    return hashlib.sha256(bytes.fromhex(seal.signature)).hexdigest() if seal else ""


def current_heads(organization: Organization) -> list[tuple[str, int, str]]:
    """Every case's head as its row says, sorted by reference (in Python: the database's
    collation must not decide the order that is signed)."""
    return sorted(Case.objects.filter(organization=organization)
                  .values_list("reference", "event_count", "last_hash").iterator(chunk_size=10000))


def meetings_digest(organization_id: int, until: datetime) -> str:
    """The management meetings held up to ``until`` (their days and minutes): they move the
    deadlines of AV, GL and PP, so a meeting re-dated or removed afterwards must show. A meeting
    opened later by a decision on ``until``'s own day was not there to sign: the next seal
    signs it (only on its own day: one said to be opened later for a day gone by is signed)."""
    held = (Meeting.objects.filter(organization_id=organization_id,
                                   held_on__lte=timezone.localdate(until))
            .exclude(opened_at__gt=until, opened_at__date=F("held_on"))
            .order_by("held_on").values_list("held_on", "minutes"))
    text = "\n".join(f"{day.isoformat()} {hashlib.sha256(minutes.encode()).hexdigest()}"
                     for day, minutes in held)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_payload(*, organization: str, sealed_at: datetime, cases: int, root: str,
                 previous: str, meetings: str) -> str:
    return json.dumps({"format": SEAL_FORMAT, "organization": organization,
                       "sealed_at": sealed_at.isoformat(), "cases": cases, "root": root,
                       "previous": previous, "meetings": meetings},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signed_meetings(seal: Seal) -> str | None:
    """The meetings digest a seal signed (None for a seal made before meetings were sealed)."""
    try:
        payload = json.loads(seal.payload)
    except ValueError:
        return None
    return payload.get("meetings") if isinstance(payload, dict) else None


def seal_organization(organization: Organization, key: Ed25519PrivateKey,
                      now: datetime | None = None) -> Seal | None:
    """Seal the organization's chains as they stand; None when nothing changed since its last
    seal (a quiet organization does not gather a seal a night)."""
    with transaction.atomic():
        # One sealer of an organization at a time (the worker's nightly run, a second run booked
        # when a worker died, `ombud audit seal`): two at once both read the same latest seal
        # and both chain to it, forking the chain of seals. NO KEY: cases and events still
        # insert under the organization meanwhile.
        Organization.objects.select_for_update(no_key=True).filter(pk=organization.pk).first()
        heads = current_heads(organization)
        root = merkle.root([merkle.leaf_hash(*head) for head in heads])
        previous = latest_seal(organization.pk, with_heads=False)
        public_key = keys.public_bytes(key)
        sealed_at = now or timezone.now()
        meetings = meetings_digest(organization.pk, sealed_at)
        if previous is not None and previous.root == root \
                and previous.public_key == public_key.hex() \
                and signed_meetings(previous) == meetings:
            return None
        payload = seal_payload(organization=organization.slug, sealed_at=sealed_at,
                               cases=len(heads), root=root,
                               previous=signature_digest(previous), meetings=meetings)
        return Seal.objects.create(
            organization=organization, sealed_at=sealed_at, case_count=len(heads), root=root,
            heads="\n".join(f"{ref} {count} {head}" for ref, count, head in heads),
            previous=signature_digest(previous), payload=payload,
            signature=key.sign(payload.encode("utf-8")).hex(), public_key=public_key.hex(),
            key_fingerprint=keys.fingerprint(public_key))


def seal_all(*, organization: str | None = None, key_file: str | None = None) -> list[Seal]:
    """Seal every organization (or the one named by slug). Raises keys.SealKeyError when the
    key is missing or unusable."""
    key = keys.load_private_key(key_file)
    organizations = Organization.objects.order_by("slug")
    if organization:
        organizations = organizations.filter(slug=organization)
    return [seal for seal in (seal_organization(org, key) for org in organizations) if seal]
