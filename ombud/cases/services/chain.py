"""The case's history as a hash chain, and the case row kept in line with it.

``event_append`` adds one link (call it holding the case row lock); ``engine_events`` reads the
history back as the engine sees it; ``row_refresh`` and the nightly ``cases_refresh`` write what
the engine makes of it (the state, the next deadline) onto the case row, which lists read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ombud.cases import history, hooks, notifications, search
from ombud.cases.models import NO_DEADLINE, OPEN_STATES, Case, CaseEvent, Meeting
from ombud.cases.services.checks import Invalid
from ombud.cases.versions_in_use import usable_procedures
from ombud.domain import engine
from ombud.domain.loader import ProcedureError, find_procedure
from ombud.domain.procedure import EVENT_TYPES, Procedure
from ombud.orgs.models import Organization
from ombud.rows import row_insert

ENGINE_EVENT_TYPES = frozenset(EVENT_TYPES)


def procedure_of(case: Case) -> Procedure:
    return find_procedure(case.procedure_id, version=case.procedure_version)


def meeting_days(organization: Organization) -> list[date]:
    return list(Meeting.objects.filter(organization=organization).values_list("held_on",
                                                                              flat=True))


def engine_events(case: Case) -> list[engine.Event]:
    """The case's history as the engine sees it: its procedure steps, in order, each with the
    day it was recorded (X-07: the engine decides what a step dated back still meets) and who
    recorded it (PP-17: who answered first does not decide the appeal)."""
    # Ombud's steps and those the case's procedure declares (issue 13)
    types = procedure_of(case).event_types
    rows = case.events.filter(type__in=types).order_by("seq").values_list(
        "on", "type", "data", "recorded_on", "actor_user_id")
    return [engine.Event(on, event_type, engine_data(data), recorded, _by(person))
            for on, event_type, data, recorded, person in rows]


def engine_events_of(rows, procedure: Procedure | None = None) -> list[engine.Event]:
    """The engine's view of history rows already loaded (in seq order); with the case's
    ``procedure``, the steps it declares too."""
    types = frozenset(procedure.event_types) if procedure else ENGINE_EVENT_TYPES
    return [engine.Event(row.on, row.type, engine_data(row.data), row.recorded_on,
                         _by(row.actor_user_id))
            for row in rows if row.type in types]


def _by(person_id) -> str | None:
    """The acting person as the engine names them (``engine.Actor.id``)."""
    return str(person_id) if person_id is not None else None


def engine_data(data: dict[str, Any]) -> dict[str, Any]:
    """JSON keeps dates as text; the engine wants dates."""
    return {key: date.fromisoformat(value) if key.endswith("_on") and isinstance(value, str)
            else value for key, value in data.items()}


def json_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, date) else value
            for key, value in data.items() if value is not None}


def event_append(case: Case, event_type: str, on: date, data: dict[str, Any], actor, *,
                 recorded_on: date | None = None, backdate_reason: str = "",
                 text_refresh: bool = True) -> CaseEvent:
    """Add one event at the end of the chain. Call while holding the case row lock.
    ``text_refresh``: False only where the caller has the searchable text rebuilt itself (a web
    filing's, by the worker: ``registration.case_registered_follow_up``)."""
    event = event_prepared(case, event_type, on, data, actor, recorded_on=recorded_on,
                           backdate_reason=backdate_reason)
    try:
        row_insert(event)
    except IntegrityError:  # another writer took this seq: the row lock was not held
        raise Invalid(_("the case changed meanwhile; reload and try again")) from None
    event_told(case, event, actor, text_refresh=text_refresh)
    return event


def event_prepared(case: Case, event_type: str, on: date, data: dict[str, Any], actor, *,
                   recorded_on: date | None = None, backdate_reason: str = "") -> CaseEvent:
    """The next link of the chain, hashed and not yet written; the case's head (its
    ``event_count`` and ``last_hash``) moved on to it. Write it, then ``event_told``."""
    seq = case.event_count + 1
    recorded_at = timezone.now()
    recorded_on = recorded_on or timezone.localdate()
    stored = json_data(data)
    snapshot = history.actor_snapshot(actor)
    salts = history.salts_for(stored)
    digests, actor_digest = history.hashed_fields(stored, snapshot, salts, None)
    digest = history.digest(history.event_content(
        case=case.reference, seq=seq, prev=case.last_hash, type=event_type, on=on, data=digests,
        actor=actor_digest, recorded_at=recorded_at,
        **history.backdating(recorded_on, backdate_reason)))
    event = CaseEvent(
        case=case, seq=seq, type=event_type, on=on, data=stored,
        actor_id=getattr(actor, "pk", None), actor_user_id=snapshot["id"],
        actor_username=snapshot["username"], actor_name=snapshot["name"],
        recorded_at=recorded_at, recorded_on=recorded_on, backdate_reason=backdate_reason,
        prev_hash=case.last_hash, hash=digest, salts=salts)
    case.event_count, case.last_hash = seq, digest
    return event


def event_told(case: Case, event: CaseEvent, actor, *, text_refresh: bool = True) -> None:
    """What follows an event written: its words searchable, the people it concerns told."""
    if text_refresh:
        search.case_text_refresh(case)  # what the entry says is found by its words from now on
    if event.recorded_on >= timezone.localdate():  # a past replayed (the demo's seed) tells nobody
        notifications.event_recorded(case, event.type, event.data, actor)


def cases_refresh(*, today: date | None = None, batch: int = 500,
                  organization: Organization | None = None) -> int:
    """The nightly sweep: bring every case that is not closed in line with the engine as of
    today. Time alone changes a case: a remedy term runs out and opens the inadmissible notice
    (DNV-B-11), a deadline passes and the queue must show it missed (X-07). Each case is
    refreshed under its own row lock, so the sweep and the handlers never overwrite each other.
    ``organization``: only its cases (a meeting opened there moves their deadlines, GL-06).
    Returns how many rows changed."""
    today = today or timezone.localdate()
    changed = 0
    last_id = 0
    # A case whose procedure cannot be read, or whose version's file changed under it,
    # waits as it was until the bundle is mended: never counted by another file.
    unusable = [procedure_id for procedure_id, versions in usable_procedures().items()
                if isinstance(versions, ProcedureError)]
    open_cases = Case.objects.filter(state__in=OPEN_STATES).exclude(procedure_id__in=unusable)
    if organization is not None:
        open_cases = open_cases.filter(organization=organization)
    while True:
        ids = list(open_cases.filter(id__gt=last_id)
                   .order_by("id").values_list("id", flat=True)[:batch])
        if not ids:
            return changed
        for case_id in ids:
            with transaction.atomic():
                case = Case.objects.select_for_update().get(pk=case_id)
                row = _row_values(case, procedure_of(case), engine_events(case), today)
                if row != {name: getattr(case, name) for name in row}:
                    for name, value in row.items():
                        setattr(case, name, value)
                    case.save(update_fields=[*row, "updated_at"])
                    changed += 1
        last_id = ids[-1]


def row_refresh(case: Case, procedure: Procedure,
                events: list[engine.Event] | None = None) -> None:
    """Bring the row's state and next deadline in line with the engine. Holding the row lock."""
    events = events if events is not None else engine_events(case)
    for name, value in _row_values(case, procedure, events, timezone.localdate()).items():
        setattr(case, name, value)
    case.save()


def _row_values(case: Case, procedure: Procedure, events: list[engine.Event],
                today: date) -> dict[str, Any]:
    """What the case row holds for lists: its state and the organization's next deadline."""
    state = engine.evaluate(procedure, events, max(today, events[-1].on),
                            meeting_days(case.organization))
    hooks.case_evaluated(case, procedure, events, state)
    return row_values_of(state)


def row_values_of(state: engine.CaseState) -> dict[str, Any]:
    """What the case row holds for lists, from an evaluation: its state and next deadline."""
    upcoming = state.next_deadline
    return {"state": state.state, "next_due": upcoming.due if upcoming else NO_DEADLINE,
            "next_due_key": upcoming.key if upcoming else "",
            "next_due_rule": upcoming.rule if upcoming else ""}
