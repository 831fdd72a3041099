"""The only code that changes cases. Each service asks the engine first, refuses what the
procedure forbids (with the rule and a reason in the user's language), then records the event and
updates the case row in one transaction while holding the row lock."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import correspondence, files, history, permissions
from ombud.cases.models import (
    NO_DEADLINE,
    Case,
    CaseEvent,
    Contact,
    CorrectiveAction,
    Document,
    DocumentKind,
    Meeting,
    Party,
    PartyRole,
)
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.domain.loader import find_procedure
from ombud.domain.procedure import EVENT_TYPES, Procedure
from ombud.orgs import outbox
from ombud.orgs.models import Membership, Organization, Role

HANDLING_ROLES = (Role.HANDLER, Role.MANAGER)  # who may be appointed to handle a case

# History entries that are part of the file but not steps of the procedure.
FILE_EVENTS = frozenset({"note", "document_added", "party_added", "contact_recorded",
                         "corrective_action", "extension_consent", "deadline_missed",
                         "taken_over", "title_changed"})

# Every service refuses a staff person whom the permission table does not allow the action
# (ombud.cases.permissions), whoever calls it: a view, a command, a test.
NotPermitted = permissions.NotPermitted


class Refused(Exception):
    """The procedure forbids this action: ``rule`` says which rule, ``reason`` why."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(f"{rule}: {reason}")
        self.rule, self.reason = rule, reason


class Invalid(ValueError):
    """The input itself is wrong (not a matter of the procedure); the message says what, and
    ``field`` which field of a step form it belongs to, when not the date."""

    def __init__(self, message: str, field: str = "on") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PartyDetails:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _refused(refusal: engine.Refusal) -> Refused:
    return Refused(refusal.rule, refusal.reason(_language()))


def procedure_of(case: Case) -> Procedure:
    return find_procedure(case.procedure_id, version=case.procedure_version)


def engine_events(case: Case) -> list[engine.Event]:
    """The case's history as the engine sees it: its procedure steps, in order, each with the
    day it was recorded (X-07: the engine decides what a step dated back still meets)."""
    rows = case.events.filter(type__in=EVENT_TYPES).order_by("seq").values_list(
        "on", "type", "data", "recorded_on")
    return [engine.Event(on, event_type, _engine_data(data), recorded)
            for on, event_type, data, recorded in rows]


def engine_events_of(rows) -> list[engine.Event]:
    """The engine's view of history rows already loaded (in seq order)."""
    return [engine.Event(row.on, row.type, _engine_data(row.data), row.recorded_on)
            for row in rows if row.type in ENGINE_EVENT_TYPES]


ENGINE_EVENT_TYPES = frozenset(EVENT_TYPES)


def _engine_data(data: dict[str, Any]) -> dict[str, Any]:
    """JSON keeps dates as text; the engine wants dates."""
    return {key: date.fromisoformat(value) if key.endswith("_on") and isinstance(value, str)
            else value for key, value in data.items()}


def _json_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, date) else value
            for key, value in data.items() if value is not None}


def enabled(organization: Organization, procedure_id: str) -> bool:
    return organization.procedures.filter(procedure_id=procedure_id).exists()


def meeting_days(organization: Organization) -> list[date]:
    return list(Meeting.objects.filter(organization=organization).values_list("held_on",
                                                                              flat=True))


def _check_member(case: Case, person_id: int) -> None:
    """A case is only ever handed to a handler or manager of its own organization, whoever calls
    (the same people the step form offers)."""
    if not Membership.objects.filter(organization_id=case.organization_id, user_id=person_id,
                                     role__in=HANDLING_ROLES).exists():
        raise Invalid(_("That person is not a member of this organization."))


def _check_backdate(on: date, recorded_on: date, reason: str) -> None:
    """X-07: a step may carry a day before the one it is recorded on only with a reason. (Who
    may date it back how far is a permission: ``permissions.backdated_beyond_limit``.)"""
    if on < recorded_on and not reason:
        raise Invalid(_("The date is in the past: say why the step is recorded only now."),
                      field="backdate_reason")


def _check_day(on: date, last: date | None) -> None:
    if on > timezone.localdate():
        raise Invalid(_("The date cannot be in the future."))
    if last is not None and on < last:
        raise Invalid(_("The date is before the last step of the case (%(day)s).")
                      % {"day": words.format_date(last, translation.get_language() or "en")})


