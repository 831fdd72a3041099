"""Issue 15, item 4: the rows a public submission writes (the case, its complainant, its received
event, the submission, its link, the worker's task) go to PostgreSQL in one statement
(``ombud.rows.written_together``), and batching them changes nothing a reader sees: a statement
run inside reads them, an error inside writes none, and every row is the one the ORM would write.
On SQLite each row is written at once; the same tests hold there."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from ombud.public.models import TrackingLink
from ombud.rows import row_insert, written_together


def _link(case, salt: str) -> TrackingLink:
    return TrackingLink(case=case, salt=salt, token_hash=salt * 2)


def _inserts(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries
            if "INSERT" in query["sql"].upper()]


def test_item_4_the_rows_written_together_are_one_statement_on_postgresql(filed):
    case, _, _ = filed("pp/complaint")
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), \
            written_together():
        first, second = row_insert(_link(case, "a" * 32)), row_insert(_link(case, "b" * 32))
    expected = 1 if connection.vendor == "postgresql" else 2  # 12 parameters: one statement
    assert len(_inserts(queries)) == expected
    # each row has the primary key the database gave it, and is there as written
    assert first.pk and second.pk and first.pk != second.pk
    assert (TrackingLink.objects.get(pk=second.pk).salt, first._state.adding) == ("b" * 32, False)


def test_item_4_a_statement_inside_reads_the_rows_given_before_it(filed):
    case, _, _ = filed("pp/complaint")
    with transaction.atomic(), written_together():
        link = row_insert(_link(case, "c" * 32))
        # the next statement (a read) writes the waiting row first: it is found
        assert TrackingLink.objects.filter(case=case, salt="c" * 32).count() == 1
        assert link.pk is not None
        later = row_insert(_link(case, "d" * 32))
    assert TrackingLink.objects.filter(pk=later.pk, salt="d" * 32).exists()


def test_item_4_an_error_inside_writes_none_of_the_rows(filed):
    case, _, _ = filed("pp/complaint")
    before = TrackingLink.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), written_together():
        row_insert(_link(case, "e" * 32))
        raise RuntimeError("the filing fails after its rows were given")
    assert TrackingLink.objects.count() == before


def test_item_4_a_row_the_database_refuses_fails_the_block_and_the_transaction(filed):
    """A duplicate the database refuses when the rows are written (at the block's end on
    PostgreSQL) is Django's IntegrityError inside the caller's transaction: nothing of it is
    kept, and the connection goes on."""
    case, _, _ = filed("pp/complaint")
    taken = TrackingLink.objects.filter(case=case).values_list("token_hash", flat=True).first()
    before = TrackingLink.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic(), written_together():
        row_insert(_link(case, "f" * 32))
        row_insert(TrackingLink(case=case, salt="g" * 32, token_hash=taken))
    assert TrackingLink.objects.count() == before


def test_item_4_rows_together_are_sent_in_statements_psycopg_keeps_parsed(filed):
    """psycopg parses a statement of more than 50 parameters anew on every run (a third of a
    millisecond for the filing's 75): rows written together go in as few statements as keep
    under that, every row still written with its own key."""
    from ombud.rows import PARAMETERS_PER_STATEMENT

    case, _, _ = filed("pp/complaint")
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), \
            written_together():
        links = [row_insert(_link(case, f"{number:032d}")) for number in range(10)]  # 60
    statements = _inserts(queries)
    assert len(statements) == (2 if connection.vendor == "postgresql" else 10)
    assert all(statement.count("INSERT") * 6 <= PARAMETERS_PER_STATEMENT
               for statement in statements)
    assert len({link.pk for link in links}) == 10
    assert TrackingLink.objects.filter(pk__in=[link.pk for link in links]).count() == 10
