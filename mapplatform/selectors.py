"""Reads of the map: clustered features for the visible area, counts per province, lists.

No request returns every point: the browser sends its visible box and zoom; at low zoom the
database groups points into grid cells (ST_SnapToGrid) and returns one feature per cell, at
high zoom it returns points, and both are capped, so a payload is bounded whatever the data.
"""

import json
import math
from collections import Counter
from functools import lru_cache
from urllib.parse import quote

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Envelope, SnapToGrid
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Avg, Count, FloatField, Func, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS

from orgs.models import (
    Division,
    IssueField,
    Organization,
    OrganizationStatus,
    ProvinceBoundary,
)
from orgs.selectors import filter_by_field_and_place, organizations_of_member

from . import tiles
from .models import AreaSubscription, MapBuild, MapTile, Match, MatchStatus, PostPhoto, ResourcePost
from .models.posts import ACTIVE_STATUSES
from .models.pyramid import CLUSTER_PIXELS, LEVEL0_CELL, PYRAMID_MAX_LEVEL, level_cell
from .models.subscriptions import MAX_SUBSCRIPTIONS_PER_USER

POINT_ZOOM = 11  # from this zoom on, single points (if few enough)
MAX_POINTS = 500
MAX_CELLS = 800
LIST_SIZE = 20
TILE_CELLS = tiles.TILE_CELLS  # pyramid cells per side of a stored and cached tile
TILE_CACHE_SECONDS = 60 * 60  # keys carry the build, so a rebuild makes new ones; this only frees memory
# The Redis keys of the map's cached answers start so (the benchmark drops them to measure misses).
TILE_KEY_PREFIX = "map:v2:"
DOCUMENT_KEY_PREFIX = "map:doc:v2:"
PROVINCES_KEY_PREFIX = "map:provinces:v1:"
# A whole answer also holds the names of single points, which can change without a map change (a
# renamed organization): kept as long as the HTTP answers' max-age, the freshness the API states.
DOCUMENT_CACHE_SECONDS = 60

class SimplifyPreserveTopology(Func):
    function = "ST_SimplifyPreserveTopology"
    output_field = GeometryField(srid=4326)


LONGITUDE = Func("location", function="ST_X", output_field=FloatField())
LATITUDE = Func("location", function="ST_Y", output_field=FloatField())


def clip_bbox(west, south, east, north):
    west, east = max(-180.0, min(west, east)), min(180.0, max(west, east))
    south, north = max(-90.0, min(south, north)), min(90.0, max(south, north))
    return west, south, east, north


def cell_size(zoom, bbox):
    """Degrees per cluster cell at this zoom, grown if the box would hold too many cells."""
    size = CLUSTER_PIXELS * 360.0 / (256 * 2 ** zoom)
    west, south, east, north = bbox
    area = max(1e-9, (east - west) * (north - south))
    return max(size, math.sqrt(area / MAX_CELLS))


def organizations_on_map(*, filters):
    queryset = Organization.objects.filter(status=OrganizationStatus.PUBLISHED, location__isnull=False)
    if filters.get("org_kind"):
        queryset = queryset.filter(kind=filters["org_kind"])
    return filter_by_field_and_place(queryset, filters)


def posts_on_map(*, filters):
    queryset = ResourcePost.objects.shown().filter(
        status__in=ACTIVE_STATUSES, expires_on__gte=timezone.localdate()
    )
    if filters.get("post_kind"):
        queryset = queryset.filter(kind=filters["post_kind"])
    if filters.get("resource_type"):
        queryset = queryset.filter(resource_type=filters["resource_type"])
    if filters.get("org_kind"):
        queryset = queryset.filter(org_kind=filters["org_kind"])  # denormalised: no join
    return filter_by_field_and_place(queryset, filters)


def first_photo_thumbnail():
    """The storage name of a post's first shown photo's thumbnail (for annotate), or NULL."""
    return Subquery(PostPhoto.objects.shown().filter(post=OuterRef("pk")).order_by("pk").values("thumbnail")[:1])