def case_register(*, organization: Organization, procedure_id: str, channel: str,
                  received_on: date, title: str, complainant: PartyDetails, actor,
                  details: dict[str, Any] | None = None, put_in_writing: bool = False) -> Case:
    """Open a case from what was received. Raises Refused when the procedure does not open it
    (an oral complaint where only written ones are handled; an exam result on a complaint).
    ``put_in_writing``: the oral complaint was written down at once by whoever took it (PP-03)."""
    _check_day(received_on, None)
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
        raise _refused(state.refused[0])
    with transaction.atomic():
        # Registrations of one organization take their numbers one at a time: the lock on the
        # organization's row (an aggregate cannot be locked, and a year starts with no rows).
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        year = received_on.year
        number = (Case.objects.filter(organization=organization, year=year)
                  .aggregate(last=Max("number"))["last"] or 0) + 1
        case = Case.objects.create(
            organization=organization, year=year, number=number,
            reference=f"{organization.reference_prefix}-{year}-{number:04d}",
            procedure_id=procedure.id, procedure_version=procedure.version, title=title,
            channel=channel, received_on=received_on, complainant_name=complainant.name)
        party = Party.objects.create(case=case, role=PartyRole.COMPLAINANT,
                                     name=complainant.name, email=complainant.email,
                                     phone=complainant.phone, address=complainant.address)
        # The chain covers what the file shows: the subject and the complainant as registered.
        # ... and which procedure (and version) decides its deadlines.
        _append(case, "received", received_on, {
            **received.data, "title": title, "complainant": party_facts(party),
            "procedure": procedure.id, "procedure_version": procedure.version}, actor)
        if put_in_writing:
            _append(case, "put_in_writing", received_on, {}, actor)
        _refresh_row(case, procedure)
    return case


def contact_record(*, organization: Organization, procedure_id: str, channel: str,
                   received_on: date, person: PartyDetails, summary: str, actor) -> Contact:
    """A phone or desk contact where only written complaints are handled (AV-05, GL-05): no
    case is opened; the contact is kept and the person is offered the written form."""
    _check_day(received_on, None)
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
    outbox in the contact's transaction."""
    organization = contact.organization
    case_type = contact.procedure_id.partition("/")[2]
    with translation.override(organization.language):
        subject = _("Your complaint to %(organization)s") % {"organization": organization.name}
        body = _("Thank you for contacting us. Complaints are handled in writing: please "
                 "fill in the complaint form at %(link)s") % {
            "link": f"{settings.OMBUD_PUBLIC_URL}/{organization.slug}/{case_type}/new/"}
    outbox.enqueue(organization=organization, to=contact.email, subject=subject, body=body,
                   kind="form_link")


def case_step(*, case: Case, event_type: str, on: date, actor, data: dict[str, Any]
              | None = None, actor_involved: bool = False, backdate_reason: str = "",
              recorded_on: date | None = None) -> CaseEvent:
    """Record a step and keep what it produced in the file: the letter it calls for, set as PDF
    and put in the outbox (NE-A-08, DNV-K-19, X-08), the report of a hearing (DNV-K-16,
    DNV-B-19). The letter is dated the day it is written, which for a step dated back is the
    day it is recorded, not ``on``: a letter never claims to be older than it is."""
    data = data or {}
    with transaction.atomic():
        documents_before = _last_document_id(case)
        event = case_record(case=case, event_type=event_type, on=on, actor=actor, data=data,
                            actor_involved=actor_involved, backdate_reason=backdate_reason,
                            recorded_on=recorded_on)
        procedure = procedure_of(case)
        state = engine.evaluate(procedure, engine_events(case), event.recorded_on,
                                meeting_days(case.organization))
        correspondence.letter_send(case=case, procedure=procedure, step=event_type,
                                   on=event.recorded_on, data=_engine_data(_json_data(data)),
                                   state=state, actor=actor)
        if event_type == "hearing_held" and data.get("report"):
            _archive_text(case, event, data["report"], DocumentKind.HEARING_REPORT, actor)
        documents_record(case=case, after_id=documents_before, on=on, actor=actor)
    return event


