"""Hashing version 3 (``ombud.cases.history``): each entry's fields are hashed through salted
digests so that erasing their content keeps the chain and the seals valid. Entries already
written keep version 2 (no salts) and verify as before."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_access_log_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseevent',
            name='salts',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='erased_fields',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='erased_seq',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