def point_addresses(layer):
    """A function that gives a point's page address, as get_absolute_url() does, with one
    reverse() per answer instead of one per point (most of an uncached city view's Python time
    with ~90 single points): the address is reversed once around a marker and filled in."""
    if layer == "orgs":
        marker = "point-slug-marker"
        prefix, suffix = reverse("organization-profile", kwargs={"slug": marker}).split(marker)
        # reverse() quotes the path this way (django.urls.resolvers).
        return lambda obj: prefix + quote(obj.slug, safe=RFC3986_SUBDELIMS + "/~:@") + suffix
    marker = 987654321
    prefix, suffix = reverse("mapplatform:post", kwargs={"pk": marker}).split(str(marker))
    return lambda obj: f"{prefix}{obj.pk}{suffix}"


def _point_feature(layer, obj, address):
    if layer == "orgs":
        properties = {"layer": "orgs", "id": obj.pk, "name": obj.name, "kind": obj.kind, "url": address(obj)}
    else:
        properties = {"layer": "posts", "id": obj.pk, "name": obj.title, "post_kind": obj.kind,
                      "resource_type": obj.resource_type, "owner": obj.owner_name, "url": address(obj),
                      "photo": default_storage.url(obj.photo) if getattr(obj, "photo", None) else ""}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(obj.x, 6), round(obj.y, 6)]},
            "properties": properties}


def _details(layer, ids):
    # Coordinates as two numbers from SQL: a geometry per point went through GEOS, which was most
    # of a city view's time with a few hundred single points.
    if layer == "orgs":
        queryset = Organization.objects.filter(pk__in=ids).only("pk", "name", "kind", "slug")
    else:
        queryset = ResourcePost.objects.filter(pk__in=ids).select_related("organization").only(
            "pk", "title", "kind", "resource_type", "organization__name", "author_id"
        ).annotate(photo=first_photo_thumbnail())  # the popup's thumbnail: one subquery, no query per point
    return queryset.annotate(x=LONGITUDE, y=LATITUDE)


def _direct_features(layer, bbox, zoom, filters):
    """Clusters or points counted from the base table: for views finer than the pyramid (their
    boxes hold few objects) and before the pyramid's first build."""
    envelope = Polygon.from_bbox(bbox)
    envelope.srid = 4326
    base = organizations_on_map(filters=filters) if layer == "orgs" else posts_on_map(filters=filters)
    base = base.filter(location__bboverlaps=envelope)
    if zoom >= POINT_ZOOM:
        ids = list(base.order_by("-pk").values_list("pk", flat=True)[: MAX_POINTS + 1])
        if len(ids) <= MAX_POINTS:
            address = point_addresses(layer)
            return {"clustered": False,
                    "features": [_point_feature(layer, obj, address) for obj in _details(layer, ids)]}
    size = cell_size(zoom, bbox)
    cells = list(
        base.annotate(cell=SnapToGrid("location", size))
        .values("cell")
        .annotate(count=Count("pk"), x=Avg(LONGITUDE), y=Avg(LATITUDE), one=Min("pk"))
        .values("count", "x", "y", "one")
        .order_by()[:MAX_CELLS]
    )
    return {"clustered": True, "cell": size, "features": _cell_features(layer, cells)}


def _cell_features(layer, cells):
    singles = [cell["one"] for cell in cells if cell["count"] == 1]
    details = {obj.pk: obj for obj in _details(layer, singles)}
    address = point_addresses(layer)
    features = []
    for cell in cells:
        if cell["count"] == 1 and cell["one"] in details:
            features.append(_point_feature(layer, details[cell["one"]], address))
        else:
            features.append({
                "type": "Feature",
                # At the mean of its points, not the grid corner, so clusters sit where the data is.
                "geometry": {"type": "Point", "coordinates": [round(cell["x"], 6), round(cell["y"], 6)]},
                "properties": {"layer": layer, "cluster": True, "count": cell["count"]},
            })
    return features


