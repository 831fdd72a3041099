# the fingerprint of each procedure version's file, kept when a case first uses it.

from django.db import migrations, models


def fingerprint_versions_in_use(apps, schema_editor):
    """X-06 from today on: the versions existing cases use are fingerprinted as their files are
    now (a broken bundle's are left until its first case after it is mended)."""
    from ombud.domain.loader import ProcedureError, version_fingerprint

    case_model = apps.get_model("cases", "Case")
    version_model = apps.get_model("cases", "VersionInUse")
    used = case_model.objects.values_list("procedure_id", "procedure_version").distinct()
    for procedure_id, version in sorted(set(used)):
        try:
            now = version_fingerprint(procedure_id, version)
        except ProcedureError:
            continue
        if now is not None:
            version_model.objects.get_or_create(procedure_id=procedure_id, version=version,
                                                defaults={"sha256": now[0]})


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0020_search_text_follows_its_row'),
    ]

    operations = [
        migrations.CreateModel(
            name='VersionInUse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('procedure_id', models.CharField(max_length=60)),
                ('version', models.CharField(max_length=30)),
                ('sha256', models.CharField(max_length=64)),
                ('first_used_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('procedure_id', 'version'), name='one_fingerprint_per_version')],
            },
        ),
        migrations.RunPython(fingerprint_versions_in_use, migrations.RunPython.noop),
    ]
