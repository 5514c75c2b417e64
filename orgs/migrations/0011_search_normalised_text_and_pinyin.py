"""Search the way people type: normalised text (full-width, traditional), place and issue-field
names, and the pinyin of names, in columns the services fill; existing rows are indexed here."""

import sys

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import orgs.models.organizations
from orgs.search import search_values

BATCH = 1000


def index_existing(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    queryset = Organization.objects.order_by("pk")
    total = queryset.count()
    done, last_pk = 0, 0
    while batch := list(
        queryset.filter(pk__gt=last_pk).select_related("province", "city", "county").prefetch_related("issue_fields")[:BATCH]
    ):
        for organization in batch:
            places = []
            for division in (organization.province, organization.city, organization.county):
                if division is not None:
                    places += [division.name, division.name_en]
            fields = []
            for field in organization.issue_fields.all():
                fields += [field.name_zh, field.name_en]
            values = search_values(
                name=organization.name, name_en=organization.name_en, service_area=organization.service_area,
                places=places, issue_fields=fields,
            )
            for column, value in values.items():
                setattr(organization, column, value)
        Organization.objects.bulk_update(batch, ["search_text", "name_pinyin", "name_initials"], batch_size=500)
        done += len(batch)
        last_pk = batch[-1].pk
        if total > BATCH:
            sys.stdout.write(f"\n  search columns: {done}/{total}")
            sys.stdout.flush()


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0010_search_grams_linear_time'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name='organization',
            name='name_initials',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='pinyin initials of the name'),
        ),
        migrations.AddField(
            model_name='organization',
            name='name_pinyin',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='name in pinyin'),
        ),
        migrations.AddField(
            model_name='organization',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='normalised search text'),
        ),
        # A generated column's expression cannot be altered: drop it and add it back over search_text.
        migrations.RemoveIndex(model_name='organization', name='org_search_grams'),
        migrations.RemoveField(model_name='organization', name='search_grams'),
        migrations.AddField(
            model_name='organization',
            name='search_grams',
            field=models.GeneratedField(db_persist=True, expression=orgs.models.organizations.SearchGrams(models.F('search_text')), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='organization',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_grams'], name='org_search_grams'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_pinyin'], name='org_name_pinyin_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_initials'], name='org_name_initials_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
