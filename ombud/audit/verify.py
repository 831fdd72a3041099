"""``ombud audit verify``: recompute every case's chain from the database, compare it with the
case row and with the organization's latest seal, and name every case that does not hold.

One pass, no query per case: the cases stream ordered by id and their events ordered by
(case, seq), merged as they come (server-side cursors on PostgreSQL), inside one read-only
snapshot so that work going on meanwhile cannot look like tampering.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction

from ombud.audit import keys, merkle
from ombud.audit.models import Seal
from ombud.audit.seal import latest_seal, meetings_digest
from ombud.cases import history
from ombud.cases.history import ROW_STATES_NEEDING_EVENT
from ombud.cases.models import Case, CaseEvent, Document, Party
from ombud.orgs.models import Organization

CHUNK = 5000
EVENT_FIELDS = ("case_id", "seq", "type", "on", "data", "actor_user_id", "actor_username",
                "actor_name", "recorded_at", "recorded_on", "backdate_reason", "prev_hash", "hash",
                "salts", "erased_fields", "erased_seq")
CASE_FIELDS = ("id", "reference", "organization_id", "event_count", "last_hash", "state",
               "title", "complainant_name", "procedure_id", "procedure_version", "received_on")


@dataclass(frozen=True)
class Problem:
    subject: str  # a case reference, or an organization's slug for a problem of its seal
    kind: str  # altered, truncated, re-hashed, missing, seal
    detail: str

    def __str__(self) -> str:
        return f"{self.subject}  {self.kind}: {self.detail}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    cases: int = 0
    events: int = 0
    seals: list[Seal] = field(default_factory=list)


@dataclass
class _SealView:
    seal: Seal
    heads: dict[str, tuple[int, str]]

    @property
    def when(self) -> str:
        return self.seal.sealed_at.strftime("%Y-%m-%d %H:%M")


def verify(organization: str | None = None) -> Report:
    """Check every case (of the organization with that slug, if given)."""
    report = Report()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _one_snapshot()
        organizations = Organization.objects.order_by("slug")
        if organization:
            organizations = organizations.filter(slug=organization)
        seals = {org.pk: _seal_view(org, report) for org in organizations}
        cases = Case.objects.filter(organization_id__in=seals).order_by("id")
        events = CaseEvent.objects.filter(case__organization_id__in=seals).order_by(
            "case_id", "seq")
        parties = Party.objects.filter(case__organization_id__in=seals).order_by(
            "case_id", "id").values_list("case_id", "id", "role", "name", "email", "phone",
                                         "address")
        documents = Document.objects.filter(case__organization_id__in=seals).order_by(
            "case_id", "id").values_list("case_id", "id", "sha256")
        _merge(cases.values_list(*CASE_FIELDS).iterator(chunk_size=CHUNK),
               *(_Stream(rows.iterator(chunk_size=CHUNK)) for rows in (
                   events.values_list(*EVENT_FIELDS), parties, documents)), seals, report)
        for slug_seal in seals.values():
            for reference in sorted(slug_seal.heads if slug_seal else ()):
                report.problems.append(Problem(reference, "missing", (
                    f"in the seal of {slug_seal.when}, but the case is gone")))
    return report


def _one_snapshot() -> None:
    """Every query of the check sees the database at one moment (PostgreSQL's default would
    give each query its own). Only as the first statement of a transaction of our own."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _seal_view(organization: Organization, report: Report) -> _SealView | None:
    seal = latest_seal(organization.pk)
    if seal is None:
        return None
    report.seals.append(seal)
    when = seal.sealed_at.strftime("%Y-%m-%d %H:%M")
    for problem in _seal_problems(organization, seal):
        report.problems.append(Problem(organization.slug, "seal", problem.format(when=when)))
    lines = list(seal.head_lines())
    # The list must be the one that was signed: its root is recomputed, not taken as stored.
    if merkle.root([merkle.leaf_hash(*line) for line in lines]) != seal.root:
        report.problems.append(Problem(organization.slug, "seal", (
            f"the case list of the seal of {when} is not the one that was signed")))
    return _SealView(seal, {reference: (count, head) for reference, count, head in lines})


