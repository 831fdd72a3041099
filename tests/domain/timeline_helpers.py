"""Shared by the table-driven engine tests: timelines through the public path, and lookups in
the simulator's output."""

import json
from datetime import date

from ombud.domain.simulate import simulate
from ombud.domain.timeline import parse_timeline

TODAY = date(2026, 11, 22)
ANSWER = {"outcome": "upheld"}
SKIP_HEARING = {"outcome": "upheld", "hearing_skipped": "manifestly_unfounded"}


def ev(on: str, kind: str, **fields) -> dict:
    """One timeline event."""
    return {"on": on, "type": kind, **fields}


def received(on: str, channel: str = "letter", **fields) -> dict:
    return ev(on, "received", channel=channel, **fields)


def run(procedure: str, events: list[dict], as_of: str, meetings: list[str] | None = None) -> dict:
    """The public path: a timeline as JSON text, parsed, then simulated."""
    timeline = {"procedure": procedure, "as_of": as_of, "events": events}
    if meetings is not None:
        timeline["meetings"] = meetings
    return simulate(parse_timeline(json.dumps(timeline), today=TODAY))


def deadline(output: dict, key: str) -> dict:
    """The (latest) deadline with this key; fails when the case has none."""
    found = [d for d in output["deadlines"] if d["key"] == key]
    assert found, f"no {key!r} deadline in {[d['key'] for d in output['deadlines']]}"
    return found[-1]


def deadline_keys(output: dict) -> list[str]:
    return [d["key"] for d in output["deadlines"]]


def refusals(output: dict) -> list[tuple[int, str]]:
    return [(r["index"], r["rule"]) for r in output["refused"]]


def due_status_met(output: dict, key: str) -> tuple[str, str, str | None]:
    found = deadline(output, key)
    return found["due"], found["status"], found["met_on"]
