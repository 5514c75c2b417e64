"""The trust summary moves from the organization row to a narrow table of its own (see
orgs/models/trust.py): the scores are copied over, then the columns dropped."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0014_import_duplicates_merge'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrustSummary',
            fields=[
                ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='trust_summary', serialize=False, to='orgs.organization', verbose_name='organization')),
                ('grade', models.CharField(max_length=1, verbose_name='trust grade')),
                ('score', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='trust score')),
            ],
            options={
                'verbose_name': 'trust summary',
                'verbose_name_plural': 'trust summaries',
            },
        ),
        migrations.RunSQL(
            sql="INSERT INTO orgs_trustsummary (organization_id, grade, score) "
                "SELECT id, trust_grade, trust_score FROM orgs_organization "
                "WHERE trust_grade <> '' AND trust_score IS NOT NULL",
            reverse_sql="UPDATE orgs_organization o SET trust_grade = t.grade, trust_score = t.score "
                        "FROM orgs_trustsummary t WHERE t.organization_id = o.id",
        ),
        migrations.RemoveField(
            model_name='organization',
            name='trust_grade',
        ),
        migrations.RemoveField(
            model_name='organization',
            name='trust_score',
        ),
    ]
