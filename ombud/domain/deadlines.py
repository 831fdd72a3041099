"""One deadline of one case: its start, its period, what moved it (suspensions, extensions),
its due day and its status. The engine opens and meets deadlines; this module computes their dates.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ombud.domain import messages as m
from ombud.domain.basis import basis_parts
from ombud.domain.events import Event
from ombud.domain.periods import EndRule, Unit, add_period, days_after, end_of_period
from ombud.domain.procedure import DeadlineSpec, Owner, Procedure, Variant


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
    ended_on: date | None = None  # the case closed with it unmet: it can be met no more
    status: str = "open"
    _plain_due: date | None = None  # due without suspensions or extensions, computed once
    period_unit: Unit | None = None  # the unit of a term set in the request (term_days)
    variant: Variant | None = None  # the length chosen for this case (Awb 7:10)
    variant_since: date | None = None  # the day the case came to need it
    posted_on: date | None = None  # the posting date of the step that met it (fvl § 30)

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

    @property
    def unit(self) -> Unit:
        return self.period_unit or self.spec.unit

    @property
    def end_rule(self) -> EndRule:
        """Its own end of period where the procedure gives one, else the file's (issue 13)."""
        return self.spec.end_rule or self.procedure.end_rule

    def meet(self, event: Event) -> None:
        self.met_on, self.met_recorded_on = event.on, event.recorded_on
        if self.spec.posting is not None:
            self.posted_on = posted_on(event)

    def vary(self, variant: Variant, since: date) -> None:
        """Give this case's deadline the variant's length (Awb 7:10: twelve weeks)."""
        self.variant, self.variant_since = variant, since
        self.amount, self.period_unit, self._plain_due = variant.amount, variant.unit, None

    def timely(self, on: date, posted: date | None = None) -> bool:
        """Whether a step on ``on``, posted on ``posted``, meets this deadline: on or before
        ``due``, or, where the procedure lets the posting date count, posted on or before it
        and received within the days it allows after it (fvl § 30 b, Awb 6:9)."""
        due = self.due
        if on <= due:
            return True
        posting = self.spec.posting
        if posting is None or posted is None or posted > due:
            return False
        within = posting.received_within_days
        return within is None or on <= due + timedelta(days=within)

    @property
    def saved_by_posting(self) -> bool:
        """Received after ``due`` but on time by its posting date."""
        return (self.met_on is not None and self.met_on > self.due
                and self.timely(self.met_on, self.posted_on))

    @property
    def recorded_late(self) -> bool:
        """X-07: met on a day before ``due``, but recorded only after it, when the deadline was
        already shown missed. Only the organization's own deadlines: a filer who acted in time
        is not late because we wrote it down later."""
        return (self.owner is Owner.ORGANIZATION and self.met_on is not None
                and self.met_recorded_on is not None
                and self.met_on <= self.due < self.met_recorded_on)

    def unrounded(self) -> date:
        calendar = self.procedure.calendar
        day = add_period(self.start, self.amount, self.period_unit or self.spec.unit, calendar)
        for suspension in self.suspensions:
            day += timedelta(days=suspension.days)
        for extension in self.extensions:
            day = add_period(day, extension.amount, extension.unit, calendar)
        return day

    @property
    def due(self) -> date:
        if self.suspensions or self.extensions:
            return self._rounded(self.unrounded())
        if self._plain_due is None:
            self._plain_due = self._rounded(self.unrounded())
        return self._plain_due

    def _rounded(self, day: date) -> date:
        return end_of_period(day, self.spec.end_rule or self.procedure.end_rule,
                             self.procedure.calendar)

    def settle(self, as_of: date) -> None:
        """Fix ``status`` as of ``as_of`` (see SIMULATE.md for the words)."""
        due = self.due
        if self.met_on is not None:
            in_time = self.met_on <= due or (self.posted_on is not None
                                             and self.timely(self.met_on, self.posted_on))
            self.status = "met" if in_time and not self.recorded_late else "missed"
        elif self.cancelled_on is not None:
            self.status = "cancelled"
        elif as_of > due:
            self.status = "missed" if self.owner is Owner.ORGANIZATION else "expired"
        else:
            self.status = "open"

    @property
    def late_unit(self) -> Unit:
        """Lateness counts working days for a period in working days, else calendar days."""
        return Unit.WORKING_DAYS if self.unit == Unit.WORKING_DAYS else Unit.CALENDAR_DAYS

    def days_late(self, as_of: date) -> int:
        """X-07: how late a missed deadline is: to the day it was met (or recorded, when that
        made it missed), else to the day the case closed without it, else to ``as_of``; 0
        unless it is missed."""
        if self.status != "missed":
            return 0
        last = (self.met_recorded_on if self.recorded_late else self.met_on) or min(
            self.ended_on or as_of, as_of)
        return days_after(self.due, last, self.late_unit, self.procedure.calendar)

    def lateness(self, as_of: date, lang: str = m.DEFAULT_LANGUAGE) -> str:
        """"3 working days late" for a missed deadline (X-07); empty otherwise."""
        days = self.days_late(as_of)
        if not days:
            return ""
        return m.pick(m.LATE, lang).format(
            days=m.amount_with_unit(days, self.late_unit.value, lang))

    def basis(self, lang: str = m.DEFAULT_LANGUAGE) -> str:
        """Why the deadline falls where it does, in words."""
        parts = basis_parts(self, lang)
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


def posted_on(event: Event) -> date | None:
    """The posting date an event carries, where it is a day on or before the event."""
    posted = event.get("posted_on")
    return posted if isinstance(posted, date) and posted <= event.on else None


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
