"""The procedure engine: a procedure and a case's events in, the case's state out.

This is the one place where deadlines are computed. ``evaluate`` replays the events in order; each
event is first checked against the procedure (``check``) and then applied, or refused with the
rule that forbids it, in which case it changes nothing. The result holds every deadline the case
has had with the basis that explains its date, the events allowed next, the refusals and the fees.

Pure Python, no Django: the web application, the reminders, the reports and the command-line
simulator all call ``evaluate``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from ombud.domain import messages as m
from ombud.domain.periods import EndRule, Unit, add_period, end_of_period, holidays_between
from ombud.domain.procedure import (
    WRITTEN_CHANNELS,
    DeadlineSpec,
    Fee,
    Owner,
    Procedure,
)

CLOSED_STATES = frozenset({"answered", "declined", "withdrawn"})
ENDING_EVENTS = frozenset({"answered", "declined", "withdrawn"})
DECIDING_EVENTS = frozenset({"answered", "declined", "hearing_held"})
AFTER_CLOSE_EVENTS = frozenset({"appealed", "court_appealed"})  # see _allowed_after_close


class Event(NamedTuple):
    """One thing that happened in a case. A named tuple: cheap to make, and immutable.

    ``on`` is the day it happened; ``recorded`` the day it was entered in the file, when that was
    later (a step dated back). Until it was recorded nobody could see it: a deadline that had
    passed in between was shown missed, and stays missed (X-07)."""

    on: date
    type: str
    data: Mapping[str, Any] = MappingProxyType({})
    recorded: date | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def recorded_on(self) -> date:
        return self.recorded if self.recorded is not None else self.on


@dataclass(frozen=True, slots=True)
class Actor:
    """The person about to act: one involved in the matter may not decide it (impartiality)."""

    id: str
    involved: bool = False


Verdict = tuple[str, str, dict[str, Any]]  # rule, code, params


def _no(rule: str, code: str, **params: Any) -> Verdict:
    """A refusal's content: the rule that forbids the event, why (a messages code), details."""
    return rule, code, params


@dataclass(frozen=True, slots=True)
class Refusal:
    index: int | None  # position of the refused event in the timeline; None for a probe
    type: str
    rule: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def reason(self, lang: str = m.DEFAULT_LANGUAGE) -> str:
        params = {key: _in_words(key, value, lang) for key, value in self.params.items()}
        return m.pick(m.REFUSALS[self.code], lang).format(**params)


def _in_words(key: str, value: Any, lang: str) -> str:
    """A refusal's parameter in the reader's language."""
    if isinstance(value, date):
        return m.format_date(value, lang)
    if key == "channel":
        return m.pick(m.CHANNEL_NAMES[value], lang)
    if key == "state":
        return m.pick(m.STATES[value], lang)
    if key == "limit":
        return m.amount_with_unit(*value, lang)
    return str(value)


@dataclass(slots=True)
class Suspension:
    """DNV-B-08: the period stands still while the filer remedies an omission."""

    rule: str
    start: date
    remedy: Deadline

    @property
    def end(self) -> date:
        """The day the omission was remedied, else the (rounded) last day of the remedy term."""
        remedied = self.remedy.met_on
        if remedied is not None and remedied <= self.remedy.due:
            return remedied
        return self.remedy.due

    @property
    def settled(self) -> bool:
        """False while the remedy term still runs: the end is then only the latest possible."""
        return self.remedy.status != "open"

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True, slots=True)
class Extension:
    rule: str
    on: date
    amount: int
    unit: Unit
    consent: bool


