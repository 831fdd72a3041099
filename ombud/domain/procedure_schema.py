"""What a procedure file must say: TOML in, a validated ``Procedure`` out, or one clear error.

A broken file is reported as ``<file>: <key>: <what is wrong>``, never as a traceback. Unknown keys
are errors too, so that a misspelt key does not silently drop a rule. Finding the files and the
version in force is ``loader``'s part.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from ombud.domain import bundle_toml
from ombud.domain.access import FILE_ACTIONS, READER_KINDS, ROLES, Access
from ombud.domain.bundles import bundle_dir, catalogue_for, split_procedure_id
from ombud.domain.calendars import CALENDARS, calendar_by_code
from ombud.domain.deadline_schema import check_reach, deadline_extras
from ombud.domain.declared_schema import (
    check_declared_use,
    declared_events,
    refuse_undeclarable,
    with_declared_roles,
)
from ombud.domain.periods import EndRule, Unit
from ombud.domain.procedure import (
    CHANNELS,
    EVENT_TYPES,
    HEARING_SKIP_GROUNDS,
    IMPARTIAL_ROLES,
    LANGUAGES,
    PLAIN_ANCHORS,
    RECEIVED_DATE_FIELDS,
    SUBJECTS,
    Appeal,
    Booking,
    Choice,
    DeadlineSpec,
    Decline,
    Disclosure,
    ExtensionRule,
    Fee,
    Forwarding,
    Hearing,
    Impartiality,
    Intake,
    Owner,
    Payment,
    Procedure,
    RefusedSubject,
)
from ombud.domain.retention import ACTIONS as RETENTION_ACTIONS
from ombud.domain.retention import Retention
from ombud.domain.rules import CatalogueError, Rule
from ombud.domain.toml_table import ProcedureError, Table

DECLARED_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}\Z")
APPEAL_CLAUSES = ("court",)  # remedies outside the organization that answers must state
DEADLINE_KEYS = ("filing", "acknowledge", "management", "holder_response", "hearing_reply",
                 "remedy", "inadmissible_notice", "decline_notice", "answer", "court_appeal",
                 "appeal",
                 # issue 13: the first instance's term to forward a case it does not reverse,
                 # and the appeal body's term to decide a forwarded case
                 "forwarding", "appeal_answer")
AMOUNT_FIELDS = ("term_weeks", "term")  # term: the event's term_days or term_weeks (issue 13)
DECISIONS = ("answered", "declined")  # what an appeal or a court appeal may lie against


def _choices(table: Table, key: str) -> tuple[Choice, ...]:
    found = []
    for item in table.tables(key):
        found.append(Choice(item.text("key"), item.rule("rule"), item.localized("label")))
        item.done()
    return tuple(found)


def _declared_subjects(data: dict) -> tuple[str, ...]:
    """Ombud's subjects and the keys of the procedure's own ``[[intake.subjects]]``: what
    ``when_about``, ``exempt_about`` and a case's ``about`` may name."""
    intake = data.get("intake")
    own = intake.get("subjects", []) if isinstance(intake, dict) else []
    keys = [item["key"] for item in own if isinstance(item, dict)
            and isinstance(item.get("key"), str)] if isinstance(own, list) else []
    return tuple(dict.fromkeys((*SUBJECTS, *keys)))


def _declared_deadline_keys(top: Table) -> tuple[str, ...]:
    """Ombud's deadline keys and those the procedure declares (``deadline_keys``): a key of
    its own starts, is met and counts like any other; its name comes from the bundle's texts."""
    own = top.raw("deadline_keys", list, [], "a list of keys such as \"board_answer\"")
    for key in own:
        if not isinstance(key, str) or not DECLARED_KEY.match(key) or key in DEADLINE_KEYS:
            raise top.fail("deadline_keys", f"{key!r} is not a new key (lower-case letters, "
                                            "digits and _, not one of Ombud's)")
    return (*DEADLINE_KEYS, *own)


