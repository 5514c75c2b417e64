"""Building the map's cluster pyramid (models/pyramid.py, tiles.py).

A rebuild reads the objects a layer shows and their issue fields with COPY, counts the finest
level's cells with numpy, sums each coarser level from the one below (a cell's column and row
halve from one level to the next), and writes one row per tile, level and issue field into a new
table that is swapped in for the layer's partition in the same transaction: readers see the old
pyramid until it commits. At 1,000,000 organizations and 1,000,000 posts a rebuild of both layers
takes about 12 s (it took 77 s when every cell and combination of filter values was a row of its
own: 14 million rows and their index).

`map_pyramid_refresh` (Celery beat, every 30 s) acts on a layer only when database triggers
counted a change since its build: it recounts the cells that row triggers marked as changed
(`map_pyramid_update`: the objects of those cells, then the tiles that hold them and their
ancestors, whatever the size of the tables); on a new day the posts that expired since the build
mark their cells too (no trigger sees a date pass). Everything is rebuilt only on the first build,
after a TRUNCATE, when too many cells changed at once, or when the filter values' codes changed.
"""

import time

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from orgs.models import OrganizationKind, OrganizationStatus

from .. import tiles
from ..models import MapBuild, MapDirtyCell, MapLayer, MapLayerState, ResourcePost
from ..models.posts import ACTIVE_STATUSES, PostKind, ResourceType
from ..models.pyramid import PYRAMID_MAX_LEVEL, level_cell

LOCK_KEY = 4_210_001  # advisory lock: one refresh at a time
# Past this many changed cells a full rebuild is cheaper than recounting them one by one.
MAX_DIRTY_CELLS = 20_000

TILE_COLUMNS = "layer, level, field_id, tx, ty, count, cells"
# The primary key (models/pyramid.py): the layer, the same on every row of a partition, comes last.
KEY_COLUMNS = "level, field_id, tx, ty, layer"
TILE_TYPES = ["text", "int2", "int4", "int4", "int4", "int4", "bytea"]

# The base rows as COPY's binary format sends them: a field count, then each field's length and value.
_BASE_FIELDS = [("id", ">i8"), ("x", ">f8"), ("y", ">f8"), ("province", ">i4"), ("org_kind", ">i2"),
                ("post_kind", ">i2"), ("resource_type", ">i2")]
_LINK_FIELDS = [("owner", ">i8"), ("field", ">i8")]
_COPY_HEADER, _COPY_TRAILER = 19, 2  # signature, flags, extension length; the end marker


def map_codes():
    """The codes of the filter values in the tiles (their positions in these lists; 0 is "none").
    Kept with each build, so a list that changes between releases means a rebuild, not wrong counts."""
    return {"org_kind": ["", *OrganizationKind.values], "post_kind": ["", *PostKind.values],
            "resource_type": ["", *ResourceType.values]}


def _code(column, name):
    return f"COALESCE(array_position(%s::text[], {column}::text) - 1, {tiles.UNKNOWN_CODE})::int2 AS {name}"


def _base_sql(layer, codes):
    """(SQL, parameters) of the objects the layer shows: id, x, y, province and the codes of the
    filter values, all fixed-width and never null (read with COPY's binary format)."""
    if layer == MapLayer.ORGANIZATIONS:
        return (
            f"SELECT id::int8, ST_X(location) AS x, ST_Y(location) AS y, province_id::int4 AS province, "
            f"{_code('kind', 'org_kind')}, 0::int2 AS post_kind, 0::int2 AS resource_type "
            f"FROM orgs_organization WHERE status = %s AND location IS NOT NULL",
            [codes["org_kind"], OrganizationStatus.PUBLISHED],
        )
    return (
        f"SELECT id::int8, ST_X(location) AS x, ST_Y(location) AS y, province_id::int4 AS province, "
        f"{_code('org_kind', 'org_kind')}, {_code('kind', 'post_kind')}, "
        f"{_code('resource_type', 'resource_type')} "
        f"FROM mapplatform_resourcepost WHERE status = ANY(%s) AND hidden_reason = '' AND expires_on >= %s "
        f"AND location IS NOT NULL",
        [codes["org_kind"], codes["post_kind"], codes["resource_type"],
         [str(status) for status in ACTIVE_STATUSES], timezone.localdate()],
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


def _links_table(layer):
    if layer == MapLayer.ORGANIZATIONS:
        return "orgs_organization_issue_fields", "organization_id"
    return "mapplatform_resourcepost_issue_fields", "resourcepost_id"


def _copy_out(cursor, sql, params, fields):
    """The rows of a query as numpy columns, through COPY's binary format (a million rows in a
    second, where fetching them as Python tuples took several)."""
    dtype = np.dtype([("n", ">i2")] + [item for name, kind in fields for item in ((f"{name}_len", ">i4"),
                                                                                    (name, kind))])
    with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)", params) as copy:
        data = b"".join(bytes(block) for block in copy)
    rows = np.frombuffer(data[_COPY_HEADER:len(data) - _COPY_TRAILER], dtype=dtype)
    return {name: rows[name].astype(kind.replace(">", "<")) for name, kind in fields}