@dataclass(slots=True)
class Deadline:
    """One deadline of one case. ``due`` is recomputed from its parts, so it can say why."""

    spec: DeadlineSpec
    procedure: Procedure
    start: date
    start_anchor: str  # what the period runs from; see messages.STARTS
    amount: int
    suspensions: list[Suspension] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    met_on: date | None = None
    met_recorded_on: date | None = None  # when the step that met it was recorded
    cancelled_on: date | None = None
    status: str = "open"
    _plain_due: date | None = None  # due without suspensions or extensions, computed once

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def rule(self) -> str:
        return self.spec.rule

    @property
    def owner(self) -> Owner:
        return self.spec.owner

    @property
    def is_pending(self) -> bool:
        return self.met_on is None and self.cancelled_on is None

    def meet(self, event: Event) -> None:
        self.met_on, self.met_recorded_on = event.on, event.recorded_on

    @property
    def recorded_late(self) -> bool:
        """X-07: met on a day before ``due``, but recorded only after it, when the deadline was
        already shown missed. Only the organization's own deadlines: a filer who acted in time
        is not late because we wrote it down later."""
        return (self.owner is Owner.ORGANIZATION and self.met_on is not None
                and self.met_recorded_on is not None
                and self.met_on <= self.due < self.met_recorded_on)

    def _unrounded(self) -> date:
        calendar = self.procedure.calendar
        day = add_period(self.start, self.amount, self.spec.unit, calendar)
        for suspension in self.suspensions:
            day += timedelta(days=suspension.days)
        for extension in self.extensions:
            day = add_period(day, extension.amount, extension.unit, calendar)
        return day

    @property
    def due(self) -> date:
        if self.suspensions or self.extensions:
            return self._rounded(self._unrounded())
        if self._plain_due is None:
            self._plain_due = self._rounded(self._unrounded())
        return self._plain_due

    def _rounded(self, day: date) -> date:
        return end_of_period(day, self.procedure.end_rule, self.procedure.calendar)

    def settle(self, as_of: date) -> None:
        """Fix ``status`` as of ``as_of`` (see SIMULATE.md for the words)."""
        due = self.due
        if self.met_on is not None:
            self.status = "met" if self.met_on <= due and not self.recorded_late else "missed"
        elif self.cancelled_on is not None:
            self.status = "cancelled"
        elif as_of > due:
            self.status = "missed" if self.owner is Owner.ORGANIZATION else "expired"
        else:
            self.status = "open"

    def basis(self, lang: str = m.DEFAULT_LANGUAGE) -> str:
        """Why the deadline falls where it does, in words."""
        parts = _basis_parts(self, lang)
        if self.recorded_late:
            parts.append(m.pick(m.BASIS["recorded_late"], lang).format(
                done=m.format_date(self.met_on, lang),
                recorded=m.format_date(self.met_recorded_on, lang), rule="X-07"))
        return "; ".join(parts)

    def status_note(self, lang: str = m.DEFAULT_LANGUAGE) -> str:
        """Words beside the status where it alone would mislead; empty otherwise."""
        if not self.recorded_late:
            return ""
        return m.pick(m.STATUS_NOTES["met_late_recorded"], lang).format(
            done=m.format_date(self.met_on, lang),
            recorded=m.format_date(self.met_recorded_on, lang))


def _start_words(deadline: Deadline, lang: str) -> str:
    kind, _, target = deadline.start_anchor.partition(":")
    template = m.pick(m.STARTS[kind], lang)
    if kind in ("deadline", "expired"):
        return template.format(name=m.pick(m.DEADLINE_NAMES[target], lang))
    if kind == "event":
        return template.format(event=m.pick(m.EVENT_NAMES[target], lang))
    return template


