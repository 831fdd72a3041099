"""The procedure model: one organization's rules for one case type, as read from its TOML file.

These are plain frozen dataclasses; ``loader`` builds and validates them, ``engine`` runs them.
Every rule-bearing field holds a rule ID from rules.md so that a deadline or a refusal on screen
can be traced back to the sentence in the organization's own document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property

from ombud.domain.access import DEFAULT_ACCESS, Access
from ombud.domain.calendars import Calendar
from ombud.domain.periods import EndRule, Unit
from ombud.domain.retention import Retention

LANGUAGES = ("nb", "nl", "en")
Localized = dict[str, str]  # language code -> text; always has nb, nl and en

CHANNELS = ("letter", "email", "web", "oral")
WRITTEN_CHANNELS = frozenset({"letter", "email", "web"})

# Every event type Ombud knows. A procedure names the ones that are steps of it.
# ``lowest_level_tried`` and ``partner_contacted`` are steps of handling that start and stop no
# deadline: an attempt to resolve the complaint at the lowest level, with whom and its outcome
# (AV-06, GL-08, PP-13), and a contact with a cooperation partner (AV-10, GL-09, PP-13).
EVENT_TYPES = (
    "received", "put_in_writing", "acknowledged", "lowest_level_tried", "partner_contacted",
    "taken_up", "assigned", "holder_notified",
    "holder_responded", "incomplete", "remedied", "hearing_invited", "hearing_requested",
    "hearing_waived", "hearing_held", "declined", "extended", "answered", "appealed",
    "court_appealed", "withdrawn",
    # DNV inspection (DNV-I-06, DNV-I-07); objection hearings and the court (DNV-B-04,
    # DNV-B-20, DNV-B-21, DNV-R-03)
    "payment_received", "slot_booked", "decision_makers_named", "parties_informed",
    "new_facts", "court_decided",
    # The first instance does not reverse its decision and sends the case to the appeal body
    # itself (fvl § 33): a step of its own, with its deadlines ([forwarding], issue 13)
    "forwarded",
)
SUBJECTS = ("exam", "exam_result", "conduct", "dnv_itself", "course", "premises", "service")
OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
# What the court decided on an appeal against the decision on an objection (DNV-R-03).
COURT_OUTCOMES = ("annulled", "dismissed", "inadmissible", "withdrawn", "settled")
HEARING_SKIP_GROUNDS = ("manifestly_unfounded", "manifestly_inadmissible", "fully_granted")

# Where a deadline's period runs from. "deadline:<key>", "event:<type>" and "expired:<key>"
# name another deadline or an event; the plain ones are days the received event carries.
PLAIN_ANCHORS = ("received", "written", "exam_on", "decision_on", "result_on", "next_meeting")
RECEIVED_DATE_FIELDS = ("exam_on", "decision_on", "result_on")


# The roles a person can have in a case; an involved person may be barred from some of them
# only (Awb 7:5 bars only the hearer): [impartiality] roles.
IMPARTIAL_ROLES = ("decider", "hearer", "handler")
# What a remedy term set in a request may be given in (amount_from = "term"): the event's field
# and the unit it counts in.
TERM_FIELDS = (("term_days", "calendar_days"), ("term_weeks", "weeks"))


class Owner(StrEnum):
    ORGANIZATION = "organization"
    FILER = "filer"
    HOLDER = "holder"


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    """How the deadline may be postponed: once up to ``first_at_most``, then only with consent."""

    rule: str
    first_at_most: int
    unit: Unit
    consent_rule: str


@dataclass(frozen=True, slots=True)
class Variant:
    """Another length of a deadline for the cases it applies to (Awb 7:10: twelve weeks
    instead of six with an advisory committee). ``when``: a case flag that an event sets
    (``"advisory_committee"``), or ``"event:<type>"``: once that step was recorded."""

    when: str
    amount: int
    unit: Unit
    rule: str
    label: Localized


@dataclass(frozen=True, slots=True)
class Posting:
    """A filer's step counts as on time by its posting date (fvl § 30 b, Awb 6:9): posted on or
    before the deadline, and, where ``received_within_days`` is set, received at most that many
    days after it."""

    rule: str
    received_within_days: int | None = None


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    key: str
    rule: str
    owner: Owner
    anchor: str
    amount: int
    unit: Unit
    met_by: frozenset[str]
    amount_field: str | None = None  # the starting event may set the amount (term_weeks)
    when_about: frozenset[str] = frozenset()  # only for cases about one of these subjects
    appears_with: str | None = None  # only once this event type was recorded
    suspension_rule: str | None = None  # DNV-B-08: stands still while an omission is remedied
    extension: ExtensionRule | None = None
    # Issue 13: more events that open it ("event:declined" beside from = "event:answered")
    also_from: tuple[str, ...] = ()
    end_rule: EndRule | None = None  # overrides the file's end_of_period for this deadline
    end_rule_rule: str | None = None  # the rule that says so (fvl § 30 / domstolloven § 148)
    variants: tuple[Variant, ...] = ()
    posting: Posting | None = None
    # "event:hearing_invited" -> kind "event", target "hearing_invited"; "written" -> "written", ""
    anchor_kind: str = field(init=False)
    anchor_target: str = field(init=False)

    def __post_init__(self) -> None:
        kind, _, target = self.anchor.partition(":")
        object.__setattr__(self, "anchor_kind", kind)
        object.__setattr__(self, "anchor_target", target)


@dataclass(frozen=True, slots=True)
class DeclaredEvent:
    """A neutral step a bundle declares (issue 13): recorded by ``record``'s roles, with the day
    it happened (``date``; else the day it is recorded) and a text (``text``: required, optional
    or none). It starts and meets only the bundle's own deadlines; it never closes, decides or
    answers a case. Its name is in the bundle's texts, ``[events]``."""

    key: str
    rule: str
    record: frozenset[str]
    date: bool = True
    text: str = "optional"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option with a rule and a label: who may file, what about, a decline ground."""

    key: str
    rule: str
    label: Localized


@dataclass(frozen=True, slots=True)
class Fee:
    item: str
    rule: str
    excl_vat: Decimal
    vat_rate: Decimal
    invoice_only: bool = False
    payment_reference: str = ""  # the word that starts the payment reference ("inzage")

    @property
    def vat(self) -> Decimal:
        """VAT on this item alone, rounded half up to the cent."""
        return (self.excl_vat * self.vat_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def incl_vat(self) -> Decimal:
        return self.excl_vat + self.vat


@dataclass(frozen=True, slots=True)
class RefusedSubject:
    about: str
    rule: str
    redirect: str  # the procedure that handles it instead


@dataclass(frozen=True, slots=True)
class Intake:
    channels: frozenset[str]
    channels_rule: str
    filers: tuple[Choice, ...]
    subjects: tuple[Choice, ...]
    required_fields: tuple[Choice, ...]
    requires: tuple[str, ...]  # date fields the received event must carry
    refused_subjects: tuple[RefusedSubject, ...] = ()
    written_rule: str | None = None  # who puts an oral complaint in writing (PP-03, DNV-K-08)


@dataclass(frozen=True, slots=True)
class Impartiality:
    rule: str
    exempt_about: frozenset[str] = frozenset()
    hearing_rule: str | None = None
    # The roles an involved person may not take (issue 13): all three unless the file says
    roles: frozenset[str] = frozenset(IMPARTIAL_ROLES)


@dataclass(frozen=True, slots=True)
class Hearing:
    rule: str  # the duty to offer a hearing before the answer
    skip_rule: str
    skip_grounds: frozenset[str]
    # Further documents count for sure until this many days before the hearing (DNV-B-16).
    documents_rule: str | None = None
    documents_days_before: int = 0
    # The file lies open for inspection at least this many days before the hearing (DNV-B-17).
    file_rule: str | None = None
    file_days_before: int = 0
    joint_rule: str | None = None  # heard together unless there is a reason (DNV-B-18)
    report_rule: str | None = None  # the report names witnesses and experts (DNV-B-19)
    separate_rule: str | None = None  # parties heard apart are told what was said (DNV-B-20)
    new_facts_rule: str | None = None  # new facts after the hearing: heard on them (DNV-B-21)


@dataclass(frozen=True, slots=True)
class Booking:
    """Appointments the filer books on their private page (DNV-I-06): a place, a length, and
    the weekly times offered on working days, from ``first_after`` days ahead for ``days``."""

    rule: str
    place: Localized
    minutes: int
    weekdays: tuple[int, ...]  # 1 = Monday
    times: tuple[str, ...]  # "09:30"
    first_after: int
    days: int
    after: str  # the step that must come first ("payment_received")


@dataclass(frozen=True, slots=True)
class Payment:
    """Where the fees are paid (DNV-I-07): the account, shown on the receipt and the page."""

    rule: str
    iban: str
    bic: str
    account_name: str


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What the person may see per subject, and what never (DNV-I-04, DNV-I-05, DNV-I-09)."""

    shown_rule: str
    shown: tuple[tuple[str, Localized], ...]  # (subject, what is shown)
    never_rule: str
    never: Localized
    no_discussion_rule: str
    no_discussion: Localized

    def shown_for(self, about: str | None) -> Localized | None:
        return next((what for key, what in self.shown if key == about), None)


