"""A case the first instance keeps its decision on goes to the appeal body by itself (fvl § 33,
issue 13): the state ``forwarded``, open until the appeal body decides. The open-case counters'
triggers (0017_queue_speed) name the open states, so they are made again with it and the counts
filled again from the cases; going back makes them as they were."""

import importlib

from django.db import migrations, models

queue_speed = importlib.import_module("ombud.cases.migrations.0017_queue_speed")

OPEN_BEFORE = "('open', 'appealed')"
OPEN_NOW = "('open', 'appealed', 'forwarded')"  # cases.models.OPEN_STATES


def _counting(schema_editor, states: str) -> None:
    for statement in queue_speed._statements(schema_editor, False):
        schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM cases_opencount")
    for statement in [*queue_speed._statements(schema_editor, True), queue_speed.FILL]:
        schema_editor.execute(statement.replace(OPEN_BEFORE, states))


def count_forwarded(apps, schema_editor):
    _counting(schema_editor, OPEN_NOW)


def count_as_before(apps, schema_editor):
    _counting(schema_editor, OPEN_BEFORE)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0018_case_number_counter"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="state",
            field=models.CharField(
                choices=[("open", "open"), ("answered", "answered"), ("declined", "declined"),
                         ("appealed", "appealed"),
                         ("forwarded", "forwarded to the appeal body"),
                         ("withdrawn", "withdrawn")],
                default="open", max_length=12, verbose_name="state"),
        ),
        migrations.RunPython(count_forwarded, count_as_before),
    ]