def _basis_parts(deadline: Deadline, lang: str) -> list[str]:
    procedure, spec = deadline.procedure, deadline.spec
    calendar = procedure.calendar
    on = m.format_date(deadline.start, lang)
    if deadline.start_anchor == "next_meeting":
        parts = [m.pick(m.BASIS["meeting"], lang).format(
            start=m.pick(m.STARTS["next_meeting"], lang), on=on)]
    else:
        parts = [m.pick(m.BASIS["period"], lang).format(
            amount=deadline.amount, unit=m.amount_with_unit(deadline.amount, spec.unit, lang)
            .partition(" ")[2], start=_start_words(deadline, lang), on=on)]
    if spec.unit is Unit.WORKING_DAYS:
        end = add_period(deadline.start, deadline.amount, spec.unit, calendar)
        skipped = holidays_between(deadline.start + timedelta(days=1), end, calendar)
        if skipped:
            days = ", ".join(f"{m.format_date(h.day, lang)} {h.name(lang)}" for h in skipped)
            parts.append(m.pick(m.BASIS["holidays"], lang).format(days=days))
    for suspension in deadline.suspensions:
        template = "suspended" if suspension.settled else "suspended_open"
        parts.append(m.pick(m.BASIS[template], lang).format(
            days=suspension.days, start=m.format_date(suspension.start, lang),
            end=m.format_date(suspension.end, lang), rule=suspension.rule))
    for extension in deadline.extensions:
        text = m.pick(m.BASIS["extended"], lang).format(
            amount=extension.amount,
            unit=m.amount_with_unit(extension.amount, extension.unit, lang).partition(" ")[2],
            on=m.format_date(extension.on, lang), rule=extension.rule)
        if extension.consent:
            text += ", " + m.pick(m.BASIS["with_consent"], lang)
        parts.append(text)
    raw, due = deadline._unrounded(), deadline.due
    if raw != due:
        parts.append(m.pick(m.BASIS["rounded"], lang).format(
            raw=m.format_date(raw, lang), due=m.format_date(due, lang)))
    uncovered = [str(year) for year in range(deadline.start.year, due.year + 1)
                 if not calendar.covers(year)]
    if uncovered:
        parts.append(m.pick(m.BASIS["uncovered"], lang).format(years=", ".join(uncovered)))
    if spec.unit is Unit.WORKING_DAYS or procedure.end_rule is not EndRule.AS_FALLS:
        parts[0] += f" ({calendar.name(lang)})"  # only where the calendar moved or may move it
    return parts


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


