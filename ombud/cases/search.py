"""Searching cases by their words: everything written on a case (its subject, the complaint and
its details, notes, the texts of its steps, its documents' titles and plain-text content) kept
as one row of ``CaseText`` per case, in the case's language.

The row is rebuilt by the services each time an entry is added to the file (``case_text_refresh``,
called from ``services.chain.event_append`` under the case's row lock), never on read. On
PostgreSQL it carries a ``tsvector`` in the case's language (norwegian, dutch, english; the
subject weighted above the rest) under a GIN index; on SQLite (the demo) an FTS5 table holds the
same text. The search itself never widens what a person reads: it only narrows the queryset of
``selectors.cases_for`` it is given.

Highlights are built from what people typed: the database marks each hit with two characters of
Unicode's private use area, which are removed from every text before it is stored, so no typed
text can forge a mark; the snippet is then HTML-escaped whole and only the marks become
``<mark>``."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ombud.cases.models import Case, CaseEvent, Document

# PostgreSQL's text search configuration for each language a case can be in.
CONFIGS = {"nb": "norwegian", "nl": "dutch", "en": "english"}
DEFAULT_CONFIG = "english"
START, STOP = "\ue000", "\ue001"  # hit marks: never in stored text (``_clean``)
MAX_BODY = 200_000  # characters of a case's text that are searched (a tsvector holds ≤ 1 MB)
MAX_PLAIN_DOCUMENT = 100_000  # bytes of a plain-text document read into the index
MAX_TERMS = 12  # words of a query that count
# Above this many cases holding the words (the planner's estimate, from the column's
# statistics), they are not ranked but shown newest first (``newest``): ranking reads every one
# of them, a page at random in the table each (10,000 of them: 100 ms on a busy machine), and
# among thousands the rank says little (``queue_page`` says so on the page). Newest first walks
# the texts backwards until a page is full: about 51 / (the share of cases found) rows, in the
# order they lie in the table; at 5,000 of 1,000,000 that is 10,000 rows on 1,500 pages. The
# two costs meet near here (docs/architecture.md, "Searching by words").
RANK_LIMIT = 5_000
# A search in a column's order (the queue sorted by the day received, …): above this many
# found, the column's index is walked and each case checked for the words (four pages a case:
# about 51 / share cases); below, every case found is read once (a page each).
WALK_LIMIT = 15_000
# Event data that are codes, not words someone wrote.
# (The subject is kept apart, weighted first: "title" repeats it; "previous" keeps old ones.)
CODE_KEYS = frozenset({"title", "channel", "procedure", "procedure_version", "outcome", "role",
                       "sha256", "from_complainant", "late_rule", "document_id", "party_id",
                       "handler_id", "ground", "about", "kind", "by",
                       "consent_text"})  # the same words on every web case (PP-04)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")  # partly_upheld, hearing_held


def config_of(case: Case) -> str:
    language = (case.language or case.organization.language or "")[:2]
    return CONFIGS.get(language, DEFAULT_CONFIG)


def _clean(text: str) -> str:
    return text.replace(START, "").replace(STOP, "").replace("\x00", "")


def _strings(value, key: str = ""):
    """The words in an event's data: every text, not the codes, dates and numbers."""
    if key in CODE_KEYS:
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str) and value.strip() and not ISO_DATE.match(value) \
            and not CODE.match(value):
        yield value.strip()


def case_words(title: str, events_data, documents) -> tuple[str, str]:
    """(the subject, the rest) of what is written on a case. ``documents``: (title, content
    type, the file's text or None) of each document."""
    rest: list[str] = []
    for data in events_data:
        rest.extend(_strings(data))
    for document_title, content_type, text in documents:
        rest.append(document_title)
        if text and content_type.startswith("text/plain"):
            rest.append(text)
    seen: set[str] = set()
    unique = [text for text in rest if not (text in seen or seen.add(text))]
    # The subject on one line: the body's first line is the subject (``highlights`` skips it).
    return " ".join(_clean(title).split())[:1000], _clean("\n".join(unique))[:MAX_BODY]


def _plain_text(document: Document) -> str | None:
    if not document.content_type.startswith("text/plain") or document.size > MAX_PLAIN_DOCUMENT \
            or not document.file:  # its file erased (GDPR art. 17)
        return None
    try:
        with document.file.open("rb") as file:
            return file.read(MAX_PLAIN_DOCUMENT).decode("utf-8", errors="replace")
    except OSError:
        return None


