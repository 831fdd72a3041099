"""On SQLite the words of a case live twice: in ``cases_casetext`` and in its FTS5 index, which
Django does not know. A trigger removes a case's index row whenever its text row goes, however
it goes (a deleted case, a flush of the tables, a hand-made DELETE), so that no words outlive
their case in the index. PostgreSQL keeps the words in the row itself: nothing to do there."""

from django.db import migrations

CREATE = ("CREATE TRIGGER IF NOT EXISTS cases_casetext_fts_follows AFTER DELETE ON "
          "cases_casetext BEGIN DELETE FROM cases_casetext_fts WHERE rowid = old.case_id; END")
DROP = "DROP TRIGGER IF EXISTS cases_casetext_fts_follows"


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [("cases", "0019_forwarded_state")]

    operations = [migrations.RunPython(add_trigger, remove_trigger, elidable=False)]
