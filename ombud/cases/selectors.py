"""Reads of cases, always through an organization the person belongs to, and only the cases the
person may read there: every staff read (the queue, its search, the case page, its documents and
downloads, the meeting agenda) goes through ``cases_for``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from ombud.cases.models import Case, CaseEvent, Contact, Meeting
from ombud.domain.access import Access
from ombud.domain.loader import bundled_procedures, find_procedure
from ombud.domain.procedure import EVENT_TYPES
from ombud.orgs.models import Body, Organization

PAGE_SIZE = 50


def cases_for(person, organization: Organization, roles: frozenset[str]) -> QuerySet[Case]:
    """The organization's cases that ``person`` (holding ``roles`` there) may read. A procedure
    that restricts reading (NE-C-05; GL-11 and PP-15: the management archive) shows its cases
    only to its readers: roles that read every case, the case's appointed handler, members of
    a body the case was assigned on behalf of.

    Every known procedure is asked, not only those the organization has enabled now: a case
    type it no longer takes (its administrator removed it) keeps its cases' readers; and a
    procedure restricts when any of its versions does."""
    cases = Case.objects.filter(organization=organization)
    hidden = []
    own = Q()
    for procedure_id, accesses in _procedure_accesses():
        if all(access.reads_every_case(roles) for access in accesses):
            continue
        hidden.append(procedure_id)
        if any("assigned_handler" in access.readers for access in accesses):
            own |= Q(procedure_id=procedure_id, handler_id=person.pk)
        if any("bodies" in access.readers for access in accesses):
            own |= Q(procedure_id=procedure_id) & _assigned_to_bodies_of(person, organization)
    if not hidden:
        return cases
    return cases.filter(~Q(procedure_id__in=hidden) | own)


def may_read(person, organization: Organization, roles: frozenset[str], case: Case) -> bool:
    """Whether ``person`` reads ``case`` on (intake registers a confidential case it may not
    read once registered)."""
    return cases_for(person, organization, roles).filter(pk=case.pk).exists()


@cache
def _procedure_accesses() -> tuple[tuple[str, tuple[Access, ...]], ...]:
    """Each bundled procedure with the access rules of its versions (read once: the files
    do not change while the server runs)."""
    return tuple((procedure_id, tuple(version.access for version in versions))
                 for procedure_id, versions in bundled_procedures().items())


def _assigned_to_bodies_of(person, organization: Organization) -> Q:
    """Cases assigned on behalf of a body the person is a member of (the bodies involved)."""
    names = list(Body.objects.filter(organization=organization, members=person)
                 .values_list("name", flat=True))
    if not names:
        return Q(pk__in=[])
    return Q(Exists(CaseEvent.objects.filter(case=OuterRef("pk"), type="assigned",
                                             data__body__in=names)))


REFERENCE_MAX_LENGTH = 40  # prefix (10), year and number: what a reference can be


def case_for(person, organization: Organization, roles: frozenset[str],
             reference: str) -> Case:
    """One case the person may read, else Http404: a case they may not read does not exist for
    them, as a case of another organization does not."""
    if len(reference) > REFERENCE_MAX_LENGTH or "\x00" in reference:
        raise Http404  # no such reference; PostgreSQL text cannot even hold a NUL
    case = (cases_for(person, organization, roles).select_related("handler", "organization")
            .filter(reference=reference).first())
    if case is None:
        raise Http404
    return case


@dataclass(frozen=True)
class QueueFilter:
    procedure_id: str = ""
    state: str = ""
    handler_id: int | None = None
    overdue: bool = False
    due_this_week: bool = False
    search: str = ""


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str  # "" on the last page


def queue_page(cases: QuerySet[Case], wanted: QueueFilter, cursor: str = "") -> QueuePage:
    """One page of the queue, ordered by the next deadline. Keyset pagination: the cursor is the
    last row's (next_due, id), so a page costs the same on page 1 and page 10,000. ``cases``:
    what the person may read (``cases_for``)."""
    if wanted.procedure_id:
        cases = cases.filter(procedure_id=wanted.procedure_id)
    if wanted.state:
        cases = cases.filter(state=wanted.state)
    if wanted.handler_id:
        cases = cases.filter(handler_id=wanted.handler_id)
    today = timezone.localdate()
    if wanted.overdue:
        cases = cases.filter(next_due__lt=today)
    if wanted.due_this_week:
        cases = cases.filter(next_due__gte=today, next_due__lte=today + timedelta(days=7))
    if wanted.search:
        term = wanted.search.strip()
        # References are stored upper-case: an exact match uses the unique index; a name prefix
        # uses the upper(name) pattern index (migration 0002).
        cases = cases.filter(Q(reference=term.upper()) | Q(complainant_name__istartswith=term))
    if cursor:
        due, last_id = _parse_cursor(cursor)
        # (next_due, id) > (due, last_id), written so that the queue index serves it as a
        # range scan from `due` onward (an OR of the two halves would not).
        cases = cases.filter(next_due__gte=due).exclude(next_due=due, id__lte=last_id)
    rows = list(cases.select_related("handler").order_by("next_due", "id")[:PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_cursor = f"{rows[-1].next_due.isoformat()}_{rows[-1].id}" if more else ""
    return QueuePage(rows, next_cursor)


def _parse_cursor(cursor: str) -> tuple[date, int]:
    try:
        due, _, last_id = cursor.partition("_")
        return date.fromisoformat(due), int(last_id)
    except ValueError:
        return date.min, 0  # a mangled cursor starts from the top


def meeting_procedures(organization: Organization) -> list[str]:
    """The case types the management meeting takes up (those whose procedure names it)."""
    return [enabled.procedure_id for enabled in organization.procedures.all()
            if find_procedure(enabled.procedure_id).management_rule]


@dataclass(frozen=True)
class AgendaItem:
    case: Case
    new: bool  # not yet taken up by management
    # The meetings that may decide it, the one it is listed under first (``decision_days``).
    meeting_days: tuple[date, ...] = ()
    # The latest attempt at the lowest level, when one was made (AV-06, AV-07: the meeting
    # decides when the complainant did not get their way there).
    lowest_level: CaseEvent | None = None


@dataclass(frozen=True)
class Agenda:
    """The management meeting's page: complaints are a standing item (AV-12, GL-06, PP-10)."""

    today: date
    held: Meeting | None  # today's meeting, else the last one held before today
    upcoming: Meeting | None  # the next one after today
    listed: list[AgendaItem]  # new complaints received by the day of ``held``: its agenda
    since: list[AgendaItem]  # new complaints received after it: today's or the next meeting's
    open: list[AgendaItem]  # taken up and still open

    @property
    def held_today(self) -> bool:
        return self.held is not None and self.held.held_on == self.today


