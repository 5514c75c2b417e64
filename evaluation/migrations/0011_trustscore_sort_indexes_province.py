"""The funders' list's sort indexes end with the province: a province's page walks the index and
checks the province in each entry, reading the wide score rows of that province only. The new
indexes are built before the old ones go."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0010_trustscore_province'),
        ('orgs', '0016_organization_order_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='trustscore',
            index=models.Index(fields=['-overall', 'organization', 'province_code'], name='trustscore_overall_p'),
        ),
        migrations.AddIndex(
            model_name='trustscore',
            index=models.Index(fields=['-public_trust', 'organization', 'province_code'], name='trustscore_public_trust_p'),
        ),
        migrations.AddIndex(
            model_name='trustscore',
            index=models.Index(fields=['-financial', 'organization', 'province_code'], name='trustscore_financial_p'),
        ),
        migrations.AddIndex(
            model_name='trustscore',
            index=models.Index(fields=['-influence', 'organization', 'province_code'], name='trustscore_influence_p'),
        ),
        migrations.AddIndex(
            model_name='trustscore',
            index=models.Index(fields=['-transparency_index', 'organization', 'province_code'], name='trustscore_transparency_p'),
        ),
        migrations.RemoveIndex(
            model_name='trustscore',
            name='trustscore_overall',
        ),
        migrations.RemoveIndex(
            model_name='trustscore',
            name='trustscore_public_trust',
        ),
        migrations.RemoveIndex(
            model_name='trustscore',
            name='trustscore_financial',
        ),
        migrations.RemoveIndex(
            model_name='trustscore',
            name='trustscore_influence',
        ),
        migrations.RemoveIndex(
            model_name='trustscore',
            name='trustscore_transparency',
        ),
    ]
