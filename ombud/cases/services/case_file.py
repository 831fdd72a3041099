"""What the file gains besides the procedure's steps: notes, parties, documents, corrective
actions and a new subject. Each is an entry of the chain, written in the same transaction as
the row it describes."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ombud.cases import files, permissions, search
from ombud.cases.models import Case, CaseEvent, CorrectiveAction, Document, DocumentKind, Party
from ombud.cases.services.chain import event_append
from ombud.cases.services.checks import Invalid, check_day
from ombud.cases.services.registration import PartyDetails, party_facts

# History entries that are part of the file but not steps of the procedure.
FILE_EVENTS = frozenset({"note", "document_added", "party_added", "party_changed",
                         "contact_recorded",
                         "corrective_action", "corrective_action_done", "extension_consent",
                         "deadline_missed", "taken_over", "title_changed"})

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def case_note(*, case: Case, text: str, actor, kind: str = "note",
              data: dict[str, Any] | None = None, action: str | None = None) -> CaseEvent:
    """An entry in the file that is not a procedure step: a note, a recorded contact.
    ``action``: what the permission table is asked, when not ``kind`` itself."""
    if kind not in FILE_EVENTS:
        raise ValueError(f"unknown file event {kind!r}")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        permissions.require(actor=actor, case=case, action=action or kind)
        event = event_append(case, kind, timezone.localdate(), {"text": text, **(data or {})},
                             actor)
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


def party_change(*, case: Case, party: Party, address: str, actor) -> Party:
    """A party's address as they gave it later (DNV-B-10: the remedy): the party record and
    so every later letter's address block use it; the chain keeps the new facts."""
    permissions.require(actor=actor, case=case, action="party_added")
    with transaction.atomic():
        party.address = address
        party.save(update_fields=["address"])
        case_note(case=case, text=party.name, actor=actor, kind="party_changed",
                  data=party_facts(party), action="party_added")
    return party


def case_title_change(*, case: Case, title: str, actor) -> CaseEvent:
    """A new subject for the case, recorded in its history with the one it replaces."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        permissions.require(actor=actor, case=case, action="title_changed")
        event = event_append(case, "title_changed", timezone.localdate(),
                             {"title": title, "previous": case.title}, actor)
        case.title = title
        case.save(update_fields=["title", "event_count", "last_hash", "updated_at"])
        search.case_text_refresh(case)  # the new subject, weighted as the subject
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
        event_append(case, "document_added", on, {
            "text": document.title, "document_id": document.pk, "sha256": document.sha256,
            "kind": document.kind}, actor)
    case.save(update_fields=["event_count", "last_hash", "updated_at"])


def last_document_id(case: Case) -> int:
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
    check_day(done_on, None)
    permissions.require(actor=actor, case=action.case, action="corrective_action")
    with transaction.atomic():
        action.done_on, action.follow_up = done_on, follow_up
        action.save(update_fields=["done_on", "follow_up"])
        # Its own entry: the file tells the action from its follow-up (NE-A-10, NE-C-08).
        case_note(case=action.case, text=follow_up, actor=actor, kind="corrective_action_done",
                  action="corrective_action", data={"action_id": action.pk, "done_on": done_on})
    return action


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


def complainant_news_mark(case: Case) -> None:
    """The complainant sent something (a document, a remedy, a reply, a booking): the queue and
    the case page say so until a member of staff marks it seen. Keeps the earliest time."""
    Case.objects.filter(pk=case.pk, complainant_news_at__isnull=True).update(
        complainant_news_at=timezone.now())


def complainant_news_seen(*, case: Case, actor) -> None:
    """A member of staff has looked at what the complainant sent."""
    permissions.require(actor=actor, case=case, action="note")
    Case.objects.filter(pk=case.pk).update(complainant_news_at=None)