def document_text(document: Document) -> str | None:
    """A plain-text document's words as the search reads them (None: not plain text, too
    large, or its file gone): the privacy console looks for a person's name in them too."""
    return _plain_text(document)


def case_text_refresh(case: Case) -> None:
    """Rebuild ``case``'s searchable text from its file. Call inside the writing transaction."""
    events = CaseEvent.objects.filter(case_id=case.pk).order_by("seq").values_list("data",
                                                                                   flat=True)
    documents = [(document.title, document.content_type, _plain_text(document))
                 for document in Document.objects.filter(case_id=case.pk)]
    title, rest = case_words(case.title, events, documents)
    text_store(case.pk, case.organization_id, config_of(case), title, rest)


def text_store(case_id: int, organization_id: int, config: str, title: str, rest: str) -> None:
    body = f"{title}\n{rest}" if rest else title
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "INSERT INTO cases_casetext (case_id, organization_id, config, body, vector) "
                "VALUES (%s, %s, %s, %s, setweight(to_tsvector(%s::regconfig, %s), 'A') "
                "|| to_tsvector(%s::regconfig, %s)) ON CONFLICT (case_id) DO UPDATE SET "
                "organization_id = EXCLUDED.organization_id, config = EXCLUDED.config, "
                "body = EXCLUDED.body, vector = EXCLUDED.vector",
                [case_id, organization_id, config, body, config, title, config, rest])
            return
        cursor.execute("INSERT INTO cases_casetext (case_id, organization_id, config, body) "
                       "VALUES (%s, %s, %s, %s) ON CONFLICT (case_id) DO UPDATE SET "
                       "organization_id = excluded.organization_id, config = excluded.config, "
                       "body = excluded.body", [case_id, organization_id, config, body])
        cursor.execute("DELETE FROM cases_casetext_fts WHERE rowid = %s", [case_id])
        cursor.execute("INSERT INTO cases_casetext_fts (rowid, title, body) VALUES (%s, %s, %s)",
                       [case_id, title, rest])


