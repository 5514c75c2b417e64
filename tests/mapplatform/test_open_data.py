"""Open data: what the public datasets hold (and never hold), their stable URLs, the nightly run."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from mapplatform.models import OpenDataFile
from mapplatform.services.opendata import (
    DATASETS,
    PERSONAL_FIELDS,
    open_data_publish,
)
from mapplatform.tasks import publish_open_data
from orgs.models import IssueField
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _download(client, name):
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200, name
    return response, b"".join(response.streaming_content)


def _csv_rows(body):
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM, for Excel and WPS
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def world():
    field = IssueField.objects.order_by("position").first()
    person = UserFactory(email="zhang.san@example.com", display_name="张三")
    published = OrganizationFactory(name="阳光公益", contact_name="李四", contact_email="lisi@example.com",
                                    contact_phone="13800138000", address="锦江区某街1号", created_by=person,
                                    issue_fields=[field])
    draft = OrganizationFactory(name="草稿组织", status="draft")
    hidden = OrganizationFactory(name="隐藏组织", status="hidden", status_reason="spam")
    need = PostFactory(organization=published, author=person, title="需要电脑", issue_fields=[field])
    personal = PostFactory(organization=None, author=person, kind="offer", resource_type="goods",
                           title="我有旧衣服", location=published.location, province_id="510000")
    closed = PostFactory(organization=published, title="已关闭的需求", status="closed")
    expired = PostFactory(organization=published, title="过期的需求",
                          expires_on=timezone.localdate() - datetime.timedelta(days=1))
    of_hidden = PostFactory(organization=hidden, title="隐藏组织的需求")
    hidden_post = PostFactory(organization=published, title="被隐藏的需求", hidden_reason="spam")
    return {"field": field, "person": person, "published": published, "draft": draft, "hidden": hidden, "need": need,
            "personal": personal, "others": [closed, expired, of_hidden, hidden_post]}


def test_datasets_hold_published_organizations_and_open_posts_without_personal_data(client, world):
    open_data_publish()
    _response, body = _download(client, "organizations.csv")
    organizations = _csv_rows(body)
    assert [row["name"] for row in organizations] == ["阳光公益"]
    row = organizations[0]
    assert row["id"] == world["published"].slug
    assert row["issue_fields"] == world["field"].slug
    assert row["province_code"] == "510000" and row["county_code"] == "510104"
    assert float(row["longitude"]) == pytest.approx(world["published"].location.x, abs=1e-6)

    _response, body = _download(client, "posts.csv")
    posts = _csv_rows(body)
    assert [row["title"] for row in posts] == ["需要电脑"]  # not closed, expired, hidden or a person's own
    assert posts[0]["organization"] == world["published"].slug

    text = b"".join(_download(client, name)[1] for name in
                    ("organizations.csv", "posts.csv", "organizations.geojson", "posts.geojson")).decode("utf-8")
    for personal in ("李四", "lisi@example.com", "13800138000", "锦江区某街1号", "zhang.san@example.com", "张三",
                     "我有旧衣服"):
        assert personal not in text
    keys = {field.key for dataset in DATASETS for field in dataset.columns}
    assert not keys & set(PERSONAL_FIELDS)
    assert set(organizations[0]) == {field.key for field in DATASETS[0].columns}


def test_geojson_is_a_feature_collection_with_the_licence(client, world, settings):
    settings.OPEN_DATA_LICENCE_NAME = "CC BY 4.0"
    open_data_publish()
    response, body = _download(client, "posts.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(body)
    assert document["type"] == "FeatureCollection" and document["license"] == "CC BY 4.0"
    [feature] = document["features"]
    assert feature["properties"]["title"] == "需要电脑"
    assert feature["geometry"]["coordinates"] == [round(world["need"].location.x, 6), round(world["need"].location.y, 6)]


def test_a_formula_in_a_name_is_neutralised_in_the_csv(client):
    OrganizationFactory(name="=HYPERLINK(\"http://evil\")")
    open_data_publish()
    [row] = _csv_rows(_download(client, "organizations.csv")[1])
    assert row["name"].startswith("'=")


def test_publishing_again_without_changes_writes_nothing_and_the_url_stays(client, world):
    assert len(open_data_publish()) == 4
    paths = set(OpenDataFile.objects.values_list("path", flat=True))
    _r, before = _download(client, "organizations.csv")
    assert publish_open_data() == []  # the task, run again (or retried): nothing new
    assert set(OpenDataFile.objects.values_list("path", flat=True)) == paths
    assert _download(client, "organizations.csv")[1] == before


def test_a_change_is_published_at_the_same_url_and_old_versions_are_pruned(client, world, settings):
    settings.OPEN_DATA_KEEP_VERSIONS = 1
    open_data_publish()
    first_path = OpenDataFile.objects.get(name="organizations.csv").path
    for number in range(3):
        OrganizationFactory(name=f"新组织{number}")
        assert "organizations.csv" in open_data_publish()
    names = [row["name"] for row in _csv_rows(_download(client, "organizations.csv")[1])]
    assert names == ["阳光公益", "新组织0", "新组织1", "新组织2"]
    assert OpenDataFile.objects.filter(name="organizations.csv").count() == 2  # current + one older
    assert not default_storage.exists(first_path)


def test_a_file_is_404_before_the_first_run_and_unknown_names_are_404(client):
    assert client.get("/open-data/organizations.csv").status_code == 404
    assert client.get("/open-data/secrets.csv").status_code == 404


def test_open_data_page_lists_files_licence_and_dictionary(client, world, settings):
    settings.OPEN_DATA_LICENCE_NAME = "CC BY 4.0"
    open_data_publish()
    page = client.get("/en/open-data/").content.decode()
    assert 'href="/open-data/organizations.csv"' in page and 'href="/open-data/posts.geojson"' in page
    assert "CC BY 4.0" in page and 'rel="license noopener"' in page
    assert "<code>credit_code</code>" in page
    chinese = client.get("/open-data/dictionary/").content.decode()
    assert "数据字典" in chinese and "<code>province_code</code>" in chinese


def test_the_api_lists_the_datasets_and_the_schema_documents_it(client, world):
    open_data_publish()
    data = client.get("/api/open-data/").json()
    assert data["licence"]["name"]
    urls = [item["url"] for dataset in data["datasets"] for item in dataset["files"]]
    assert "http://testserver/open-data/organizations.csv" in urls
    organizations = next(d for d in data["datasets"] if d["key"] == "organizations")
    assert organizations["files"][0]["rows"] == 1
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/open-data/" in schema["paths"]
