"""The pyramid is stored a tile at a time (16 × 16 cells of one level and issue field, packed by
numpy: mapplatform/tiles.py) instead of a row per cell and combination of filter values: a full
rebuild at 1,000,000 organizations wrote 14 million rows and their index (77 s); it now writes a
few hundred thousand. Each layer keeps a partition of its own, swapped in whole by a rebuild.
The pyramid is derived data: the old rows go, and the next refresh (Celery beat, every 30 s)
builds it again."""

from django.db import migrations, models

LAYERS = ("orgs", "posts")  # MapLayer's values when this was written
OLD_KEY = "level, field_id, cx, cy, province_id, org_kind, post_kind, resource_type, layer"


class Migration(migrations.Migration):

    dependencies = [
        ('mapplatform', '0011_map_cell_key_level_first'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[
                        "DELETE FROM mapplatform_mapbuild",
                        "DELETE FROM mapplatform_mapdirtycell",
                        "DROP TABLE mapplatform_mapcell",
                        """CREATE TABLE mapplatform_maptile (
                            layer varchar(5) COLLATE "C" NOT NULL, level smallint NOT NULL,
                            field_id integer NOT NULL, tx integer NOT NULL, ty integer NOT NULL,
                            count integer NOT NULL, cells bytea NOT NULL,
                            CONSTRAINT mapplatform_maptile_pkey PRIMARY KEY (level, field_id, tx, ty, layer)
                        ) PARTITION BY LIST (layer)""",
                        *(f"CREATE TABLE mapplatform_maptile_{layer} PARTITION OF mapplatform_maptile "
                          f"FOR VALUES IN ('{layer}')" for layer in LAYERS),
                    ],
                    reverse_sql=[
                        "DELETE FROM mapplatform_mapbuild",
                        "DELETE FROM mapplatform_mapdirtycell",
                        "DROP TABLE mapplatform_maptile",
                        f"""CREATE TABLE mapplatform_mapcell (
                            layer varchar(5) COLLATE "C" NOT NULL, level smallint NOT NULL CHECK (level >= 0),
                            cx integer NOT NULL, cy integer NOT NULL, field_id integer NOT NULL,
                            province_id varchar(6) COLLATE "C" NOT NULL, org_kind varchar(20) COLLATE "C" NOT NULL,
                            post_kind varchar(5) COLLATE "C" NOT NULL, resource_type varchar(20) COLLATE "C" NOT NULL,
                            count integer NOT NULL, sum_x double precision NOT NULL,
                            sum_y double precision NOT NULL, one_id bigint NOT NULL,
                            CONSTRAINT mapplatform_mapcell_pkey PRIMARY KEY ({OLD_KEY})
                        ) PARTITION BY LIST (layer)""",
                        *(f"CREATE TABLE mapplatform_mapcell_{layer} PARTITION OF mapplatform_mapcell "
                          f"FOR VALUES IN ('{layer}')" for layer in LAYERS),
                    ],
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name='MapCell'),
                migrations.CreateModel(
                    name='MapTile',
                    fields=[
                        ('pk', models.CompositePrimaryKey('level', 'field_id', 'tx', 'ty', 'layer', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('layer', models.CharField(choices=[('orgs', 'Organizations'), ('posts', 'Needs and offers')], db_collation='C', max_length=5, verbose_name='layer')),
                        ('level', models.SmallIntegerField(verbose_name='level')),
                        ('field_id', models.IntegerField(default=0, verbose_name='issue field')),
                        ('tx', models.IntegerField(verbose_name='tile column')),
                        ('ty', models.IntegerField(verbose_name='tile row')),
                        ('count', models.IntegerField(verbose_name='count')),
                        ('cells', models.BinaryField(verbose_name='cells')),
                    ],
                    options={
                        'verbose_name': 'map tile',
                        'verbose_name_plural': 'map tiles',
                    },
                ),
            ],
        ),
        migrations.AddField(
            model_name='mapbuild',
            name='codes',
            field=models.JSONField(default=dict, verbose_name='codes'),
        ),
    ]