def _deadline(item: Table, earlier: list[DeadlineSpec],
              subjects: tuple[str, ...] = SUBJECTS, keys: tuple[str, ...] = DEADLINE_KEYS,
              events: tuple[str, ...] = EVENT_TYPES) -> DeadlineSpec:
    key = item.one_of("key", keys)
    if any(spec.key == key for spec in earlier):
        raise item.fail("key", f"deadline {key!r} is defined twice")
    anchor = item.text("from")
    _check_anchor(item, anchor, earlier, events)
    extension = None
    if table := item.table("extension", required=False):
        extension = ExtensionRule(table.rule("rule"), table.integer("first_at_most", minimum=1),
                                  Unit(table.one_of("unit", ("weeks", "months"))),
                                  table.rule("consent_rule"))
        table.done()
    spec = DeadlineSpec(
        key=key,
        rule=item.rule("rule"),
        owner=Owner(item.one_of("owner", tuple(Owner), "organization")),
        anchor=anchor,
        amount=item.integer("amount"),
        unit=Unit(item.one_of("unit", tuple(Unit))),
        met_by=item.many_of("met_by", events),
        amount_field=item.one_of("amount_from", AMOUNT_FIELDS, None),
        when_about=item.many_of("when_about", subjects, []),
        appears_with=item.one_of("appears_with", EVENT_TYPES, None),
        suspension_rule=item.rule("suspension_rule", None),
        extension=extension,
        **deadline_extras(item, events),
    )
    if spec.amount_field == "term_weeks" and spec.unit is not Unit.WEEKS:
        raise item.fail("unit", "must be weeks when the amount comes from term_weeks")
    if spec.amount_field == "term" and spec.unit not in (Unit.WEEKS, Unit.CALENDAR_DAYS):
        raise item.fail("unit", "must be weeks or calendar_days when the amount comes from "
                                "the term set in the request")
    if spec.amount_field and spec.variants:
        raise item.fail("variant", "cannot be combined with amount_from: the request sets "
                                   "the term")
    item.done()
    return spec


def _check_anchor(item: Table, anchor: str, earlier: list[DeadlineSpec],
                  events: tuple[str, ...]) -> None:
    kind, _, target = anchor.partition(":")
    if not target and anchor in PLAIN_ANCHORS:
        return
    if kind == "event" and target in events:
        return
    if kind in ("deadline", "expired") and any(spec.key == target for spec in earlier):
        return
    raise item.fail("from", f"{anchor!r} is not a start: use one of {', '.join(PLAIN_ANCHORS)}, "
                            "event:<type>, or deadline:<key> / expired:<key> of a deadline "
                            "defined above it")


def _intake(table: Table, subjects: tuple[str, ...] = SUBJECTS) -> Intake:
    refused = []
    for item in table.tables("refused_subjects"):
        refused.append(RefusedSubject(item.one_of("about", subjects), item.rule("rule"),
                                      item.text("redirect")))
        item.done()
    intake = Intake(
        channels=table.many_of("channels", CHANNELS),
        channels_rule=table.rule("channels_rule"),
        filers=_choices(table, "filers"),
        subjects=_choices(table, "subjects"),
        required_fields=_choices(table, "required_fields"),
        requires=tuple(sorted(table.many_of("requires", RECEIVED_DATE_FIELDS, []))),
        refused_subjects=tuple(refused),
        written_rule=table.rule("written_rule", None),
    )
    if not intake.channels:
        raise table.fail("channels", "must name at least one channel")
    if not intake.filers:
        raise table.fail("filers", "must name who may file")
    if "oral" in intake.channels and not intake.written_rule:
        raise table.fail("written_rule", "is required when oral cases are accepted (X-05)")
    table.done()
    return intake


def _optional(table: Table, key: str, build):
    section = table.table(key, required=False)
    if section is None:
        return None
    built = build(section)
    section.done()
    return built


def _booking(table: Table) -> Booking:
    """``[booking]``: the appointments offered (DNV-I-06), as data."""
    times = tuple(table.raw("times", list, what="a list of times such as \"09:30\""))
    for time in times:
        hour, colon, minute = str(time).partition(":")
        if not (colon and hour.isdigit() and minute.isdigit() and int(hour) < 24
                and int(minute) < 60):
            raise table.fail("times", f"{time!r} is not a time such as \"09:30\"")
    weekdays = tuple(table.raw("weekdays", list, what="a list of weekdays (1 = Monday)"))
    if not weekdays or any(not isinstance(day, int) or not 1 <= day <= 7 for day in weekdays):
        raise table.fail("weekdays", "must list weekdays from 1 (Monday) to 7 (Sunday)")
    return Booking(table.rule("rule"), table.localized("place"), table.integer("minutes", 45, 1),
                   weekdays, times, table.integer("first_after", 1), table.integer("days", 20, 1),
                   table.one_of("after", EVENT_TYPES))


