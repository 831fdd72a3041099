from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_figures'),
    ]

    operations = [
        migrations.AddField(
            model_name='deadlinefigures',
            name='met_on',
            field=models.DateField(blank=True, null=True),
        ),
    ]
