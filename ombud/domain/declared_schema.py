"""What a bundle declares beyond Ombud's own steps (issue 13): neutral events of its own.

A declared event (``[[event]]`` in a procedure file) is a step the organization records, such as
the advice of an advisory committee: a key, the rule it follows, the roles that record it,
whether the form asks its day and a text. Its name is in the bundle's texts (``[events]``, in
nb, nl and en). It may start and meet deadlines of the bundle's own keys (``deadline_keys``),
which the engine counts like every other; it never closes, decides or answers a case, and it
never touches one of Ombud's deadlines, whose meaning the engine's own steps carry.

Body kinds are the organization's, not one case type's: they are words only, in the bundle's
texts (``[body_kinds]``), so a procedure file may not declare them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from ombud.domain.access import FILE_ACTIONS, Access
from ombud.domain.procedure import EVENT_TYPES, DeclaredEvent, Procedure
from ombud.domain.toml_table import Table

# Entries the history holds that are not steps (cases.services.FILE_EVENTS, the erasure and
# retention entries): a declared event may take none of these names, nor one of Ombud's steps.
HISTORY_ENTRIES = ("party_changed", "corrective_action_done", "extension_consent",
                   "deadline_missed", "title_changed", "personal_data_erased", "anonymized")
RESERVED = frozenset({*EVENT_TYPES, *FILE_ACTIONS, *HISTORY_ENTRIES})
# Who records steps at all: the administrator, the auditor and the privacy officer record
# nothing in a case (the permission table, ombud.domain.access).
RECORDING_ROLES = ("intake", "handler", "manager")
TEXT_CHOICES = ("required", "optional", "none")
# Ombud's own kinds of body (orgs.models.BodyKind): a bundle's kind takes another name
BUILT_IN_BODY_KINDS = ("management_meeting", "certification_council", "board",
                    "department_manager", "quality_officer")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}\Z")  # the history's type column holds 30 characters

# What a procedure file may not declare, and why: refused by name, so that its author reads
# the reason, not "unknown key" (docs/authoring.md, Declared events and body kinds).
NOT_DECLARABLE = {
    "event_types": "declare each event of your own as an [[event]] table (key, rule, record, "
                   "date, text) and name it in texts [events] (docs/authoring.md, Declared "
                   "events and body kinds)",
    "body_kinds": "body kinds are the organization's, not one case type's: name them in the "
                  "bundle's texts, [body_kinds] (docs/authoring.md, Declared events and body "
                  "kinds)",
}


def refuse_undeclarable(top: Table) -> None:
    for key, why in NOT_DECLARABLE.items():
        if top.has(key):
            raise top.fail(key, why)


def declared_events(top: Table) -> tuple[DeclaredEvent, ...]:
    """The file's ``[[event]]`` tables, checked one by one."""
    found: list[DeclaredEvent] = []
    for item in top.tables("event"):
        key = item.text("key")
        if not KEY.match(key):
            raise item.fail("key", f"{key!r} is not a key: lower-case letters, digits and _, "
                                   "starting with a letter, at most 30 characters")
        if key in RESERVED:
            raise item.fail("key", f"{key!r} is one of Ombud's own steps or history entries: "
                                   "what it does is the engine's; give your event a name of "
                                   "its own")
        if any(event.key == key for event in found):
            raise item.fail("key", f"{key!r} is declared twice")
        found.append(DeclaredEvent(key, item.rule("rule"), _recording_roles(item),
                                   item.flag("date", True),
                                   item.one_of("text", TEXT_CHOICES, "optional")))
        item.done()
    return tuple(found)


def _recording_roles(item: Table) -> frozenset[str]:
    named = item.raw("record", list, what="a list of roles such as [\"handler\", \"manager\"]")
    for role in named:
        if role not in RECORDING_ROLES:
            raise item.fail("record", f"{role!r} cannot record a step: use "
                                      f"{', '.join(RECORDING_ROLES)} (the administrator, the "
                                      "auditor and the privacy officer record nothing)")
    if not named:
        raise item.fail("record", "must name at least one role")
    return frozenset(named)


def check_declared_use(top: Table, procedure: Procedure, ombud_keys: tuple[str, ...]) -> None:
    """A declared event starts and meets only the bundle's own deadlines: one of Ombud's
    (``answer``, ``filing``…) is met by Ombud's steps, whose meaning the engine knows."""
    own = {event.key for event in procedure.declared_events}
    for spec in procedure.deadlines:
        starts = {spec.anchor_target} if spec.anchor_kind == "event" else set()
        used = own & (starts | spec.met_by | {a.partition(":")[2] for a in spec.also_from})
        if used and spec.key in ombud_keys:
            raise top.fail(f"deadline.{spec.key}",
                           f"uses the declared event {sorted(used)[0]!r}, but {spec.key!r} is "
                           "one of Ombud's deadlines: a declared event starts and meets only "
                           "the bundle's own (deadline_keys)")


def with_declared_roles(access: Access, events: tuple[DeclaredEvent, ...]) -> Access:
    """The permission table with a row per declared event: the roles it names."""
    if not events:
        return access
    return replace(access, record=MappingProxyType(
        {**access.record, **{event.key: event.record for event in events}}))
