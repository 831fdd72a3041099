"""Opening a case from what was received, or recording a contact where no case is opened
(AV-05, GL-05): the two ways a complaint enters the organization through its staff or its
web form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import permissions, versions_in_use
from ombud.cases.models import Case, Contact, Party, PartyRole
from ombud.cases.search import case_text_refresh
from ombud.cases.services.chain import (
    event_append,
    event_prepared,
    event_told,
    meeting_days,
    procedure_of,
    row_refresh,
    row_values_of,
)
from ombud.cases.services.checks import Invalid, check_day, refused_by
from ombud.cases.services.contacts import contacts_match
from ombud.domain import engine
from ombud.domain.loader import find_procedure
from ombud.domain.messages import format_date
from ombud.domain.procedure import Procedure
from ombud.domain.texts import word
from ombud.orgs import outbox
from ombud.orgs.models import Organization
from ombud.rows import row_insert


@dataclass(frozen=True)
class PartyDetails:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


def enabled(organization: Organization, procedure_id: str) -> bool:
    return organization.procedures.filter(procedure_id=procedure_id).exists()


def party_facts(party: Party) -> dict[str, Any]:
    """A party as the chain records it (and ``ombud audit verify`` compares with its row)."""
    return {"party_id": party.pk, "role": party.role, "name": party.name, "email": party.email,
            "phone": party.phone, "address": party.address}


def case_register(*, organization: Organization, procedure_id: str, channel: str,
                  received_on: date, title: str, complainant: PartyDetails, actor,
                  details: dict[str, Any] | None = None, put_in_writing: bool = False) -> Case:
    """Open a case from what was received. Raises Refused when the procedure does not open it
    (an oral complaint where only written ones are handled; an exam result on a complaint).
    ``put_in_writing``: the oral complaint was written down at once by whoever took it (PP-03)."""
    check_day(received_on, None)
    if not enabled(organization, procedure_id):
        raise Invalid(_("This organization does not handle that case type."))
    permissions.require_registering(actor=actor, organization_id=organization.pk,
                                    procedure_id=procedure_id)
    procedure = find_procedure(procedure_id, on=received_on)
    missing = [name for name in procedure.intake.requires if not (details or {}).get(name)]
    if missing:
        raise Invalid(_("This case type needs the date %(field)s.") % {"field": missing[0]})
    received = engine.Event(received_on, "received", {"channel": channel, **(details or {})})
    state = engine.evaluate(procedure, [received], received_on)
    if state.refused:
        raise refused_by(state.refused[0])
    with transaction.atomic():
        case, party = _opened(organization, procedure, received, title, complainant, actor)
        if put_in_writing:
            event_append(case, "put_in_writing", received_on, {}, actor)
        row_refresh(case, procedure)
        # AV-05, GL-05, PP-09: the phone call that came before the written complaint.
        contacts_match(case=case, party=party, actor=actor)
    return case


def case_register_web(*, organization: Organization, procedure: Procedure, title: str,
                      complainant: PartyDetails, actor, details: dict[str, Any],
                      language: str) -> Case:
    """The web form's registration: what the complainant waits for and nothing more: the
    number, the case row, its complainant, its received event, the chain's head on the row (on
    PostgreSQL the ids are taken with the number and the rows written with the caller's:
    ``rows.written_together``); and the meeting days where a deadline runs to
    the next meeting. The rest
    is ``case_registered_follow_up``'s, run by the worker: the reports' figures (with the row
    written again), a contact's match and the searchable text. Call in
    the caller's transaction, the procedure checked as enabled. Raises like ``case_register``."""
    received_on = timezone.localdate()
    permissions.require_registering(actor=actor, organization_id=organization.pk,
                                    procedure_id=procedure.id)
    missing = [name for name in procedure.intake.requires if not details.get(name)]
    if missing:
        raise Invalid(_("This case type needs the date %(field)s.") % {"field": missing[0]})
    received = engine.Event(received_on, "received", {"channel": "web", **details})
    # The meeting days are read only where a deadline runs to the next meeting (GL-06).
    meetings = meeting_days(organization) if any(
        spec.anchor == "next_meeting" for spec in procedure.deadlines) else ()
    state = engine.evaluate(procedure, [received], received_on, meetings)
    if state.refused:
        raise refused_by(state.refused[0])
    # The row as the engine makes it: the queue lists the case at once with its deadline.
    case, _party = _opened(organization, procedure, received, title, complainant, actor,
                           row={**row_values_of(state), "language": language})
    return case


def case_registered_follow_up(case: Case) -> None:
    """What ``case_register_web`` left: the reports' figures (``hooks.case_evaluated``, as the
    row is refreshed), a recorded contact matched, and the searchable text in the language it
    was written in. Call holding the case row lock."""
    row_refresh(case, procedure_of(case))
    party = case.parties.filter(role=PartyRole.COMPLAINANT).first()
    if party is not None:
        contacts_match(case=case, party=party, actor=None)
    case_text_refresh(case)


