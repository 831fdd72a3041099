"""Anonymizing closed cases (issue 14, item 2): the personal data on a case's rows replaced,
its figures for the annual reports untouched, its history still verifiable.

``anonymize_case(case)`` is the entry for one case; the nightly job calls ``anonymize_cases``
with a batch, in one transaction. Both append one ``anonymized`` entry to each case's chain
that states the new subject, complainant and parties, so that ``ombud audit verify`` finds the
rows as the chain says (``audit.verify`` reads that entry). What they replace or remove:

- the case row's subject and complainant; every party's name, e-mail, phone and address;
- the searchable text of the case (``cases.CaseText``, and SQLite's FTS row);
- contacts linked to the case; the bodies, addresses and attachments of its outbox messages;
- its private links (``public.TrackingLink``); its notifications' texts;
- its documents' titles and stored files (the rows and their SHA-256 stay: the chain names
  them); with ``counts_only`` and ``erase`` also the texts of its corrective actions;
- the personal content of the history's earlier entries (the complaint as received, notes,
  letters' texts, names), through the privacy console's per-event digests (``ERASE_HISTORY``, a
  hook it registers), for every action: each keeps what the engine and the reports need, and
  the chain and the seals stay valid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from ombud.cases import history, search
from ombud.cases.models import (
    Case,
    CaseEvent,
    CaseText,
    Contact,
    CorrectiveAction,
    Document,
    Notification,
    Party,
)
from ombud.mail.models import OutboxMessage
from ombud.public.models import TrackingLink
from ombud.retention.models import RetentionDone

ANONYMIZED = "—"  # what stands where a name or a subject was
ANONYMIZED_ADDRESS = "anonymized@invalid"  # an outbox row must keep an address (RFC 6761)
EVENT_TYPE = "anonymized"

# The privacy branch's erasure of history content (per-event digests), when it is there:
# called with the case ids, inside the transaction, after the rows were anonymized.
EraseHistory = Callable[[list[int]], None]
_erase_history: EraseHistory | None = None


def erase_history_register(erase: EraseHistory) -> None:
    global _erase_history
    _erase_history = erase


def anonymize_case(case: Case, *, action: str = "anonymize", ground: str = "request",
                   kept_until: date | None = None) -> None:
    """Anonymize one case now. Call inside a transaction holding the case's row lock
    (``select_for_update``); a case already done is left as it is."""
    anonymize_cases([case], action=action, ground=ground,
                    kept_until={case.pk: kept_until or timezone.localdate()})


def anonymize_cases(cases: Sequence[Case], *, action: str, ground: str,
                    kept_until: dict[int, date]) -> int:
    """Anonymize ``cases`` (row-locked by the caller); those done before are left alone.
    Returns how many were anonymized now."""
    done = set(RetentionDone.objects.filter(case_id__in=[case.pk for case in cases])
               .values_list("case_id", flat=True))
    cases = [case for case in cases if case.pk not in done]
    if not cases:
        return 0
    ids = [case.pk for case in cases]
    _chain_entries(cases, action=action, ground=ground)
    Party.objects.filter(case_id__in=ids).update(name=ANONYMIZED, email="", phone="",
                                                 address="")
    _search_text_remove(ids)
    Contact.objects.filter(case_id__in=ids).update(name=ANONYMIZED, email="", phone="",
                                                   summary=ANONYMIZED)
    _outbox_anonymize(OutboxMessage.objects.filter(case_id__in=ids))
    TrackingLink.objects.filter(case_id__in=ids).delete()
    Notification.objects.filter(case_id__in=ids).update(text="")
    _documents_remove(ids)
    if action in ("counts_only", "erase"):
        CorrectiveAction.objects.filter(case_id__in=ids).update(description=ANONYMIZED,
                                                                follow_up="")
    # Every action replaces names, addresses and texts (ombud.domain.retention), in the
    # history too: its earlier entries keep their digests and lose their personal content.
    if _erase_history is not None:
        _erase_history(ids)
    now = timezone.now()
    RetentionDone.objects.bulk_create(
        RetentionDone(case_id=case_id, action=action, kept_until=kept_until[case_id],
                      done_at=now) for case_id in ids)
    return len(ids)


def _chain_entries(cases: Sequence[Case], *, action: str, ground: str) -> None:
    """One ``anonymized`` entry at the end of each case's chain, stating what the rows now
    say (as ``cases.services.chain.event_append`` would write it, for a batch at once)."""
    parties = defaultdict(list)
    for case_id, party_id, role in Party.objects.filter(
            case_id__in=[case.pk for case in cases]).order_by("id").values_list(
            "case_id", "id", "role"):
        parties[case_id].append({"party_id": party_id, "role": role, "name": ANONYMIZED,
                                 "email": "", "phone": "", "address": ""})
    recorded_at, today = timezone.now(), timezone.localdate()
    actor = history.actor_snapshot(None)  # the system's own job
    events = []
    for case in cases:
        data = {"action": action, "ground": ground, "title": ANONYMIZED,
                "complainant": ANONYMIZED, "parties": parties[case.pk]}
        seq = case.event_count + 1
        salts = history.salts_for(data)  # hashed as version 3: salted digests per field
        digests, actor_digest = history.hashed_fields(data, actor, salts, None)
        digest = history.digest(history.event_content(
            case=case.reference, seq=seq, prev=case.last_hash, type=EVENT_TYPE, on=today,
            data=digests, actor=actor_digest, recorded_at=recorded_at,
            **history.backdating(today, "")))
        events.append(CaseEvent(
            case_id=case.pk, seq=seq, type=EVENT_TYPE, on=today, data=data, actor=None,
            actor_user_id=None, actor_username="", actor_name="", recorded_at=recorded_at,
            recorded_on=today, prev_hash=case.last_hash, hash=digest, salts=salts))
        case.event_count, case.last_hash = seq, digest
        case.title = case.complainant_name = ANONYMIZED
    CaseEvent.objects.bulk_create(events)
    _case_rows_update(cases)


def _case_rows_update(cases: Sequence[Case]) -> None:
    """The rows as their new chain entries state them, in one statement: each row's own head
    hash by a CASE over the ids (Django's ``bulk_update`` builds one expression per row and
    value, and spent most of the job's time doing so)."""
    table, quote = Case._meta.db_table, connection.ops.quote_name
    whens = " ".join("WHEN %s THEN %s" for _ in cases)
    marks = ",".join("%s" for _ in cases)
    heads = [value for case in cases for value in (case.pk, case.last_hash)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote('title')} = %s, {quote('complainant_name')} = %s, "
            f"{quote('event_count')} = {quote('event_count')} + 1, "
            f"{quote('last_hash')} = CASE {quote('id')} {whens} END "
            f"WHERE {quote('id')} IN ({marks})",
            [ANONYMIZED, ANONYMIZED, *heads, *(case.pk for case in cases)])


