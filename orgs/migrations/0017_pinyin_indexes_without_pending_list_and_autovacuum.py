"""The pinyin indexes without a pending list, like the other search indexes, and an autovacuum
that keeps pace with a table of a million organizations.

With fastupdate on, new and edited names wait in each pinyin index's pending list (up to 4 MB)
until the next vacuum, and every pinyin search reads the whole list (the benchmark once found
1,044 entries there). Only the option changes (ALTER INDEX … SET: instant, no rebuild); entries
already pending go into the index at the next vacuum.

Autovacuum's defaults wait for a fifth of the table to be dead rows (200,000 at 1,000,000
organizations), which every walk of the directory's order passes over, and analyse as rarely
(the directory's choice between walking and fetching reads the gram statistics): 2 % instead.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

PINYIN_INDEXES = {"org_name_pinyin_trgm": "name_pinyin", "org_name_initials_trgm": "name_initials"}


def _state(fastupdate):
    operations = []
    for name, field in PINYIN_INDEXES.items():
        operations += [
            migrations.RemoveIndex(model_name="organization", name=name),
            migrations.AddIndex(model_name="organization", index=GinIndex(
                fields=[field], opclasses=["gin_trgm_ops"], name=name,
                **({} if fastupdate else {"fastupdate": False}))),
        ]
    return operations


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0016_organization_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_state(fastupdate=False),
            database_operations=[
                migrations.RunSQL(
                    [f"ALTER INDEX {name} SET (fastupdate = off)" for name in PINYIN_INDEXES],
                    reverse_sql=[f"ALTER INDEX {name} RESET (fastupdate)" for name in PINYIN_INDEXES],
                ),
            ],
        ),
        migrations.RunSQL(
            "ALTER TABLE orgs_organization SET"
            " (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)",
            reverse_sql="ALTER TABLE orgs_organization RESET"
            " (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)",
        ),
    ]
