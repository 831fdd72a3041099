"""Rectification and erasure of a person's data (GDPR art. 16, 17; DNV-I-01), by the privacy
officer only, each in one transaction and recorded in the case's history.

Erasure removes the content of every entry of the person's file and keeps its salted digest
(``ombud.cases.history``, version 3), so the chain and every seal stay valid; the entry that
records the erasure says when, by whom and on what ground. It is refused, with the rule and the
day it becomes possible, while the case must still be kept (``ombud.domain.retention``). What
is left of an erased case is what the reports count: its procedure, channel, dates and
outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.cases import search
from ombud.cases.erasure import ERASURE_EVENT, GROUNDS
from ombud.cases.history import ACTOR_FIELD, field_digest
from ombud.cases.models import (
    AccessLog,
    Case,
    CaseEvent,
    Contact,
    CorrectiveAction,
    Document,
    Notification,
    Party,
)
from ombud.cases.permissions import NotPermitted
from ombud.cases.services import Invalid, Refused, party_facts, procedure_of
from ombud.cases.services.chain import event_append
from ombud.domain.retention import erasure_check
from ombud.mail.models import MessageState, OutboxMessage
from ombud.orgs.models import AttemptCounter, Organization
from ombud.orgs.selectors import roles_of
from ombud.orgs.throttle import attempt_key
from ombud.privacy import hooks, mentions, selectors
from ombud.public.models import Submission, TrackingLink, UploadTry

ERASED = "—"  # what an erased case's subject and complainant read
# Fields of an entry that say nothing about a person: what the engine and the reports need.
KEPT_FIELDS = frozenset({
    "procedure", "procedure_version", "channel", "about", "filer", "outcome", "ground",
    "joint", "consent", "involved", "hearing_skipped", "document_id", "sha256", "kind",
    "party_id", "role", "handler_id", "entries", "erasure_ground", "appeal_outcome",
    "resolved", "decision", "at_end", "late_rule", "rule", "key"})


# ... and days that are facts about the person, not about the handling.
PERSONAL_DAYS = frozenset({"birth_on"})


def _kept(key: str, value) -> bool:
    """A field erasure leaves: named above, a day, a number, a yes or no."""
    if key in PERSONAL_DAYS:
        return False
    if key in KEPT_FIELDS or key.endswith("_on") or key.endswith("_id"):
        return not isinstance(value, (dict, list)) or key == "supplied"
    return isinstance(value, (bool, int, float)) or value is None


def may_use_console(roles: frozenset[str]) -> bool:
    """The privacy officer alone finds, exports, rectifies and erases people's data."""
    return "privacy" in roles


def _require_privacy(actor, organization: Organization) -> None:
    """``actor`` None: the system itself (the worker's retention job), recorded as such."""
    if actor is None:
        return
    if not may_use_console(roles_of(actor, organization)):
        raise NotPermitted(_("Only the privacy officer may do this."))


@dataclass(frozen=True)
class ErasureRefusal:
    case: str
    reason: str


def erasure_refusals(cases: list[Case], today: date | None = None) -> list[ErasureRefusal]:
    """Why each of ``cases`` may not be erased today (none: all may)."""
    today = today or timezone.localdate()
    return [ErasureRefusal(case.reference, reason) for case in cases
            if (reason := _retention_refusal(case, today))]


def _retention_refusal(case: Case, today: date) -> str:
    steps = list(case.events.values_list("type", "on"))
    check = erasure_check(procedure_of(case), case.state, steps, today)
    if check.allowed:
        return ""
    months = check.retention.years * 12
    source = (_("as its procedure file says") if check.from_procedure
              else _("Ombud's default: the procedure file names no retention"))
    if check.closed_on is None:
        return _("The case is still being handled. A closed case is kept %(months)s months "
                 "(%(source)s; GDPR art. 17(3)(b) and (e)).") % {"months": months,
                                                                 "source": source}
    return _("A closed case is kept %(months)s months (%(source)s; GDPR art. 17(3)(b) and "
             "(e)): closed on %(closed)s, it can be erased from %(day)s.") % {
        "months": months, "source": source,
        "closed": date_format(check.closed_on, "DATE_FORMAT"),
        "day": date_format(check.erasable_from, "DATE_FORMAT")}


def _require_ground(ground: str) -> None:
    if ground not in GROUNDS:
        raise Invalid(_("Choose the ground of the erasure."), field="ground")