@lru_cache(maxsize=8)
def _provinces_of_region(region):
    return tuple(Division.objects.filter(level="province", region=region).values_list("code", flat=True))


def _pyramid_filters(layer, filters, codes):
    """(issue field (0: any), the tiles' filter arguments (tiles.sum_tile), and a signature of both
    for cache keys). A value the build has no code for matches nothing (codes -1)."""
    selection = {}
    field = filters.get("field")
    field_id = getattr(field, "pk", field) or 0
    if isinstance(field_id, str):
        field_id = IssueField.objects.filter(slug=field_id).values_list("pk", flat=True).first() or -1
    names = ("org_kind", "post_kind", "resource_type") if layer == "posts" else ("org_kind",)
    for name in names:
        if value := filters.get(name):
            known = codes.get(name, [])
            selection[name] = known.index(value) if value in known else -1
    provinces = set()
    if province := filters.get("province"):
        provinces.add(getattr(province, "pk", province))
    if region := filters.get("region"):
        provinces = (provinces & set(_provinces_of_region(region))) if province else set(_provinces_of_region(region))
        provinces = provinces or {"-1"}
    if provinces:
        selection["provinces"] = sorted(int(code) if str(code).isdigit() else -1 for code in provinces)
    signature = f"{field_id}|" + "|".join(f"{name}={value}" for name, value in sorted(selection.items()))
    return field_id, selection, signature


def _pyramid_tiles(build, layer, level, tiles_wanted, filters):
    """{(tx, ty): [cell rows]} for the requested tiles, from Redis or one SQL query for the missing."""
    field_id, selection, signature = _pyramid_filters(layer, filters, build["codes"])
    prefix = f"{TILE_KEY_PREFIX}{layer}:{build['changes']}:{build['built_on']}:{level}:{signature}"
    keys = {tile: f"{prefix}:{tile[0]}:{tile[1]}" for tile in tiles_wanted}
    found = cache.get_many(list(keys.values()))
    result = {tile: found[key] for tile, key in keys.items() if key in found}
    missing = [tile for tile in tiles_wanted if tile not in result]
    if missing:
        fresh = {tile: [] for tile in missing}
        if -1 not in selection.values():
            x0, x1 = min(t[0] for t in missing), max(t[0] for t in missing)
            y0, y1 = min(t[1] for t in missing), max(t[1] for t in missing)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT tx, ty, cells FROM mapplatform_maptile WHERE layer = %s AND level = %s "
                    "AND field_id = %s AND tx BETWEEN %s AND %s AND ty BETWEEN %s AND %s",
                    [layer, level, field_id, x0, x1, y0, y1],
                )
                stored = cursor.fetchall()
            for tx, ty, data in stored:
                if (tx, ty) in fresh:
                    fresh[(tx, ty)] = [
                        ((tx << tiles.TILE_SHIFT) | (cell >> tiles.TILE_SHIFT),
                         (ty << tiles.TILE_SHIFT) | (cell & (TILE_CELLS - 1)), *sums)
                        for cell, sums in tiles.sum_tile(bytes(data), **selection).items()
                    ]
        cache.set_many({keys[tile]: cells for tile, cells in fresh.items()}, TILE_CACHE_SECONDS)
        result.update(fresh)
    return result


def map_build(layer):
    """The layer's current pyramid build, or None before the first one."""
    return MapBuild.objects.filter(layer=layer).values("changes", "built_on", "codes").first()


