"""The hash chain of a case's history: each event's hash covers its content and the hash before
it, so that changing, removing or reordering a past event shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any


def event_hash(prev_hash: str, *, seq: int, type: str, on: str, data: dict[str, Any],
               actor_id: int | None, recorded_at: str, recorded_on: str | None = None,
               backdate_reason: str = "") -> str:
    hashed = {"prev": prev_hash, "seq": seq, "type": type, "on": on, "data": data,
              "actor": actor_id, "at": recorded_at}
    if recorded_on is not None:  # absent from entries written before it was kept
        hashed.update(recorded_on=recorded_on, backdate_reason=backdate_reason)
    content = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def first_broken_link(events: Iterable) -> int | None:
    """The seq of the first event whose hash does not match, or None when the chain holds."""
    prev = ""
    for expected_seq, event in enumerate(events, start=1):
        computed = event_hash(prev, seq=event.seq, type=event.type, on=event.on.isoformat(),
                              data=event.data, actor_id=event.actor_id,
                              recorded_at=event.recorded_at.isoformat(),
                              recorded_on=event.recorded_on and event.recorded_on.isoformat(),
                              backdate_reason=event.backdate_reason)
        if event.seq != expected_seq or event.prev_hash != prev or event.hash != computed:
            return event.seq
        prev = event.hash
    return None