def _locked_if_erasable(case: Case, today: date | None) -> Case:
    """The case's row, locked for the erasure; Refused while retention still keeps it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    reason = _retention_refusal(case, today or timezone.localdate())
    if reason:
        raise Refused("GDPR art. 17(3)", reason)
    return case


def erase_case(*, case: Case, ground: str, actor, today: date | None = None) -> CaseEvent:
    """Erase the personal data of the whole file of ``case`` (its complainant's erasure):
    raises Refused while retention forbids it."""
    _require_privacy(actor, case.organization)
    _require_ground(ground)
    with transaction.atomic():
        case = _locked_if_erasable(case, today)
        # Erased by a request that held the lock before this one (two clicks, two officers)
        # and nothing added since: done, not recorded twice.
        last = case.events.filter(seq=case.event_count, type=ERASURE_EVENT).first()
        if last is not None and not Party.objects.filter(case=case).exists():
            return last
        erasure = event_append(case, ERASURE_EVENT, timezone.localdate(),
                               {"erasure_ground": ground, "entries": case.event_count}, actor)
        for event in case.events.filter(seq__lt=erasure.seq).order_by("seq"):
            _erase_event(event, erasure.seq, complainant_acted=True)
        _erase_around(case)
        case.title = case.complainant_name = ERASED
        case.save(update_fields=["title", "complainant_name", "event_count", "last_hash",
                                 "updated_at"])
        search.case_text_refresh(case)  # the words found by the queue's search go too
        search.words_forget()
    return erasure


def erase_party(*, party: Party, ground: str, actor, today: date | None = None) -> CaseEvent:
    """Erase one party who is not the complainant: their details in the entries that name them
    and their row, the rest of the file kept."""
    case = party.case
    _require_privacy(actor, case.organization)
    _require_ground(ground)
    with transaction.atomic():
        case = _locked_if_erasable(case, today)
        if not Party.objects.filter(pk=party.pk).exists():  # erased meanwhile: done
            return case.events.filter(type=ERASURE_EVENT, data__party_id=party.pk).last()
        erasure = event_append(case, ERASURE_EVENT, timezone.localdate(),
                               {"erasure_ground": ground, "party_id": party.pk}, actor)
        for event in case.events.filter(seq__lt=erasure.seq,
                                        type__in=("party_added", "party_changed")):
            if event.data.get("party_id") == party.pk:
                _erase_event(event, erasure.seq, complainant_acted=False)
        _letters_to_remove(case, party)
        Party.objects.filter(pk=party.pk).delete()
        case.save(update_fields=["event_count", "last_hash", "updated_at"])
        search.case_text_refresh(case)
        search.words_forget()
    return erasure


def erase_person(*, organization: Organization, parties: list[Party], ground: str,
                 actor, today: date | None = None, addresses: list[str] = ()) -> list[CaseEvent]:
    """Erase everything held about the person ``parties`` stand for, or nothing: refused
    (Refused, every case's reason) when retention forbids it for any of their cases.
    ``addresses``: of someone no case names (a newsletter's subscriber), erased the same."""
    _require_privacy(actor, organization)
    cases = sorted({party.case for party in parties}, key=lambda case: case.pk)
    refusals = erasure_refusals(cases, today)
    if refusals:
        raise Refused("GDPR art. 17(3)", " ".join(f"{refusal.case}: {refusal.reason}"
                                                  for refusal in refusals))
    _require_ground(ground)
    emails = sorted({party.email.casefold() for party in parties if party.email}
                    | {email.strip().casefold() for email in addresses if email.strip()})
    erasures = []
    with transaction.atomic():
        # First where others' files name them (the pattern needs the parties' details).
        erasures += _mentions_redact(organization, parties, ground, actor)
        for party in parties:
            if party.role == "complainant":
                erasures.append(erase_case(case=party.case, ground=ground, actor=actor,
                                           today=today))
            else:
                erasures.append(erase_party(party=party, ground=ground, actor=actor,
                                            today=today))
        for email in emails:
            to_them = OutboxMessage.objects.filter(organization=organization,
                                                   to__iexact=email)
            to_them.filter(state=MessageState.PENDING).update(state=MessageState.ERASED)
            # The last error too: a refusing server's answer names the address.
            to_them.update(to="", subject=ERASED, body="", body_after_link="", headers={},
                           last_error="")
        # Every contact the console listed for them (by address, or by name and phone).
        selectors.contacts_of(organization, parties, emails).update(
            name=ERASED, email="", phone="", summary=ERASED)
        AttemptCounter.objects.filter(key__in=[attempt_key(email) for email in emails]).delete()
        hooks.erase(organization, emails, actor)
    return erasures


def _mentions_redact(organization: Organization, parties: list[Party], ground: str,
                     actor) -> list[CaseEvent]:
    """Redact the person's name, e-mail and phone where another's file names them
    (``privacy.mentions``): each such case gets one erasure entry that erases the fields that
    named them (their digests kept) and gives the same words, redacted, as its text."""
    pattern = mentions.identifier_pattern(parties)
    if pattern is None:
        return []
    by_case: dict[int, list[int]] = {}
    documents: dict[int, list[int]] = {}
    for mention in mentions.mentions_of(organization, parties):
        if not mention.redacted:
            continue
        if mention.where == "history":
            by_case.setdefault(mention.case.pk, []).append(mention.row_id)
        elif mention.where == "document":
            documents.setdefault(mention.case.pk, []).append(mention.row_id)
            by_case.setdefault(mention.case.pk, [])
        elif mention.where == "action":
            action = CorrectiveAction.objects.get(pk=mention.row_id)
            action.description = mentions.redacted(action.description, pattern)
            action.follow_up = mentions.redacted(action.follow_up, pattern)
            action.save(update_fields=["description", "follow_up"])
    erasures = []
    for case_id, event_ids in sorted(by_case.items()):
        case = Case.objects.select_for_update().get(pk=case_id)
        events = list(CaseEvent.objects.filter(pk__in=set(event_ids)).order_by("seq"))
        copies = [_("Entry %(seq)s, with the identifiers of a person whose data was erased "
                    "replaced by %(mark)s:") % {"seq": event.seq, "mark": mentions.REDACTED}
                  + "\n\n" + "\n\n".join(mentions.redacted(value, pattern) for value in
                                          mentions.named_fields(event.data, pattern).values())
                  for event in events]
        copies += _documents_redact(documents.get(case_id, []), pattern)
        erasure = event_append(case, ERASURE_EVENT, timezone.localdate(),
                               {"erasure_ground": ground, "text": "\n\n".join(copies)}, actor)
        for event in events:
            _erase_fields(event, set(mentions.named_fields(event.data, pattern)), erasure.seq)
        case.save(update_fields=["event_count", "last_hash", "updated_at"])
        search.case_text_refresh(case)
        erasures.append(erasure)
    return erasures


def _documents_redact(document_ids: list[int], pattern) -> list[str]:
    """The text documents that name the person (a hearing's report): their words, redacted,
    for the erasure entry; their files go (the rows and the digests the history names stay,
    so the file still verifies)."""
    copies, names = [], []
    for document in Document.objects.filter(pk__in=document_ids).order_by("id"):
        text = search.document_text(document) or ""
        copies.append(_("Document %(title)s, with the identifiers of a person whose data was "
                        "erased replaced by %(mark)s:") % {"title": document.title,
                                                           "mark": mentions.REDACTED}
                      + "\n\n" + mentions.redacted(text, pattern))
        names.append(document.file.name)
        Document.objects.filter(pk=document.pk).update(file="")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return copies


def _erase_fields(event: CaseEvent, keys: set[str], erasure_seq: int) -> None:
    """Erase only ``keys`` of one version-3 entry, keeping their digests."""
    if event.salts is None or not keys:
        return  # a version-2 entry cannot lose a field and still verify: left as it is
    salts, erased = dict(event.salts), dict(event.erased_fields or {})
    for key in keys:
        erased[key] = field_digest(key, salts.pop(key, ""), event.data[key])
    event.data = {key: value for key, value in event.data.items() if key not in keys}
    event.salts, event.erased_fields, event.erased_seq = salts, erased, erasure_seq
    event.save(update_fields=["data", "salts", "erased_fields", "erased_seq"])


def history_erase(case_ids: list[int]) -> None:
    """Retention's ``erase`` (``ombud.retention``): the personal content of every entry of these
    cases before the last, the retention job's own entry, which is the erasure's record.
    Called inside the job's transaction, the case rows locked."""
    for case_id, last in Case.objects.filter(pk__in=case_ids).values_list("pk", "event_count"):
        for event in CaseEvent.objects.filter(case_id=case_id, seq__lt=last).order_by("seq"):
            _erase_event(event, last, complainant_acted=True)


def _erase_event(event: CaseEvent, erasure_seq: int, *, complainant_acted: bool) -> None:
    """Remove the personal content of one entry, keeping what its hash needs of it."""
    data = event.data if isinstance(event.data, dict) else {}
    gone = {key: value for key, value in data.items() if not _kept(key, value)}
    erased = dict(event.erased_fields or {})
    salts = dict(event.salts) if event.salts is not None else None
    if salts is not None:
        for key, value in gone.items():
            erased[key] = field_digest(key, salts.pop(key, ""), value)
    # A complainant acting on their private page is recorded by name, without an account.
    actor_gone = complainant_acted and event.actor_user_id is None and event.actor_name
    if actor_gone and salts is not None and ACTOR_FIELD in salts:
        snapshot = {"id": None, "username": event.actor_username, "name": event.actor_name}
        erased[ACTOR_FIELD] = field_digest(ACTOR_FIELD, salts.pop(ACTOR_FIELD), snapshot)
    if not gone and not actor_gone:
        return
    event.data = {key: value for key, value in data.items() if key not in gone}
    event.salts, event.erased_fields, event.erased_seq = salts, erased, erasure_seq
    fields = ["data", "salts", "erased_fields", "erased_seq"]
    if actor_gone:
        event.actor_name = event.actor_username = ""
        fields += ["actor_name", "actor_username"]
    event.save(update_fields=fields)


def _letters_to_remove(case: Case, party: Party) -> None:
    """The letters written to ``party``, a person complained about (DNV-K-02, -14, -19), carry
    their name and postal address: their files go, the rows (and the digests the history names)
    stay."""
    letters = selectors.letters_to(party)
    names = [name for name in letters.exclude(file="").values_list("file", flat=True)]
    letters.update(title=ERASED, file="")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _erase_around(case: Case) -> None:
    """What the file holds beside its history: parties, documents and their files, messages,
    private links, notifications, web submissions and upload counters."""
    Party.objects.filter(case=case).delete()
    for document in case.documents.all():
        if document.file:
            document.file.delete(save=False)  # the file on storage
        document.title, document.file = ERASED, ""
        document.save(update_fields=["title", "file"])
    messages = OutboxMessage.objects.filter(case=case)
    for message in messages.exclude(attachment=""):
        message.attachment.delete(save=False)
    messages.filter(state=MessageState.PENDING).update(state=MessageState.ERASED)
    messages.update(to="", subject=ERASED, body="", body_after_link="", attachment="",
                    attachment_name="", headers={}, last_error="")
    TrackingLink.objects.filter(case=case).delete()
    Submission.objects.filter(case=case).delete()
    UploadTry.objects.filter(case=case).delete()
    Notification.objects.filter(case=case).update(text="")
    AccessLog.objects.filter(case=case).exclude(what="").update(what=ERASED)
    Contact.objects.filter(case=case).update(name=ERASED, email="", phone="", summary=ERASED)


def party_rectify(*, party: Party, name: str, email: str, phone: str, address: str,
                  actor) -> Party:
    """Correct a party's details (GDPR art. 16): the row and every later letter use them, the
    case's history records the correction. A corrected address also readdresses the case's
    messages to the old one not sent yet (``_readdress``)."""
    case = party.case
    _require_privacy(actor, case.organization)
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("The name cannot be empty."), field="name")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        party = Party.objects.get(pk=party.pk, case=case)
        old_email = party.email
        party.name, party.email, party.phone, party.address = (
            name[:200], email.strip()[:254], phone.strip()[:40], address.strip()[:300])
        try:
            party.full_clean(exclude=["case"])
        except ValidationError as error:
            raise Invalid(" ".join(error.messages), field="email") from None
        party.save()
        facts = {"text": party.name, "rectified": True, **party_facts(party)}
        if old_email and party.email and old_email.casefold() != party.email.casefold():
            facts["readdressed"] = _readdress(case, old_email, party.email)
        event_append(case, "party_changed", timezone.localdate(), facts, actor)
        if party.role == "complainant":
            case.complainant_name = party.name
        case.save(update_fields=["complainant_name", "event_count", "last_hash", "updated_at"])
    return party


def _readdress(case: Case, old: str, new: str) -> int:
    """The case's messages to ``old`` still waiting go to ``new``; how many. Those sent stay as
    the history of where they went; one a worker is sending right now (its lease runs) read
    the old address already and is left to it. Call while holding the case row lock."""
    return OutboxMessage.objects.filter(
        case=case, to__iexact=old, state=MessageState.PENDING).exclude(
        claimed_until__gt=timezone.now()).update(to=new)
