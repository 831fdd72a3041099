"""The notice to the person complained about is kept as a letter of its own kind, so that the
complainant's private page no longer lists and serves it (a review of issue 9). Notices already
in the file are found through the mail that carried them; one sent only by post cannot be told
from a letter to the complainant and stays as it is."""

from django.db import migrations, models


def mark_holder_notices(apps, schema_editor):
    Document = apps.get_model("cases", "Document")
    OutboxMessage = apps.get_model("mail", "OutboxMessage")
    notices = OutboxMessage.objects.filter(kind="holder_notice", letter__isnull=False)
    Document.objects.filter(pk__in=notices.values("letter_id"), kind="letter").update(
        kind="holder_letter")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_merge_20261203_0944"),
        ("mail", "0004_unsent_links_placed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(choices=[
                ("letter", "letter"),
                ("holder_letter", "letter to the person complained about"),
                ("attachment", "attachment"), ("minutes", "minutes"),
                ("hearing_report", "hearing report")], max_length=20, verbose_name="kind"),
        ),
        migrations.RunPython(mark_holder_notices, migrations.RunPython.noop),
    ]