def meetings_around(organization: Organization, today: date) -> tuple[Meeting | None,
                                                                      Meeting | None]:
    """The latest meeting on or before ``today`` and the next one after it."""
    meetings = Meeting.objects.filter(organization=organization)
    last = meetings.filter(held_on__lte=today).order_by("-held_on").first()
    upcoming = meetings.filter(held_on__gt=today).order_by("held_on").first()
    return last, upcoming


def decision_days(held: Meeting | None, earliest: date, today: date) -> tuple[date, ...]:
    """The meetings that may decide a complaint whose receipt or last step is ``earliest``:
    the last one held, recorded afterwards, when it came after both; and today's (held, or
    opened by the decision). A meeting cannot decide what reached it later."""
    if held is not None and held.held_on < today and earliest <= held.held_on:
        return held.held_on, today
    return (today,)


def agenda(cases: QuerySet[Case], procedure_ids: list[str], organization: Organization,
           today: date) -> Agenda:
    """Complaints for the management meeting: the new ones (not yet taken up), under the last
    meeting held when they were received by its day, else under those received since; then the
    others still open (AV-12, GL-06, PP-10): a standing item. ``cases``: what the person may
    read (``cases_for``)."""
    held, upcoming = meetings_around(organization, today)
    cases = list(cases.filter(procedure_id__in=procedure_ids, state__in=["open", "appealed"])
                 .select_related("handler").order_by("received_on", "id"))
    steps = CaseEvent.objects.filter(case__in=cases, type__in=EVENT_TYPES)
    taken_up = set(steps.filter(type="taken_up").values_list("case_id", flat=True))
    last_step = dict(steps.values("case_id").annotate(last=Max("on"))
                     .values_list("case_id", "last"))
    attempts = {event.case_id: event for event in steps.filter(type="lowest_level_tried")
                .order_by("seq")}
    listed, since, still_open = [], [], []
    for case in cases:
        if case.id in taken_up:
            still_open.append(AgendaItem(case, new=False))
            continue
        earliest = max(case.received_on, last_step.get(case.id, case.received_on))
        item = AgendaItem(case, new=True, meeting_days=decision_days(held, earliest, today),
                          lowest_level=attempts.get(case.id))
        on_its_agenda = held is not None and case.received_on <= held.held_on
        (listed if on_its_agenda else since).append(item)
    return Agenda(today, held, upcoming, listed, since, still_open)


def decision_days_of(case: Case, today: date) -> tuple[date, ...]:
    """``decision_days`` for one complaint: where the meeting's page lists it."""
    held, _upcoming = meetings_around(case.organization, today)
    last = (CaseEvent.objects.filter(case=case, type__in=EVENT_TYPES)
            .aggregate(last=Max("on"))["last"])
    return decision_days(held, max(case.received_on, last or case.received_on), today)


def procedure_choices(organization: Organization) -> list[tuple[str, str]]:
    """The case types the organization takes, each named in the person's language."""
    language = (translation.get_language() or "en")[:2]
    choices = []
    for enabled in organization.procedures.all():
        procedure = find_procedure(enabled.procedure_id)
        choices.append((enabled.procedure_id, procedure.title.get(language, procedure.id)))
    return choices


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
    readable: bool  # the person may open the linked case (its reference is shown either way)


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
