"""The read-only organizations API and its OpenAPI schema."""

import pytest

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_organizations_only(client, django_assert_max_num_queries):
    published = [OrganizationFactory() for _ in range(3)]
    OrganizationFactory(status="draft")
    with django_assert_max_num_queries(5):
        data = client.get("/api/organizations/").json()
    assert data["count"] == 3
    assert {row["slug"] for row in data["results"]} == {o.slug for o in published}
    row = data["results"][0]
    assert row["province"]["code"] == "510000"
    assert set(row["location"]) == {"lon", "lat"}


def test_filters_and_search(client):
    OrganizationFactory(name="绿色环保协会", kind="ngo")
    OrganizationFactory(name="公益基金会", kind="foundation")
    assert client.get("/api/organizations/?q=环保").json()["count"] == 1
    assert client.get("/api/organizations/?kind=foundation").json()["count"] == 1
    assert client.get("/api/organizations/?region=east").json()["count"] == 0


@pytest.mark.parametrize("query", ["kind=spaceship", "province=999999", "region=mars", "field=nope"])
def test_bad_filters_get_a_400_naming_the_parameter(client, query):
    response = client.get("/api/organizations/?" + query)
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_detail_by_slug_and_404_for_unpublished(client):
    organization = OrganizationFactory(slug="中文地址")
    hidden = OrganizationFactory(status="hidden", status_reason="spam")
    assert client.get("/api/organizations/中文地址/").json()["name"] == organization.name
    assert client.get(f"/api/organizations/{hidden.slug}/").status_code == 404


def test_api_is_read_only(client):
    organization = OrganizationFactory()
    assert client.post("/api/organizations/", {"name": "x"}).status_code == 405
    assert client.delete(f"/api/organizations/{organization.slug}/").status_code == 405


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/organizations/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
