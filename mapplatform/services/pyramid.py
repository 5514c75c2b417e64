"""Building the map's cluster pyramid (models/pyramid.py) with set-based SQL.

The finest level is counted from the organizations or posts in one GROUP BY; each coarser level
is summed from the one below (a cell's column and row halve from one level to the next), so a
rebuild reads the base table once. A rebuild replaces a layer's rows in one transaction:
readers see the old pyramid until it commits. `map_pyramid_refresh` (Celery beat, every 30 s)
acts on a layer only when database triggers counted a change since its build: it recounts the
cells that row triggers marked as changed (`map_pyramid_update`: a few hundred rows, whatever the
size of the tables); on a new day the posts that expired since the build mark their cells too (no
trigger sees a date pass). Everything is rebuilt only on the first build, after a TRUNCATE, or when
too many cells changed at once: at 1,000,000 organizations (5 million rows) a rebuild of the
organizations layer takes about 29 s, of the posts layer (9.4 million rows) about 48 s, bound by
writing the rows and their WAL. Two rebuilds at once deadlock on the partition swap: the refresh
holds an advisory lock so only one runs.
"""

import time

from django.db import connection, transaction
from django.utils import timezone

from orgs.models import IssueField, OrganizationStatus

from ..models import MapBuild, MapDirtyCell, MapLayer, MapLayerState, ResourcePost
from ..models.posts import ACTIVE_STATUSES
from ..models.pyramid import PYRAMID_MAX_LEVEL, level_cell

LOCK_KEY = 4_210_001  # advisory lock: one rebuild at a time
# Past this many changed cells a full rebuild is cheaper than recounting them one by one.
MAX_DIRTY_CELLS = 20_000

COLUMNS = "layer, level, cx, cy, field_id, province_id, org_kind, post_kind, resource_type, count, sum_x, sum_y, one_id"
# The primary key (models/pyramid.py): the layer, the same on every row of a partition, comes last.
KEY_COLUMNS = "level, field_id, cx, cy, province_id, org_kind, post_kind, resource_type, layer"


def _finest_cells(through, owner):
    """The end of the statement that counts the rows of a CTE named `base` into the finest cells
    (once untagged, once per issue field), as the table's columns: shared by the full build and
    the recount of changed cells. Its parameters: layer, level, cell size twice."""
    return f"""tagged AS (
                SELECT base.*, 0 AS field_id FROM base
                UNION ALL
                SELECT base.*, t.issuefield_id::int FROM base JOIN {through} t ON t.{owner} = base.id
            )
            SELECT %s AS layer, %s AS level, floor((x + 180) / %s)::int AS cx, floor((y + 90) / %s)::int AS cy,
                   field_id, province_id, org_kind, post_kind, resource_type, count(*) AS count,
                   sum(x) AS sum_x, sum(y) AS sum_y, min(id) AS one_id
            FROM tagged GROUP BY 3, 4, 5, 6, 7, 8, 9"""


def _base_sql(layer):
    """(id, x, y, province, org kind, post kind, resource type) of what the layer shows, plus the
    through table of its issue fields, with parameters."""
    if layer == MapLayer.ORGANIZATIONS:
        return (
            ("SELECT id, ST_X(location) AS x, ST_Y(location) AS y, province_id, kind AS org_kind, "
             "'' AS post_kind, '' AS resource_type FROM orgs_organization "
             "WHERE status = %s AND location IS NOT NULL"),
            [OrganizationStatus.PUBLISHED],
            "orgs_organization_issue_fields", "organization_id",
        )
    return (
        ("SELECT id, ST_X(location) AS x, ST_Y(location) AS y, province_id, org_kind, kind AS post_kind, "
         "resource_type FROM mapplatform_resourcepost "
         "WHERE status = ANY(%s) AND hidden_reason = '' AND expires_on >= %s"),
        [[str(status) for status in ACTIVE_STATUSES], timezone.localdate()],
        "mapplatform_resourcepost_issue_fields", "resourcepost_id",
    )


