"""The case file as one PDF, for the auditor and the privacy officer (and managers): every entry
of the history with the time it was recorded and the person by name, every deadline with
whether it was kept and how many days late (the engine's own verdict), the documents with their
size and SHA-256, and the proof that the history was not altered (the hash chain, checked now,
and the seal that covers the case). In the reader's language; set by the letters' Typst."""

from __future__ import annotations

from datetime import date

from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.audit import keys, merkle
from ombud.audit.proof import sealed_head
from ombud.audit.seal import latest_seal
from ombud.cases import services
from ombud.cases.erasure import ERASURE_EVENT, GROUNDS, erasure_note, erasures_of
from ombud.cases.history import first_broken_link, row_disagreement
from ombud.cases.models import Case, CaseEvent
from ombud.cases.templatetags.ombud import (
    CODE_LABELS,
    DETAIL_FIELDS,
    TEXT_FIELDS,
    actor_name,
    case_state_label,
    channel_label,
    event_label,
    ground_label,
    owner_label,
    status_label,
)
from ombud.domain import engine
from ombud.domain import messages as words
from ombud.domain.texts import deadline_name
from ombud.letters import case_file as layout

MAX_TEXT = 4000  # of one text in an entry: the file is for checking, the full text stays online


def case_file_pdf(case: Case, *, reader) -> bytes:
    return layout.to_pdf(case_file_payload(case, reader=reader))


def case_file_payload(case: Case, *, reader) -> dict:
    lang = (translation.get_language() or "en")[:2]
    procedure = services.procedure_of(case)
    history = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))
    today = timezone.localdate()
    state = engine.evaluate(procedure, services.engine_events_of(history, procedure), today,
                            services.meeting_days(case.organization))
    now = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    reader_name = reader.get_full_name() or reader.get_username()
    return {
        "lang": lang, "reference": case.reference, "organization": case.organization.name,
        "title": _("Case file %(reference)s") % {"reference": case.reference},
        "generated": _("made %(when)s for %(person)s") % {"when": now, "person": reader_name},
        "summary": [
            [_("Reference"), case.reference], [_("Subject"), case.title],
            [_("Case type"), _("%(title)s (%(id)s, version %(version)s)") % {
                "title": procedure.title.get(lang, procedure.id), "id": procedure.id,
                "version": case.procedure_version}],
            [_("Complainant"), case.complainant_name],
            [_("Received"), f"{words.format_date(case.received_on, lang)}, "
                            f"{channel_label(case.channel)}"],
            *_posted(history, lang),
            [_("State"), case_state_label(case)],
            [_("Handler"), (case.handler.get_full_name() or case.handler.get_username())
             if case.handler else "—"],
        ],
        "labels": {
            "events": _("History"), "when": _("Date"), "who": _("Recorded by"),
            "what": _("Entry"), "deadlines": _("Deadlines"), "deadline": _("Deadline"),
            "whose": _("Whose"), "rule": _("Rule"),
            "due": _("Due"), "status": _("Kept?"), "late": _("Days late"),
            "documents": _("Documents"), "document": _("Document"), "size": _("Size"),
            "added": _("Added"), "proof": _("Proof that the history was not altered"),
        },
        "events": [_event_row(event, erasures_of(history), case.procedure_id)
                   for event in history],
        "deadlines": [_deadline_row(deadline, state.as_of, lang) for deadline in state.deadlines],
        "documents": [{"title": document.title, "kind": document.get_kind_display(),
                       "size": _size(document.size), "sha256": document.sha256,
                       "added": date_format(timezone.localtime(document.created_at),
                                            "SHORT_DATETIME_FORMAT")}
                      for document in case.documents.all()],
        **_proof(case, history),
    }


def _posted(history: list[CaseEvent], lang: str) -> list[list[str]]:
    """The postmark of a letter registered where it counts (fvl § 30, Awb 6:9), under the day
    it was received: a reader of the file sees why a late-looking case came in time."""
    value = (history[0].data or {}).get("posted_on") if history else None
    if not isinstance(value, str) or not value:
        return []
    return [[_("Posted"), words.format_date(date.fromisoformat(value), lang)]]


