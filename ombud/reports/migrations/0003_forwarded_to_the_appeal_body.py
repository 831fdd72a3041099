# Issue 13: forwarded cases (fvl § 33) counted apart from appeals in the annual report.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0007_calendar_no_dl'),
        ('reports', '0002_deadline_met_on'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reportcell',
            name='unique_report_cell',
        ),
        migrations.AddField(
            model_name='casefigures',
            name='forwarded_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='reportcell',
            name='forwarded',
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name='reportcell',
            constraint=models.UniqueConstraint(fields=('organization_id', 'year', 'procedure_id', 'handler_id', 'month', 'about', 'channel', 'filer', 'at_end', 'appealed', 'appeal_outcome', 'forwarded', 'working_days'), name='unique_report_cell'),
        ),
    ]
