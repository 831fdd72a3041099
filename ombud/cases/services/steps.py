"""The procedure's steps: recording one (asked of the permission table and the engine first,
under the case row lock), with the letter or report it produces; a manager taking a case over.
(The management meeting's decision: ``meetings``.)"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ombud.cases import correspondence, permissions, procedure_parts
from ombud.cases.models import Case, CaseEvent, Document, DocumentKind
from ombud.cases.services.case_file import documents_record, last_document_id
from ombud.cases.services.chain import (
    engine_data,
    engine_events,
    event_append,
    json_data,
    meeting_days,
    procedure_of,
    row_refresh,
)
from ombud.cases.services.checks import (
    Invalid,
    check_backdate,
    check_day,
    check_member,
    check_not_repeated,
    check_parties,
    refused_by,
)
from ombud.domain import booking, engine
from ombud.domain import messages as words
from ombud.letters.render import LetterError
from ombud.orgs.models import Organization


def case_step(*, case: Case, event_type: str, on: date, actor, data: dict[str, Any]
              | None = None, actor_involved: bool = False, backdate_reason: str = "",
              recorded_on: date | None = None) -> CaseEvent:
    """Record a step and keep what it produced in the file: the letter it calls for, set as PDF
    and put in the outbox (NE-A-08, DNV-K-19, X-08), the report of a hearing (DNV-K-16,
    DNV-B-19). The letter is dated the day it is written, which for a step dated back is the
    day it is recorded, not ``on``: a letter never claims to be older than it is."""
    data = data or {}
    with transaction.atomic():
        if event_type == "slot_booked":
            _check_slot_free(case, data.get("at"))
        documents_before = last_document_id(case)
        event = case_record(case=case, event_type=event_type, on=on, actor=actor, data=data,
                            actor_involved=actor_involved, backdate_reason=backdate_reason,
                            recorded_on=recorded_on)
        procedure = procedure_of(case)
        state = engine.evaluate(procedure, engine_events(case), event.recorded_on,
                                meeting_days(case.organization))
        try:
            correspondence.letter_send(case=case, procedure=procedure, step=event_type,
                                       on=event.recorded_on, data=engine_data(json_data(data)),
                                       state=state, actor=actor)
        except LetterError as problem:  # the bundle's letter is broken: the step waits for it
            raise Invalid(_("The letter of this step cannot be written, so nothing was "
                            "recorded: %(problem)s. The administrator corrects the letter in "
                            "the organization's bundle.") % {"problem": problem},
                          field=None) from None
        if event_type == "hearing_held" and data.get("report"):
            _archive_text(case, event, _hearing_report(case, data), DocumentKind.HEARING_REPORT,
                          actor)
        documents_record(case=case, after_id=documents_before, on=on, actor=actor)
    return event


def _check_slot_free(case: Case, at) -> None:
    """DNV-I-06: an appointment among those offered and still free. Bookings of one
    organization are made one at a time (its row locked), whoever books: the candidate on the
    private page or the staff for a candidate who phones."""
    Organization.objects.select_for_update().filter(pk=case.organization_id).exists()
    procedure = procedure_of(case)
    try:
        slot = datetime.fromisoformat(str(at))
    except ValueError:
        raise Invalid(_("That time is no longer free: choose another one.")) from None
    if not booking.is_offered(procedure, slot, timezone.localdate(),
                              procedure_parts.taken_slots(case, procedure)):
        raise Invalid(_("That time is no longer free: choose another one."))


def _hearing_report(case: Case, data: dict[str, Any]) -> str:
    """The report as kept in the file: its text, then how the parties were heard and why
    (DNV-B-18), and the witnesses and experts heard (DNV-B-19), in the case's language."""
    with translation.override(correspondence.case_language(case)):
        lines = []
        if data.get("joint") == "separate":
            lines.append(_("The parties were heard separately: %(reason)s") % {
                "reason": data.get("separate_reason", "")})
        elif data.get("joint") == "joint":
            lines.append(_("The parties were heard jointly, in each other's presence."))
        if "witnesses" in data or "experts" in data or data.get("joint"):
            lines.append(_("Witnesses heard: %(names)s") % {
                "names": data.get("witnesses") or _("none")})
            lines.append(_("Experts heard: %(names)s") % {
                "names": data.get("experts") or _("none")})
    return "\n\n".join([data["report"], *lines])


def _archive_text(case: Case, event: CaseEvent, text: str, kind: str, actor) -> Document:
    content = ContentFile(text.encode("utf-8"), name=f"{case.reference}-{event.seq}.txt")
    return Document.objects.create(
        case=case, kind=kind, title=_document_title(case, event), file=content,
        content_type="text/plain; charset=utf-8", size=content.size,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        created_by=actor if getattr(actor, "pk", None) else None)


def _document_title(case: Case, event: CaseEvent) -> str:
    """"hoorzitting gehouden 02-12-2026": the step in words and its day, in the case's
    language (the file lists it after the document's kind)."""
    language = correspondence.case_language(case)
    names = words.EVENT_NAMES.get(event.type)
    step = words.pick(names, language) if names else event.type
    return f"{step} {words.format_date(event.on, language)}"


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
        check_member(case, data["handler_id"])
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        procedure = procedure_of(case)
        history = engine_events(case)
        candidate = engine.Event(on, event_type, data, recorded_on)
        check_day(on, history[-1].on if history else case.received_on)
        check_backdate(on, recorded_on, backdate_reason)
        check_not_repeated(case, procedure, event_type, on, data, actor)
        # Asked under the lock: a take-over or an appointment meanwhile changes the answer.
        permissions.require(actor=actor, case=case, action=event_type, on=on,
                            recorded_on=recorded_on)
        actor_view = engine.Actor(str(getattr(actor, "pk", "")), involved=actor_involved)
        refusal = engine.check(procedure, history, candidate, meetings=meeting_days(
            case.organization), actor=actor_view)
        if refusal is not None:
            raise refused_by(refusal)
        check_parties(case, procedure, event_type)
        event = event_append(case, event_type, on, data, actor, recorded_on=recorded_on,
                        backdate_reason=backdate_reason if on < recorded_on else "")
        if event_type == "assigned" and data.get("handler_id"):
            case.handler_id = data["handler_id"]
        row_refresh(case, procedure, [*history, candidate])
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
        event = event_append(case, "taken_over", timezone.localdate(), {
            "handler_id": actor.pk, "handler": actor.get_full_name() or actor.username,
            "from_handler_id": previous.pk,
            "from_handler": previous.get_full_name() or previous.username}, actor)
        case.handler_id = actor.pk
        case.save(update_fields=["handler", "event_count", "last_hash", "updated_at"])
    return event
