"""Where a person is named in other people's files (GDPR art. 17): a staff note, a complaint's
own words, a corrective action or a management meeting's minutes that give their name, e-mail
address or phone number, found by matching the free text.

Erasing the person redacts those identifiers, and only them: another person's case keeps its
entry, its words and its history. An entry of the history cannot be edited without breaking its
hash, so the redaction goes as the rest of erasure does: the field that named the person is
erased through its per-event digest (the chain and the seals still verify), and a new entry
gives the same words with the identifiers replaced by ``REDACTED``. The minutes of a management
meeting are signed by the seals as they stand (``audit.seal.meetings_digest``): they are found
and listed for the privacy officer, not changed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ombud.cases.models import Case, CaseEvent, CorrectiveAction, Document, Meeting, Party
from ombud.cases.search import document_text

REDACTED = "[—]"
SHORTEST_NAME = 4  # a name shorter than this would match ordinary words
EXCERPT = 60  # characters shown on either side of a match
PARTY_EVENTS = frozenset({"party_added", "party_changed"})


@dataclass(frozen=True)
class Mention:
    where: str  # "history" | "action" | "document" | "minutes"
    case: Case | None
    label: str
    excerpt: str
    row_id: int  # the CaseEvent, CorrectiveAction, Document or Meeting
    # False where erasure leaves it: sealed minutes, or a case with another party of the same
    # name (the text may be about them: a namesake's case is not redacted by guess).
    redacted: bool = True


def identifier_pattern(parties: list[Party]) -> re.Pattern | None:
    """One pattern for every name, e-mail address and phone number the person gave."""
    alternatives = set()
    for party in parties:
        name = " ".join(party.name.split())
        if len(name) >= SHORTEST_NAME and name != REDACTED and name != "—":
            alternatives.add(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split()))
                             + r"(?!\w)")
        if party.email:
            alternatives.add(r"(?<![\w.+-])" + re.escape(party.email) + r"(?![\w-])")
        digits = re.sub(r"\D", "", party.phone)
        if len(digits) >= 8:
            # The last eight digits, whatever separates them, with any prefix (+47, 0031 …).
            alternatives.add(r"(?<!\d)(?:\+?\d{1,4}[\s.-]*)?"
                             + r"[\s.-]*".join(digits[-8:]) + r"(?!\d)")
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives)), re.IGNORECASE)


def _excerpt(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - EXCERPT), match.end() + EXCERPT
    return ("…" if start else "") + " ".join(text[start:end].split()) + (
        "…" if end < len(text) else "")


def named_fields(data, pattern: re.Pattern) -> dict[str, str]:
    """The text fields of an entry's data that name the person."""
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if isinstance(value, str) and pattern.search(value)}


def mentions_of(organization, parties: list[Party]) -> list[Mention]:
    """Every place outside the person's own files (the cases they complained in, erased whole)
    where free text names them. Reads the organization's entries in chunks: bounded memory."""
    pattern = identifier_pattern(parties)
    if pattern is None:
        return []
    own = {party.case_id for party in parties if party.role == "complainant"}
    # Party entries state what a party row holds (``audit.verify`` compares them): a party is
    # erased with its row (``services.erase_party``), never redacted as a mention.
    found = []
    # Another party with their name but not their address is someone else, a namesake.
    names = {" ".join(party.name.casefold().split()) for party in parties}
    emails = {party.email.casefold() for party in parties if party.email}
    namesakes = {case_id for case_id, name, email in Party.objects.filter(
        case__organization=organization).exclude(pk__in=[party.pk for party in parties])
        .values_list("case_id", "name", "email")
        if " ".join(name.casefold().split()) in names and email.casefold() not in emails}
    events = (CaseEvent.objects.filter(case__organization=organization)
              .exclude(case_id__in=own).select_related("case").order_by("case_id", "seq"))
    for event in events.iterator(chunk_size=1000):
        if event.type in PARTY_EVENTS:
            continue
        for value in named_fields(event.data, pattern).values():
            found.append(Mention("history", event.case, _("%(case)s, entry %(seq)s of %(day)s")
                                 % {"case": event.case.reference, "seq": event.seq,
                                    "day": date_format(event.on, "SHORT_DATE_FORMAT")},
                                 _excerpt(value, pattern.search(value)), event.pk,
                                 event.case_id not in namesakes))
    for action in (CorrectiveAction.objects.filter(case__organization=organization)
                   .exclude(case_id__in=own).select_related("case")):
        for text in (action.description, action.follow_up):
            if match := pattern.search(text):
                found.append(Mention("action", action.case, _("%(case)s, corrective action")
                                     % {"case": action.case.reference},
                                     _excerpt(text, match), action.pk,
                                     action.case_id not in namesakes))
                break
    # A text kept as a document (a hearing's report, DNV-B-18) names them as its entry does.
    for document in (Document.objects.filter(case__organization=organization,
                                             content_type__startswith="text/plain")
                     .exclude(case_id__in=own).exclude(file="").select_related("case")
                     .order_by("case_id", "id").iterator(chunk_size=200)):
        text = document_text(document) or ""
        if match := pattern.search(text):
            found.append(Mention("document", document.case, _("%(case)s, document %(title)s")
                                 % {"case": document.case.reference, "title": document.title},
                                 _excerpt(text, match), document.pk,
                                 document.case_id not in namesakes))
    for meeting in Meeting.objects.filter(organization=organization).exclude(minutes=""):
        if match := pattern.search(meeting.minutes):
            found.append(Mention("minutes", None, _("Minutes of the management meeting of "
                                                    "%(day)s (sealed: not changed by erasure)")
                                 % {"day": date_format(meeting.held_on, "SHORT_DATE_FORMAT")},
                                 _excerpt(meeting.minutes, match), meeting.pk, False))
    return found


def redacted(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(REDACTED, text)