def _finest_cells(base, links):
    """The finest level's cells of the objects (`base`), once for "any issue field" and once per
    issue field they have (`links`: owner and field, of these objects or others)."""
    size = level_cell(PYRAMID_MAX_LEVEL)
    n = len(base["id"])
    objects = {
        "field": np.zeros(n, dtype=np.int64),
        # As the database computes a cell (triggers, expired posts): same float arithmetic.
        "cx": np.floor((base["x"] + 180) / size).astype(np.int64),
        "cy": np.floor((base["y"] + 90) / size).astype(np.int64),
        "province": base["province"].astype(np.int64),
        **{name: base[name].astype(np.uint8) for name in tiles.DIMENSIONS[2:]},
        "count": np.ones(n, dtype=np.int64), "sx": base["x"], "sy": base["y"], "one": base["id"],
    }
    order = np.argsort(base["id"])
    ids = base["id"][order]
    position = np.minimum(np.searchsorted(ids, links["owner"]), max(n - 1, 0))
    shown = (ids[position] == links["owner"]) if n else np.zeros(len(links["owner"]), dtype=bool)
    tagged = tiles.take(objects, order[position[shown]])
    tagged["field"] = links["field"][shown]
    return tiles.aggregate(tiles.concat(objects, tagged))


def _copy_tiles(cursor, table, rows):
    """Write (layer, level, field, tx, ty, count, bytes) rows with COPY."""
    with cursor.cursor.copy(f"COPY {table} ({TILE_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(TILE_TYPES)
        for row in rows:
            copy.write_row(row)


def _pyramid_rows(layer, cells):
    """Every level's tiles, finest first, from the finest level's cells."""
    for level in range(PYRAMID_MAX_LEVEL, -1, -1):
        for field, tx, ty, count, data in tiles.tiles(cells):
            yield layer, level, field, tx, ty, count, data
        if level:
            cells = tiles.coarser(cells)


def _replace_partition(cursor, layer, rows):
    """Write the rows into a new table, build its key's index, check its layer and swap it in for
    the layer's partition. Readers see the old partition until the transaction commits. The new
    table is declared here rather than copied from the parent, so nothing locks the parent before
    the swap at the end."""
    if layer not in MapLayer.values:  # the layer names a table below
        raise ValueError(f"unknown map layer {layer!r}")
    partition = f"mapplatform_maptile_{layer}"
    new = f"{partition}_new"
    cursor.execute(
        f"""CREATE TABLE {new} (
            layer varchar(5) COLLATE "C" NOT NULL, level smallint NOT NULL, field_id integer NOT NULL,
            tx integer NOT NULL, ty integer NOT NULL, count integer NOT NULL, cells bytea NOT NULL,
            CONSTRAINT {partition}_layer CHECK (layer = '{layer}'))""")
    # Tiles are a few hundred kilobytes at most and compress poorly: stored as they are.
    cursor.execute(f"ALTER TABLE {new} ALTER COLUMN cells SET STORAGE EXTERNAL")
    _copy_tiles(cursor, new, rows)
    cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {new}_pkey PRIMARY KEY ({KEY_COLUMNS})")
    cursor.execute(f"ANALYZE {new}")
    cursor.execute(f"ALTER TABLE mapplatform_maptile DETACH PARTITION {partition}")
    cursor.execute(f"DROP TABLE {partition}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {partition}")
    cursor.execute(f"ALTER INDEX {new}_pkey RENAME TO {partition}_pkey")
    # The check proves every row belongs, so attaching reads nothing; the index becomes the
    # partition's part of the parent's key.
    cursor.execute(f"ALTER TABLE mapplatform_maptile ATTACH PARTITION {partition} FOR VALUES IN ('{layer}')")


def map_pyramid_rebuild(*, layer):
    """Rebuild one layer's pyramid from the current data; returns the seconds it took."""
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            # One snapshot for the change counter and the data, so the build is exactly "as of" it.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        changes = MapLayerState.objects.filter(layer=layer).values_list("changes", flat=True).first() or 0
        codes = map_codes()
        base = _copy_out(cursor, *_base_sql(layer, codes), _BASE_FIELDS)
        through, owner = _links_table(layer)
        links = _copy_out(cursor, f"SELECT {owner}::int8, issuefield_id::int8 FROM {through}", [], _LINK_FIELDS)
        MapDirtyCell.objects.filter(layer=layer).delete()  # all counted here
        _replace_partition(cursor, layer, _pyramid_rows(layer, _finest_cells(base, links)))
        seconds = time.monotonic() - started
        MapBuild.objects.update_or_create(layer=layer, defaults={
            "changes": changes, "built_on": timezone.localdate(), "built_at": timezone.now(),
            "seconds": seconds, "codes": codes})
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


def _objects_in_cells(cursor, layer, codes, cells):
    """The base rows and issue fields of the objects now in these finest cells (one box per cell,
    through the GiST index on location)."""
    size = level_cell(PYRAMID_MAX_LEVEL)
    sql, params = _base_sql(layer, codes)
    base = _copy_out(
        cursor,
        f"""SELECT b.* FROM unnest(%s::int[], %s::int[]) AS d(cx, cy)
            CROSS JOIN LATERAL ({sql} AND location && ST_MakeEnvelope(
                d.cx * %s - 180.000001, d.cy * %s - 90.000001, (d.cx + 1) * %s - 179.999999,
                (d.cy + 1) * %s - 89.999999, 4326)) AS b
            WHERE floor((b.x + 180) / %s)::int = d.cx AND floor((b.y + 90) / %s)::int = d.cy""",
        [[cx for cx, _ in cells], [cy for _, cy in cells], *params, *([size] * 6)], _BASE_FIELDS)
    through, owner = _links_table(layer)
    links = _copy_out(cursor, f"SELECT {owner}::int8, issuefield_id::int8 FROM {through} WHERE {owner} = ANY(%s)",
                      [base["id"].tolist()], _LINK_FIELDS)
    return base, links


def _cell_codes(cx, cy):
    return (np.asarray(cx, dtype=np.int64) << 32) | np.asarray(cy, dtype=np.int64)


def _recount_level(cursor, layer, level, dirty, fresh):
    """Replace the tiles of one level that hold dirty cells: their other cells as stored, the
    dirty ones from `fresh` (this level's new cells of those cells). Returns the tiles' cells."""
    pairs = sorted({(cx >> tiles.TILE_SHIFT, cy >> tiles.TILE_SHIFT) for cx, cy in dirty})
    xs, ys = [tx for tx, _ in pairs], [ty for _, ty in pairs]
    cursor.execute(
        "SELECT t.field_id, t.tx, t.ty, t.cells FROM mapplatform_maptile t "
        "JOIN unnest(%s::int[], %s::int[]) AS d(tx, ty) ON t.tx = d.tx AND t.ty = d.ty "
        "WHERE t.layer = %s AND t.level = %s",
        [xs, ys, layer, level])
    stored = tiles.concat(tiles.empty(), *(tiles.decode(*row[:3], bytes(row[3])) for row in cursor.fetchall()))
    dirty_codes = _cell_codes([cx for cx, _ in dirty], [cy for _, cy in dirty])
    kept = tiles.take(stored, ~np.isin(_cell_codes(stored["cx"], stored["cy"]), dirty_codes))
    cells = tiles.aggregate(tiles.concat(kept, fresh))
    cursor.execute(
        "DELETE FROM mapplatform_maptile t USING unnest(%s::int[], %s::int[]) AS d(tx, ty) "
        "WHERE t.layer = %s AND t.level = %s AND t.tx = d.tx AND t.ty = d.ty",
        [xs, ys, layer, level])
    _copy_tiles(cursor, "mapplatform_maptile",
                ((layer, level, *tile) for tile in tiles.tiles(cells)))
    return cells


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
        build = MapBuild.objects.filter(layer=layer).values("built_on", "codes").first()
        if build is None or build["codes"] != map_codes():
            return map_pyramid_rebuild(layer=layer), None
        if layer == MapLayer.POSTS and build["built_on"] < today:
            _mark_expired_posts(cursor, since=build["built_on"], today=today)
        cursor.execute("DELETE FROM mapplatform_mapdirtycell WHERE layer = %s RETURNING cx, cy", [layer])
        dirty = set(cursor.fetchall())
        changed = len(dirty)
        if changed > MAX_DIRTY_CELLS or (-1, -1) in dirty:
            return map_pyramid_rebuild(layer=layer), None
        if dirty:
            fresh = _finest_cells(*_objects_in_cells(cursor, layer, build["codes"], sorted(dirty)))
            for level in range(PYRAMID_MAX_LEVEL, -1, -1):
                cells = _recount_level(cursor, layer, level, dirty, fresh)
                if level:
                    # The parents' new cells, from all their children (a parent's four children
                    # share a tile, so all of them are in the tiles just recounted).
                    dirty = {(cx >> 1, cy >> 1) for cx, cy in dirty}
                    parents = _cell_codes(cells["cx"] >> 1, cells["cy"] >> 1)
                    fresh = tiles.coarser(tiles.take(cells, np.isin(parents, _cell_codes(*zip(*dirty)))))
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
                return (build is None or build.changes != states.get(layer, 0) or build.built_on != today
                        or build.codes != map_codes())

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

