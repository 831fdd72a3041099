"""Reads of cases, always through an organization the person belongs to, and only the cases the
person may read there: every staff read (the queue, its search, the case page, its documents and
downloads, the meeting agenda) goes through ``cases_for``."""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone, translation

from ombud.cases import handler_order, search
from ombud.cases.models import OPEN_STATES, Case, CaseEvent, Meeting
from ombud.cases.versions_in_use import usable_procedures
from ombud.domain.access import Access
from ombud.domain.loader import ProcedureError, UnknownProcedure, find_procedure
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
    bodies = None  # the person's bodies' condition: asked of the database once, when needed
    for procedure_id, accesses in _procedure_accesses():
        if accesses is None:  # a broken bundle: its cases wait, read by nobody, until mended
            hidden.append(procedure_id)
            continue
        if all(access.reads_every_case(roles) for access in accesses):
            continue
        hidden.append(procedure_id)
        if any("assigned_handler" in access.readers for access in accesses):
            own |= Q(procedure_id=procedure_id, handler_id=person.pk)
        if any("bodies" in access.readers for access in accesses):
            if bodies is None:
                bodies = _assigned_to_bodies_of(person, organization)
            own |= Q(procedure_id=procedure_id) & bodies
    if not hidden:
        return cases
    return cases.filter(~Q(procedure_id__in=hidden) | own)


def may_read(person, organization: Organization, roles: frozenset[str], case: Case) -> bool:
    """Whether ``person`` reads ``case`` on (intake registers a confidential case it may not
    read once registered)."""
    return cases_for(person, organization, roles).filter(pk=case.pk).exists()


def _procedure_accesses() -> tuple[tuple[str, tuple[Access, ...] | None], ...]:
    """Each procedure found with the access rules of its versions; None for one whose bundle
    is broken. Asked per request: the loader reads again only files that changed."""
    return tuple((procedure_id, None if isinstance(versions, ProcedureError)
                  else tuple(version.access for version in versions))
                 for procedure_id, versions in usable_procedures().items())


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
             reference: str, *, readable: QuerySet[Case] | None = None) -> Case:
    """One case the person may read, else Http404: a case they may not read does not exist for
    them, as another organization's does not. ``readable``: their ``cases_for``, if at hand."""
    if len(reference) > REFERENCE_MAX_LENGTH or "\x00" in reference:
        raise Http404  # no such reference; PostgreSQL text cannot even hold a NUL
    readable = cases_for(person, organization, roles) if readable is None else readable
    case = readable.select_related("handler", "organization").filter(reference=reference).first()
    if case is None:
        _raise_if_unreadable(organization, reference)
        raise Http404
    return case


def _raise_if_unreadable(organization: Organization, reference: str) -> None:
    """A case whose procedure cannot be read now (a broken bundle) is hidden until mended: its
    page says why (the middleware's clear page for the ProcedureError), not "no such case"."""
    procedure_id = (Case.objects.filter(organization=organization, reference=reference)
                    .values_list("procedure_id", flat=True).first())
    error = usable_procedures().get(procedure_id) if procedure_id else None
    if isinstance(error, ProcedureError):
        raise error


# The queue's sortable columns: the ``sort`` parameter (``-`` first: descending), the field
# ordered by, and how a cursor's value reads. Anything else in the address is not a sort.
SORTS = {"reference": ("reference", str), "received": ("received_on", date.fromisoformat),
         "due": ("next_due", date.fromisoformat), "state": ("state", str),
         "handler": ("handler_key", str)}
DEFAULT_SORT = "due"
RELEVANCE = "relevance"  # searching by words: the best match first
EXPORT_MAX = 10_000  # rows a CSV export holds; more asks for narrower filters
REFERENCE_SHAPE = re.compile(r"^[A-Za-z]{1,10}-\d{4}-\d{1,9}$")  # DNV-2026-0001: that case


def words_of(term: str) -> list[str]:
    """The words a search looks for: none in a reference (it finds that case, not the cases
    whose texts share its number)."""
    return [] if REFERENCE_SHAPE.match(term.strip()) else search.terms_of(term)


