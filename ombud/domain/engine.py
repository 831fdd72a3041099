"""The procedure engine: a procedure and a case's events in, the case's state out.

This is the one place where deadlines are computed. ``evaluate`` replays the events in order; each
event is first checked against the procedure (``check``) and then applied, or refused with the
rule that forbids it, in which case it changes nothing. The result holds every deadline the case
has had with the basis that explains its date, the events allowed next, the refusals and the fees.

Pure Python, no Django: the web application, the reminders, the reports and the command-line
simulator all call ``evaluate``.

The engine's parts, one concern each: ``events`` (what happens), ``checks`` (whether it may),
``replay`` (what it changes), ``deadlines`` (dates and statuses), ``basis`` (why a date falls where
it does) and ``refusals``. Callers import this module only; the names below are its interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ombud.domain.deadlines import (
    Deadline,
    DocumentsDeadline,
    Extension,
    Suspension,
    documents_deadline,
)
from ombud.domain.events import CLOSED_STATES, Actor, Event
from ombud.domain.procedure import Fee, Owner, Procedure
from ombud.domain.refusals import Refusal
from ombud.domain.replay import Replay

__all__ = ["CLOSED_STATES", "Actor", "CaseState", "Deadline", "DocumentsDeadline", "Event",
           "Extension", "Refusal", "Suspension", "check", "documents_deadline", "evaluate",
           "file_open_from"]


@dataclass(frozen=True, slots=True)
class CaseState:
    """What the engine says about a case on ``as_of``."""

    procedure: Procedure
    as_of: date
    state: str
    deadlines: tuple[Deadline, ...]
    allowed: tuple[str, ...]
    refused: tuple[Refusal, ...]
    fees: tuple[Fee, ...]  # the fees due for this case
    handler: str | None = None
    # Who recorded the first answer or handled the case then: not the appeal's (PP-17)
    first_deciders: frozenset[str] = frozenset()
    forwarded_on: date | None = None  # the day the case went to the appeal body (fvl § 33)

    @property
    def forwarding(self) -> bool:
        """The procedure sends a case the first instance does not reverse to the appeal body
        itself (fvl § 33): the first instance's letters tell of that, not of an appeal."""
        return self.procedure.forwarding is not None

    @property
    def invites_appeal(self) -> bool:
        """Whether a letter sent now may invite an appeal to the appeal body: only when the
        party can appeal the decision just taken, never while the case is still before the
        first instance or has been forwarded (issue 13)."""
        return "appealed" in self.allowed

    def deadline(self, key: str) -> Deadline | None:
        """The latest deadline with this key."""
        return next((d for d in reversed(self.deadlines) if d.key == key), None)

    @property
    def next_deadline(self) -> Deadline | None:
        """The organization's earliest deadline still to be met: what the queue sorts by."""
        pending = [d for d in self.deadlines
                   if d.owner is Owner.ORGANIZATION and d.status in ("open", "missed")
                   and d.met_on is None]
        return min(pending, key=lambda d: d.due, default=None)


def evaluate(procedure: Procedure, events: Sequence[Event], as_of: date,
             meetings: Sequence[date] = (), actor: Actor | None = None) -> CaseState:
    """Replay ``events`` (in date order, the first one ``received``) under ``procedure``."""
    replay = Replay(procedure, meetings, actor)
    for index, event in enumerate(events):
        replay.advance(event.on)
        refusal = replay.check(event, index)
        if refusal is None:
            replay.apply(event)
        else:
            replay.refused.append(refusal)
            if event.type == "received" and replay.state is None:
                replay.state = "refused_intake"
    replay.advance(as_of)
    for deadline in replay.deadlines:
        deadline.settle(as_of)
    allowed = replay.allowed(as_of) if replay.state not in (None, "refused_intake") else ()
    return CaseState(procedure, as_of, replay.state or "refused_intake", tuple(replay.deadlines),
                     allowed, tuple(replay.refused), replay.fees(), replay.handler,
                     replay.first_deciders, replay.forwarded_on)


def file_open_from(procedure: Procedure, hearing_on: date | None) -> date | None:
    """The first day the file lies open for the parties before a hearing on ``hearing_on``
    (DNV-B-17: at least a week before); None where the procedure says nothing or the day of
    the hearing is not known."""
    hearing = procedure.hearing
    if hearing is None or not hearing.file_rule or not isinstance(hearing_on, date):
        return None
    return hearing_on - timedelta(days=hearing.file_days_before)


def check(procedure: Procedure, events: Sequence[Event], candidate: Event, *,
          meetings: Sequence[date] = (), actor: Actor | None = None) -> Refusal | None:
    """Whether ``candidate`` may follow ``events`` now: None, or the refusal with its rule.

    The services ask this before they record an event.
    """
    replay = Replay(procedure, meetings, actor)
    for index, event in enumerate(events):
        replay.advance(event.on)
        if replay.check(event, index) is None:
            replay.apply(event)
        elif event.type == "received" and replay.state is None:
            replay.state = "refused_intake"
    replay.advance(candidate.on)
    return replay.check(candidate, len(events))
