"""The access export (GDPR art. 15; DNV-I-01): everything one organization holds about one
person, why and for how long, as JSON, and as a readable PDF set by Typst in the person's
language; both in one zip with the person's own documents.

Every value is passed to Typst as JSON data and set as text, never as markup; in the zip, the
documents are named by their number and a suffix from a fixed list, never by a typed title."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typst
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.cases.erasure import ERASURE_EVENT
from ombud.cases.services import procedure_of
from ombud.cases.templatetags.ombud import event_label
from ombud.cases.wording import party_role_label, your_case
from ombud.domain import messages as words
from ombud.domain.retention import erasure_check
from ombud.domain.texts import word
from ombud.privacy import hooks
from ombud.privacy.selectors import Places

LAYOUT = Path(__file__).resolve().parent / "access_export.typ"
_compilers = threading.local()
SUFFIXES = {"application/pdf": ".pdf", "text/plain": ".txt", "image/png": ".png",
            "image/jpeg": ".jpg"}
# Fields of the history that are the person's own words or facts about them (the rest is the
# organization's handling, given as the steps' names and days).
PERSONAL_FIELDS = ("text", "title", "complainant", "name", "email", "phone", "address",
                   "description", "details", "birth_on", "reasons", "grounds", "report",
                   "result", "on_behalf_of", "previous")


def person_language(places: Places, organization) -> str:
    """The language the person wrote in (their latest case's), else the organization's."""
    for case in reversed(places.own_cases or places.cases):
        if case.language in ("nb", "nl", "en"):
            return case.language
    return organization.language


def export_data(organization, places: Places, *, today: date | None = None) -> dict[str, Any]:
    """The JSON of the export: plain values only, in the person's language."""
    today = today or timezone.localdate()
    with translation.override(person_language(places, organization)):
        return {
            "format": "ombud-access-export/1",
            "organization": {"name": organization.name, "email": organization.email,
                             "postal_address": organization.postal_address},
            "made_on": today.isoformat(),
            "language": translation.get_language(),
            "person": [{"name": party.name, "email": party.email, "phone": party.phone,
                        "address": party.address,
                        "role": party_role_label(party.case.procedure_id, party.role),
                        "case": party.case.reference} for party in places.parties]
            or _someone(places),
            "purposes": _purposes(places),
            "consent_purpose": _consent_purpose(places),
            "legal_basis": _("GDPR art. 6(1)(c) and (e): a legal obligation and a task of "
                             "the organization; art. 6(1)(a) where you gave consent."),
            "cases": [_case(case, places, today) for case in places.cases],
            "messages": [{"to": message.to, "subject": message.subject,
                          "kind": message.kind, "state": message.get_state_display(),
                          "written": message.created_at.isoformat(),
                          "sent": message.sent_at.isoformat() if message.sent_at else None}
                         for message in places.outbox],
            "contacts": [{"received_on": contact.received_on.isoformat(), "name": contact.name,
                          "email": contact.email, "phone": contact.phone,
                          "summary": contact.summary} for contact in places.contacts],
            "tracking_links": [{"case": link.case.reference,
                                "created": link.created_at.isoformat(),
                                "revoked": link.revoked_at.isoformat() if link.revoked_at
                                else None,
                                "last_used": link.last_used_at.isoformat()
                                if link.last_used_at else None}
                               for link in places.tracking_links],
            "signin_records": places.signin_records,
            "consents": [{**consent, "on": consent["on"].isoformat(),
                          "withdrawn_on": consent["withdrawn_on"].isoformat()
                          if consent.get("withdrawn_on") else None}
                         for consent in places.consents],
            "read_by": [{"case": read.case.reference, "at": read.at.isoformat(),
                         "person": read.person_name, "kind": read.get_kind_display(),
                         "what": read.what} for read in places.reads],
            # Read again in the person's language (the console read them in the officer's).
            "other": hooks.places(organization, places.emails),
        }


def _purposes(places: Places) -> str:
    """Why the data is kept: naming the case as the bundle names it (a bezwaar is not a
    "klacht") where all the person's cases share one noun, else Ombud's sentence."""
    language = translation.get_language()
    own = {your_case(case.procedure_id, case.case_type)
           if word(case.procedure_id, language, "case_types", "noun") else None
           for case in places.cases}
    if len(own) == 1 and None not in own:
        return _("Your data is kept to handle %(your_case)s under the organization's "
                 "procedure, to answer you, and to account for the handling (annual report, "
                 "audit).") % {"your_case": own.pop()}
    return _("Your data is kept to handle your complaint or request under the organization's "
             "complaints procedure, to answer you, and to account for the handling (annual "
             "report, audit).")


def _consent_purpose(places: Places) -> str:
    """What the person consented to: keeping their case as the bundle names it where all
    their cases share one noun, "your case" where a bundle names another, else Ombud's."""
    language = translation.get_language()
    own = {your_case(case.procedure_id, case.case_type)
           if word(case.procedure_id, language, "case_types", "noun") else None
           for case in places.cases}
    if len(own) == 1 and None not in own:
        return _("To keeping %(your_case)s, to handle it") % {"your_case": own.pop()}
    if own - {None}:
        return _("To keeping your case, to handle it")
    return _("To keeping your complaint, to handle it")


def _someone(places: Places) -> list[dict[str, str]]:
    """Someone no case names (a newsletter's subscriber): their address, and the name another
    app holds with it."""
    names = {str(row.get("email", "")).casefold(): row.get("name", "")
             for rows in places.extra.values() for row in rows}
    return [{"name": names.get(email, ""), "email": email, "phone": "", "address": "",
             "role": "", "case": ""} for email in places.addresses]


def _case(case, places: Places, today: date) -> dict[str, Any]:
    own = case in places.own_cases
    events = list(case.events.order_by("seq"))
    check = erasure_check(procedure_of(case), case.state,
                          [(event.type, event.on) for event in events], today)
    return {
        "reference": case.reference, "subject": case.title if own else "",
        "procedure": case.procedure_id,
        "procedure_title": words.pick(procedure_of(case).title, translation.get_language()),
        "received_on": case.received_on.isoformat(),
        "state": case.get_state_display(),
        "role": ", ".join(party_role_label(case.procedure_id, party.role)
                          for party in places.parties
                          if party.case_id == case.pk),
        "retention": {
            "months_after_closing": check.retention.years * 12,
            "then": check.retention.then,
            "from_procedure_file": check.from_procedure,
            "closed_on": check.closed_on.isoformat() if check.closed_on else None,
            "erasable_from": check.erasable_from.isoformat() if check.erasable_from else None},
        "history": [_entry(event, own, places) for event in events
                    if _theirs(event, own, {party.pk for party in places.parties})],
        "documents": [{"number": document.pk, "title": document.title,
                       "kind": document.get_kind_display(), "size": document.size,
                       "sha256": document.sha256, "added": document.created_at.isoformat()}
                      for document in places.documents if document.case_id == case.pk],
    }


def _theirs(event, own: bool, person: set[int]) -> bool:
    """An entry of their own file, but one about another party of it (the person complained
    about, added or changed: their details), or an entry about them in another's file."""
    party_id = event.data.get("party_id") if isinstance(event.data, dict) else None
    return party_id in person or (own and party_id is None)


def _entry(event, own: bool, places: Places) -> dict[str, Any]:
    data = event.data if isinstance(event.data, dict) else {}
    return {"on": event.on.isoformat(), "type": event.type,
            "recorded_by": event.actor_name or event.actor_username,
            "erased": event.erased_seq is not None or event.type == ERASURE_EVENT,
            "data": {key: value for key, value in data.items() if key in PERSONAL_FIELDS}}


def export_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def _day(value: str | None) -> str:
    """An ISO day or moment of the JSON as the reader's language writes a day."""
    if not value:
        return ""
    return date_format(date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")


def _moment(value: str) -> str:
    return date_format(timezone.localtime(datetime.fromisoformat(value)),
                       "SHORT_DATETIME_FORMAT")


def _as_read(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON's values as a person reads them in the PDF: days in their language's format,
    sizes in kB, procedures by their title (the JSON keeps ISO dates and codes for computers)."""
    return {
        "cases": [{**case, "received_on": _day(case["received_on"]),
                   "retention": {**case["retention"],
                                 "erasable_from": _day(case["retention"]["erasable_from"])
                                 or None},
                   "documents": [{**document, "size": filesizeformat(document["size"])}
                                 for document in case["documents"]]}
                  for case in data["cases"]],
        "messages": [{**message, "written": _day(message["written"])}
                     for message in data["messages"]],
        "contacts": [{**contact, "received_on": _day(contact["received_on"])}
                     for contact in data["contacts"]],
        "tracking_links": [{**link, "created": _day(link["created"]),
                            "revoked": _day(link["revoked"]) or None}
                           for link in data["tracking_links"]],
        "read_by": [{**read, "at": _moment(read["at"])} for read in data["read_by"]],
        "consents": [{**consent, "on": _day(consent["on"]),
                      "withdrawn_on": _day(consent.get("withdrawn_on"))}
                     for consent in data["consents"]],
        "other": [[place, [{**row, "consents": [{**consent, "on": _moment(consent["on"])}
                                                for consent in row.get("consents", [])]}
                           for row in rows]] for place, rows in data["other"].items()],
    }


def export_pdf(data: dict[str, Any]) -> bytes:
    with translation.override(data["language"]):
        labels = {**_labels(), "consent_case": data.get("consent_purpose")
                  or _("To keeping your complaint, to handle it")}
        payload = {**data, **_as_read(data), "labels": labels, "made_on": date_format(
            date.fromisoformat(data["made_on"]), "DATE_FORMAT"),
            "data_json": [[case["reference"], [
                # a step the bundle declares by its name there (texts [events])
                [_day(entry["on"]), event_label(entry["type"], case["procedure"]),
                 entry["recorded_by"],
                 "; ".join(f"{_field_label(key)}: {_plain(value)}"
                           for key, value in entry["data"].items())]
                for entry in case["history"]]] for case in data["cases"]]}
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        compiler = _compilers.compiler = typst.Compiler(str(LAYOUT))
    return compiler.compile(sys_inputs={"export": json.dumps(payload, default=str)})


def _plain(value) -> str:
    """A field as words: a party as its name, address and ways to reach them."""
    if isinstance(value, dict):
        return ", ".join(str(value[key]) for key in ("name", "email", "phone", "address")
                         if value.get(key))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _field_label(key: str) -> str:
    labels = {"title": _("Subject"), "previous": _("Subject"), "complainant": _("Complainant"),
              "name": _("Name"), "email": _("E-mail"), "phone": _("Phone"),
              "address": _("Address"), "birth_on": _("Date of birth"), "reasons": _("Reasons"),
              "report": _("Report"), "text": _("Text")}
    return str(labels.get(key, "")) or key.replace("_", " ")


def _labels() -> dict[str, str]:
    return {
        "title": _("Your personal data"), "made_on": _("Made on"),
        "intro": _("This is everything the organization holds about you (GDPR art. 15): your "
                   "details, every case you are a party to with its history and documents, "
                   "the messages sent to you, and who read your file. The JSON file beside "
                   "this PDF holds the same in a form a computer reads."),
        "you": _("Your details"), "purposes": _("Why it is kept"),
        "legal_basis": _("Legal basis"), "cases": _("Your cases"),
        "retention": _("Kept until"), "history": _("History"),
        "documents": _("Documents"), "messages": _("Messages to you"),
        "reads": _("Who read your file"), "contacts": _("Contacts"),
        "links": _("Private links"), "none": _("none"),
        "open": _("as long as the case is handled, then %(months)s months"),
        "until": _("erasable from %(day)s"),
        "name": _("Name"), "email": _("E-mail"), "phone": _("Phone"),
        "address": _("Address"), "role": _("Role"), "case": _("Case"),
        "date": _("Date"), "entry": _("Entry"), "recorded_by": _("Recorded by"),
        "content": _("What it says"), "kind": _("Kind"), "size": _("Size"),
        "revoked": _("Revoked"), "when": _("When"), "what": _("What"),
        "subject": _("Subject"),
        "consents": _("Your consents"), "given": _("Given"), "withdrawn": _("Withdrawn"),
        "action": _("Consent"), "version": _("Text"), "how": _("How"),
    }


def export_zip(data: dict[str, Any], places: Places) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", export_json(data))
        archive.writestr("personal-data.pdf", export_pdf(data))
        for document in places.documents:
            if not document.file:
                continue
            name = f"documents/{document.pk}{SUFFIXES.get(document.content_type, '.bin')}"
            try:
                with document.file.open("rb") as file:
                    archive.writestr(name, file.read())
            except OSError:
                continue  # a file lost on storage: the JSON still lists it
    return buffer.getvalue()