def _seal_problems(organization: Organization, seal: Seal) -> list[str]:
    """What is wrong with the seal row itself. The signed payload, not the row's columns, says
    whose seal it is and when it was made: a forger who copies another organization's seal, or
    re-dates an older seal of fewer cases to pass for the latest, is named here (attack2)."""
    try:
        payload = json.loads(seal.payload)
        fingerprint = keys.fingerprint(bytes.fromhex(seal.public_key))
    except ValueError:
        payload, fingerprint = {}, ""
    if not isinstance(payload, dict):
        payload = {}
    if not keys.signature_valid(seal.public_key, seal.signature, seal.payload.encode("utf-8")) \
            or fingerprint != seal.key_fingerprint \
            or (payload.get("root"), payload.get("cases")) != (seal.root, seal.case_count):
        return ["the seal of {when} does not match its signature"]
    problems = []
    if payload.get("organization") != organization.slug \
            or _signed_moment(payload) != seal.sealed_at:
        problems.append("the seal of {when} was signed for another organization or moment")
    sealed_meetings = payload.get("meetings")
    if sealed_meetings is not None \
            and sealed_meetings != meetings_digest(organization.pk, seal.sealed_at):
        problems.append("the management meetings held before the seal of {when} were changed "
                        "or removed since")
    expected = _configured_fingerprint()
    if expected and seal.key_fingerprint != expected:
        problems.append(f"the seal of {{when}} was signed with key {seal.key_fingerprint[:16]}, "
                        f"not the configured key {expected[:16]}")
    return problems


def _signed_moment(payload: dict) -> datetime | None:
    try:
        return datetime.fromisoformat(payload.get("sealed_at"))
    except (TypeError, ValueError):
        return None


def _configured_fingerprint() -> str:
    if not settings.OMBUD_SEAL_KEY:
        return ""
    try:
        return keys.fingerprint(keys.public_bytes(keys.load_private_key()))
    except keys.SealKeyError:
        return ""


class _Stream:
    """Rows ordered by case id, taken a case at a time."""

    def __init__(self, rows: Iterator[tuple]) -> None:
        self.rows, self.next = rows, next(rows, None)

    def take(self, case_id: int) -> list[tuple]:
        taken = []
        while self.next is not None and self.next[0] <= case_id:
            if self.next[0] == case_id:
                taken.append(self.next)
            self.next = next(self.rows, None)
        return taken


def _merge(cases: Iterator[tuple], events: _Stream, parties: _Stream, documents: _Stream,
           seals: dict[int, _SealView | None], report: Report) -> None:
    for case in cases:
        chain = events.take(case[0])
        report.cases += 1
        report.events += len(chain)
        problem = check_case(case, chain, seals.get(case[2])) or _check_file(
            case[1], chain, parties.take(case[0]), documents.take(case[0]))
        if problem is not None:
            report.problems.append(problem)


def _check_file(reference: str, chain: list[tuple], parties: list[tuple],
                documents: list[tuple]) -> Problem | None:
    """The parties and documents the file shows are those its (intact) chain records."""
    stated_parties, stated_documents = {}, {}
    for event in chain:
        data = event[4]
        if event[2] == "received" and isinstance(data.get("complainant"), dict):
            data = data["complainant"]
        elif event[2] == "anonymized":  # ombud.retention: every party's details replaced
            for party in data.get("parties", []):
                stated_parties[party.get("party_id")] = tuple(party.get(name)
                                                              for name in PARTY_FACTS)
            continue
        elif event[2] == "document_added" and "document_id" in data:
            stated_documents[data["document_id"]] = data.get("sha256")
            continue
        elif event[2] not in ("party_added", "party_changed"):  # a later address (DNV-B-10)
            continue
        if "party_id" in data:
            # Facts erased (GDPR art. 17) leave the party out of the file: its row is gone.
            stated_parties[data["party_id"]] = tuple(data.get(name) for name in PARTY_FACTS) \
                if all(name in data for name in PARTY_FACTS) else None
    stated_parties = {key: facts for key, facts in stated_parties.items() if facts is not None}
    for _case, party_id, *details in parties:
        if stated_parties.pop(party_id, None) != tuple(details):
            return Problem(reference, "altered", f"party {party_id} differs from the chain")
    if stated_parties:
        return Problem(reference, "truncated", f"party {min(stated_parties)} is in the chain "
                                               "but gone from the file")
    for _case, document_id, sha256 in documents:
        if stated_documents.pop(document_id, None) != sha256:
            return Problem(reference, "altered", f"document {document_id} differs from the "
                                                 "chain")
    if stated_documents:
        return Problem(reference, "truncated", f"document {min(stated_documents)} is in the "
                                               "chain but gone from the file")
    return None


PARTY_FACTS = ("role", "name", "email", "phone", "address")


