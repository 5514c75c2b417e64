"""The map's cluster pyramid: its counts equal a direct count at every level and for every filter,
it is rebuilt only after a change, and the API serves it with a bounded payload."""

import math
import random
from collections import Counter

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from mapplatform import tiles
from mapplatform.models import MapBuild, MapLayerState, MapTile
from mapplatform.models.pyramid import PYRAMID_MAX_LEVEL, level_cell
from mapplatform.selectors import map_features, organizations_on_map, posts_on_map
from mapplatform.services.pyramid import map_pyramid_rebuild, map_pyramid_refresh
from orgs.models import Division, IssueField, Organization
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PLACES = [("510000", "510104", 104.08, 30.66), ("110000", "110101", 116.41, 39.91), ("440000", "440305", 113.93, 22.53)]
KINDS = ["ngo", "foundation", "csr"]


@pytest.fixture
def spread():
    """40 organizations and 40 posts scattered around three cities, with kinds and fields."""
    rng = random.Random(7)
    fields = list(IssueField.objects.order_by("position")[:4])
    organizations = []
    for index in range(40):
        province, county, x, y = PLACES[index % 3]
        organization = OrganizationFactory(
            kind=KINDS[index % 3], province=Division.objects.get(code=province),
            county=Division.objects.get(code=county),
            location=Point(x + rng.uniform(-2, 2), y + rng.uniform(-1.5, 1.5), srid=4326),
        )
        organization.issue_fields.set(rng.sample(fields, rng.randint(1, 3)))
        organizations.append(organization)
    for index in range(40):
        organization = organizations[index]
        post = PostFactory(organization=organization, kind=["need", "offer"][index % 2],
                           resource_type=["goods", "funding", "venue"][index % 3],
                           location=Point(organization.location.x + 0.01, organization.location.y, srid=4326))
        post.issue_fields.set(organization.issue_fields.all()[:1])
    return fields


def direct_counts(queryset, level):
    size = level_cell(level)
    return Counter(
        (math.floor((point.x + 180) / size), math.floor((point.y + 90) / size))
        for point in queryset.order_by().distinct().values_list("location", flat=True)
    )


def stored_cells(layer, level=None):
    """{(level, field, cx, cy, province, org_kind, post_kind, resource_type): (count, x, y, one)}
    decoded from the stored tiles, with the filter values as text again."""
    codes = MapBuild.objects.get(layer=layer).codes
    tiles_stored = MapTile.objects.filter(layer=layer)
    if level is not None:
        tiles_stored = tiles_stored.filter(level=level)
    cells = {}
    for tile in tiles_stored:
        decoded = tiles.decode(tile.field_id, tile.tx, tile.ty, bytes(tile.cells))
        assert decoded["count"].sum() == tile.count
        for i in range(len(decoded["cx"])):
            key = (tile.level, tile.field_id, int(decoded["cx"][i]), int(decoded["cy"][i]),
                   str(decoded["province"][i]), *(codes[name][decoded[name][i]] for name in tiles.DIMENSIONS[2:]))
            assert key not in cells  # one element per cell and combination of filter values
            count = int(decoded["count"][i])
            cells[key] = (count, decoded["sx"][i] / count, decoded["sy"][i] / count, int(decoded["one"][i]))
    return cells


def pyramid_counts(layer, level, field_id=0, **where):
    counts = Counter()
    names = ("level", "field_id", "cx", "cy", "province_id", "org_kind", "post_kind", "resource_type")
    for key, (count, *_) in stored_cells(layer, level).items():
        values = dict(zip(names, key))
        if values["field_id"] != field_id:
            continue
        if all(values[name[:-4]] in wanted if name.endswith("__in") else values[name] == wanted
               for name, wanted in where.items()):
            counts[(values["cx"], values["cy"])] += count
    return counts


def assert_same_cells(found, expected):
    """Equal counts and objects everywhere; positions within a metre (kept as float32 means)."""
    assert found.keys() == expected.keys()
    for key, (count, x, y, one) in found.items():
        other = expected[key]
        assert (count, one) == (other[0], other[3]), key
        assert abs(x - other[1]) < 1e-4 and abs(y - other[2]) < 1e-4, key


