"""What the PostgreSQL benchmarks share: a database of their own on the server OMBUD_DATABASE_URL
names, and COPY whose column list comes from the model, so that a column a migration adds is
written (with its default) or named as missing, never silently left out of the list."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432"


def server() -> str:
    """The server of OMBUD_DATABASE_URL when it names PostgreSQL (CI's PostgreSQL pass), else the
    local one. A benchmark never writes the database the variable names: only its server."""
    given = urlsplit(os.environ.get("OMBUD_DATABASE_URL", ""))
    if given.scheme in ("postgres", "postgresql"):
        return f"{given.scheme}://{given.netloc}"
    return LOCAL_SERVER


def url(name: str) -> str:
    return f"{server()}/{name}"


def smoke_name(name: str) -> str:
    """A smoke run's own database, dropped afterwards: runs at the same time never share one."""
    return f"{name}_smoke_{os.getpid()}"


def create(name: str, *, fresh: bool) -> None:
    """Create the database ``name`` if it is missing; ``fresh``: drop it first."""
    import psycopg

    with psycopg.connect(url("postgres"), autocommit=True) as connection:
        if fresh:
            connection.execute(f'drop database if exists "{name}" with (force)')
        if not connection.execute("select 1 from pg_database where datname = %s",
                                  [name]).fetchone():
            connection.execute(f'create database "{name}"')


@contextmanager
def bench_database(name: str, *, smoke: bool, fresh: bool) -> Iterator[None]:
    """Run inside the database ``name`` (a smoke run: a database of its own, dropped after):
    OMBUD_DATABASE_URL names it for Django, set up before Django is."""
    database = smoke_name(name) if smoke else name
    create(database, fresh=fresh or smoke)
    os.environ["OMBUD_DATABASE_URL"] = url(database)
    try:
        yield
    finally:
        if smoke:
            from django.db import connections

            connections.close_all()
            drop(database)


def drop(name: str) -> None:
    import psycopg

    with psycopg.connect(url("postgres"), autocommit=True) as connection:
        connection.execute(f'drop database if exists "{name}" with (force)')


def copy_rows(model, rows: Iterable[dict[str, Any]]) -> int:
    """COPY ``rows`` into ``model``'s table; returns how many. A row is a dict keyed by the
    fields' attnames (``case_id``, ``on``). Every concrete column is written: one a row leaves
    out takes what the ORM would write (its default, an empty text, ``auto_now``: now); a NOT
    NULL column with none of these, or a key that is no column, stops the run at once, naming
    it. A primary key left out is the sequence's."""
    from django.db import connection

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    fields = [field for field in model._meta.concrete_fields
              if not (field.primary_key and field.attname not in first)]
    unknown = set(first) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model._meta.db_table} has no column for {sorted(unknown)}")
    values = [_value_of(model, field, first) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with cursor.connection.cursor().copy(statement) as copy:
            for row in itertools.chain([first], rows):
                copy.write_row([value(row) for value in values])
                count += 1
    return count


def _value_of(model, field, sample: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """How one column's value is taken from a row."""
    from django.db import models
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    name = field.attname
    if name in sample:
        if isinstance(field, models.JSONField):
            return lambda row: Jsonb(row[name])
        return lambda row: row[name]
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        default = timezone.now()
    else:
        default = field.get_default()
        if default is None and not field.null:
            raise ValueError(f"{model._meta.db_table}.{field.column} is NOT NULL without a "
                             f"default: the benchmark must give it a value")
    if isinstance(field, models.JSONField):
        default = Jsonb(default)
    return lambda row: default
