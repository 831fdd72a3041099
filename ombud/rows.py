"""One new row written with one INSERT whose SQL is built once per model and database, not by
the ORM's compiler on every ``save``: for the few rows a public submission writes on its request
path (the case, its complainant, its received event, the submission, its link, the worker's task
row), where the compiler cost more than the database. What ``Model.save`` would store is stored:
every concrete field's value as the field prepares it (``auto_now_add`` included), and the
model's ``pre_save`` and ``post_save`` receivers are told as ``save`` tells them (django-tasks-db
sets a task's ``run_after`` in one). Not for inherited models (one table each here)."""

from __future__ import annotations

from django.db import connections, router, transaction
from django.db.models import Model, signals
from django.db.models.fields import AutoFieldMixin

_statements: dict[tuple[type[Model], str, bool], tuple[str, list]] = {}


def _statement(model: type[Model], alias: str, with_pk: bool) -> tuple[str, list]:
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
        if not with_pk:
            sql += f" RETURNING {quote(meta.pk.column)}"
        _statements[key] = (sql, fields)
    return _statements[key]


def row_insert(row: Model) -> Model:
    """INSERT the unsaved ``row`` (its primary key set from the database when it has none) and
    return it, as ``Model.objects.create`` would."""
    model = type(row)
    alias = router.db_for_write(model, instance=row)
    connection = connections[alias]
    if not connection.features.can_return_columns_from_insert:
        row.save(force_insert=True, using=alias)
        return row
    if meta_parents(model):
        row.save(force_insert=True, using=alias)
        return row
    signals.pre_save.send(sender=model, instance=row, raw=False, using=alias,
                          update_fields=None)
    with_pk = row.pk is not None
    sql, fields = _statement(model, alias, with_pk)
    values = [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
    # As the ORM's save: an error inside an atomic block marks it for rollback.
    with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
        cursor.execute(sql, values)
        if not with_pk:
            row.pk = cursor.fetchone()[0]
    row._state.adding, row._state.db = False, alias
    signals.post_save.send(sender=model, instance=row, created=True, update_fields=None,
                           raw=False, using=alias)
    return row


def meta_parents(model: type[Model]) -> bool:
    return bool(model._meta.parents)