@dataclass(frozen=True, slots=True)
class Decline:
    rule: str
    grounds: tuple[Choice, ...]

    def ground(self, key: str) -> Choice | None:
        return next((ground for ground in self.grounds if ground.key == key), None)


@dataclass(frozen=True, slots=True)
class Appeal:
    rule: str
    body: Localized | None = None  # None: no internal appeal (X-09, NE-A-06)
    # The remedy every answer states outside the organization: "court" (DNV-R-02)
    clause: str | None = None
    clause_rule: str | None = None
    final: bool = False  # the answer says it is final (NE-A-06)
    # Who answered first, or handled the case then, does not handle or decide the appeal
    # (PP-17: the board is the appeal body). None: no such rule.
    impartiality_rule: str | None = None
    # The decisions an appeal lies against (fvl § 2(3): a dismissal is a decision too), and
    # those the court hears (Awb 8:1: an inadmissibility decision too). Issue 13.
    against: frozenset[str] = frozenset({"answered"})
    court_against: frozenset[str] = frozenset({"answered"})


@dataclass(frozen=True, slots=True)
class Forwarding:
    """A case the first instance does not reverse goes to the appeal body by itself (fvl § 33):
    the ``forwarded`` step. The first instance's letters then do not invite an appeal."""

    rule: str