def _disclosure(table: Table) -> Disclosure:
    """``[disclosure]``: what is shown per subject and what never is (DNV-I-04, I-05, I-09)."""
    shown = []
    for item in table.tables("shown"):
        shown.append((item.text("about"), item.localized("what")))
        item.done()
    return Disclosure(table.rule("shown_rule"), tuple(shown), table.rule("never_rule"),
                      table.localized("never"), table.rule("no_discussion_rule"),
                      table.localized("no_discussion"))


def _access(table: Table) -> Access:
    """``[access]``: who reads the procedure's cases (with the rule that says so) and its rows
    of the permission table (``[access.record]``: action = [roles])."""
    readers = table.many_of("readers", READER_KINDS) if table.has("readers") else None
    record = {}
    if rows := table.table("record", required=False):
        for action in list(rows.data):
            if action not in (*EVENT_TYPES, *FILE_ACTIONS):
                raise rows.fail(action, "is not an event type or a file action")
            record[action] = rows.many_of(action, ROLES)
        rows.done()
    access = Access(rule=table.rule("rule", None),
                    readers=readers if readers is not None else frozenset(ROLES),
                    record=MappingProxyType(record))
    if access.restricted and not access.rule:
        raise table.fail("rule", "is required when readers are restricted")
    return access


def _decisions(table: Table, key: str) -> frozenset[str]:
    """``[appeal] against`` / ``court_against``: the decisions a remedy lies against."""
    found = table.many_of(key, DECISIONS, ["answered"])
    if not found:
        raise table.fail(key, "must name at least one decision: answered, declined")
    return found


def _roles(table: Table) -> frozenset[str]:
    """``[impartiality] roles``: which roles an involved person may not take (Awb 7:5)."""
    roles = table.many_of("roles", IMPARTIAL_ROLES, list(IMPARTIAL_ROLES))
    if not roles:
        raise table.fail("roles", f"must name at least one of {', '.join(IMPARTIAL_ROLES)}")
    return roles


def _retention(table: Table) -> Retention:
    """``[retention]``: how many years closed cases are kept, and what happens then."""
    return Retention(table.integer("years", minimum=1), table.one_of("then", RETENTION_ACTIONS),
                     table.localized("basis"))


def parse_procedure(text: str, file: str, rules: Mapping[str, Rule] | None = None) -> Procedure:
    """Build a procedure from the text of its file. ``rules``: the catalogue it may name, by
    default its organization's bundle's and Ombud's. Raises ProcedureError."""
    try:
        data = bundle_toml.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProcedureError(file, "", f"not valid TOML: {error}") from None
    top = Table(file, "", data)
    procedure_id = top.text("procedure")
    parts = split_procedure_id(procedure_id)
    if parts is None:
        raise top.fail("procedure", f"{procedure_id!r} is not <org>/<case type> (lower-case "
                                    "letters, digits; - in the org, _ in the case type)")
    try:
        top.rules = catalogue_for(bundle_dir(parts[0])) if rules is None else rules
    except CatalogueError as error:
        raise ProcedureError(file, "", str(error)) from None
    refuse_undeclarable(top)
    declared = declared_events(top)
    events = (*EVENT_TYPES, *(event.key for event in declared))
    unknown = [step for step in top.raw("steps", list, [], "a list of strings")
               if step not in events]
    if unknown:
        raise top.fail("steps", f"{unknown[0]!r} is neither one of Ombud's event types nor an "
                                "[[event]] of the file (docs/authoring.md, Declared events)")
    subjects = _declared_subjects(data)
    keys = _declared_deadline_keys(top)
    deadlines: list[DeadlineSpec] = []
    for item in top.tables("deadline"):
        deadlines.append(_deadline(item, deadlines, subjects, keys, events))
    check_reach(top, deadlines)
    fees = []
    for item in top.tables("fee"):
        fees.append(Fee(item.text("item"), item.rule("rule"), item.money("excl_vat"),
                        item.money("vat_rate"), item.flag("invoice_only"),
                        item.text("payment_reference", None) or ""))
        item.done()
    references = []
    for item in top.tables("reference"):
        references.append((item.rule("rule"), item.text("what")))
        item.done()

    procedure = Procedure(
        id=procedure_id,
        version=top.text("version"),
        valid_from=top.day("valid_from"),
        source=top.text("source"),
        language=top.one_of("language", LANGUAGES),
        calendar=calendar_by_code(top.one_of("calendar", tuple(CALENDARS))),
        end_rule=EndRule(top.one_of("end_of_period", tuple(EndRule))),
        title=top.localized("title"),
        handled_by=top.localized("handled_by"),
        scope_rule=top.rule("scope_rule"),
        steps=top.many_of("steps", events) | {event.key for event in declared},
        intake=_intake(top.table("intake"), subjects),
        deadlines=tuple(deadlines),
        decline=_optional(top, "decline",
                          lambda t: Decline(t.rule("rule"), _choices(t, "grounds"))),
        appeal=_optional(top, "appeal", lambda t: Appeal(
            t.rule("rule"), t.localized("body") if t.has("body") else None,
            t.one_of("clause", APPEAL_CLAUSES, None), t.rule("clause_rule", None),
            t.flag("final"), t.rule("impartiality_rule", None),
            _decisions(t, "against"), _decisions(t, "court_against"))),
        answer_rule=top.rule("answer_rule"),
        impartiality=_optional(top, "impartiality", lambda t: Impartiality(
            t.rule("rule"), t.many_of("exempt_about", subjects, []), t.rule("hearing_rule", None),
            _roles(t))),
        hearing=_optional(top, "hearing", lambda t: Hearing(
            t.rule("rule"), t.rule("skip_rule"), t.many_of("skip_grounds", HEARING_SKIP_GROUNDS),
            t.rule("documents_rule", None), t.integer("documents_days_before", 0),
            t.rule("file_rule", None), t.integer("file_days_before", 0),
            t.rule("joint_rule", None), t.rule("report_rule", None),
            t.rule("separate_rule", None), t.rule("new_facts_rule", None))),
        management_rule=top.rule("management_rule", None),
        fees=tuple(fees),
        extension_rule=top.rule("extension_rule"),
        references=tuple(references),
        answer_outcome=top.flag("answer_outcome", True),
        booking=_optional(top, "booking", _booking),
        payment=_optional(top, "payment", lambda t: Payment(
            t.rule("rule"), t.text("iban"), t.text("bic"), t.text("account_name"))),
        disclosure=_optional(top, "disclosure", _disclosure),
        precedents_rule=top.rule("precedents_rule", None),
        court_outcome_rule=top.rule("court_outcome_rule", None),
        forwarding=_optional(top, "forwarding", lambda t: Forwarding(t.rule("rule"))),
        declared_events=declared,
    )
    access = _optional(top, "access", _access) or procedure.access
    procedure = replace(procedure, access=with_declared_roles(access, declared))
    if retention := _optional(top, "retention", _retention):
        procedure = replace(procedure, retention=retention)
    top.done()
    _check_whole(top, procedure)
    return procedure