def _archive_text(case: Case, event: CaseEvent, text: str, kind: str, actor) -> Document:
    content = ContentFile(text.encode("utf-8"), name=f"{case.reference}-{event.seq}.txt")
    return Document.objects.create(
        case=case, kind=kind, title=f"{event.type} {event.on.isoformat()}", file=content,
        content_type="text/plain; charset=utf-8", size=content.size,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        created_by=actor if getattr(actor, "pk", None) else None)


def meeting_decide(*, case: Case, meeting: Meeting, decision: str, handler=None,
                   actor) -> None:
    """The management meeting takes a complaint up and decides who handles it (AV-07, GL-07,
    PP-12): recorded on the case as taken up on the meeting's day, and the handler appointed."""
    if meeting.organization_id != case.organization_id:
        raise Invalid(_("The meeting belongs to another organization."))
    permissions.require(actor=actor, case=case, action="taken_up")
    if handler is not None:
        permissions.require(actor=actor, case=case, action="assigned")
    # The meeting's own day is why a decision recorded later carries it.
    with translation.override(case.organization.language):
        reason = _("Decided at the management meeting of %(day)s.") % {
            "day": meeting.held_on.isoformat()}
    with transaction.atomic():
        history = {event.type for event in engine_events(case)}
        if "taken_up" not in history:
            case_record(case=case, event_type="taken_up", on=meeting.held_on, actor=actor,
                        data={"decision": decision, "meeting_id": meeting.pk},
                        backdate_reason=reason)
        else:
            case_note(case=case, text=decision, actor=actor, kind="note",
                      data={"meeting_id": meeting.pk})
        if handler is not None:
            case_record(case=case, event_type="assigned", on=meeting.held_on, actor=actor,
                        data={"handler_id": handler.pk,
                              "handler": handler.get_full_name() or handler.username,
                              "involved": False}, backdate_reason=reason)


def case_record(*, case: Case, event_type: str, on: date, actor, data: dict[str, Any]
                | None = None, actor_involved: bool = False, backdate_reason: str = "",
                recorded_on: date | None = None) -> CaseEvent:
    """Record one procedure step. ``actor_involved``: the acting person declared involvement in the
    matter (impartiality). ``backdate_reason``: why ``on`` is before today (required then, X-07).
    ``recorded_on``: only to replay a past that was recorded day by day (the demo seed); the
    day the step counts as recorded, default today. Raises Refused, changing nothing, when the
    procedure forbids it, and Invalid when the input is wrong."""
    data = {key: value for key, value in (data or {}).items() if value is not None}
    today = timezone.localdate()
    recorded_on = recorded_on or today
    backdate_reason = (backdate_reason or "").strip()
    if recorded_on > today or on > recorded_on:  # nothing is recorded before it happened
        raise Invalid(_("The date cannot be in the future."))
    if event_type == "assigned" and data.get("handler_id") is not None:
        _check_member(case, data["handler_id"])
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        procedure = procedure_of(case)
        history = engine_events(case)
        candidate = engine.Event(on, event_type, data, recorded_on)
        _check_day(on, history[-1].on if history else case.received_on)
        _check_backdate(on, recorded_on, backdate_reason)
        # Asked under the lock: a take-over or an appointment meanwhile changes the answer.
        permissions.require(actor=actor, case=case, action=event_type, on=on,
                            recorded_on=recorded_on)
        actor_view = engine.Actor(str(getattr(actor, "pk", "")), involved=actor_involved)
        refusal = engine.check(procedure, history, candidate, meetings=meeting_days(
            case.organization), actor=actor_view)
        if refusal is not None:
            raise _refused(refusal)
        event = _append(case, event_type, on, data, actor, recorded_on=recorded_on,
                        backdate_reason=backdate_reason if on < recorded_on else "")
        if event_type == "assigned" and data.get("handler_id"):
            case.handler_id = data["handler_id"]
        _refresh_row(case, procedure, [*history, candidate])
    return event


