"""An attacker's hand on the database, for the audit tests."""

from __future__ import annotations

import json

from django.db import connection


def raw_sql(statement: str, *params) -> int:
    """What someone with the database's password does: no service, no model."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def json_param() -> str:
    """A JSON value as a SQL parameter, in this database's dialect."""
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


def dumps(value) -> str:
    return json.dumps(value)