def test_pyramid_counts_equal_a_direct_count_at_every_level_and_filter(spread):
    field = spread[0]
    assert set(map_pyramid_refresh()) == {"orgs", "posts"}
    west = list(Division.objects.filter(level="province", region="west").values_list("code", flat=True))
    cases = [
        ("orgs", {}, {}),
        ("orgs", {"org_kind": "foundation"}, {"org_kind": "foundation"}),
        ("orgs", {"field": field}, {"field_id": field.pk}),
        ("orgs", {"province": "440000"}, {"province_id": "440000"}),
        ("orgs", {"region": "west", "org_kind": "ngo"}, {"province_id__in": west, "org_kind": "ngo"}),
        ("posts", {}, {}),
        ("posts", {"post_kind": "need", "resource_type": "goods"}, {"post_kind": "need", "resource_type": "goods"}),
        ("posts", {"org_kind": "csr", "field": field}, {"org_kind": "csr", "field_id": field.pk}),
    ]
    for layer, filters, where in cases:
        queryset = organizations_on_map(filters=filters) if layer == "orgs" else posts_on_map(filters=filters)
        assert queryset.exists(), (layer, filters)
        for level in range(PYRAMID_MAX_LEVEL + 1):
            assert pyramid_counts(layer, level, **where) == direct_counts(queryset, level), (layer, filters, level)


def test_pyramid_is_rebuilt_after_a_change_and_only_then(spread):
    map_pyramid_refresh()
    assert map_pyramid_refresh() == {}  # nothing changed: nothing rebuilt
    Organization.objects.update(website="https://example.org")  # the website is not on the map
    assert map_pyramid_refresh() == {}
    OrganizationFactory(kind="academic")
    assert set(map_pyramid_refresh()) == {"orgs", "posts"}
    assert pyramid_counts("orgs", 3, org_kind="academic").total() == 1
    build = MapBuild.objects.get(layer="orgs")
    assert build.changes == MapLayerState.objects.get(layer="orgs").changes


def test_a_post_follows_its_organizations_kind(spread):
    organization = Organization.objects.filter(resource_posts__isnull=False).first()
    Organization.objects.filter(pk=organization.pk).update(kind="government")
    map_pyramid_refresh()
    assert set(organization.resource_posts.values_list("org_kind", flat=True)) == {"government"}
    assert posts_on_map(filters={"org_kind": "government"}).count() == organization.resource_posts.count()


def test_map_api_reads_the_pyramid_with_a_bounded_payload(client, spread, django_assert_max_num_queries):
    map_pyramid_refresh()
    total = organizations_on_map(filters={}).count()
    for zoom in (3, 5, 8, 11):
        cache.clear()
        with django_assert_max_num_queries(6):
            response = client.get("/api/map/features/", {"bbox": "73,18,135,54", "zoom": zoom, "layer": "orgs"})
        body = response.json()
        assert response.status_code == 200 and len(body["features"]) <= 800
        assert body["clustered"] is (zoom < 11)  # few enough for single points from zoom 11
        counted = sum(f["properties"].get("count", 1) for f in body["features"])
        assert counted == total, zoom
    # A second request for the same tiles comes from the cache: no query on the cells.
    client.get("/api/map/features/", {"bbox": "73,18,135,54", "zoom": 6, "layer": "orgs"})
    with django_assert_max_num_queries(3) as queries:
        client.get("/api/map/features/", {"bbox": "73,18,135,54", "zoom": 6, "layer": "orgs"})
    assert not any("mapplatform_maptile" in query["sql"] for query in queries.captured_queries)
    # Filters on the posts layer, at every zoom, agree with a direct count.
    field = spread[1]
    expected = posts_on_map(filters={"org_kind": "ngo", "field": field}).count()
    for zoom in range(12):
        features = map_features(layer="posts", bbox=(73, 18, 135, 54), zoom=zoom,
                                filters={"org_kind": "ngo", "field": field})["features"]
        assert sum(f["properties"].get("count", 1) for f in features) == expected, zoom


def test_street_zoom_reads_the_table_directly(client, spread):
    map_pyramid_refresh()
    organization = Organization.objects.first()
    x, y = organization.location.x, organization.location.y
    body = client.get("/api/map/features/", {"bbox": f"{x - 0.001},{y - 0.001},{x + 0.001},{y + 0.001}",
                                              "zoom": 17}).json()
    assert body["clustered"] is False
    assert organization.pk in {f["properties"]["id"] for f in body["features"]}


def test_province_counts_come_from_the_pyramid_and_equal_a_direct_count(spread):
    from mapplatform.selectors import province_counts

    direct = {metric: province_counts(metric=metric) for metric in ("orgs", "needs")}
    map_pyramid_refresh()
    assert {metric: province_counts(metric=metric) for metric in ("orgs", "needs")} == direct
    assert sum(direct["orgs"].values()) == 40 and sum(direct["needs"].values()) == 20


