from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mail", "0006_privacy_erased_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="headers",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
