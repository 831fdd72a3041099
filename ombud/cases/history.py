"""The hash chain of a case's history: each event's hash covers everything the file shows of it
(its case, place in the chain, type, dates, data, who acted as they were then, when it was
recorded) and the hash before it, so that changing, removing or reordering a past event shows.

The hashed content is a plain dict, serialized canonically (sorted keys, no spaces, UTF-8): it
can be extended with further keys, and an offline checker needs only ``json`` and ``hashlib``
(``docs/verify_proof.py``). The acting person is hashed as a snapshot (id, username, display
name as they were at the time), never through the user table: deleting or renaming a user later
leaves every chain intact, and a forged name shows as a broken link.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

FORMAT = 3  # version 1 hashed the actor's database id only, and proved little (issue 9)
# Version 2 hashed the data and the actor themselves; version 3 hashes a salted digest of each
# (``field_digest``), so that a field's content can be erased (GDPR art. 17) while the entry's
# hash, the chain and every seal stay valid. Rows of version 2 carry no salts and hash as before.
V2 = 2
ACTOR_FIELD = "@actor"  # the actor's salt and digest beside the data's keys (never an identifier)


# One encoder for every event: json.dumps with these options would build one per call.
ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(content: dict[str, Any]) -> bytes:
    """The exact bytes that are hashed."""
    return ENCODER.encode(content).encode("utf-8")


def actor_snapshot(actor) -> dict[str, Any]:
    """Who acted, as they are now: a staff user, a complainant on their private page (no id), or
    nobody (the system's own sweep)."""
    if actor is None:
        return {"id": None, "username": "", "name": ""}
    if getattr(actor, "pk", None) is None:  # e.g. the complainant: a name without an account
        return {"id": None, "username": "", "name": str(actor)[:200]}
    username = actor.get_username()
    return {"id": actor.pk, "username": username,
            "name": (actor.get_full_name() or username)[:200]}


def event_content(*, case: str, seq: int, prev: str, type: str, on: date | str,
                  data: dict[str, Any], actor: dict[str, Any], recorded_at: datetime | str,
                  **more: Any) -> dict[str, Any]:
    """What an event's hash covers. ``more``: further facts of an event (keys added later are
    hashed only when set, so chains written before them stay valid)."""
    content = {"v": FORMAT, "case": case, "seq": seq, "prev": prev, "type": type,
               "on": on if isinstance(on, str) else on.isoformat(), "data": data,
               "actor": actor,
               "at": recorded_at if isinstance(recorded_at, str) else recorded_at.isoformat()}
    content.update({key: value for key, value in more.items() if value not in (None, "")})
    return content


def salts_for(data: dict[str, Any]) -> dict[str, str]:
    """A fresh random salt per field and for the actor: a digest left after erasure cannot be
    matched against guessed names, and erasing one field leaves no key to the others."""
    return {key: secrets.token_hex(16) for key in (*data, ACTOR_FIELD)}


def field_digest(key: str, salt: str, value: Any) -> str:
    """What version 3 hashes in place of one field's content."""
    return hashlib.sha256(canonical({"k": key, "s": salt, "v": value})).hexdigest()


def hashed_fields(data: dict[str, Any], actor: dict[str, Any], salts: dict[str, str],
                  erased: dict[str, str] | None) -> tuple[dict[str, str], str] | None:
    """(data's digests, the actor's digest) of a version-3 entry: a field still held is digested
    from its salt and value, an erased one is taken from what the erasure kept. None when they
    disagree (a field both held and erased, one without its salt): the entry was altered."""
    if not (isinstance(data, dict) and isinstance(salts, dict)
            and isinstance(erased, (dict, type(None)))):
        return None
    erased = erased or {}
    digests = dict(erased)
    for key, value in data.items():
        salt = salts.get(key)
        if salt is None or key in erased:
            return None
        digests[key] = field_digest(key, salt, value)
    actor_digest = digests.pop(ACTOR_FIELD, None)
    if actor_digest is None:
        salt = salts.get(ACTOR_FIELD)
        if salt is None:
            return None
        actor_digest = field_digest(ACTOR_FIELD, salt, actor)
    return digests, actor_digest


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def stored_snapshot(event) -> dict[str, Any]:
    """The actor snapshot kept on an event row."""
    return {"id": event.actor_user_id, "username": event.actor_username,
            "name": event.actor_name}


def content_of(event, reference: str) -> dict[str, Any] | None:
    """The hashed content of a stored event (a ``CaseEvent``), None when its fields and salts
    disagree. ``ombud.audit.verify`` builds the same from streamed columns (``EVENT_FIELDS``):
    a column added here goes there too."""
    return stored_content(reference=reference, seq=event.seq, prev=event.prev_hash,
                          type=event.type, on=event.on, data=event.data,
                          actor=stored_snapshot(event), recorded_at=event.recorded_at,
                          recorded_on=event.recorded_on, reason=event.backdate_reason,
                          salts=event.salts, erased=event.erased_fields)


def stored_content(*, reference, seq, prev, type, on, data, actor, recorded_at, recorded_on,
                   reason, salts, erased) -> dict[str, Any] | None:
    more = backdating(recorded_on, reason)
    if salts is None:  # version 2
        content = event_content(case=reference, seq=seq, prev=prev, type=type, on=on, data=data,
                                actor=actor, recorded_at=recorded_at, **more)
        content["v"] = V2
        return content
    fields = hashed_fields(data, actor, salts, erased)
    if fields is None:
        return None
    return event_content(case=reference, seq=seq, prev=prev, type=type, on=on, data=fields[0],
                         actor=fields[1], recorded_at=recorded_at, **more)


def entry_holds(event, reference: str) -> bool:
    """The stored entry gives its hash. A version-2 entry whose content was erased cannot be
    recomputed: it holds by its place in the chain alone (its hash named by the next entry and
    by the seals), as ``docs/audit.md`` says."""
    if event.salts is None and event.erased_seq is not None:
        return True
    content = content_of(event, reference)
    return content is not None and event.hash == digest(content)


def backdating(recorded_on: date | None, reason: str) -> dict[str, Any]:
    """The day an event was recorded and why it is dated earlier (X-07). Absent from events
    written before the day was kept, which therefore hash as they did."""
    if recorded_on is None:
        return {}
    return {"recorded_on": recorded_on.isoformat(), **({"backdate_reason": reason} if reason
                                                       else {})}


def first_broken_link(events: Iterable, case=None) -> int | None:
    """The seq of the first event whose hash does not match, or None when the chain holds.
    ``case``: the events' case (else read from the first event)."""
    prev = ""
    reference = case.reference if case is not None else None
    for expected_seq, event in enumerate(events, start=1):
        if reference is None:
            reference = event.case.reference
        if (event.seq != expected_seq or event.prev_hash != prev
                or not entry_holds(event, reference)):
            return event.seq
        prev = event.hash
    return None


def row_disagreement(case, events: list) -> str | None:
    """Why the case row disagrees with its (intact) chain, or None: the row counts more entries
    or names another last hash than the chain holds (an entry was removed at the end), or says
    the case was decided while the chain holds no such step."""
    last = events[-1].hash if events else ""
    if case.event_count != len(events) or case.last_hash != last:
        return "count"
    if case.state in ROW_STATES_NEEDING_EVENT and not any(e.type == case.state for e in events):
        return "state"
    return None


# A case row in one of these states must hold the step of the same name in its chain.
ROW_STATES_NEEDING_EVENT = frozenset({"answered", "declined", "withdrawn", "appealed",
                                      "forwarded"})
