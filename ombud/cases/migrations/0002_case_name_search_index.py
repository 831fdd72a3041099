"""An index for searching the queue by the start of a complainant's name, case-insensitively.

Django's ``istartswith`` is ``UPPER(name::text) LIKE UPPER('x%')`` on PostgreSQL: a pattern-ops
index on that expression serves it at a million cases. SQLite's LIKE is case-insensitive for
ASCII and the existing (organization, name) index is what it can use.
"""

from django.db import migrations

POSTGRES_INDEX = ("CREATE INDEX IF NOT EXISTS case_name_upper_prefix ON cases_case "
                  "(organization_id, upper(complainant_name::text) text_pattern_ops)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_name_upper_prefix")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
