"""Reads of the map: clustered features for the visible area, counts per province, lists.

No request returns every point: the browser sends its visible box and zoom; at low zoom the
database groups points into grid cells (ST_SnapToGrid) and returns one feature per cell, at
high zoom it returns points, and both are capped, so a payload is bounded whatever the data.
"""

import json
import math

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Envelope, SnapToGrid
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.db.models import Avg, Count, FloatField, Func, Min, Q
from django.utils import timezone

from orgs.models import Organization, OrganizationStatus, ProvinceBoundary
from orgs.selectors import filter_by_field_and_place, organizations_of_member

from .models import Match, MatchStatus, ResourcePost
from .models.posts import ACTIVE_STATUSES

CLUSTER_PIXELS = 60  # one cluster per ~60 screen pixels
POINT_ZOOM = 11  # from this zoom on, single points (if few enough)
MAX_POINTS = 500
MAX_CELLS = 800
LIST_SIZE = 20

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
        queryset = queryset.filter(organization__kind=filters["org_kind"])
    return filter_by_field_and_place(queryset, filters)


def _point_feature(layer, obj):
    if layer == "orgs":
        properties = {"layer": "orgs", "id": obj.pk, "name": obj.name, "kind": obj.kind,
                      "url": obj.get_absolute_url()}
    else:
        properties = {"layer": "posts", "id": obj.pk, "name": obj.title, "post_kind": obj.kind,
                      "resource_type": obj.resource_type, "owner": obj.owner_name, "url": obj.get_absolute_url()}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(obj.location.x, 6), round(obj.location.y, 6)]},
            "properties": properties}


def _details(layer, ids):
    if layer == "orgs":
        return Organization.objects.filter(pk__in=ids).only("pk", "name", "kind", "slug", "location")
    return ResourcePost.objects.filter(pk__in=ids).select_related("organization").only(
        "pk", "title", "kind", "resource_type", "location", "organization__name", "author_id"
    )


def map_features(*, layer, bbox, zoom, filters):
    """GeoJSON features for one layer ('orgs' or 'posts') in the box: clusters or points."""
    bbox = clip_bbox(*bbox)
    envelope = Polygon.from_bbox(bbox)
    envelope.srid = 4326
    base = organizations_on_map(filters=filters) if layer == "orgs" else posts_on_map(filters=filters)
    base = base.filter(location__bboverlaps=envelope)
    if zoom >= POINT_ZOOM:
        ids = list(base.order_by("-pk").values_list("pk", flat=True)[: MAX_POINTS + 1])
        if len(ids) <= MAX_POINTS:
            return {"clustered": False, "features": [_point_feature(layer, obj) for obj in _details(layer, ids)]}
    size = cell_size(zoom, bbox)
    cells = list(
        base.annotate(cell=SnapToGrid("location", size))
        .values("cell")
        .annotate(count=Count("pk"), x=Avg(LONGITUDE), y=Avg(LATITUDE), one=Min("pk"))
        .values("count", "x", "y", "one")
        .order_by()[:MAX_CELLS]
    )
    singles = [cell["one"] for cell in cells if cell["count"] == 1]
    details = {obj.pk: obj for obj in _details(layer, singles)}
    features = []
    for cell in cells:
        if cell["count"] == 1 and cell["one"] in details:
            features.append(_point_feature(layer, details[cell["one"]]))
        else:
            features.append({
                "type": "Feature",
                # At the mean of its points, not the grid corner, so clusters sit where the data is.
                "geometry": {"type": "Point", "coordinates": [round(cell["x"], 6), round(cell["y"], 6)]},
                "properties": {"layer": layer, "cluster": True, "count": cell["count"]},
            })
    return {"clustered": True, "cell": size, "features": features}


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
    """{province code: count} of published organizations or open needs, in one GROUP BY."""
    if metric == "needs":
        queryset = posts_on_map(filters={"post_kind": "need"})
    else:
        queryset = organizations_on_map(filters={})
    return dict(queryset.order_by().values_list("province_id").annotate(count=Count("pk")))


PROVINCE_METRICS = ("orgs", "needs")
PROVINCE_SHAPES_KEY = "map:province-shapes:v1"
PROVINCE_SHAPES_SECONDS = 60 * 60 * 24  # the outlines change only when the reference data is reloaded


def province_layer(*, metric, english=False):
    """The province layer as GeoJSON: each province's outline (built once a day, cached) with its
    count of published organizations or open needs (counted on every call)."""
    shapes = cache.get(PROVINCE_SHAPES_KEY)
    if shapes is None:
        shapes = [
            {"code": row.province_id, "name": row.province.name, "name_en": row.province.name_en,
             "geometry": json.loads(row.shape)}
            for row in province_shapes()
        ]
        cache.set(PROVINCE_SHAPES_KEY, shapes, PROVINCE_SHAPES_SECONDS)
    counts = province_counts(metric=metric)
    features = [
        {"type": "Feature", "geometry": shape["geometry"],
         "properties": {"code": shape["code"], "name": (shape["name_en"] if english else "") or shape["name"],
                        "count": counts.get(shape["code"], 0)}}
        for shape in shapes
    ]
    return {"type": "FeatureCollection", "metric": metric, "features": features}


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