def _opened(organization: Organization, procedure: Procedure, received: engine.Event,
            title: str, complainant: PartyDetails, actor, *,
            row: dict[str, Any] | None = None) -> tuple[Case, Party]:
    """The case row, its complainant and its received event. ``row``: the row's values known
    already (the case's text then waits for the caller; see ``case_register_web``)."""
    versions_in_use.record(procedure)  # the file this case's deadlines are counted by
    year = received.on.year
    ids = _numbered_ahead(organization, year) if row is not None else None
    number, case_id, party_id = ids or (next_number(organization, year), None, None)
    case = Case(
        id=case_id, organization=organization, year=year, number=number,
        reference=f"{organization.reference_prefix}-{year}-{number:04d}",
        procedure_id=procedure.id, procedure_version=procedure.version, title=title,
        channel=received.data["channel"], received_on=received.on,
        complainant_name=complainant.name, **(row or {}))
    if ids is None:
        row_insert(case)
    party = Party(id=party_id, case=case, role=PartyRole.COMPLAINANT, name=complainant.name,
                  email=complainant.email, phone=complainant.phone,
                  address=complainant.address)
    if ids is None:
        row_insert(party)
    # The chain covers what the file shows: the subject and the complainant as registered.
    # ... and which procedure (and version) decides its deadlines.
    event = event_prepared(case, "received", received.on, {
        **received.data, "title": title, "complainant": party_facts(party),
        "procedure": procedure.id, "procedure_version": procedure.version}, actor)
    if ids is not None:  # the ids known ahead: the row is written with the chain's head
        row_insert(case)
        row_insert(party)
        row_insert(event)
    else:
        row_insert(event)
        if row is not None:  # no row_refresh to save it: the chain's head on the row
            Case.objects.filter(pk=case.pk).update(event_count=case.event_count,
                                                   last_hash=case.last_hash)
    event_told(case, event, actor, text_refresh=row is None)
    return case, party


def _numbered_ahead(organization: Organization, year: int) -> tuple[int, int, int] | None:
    """PostgreSQL: the case's number (``next_number``) and the ids its row and its complainant's
    will have, in one statement, so that the received event (which names the party's id) is
    hashed before the case row is written, and the row is written once with the chain's head.
    None elsewhere (SQLite has no sequences: the row is written, then its head)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            _NUMBER_SQL.format(greatest="GREATEST") + ", nextval(pg_get_serial_sequence("
            "%s, 'id')), nextval(pg_get_serial_sequence(%s, 'id'))",
            [organization.pk, year, organization.pk, year, Case._meta.db_table,
             Party._meta.db_table])
        return cursor.fetchone()


_NUMBER_SQL = (
    "INSERT INTO cases_casenumber (organization_id, year, last) VALUES (%s, %s, "
    "(SELECT COALESCE(MAX(number), 0) + 1 FROM cases_case WHERE organization_id = %s "
    "AND year = %s)) ON CONFLICT (organization_id, year) DO UPDATE SET last = "
    "{greatest}(cases_casenumber.last + 1, excluded.last) RETURNING last")


def next_number(organization: Organization, year: int) -> int:
    """The next case number of ``organization`` in ``year``, in one statement: the counter's row
    stays locked until the caller's transaction ends, so registrations take numbers one at a
    time. The first of a year starts after the highest number already there, and a case
    written past the counter (a bulk import) is never numbered twice."""
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.execute(_NUMBER_SQL.format(greatest=greatest),
                       [organization.pk, year, organization.pk, year])
        return cursor.fetchone()[0]


def contact_record(*, organization: Organization, procedure_id: str, channel: str,
                   received_on: date, person: PartyDetails, summary: str, actor) -> Contact:
    """A phone or desk contact where only written complaints are handled (AV-05, GL-05): no
    case is opened; the contact is kept and the person is offered the written form."""
    check_day(received_on, None)
    permissions.require_registering(actor=actor, organization_id=organization.pk,
                                    procedure_id=procedure_id, action="contact_recorded")
    with transaction.atomic():
        contact = Contact.objects.create(
            organization=organization, procedure_id=procedure_id, channel=channel,
            received_on=received_on, name=person.name, email=person.email, phone=person.phone,
            summary=summary, created_by=actor if getattr(actor, "pk", None) else None)
        if person.email:
            _send_written_form(contact)
    return contact


def _send_written_form(contact: Contact) -> None:
    """The link to the written complaint form, in the organization's language, through the
    outbox in the contact's transaction. It is the person's only word from the organization
    until they write (AV-05): it greets them, recalls what they called about and when, and says
    that the same address links their complaint to the call."""
    organization = contact.organization
    case_type = contact.procedure_id.partition("/")[2]
    link = f"{settings.OMBUD_PUBLIC_URL}/{organization.slug}/{case_type}/new/"
    with translation.override(organization.language):
        # the case as the bundle calls it (a bezwaar is not a "klacht"), else Ombud's words
        noun = word(contact.procedure_id, organization.language, "case_types", "noun")
        on = format_date(contact.received_on, organization.language)
        facts = {"name": contact.name, "on": on,
                 "summary": contact.summary, "organization": organization.name, "link": link,
                 "noun": noun}
        if noun:
            subject = _("Your %(noun)s to %(organization)s") % facts
            body = _("Hello %(name)s,\n\nThank you for contacting us on %(on)s about "
                     "«%(summary)s». %(organization)s handles this in writing: please fill in "
                     "the form at %(link)s\n\nGive this e-mail address in the form, and we link "
                     "your %(noun)s to this contact.\n\nKind regards\n%(organization)s") % facts
        else:
            subject = _("Your complaint to %(organization)s") % facts
            body = _("Hello %(name)s,\n\nThank you for contacting us on %(on)s about "
                     "«%(summary)s». %(organization)s handles complaints in writing: please fill "
                     "in the complaint form at %(link)s\n\nGive this e-mail address in the form, "
                     "and we link your complaint to this contact.\n\nKind regards\n"
                     "%(organization)s") % facts
    outbox.enqueue(organization=organization, to=contact.email, subject=subject, body=body,
                   kind="form_link")
