"""The replay: a case's events applied one by one, each opening, meeting, suspending or
extending deadlines and moving the case between states. The checks it inherits say first whether
an event may happen (``checks.Checks``); ``engine.evaluate`` and ``engine.check`` drive it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ombud.domain.checks import Checks
from ombud.domain.deadlines import Deadline, Extension, Suspension
from ombud.domain.events import (
    AFTER_CLOSE_EVENTS,
    CLOSED_STATES,
    ENDING_EVENTS,
    Actor,
    Event,
    extension_amount,
)
from ombud.domain.periods import Unit, add_period
from ombud.domain.procedure import (
    TERM_FIELDS,
    WRITTEN_CHANNELS,
    DeadlineSpec,
    Fee,
    Owner,
    Procedure,
)
from ombud.domain.refusals import Refusal


class Replay(Checks):
    """The case as it stands while its events are replayed. Used only inside the engine."""

    def __init__(self, procedure: Procedure, meetings: Sequence[date], actor: Actor | None):
        self.procedure = procedure
        self.meetings = sorted(meetings)
        self.actor = actor
        self.state: str | None = None
        self.closed_on: date | None = None
        self.received: Event | None = None
        self.written_on: date | None = None
        self.done: dict[str, date] = {}  # event type -> first day it was applied
        self.handler: str | None = None
        self.handler_id: str | None = None
        # Who recorded the first answer and who handled the case then: not the appeal's (PP-17)
        self.first_deciders: frozenset[str] = frozenset()
        self.deadlines: list[Deadline] = []
        self.refused: list[Refusal] = []
        self.waiting: list[DeadlineSpec] = []  # deadlines that open once their start is known
        self.by_key: dict[str, Deadline] = {}  # the latest deadline of each key
        self.expired_opened: set[str] = set()
        # Who took or prepared the contested decision: never its handler (DNV-B-04)
        self.decision_makers: frozenset[str] = frozenset()
        self.separate_hearing = False  # the last hearing heard the parties apart (DNV-B-18)
        self.last_hearing_on: date | None = None
        self.new_facts: tuple[date, date] | None = None  # (told on, heard on them until)
        self.heard_on_new_facts = False  # a hearing was held after the new facts were told
        self.flags: dict[str, date] = {}  # case flag -> the day an event set it (Awb 7:10)
        self.forwarded_on: date | None = None  # sent to the appeal body (fvl § 33)
        self.varies = bool(procedure.variant_triggers)  # any deadline has variants

    # -- applying -----------------------------------------------------------------------------

    def advance(self, day: date) -> None:
        """Let time pass up to ``day``: a remedy term that ran out opens the inadmissible notice."""
        for spec in self.procedure.opened_on_expiry:
            if spec.key in self.expired_opened or self.state in CLOSED_STATES:
                continue
            source = self.latest(spec.anchor_target)
            if source is not None and source.met_on is None and day > source.due:
                self.expired_opened.add(spec.key)
                self._open(spec, source.due, spec.anchor)

    def apply(self, event: Event) -> None:
        self.done.setdefault(event.type, event.on)
        if self.varies:
            self._choose_variants(event)
        for deadline in self.deadlines:
            if deadline.is_pending and event.type in deadline.spec.met_by:
                deadline.meet(event)
        applier = APPLIERS.get(event.type)
        if applier:
            applier(self, event)
        if event.type in ENDING_EVENTS:
            self.state, self.closed_on = event.type, event.on
            for deadline in self.deadlines:
                # our deadline, shown missed before the end was recorded, stays missed
                day = event.recorded_on if deadline.owner is Owner.ORGANIZATION else event.on
                if deadline.is_pending and day <= deadline.due:
                    deadline.cancelled_on = event.on
                elif deadline.is_pending and deadline.ended_on is None:
                    deadline.ended_on = event.on  # missed, and now it cannot be met
        self._open_due_deadlines(event)

    def _apply_received(self, event: Event) -> None:
        self.state, self.received = "open", event
        if event.get("channel") in WRITTEN_CHANNELS:
            self.written_on = event.on
        about = event.get("about")
        self.waiting = [spec for spec in self.procedure.opened_once
                        if not spec.when_about or about in spec.when_about]

    def _apply_decision_makers_named(self, event: Event) -> None:
        self.decision_makers |= {str(person) for person in event.get("person_ids") or ()}

    def _apply_hearing_held(self, event: Event) -> None:
        self.separate_hearing = event.get("joint") == "separate"
        self.last_hearing_on = event.on
        self.heard_on_new_facts = self.new_facts is not None

    def _apply_new_facts(self, event: Event) -> None:
        weeks = int(event.get("term_weeks") or 2)
        self.new_facts = (event.on, add_period(event.on, weeks, Unit.WEEKS,
                                               self.procedure.calendar))
        self.heard_on_new_facts = False

    def _apply_put_in_writing(self, event: Event) -> None:
        self.written_on = event.on

    def _apply_assigned(self, event: Event) -> None:
        self.handler = event.get("handler")
        handler_id = event.get("handler_id")
        self.handler_id = str(handler_id) if handler_id is not None else None

    def _apply_answered(self, event: Event) -> None:
        if not self.first_deciders:
            self.first_deciders = frozenset(person for person in (event.by, self.handler_id)
                                            if person)

    def _apply_appealed(self, event: Event) -> None:
        self.state = "appealed"

    def _apply_forwarded(self, event: Event) -> None:
        """fvl § 33: the first instance upholds its decision and sends the case on; who did so
        does not decide it at the appeal body (the appeal's impartiality rule)."""
        self.state, self.forwarded_on = "forwarded", event.on
        self.first_deciders |= frozenset(person for person in (event.by, self.handler_id)
                                         if person)

    def _choose_variants(self, event: Event) -> None:
        """Note the case flags this event sets; a deadline still running whose variant it
        chooses takes the variant's length (Awb 7:10: twelve weeks with a committee)."""
        for flag in self.procedure.case_flags:
            if event.get(flag) is True:
                self.flags.setdefault(flag, event.on)
        for deadline in self.deadlines:
            if deadline.spec.variants and deadline.variant is None and deadline.is_pending:
                chosen = self._variant_of(deadline.spec)
                if chosen is not None and event.on <= deadline.due:
                    deadline.vary(*chosen)

    def _variant_of(self, spec: DeadlineSpec):
        """(variant, since) of the first variant the case now meets; None when none."""
        for variant in spec.variants:
            kind, _, target = variant.when.partition(":")
            since = self.done.get(target) if kind == "event" else self.flags.get(variant.when)
            if since is not None:
                return variant, since
        return None

    def _apply_extended(self, event: Event) -> None:
        spec = self.procedure.extendable
        amount, unit = extension_amount(event)
        rules = spec.extension
        rule = rules.consent_rule if self.latest(spec.key).extensions else rules.rule
        self.latest(spec.key).extensions.append(
            Extension(rule, event.on, amount, unit, bool(event.get("consent"))))

    def _open_due_deadlines(self, event: Event) -> None:
        """Open every deadline that this event starts or makes available."""
        for spec in self.procedure.started_by.get(event.type, ()):
            if self.done.keys() & set(spec.met_by):
                continue  # the step it waits for was taken: the appeal's answer opens no appeal
            if not spec.when_about or self._about() in spec.when_about:
                amount, unit = _term(spec, event) if spec.amount_field else (spec.amount, None)
                anchor = spec.anchor if spec.anchor_target == event.type else (
                    f"event:{event.type}")  # opened by one of also_from
                self._open(spec, event.on, anchor, amount, unit=unit)
        if not self.waiting:
            return
        closed = self.state in CLOSED_STATES
        still_waiting = []
        for spec in self.waiting:
            start = None
            appeared = spec.appears_with is None or spec.appears_with in self.done
            if appeared and (not closed or spec.appears_with == event.type):
                start = self._plain_start(spec)
            if start is None:
                still_waiting.append(spec)
            else:
                self._open(spec, start[0], start[1], met_now=event)
        self.waiting = still_waiting

    def _plain_start(self, spec: DeadlineSpec) -> tuple[date, str] | None:
        kind, target = spec.anchor_kind, spec.anchor_target
        received = self.received
        if kind == "deadline":
            source = self.latest(target)
            return (source.due, spec.anchor) if source else None
        if spec.anchor == "received":
            return received.on, "received"
        if spec.anchor == "written":
            if self.written_on is None:
                return None
            oral = received.get("channel") not in WRITTEN_CHANNELS
            return self.written_on, "written_oral" if oral else "written"
        if spec.anchor == "next_meeting":
            meeting = next((day for day in self.meetings if day > received.on), None)
            return (meeting, "next_meeting") if meeting else None
        day = received.get(spec.anchor)
        return (day, spec.anchor) if day is not None else None

    def _open(self, spec: DeadlineSpec, start: date, anchor: str,
              amount: int | None = None, met_now: Event | None = None,
              unit: Unit | None = None) -> None:
        deadline = Deadline(spec, self.procedure, start, anchor,
                            spec.amount if amount is None else amount)
        if unit is not None:
            deadline.period_unit = unit
        if spec.variants and (chosen := self._variant_of(spec)) is not None:
            deadline.vary(*chosen)
        if met_now is not None and met_now.type in spec.met_by:
            deadline.meet(met_now)
        if spec.key == "remedy":
            for other in self.deadlines:
                if other.spec.suspension_rule and other.is_pending:
                    other.suspensions.append(Suspension(other.spec.suspension_rule, start,
                                                        deadline))
        self.deadlines.append(deadline)
        self.by_key[spec.key] = deadline

    # -- the result ---------------------------------------------------------------------------

    def allowed(self, as_of: date) -> tuple[str, ...]:
        candidates = self.procedure.steps_in_order
        if self.state in CLOSED_STATES:  # the rest would be refused as "closed" anyway
            candidates = [event for event in candidates if event in AFTER_CLOSE_EVENTS]
        return tuple(event_type for event_type in candidates
                     if event_type != "received"
                     and any(self.verdict(probe) is None
                             for probe in self._probes(event_type, as_of)))

    def _probes(self, event_type: str, as_of: date) -> list[Event]:
        """Ordinary versions of an event, to ask whether it is allowed at all."""
        if event_type == "declined":
            return [Event(as_of, event_type, {"ground": g.key})
                    for g in self.procedure.decline.grounds]
        if event_type == "extended":
            spec = self.procedure.extendable
            deadline = self.latest(spec.key) if spec else None
            if spec and deadline and not deadline.extensions:
                rules = spec.extension
                return [Event(as_of, event_type, {rules.unit.value: rules.first_at_most})]
            return [Event(as_of, event_type, {"weeks": 1, "consent": True})]
        if event_type == "answered" and self.procedure.hearing:
            # Awb 7:3: the answer without a hearing, on a ground the procedure allows for it
            grounds = sorted(self.procedure.hearing.skip_grounds)
            return [Event(as_of, event_type, {"involved": False, **skipped})
                    for skipped in ({}, *({"hearing_skipped": ground} for ground in grounds))]
        return [Event(as_of, event_type, {"involved": False})]

    def fees(self) -> tuple[Fee, ...]:
        if self.received is None or self.state == "refused_intake":
            return ()
        invoice = bool(self.received.get("invoice"))
        return tuple(fee for fee in self.procedure.fees if invoice or not fee.invoice_only)



def _term(spec: DeadlineSpec, event: Event) -> tuple[int, Unit | None]:
    """The amount (and unit, where it is not the spec's) of a deadline this event opens: a term
    set in the request (``term_weeks``; with ``amount_from = "term"`` also ``term_days``)."""
    if spec.amount_field == "term":
        for field_name, unit in TERM_FIELDS:
            if event.get(field_name):
                return int(event.get(field_name)), Unit(unit)
        return spec.amount, None
    return event.get(spec.amount_field) or spec.amount, None


APPLIERS = {name.removeprefix("_apply_"): method for name, method in vars(Replay).items()
            if name.startswith("_apply_")}
