"""Who may do what in a case: the permission table, as data.

One table says which role may record which step (event type) or file action; a procedure may
override rows of it and may restrict who reads its cases (``[access]`` in its file), because
confidentiality is the organization's rule for one case type (NE-C-05, GL-11, PP-15), not code.
The Django side (``ombud.cases.permissions``) applies the table to a person and a case; this
module holds only the data and its plain questions, so that the loader can validate a procedure's
overrides and the simulator can show them.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The roles a person holds in an organization (orgs.models.Role uses the same keys).
ROLES = ("admin", "manager", "handler", "intake", "privacy", "auditor")

# Where the management meeting or a department manager decides who handles (AV-07, GL-07,
# PP-12, DNV-B-04), the procedure's ``[access.record]`` leaves ``assigned`` to managers.

# Entries of the file that are not procedure steps but are still recorded by someone; and the
# one action that is no event (sending or stopping the complainant's private links).
FILE_ACTIONS = ("note", "party_added", "document_added", "corrective_action", "contact_recorded",
                "taken_over", "tracking_links")

_INTAKE = frozenset({"intake", "handler", "manager"})
_HANDLING = frozenset({"handler", "manager"})
_MANAGING = frozenset({"manager"})

# The default table: action -> the roles that may record it. The administrator keeps the
# organization (staff, bodies, procedures), the auditor and the privacy officer read: none of
# them works on case files. Intake registers and adds to the file; it neither appoints nor
# decides nor closes a case.
DEFAULT_RECORD: Mapping[str, frozenset[str]] = MappingProxyType({
    "received": _INTAKE, "put_in_writing": _INTAKE, "acknowledged": _INTAKE,
    "contact_recorded": _INTAKE, "appealed": _INTAKE, "court_appealed": _INTAKE,
    "note": _INTAKE, "party_added": _INTAKE, "document_added": _INTAKE, "title_changed": _INTAKE,
    # AV-06, GL-08, PP-13; AV-10, GL-09: whoever handles records the attempt and the contact.
    "lowest_level_tried": _HANDLING, "partner_contacted": _HANDLING,
    "taken_up": _MANAGING, "assigned": _HANDLING, "taken_over": _MANAGING,
    "holder_notified": _HANDLING, "holder_responded": _HANDLING, "incomplete": _HANDLING,
    "remedied": _HANDLING, "hearing_invited": _HANDLING, "hearing_requested": _HANDLING,
    "hearing_waived": _HANDLING, "hearing_held": _HANDLING, "extended": _HANDLING,
    "declined": _HANDLING, "answered": _HANDLING, "withdrawn": _HANDLING,
    "corrective_action": _HANDLING, "tracking_links": _HANDLING,
    # Paid, booked, who took the contested decision, the court's outcome: facts intake records
    # as they arrive (DNV-I-06, DNV-I-07, DNV-B-04, DNV-R-03); telling the parties is handling.
    "payment_received": _INTAKE, "slot_booked": _INTAKE, "decision_makers_named": _INTAKE,
    "court_decided": _INTAKE, "parties_informed": _HANDLING, "new_facts": _HANDLING,
    # fvl § 33: the first instance's handler sends a case it does not reverse on (issue 13)
    "forwarded": _HANDLING,
})

# Once a case has a handler, these are theirs alone: only the appointed handler, or a manager
# who took the case over (a recorded ``taken_over``), handles, decides, answers and closes it
# (AV-09, GL-10, PP-14: the answer is given by the person who handled the complaint); a handler
# cannot appoint themselves to a colleague's case either.
HANDLER_ONLY = frozenset({
    "holder_notified", "holder_responded", "incomplete", "remedied", "hearing_invited",
    "hearing_requested", "hearing_waived", "hearing_held", "extended", "declined", "answered",
    "withdrawn", "assigned", "parties_informed", "new_facts", "forwarded",
})
# ... except that a manager appoints another handler without taking the case over first.
MANAGERS_MAY_REAPPOINT = frozenset({"assigned"})

# Who reads a case file. A role name: everyone holding that role; "assigned_handler": the
# case's appointed handler; "bodies": members of a body the case was assigned on behalf of.
READER_KINDS = (*ROLES, "assigned_handler", "bodies")


@dataclass(frozen=True, slots=True)
class Access:
    """A procedure's access rules: its readers (every member by default) and its overrides of
    the default table."""

    rule: str | None = None  # the organization's rule that restricts reading
    readers: frozenset[str] = frozenset(ROLES)
    record: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def restricted(self) -> bool:
        return not frozenset(ROLES) <= self.readers

    def roles_for(self, action: str) -> frozenset[str]:
        """The roles that may record ``action`` under this procedure."""
        return self.record.get(action, DEFAULT_RECORD.get(action, frozenset()))

    def may_record(self, roles: frozenset[str], action: str) -> bool:
        return bool(roles & self.roles_for(action))

    def reads_every_case(self, roles: frozenset[str]) -> bool:
        """Whether these roles read every case of the procedure (not only their own)."""
        return bool(roles & self.readers)


DEFAULT_ACCESS = Access()
