"""A place's page in the directory (/orgs/in/<code>/): organizations of a province, city or county,
the divisions under it, and the sections other apps register (Future Village)."""

import pytest

from orgs.models import Division
from orgs.places import place_sections
from orgs.views.places import PLACE_PAGE_SIZE
from tests.orgs.factories import OrganizationFactory
from tests.trainings.factories import codesign_project, published_village

pytestmark = pytest.mark.django_db


def test_a_countys_page_lists_its_organizations_and_its_parents(client, django_assert_max_num_queries):
    here = OrganizationFactory(name="锦江社区服务中心")
    OrganizationFactory(name="草稿组织", status="draft")
    OrganizationFactory(name="北京的组织", province=Division.objects.get(code="110000"), city=None,
                        county=Division.objects.get(code="110101"))
    with django_assert_max_num_queries(8):
        response = client.get("/orgs/in/510104/")
    body = response.content.decode()
    assert response.status_code == 200 and "<h1>锦江区</h1>" in body
    assert here.name in body and "草稿组织" not in body and "北京的组织" not in body
    assert 'href="/orgs/in/510000/">四川省</a>' in body and 'href="/orgs/in/510100/">成都市</a>' in body
    assert 'id="place-children"' not in body  # a county has nothing under it


def test_province_and_city_pages_gather_their_counties_and_link_their_children(client):
    OrganizationFactory(name="锦江社区服务中心")
    OrganizationFactory(name="绵阳组织", city=Division.objects.get(code="510700"), county=None)
    province = client.get("/orgs/in/510000/").content.decode()
    assert "锦江社区服务中心" in province and "绵阳组织" in province
    assert 'href="/orgs/in/510100/">成都市</a>' in province
    city = client.get("/orgs/in/510100/").content.decode()
    assert "锦江社区服务中心" in city and "绵阳组织" not in city
    assert 'href="/orgs/in/510104/">锦江区</a>' in city


def test_english_page_names_the_place_in_pinyin(client):
    body = client.get("/en/orgs/in/510104/").content.decode()
    assert "<h1>Jinjiang District</h1>" in body and "County-level division" in body
    assert 'href="/en/orgs/in/510000/">Sichuan</a>' in body


def test_the_organizations_paginate(client):
    for number in range(PLACE_PAGE_SIZE + 1):
        OrganizationFactory(name=f"组织{number:02d}")
    first = client.get("/en/orgs/in/510104/").content.decode()
    assert "21 organizations" in first and 'rel="next"' in first
    assert client.get("/en/orgs/in/510104/?page=2").content.decode().count('class="card org-card"') == 1


def test_unknown_or_malformed_codes_are_404(client):
    assert client.get("/orgs/in/999999/").status_code == 404
    assert client.get("/orgs/in/51010/").status_code == 404


def test_future_village_appears_on_its_county_city_and_province_pages_only(client, django_assert_max_num_queries):
    village = published_village(name="明月村")
    codesign_project(village=village, title="雨季山路")
    codesign_project(village=village, title="已结束", call_open=False)
    published_village(name="待审村", status="proposed")
    assert "future_village" in [section.key for section in place_sections()]
    for code in ("510104", "510100", "510000"):
        with django_assert_max_num_queries(9):
            body = client.get(f"/en/orgs/in/{code}/").content.decode()
        assert 'id="place-future-village"' in body and "明月村" in body and "雨季山路" in body
        assert "已结束" not in body and "待审村" not in body
    assert 'id="place-future-village"' not in client.get("/en/orgs/in/510700/").content.decode()


def test_profiles_cards_and_the_directory_filter_link_to_place_pages(client):
    organization = OrganizationFactory()
    profile = client.get(f"/orgs/{organization.slug}/").content.decode()
    assert 'href="/orgs/in/510104/">锦江区</a>' in profile
    directory = client.get("/orgs/", {"province": "510000"}).content.decode()
    assert 'href="/orgs/in/510104/">锦江区</a>' in directory
    assert '<p id="directory-place-link"><a href="/orgs/in/510000/">' in directory