def case_take_over(*, case: Case, actor) -> CaseEvent:
    """A manager takes over a case that another person handles: from now on they handle,
    decide and answer it (AV-09). Recorded in the file, with whom it was taken from."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        permissions.require(actor=actor, case=case, action="taken_over")
        if case.handler_id is None or case.handler_id == actor.pk:
            raise Invalid(_("Only a case that another person handles can be taken over."))
        previous = case.handler
        event = _append(case, "taken_over", timezone.localdate(), {
            "handler_id": actor.pk, "handler": actor.get_full_name() or actor.username,
            "from_handler_id": previous.pk,
            "from_handler": previous.get_full_name() or previous.username}, actor)
        case.handler_id = actor.pk
        case.save(update_fields=["handler", "event_count", "last_hash", "updated_at"])
    return event


def case_note(*, case: Case, text: str, actor, kind: str = "note",
              data: dict[str, Any] | None = None) -> CaseEvent:
    """An entry in the file that is not a procedure step: a note, a recorded contact."""
    if kind not in FILE_EVENTS:
        raise ValueError(f"unknown file event {kind!r}")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        permissions.require(actor=actor, case=case, action=kind)
        event = _append(case, kind, timezone.localdate(), {"text": text, **(data or {})}, actor)
        case.save(update_fields=["event_count", "last_hash", "updated_at"])
    return event


def party_add(*, case: Case, role: str, details: PartyDetails, actor) -> Party:
    """Another party to the case: the person complained about, an interested party."""
    permissions.require(actor=actor, case=case, action="party_added")
    with transaction.atomic():
        party = Party.objects.create(case=case, role=role, name=details.name,
                                     email=details.email, phone=details.phone,
                                     address=details.address)
        case_note(case=case, text=details.name, actor=actor, kind="party_added",
                  data=party_facts(party))
    return party


def party_facts(party: Party) -> dict[str, Any]:
    """A party as the chain records it (and ``ombud audit verify`` compares with its row)."""
    return {"party_id": party.pk, "role": party.role, "name": party.name, "email": party.email,
            "phone": party.phone, "address": party.address}


def case_title_change(*, case: Case, title: str, actor) -> CaseEvent:
    """A new subject for the case, recorded in its history with the one it replaces."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        permissions.require(actor=actor, case=case, action="title_changed")
        event = _append(case, "title_changed", timezone.localdate(),
                        {"title": title, "previous": case.title}, actor)
        case.title = title
        case.save(update_fields=["title", "event_count", "last_hash", "updated_at"])
    return event


def documents_record(*, case: Case, after_id: int, on: date, actor) -> None:
    """Put the documents the file gained since ``after_id`` (letters the step produced, a
    hearing report) into the chain with their SHA-256, on the step's day (the letters' date).
    Inside the step's transaction."""
    documents = list(case.documents.filter(id__gt=after_id).order_by("id"))
    if not documents:
        return
    case = Case.objects.select_for_update().get(pk=case.pk)
    for document in documents:
        _append(case, "document_added", on, {"text": document.title, "document_id": document.pk,
                                             "sha256": document.sha256, "kind": document.kind},
                actor)
    case.save(update_fields=["event_count", "last_hash", "updated_at"])


def _last_document_id(case: Case) -> int:
    return case.documents.aggregate(last=Max("id"))["last"] or 0


def corrective_action_add(*, case: Case, description: str, owner, due_on: date,
                          actor) -> CorrectiveAction:
    """A change made because of the case, with an owner and a due date (NE-A-10, NE-C-08)."""
    permissions.require(actor=actor, case=case, action="corrective_action")
    with transaction.atomic():
        action = CorrectiveAction.objects.create(case=case, description=description, owner=owner,
                                                 due_on=due_on)
        case_note(case=case, text=description, actor=actor, kind="corrective_action",
                  data={"action_id": action.pk, "owner": owner.get_full_name() or str(owner),
                        "due_on": due_on})
    return action