class _Replay:
    """The case as it stands while its events are replayed. Used only inside ``evaluate``."""

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
        self.deadlines: list[Deadline] = []
        self.refused: list[Refusal] = []
        self.waiting: list[DeadlineSpec] = []  # deadlines that open once their start is known
        self.by_key: dict[str, Deadline] = {}  # the latest deadline of each key
        self.expired_opened: set[str] = set()

    # -- looking things up --------------------------------------------------------------------

    def latest(self, key: str) -> Deadline | None:
        return self.by_key.get(key)

    def _about(self) -> str | None:
        return self.received.get("about") if self.received else None

    def _impartiality_applies(self) -> bool:
        rules = self.procedure.impartiality
        return rules is not None and self._about() not in rules.exempt_about

    def _remedy_ran_out(self, day: date) -> bool:
        remedy = self.latest("remedy")
        return remedy is not None and remedy.met_on is None and day > remedy.due

    # -- checking -----------------------------------------------------------------------------

    def check(self, event: Event, index: int | None = None) -> Refusal | None:
        """Why ``event`` may not happen now, or None when it may."""
        verdict = self.verdict(event)
        return None if verdict is None else Refusal(index, event.type, *verdict)

    def verdict(self, event: Event) -> Verdict | None:
        """(rule, code, params) when ``event`` is refused now; None when it is allowed."""
        procedure = self.procedure
        if self.state == "refused_intake":  # a later complaint is a new case
            return _no(procedure.intake.channels_rule, "nothing_opened")
        if event.type == "received":
            if self.state is not None:
                return _no(procedure.intake.channels_rule, "already_received",
                           on=self.received.on)
            return self._check_intake(event)
        if event.type not in procedure.steps:
            return self._not_a_step(event)
        if self.state in CLOSED_STATES and not self._allowed_after_close(event):
            if event.type == "appealed" and self.state == "answered":
                return _no(procedure.appeal.rule, "final_decision")
            return _no(procedure.answer_rule, "closed", on=self.closed_on, state=self.state)
        if self.state == "appealed" and event.type not in ("answered", "withdrawn", "assigned"):
            return _no(procedure.appeal.rule, "under_appeal")
        if (self.actor and self.actor.involved and event.type in DECIDING_EVENTS
                and self._impartiality_applies()):
            return _no(procedure.impartiality.rule, "actor_involved")
        checker = _CHECKERS.get(event.type)
        return checker(self, event) if checker else None

    def _allowed_after_close(self, event: Event) -> bool:
        if self.state != "answered":
            return False
        if event.type == "court_appealed":
            return True
        return (event.type == "appealed" and self.procedure.appeal.body is not None
                and "appealed" not in self.done)

    def _not_a_step(self, event: Event) -> Refusal:
        procedure = self.procedure
        if event.type == "extended":
            return _no(procedure.extension_rule, "no_extension")
        if event.type == "appealed":
            return _no(procedure.appeal.rule, "no_internal_appeal")
        if event.type == "declined":
            return _no(procedure.decline.rule, "no_decline")
        return _no(procedure.scope_rule, "not_a_step", event=event.type)

    def _check_intake(self, event: Event) -> Refusal | None:
        intake = self.procedure.intake
        for refused in intake.refused_subjects:
            if event.get("about") == refused.about:
                return _no(refused.rule, "subject_redirected", redirect=refused.redirect)
        channel = event.get("channel")
        if channel not in intake.channels:
            return _no(intake.channels_rule, "channel_not_accepted",
                          channel=channel)
        return None

    def _once(self, event: Event, rule: str) -> Refusal | None:
        if event.type in self.done:
            return _no(rule, "already_done", on=self.done[event.type])
        return None

    def _rule_of(self, key: str) -> str:
        spec = self.procedure.deadline(key)
        return spec.rule if spec else self.procedure.scope_rule

    def _check_put_in_writing(self, event):
        if self.written_on is not None:
            rule = self.procedure.intake.written_rule or self.procedure.intake.channels_rule
            return _no(rule, "already_written", on=self.written_on)
        return None

    def _check_acknowledged(self, event):
        return self._once(event, self._rule_of("acknowledge"))

    def _check_taken_up(self, event):
        return self._once(event, self.procedure.management_rule or self._rule_of(
            "management"))

    def _check_assigned(self, event):
        if event.get("involved") and self._impartiality_applies():
            return _no(self.procedure.impartiality.rule, "involved_handler")
        return None

    def _check_holder_notified(self, event):
        return self._once(event, self._rule_of("holder_response"))

    def _check_holder_responded(self, event):
        if "holder_notified" not in self.done:
            return _no(self._rule_of("holder_response"), "holder_not_notified")
        return self._once(event, self._rule_of("holder_response"))

    def _check_incomplete(self, event):
        return self._once(event, self._rule_of("remedy"))

    def _check_remedied(self, event):
        if "incomplete" not in self.done:
            return _no(self._rule_of("remedy"), "nothing_to_remedy")
        return self._once(event, self._rule_of("remedy"))

    def _check_extended(self, event):
        spec = self.procedure.extendable
        if spec is None:
            return _no(self.procedure.extension_rule, "no_extension")
        deadline = self.latest(spec.key)
        if deadline is None:
            return _no(spec.extension.rule, "no_deadline_yet")
        if event.recorded_on > deadline.due:  # dated back or not, it came after the deadline
            return _no("X-07", "extension_too_late", due=deadline.due)
        rules, consent = spec.extension, bool(event.get("consent"))
        if deadline.extensions:
            if not consent:
                return _no(rules.consent_rule, "extension_needs_consent")
            return None
        amount, unit = _extension_amount(event)
        base, calendar = deadline._unrounded(), self.procedure.calendar
        too_long = add_period(base, amount, unit, calendar) > add_period(
            base, rules.first_at_most, rules.unit, calendar)
        if too_long and not consent:
            return _no(rules.rule, "extension_too_long",
                          limit=(rules.first_at_most, rules.unit))
        return None

    def _check_hearing_invited(self, event):
        return self._once(event, self.procedure.hearing.rule)

    def _check_hearing_reply(self, event):
        if "hearing_invited" not in self.done:
            return _no(self.procedure.hearing.rule, "not_invited")
        for reply in ("hearing_requested", "hearing_waived"):
            if reply in self.done:
                return _no(self.procedure.hearing.rule, "already_done", on=self.done[reply])
        return None

    _check_hearing_requested = _check_hearing_reply
    _check_hearing_waived = _check_hearing_reply

    def _check_hearing_held(self, event):
        impartiality = self.procedure.impartiality
        if event.get("involved") and impartiality and impartiality.hearing_rule:
            return _no(impartiality.hearing_rule, "involved_hearer")
        if "hearing_invited" not in self.done:
            return _no(self.procedure.hearing.rule, "not_invited")
        return None

    def _check_declined(self, event):
        decline = self.procedure.decline
        names = ", ".join(ground.key for ground in decline.grounds)
        if not decline.grounds:
            return _no(decline.rule, "no_decline")
        ground_key = event.get("ground")
        if ground_key is None:
            return _no(decline.rule, "ground_required", grounds=names)
        ground = decline.ground(ground_key)
        if ground is None:
            return _no(decline.rule, "ground_not_in_procedure", ground=ground_key, grounds=names)
        if ground_key == "late":
            filing = self.latest("filing")
            if filing is None or filing.met_on <= filing.due:
                return _no(ground.rule, "filed_in_time", due=filing.due if filing else "-")
        if ground_key == "incomplete":
            remedy = self.latest("remedy")
            if remedy is None:
                return _no(ground.rule, "nothing_to_remedy")
            if not self._remedy_ran_out(event.on):
                return _no(ground.rule, "remedy_pending", due=remedy.due)
        return None

    def _check_answered(self, event):
        hearing = self.procedure.hearing
        if hearing is None or self.state == "appealed":
            return None
        skipped = event.get("hearing_skipped")
        if skipped is not None:
            if skipped not in hearing.skip_grounds:
                return _no(hearing.skip_rule, "skip_ground_not_allowed", ground=skipped)
            return None
        if "hearing_held" in self.done or "hearing_waived" in self.done:
            return None
        if "hearing_requested" in self.done:
            return _no(hearing.rule, "hearing_pending")
        reply = self.latest("hearing_reply")
        if reply is not None and event.on > reply.due:
            return None  # the invitation went unanswered (DNV-K-15, DNV-B-14)
        return _no(hearing.rule, "hearing_not_offered")

    def _check_appealed(self, event):
        if self.procedure.appeal.body is None:
            return _no(self.procedure.appeal.rule, "no_internal_appeal")
        if self.state != "answered":
            return _no(self.procedure.appeal.rule, "not_answered_yet")
        return None

    def _check_court_appealed(self, event):
        if self.state != "answered":
            return _no(self._rule_of("court_appeal"), "not_answered_yet")
        return self._once(event, self._rule_of("court_appeal"))

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
        for deadline in self.deadlines:
            if deadline.is_pending and event.type in deadline.spec.met_by:
                deadline.meet(event)
        applier = _APPLIERS.get(event.type)
        if applier:
            applier(self, event)
        if event.type in ENDING_EVENTS:
            self.state, self.closed_on = event.type, event.on
            for deadline in self.deadlines:
                # our deadline, shown missed before the end was recorded, stays missed
                day = event.recorded_on if deadline.owner is Owner.ORGANIZATION else event.on
                if deadline.is_pending and day <= deadline.due:
                    deadline.cancelled_on = event.on
        self._open_due_deadlines(event)

    def _apply_received(self, event: Event) -> None:
        self.state, self.received = "open", event
        if event.get("channel") in WRITTEN_CHANNELS:
            self.written_on = event.on
        about = event.get("about")
        self.waiting = [spec for spec in self.procedure.opened_once
                        if not spec.when_about or about in spec.when_about]

    def _apply_put_in_writing(self, event: Event) -> None:
        self.written_on = event.on

    def _apply_assigned(self, event: Event) -> None:
        self.handler = event.get("handler")

    def _apply_appealed(self, event: Event) -> None:
        self.state = "appealed"

    def _apply_extended(self, event: Event) -> None:
        spec = self.procedure.extendable
        amount, unit = _extension_amount(event)
        rules = spec.extension
        rule = rules.consent_rule if self.latest(spec.key).extensions else rules.rule
        self.latest(spec.key).extensions.append(
            Extension(rule, event.on, amount, unit, bool(event.get("consent"))))

    def _open_due_deadlines(self, event: Event) -> None:
        """Open every deadline that this event starts or makes available."""
        for spec in self.procedure.started_by.get(event.type, ()):
            if not spec.when_about or self._about() in spec.when_about:
                amount = (event.get(spec.amount_field) if spec.amount_field else None) \
                    or spec.amount
                self._open(spec, event.on, spec.anchor, amount)
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
              amount: int | None = None, met_now: Event | None = None) -> None:
        deadline = Deadline(spec, self.procedure, start, anchor,
                            spec.amount if amount is None else amount)
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
        return [Event(as_of, event_type, {"involved": False})]

    def fees(self) -> tuple[Fee, ...]:
        if self.received is None or self.state == "refused_intake":
            return ()
        invoice = bool(self.received.get("invoice"))
        return tuple(fee for fee in self.procedure.fees if invoice or not fee.invoice_only)