def _pyramid_view(layer, bbox, zoom):
    """(build, level, cell ranges) when the view is served from the pyramid, else None."""
    size = cell_size(zoom, bbox)
    build = map_build(layer)
    if build is None or size < level_cell(PYRAMID_MAX_LEVEL) * 0.999:
        return None
    # The finest level whose cells are at least as big as the view asks for.
    level = max(0, min(PYRAMID_MAX_LEVEL, math.floor(math.log2(LEVEL0_CELL / size) + 1e-9)))
    cell = level_cell(level)
    west, south, east, north = bbox
    cx0, cx1 = int((west + 180) // cell), int((east + 180) // cell)
    cy0, cy1 = int((south + 90) // cell), int((north + 90) // cell)
    return build, level, (cx0, cx1, cy0, cy1)


def map_features(*, layer, bbox, zoom, filters):
    """GeoJSON features for one layer ('orgs' or 'posts') in the box: clusters or points.

    Low and middle zooms sum the pyramid's cells (models/pyramid.py) on a fixed grid, a Redis entry
    per tile of TILE_CELLS² cells and filter: the cost depends on the box, not on the number of
    organizations. Views finer than the pyramid, and points, read the base tables."""
    bbox = clip_bbox(*bbox)
    view = _pyramid_view(layer, bbox, zoom)
    if view is None:
        return _direct_features(layer, bbox, zoom, filters)
    return _pyramid_features(layer, bbox, zoom, filters, *view)


def _json(document):
    # As DRF's JSON renderer writes it: compact, UTF-8.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def map_features_document(*, layer, bbox, zoom, filters):
    """map_features() as an encoded GeoJSON FeatureCollection. A clustered answer from the pyramid
    is kept whole in Redis under the pyramid's build, the cell range and the filters: a repeated
    view (a map shared in WeChat, the same city opened by many) costs one Redis read. A rebuild
    changes the build in the key, so nothing older than the pyramid is served."""
    bbox = clip_bbox(*bbox)
    view = _pyramid_view(layer, bbox, zoom)
    if view is None:
        return _json({"type": "FeatureCollection", **_direct_features(layer, bbox, zoom, filters)})
    build, level, ranges = view
    signature = _pyramid_filters(layer, filters, build["codes"])[2]
    key = DOCUMENT_KEY_PREFIX + ":".join(map(str, [
        layer, build["changes"], build["built_on"], level, *ranges, min(zoom, POINT_ZOOM), signature]))
    document = cache.get(key)
    if document is None:
        result = _pyramid_features(layer, bbox, zoom, filters, *view)
        document = _json({"type": "FeatureCollection", **result})
        if result["clustered"]:  # single points come from the table: never kept past this request
            cache.set(key, document, DOCUMENT_CACHE_SECONDS)
    return document


def _pyramid_features(layer, bbox, zoom, filters, build, level, ranges):
    cx0, cx1, cy0, cy1 = ranges
    cell = level_cell(level)
    wanted = [(tx, ty) for tx in range(cx0 // TILE_CELLS, cx1 // TILE_CELLS + 1)
              for ty in range(cy0 // TILE_CELLS, cy1 // TILE_CELLS + 1)]
    cells = [
        {"count": count, "x": sum_x / count, "y": sum_y / count, "one": one}
        for rows in _pyramid_tiles(build, layer, level, wanted, filters).values()
        for cx, cy, count, sum_x, sum_y, one in rows
        if cx0 <= cx <= cx1 and cy0 <= cy <= cy1
    ]
    if zoom >= POINT_ZOOM and sum(c["count"] for c in cells) <= MAX_POINTS:
        return _direct_features(layer, bbox, zoom, filters)
    cells.sort(key=lambda c: -c["count"])  # if ever over the cap, the biggest clusters stay
    return {"clustered": True, "cell": cell, "level": level, "features": _cell_features(layer, cells[:MAX_CELLS])}


def map_list(*, layer, bbox, filters, page=1):
    """The organizations or posts in the visible box, newest first, a page at a time."""
    envelope = Polygon.from_bbox(clip_bbox(*bbox))
    envelope.srid = 4326
    if layer == "orgs":
        queryset = organizations_on_map(filters=filters).select_related("province").order_by("-updated_at", "-pk")
    else:
        queryset = posts_on_map(filters=filters).select_related("organization", "province").order_by("-created_at", "-pk")
    return queryset.filter(location__bboverlaps=envelope)


def province_counts(*, metric):
    """{province code: count} of published organizations or open needs: summed from the pyramid's
    coarsest level (a few hundred rows) once it is built, else one GROUP BY on the table."""
    layer = "posts" if metric == "needs" else "orgs"
    if (build := map_build(layer)) is not None:
        post_kind = build["codes"]["post_kind"].index("need") if metric == "needs" else None
        counts = Counter()
        for data in MapTile.objects.filter(layer=layer, level=0, field_id=0).values_list("cells", flat=True):
            counts.update(tiles.sum_provinces(bytes(data), post_kind=post_kind))
        return {f"{code:06d}": count for code, count in counts.items()}  # codes are six digits (Division)
    if metric == "needs":
        queryset = posts_on_map(filters={"post_kind": "need"})
    else:
        queryset = organizations_on_map(filters={})
    return dict(queryset.order_by().values_list("province_id").annotate(count=Count("pk")))


PROVINCE_METRICS = ("orgs", "needs")
PROVINCE_SHAPES_KEY = "map:province-shapes:v2"
PROVINCE_SHAPES_SECONDS = 60 * 60 * 24  # the outlines change only when the reference data is reloaded


def province_layer_document(*, metric, english=False):
    """province_layer() encoded, kept whole in Redis under the pyramid's build (the counts are its
    sums, so they change only with a rebuild); computed on every call before the first build."""
    build = map_build("posts" if metric == "needs" else "orgs")
    if build is None:
        return province_layer(metric=metric, english=english)
    key = f"{PROVINCES_KEY_PREFIX}{metric}:{int(english)}:{build['changes']}:{build['built_on']}"
    document = cache.get(key)
    if document is None:
        document = province_layer(metric=metric, english=english)
        cache.set(key, document, TILE_CACHE_SECONDS)
    return document


def province_layer(*, metric, english=False):
    """The province layer as encoded GeoJSON: each province's outline with its count of published
    organizations or open needs. The outlines are kept encoded (built once a day) and spliced in
    as they are: decoding and encoding ~1 MB of coordinates on every count change cost ~100 ms."""
    shapes = cache.get(PROVINCE_SHAPES_KEY)
    if shapes is None:
        shapes = [(row.province_id, row.province.name, row.province.name_en, row.shape)
                  for row in province_shapes()]
        cache.set(PROVINCE_SHAPES_KEY, shapes, PROVINCE_SHAPES_SECONDS)
    counts = province_counts(metric=metric)

    def feature(code, name, name_en, shape):
        properties = _json({"code": code, "name": (name_en if english else "") or name,
                            "count": counts.get(code, 0)}).decode()
        return f'{{"type":"Feature","geometry":{shape},"properties":{properties}}}'

    features = ",".join(feature(*shape) for shape in shapes)
    return f'{{"type":"FeatureCollection","metric":{_json(metric).decode()},"features":[{features}]}}'.encode()


def province_shapes():
    """Province outlines simplified for a choropleth (~0.02°), as a GeoJSON FeatureCollection."""
    rows = ProvinceBoundary.objects.select_related("province").annotate(
        shape=AsGeoJSON(SimplifyPreserveTopology("geom", 0.02), precision=3)
    )
    return rows


def matched_cases(*, bbox, limit=300):
    """Accepted matches whose need lies in the box: lines from the offer to the need."""
    envelope = Polygon.from_bbox(clip_bbox(*bbox))
    envelope.srid = 4326
    return (
        Match.objects.shown().filter(status=MatchStatus.ACCEPTED, need__location__bboverlaps=envelope)
        .select_related("need", "offer", "need__organization", "offer__organization")
        .order_by("-decided_at")[:limit]
    )


def organization_posts(*, organization, limit=20):
    return (
        ResourcePost.objects.shown().filter(organization=organization)
        .order_by("-created_at")[:limit]
    )


def organization_matched_cases(*, organization, limit=20):
    return (
        Match.objects.shown().filter(status=MatchStatus.ACCEPTED)
        .filter(Q(need__organization=organization) | Q(offer__organization=organization))
        .select_related("need", "offer", "need__organization", "offer__organization", "offer__author")
        .order_by("-decided_at")[:limit]
    )


def posts_of_user(*, user, published_only=False):
    """Posts the user acts for: those of the organizations they are an approved member of (only
    published organizations with `published_only`), and their own personal offers."""
    if user is None or not user.is_authenticated:
        return ResourcePost.objects.none()
    organizations = organizations_of_member(user=user, published_only=published_only)
    return ResourcePost.objects.filter(
        Q(organization__in=organizations) | Q(organization__isnull=True, author=user)
    )


def active_posts_of_user(*, user, kind):
    """The user's open, shown, unexpired posts of one kind: what they can offer in a proposal."""
    return posts_of_user(user=user, published_only=True).shown().filter(
        kind=kind, status__in=ACTIVE_STATUSES, expires_on__gte=timezone.localdate()
    )


def matches_of_user(*, user):
    """Matches with one of the user's posts on either side, newest first."""
    post_ids = posts_of_user(user=user).values("pk")
    return (
        Match.objects.filter(Q(need__in=post_ids) | Q(offer__in=post_ids))
        .select_related("need__organization", "offer__organization", "need__author", "offer__author")
        .order_by("-created_at")
    )


def posts_for_page():
    """Posts with what a post's page shows (its organization, author and province)."""
    return ResourcePost.objects.select_related("organization", "author", "province")


def post_matches(*, post, accepted_only=False):
    """Matches the post takes part in (on either side)."""
    queryset = Match.objects.filter(Q(need=post) | Q(offer=post)).select_related(
        "need__organization", "offer__organization"
    )
    if accepted_only:
        queryset = queryset.filter(status=MatchStatus.ACCEPTED)
    return queryset
PROVINCE_BOUNDS_KEY = "map:province-bounds:v1"


def province_bounds():
    """{province code: [west, south, east, north]} in WGS-84, so the map can move to a province
    chosen in its filter. 34 small rows, computed by PostGIS once and cached for a day."""
    bounds = cache.get(PROVINCE_BOUNDS_KEY)
    if bounds is None:
        rows = ProvinceBoundary.objects.annotate(box=Envelope("geom")).values_list("province_id", "box")
        bounds = {code: [round(value, 4) for value in box.extent] for code, box in rows}
        cache.set(PROVINCE_BOUNDS_KEY, bounds, 60 * 60 * 24)
    return bounds


def platform_figures():
    """Open needs and offers and confirmed matches, for the home page: two aggregate queries."""
    posts = posts_on_map(filters={}).aggregate(
        needs=Count("pk", filter=Q(kind="need")), offers=Count("pk", filter=Q(kind="offer"))
    )
    return {**posts, "matches": Match.objects.filter(status=MatchStatus.ACCEPTED).count()}


def recent_matches(*, limit=5):
    """The latest confirmed matches, with both sides' posts and organizations in the same query."""
    return (
        Match.objects.filter(status=MatchStatus.ACCEPTED, need__hidden_reason="", offer__hidden_reason="")
        .select_related("need__organization", "offer__organization")
        .order_by("-decided_at", "-pk")[:limit]
    )


def subscriptions_of_user(*, user):
    """The user's area subscriptions (at most MAX_SUBSCRIPTIONS_PER_USER), ready to render."""
    return list(
        AreaSubscription.objects.filter(user=user).select_related("division__parent")
        .prefetch_related("issue_fields").order_by("-created_at", "-id")[:MAX_SUBSCRIPTIONS_PER_USER]
    )