@dataclass(frozen=True)
class QueueFilter:
    procedure_id: str = ""
    state: str = ""
    handler_id: int | None = None
    overdue: bool = False
    due_this_week: bool = False
    search: str = ""
    mine: bool = False  # the signed-in person's own cases (they are the handler)
    sort: str = ""  # a key of SORTS, "-" first for descending; "": the default order

    @property
    def order(self) -> tuple[str, bool]:
        """(the sort's name, descending): by relevance when searching words and no column
        was chosen, else by the next deadline."""
        if not self.sort:
            return (RELEVANCE, True) if words_of(self.search) else (DEFAULT_SORT, False)
        return self.sort.removeprefix("-"), self.sort.startswith("-")


def valid_sort(value: str) -> bool:
    return value.removeprefix("-") in SORTS


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str  # "" on the last page
    snippets: dict = field(default_factory=dict)  # case id: the words that matched, marked
    # So many cases hold the words that they are shown newest first, not ranked.
    broad: bool = False


def queue_filtered(cases: QuerySet[Case], wanted: QueueFilter, person) -> QuerySet[Case]:
    """``cases`` (what the person may read: ``cases_for``) narrowed by the filters, not by the
    search."""
    if wanted.procedure_id:
        cases = cases.filter(procedure_id=wanted.procedure_id)
    if wanted.state:
        cases = cases.filter(state=wanted.state)
    if wanted.handler_id:
        cases = cases.filter(handler_id=wanted.handler_id)
    if wanted.mine:
        cases = cases.filter(handler_id=person.pk)
    today = timezone.localdate()
    if wanted.overdue:
        cases = cases.filter(next_due__lt=today)
    if wanted.due_this_week:
        cases = cases.filter(next_due__gte=today, next_due__lte=today + timedelta(days=7))
    return cases