def test_whole_map_answers_are_cached_per_build_and_a_rebuild_shows_a_change(client, spread, django_assert_max_num_queries):
    map_pyramid_refresh()
    query = {"bbox": "73,18,135,54", "zoom": 5, "layer": "orgs", "org_kind": "academic"}
    assert client.get("/api/map/features/", query).json()["features"] == []
    # Repeated: one read of the build, no cell or organization query.
    with django_assert_max_num_queries(2) as queries:
        again = client.get("/api/map/features/", query)
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert not any("mapplatform_maptile" in q["sql"] or "orgs_organization" in q["sql"] for q in queries.captured_queries)
    provinces = client.get("/api/map/provinces/").json()
    before = {f["properties"]["code"]: f["properties"]["count"] for f in provinces["features"]}
    OrganizationFactory(kind="academic", province=Division.objects.get(code="440000"),
                        county=Division.objects.get(code="440305"), location=Point(113.9, 22.5, srid=4326))
    # Until the refresh the pyramid (and so the cached answer) is the last build's; after it, the new one.
    map_pyramid_refresh()
    features = client.get("/api/map/features/", query).json()["features"]
    assert sum(f["properties"].get("count", 1) for f in features) == 1
    after = {f["properties"]["code"]: f["properties"]["count"] for f in client.get("/api/map/provinces/").json()["features"]}
    assert after["440000"] == before["440000"] + 1
    assert {code: count for code, count in after.items() if code != "440000"} == {
        code: count for code, count in before.items() if code != "440000"}


def _all_cells(layer):
    return stored_cells(layer)


def test_changes_recount_only_their_cells_and_equal_a_full_rebuild(spread):
    from mapplatform.models import MapDirtyCell
    from mapplatform.services.pyramid import map_pyramid_rebuild, map_pyramid_update

    map_pyramid_refresh()
    assert not MapDirtyCell.objects.exists()  # a full build counts (and clears) every change
    field = spread[2]
    moved = Organization.objects.order_by("pk")[3]
    # Moved across the country, kind and fields changed, one hidden, one new, one deleted; a post moved.
    Organization.objects.filter(pk=moved.pk).update(location=Point(87.6, 43.8, srid=4326), kind="academic")
    moved.issue_fields.add(field)
    hidden = Organization.objects.order_by("pk")[5]
    Organization.objects.filter(pk=hidden.pk).update(status="hidden", status_reason="spam")
    OrganizationFactory(kind="csr", province=Division.objects.get(code="110000"),
                        county=Division.objects.get(code="110101"), location=Point(116.4, 39.9, srid=4326))
    Organization.objects.order_by("pk")[7].delete()
    post = moved.resource_posts.first() or PostFactory(organization=moved)
    type(post).objects.filter(pk=post.pk).update(location=Point(87.7, 43.7, srid=4326))
    Organization.objects.update(website="https://example.net")  # not on the map: marks no cell
    changed = MapDirtyCell.objects.filter(layer="orgs").values("cx", "cy").distinct().count()
    assert 0 < changed < 20
    assert set(map_pyramid_refresh()) == {"orgs", "posts"}
    assert MapBuild.objects.get(layer="orgs").changes == MapLayerState.objects.get(layer="orgs").changes
    assert not MapDirtyCell.objects.exists()
    updated = {layer: _all_cells(layer) for layer in ("orgs", "posts")}
    for layer in ("orgs", "posts"):
        map_pyramid_rebuild(layer=layer)
        assert_same_cells(updated[layer], _all_cells(layer))
    # And the counts still equal a direct count at every level.
    for level in range(PYRAMID_MAX_LEVEL + 1):
        assert pyramid_counts("orgs", level) == direct_counts(organizations_on_map(filters={}), level), level
        assert pyramid_counts("orgs", level, field_id=field.pk) == direct_counts(
            organizations_on_map(filters={"field": field}), level), level
    assert map_pyramid_update(layer="orgs")[1] == 0  # nothing left to do