def _event_row(event: CaseEvent, erasures: dict, procedure_id: str = "") -> dict:
    label = event_label(event.type, procedure_id)
    data = event.data or {}
    details = [ground_label(procedure_id, data[name]) if name == "ground"
               else f"{str(CODE_LABELS.get(name, {}).get(data[name], data[name]))}"
               for name in DETAIL_FIELDS if data.get(name)]
    lines = [" · ".join(details)] if details else []
    if event.type == "deadline_missed":
        lines.append(f"{data.get('rule', '')} · " + _("%(days)s days late") % {
            "days": data.get("days_late", 0)})
    if event.type == "document_added" and data.get("sha256"):
        lines.append(f"SHA-256 {data['sha256'][:16]}…")
    if event.backdate_reason:
        lines.append(_("done %(done)s, recorded %(recorded)s: %(reason)s") % {
            "done": date_format(event.on, "SHORT_DATE_FORMAT"),
            "recorded": date_format(event.recorded_on, "SHORT_DATE_FORMAT"),
            "reason": event.backdate_reason})
    for name in TEXT_FIELDS:
        if data.get(name):
            text = " ".join(str(data[name]).split())
            lines.append(text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " […]")
    if event.type == ERASURE_EVENT:
        lines.append(str(GROUNDS.get(data.get("erasure_ground"), "")))
    if note := erasure_note(event, erasures):
        lines.append(note)
    when = date_format(timezone.localtime(event.recorded_at), "SHORT_DATETIME_FORMAT")
    if event.recorded_at and timezone.localtime(event.recorded_at).date() != event.on:
        when = _("%(day)s (recorded %(when)s)") % {
            "day": date_format(event.on, "SHORT_DATE_FORMAT"), "when": when}
    return {"when": when, "who": actor_name(event) or _("the system"),
            "what": f"{event.seq}. {label[:1].upper()}{label[1:]}", "lines": lines}


def _deadline_row(deadline, as_of, lang: str) -> dict:
    kept = {"met": _("kept"), "missed": _("missed")}.get(deadline.status)
    status = str(kept or status_label(deadline.status))
    if deadline.met_on is not None:
        status += " " + _("(done %(day)s)") % {"day": words.format_date(deadline.met_on, lang)}
    days = deadline.days_late(as_of)
    return {"name": deadline_name(deadline.procedure.id, deadline.key, lang),
            "owner": str(owner_label(deadline.owner.value, deadline.procedure.id)),
            "rule": deadline.rule,
            "due": words.format_date(deadline.due, lang), "status": status,
            "late": deadline.lateness(as_of, lang) if days else "—"}


def _size(size: int) -> str:
    """In the reader's notation, as the case page writes it: 18,1 kB in bokmål and Dutch."""
    return filesizeformat(size).replace("\xa0", " ")


def _proof(case: Case, history: list[CaseEvent]) -> dict:
    """The chain checked now, entry by entry, and the latest seal: what it signed of this case
    and whether that is the start of the chain as it stands."""
    broken = first_broken_link(history, case)
    disagrees = row_disagreement(case, history) if broken is None else None
    if broken is not None:
        chain = _("The history was ALTERED: entry %(seq)s does not match the chain.") % {
            "seq": broken}
    elif disagrees:
        chain = _("The history was CUT SHORT: the case counts %(counted)s entries, its chain "
                  "holds %(held)s.") % {"counted": case.event_count, "held": len(history)}
    else:
        chain = _("The history is intact: each of its %(count)s entries holds the SHA-256 of "
                  "its content and of the entry before it, recomputed now.") % {
            "count": len(history)}
    facts = [[_("Entries"), str(len(history))],
             [_("Last hash"), history[-1].hash if history else "—"]]
    seal = latest_seal(case.organization_id)
    found = sealed_head(seal, case.reference)
    if found is None:
        sealed = _("No seal covers this case yet: it is sealed the night after it was "
                   "registered.")
        return {"proof": [chain, sealed], "proof_facts": facts}
    index, count, head = found
    leaves = [merkle.leaf_hash(*line) for line in seal.head_lines()]
    signed = (keys.signature_valid(seal.public_key, seal.signature, seal.payload.encode())
              and merkle.root(leaves) == seal.root)
    matches = len(history) >= count and history[count - 1].hash == head
    when = date_format(timezone.localtime(seal.sealed_at), "SHORT_DATETIME_FORMAT")
    if signed and matches:
        sealed = _("The seal of %(when)s signed the first %(count)s entries of this history; "
                   "they are unchanged since. Later entries await the next seal.") % {
            "when": when, "count": count}
    else:
        sealed = _("The seal of %(when)s does NOT match this history: it was changed after "
                   "the seal, or the seal is not genuine.") % {"when": when}
    facts += [[_("Sealed"), when], [_("Entries sealed"), str(count)], [_("Sealed head"), head],
              [_("Merkle root"), seal.root], [_("Key fingerprint"), seal.key_fingerprint],
              [_("Signature"), "\n".join(seal.signature[i:i + 64]
                                          for i in range(0, len(seal.signature), 64))]]
    check = _("The proof file (JSON) checks this offline with verify_proof.py and the "
              "published key fingerprint.")
    return {"proof": [chain, sealed, check], "proof_facts": facts}