@dataclass(frozen=True)  # no slots: the cached properties below need a __dict__
class Procedure:
    id: str  # "<org>/<case type>"
    version: str
    valid_from: date
    source: str
    language: str
    calendar: Calendar
    end_rule: EndRule
    title: Localized
    handled_by: Localized
    scope_rule: str
    steps: frozenset[str]
    intake: Intake
    deadlines: tuple[DeadlineSpec, ...]
    decline: Decline
    appeal: Appeal
    answer_rule: str
    impartiality: Impartiality | None = None
    hearing: Hearing | None = None
    management_rule: str | None = None
    fees: tuple[Fee, ...] = ()
    extension_rule: str = ""  # refuses an extension where no deadline can be extended
    references: tuple[tuple[str, str], ...] = field(default=())  # (rule, what) documented only
    access: Access = DEFAULT_ACCESS  # who reads its cases, and its rows of the permission table
    # False: the answer states no outcome (an inspection took place; nothing is upheld)
    answer_outcome: bool = True
    booking: Booking | None = None
    payment: Payment | None = None
    disclosure: Disclosure | None = None
    # The handler sees earlier decided cases on the same subject (DNV-B-12)
    precedents_rule: str | None = None
    court_outcome_rule: str | None = None  # the court's outcome is recorded (DNV-R-03)
    forwarding: Forwarding | None = None
    retention: Retention | None = None  # how long closed cases are kept (issue 14)
    declared_events: tuple[DeclaredEvent, ...] = ()  # the bundle's own neutral steps

    @property
    def organization(self) -> str:
        return self.id.partition("/")[0]

    @property
    def case_type(self) -> str:
        return self.id.partition("/")[2]

    def deadline(self, key: str) -> DeadlineSpec | None:
        return next((spec for spec in self.deadlines if spec.key == key), None)

    @cached_property
    def extendable(self) -> DeadlineSpec | None:
        return next((spec for spec in self.deadlines if spec.extension), None)

    @cached_property
    def started_by(self) -> dict[str, tuple[DeadlineSpec, ...]]:
        """Event type -> the deadlines that event starts (``from = "event:<type>"``)."""
        found: dict[str, list[DeadlineSpec]] = {}
        for spec in self.deadlines:
            if spec.anchor_kind == "event":
                found.setdefault(spec.anchor_target, []).append(spec)
            for anchor in spec.also_from:
                found.setdefault(anchor.partition(":")[2], []).append(spec)
        return {event: tuple(specs) for event, specs in found.items()}

    @cached_property
    def variant_triggers(self) -> frozenset[str]:
        """The case flags and ``event:<type>`` conditions that choose a deadline's variant."""
        return frozenset(variant.when for spec in self.deadlines for variant in spec.variants)

    @cached_property
    def case_flags(self) -> tuple[str, ...]:
        """The flags an event may set on the case (``advisory_committee``), from the variants."""
        return tuple(sorted(when for when in self.variant_triggers if ":" not in when))

    @cached_property
    def opened_once(self) -> tuple[DeadlineSpec, ...]:
        """Deadlines that open once, when their start day becomes known."""
        return tuple(spec for spec in self.deadlines
                     if spec.anchor_kind not in ("event", "expired"))

    @cached_property
    def steps_in_order(self) -> tuple[str, ...]:
        return (*(event for event in EVENT_TYPES if event in self.steps),
                *(event.key for event in self.declared_events))

    @cached_property
    def event_types(self) -> tuple[str, ...]:
        """Ombud's event types and the bundle's declared ones: what a case's history may hold."""
        return (*EVENT_TYPES, *(event.key for event in self.declared_events))

    def declared(self, key: str) -> DeclaredEvent | None:
        return next((event for event in self.declared_events if event.key == key), None)

    @cached_property
    def opened_on_expiry(self) -> tuple[DeadlineSpec, ...]:
        """Deadlines that open when another one ran out unused (``from = "expired:<key>"``)."""
        return tuple(spec for spec in self.deadlines if spec.anchor_kind == "expired")