def queue_page(cases: QuerySet[Case], wanted: QueueFilter, cursor: str = "", *, person,
               organization_id: int, size: int | None = None, marked: bool = True) -> QueuePage:
    """One page of the queue. Keyset pagination on the chosen column: the cursor is the last
    row's (value, id), so a page costs the same on page 1 and page 10,000; by relevance, the
    cursor is the number of rows already shown. ``cases``: what the person may read
    (``cases_for``); ``organization_id``: theirs (the words are searched in its cases only)."""
    size = size or PAGE_SIZE
    cases = queue_filtered(cases, wanted, person)
    term = wanted.search.strip()
    name, descending = wanted.order
    broad = name == RELEVANCE and search.many(organization_id, term) and not (
        # a reference holds digits (its number): words without any are none
        any(character.isdigit() for character in term)
        and cases.filter(reference=term.upper()[:REFERENCE_MAX_LENGTH]).exists())
    if broad:  # so many found: newest first, not ranked (``search.newest``)
        return _newest_page(cases, organization_id, term, cursor, size, marked)
    if name == RELEVANCE:
        offset = int(cursor) if cursor.isdigit() else 0
        found = search.ranked(cases, organization_id, term, offset, size)
        by_id = cases.select_related("handler").in_bulk(found.ids)
        rows = [by_id[case_id] for case_id in found.ids if case_id in by_id]
        return QueuePage(rows, str(offset + size) if found.more else "",
                         search.highlights(found.ids, term) if marked else {})
    if REFERENCE_SHAPE.match(term):
        cases = cases.filter(reference=term.upper())
        term = ""
    elif term and search.many(organization_id, term, search.WALK_LIMIT):
        # many found: the column's index is walked, each case checked for the words
        cases = cases.filter(search.words_filter(term))
    elif term:
        sql, params = search.matching(organization_id, term)
        cases = cases.filter(id__in=RawSQL(sql, params))
    column, parse = SORTS[name]
    sign = "-" if descending else ""
    if name == "handler":  # each handler's cases in turn (``handler_order``)
        rows = handler_order.by_handler(cases, descending,
                                        _parse_cursor(cursor, parse) if cursor else None, size)
    else:
        with search.interactive() if term else nullcontext():
            rows = list(_after(cases, column, descending, cursor, parse)
                        .select_related("handler").order_by(f"{sign}{column}", f"{sign}id")
                        [:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = f"{_cursor_value(getattr(rows[-1], column))}_{rows[-1].id}" if more else ""
    snippets = search.highlights([row.id for row in rows], term) if term and marked else {}
    return QueuePage(rows, next_cursor, snippets, broad)


def _newest_page(cases: QuerySet[Case], organization_id: int, term: str, cursor: str,
                 size: int, marked: bool) -> QueuePage:
    """A page of the cases holding words too many hold to rank them: newest first; the cursor
    is "n" and the last id shown."""
    digits, snippets = cursor[1:], search.highlights if marked else lambda ids, term: {}
    before = int(digits) if cursor[:1] == "n" and digits.isascii() and digits.isdigit() else None
    ids = search.newest(cases, organization_id, term, before, size + 1)
    more, ids = len(ids) > size, ids[:size]
    by_id = cases.select_related("handler").in_bulk(ids)
    return QueuePage([by_id[case_id] for case_id in ids if case_id in by_id],
                     f"n{ids[-1]}" if more else "", snippets(ids, term), broad=True)


def _after(cases: QuerySet[Case], column: str, descending: bool, cursor: str,
           parse) -> QuerySet[Case]:
    """The rows after the cursor's (value, id) in the order of (column, id)."""
    if not cursor:
        return cases
    value, last_id = _parse_cursor(cursor, parse)
    # written so that an index on (column, id) serves it as a range scan from ``value`` on
    # (an OR of the two halves would not)
    if descending:
        return cases.filter(**{f"{column}__lte": value}).exclude(
            **{column: value, "id__gte": last_id})
    return cases.filter(**{f"{column}__gte": value}).exclude(
        **{column: value, "id__lte": last_id})


def queue_export(cases: QuerySet[Case], wanted: QueueFilter, *, person,
                 organization_id: int) -> list[Case] | None:
    """Every row of the filtered queue in the page's order, or None when there are more than
    EXPORT_MAX (narrower filters then); not the words around hits (3 ms a long file: unused)."""
    page = queue_page(cases, wanted, person=person, organization_id=organization_id,
                      size=EXPORT_MAX, marked=False)
    return None if page.next_cursor else page.cases


def _cursor_value(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _parse_cursor(cursor: str, parse=date.fromisoformat):
    try:
        value, _, last_id = cursor.rpartition("_")
        return parse(value), int(last_id)
    except ValueError:  # a mangled cursor starts from the top
        return (date.min if parse is date.fromisoformat else ""), 0


def cursor_valid(cursor: str, sort: str, searching: bool) -> bool:
    """Whether ``cursor`` is one this queue's order can have written."""
    name = sort.removeprefix("-") if sort else (RELEVANCE if searching else DEFAULT_SORT)
    if name == RELEVANCE:  # by rank: rows shown; so many found they are newest first: an id
        if cursor[:1] == "n":
            return cursor[1:].isascii() and cursor[1:].isdigit() and len(cursor) <= 19
        return cursor.isascii() and cursor.isdigit() and len(cursor) <= 9  # "²": no int
    value, _, last_id = cursor.rpartition("_")
    if not (last_id.isascii() and last_id.isdigit() and len(last_id) <= 18 and value):
        return False
    try:
        SORTS[name][1](value)
    except (ValueError, KeyError):
        return False
    return True


def meeting_procedures(organization: Organization) -> list[str]:
    """The case types the management meeting takes up (those whose procedure names it). One
    that cannot be read is left out: the menu of every page asks this, and the page that needs
    the procedure says what is wrong with it."""
    found = []
    for enabled in organization.procedures.all():
        try:
            if find_procedure(enabled.procedure_id).management_rule:
                found.append(enabled.procedure_id)
        except (ProcedureError, UnknownProcedure):
            continue
    return found


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
    cases = list(cases.filter(procedure_id__in=procedure_ids, state__in=OPEN_STATES)
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


def procedure_choices(organization: Organization, skip=()) -> list[tuple[str, str]]:
    """The case types the organization takes, each named in the person's language; ``skip``:
    those not to name (the queue's unavailable ones, which it names apart)."""
    language = (translation.get_language() or "en")[:2]
    choices = []
    for enabled in (row for row in organization.procedures.all() if row.procedure_id not in skip):
        procedure = find_procedure(enabled.procedure_id)
        choices.append((enabled.procedure_id, procedure.title.get(language, procedure.id)))
    return choices
