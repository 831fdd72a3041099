"""One new row written with one INSERT whose SQL is built once per model and database, not by
the ORM's compiler on every ``save``: for the few rows a public submission writes on its request
path (the case, its complainant, its received event, the submission, its link, the worker's task
row), where the compiler cost more than the database. What ``Model.save`` would store is stored:
every concrete field's value as the field prepares it (``auto_now_add`` included), and the
model's ``pre_save`` and ``post_save`` receivers are told as ``save`` tells them (django-tasks-db
sets a task's ``run_after`` in one). Not for inherited models (one table each here).

``written_together``: on PostgreSQL the rows given inside it are written together (one
data-modifying WITH per row, as few statements as ``PARAMETERS_PER_STATEMENT`` allows), just
before the next other statement or at its end, whichever comes first: six rows cost two round
trips to the database, not six."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Model, signals
from django.db.models.fields import AutoFieldMixin

_statements: dict[tuple[type[Model], str, bool], tuple[str, list]] = {}
_together_statements: dict[tuple[tuple[type[Model], bool], ...], str] = {}


def _statement(model: type[Model], alias: str, with_pk: bool) -> tuple[str, list]:
    """The INSERT (without RETURNING) of ``model``'s row and the fields in its order."""
    key = (model, alias, with_pk)
    if key not in _statements:
        connection = connections[alias]
        meta = model._meta
        fields = [field for field in meta.concrete_fields
                  if with_pk or not (field.primary_key and isinstance(field, AutoFieldMixin))]
        quote = connection.ops.quote_name
        sql = (f"INSERT INTO {quote(meta.db_table)} "
               f"({', '.join(quote(field.column) for field in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))})")
        _statements[key] = (sql, fields)
    return _statements[key]


def _returning(model: type[Model], alias: str) -> str:
    return f" RETURNING {connections[alias].ops.quote_name(model._meta.pk.column)}"


@dataclass
class _Together:
    alias: str
    rows: list[tuple[Model, bool, list]] = field(default_factory=list)  # row, with_pk, values
    flushing: bool = False


_together: ContextVar[_Together | None] = ContextVar("ombud_rows_together", default=None)


def row_insert(row: Model) -> Model:
    """INSERT the unsaved ``row`` (its primary key set from the database when it has none) and
    return it, as ``Model.objects.create`` would. Inside ``written_together`` on PostgreSQL the
    row waits for the others: a primary key it lacks is set when they are written."""
    model = type(row)
    alias = router.db_for_write(model, instance=row)
    connection = connections[alias]
    if not connection.features.can_return_columns_from_insert or meta_parents(model):
        row.save(force_insert=True, using=alias)
        return row
    signals.pre_save.send(sender=model, instance=row, raw=False, using=alias,
                          update_fields=None)
    with_pk = row.pk is not None
    sql, fields = _statement(model, alias, with_pk)
    values = [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
    together = _together.get()
    if together is not None and together.alias == alias:
        together.rows.append((row, with_pk, values))
        return row
    # As the ORM's save: an error inside an atomic block marks it for rollback.
    with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
        cursor.execute(sql if with_pk else sql + _returning(model, alias), values)
        if not with_pk:
            row.pk = cursor.fetchone()[0]
    _written(row, alias)
    return row


def _written(row: Model, alias: str) -> None:
    row._state.adding, row._state.db = False, alias
    signals.post_save.send(sender=type(row), instance=row, created=True, update_fields=None,
                           raw=False, using=alias)


@contextmanager
def written_together(using: str = "default") -> Iterator[None]:
    """Write the rows ``row_insert`` is given inside together (PostgreSQL: ``_flush``; elsewhere
    each at once): before any other statement runs, so that what follows reads them, and at
    the end. Use inside the transaction they belong to; an error inside writes none."""
    connection = connections[using]
    if connection.vendor != "postgresql" or _together.get() is not None:
        yield
        return
    together = _Together(using)
    token = _together.set(together)

    def first_the_rows(execute, sql, params, many, context):
        _flush(together)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(first_the_rows):
            yield
            _flush(together)
    finally:
        _together.reset(token)


def written_now(using: str = "default") -> None:
    """Inside ``written_together``: write the rows waiting now, before something that is no
    statement (a file stored) is done that only their being written may allow."""
    together = _together.get()
    if together is not None and together.alias == using:
        _flush(together)


# psycopg parses a statement with more parameters than this anew each time it runs (a third of
# a millisecond for the filing's 75); up to it, once. Rows written together are sent in as few
# statements as keep under it.
PARAMETERS_PER_STATEMENT = 50


def _flush(together: _Together) -> None:
    """Write the waiting rows, if any (not again from inside their own writing)."""
    if not together.rows or together.flushing:
        return
    rows, together.rows = together.rows, []
    together.flushing = True
    try:
        for chunk in _chunks(rows):
            _write(together.alias, chunk)
    finally:
        together.flushing = False


def _chunks(rows: list) -> Iterator[list]:
    chunk: list = []
    parameters = 0
    for row in rows:
        if chunk and parameters + len(row[2]) > PARAMETERS_PER_STATEMENT:
            yield chunk
            chunk, parameters = [], 0
        chunk.append(row)
        parameters += len(row[2])
    if chunk:
        yield chunk


def _write(alias: str, rows: list[tuple[Model, bool, list]]) -> None:
    """One statement: each row's INSERT a data-modifying WITH, its primary key returned."""
    key = tuple((type(row), with_pk) for row, with_pk, _ in rows)
    if key not in _together_statements:
        parts = [f"r{number} AS ({_statement(model, alias, with_pk)[0]}"
                 f"{_returning(model, alias)})" for number, (model, with_pk) in enumerate(key)]
        _together_statements[key] = (
            f"WITH {', '.join(parts)} SELECT "
            + ", ".join(f"(SELECT * FROM r{number})" for number in range(len(key))))
    with transaction.mark_for_rollback_on_error(alias), connections[alias].cursor() as cursor:
        cursor.execute(_together_statements[key],
                       [value for _, _, values in rows for value in values])
        keys = cursor.fetchone()
    for (row, with_pk, _), pk in zip(rows, keys, strict=True):
        if not with_pk:
            row.pk = pk
        _written(row, alias)


def meta_parents(model: type[Model]) -> bool:
    return bool(model._meta.parents)
