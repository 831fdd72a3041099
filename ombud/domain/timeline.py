"""Timelines: the simulator's input (SIMULATE.md), checked and turned into engine events.

Anything malformed raises ``TimelineError`` with a message that names the place
(``events[3].on``) and what is wrong. Events the procedure forbids are not errors: the engine
refuses them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ombud.domain.engine import Event
from ombud.domain.loader import ProcedureError, UnknownProcedure, find_procedure
from ombud.domain.procedure import (
    CHANNELS,
    EVENT_TYPES,
    HEARING_SKIP_GROUNDS,
    OUTCOMES,
    RECEIVED_DATE_FIELDS,
    SUBJECTS,
    Procedure,
)

DECLINE_GROUNDS = ("late", "already_handled", "older_than_a_year", "court",
                   "insufficient_interest", "incomplete", "disproportionate")

# field -> (kind, allowed values) per event type; fields not named here are ignored.
_FIELDS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "received": {"channel": ("choice", CHANNELS), "about": ("key", SUBJECTS),
                 "invoice": ("bool", ()), "posted_on": ("date", ()),
                 **{name: ("date", ()) for name in RECEIVED_DATE_FIELDS}},
    "assigned": {"handler": ("text", ()), "involved": ("bool", ())},
    "incomplete": {"term_weeks": ("count", ()), "term_days": ("count", ())},
    # issue 13: the posting date counts where the procedure says so (fvl § 30, Awb 6:9)
    "appealed": {"posted_on": ("date", ())},
    "court_appealed": {"posted_on": ("date", ())},
    # the day of the hearing: the file lies open a week before it (DNV-B-17, Awb 7:4)
    "hearing_invited": {"term_weeks": ("count", ()), "hearing_on": ("date", ())},
    "hearing_held": {"involved": ("bool", ())},
    "extended": {"weeks": ("count", ()), "months": ("count", ()), "consent": ("bool", ())},
    "declined": {"ground": ("key", DECLINE_GROUNDS)},
    "answered": {"outcome": ("choice", OUTCOMES),
                 "hearing_skipped": ("choice", HEARING_SKIP_GROUNDS)},
}


_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}\Z")
# An event the procedure declares ([[event]], issue 13) carries its text
_DECLARED_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {"text": ("text", ())}


class TimelineError(ValueError):
    """Input that is not a timeline. ``str()`` is the one-line message for standard error."""


@dataclass(frozen=True, slots=True)
class Timeline:
    procedure: Procedure
    as_of: date
    meetings: tuple[date, ...]
    events: tuple[Event, ...]


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise TimelineError(f"{where}: expected a date as \"YYYY-MM-DD\", got {value!r}")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise TimelineError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _field(kind: str, options: tuple[str, ...], value: Any, where: str) -> Any:
    if kind == "date":
        return _date(value, where)
    if kind == "bool":
        if not isinstance(value, bool):
            raise TimelineError(f"{where}: expected true or false, got {value!r}")
        return value
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 520:
            raise TimelineError(f"{where}: expected a whole number from 1 to 520, got {value!r}")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise TimelineError(f"{where}: expected text, got {value!r}")
        return value
    if kind == "key":  # Ombud's own or one the procedure declares: checked once it is known
        if not isinstance(value, str) or not _KEY.match(value):
            raise TimelineError(f"{where}: expected a key such as {options[0]!r}, got {value!r}")
        return value
    if value not in options:
        raise TimelineError(f"{where}: {value!r} is not one of {', '.join(options)}")
    return value


def _event(raw: Any, where: str) -> Event:
    if not isinstance(raw, dict):
        raise TimelineError(f"{where}: expected an object with \"on\" and \"type\"")
    if "type" not in raw:
        raise TimelineError(f"{where}.type: missing")
    event_type = raw["type"]
    if not isinstance(event_type, str) or not _KEY.match(event_type):
        raise TimelineError(f"{where}.type: unknown event type {event_type!r}")
    # Not one of Ombud's: checked against the procedure's declared events once it is known
    if "on" not in raw:
        raise TimelineError(f"{where}.on: missing")
    on = _date(raw["on"], f"{where}.on")
    recorded = _recorded(raw.get("recorded"), on, f"{where}.recorded")
    fields = _FIELDS.get(event_type, {}) if event_type in EVENT_TYPES else _DECLARED_FIELDS
    data = {name: _field(*fields[name], value, f"{where}.{name}")
            for name, value in raw.items() if name in fields and value is not None}
    if event_type == "received" and "channel" not in data:
        raise TimelineError(f"{where}.channel: missing (one of {', '.join(CHANNELS)})")
    if event_type == "extended" and ("weeks" in data) == ("months" in data):
        raise TimelineError(f"{where}: give either \"weeks\" or \"months\"")
    if "term_weeks" in data and "term_days" in data:
        raise TimelineError(f"{where}: give either \"term_weeks\" or \"term_days\"")
    if data.get("posted_on", on) > on:
        raise TimelineError(f"{where}.posted_on: {data['posted_on']} is after the day it was "
                            f"received ({on})")
    return Event(on, event_type, data, recorded)


def _with_case_flags(events: tuple[Event, ...], raws: list, procedure: Procedure
                     ) -> tuple[Event, ...]:
    """Events with the case flags the procedure's deadline variants read (issue 13:
    ``"advisory_committee": true``); any event may set one."""
    flags = procedure.case_flags
    if not flags:
        return events
    found = []
    for index, (event, raw) in enumerate(zip(events, raws, strict=True)):
        data = dict(event.data)
        for flag in flags:
            if raw.get(flag) is not None:
                data[flag] = _field("bool", (), raw[flag], f"events[{index}].{flag}")
        found.append(event._replace(data=data))
    return tuple(found)


def _recorded(value: Any, on: date, where: str) -> date | None:
    """The optional day the event was entered in the file, when later than ``on`` (X-07)."""
    if value is None:
        return None
    recorded = _date(value, where)
    if recorded < on:
        raise TimelineError(f"{where}: {recorded} is before the event's day ({on})")
    return recorded


def parse_timeline(text: str, *, today: date, procedure: Procedure | None = None) -> Timeline:
    """Check a timeline's JSON text and find its procedure version. Raises TimelineError.
    ``procedure``: one already read (a file under test) instead of the installed ones; the
    timeline must name it."""
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise TimelineError(f"not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise TimelineError("expected a JSON object with \"procedure\" and \"events\"")
    procedure_id = raw.get("procedure")
    if not isinstance(procedure_id, str):
        raise TimelineError("procedure: missing (for example \"dnv/objection\")")
    as_of = _date(raw["as_of"], "as_of") if raw.get("as_of") is not None else today
    meetings_raw = raw.get("meetings", [])
    if not isinstance(meetings_raw, list):
        raise TimelineError("meetings: expected a list of dates")
    meetings = tuple(_date(day, f"meetings[{i}]") for i, day in enumerate(meetings_raw))
    events_raw = raw.get("events")
    if not isinstance(events_raw, list) or not events_raw:
        raise TimelineError("events: expected a non-empty list")
    events = tuple(_event(item, f"events[{i}]") for i, item in enumerate(events_raw))
    _check_order(events, as_of)

    version = raw.get("version")
    if version is not None and not isinstance(version, str):
        raise TimelineError(f"version: expected text, got {version!r}")
    if procedure is not None and procedure.id != procedure_id:
        raise TimelineError(f"procedure: {procedure_id!r} is not {procedure.id!r}")
    try:
        procedure = procedure or find_procedure(procedure_id, on=events[0].on, version=version)
    except UnknownProcedure as error:
        raise TimelineError(f"procedure: {error}") from None
    except ProcedureError as error:  # the procedure's bundle is broken: its author's message
        raise TimelineError(f"procedure: {error}") from None
    events = _with_case_flags(events, events_raw, procedure)
    _check_declared(procedure, events)
    for name in procedure.intake.requires:
        if name not in events[0].data:
            raise TimelineError(f"events[0].{name}: {procedure_id} needs the date {name}")
    return Timeline(procedure, as_of, meetings, events)


def _check_declared(procedure: Procedure, events: tuple[Event, ...]) -> None:
    """Event types, ``about`` and ``ground``: Ombud's own or those the procedure declares."""
    for index, event in enumerate(events):
        if event.type not in procedure.event_types:
            own = ", ".join(e.key for e in procedure.declared_events) or "none"
            raise TimelineError(f"events[{index}].type: unknown event type {event.type!r}: "
                                f"not one of Ombud's, nor declared by {procedure.id} "
                                f"(its own: {own})")
        declared = procedure.declared(event.type)
        if declared and declared.text == "required" and not event.get("text", "").strip():
            raise TimelineError(f"events[{index}].text: missing ({procedure.id} declares "
                                f"{event.type!r} with a text)")
    allowed = {"about": (*SUBJECTS, *(s.key for s in procedure.intake.subjects)),
               "ground": (*DECLINE_GROUNDS, *(g.key for g in procedure.decline.grounds))}
    for index, event in enumerate(events):
        for name, options in allowed.items():
            value = event.data.get(name)
            if value is not None and value not in options:
                raise TimelineError(f"events[{index}].{name}: {value!r} is not one of "
                                    f"{', '.join(dict.fromkeys(options))}")


def _check_order(events: tuple[Event, ...], as_of: date) -> None:
    if events[0].type != "received":
        raise TimelineError("events[0].type: the first event must be \"received\"")
    for index, (before, after) in enumerate(zip(events, events[1:], strict=False), start=1):
        if after.on < before.on:
            raise TimelineError(f"events[{index}].on: {after.on} is before the event above it "
                                f"({before.on}); events must be in date order")
    if events[-1].on > as_of:
        raise TimelineError(f"events[{len(events) - 1}].on: {events[-1].on} is after as_of "
                            f"({as_of})")
    for index, event in enumerate(events):
        if event.recorded is not None and event.recorded > as_of:
            raise TimelineError(f"events[{index}].recorded: {event.recorded} is after as_of "
                                f"({as_of})")
