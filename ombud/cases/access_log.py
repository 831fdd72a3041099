"""The access log: every read of a case file and every download, who and when.

Writing is one INSERT per page view or download, nothing more (no read-before-write, no
update of the case row), so that logging never slows the staff pages down or contends for the
case's row lock. Reading it is for the auditor and the privacy officer
(``permissions.may_read_access_log``)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from ombud.cases.models import AccessKind, AccessLog, Case, Document

SHOWN = 100  # the latest entries the case page lists


def access_record(*, case: Case, person, document: Document | None = None,
                  download: str = "") -> None:
    """Note that ``person`` read the file of ``case``, or downloaded ``document`` from it, or
    downloaded something made of the whole file (``download``: the file's name, such as the
    proof of its history)."""
    what = document.title if document is not None else download
    AccessLog.objects.create(
        case=case, person=person, person_name=_name(person),
        kind=AccessKind.DOWNLOAD if what else AccessKind.CASE,
        document=document, what=what[:200])


def export_record(*, cases: list[Case], person, download: str) -> None:
    """Note in each case's file that ``person`` downloaded it in a list (``download``: the
    export's name), in one INSERT per thousand cases."""
    name = _name(person)
    AccessLog.objects.bulk_create(
        (AccessLog(case=case, person=person, person_name=name, kind=AccessKind.DOWNLOAD,
                   what=download[:200]) for case in cases), batch_size=1000)


def search_record(*, case_ids, person) -> None:
    """Note in each file that ``person`` was shown words of it around a hit of their search
    (the queue's highlights): a read of part of the file, in one INSERT of every row, sent as
    it is (``bulk_create`` wraps even one statement in a transaction: two more round trips on
    every search page)."""
    case_ids = list(case_ids)
    if not case_ids:
        return
    table = AccessLog._meta.db_table
    columns = [AccessLog._meta.get_field(name).column
               for name in ("case", "kind", "person", "person_name", "document", "what", "at")]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    name, now = _name(person), timezone.now()
    params = []
    for case_id in case_ids:
        params += [case_id, AccessKind.SEARCH.value, person.pk, name, None, "", now]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(table)} "
                       f"({', '.join(connection.ops.quote_name(column) for column in columns)}) "
                       f"VALUES {', '.join([row] * len(case_ids))}", params)


def accesses_of(case: Case) -> list[AccessLog]:
    """The latest reads and downloads of the file, newest first."""
    return list(AccessLog.objects.filter(case=case).order_by("-at", "-id")[:SHOWN])


def _name(person) -> str:
    full = person.get_full_name() if hasattr(person, "get_full_name") else ""
    return f"{full} ({person.get_username()})"[:200] if full else person.get_username()[:200]