def corrective_action_done(*, action: CorrectiveAction, done_on: date, follow_up: str,
                           actor) -> CorrectiveAction:
    """The action was carried out; its follow-up is kept in the file."""
    _check_day(done_on, None)
    permissions.require(actor=actor, case=action.case, action="corrective_action")
    with transaction.atomic():
        action.done_on, action.follow_up = done_on, follow_up
        action.save(update_fields=["done_on", "follow_up"])
        case_note(case=action.case, text=follow_up, actor=actor, kind="corrective_action",
                  data={"action_id": action.pk, "done_on": done_on})
    return action


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def document_attach(*, case: Case, upload, title: str, actor) -> Document:
    """A document added to the file by staff (a letter received, a statement), judged by its
    bytes and scanned as the public's are (issue 9, finding 2): the browser's word is not
    taken, so a web page never enters the file."""
    permissions.require(actor=actor, case=case, action="document_added")
    try:
        checked = files.check(upload, max_bytes=MAX_ATTACHMENT_BYTES)
    except files.Refused as problem:
        raise Invalid(str(problem)) from problem
    content = checked.content
    with transaction.atomic():
        document = Document.objects.create(
            case=case, kind=DocumentKind.ATTACHMENT, title=title, file=ContentFile(
                content, name=f"{case.reference}-{PurePath(upload.name).stem[:60]}"
                f"{files.ACCEPTED[checked.content_type]}"),
            content_type=checked.content_type, size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            created_by=actor if getattr(actor, "pk", None) else None)
        case_note(case=case, text=title, actor=actor, kind="document_added",
                  data={"document_id": document.pk, "sha256": document.sha256})
    return document


def _append(case: Case, event_type: str, on: date, data: dict[str, Any], actor, *,
            recorded_on: date | None = None, backdate_reason: str = "") -> CaseEvent:
    """Add one event at the end of the chain. Call while holding the case row lock."""
    seq = case.event_count + 1
    recorded_at = timezone.now()
    recorded_on = recorded_on or timezone.localdate()
    stored = _json_data(data)
    actor_id = getattr(actor, "pk", None)
    snapshot = history.actor_snapshot(actor)
    digest = history.digest(history.event_content(
        case=case.reference, seq=seq, prev=case.last_hash, type=event_type, on=on, data=stored,
        actor=snapshot, recorded_at=recorded_at,
        **history.backdating(recorded_on, backdate_reason)))
    try:
        event = CaseEvent.objects.create(
            case=case, seq=seq, type=event_type, on=on, data=stored, actor_id=actor_id,
            actor_user_id=snapshot["id"], actor_username=snapshot["username"],
            actor_name=snapshot["name"], recorded_at=recorded_at, recorded_on=recorded_on,
            backdate_reason=backdate_reason, prev_hash=case.last_hash, hash=digest)
    except IntegrityError:  # another writer took this seq: the row lock was not held
        raise Invalid(_("the case changed meanwhile; reload and try again")) from None
    case.event_count, case.last_hash = seq, digest
    return event


def cases_refresh(*, today: date | None = None, batch: int = 500) -> int:
    """The nightly sweep: bring every case that is not closed in line with the engine as of
    today. Time alone changes a case: a remedy term runs out and opens the inadmissible notice
    (DNV-B-11), a deadline passes and the queue must show it missed (X-07). Each case is
    refreshed under its own row lock, so the sweep and the handlers never overwrite each other.
    Returns how many rows changed."""
    today = today or timezone.localdate()
    changed = 0
    last_id = 0
    while True:
        ids = list(Case.objects.filter(id__gt=last_id, state__in=["open", "appealed"])
                   .order_by("id").values_list("id", flat=True)[:batch])
        if not ids:
            return changed
        for case_id in ids:
            with transaction.atomic():
                case = Case.objects.select_for_update().get(pk=case_id)
                row = _row_values(case, procedure_of(case), engine_events(case), today)
                if row != {name: getattr(case, name) for name in row}:
                    for name, value in row.items():
                        setattr(case, name, value)
                    case.save(update_fields=[*row, "updated_at"])
                    changed += 1
        last_id = ids[-1]


def _refresh_row(case: Case, procedure: Procedure,
                 history: list[engine.Event] | None = None) -> None:
    """Bring the row's state and next deadline in line with the engine. Holding the row lock."""
    events = history if history is not None else engine_events(case)
    for name, value in _row_values(case, procedure, events, timezone.localdate()).items():
        setattr(case, name, value)
    case.save()


def _row_values(case: Case, procedure: Procedure, events: list[engine.Event],
                today: date) -> dict[str, Any]:
    """What the case row holds for lists: its state and the organization's next deadline."""
    state = engine.evaluate(procedure, events, max(today, events[-1].on),
                            meeting_days(case.organization))
    upcoming = state.next_deadline
    return {"state": state.state, "next_due": upcoming.due if upcoming else NO_DEADLINE,
            "next_due_key": upcoming.key if upcoming else "",
            "next_due_rule": upcoming.rule if upcoming else ""}