def _search_text_remove(ids: list[int]) -> None:
    CaseText.objects.filter(case_id__in=ids).delete()
    if connection.vendor == "sqlite":  # the FTS5 table beside it (cases.search)
        with connection.cursor() as cursor:
            marks = ",".join("%s" for _ in ids)
            cursor.execute(f"DELETE FROM cases_casetext_fts WHERE rowid IN ({marks})", ids)
    search.words_forget()  # the deleted words out of the index's segments too


def _outbox_anonymize(messages) -> None:
    files = [name for name in messages.exclude(attachment="").values_list("attachment",
                                                                           flat=True)]
    # The subject too (it may name whom the case concerns, journey 2); the last error names
    # the address when a server refused it.
    messages.update(to=ANONYMIZED_ADDRESS, subject=ANONYMIZED, body="", body_after_link="",
                    attachment="", attachment_name="", headers={}, last_error="")
    _after_commit_delete(files)


def _documents_remove(ids: list[int]) -> None:
    documents = Document.objects.filter(case_id__in=ids)
    files = [name for name in documents.exclude(file="").values_list("file", flat=True)]
    documents.update(title=ANONYMIZED, file="")
    _after_commit_delete(files)


def _after_commit_delete(names: list[str]) -> None:
    """Files go once the rows that named them are committed: a rollback keeps both."""
    if not names:
        return
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