def words_forget() -> None:
    """After an erasure: make the words removed from the search text unfindable in storage too.
    SQLite's FTS5 only marks a deleted row's words as deleted; they stay in the index's segments
    (``cases_casetext_fts_data``) until those are merged, readable in any copy of the file. Its
    'optimize' merges every segment, dropping them (PostgreSQL rewrites the row's tsvector; its
    old tuple goes at the next VACUUM, like every other row's). Call inside the erasing
    transaction, once per erasure or batch: it rewrites the whole index."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO cases_casetext_fts (cases_casetext_fts) "
                           "VALUES ('optimize')")


@dataclass(frozen=True)
class Found:
    ids: list[int]  # best first
    more: bool


def terms_of(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:MAX_TERMS]


def _fts5_query(query: str) -> str:
    """The words as an FTS5 query: each quoted (a word never is FTS5 syntax), all required."""
    return " ".join(f'"{term}"' for term in terms_of(query))


def _like_prefix(query: str) -> str:
    return query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def ranked(cases: QuerySet[Case], organization_id: int, query: str, offset: int,
           limit: int) -> Found:
    """The ids of ``cases`` (what the person may read, filtered) that ``query`` finds, best
    first: the case of that reference, then names that begin so, then by the words' rank.

    The best CANDIDATES by rank are checked against ``cases`` first: when enough of them are
    in it, or they are every case the words find, they are the page (a row outside ranks
    below all of them); only when too few are (a narrow filter, a far page) is every case
    found checked. One transaction, its planner settings set once (``interactive``)."""
    with interactive():
        if offset + limit < CANDIDATES:  # the candidates can fill the page
            found, complete = _ranked(cases, organization_id, query, offset, limit, CANDIDATES)
            if len(found) > limit or complete:
                return Found(found[:limit], len(found) > limit)
        found, _complete = _ranked(cases, organization_id, query, offset, limit, None)
    return Found(found[:limit], len(found) > limit)


CANDIDATES = 1_000


def _ranked(cases: QuerySet[Case], organization_id: int, query: str, offset: int, limit: int,
            candidates: int | None) -> tuple[list[int], bool]:
    """(up to ``limit`` + 1 ids from ``offset``, best first; whether the words found no more
    cases than ``candidates``, so that the candidates were every one of them)."""
    scoped_sql, scoped_params = cases.values("id").query.sql_with_params()
    words, params = _matches(organization_id, query, rank=True)
    name_like = ("UPPER(c.complainant_name::text) LIKE UPPER(%s)"
                 if connection.vendor == "postgresql"
                 else "c.complainant_name LIKE %s ESCAPE '\\'")
    best, counted = "words", "SELECT NULL, 0"
    if candidates:
        best = "(SELECT id, rank FROM words ORDER BY rank DESC, id DESC LIMIT %s)"
        counted = "SELECT NULL, COUNT(*) FROM words"
    # The page, then one row (NULL, how many candidates) so that an empty page says it too.
    sql = (f"WITH words AS ({words}) "
           f"SELECT id, top FROM (SELECT id, MAX(rank) AS top FROM (SELECT id, rank FROM {best} "
           "found_words UNION ALL SELECT c.id, 1e9 FROM cases_case c "
           "WHERE c.organization_id = %s AND c.reference = %s "
           f"UNION ALL SELECT c.id, 1e6 FROM cases_case c WHERE c.organization_id = %s AND "
           f"{name_like}) found WHERE id IN ({scoped_sql}) "
           f"GROUP BY id ORDER BY top DESC, id DESC LIMIT %s OFFSET %s) page UNION ALL {counted}")
    params = [*params, *([candidates] if candidates else []), organization_id,
              query.strip().upper()[:40], organization_id, _like_prefix(query.strip()),
              *scoped_params, limit + 1, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    page = sorted(((top, case_id) for case_id, top in rows if case_id is not None),
                  reverse=True)
    count = next((top for case_id, top in rows if case_id is None), 0)
    return [case_id for _top, case_id in page], bool(candidates) and count <= candidates


def _no_jit(cursor) -> None:
    """PostgreSQL's JIT compiles a plan it thinks costly (30 ms here): more than ranking takes;
    parallel workers cost more to start than they save on a page's few rows (and take the
    cores other requests need)."""
    if connection.vendor == "postgresql":  # one round trip: on a busy machine each is 5 ms
        cursor.execute("SELECT set_config('jit', 'off', true), "
                       "set_config('max_parallel_workers_per_gather', '0', true)")


@contextmanager
def interactive():
    """A transaction in which a page's queries run without JIT or parallel workers
    (``_no_jit``): the queue's walk through a column's index, checking each case for the
    words, was planned with two workers, which tripled its time on a busy machine."""
    with transaction.atomic(), connection.cursor() as cursor:
        _no_jit(cursor)
        yield


def newest(cases: QuerySet[Case], organization_id: int, query: str, before_id: int | None,
           limit: int) -> list[int]:
    """The ids of ``cases`` (what the person may read, filtered) whose words match ``query``,
    newest first (by id, descending), below ``before_id`` (the last one shown): for words too
    many cases hold to rank them (``many``). PostgreSQL walks the texts backwards by case and
    stops once the page is full: reading about ``limit`` / (the share of cases found) texts, in
    the order they lie in the table, never every case found."""
    scoped_sql, scoped_params = cases.values("id").query.sql_with_params()
    words, params = _matches(organization_id, query, rank=False)
    before = " AND id < %s" if before_id is not None else ""
    sql = (f"SELECT id FROM ({words}) found WHERE id IN ({scoped_sql}){before} "
           "ORDER BY id DESC LIMIT %s")
    params = [*params, *scoped_params, *([before_id] if before_id is not None else []), limit]
    with transaction.atomic(), connection.cursor() as cursor:
        _no_jit(cursor)
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def many(organization_id: int, query: str, limit: int | None = None) -> bool:
    """Whether more than ``limit`` (RANK_LIMIT) of the organization's cases hold the words, as
    the planner estimates it (no row is read). SQLite (the demo's few cases): never."""
    if connection.vendor != "postgresql" or not terms_of(query):
        return False
    sql, params = _matches(organization_id, query, rank=False)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"] > (RANK_LIMIT if limit is None else limit)


def words_filter(query: str) -> RawSQL:
    """A condition on the case row: its text holds the words (for the queue's own order,
    which the planner then follows through its index, checking case by case)."""
    if connection.vendor == "postgresql":
        each = " OR ".join(f"(t.config = '{config}' AND t.vector @@ "
                           f"websearch_to_tsquery('{config}', %s))"
                           for config in CONFIGS.values())
        return RawSQL(f'EXISTS (SELECT 1 FROM cases_casetext t WHERE t.case_id = '
                      f'"cases_case"."id" AND ({each}))', [query[:200]] * len(CONFIGS),
                      output_field=BooleanField())
    return RawSQL('"cases_case"."id" IN (SELECT rowid FROM cases_casetext_fts WHERE '
                  'cases_casetext_fts MATCH %s)', [_fts5_query(query) or '""'],
                  output_field=BooleanField())


def matching(organization_id: int, query: str) -> tuple[str, list]:
    """SQL selecting the ids of the organization's cases whose words match ``query`` (with the
    reference and name-prefix matches), for ``id IN (…)``."""
    words, params = _matches(organization_id, query, rank=False)
    name_like = ("UPPER(complainant_name::text) LIKE UPPER(%s)"
                 if connection.vendor == "postgresql"
                 else "complainant_name LIKE %s ESCAPE '\\'")
    return (f"{words} UNION SELECT id FROM cases_case WHERE organization_id = %s AND "
            f"(reference = %s OR {name_like})",
            [*params, organization_id, query.strip().upper()[:40], _like_prefix(query.strip())])


def _matches(organization_id: int, query: str, *, rank: bool) -> tuple[str, list]:
    """SQL of (case id[, rank]) for the cases whose text holds the query's words."""
    if connection.vendor == "postgresql":
        each = " OR ".join(f"(t.config = '{config}' AND t.vector @@ "
                           f"websearch_to_tsquery('{config}', %s))"
                           for config in CONFIGS.values())
        rank_sql = ""
        if rank:
            cases = " ".join(f"WHEN '{config}' THEN websearch_to_tsquery('{config}', %s)"
                             for config in CONFIGS.values())
            rank_sql = (", ts_rank(t.vector, CASE t.config " + cases +
                        f" ELSE websearch_to_tsquery('{DEFAULT_CONFIG}', %s) END) AS rank")
        sql = (f"SELECT t.case_id AS id{rank_sql} FROM cases_casetext t "
               f"WHERE t.organization_id = %s AND ({each})")
        query = query[:200]
        params = ([query] * (len(CONFIGS) + 1) if rank else []) + [organization_id] + \
            [query] * len(CONFIGS)
        return sql, params
    fts = _fts5_query(query) or '""'
    rank_sql = ", -bm25(cases_casetext_fts, 10.0, 1.0) AS rank" if rank else ""
    sql = (f"SELECT t.case_id AS id{rank_sql} FROM cases_casetext_fts "
           "JOIN cases_casetext t ON t.case_id = cases_casetext_fts.rowid "
           "WHERE cases_casetext_fts MATCH %s AND t.organization_id = %s")
    return sql, [fts, organization_id]


def highlights(case_ids: list[int], query: str) -> dict[int, SafeString]:
    """For each shown case, a few words around the hits, HTML-escaped, hits in ``<mark>``."""
    if not case_ids or not terms_of(query):
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            options = (f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=8, "
                       "MaxFragments=2, FragmentDelimiter=\" … \"")
            placeholders = ", ".join(["%s"] * len(case_ids))
            cursor.execute(
                # the words after the subject (which the row shows already)
                "SELECT case_id, ts_headline(config::regconfig, "
                "substr(body, strpos(body, E'\\n') + 1), "
                "websearch_to_tsquery(config::regconfig, %s), %s) FROM cases_casetext "
                f"WHERE case_id IN ({placeholders}) AND vector @@ "
                "websearch_to_tsquery(config::regconfig, %s)",
                [query[:200], options, *case_ids, query[:200]])
        else:
            placeholders = ", ".join(["%s"] * len(case_ids))
            cursor.execute(
                f"SELECT rowid, snippet(cases_casetext_fts, 1, '{START}', '{STOP}', ' … ', 16) "
                f"FROM cases_casetext_fts WHERE cases_casetext_fts MATCH %s "
                f"AND rowid IN ({placeholders})", [_fts5_query(query), *case_ids])
        # A hit in the subject alone leaves words with no mark: the row shows the subject, and
        # unrelated words under it would read as if they were the hit.
        return {case_id: marked(snippet) for case_id, snippet in cursor.fetchall()
                if snippet and START in snippet}


def marked(snippet: str) -> SafeString:
    """The snippet escaped whole, then its hit marks (which no stored text holds) as <mark>."""
    text = escape(" ".join(snippet.split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
