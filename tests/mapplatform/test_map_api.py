"""Map data: clusters and bounded payloads, filters, provinces, and the write API's 4xx."""

import datetime
import random

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from mapplatform.models import Match, ResourcePost
from mapplatform.selectors import MAX_CELLS, MAX_POINTS
from mapplatform.services.pyramid import map_pyramid_refresh
from orgs.models import Organization
from tests.orgs.factories import MembershipFactory, OrganizationFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db

CHINA = "73,18,135,54"


def bulk_organizations(count, lng, lat, spread, province="510000"):
    rng = random.Random(count)
    template = OrganizationFactory.build(province_id=province, city=None, county=None)
    rows = []
    for index in range(count):
        rows.append(Organization(
            kind="ngo", name=f"批量{index}", slug=f"bulk-{lng}-{index}", province_id=province, status="published",
            location=Point(lng + rng.uniform(-spread, spread), lat + rng.uniform(-spread, spread), srid=4326),
            registration_status=template.registration_status,
        ))
    Organization.objects.bulk_create(rows)


def features(client, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(f"/api/map/features/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_low_zoom_returns_clusters_whose_counts_add_up(client):
    bulk_organizations(300, 104.06, 30.67, 0.5)
    bulk_organizations(200, 116.4, 39.9, 0.3, province="110000")
    data = features(client, layer="orgs", bbox=CHINA, zoom=4)
    assert data["clustered"] is True
    assert sum(f["properties"].get("count", 1) for f in data["features"]) == 500
    assert len(data["features"]) < 20  # two dense areas, a handful of cells


def test_high_zoom_returns_points_with_popup_data(client):
    organization = OrganizationFactory(name="成都河流守护者")
    data = features(client, layer="orgs", bbox="103.9,30.5,104.3,30.8", zoom=13)
    assert data["clustered"] is False
    [feature] = data["features"]
    assert feature["properties"] == {"layer": "orgs", "id": organization.pk, "name": "成都河流守护者",
                                     "kind": "ngo", "url": organization.get_absolute_url()}
    assert feature["geometry"]["coordinates"] == [round(organization.location.x, 6), round(organization.location.y, 6)]
    # A lone organization in a clustered view (the pyramid, once built) is shown as itself, where it is.
    map_pyramid_refresh()
    [single] = features(client, layer="orgs", bbox=CHINA, zoom=4)["features"]
    assert single["properties"]["id"] == organization.pk and single["geometry"] == feature["geometry"]


def test_payload_is_bounded_whatever_the_data(client, django_assert_max_num_queries):
    bulk_organizations(MAX_POINTS + 100, 104.06, 30.67, 0.02)
    with django_assert_max_num_queries(3):
        data = features(client, layer="orgs", bbox="103.9,30.5,104.3,30.8", zoom=13)
    assert data["clustered"] is True  # too many points even zoomed in: still clustered
    assert len(data["features"]) <= MAX_CELLS
    whole_world = features(client, layer="orgs", bbox="-180,-90,180,90", zoom=14)
    assert len(whole_world["features"]) <= MAX_CELLS


def test_filters_apply_to_both_layers(client):
    from orgs.models import IssueField

    environment = IssueField.objects.get(slug="environment")
    green = OrganizationFactory(issue_fields=[environment])
    OrganizationFactory()
    PostFactory(organization=green, kind="need", issue_fields=[environment])
    PostFactory(kind="offer", resource_type="funding")
    box = dict(bbox="103.9,30.5,104.3,30.8", zoom=13)
    assert [f["properties"]["id"] for f in features(client, layer="orgs", field="environment", **box)["features"]] == [green.pk]
    assert len(features(client, layer="posts", post_kind="need", **box)["features"]) == 1
    assert len(features(client, layer="posts", resource_type="funding", **box)["features"]) == 1
    assert features(client, layer="orgs", region="east", **box)["features"] == []


@pytest.mark.parametrize("query", ["bbox=1,2,3", "bbox=200,0,10,10", "bbox=10,10,0,0", "bbox=a,b,c,d",
                                   "bbox=0,0,1,1&zoom=99", "bbox=0,0,1,1&layer=cats", "bbox=0,0,1,1&field=nope"])
def test_bad_map_requests_are_400(client, query):
    assert client.get(f"/api/map/features/?{query}").status_code == 400


def test_province_layer_counts(client):
    OrganizationFactory()
    OrganizationFactory(province_id="530000", city=None, county=None, location=Point(102.7, 25.0, srid=4326))
    PostFactory(kind="need")
    orgs = {f["properties"]["code"]: f["properties"]["count"] for f in client.get("/api/map/provinces/").json()["features"]}
    assert len(orgs) == 34 and orgs["510000"] == 2 and orgs["530000"] == 1 and orgs["110000"] == 0
    needs = {f["properties"]["code"]: f["properties"]["count"]
             for f in client.get("/api/map/provinces/?metric=needs").json()["features"]}
    assert needs["510000"] == 1 and needs["530000"] == 0
    english = client.get("/api/map/provinces/?metric=needs", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["type"] == "FeatureCollection" and english["metric"] == "needs"
    sichuan = next(f for f in english["features"] if f["properties"]["code"] == "510000")
    assert sichuan["properties"]["name"] == "Sichuan" and sichuan["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_list_follows_the_visible_area_and_paginates(client):
    for _ in range(25):
        OrganizationFactory()
    OrganizationFactory(province_id="110000", city=None, county=None, location=Point(116.4, 39.9, srid=4326))
    data = client.get("/api/map/list/?layer=orgs&bbox=103.9,30.5,104.3,30.8").json()
    assert data["count"] == 25 and len(data["results"]) == 20 and data["next"]


def test_api_creates_a_post_and_refuses_bad_input_with_400(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    good = {"kind": "need", "resource_type": "goods", "title": "需要电脑", "organization": membership.organization.slug,
            "expires_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat()}
    created = client.post("/api/posts/", good, content_type="application/json")
    assert created.status_code == 201 and created.json()["province"] == "510000"
    bad_cases = [
        {**good, "lon": 500, "lat": 30},
        {**good, "lon": 104},
        {**good, "lon": 2.35, "lat": 48.85},
        {**good, "expires_on": "2001-01-01"},
        {**good, "kind": "wish"},
        {**good, "title": "<b>hi</b>"},
    ]
    for case in bad_cases:
        response = client.post("/api/posts/", case, content_type="application/json")
        assert response.status_code == 400, (case, response.content)
    assert ResourcePost.objects.count() == 1


def test_api_refuses_editing_another_organizations_post(client):
    client.force_login(MembershipFactory().user)
    other = PostFactory(title="原标题")
    response = client.patch(f"/api/posts/{other.pk}/", {"title": "改"}, content_type="application/json")
    assert response.status_code == 403
    assert ResourcePost.objects.get(pk=other.pk).title == "原标题"


def test_api_match_workflow_and_double_accept(client):
    ngo = MembershipFactory()
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr"))
    need = PostFactory(organization=ngo.organization, kind="need")
    offer = PostFactory(organization=csr.organization, kind="offer")
    client.force_login(ngo.user)
    two_needs = client.post("/api/matches/", {"need": need.pk, "offer": need.pk}, content_type="application/json")
    assert two_needs.status_code == 400
    proposed = client.post("/api/matches/", {"need": need.pk, "offer": offer.pk}, content_type="application/json")
    assert proposed.status_code == 201
    match_id = proposed.json()["id"]
    client.force_login(csr.user)
    assert client.post(f"/api/matches/{match_id}/accept/").status_code == 200
    assert client.post(f"/api/matches/{match_id}/accept/").status_code == 400
    assert Match.objects.get().status == "accepted"
    client.logout()
    assert client.get("/api/matches/").status_code in (401, 403)


def test_matched_cases_layer(client):
    need = PostFactory(kind="need")
    offer = PostFactory(kind="offer", organization=OrganizationFactory(kind="csr"))
    Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                         offer_confirmed_at=timezone.now(), decided_at=timezone.now())
    data = client.get(f"/api/map/matches/?bbox={CHINA}").json()
    assert [f["properties"]["need"] for f in data["features"]] == [need.title]


def test_api_answers_in_the_language_the_client_asks_for(client):
    organization = OrganizationFactory()
    english = client.get("/api/map/list/?layer=orgs&bbox=103.9,30.5,104.3,30.8", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["results"][0]["url"] == f"/en/orgs/{organization.slug}/"
    chinese = client.get("/api/map/list/?layer=orgs&bbox=103.9,30.5,104.3,30.8", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json()["results"][0]["url"] == f"/orgs/{organization.slug}/"
    error = client.get("/api/map/features/?bbox=1,2", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "范围" in str(error.json()["bbox"])  # the message is translated