def test_a_new_day_recounts_the_cells_of_expired_posts_instead_of_rebuilding(spread):
    """No trigger sees a date pass: on a new day the refresh marks the cells of the posts that
    expired since the build and recounts them (not the whole layer); the result equals a full
    rebuild, and the organizations layer (no dates) only moves to the new day."""
    import datetime

    from django.utils import timezone

    from mapplatform.models import MapDirtyCell, ResourcePost
    from mapplatform.services.pyramid import map_pyramid_rebuild, map_pyramid_update

    map_pyramid_refresh()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    expired = list(ResourcePost.objects.order_by("pk").values_list("pk", flat=True)[:3])
    ResourcePost.objects.filter(pk__in=expired).update(expires_on=yesterday)
    # As if both layers were built yesterday, when these posts were still open, and nothing was
    # edited since: the date passing is the only change.
    MapDirtyCell.objects.all().delete()
    MapBuild.objects.update(built_on=yesterday)
    MapLayerState.objects.filter(layer="posts").update(
        changes=MapBuild.objects.get(layer="posts").changes)
    MapLayerState.objects.filter(layer="orgs").update(changes=MapBuild.objects.get(layer="orgs").changes)
    before = pyramid_counts("posts", 0)
    seconds, changed = map_pyramid_update(layer="posts")
    assert changed is not None and 0 < changed <= 3  # recounted: not a full rebuild
    assert sum(pyramid_counts("posts", 0).values()) == sum(before.values()) - 3
    assert MapBuild.objects.get(layer="posts").built_on == today
    recounted = _all_cells("posts")
    map_pyramid_rebuild(layer="posts")
    assert_same_cells(recounted, _all_cells("posts"))
    orgs_cells = _all_cells("orgs")
    assert map_pyramid_refresh().keys() == {"orgs"}  # a new day for it too: nothing to recount
    assert MapBuild.objects.get(layer="orgs").built_on == today
    assert_same_cells(_all_cells("orgs"), orgs_cells)
    assert map_pyramid_refresh() == {}


def test_a_rebuild_swaps_in_a_new_partition_and_leaves_the_other_layer_alone(spread):
    map_pyramid_refresh()
    posts_before = sorted(MapTile.objects.filter(layer="posts").values_list("level", "field_id", "tx", "ty", "cells"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'mapplatform_maptile_orgs'::regclass::oid")
        orgs_partition = cursor.fetchone()[0]
    map_pyramid_rebuild(layer="orgs")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'mapplatform_maptile_orgs'::regclass::oid")
        assert cursor.fetchone()[0] != orgs_partition  # a new table took the old one's place
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = 'mapplatform_maptile'::regclass ORDER BY 1")
        assert [row[0] for row in cursor.fetchall()] == ["mapplatform_maptile_orgs", "mapplatform_maptile_posts"]
        cursor.execute("SELECT to_regclass('mapplatform_maptile_orgs_new')")
        assert cursor.fetchone() == (None,)  # nothing left behind
    assert sorted(MapTile.objects.filter(layer="posts").values_list(
        "level", "field_id", "tx", "ty", "cells")) == posts_before
    for level in (0, PYRAMID_MAX_LEVEL):
        assert pyramid_counts("orgs", level) == direct_counts(organizations_on_map(filters={}), level)
    # The key holds: one row per tile, level and issue field.
    tile = MapTile.objects.filter(layer="orgs", level=0).values().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MapTile.objects.create(**tile)


def test_a_build_with_other_codes_is_rebuilt_before_it_is_read_again(spread):
    """The filter values' codes are kept with each build: a release that changes a list of kinds
    makes the next refresh rebuild, instead of reading old codes with new meanings."""
    from mapplatform.services.pyramid import map_codes

    map_pyramid_refresh()
    MapBuild.objects.filter(layer="orgs").update(codes={**map_codes(), "org_kind": ["", "csr", "ngo"]})
    assert "orgs" in map_pyramid_refresh()
    assert MapBuild.objects.get(layer="orgs").codes == map_codes()
    assert pyramid_counts("orgs", 0, org_kind="csr") == direct_counts(organizations_on_map(filters={"org_kind": "csr"}), 0)


def test_a_filter_value_the_build_has_no_code_for_matches_nothing(spread):
    map_pyramid_refresh()
    MapBuild.objects.filter(layer="orgs").update(codes={**map_codes_without("org_kind", "foundation")})
    features = map_features(layer="orgs", bbox=(73, 18, 135, 54), zoom=4, filters={"org_kind": "foundation"})
    assert features["clustered"] and features["features"] == []


def map_codes_without(name, value):
    from mapplatform.services.pyramid import map_codes

    codes = map_codes()
    return {**codes, name: [code for code in codes[name] if code != value]}