def check_case(case: tuple, chain: list[tuple], seal: _SealView | None) -> Problem | None:
    """The first thing wrong with one case: its chain, then its row, then its seal."""
    (_id, reference, _org, event_count, last_hash, state, title, complainant, procedure,
     version, received_on) = case
    sealed = seal.heads.pop(reference, None) if seal else None
    broken, hashes, facts = _recompute(reference, chain)
    if broken is not None:
        return Problem(reference, "altered", f"entry {broken} does not match the chain")
    if event_count != len(hashes) or last_hash != (hashes[-1] if hashes else ""):
        return Problem(reference, "truncated", (
            f"the case row counts {event_count} entries, the chain holds {len(hashes)}"))
    if state in ROW_STATES_NEEDING_EVENT and state not in facts["types"]:
        return Problem(reference, "truncated", (
            f"the case row says {state}, the chain holds no such step"))
    if facts.get("title", title) != title or facts.get("complainant", complainant) \
            != complainant:
        return Problem(reference, "altered", "the case row's subject or complainant differs "
                                             "from the chain")
    if (facts.get("received_on", received_on), facts.get("procedure", procedure),
            facts.get("procedure_version", version)) != (received_on, procedure, version):
        return Problem(reference, "altered", "the case row's procedure or day received "
                                             "differs from the chain")
    if sealed is not None:
        count, head = sealed
        if len(hashes) < count:
            return Problem(reference, "truncated", (
                f"the seal of {seal.when} counts {count} entries, the chain holds {len(hashes)}"))
        if hashes[count - 1] != head if count else head != "":
            return Problem(reference, "re-hashed", (
                f"entry {count} differs from the seal of {seal.when}: the chain was recomputed"))
    return None


def _recompute(reference: str, chain: list[tuple]) -> tuple[int | None, list[str], dict]:
    """(first broken seq or None, the hashes, the facts the chain states)."""
    prev, hashes = "", []
    facts: dict = {"types": set()}
    encode, sha256, hashed_fields = history.ENCODER.encode, hashlib.sha256, history.hashed_fields
    for expected, (_c, seq, type_, on, data, uid, uname, aname, at, recorded_on, reason,
                   prev_hash, digest, salts, erased, erased_seq) in enumerate(chain, start=1):
        if not isinstance(data, dict):  # Ombud writes none such: a hand on the database
            return seq, hashes, facts
        # history.stored_content, inlined: this loop runs once per entry of the whole database.
        # The audit tests fail on every case if the two ever disagree.
        actor = {"id": uid, "username": uname, "name": aname}
        if salts is None:
            version, fields = history.V2, (data, actor)
        elif isinstance(salts, dict) and isinstance(erased, (dict, type(None))):
            version, fields = history.FORMAT, hashed_fields(data, actor, salts, erased)
        else:
            return seq, hashes, facts
        if fields is None:
            return seq, hashes, facts
        content = {"v": version, "case": reference, "seq": seq, "prev": prev_hash, "type": type_,
                   "on": on.isoformat(), "data": fields[0], "actor": fields[1],
                   "at": at.isoformat()}
        if recorded_on is not None:
            content.update(history.backdating(recorded_on, reason))
        # An erased entry of version 2 holds by its place in the chain alone (docs/audit.md).
        old_erased = salts is None and erased_seq is not None
        computed = digest if old_erased else sha256(encode(content).encode("utf-8")).hexdigest()
        if seq != expected or prev_hash != prev or digest != computed:
            return seq, hashes, facts
        hashes.append(digest)
        prev = digest
        _collect_facts(facts, type_, on, data)
    return None, hashes, facts


def _collect_facts(facts: dict, event_type: str, on, data: dict) -> None:
    facts["types"].add(event_type)
    if event_type == "received":
        facts["received_on"] = on
        for name in ("procedure", "procedure_version"):  # in chains since attack2's fix
            if name in data:
                facts[name] = data[name]
        if "title" in data:
            facts["title"] = data["title"]
        if isinstance(data.get("complainant"), dict):
            facts["complainant"] = data["complainant"].get("name")
            facts["complainant_party"] = data["complainant"].get("party_id")
    elif event_type == "title_changed" and "title" in data:  # erased: the row's says "—"
        facts["title"] = data["title"]
    elif event_type == "party_changed" and "name" in data \
            and data.get("party_id") == facts.get("complainant_party"):
        facts["complainant"] = data["name"]  # rectified (GDPR art. 16)
    elif event_type == "anonymized":  # ombud.retention: the row's subject and complainant
        facts["title"], facts["complainant"] = data.get("title"), data.get("complainant")
