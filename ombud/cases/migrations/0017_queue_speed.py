"""The queue at 1,000,000 cases (issue 11): the open cases counted per organization, handler and
next deadline (``OpenCount``), kept by triggers on the case table so that no writer can miss
them, and filled once from the cases already there; an index for the queue sorted by handler."""

import django.db.models.deletion
from django.db import migrations, models

OPEN = "('open', 'appealed')"  # cases.models.OPEN_STATES, as the sweep reads them
KEY = "organization_id, handler_id, next_due"

POSTGRESQL = [
    f"""CREATE FUNCTION cases_open_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.state IN {OPEN} THEN
            UPDATE cases_opencount SET cases = cases - 1
             WHERE organization_id = OLD.organization_id
               AND handler_id = COALESCE(OLD.handler_id, 0) AND next_due = OLD.next_due;
            DELETE FROM cases_opencount
             WHERE organization_id = OLD.organization_id
               AND handler_id = COALESCE(OLD.handler_id, 0) AND next_due = OLD.next_due
               AND cases <= 0;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.state IN {OPEN} THEN
            INSERT INTO cases_opencount ({KEY}, cases)
            VALUES (NEW.organization_id, COALESCE(NEW.handler_id, 0), NEW.next_due, 1)
            ON CONFLICT ({KEY}) DO UPDATE SET cases = cases_opencount.cases + 1;
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER cases_open_count_insert AFTER INSERT ON cases_case FOR EACH ROW "
    "EXECUTE FUNCTION cases_open_count()",
    "CREATE TRIGGER cases_open_count_delete AFTER DELETE ON cases_case FOR EACH ROW "
    "EXECUTE FUNCTION cases_open_count()",
    # only when a counted column changes: a save that changes none takes no counter's lock
    "CREATE TRIGGER cases_open_count_update AFTER UPDATE ON cases_case FOR EACH ROW "
    "WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.handler_id IS DISTINCT FROM "
    "NEW.handler_id OR OLD.next_due IS DISTINCT FROM NEW.next_due OR OLD.organization_id "
    "IS DISTINCT FROM NEW.organization_id) EXECUTE FUNCTION cases_open_count()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS cases_open_count_insert ON cases_case",
    "DROP TRIGGER IF EXISTS cases_open_count_delete ON cases_case",
    "DROP TRIGGER IF EXISTS cases_open_count_update ON cases_case",
    "DROP FUNCTION IF EXISTS cases_open_count()",
]

_SQLITE_REMOVE = f"""
    UPDATE cases_opencount SET cases = cases - 1
     WHERE organization_id = OLD.organization_id
       AND handler_id = COALESCE(OLD.handler_id, 0) AND next_due = OLD.next_due
       AND OLD.state IN {OPEN};
    DELETE FROM cases_opencount
     WHERE organization_id = OLD.organization_id
       AND handler_id = COALESCE(OLD.handler_id, 0) AND next_due = OLD.next_due
       AND cases <= 0;"""
_SQLITE_ADD = f"""
    INSERT INTO cases_opencount ({KEY}, cases)
    SELECT NEW.organization_id, COALESCE(NEW.handler_id, 0), NEW.next_due, 1
     WHERE NEW.state IN {OPEN}
    ON CONFLICT ({KEY}) DO UPDATE SET cases = cases + 1;"""
SQLITE = [
    f"CREATE TRIGGER cases_open_count_insert AFTER INSERT ON cases_case BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER cases_open_count_delete AFTER DELETE ON cases_case BEGIN {_SQLITE_REMOVE} END",
    "CREATE TRIGGER cases_open_count_update AFTER UPDATE ON cases_case "
    "WHEN OLD.state IS NOT NEW.state OR OLD.handler_id IS NOT NEW.handler_id "
    "OR OLD.next_due IS NOT NEW.next_due OR OLD.organization_id IS NOT NEW.organization_id "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS cases_open_count_insert",
    "DROP TRIGGER IF EXISTS cases_open_count_delete",
    "DROP TRIGGER IF EXISTS cases_open_count_update",
]
FILL = (f"INSERT INTO cases_opencount ({KEY}, cases) "
        "SELECT organization_id, COALESCE(handler_id, 0), next_due, COUNT(*) FROM cases_case "
        f"WHERE state IN {OPEN} GROUP BY organization_id, COALESCE(handler_id, 0), next_due")


def _statements(schema_editor, create: bool) -> list[str]:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return POSTGRESQL if create else POSTGRESQL_DROP
    if vendor == "sqlite":
        return SQLITE if create else SQLITE_DROP
    raise RuntimeError("counting open cases needs PostgreSQL or SQLite")


def add_counting(apps, schema_editor):
    for statement in [*_statements(schema_editor, True), FILL]:
        schema_editor.execute(statement)


def remove_counting(apps, schema_editor):
    for statement in _statements(schema_editor, False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0016_privacy_erasure"),
        ("orgs", "0005_field_names_translated"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("handler_id", models.IntegerField(default=0)),
                ("next_due", models.DateField()),
                ("cases", models.IntegerField(default=0)),
                ("organization", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+",
                    to="orgs.organization")),
            ],
            options={
                "constraints": [models.UniqueConstraint(
                    fields=("organization", "handler_id", "next_due"), name="open_count_key")],
            },
        ),
        migrations.RunPython(add_counting, remove_counting),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organization", "handler", "id"],
                               name="case_queue_handler_id"),
        ),
    ]