def _check_whole(top: Table, procedure: Procedure) -> None:
    """Checks that need the whole procedure, not one key."""
    if procedure.decline is None:
        raise top.fail("decline", "is required (an empty grounds list means: never declined)")
    if procedure.appeal is None:
        raise top.fail("appeal", "is required (without a body: no internal appeal, X-09)")
    for spec in procedure.deadlines:
        for event in spec.met_by | ({spec.appears_with} - {None}):
            if event not in procedure.steps:
                raise top.fail(f"deadline.{spec.key}", f"uses {event!r}, which is not in steps")
    if procedure.hearing and not {"hearing_invited", "hearing_held"} <= procedure.steps:
        raise top.fail("hearing", "needs hearing_invited and hearing_held in steps")
    _check_issue_13(top, procedure)
    check_declared_use(top, procedure, DEADLINE_KEYS)


def _check_issue_13(top: Table, procedure: Procedure) -> None:
    """The keys added in issue 13 against the rest of the file."""
    steps, appeal = procedure.steps, procedure.appeal
    if (procedure.forwarding is None) == ("forwarded" in steps):
        raise top.fail("forwarding", "and the step forwarded go together: give both or neither")
    if procedure.forwarding and appeal.body is None:
        raise top.fail("forwarding", "needs [appeal] body: the body the case is forwarded to")
    if "declined" in appeal.against and appeal.body is None:
        raise top.fail("appeal.against", "an appeal against a dismissal needs [appeal] body")
    for decision in appeal.against | appeal.court_against:
        if decision not in steps:
            raise top.fail("appeal", f"an appeal against {decision!r}, which is not in steps")
    for spec in procedure.deadlines:
        for anchor in spec.also_from:
            if anchor.partition(":")[2] not in steps:
                raise top.fail(f"deadline.{spec.key}.also_from",
                               f"uses {anchor!r}, which is not in steps")
        for variant in spec.variants:
            if variant.when.startswith("event:") and variant.when[6:] not in steps:
                raise top.fail(f"deadline.{spec.key}.variant",
                               f"uses {variant.when!r}, which is not in steps")