_CHECKERS = {name.removeprefix("_check_"): method for name, method in vars(_Replay).items()
             if name.startswith("_check_") and name != "_check_intake"}
_APPLIERS = {name.removeprefix("_apply_"): method for name, method in vars(_Replay).items()
             if name.startswith("_apply_")}


def _extension_amount(event: Event) -> tuple[int, Unit]:
    if event.get("months"):
        return int(event.get("months")), Unit.MONTHS
    return int(event.get("weeks") or 0), Unit.WEEKS


def evaluate(procedure: Procedure, events: Sequence[Event], as_of: date,
             meetings: Sequence[date] = (), actor: Actor | None = None) -> CaseState:
    """Replay ``events`` (in date order, the first one ``received``) under ``procedure``."""
    replay = _Replay(procedure, meetings, actor)
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
                     allowed, tuple(replay.refused), replay.fees(), replay.handler)


def check(procedure: Procedure, events: Sequence[Event], candidate: Event, *,
          meetings: Sequence[date] = (), actor: Actor | None = None) -> Refusal | None:
    """Whether ``candidate`` may follow ``events`` now: None, or the refusal with its rule.

    The services ask this before they record an event.
    """
    replay = _Replay(procedure, meetings, actor)
    for index, event in enumerate(events):
        replay.advance(event.on)
        if replay.check(event, index) is None:
            replay.apply(event)
        elif event.type == "received" and replay.state is None:
            replay.state = "refused_intake"
    replay.advance(candidate.on)
    return replay.check(candidate, len(events))


@dataclass(frozen=True, slots=True)
class DocumentsDeadline:
    """Until when parties may send further documents before a hearing (DNV-B-16)."""

    last_day: date
    hearing_on: date
    days_before: int
    rule: str

    def is_late(self, on: date) -> bool:
        return on > self.last_day

    def basis(self, lang: str) -> str:
        return m.pick(m.BASIS["documents_before_hearing"], lang).format(
            days=self.days_before, hearing=m.format_date(self.hearing_on, lang), rule=self.rule)


def documents_deadline(procedure: Procedure, events: Sequence[Event]) -> DocumentsDeadline | None:
    """The documents limit set by the latest hearing invitation that names the hearing's day,
    where the procedure has one; None otherwise (a document then is never late)."""
    hearing = procedure.hearing
    if hearing is None or hearing.documents_rule is None:
        return None
    invitations = [event for event in events
                   if event.type == "hearing_invited" and event.get("hearing_on")]
    if not invitations:
        return None
    hearing_on = invitations[-1].get("hearing_on")
    return DocumentsDeadline(hearing_on - timedelta(days=hearing.documents_days_before),
                             hearing_on, hearing.documents_days_before, hearing.documents_rule)
