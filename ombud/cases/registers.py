"""The organization's registers beside the queue: corrective actions across cases (NE-A-10,
NE-C-08), recorded contacts (AV-05, GL-05, PP-09) and where the warning about special-category
data was shown (PP-05). Each reads only through the queue's scope (``selectors.cases_for``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ombud.cases.models import CaseEvent, Contact
from ombud.cases.selectors import cases_for
from ombud.orgs.models import Organization


@dataclass(frozen=True)
class ActionFilter:
    status: str = "open"  # "open", "done" or "" (every action)
    mine: bool = False


def corrective_actions(person, organization: Organization, roles: frozenset[str],
                       wanted: ActionFilter, today: date) -> list:
    """The corrective actions of the cases the person may read (NE-A-10, NE-C-08): the open
    ones by due date (so the overdue come first), then those done, latest first."""
    from ombud.cases.models import CorrectiveAction

    actions = (CorrectiveAction.objects.filter(case__in=cases_for(person, organization, roles))
               .select_related("case", "owner"))
    if wanted.status == "open":
        actions = actions.filter(done_on__isnull=True)
    elif wanted.status == "done":
        actions = actions.filter(done_on__isnull=False)
    if wanted.mine:
        actions = actions.filter(owner=person)
    rows = list(actions.order_by("due_on", "id")[:500])
    for action in rows:
        action.overdue = action.done_on is None and action.due_on < today
        action.days_overdue = (today - action.due_on).days if action.overdue else 0
    open_rows = [action for action in rows if action.done_on is None]
    done_rows = sorted((action for action in rows if action.done_on is not None),
                       key=lambda action: (action.done_on, action.id), reverse=True)
    return open_rows + done_rows


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    readable: bool  # the person may open the linked case

    @property
    def hidden(self) -> bool:
        """Linked to a case the person may not read: who called and what they said would tell
        who filed it (GL-11, PP-15, NE-C-05), so neither is shown, nor the reference."""
        return self.contact.case_id is not None and not self.readable


def contacts_of(person, organization: Organization, roles: frozenset[str],
                limit: int = 200) -> list[ContactRow]:
    """The organization's recorded contacts, the newest first, each with whether the person
    may open the case it was linked to (AV-05, GL-05, PP-09)."""
    found = list(Contact.objects.filter(organization=organization)
                 .select_related("case", "created_by")[:limit])
    linked = [row.case_id for row in found if row.case_id]
    readable = set(cases_for(person, organization, roles).filter(pk__in=linked)
                   .values_list("pk", flat=True)) if linked else set()
    return [ContactRow(row, row.case_id in readable) for row in found]


def contact_of(organization: Organization, contact_id: int) -> Contact | None:
    return Contact.objects.filter(organization=organization, pk=contact_id).first()


def sensitive_warnings(organization: Organization, limit: int = 500) -> list[CaseEvent]:
    """The entries of the organization's case files where the warning about likely
    special-category data was shown (PP-05), the newest first: for the privacy officer."""
    return list(CaseEvent.objects.filter(case__organization=organization,
                                         data__has_key="sensitive_warning")
                .select_related("case", "actor").order_by("-recorded_at", "-id")[:limit])