def _sync_post_org_kinds(cursor):
    """Posts carry their organization's kind (the map filters by it): copy changed kinds over.
    Checked first, so an unchanged table is not written (the write would mark the layer stale)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM mapplatform_resourcepost p JOIN orgs_organization o "
        "ON o.id = p.organization_id WHERE p.org_kind <> o.kind)"
    )
    if cursor.fetchone()[0]:
        cursor.execute(
            "UPDATE mapplatform_resourcepost p SET org_kind = o.kind FROM orgs_organization o "
            "WHERE o.id = p.organization_id AND p.org_kind <> o.kind"
        )


def posts_sync_org_kind(*, organization):
    """After an organization's kind changed: its posts follow (called by the refresh, and usable
    by any service that changes a kind)."""
    ResourcePost.objects.filter(organization=organization).exclude(org_kind=organization.kind).update(
        org_kind=organization.kind)


def _replace_partition(cursor, layer, sources):
    """Fill a new table with the rows of the `sources` (temporary tables, dropped once copied:
    a caller's transaction may rebuild the other layer next), then build its key's index, check its
    layer and swap it in for the layer's partition. Readers see the old partition until the
    transaction commits; the parent is locked only for the swap at the end, not while rows are
    written, and one index built once costs a fraction of millions of rows inserted into one."""
    if layer not in MapLayer.values:  # the layer names a table below
        raise ValueError(f"unknown map layer {layer!r}")
    partition = f"mapplatform_mapcell_{layer}"
    new = f"{partition}_new"
    cursor.execute(f"CREATE TABLE {new} (LIKE mapplatform_mapcell INCLUDING CONSTRAINTS)")
    for source in sources:
        # By cell, so a tile's rows sit on neighbouring pages (the rest of the key can stay unsorted).
        cursor.execute(f"INSERT INTO {new} ({COLUMNS}) SELECT {COLUMNS} FROM {source} ORDER BY field_id, cx, cy")
        cursor.execute(f"DROP TABLE {source}")
    cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {partition}_layer CHECK (layer = '{layer}')")
    cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {new}_pkey PRIMARY KEY ({KEY_COLUMNS})")
    cursor.execute(f"ANALYZE {new}")  # fresh statistics keep the planner on the key's index
    cursor.execute(f"ALTER TABLE mapplatform_mapcell DETACH PARTITION {partition}")
    cursor.execute(f"DROP TABLE {partition}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {partition}")
    cursor.execute(f"ALTER INDEX {new}_pkey RENAME TO {partition}_pkey")
    # The check proves every row belongs, so attaching reads nothing; the index becomes the
    # partition's part of the parent's key.
    cursor.execute(f"ALTER TABLE mapplatform_mapcell ATTACH PARTITION {partition} FOR VALUES IN ('{layer}')")


def map_pyramid_rebuild(*, layer):
    """Rebuild one layer's pyramid from the current data; returns the seconds it took."""
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            # One snapshot for the change counter and the data, so the build is exactly "as of" it.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # Group, sort and build the index in memory rather than in sorted runs on disk (a rebuild is
        # rare: the refresh recounts changed cells); JIT compiles for seconds and saves less.
        cursor.execute("SET LOCAL work_mem = '512MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL jit = off")
        changes = MapLayerState.objects.filter(layer=layer).values_list("changes", flat=True).first() or 0
        base, params, through, owner = _base_sql(layer)
        finest = PYRAMID_MAX_LEVEL
        size = level_cell(finest)
        MapDirtyCell.objects.filter(layer=layer).delete()  # all counted below
        # Each level is counted into a temporary table (no WAL, no index), the next coarser one from
        # it; together they become the layer's new partition.
        cursor.execute(
            f"CREATE TEMPORARY TABLE pyramid_cells_{finest} ON COMMIT DROP AS "
            f"WITH base AS MATERIALIZED ({base}), {_finest_cells(through, owner)}",
            [*params, str(layer), finest, size, size],
        )
        for level in range(finest - 1, -1, -1):
            cursor.execute(
                f"""
                CREATE TEMPORARY TABLE pyramid_cells_{level} ON COMMIT DROP AS
                SELECT layer, %s::int AS level, cx / 2 AS cx, cy / 2 AS cy, field_id, province_id, org_kind,
                       post_kind, resource_type, sum(count)::int AS count, sum(sum_x) AS sum_x,
                       sum(sum_y) AS sum_y, min(one_id) AS one_id
                FROM pyramid_cells_{level + 1}
                GROUP BY layer, 3, 4, 5, 6, 7, 8, 9
                """,
                [level],
            )
        _replace_partition(cursor, layer, [f"pyramid_cells_{level}" for level in range(finest + 1)])
        seconds = time.monotonic() - started
        MapBuild.objects.update_or_create(layer=layer, defaults={
            "changes": changes, "built_on": timezone.localdate(), "built_at": timezone.now(), "seconds": seconds})
    return seconds


def _mark_expired_posts(cursor, *, since, today):
    """Posts shown at a build of `since` that have expired by `today`: their cells are dirty. Read
    once a day, by expiry date; hidden or closed posts were marked by the triggers already."""
    size = level_cell(PYRAMID_MAX_LEVEL)
    cursor.execute(
        "INSERT INTO mapplatform_mapdirtycell (layer, cx, cy) "
        "SELECT DISTINCT %s, floor((ST_X(location) + 180) / %s)::int, floor((ST_Y(location) + 90) / %s)::int "
        "FROM mapplatform_resourcepost WHERE status = ANY(%s) AND hidden_reason = '' AND location IS NOT NULL "
        "AND expires_on >= %s AND expires_on < %s",
        [MapLayer.POSTS, size, size, [str(status) for status in ACTIVE_STATUSES], since, today])


def map_pyramid_update(*, layer):
    """Recount only the cells whose objects changed since the last build (MapDirtyCell, written by
    row triggers, and on a new day those of the posts that expired) and their ancestors at every
    coarser level, in one repeatable-read transaction; the layer is then as of today. Falls back to
    a full rebuild when there are too many (or a TRUNCATE asked for one). Returns (seconds, number
    of changed finest cells, or None after a full rebuild)."""
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        changes = MapLayerState.objects.filter(layer=layer).values_list("changes", flat=True).first() or 0
        today = timezone.localdate()
        built_on = MapBuild.objects.filter(layer=layer).values_list("built_on", flat=True).first()
        if built_on is None:
            return map_pyramid_rebuild(layer=layer), None
        if layer == MapLayer.POSTS and built_on < today:
            _mark_expired_posts(cursor, since=built_on, today=today)
        cursor.execute("DELETE FROM mapplatform_mapdirtycell WHERE layer = %s RETURNING cx, cy", [layer])
        cells = set(cursor.fetchall())
        changed = len(cells)
        if changed > MAX_DIRTY_CELLS or (-1, -1) in cells:
            return map_pyramid_rebuild(layer=layer), None
        finest = PYRAMID_MAX_LEVEL
        size = level_cell(finest)
        if cells:
            base, params, through, owner = _base_sql(layer)
            # Rows are found through the key's index (level, field_id, cx, cy, … in the layer's
            # partition): one probe per cell and issue field (those in the pyramid now, and those
            # that exist), not a scan.
            cursor.execute(
                "SELECT DISTINCT field_id FROM mapplatform_mapcell WHERE layer = %s AND level = 0", [layer])
            fields = sorted({0, *(row[0] for row in cursor.fetchall()),
                             *IssueField.objects.values_list("pk", flat=True)})
            delete = ("DELETE FROM mapplatform_mapcell m USING unnest(%s::int[], %s::int[]) AS d(cx, cy) "
                      "WHERE m.layer = %s AND m.level = %s AND m.field_id = ANY(%s) AND m.cx = d.cx AND m.cy = d.cy")
            xs, ys = [cx for cx, _ in cells], [cy for _, cy in cells]
            cursor.execute(delete, [xs, ys, layer, finest, fields])
            # The objects of the changed cells, through the GiST index on location (one box per cell).
            cursor.execute(
                f"""
                INSERT INTO mapplatform_mapcell ({COLUMNS})
                WITH base AS MATERIALIZED (
                    SELECT b.* FROM unnest(%s::int[], %s::int[]) AS d(cx, cy)
                    CROSS JOIN LATERAL ({base} AND location && ST_MakeEnvelope(
                        d.cx * %s - 180.000001, d.cy * %s - 90.000001, (d.cx + 1) * %s - 179.999999,
                        (d.cy + 1) * %s - 89.999999, 4326)) AS b
                    WHERE floor((b.x + 180) / %s)::int = d.cx AND floor((b.y + 90) / %s)::int = d.cy
                ),
                {_finest_cells(through, owner)}
                """,
                [xs, ys, *params, size, size, size, size, size, size, str(layer), finest, size, size],
            )
            for level in range(finest - 1, -1, -1):
                cells = {(cx // 2, cy // 2) for cx, cy in cells}
                xs, ys = [cx for cx, _ in cells], [cy for _, cy in cells]
                cursor.execute(delete, [xs, ys, layer, level, fields])
                children = [(2 * cx + i, 2 * cy + j) for cx, cy in cells for i in (0, 1) for j in (0, 1)]
                cursor.execute(
                    f"""
                    INSERT INTO mapplatform_mapcell ({COLUMNS})
                    SELECT m.layer, %s, m.cx / 2, m.cy / 2, m.field_id, m.province_id, m.org_kind, m.post_kind,
                           m.resource_type, sum(m.count), sum(m.sum_x), sum(m.sum_y), min(m.one_id)
                    FROM mapplatform_mapcell m JOIN unnest(%s::int[], %s::int[]) AS d(cx, cy)
                        ON m.cx = d.cx AND m.cy = d.cy
                    WHERE m.layer = %s AND m.level = %s AND m.field_id = ANY(%s)
                    GROUP BY m.layer, 3, 4, 5, 6, 7, 8, 9
                    """,
                    [level, [cx for cx, _ in children], [cy for _, cy in children], str(layer), level + 1, fields],
                )
        seconds = time.monotonic() - started
        MapBuild.objects.filter(layer=layer).update(changes=changes, built_at=timezone.now(), built_on=today)
    return seconds, changed


def map_pyramid_refresh():
    """Rebuild the layers that changed since their build (or were built on another day).
    Returns {layer: seconds} of what it rebuilt; skips if another refresh is running."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return {}
        try:
            today = timezone.localdate()
            builds = {build.layer: build for build in MapBuild.objects.all()}

            def stale(layer, states):
                build = builds.get(layer)
                return build is None or build.changes != states.get(layer, 0) or build.built_on != today

            states = dict(MapLayerState.objects.values_list("layer", "changes"))
            if stale(MapLayer.ORGANIZATIONS, states):
                # An organization changed (perhaps its kind): its posts follow before they are counted.
                with transaction.atomic():
                    _sync_post_org_kinds(cursor)
                states = dict(MapLayerState.objects.values_list("layer", "changes"))
            rebuilt = {}
            for layer in MapLayer.values:
                if not stale(layer, states):
                    continue
                # Changes since the build (and, on a new day, expired posts): their cells only; the
                # update rebuilds everything itself on the first build.
                rebuilt[layer] = map_pyramid_update(layer=layer)[0]
            return rebuilt
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

