"""Searching cases by their words (``cases.search``): the text of each case, with a tsvector
column under a GIN index on PostgreSQL and an FTS5 table on SQLite; then filled for the cases
already there."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    "ALTER TABLE cases_casetext ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX case_text_vector ON cases_casetext USING gin (vector)",
]
SQLITE = [
    "CREATE VIRTUAL TABLE cases_casetext_fts USING fts5(title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]


def add_search(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError("searching cases needs PostgreSQL or SQLite")
    for statement in statements:
        schema_editor.execute(statement)
    fill(apps)


def remove_search(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS cases_casetext_fts")


def fill(apps):
    """The text of every case already in the database (through the same function the services
    use, on the historical models)."""
    from ombud.cases.search import CONFIGS, DEFAULT_CONFIG, case_words, text_store

    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Document = apps.get_model("cases", "Document")
    for case in Case.objects.select_related("organization").iterator(chunk_size=500):
        language = (case.language or case.organization.language or "")[:2]
        events = CaseEvent.objects.filter(case_id=case.pk).order_by("seq").values_list(
            "data", flat=True)
        documents = [(title, content_type, None) for title, content_type in Document.objects
                     .filter(case_id=case.pk).values_list("title", "content_type")]
        title, rest = case_words(case.title, events, documents)
        text_store(case.pk, case.organization_id, CONFIGS.get(language, DEFAULT_CONFIG),
                   title, rest)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0013_complainant_news"),
        ("orgs", "0005_field_names_translated"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseText",
            fields=[
                ("case", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              primary_key=True, related_name="text_index",
                                              serialize=False, to="cases.case")),
                ("config", models.CharField(max_length=20)),
                ("body", models.TextField()),
                ("organization", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+",
                    to="orgs.organization")),
            ],
        ),
        migrations.RunPython(add_search, remove_search),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organization", "received_on", "id"],
                               name="case_queue_received"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organization", "state", "id"],
                               name="case_queue_state_id"),
        ),
    ]
