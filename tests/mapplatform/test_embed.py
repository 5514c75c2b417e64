"""The embeddable map: framing allowed on /embed/map/ only, the partner's filter, the snippet."""

import re

import pytest

from orgs.models import IssueField

pytestmark = pytest.mark.django_db


def _frame_ancestors(response):
    match = re.search(r"frame-ancestors ([^;]+)", response["Content-Security-Policy"])
    return match.group(1).strip() if match else None


def test_the_embedded_map_may_be_framed_by_any_site_by_default(client):
    response = client.get("/embed/map/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert _frame_ancestors(response) == "*"
    # The rest of the policy stays: scripts only from the site's own files.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_embedded_map_may_be_framed_only_by_listed_sites(client, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://partner.example.org", "https://other.example.cn"]
    response = client.get("/en/embed/map/")
    assert "X-Frame-Options" not in response
    assert _frame_ancestors(response) == "'self' https://partner.example.org https://other.example.cn"


@pytest.mark.parametrize("path", ["/", "/map/", "/en/map/", "/orgs/", "/embed/", "/open-data/", "/accounts/login/"])
def test_every_other_page_refuses_to_be_framed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "'none'"


def test_the_embedded_map_has_no_site_header_and_links_open_in_a_new_tab(client):
    field = IssueField.objects.order_by("position").first()
    page = client.get(f"/embed/map/?province=510000&field={field.slug}&resource_type=goods").content.decode()
    assert "site-header" not in page and "site-nav" not in page
    assert '<base target="_blank">' in page
    assert 'data-link-target="_blank"' in page
    assert "data-flag-url" not in page  # no report form inside a partner's page
    assert f'href="/map/?province=510000&amp;field={field.slug}&amp;resource_type=goods"' in page
    assert 'id="resource-map"' in page and "mapplatform/js/map.js" in page


def test_a_filter_that_does_not_exist_is_a_clear_400(client):
    response = client.get("/en/embed/map/?province=999999&resource_type=spaceships")
    assert response.status_code == 400
    assert "filter that does not exist" in response.content.decode()
    assert "X-Frame-Options" not in response  # the message shows inside the partner's frame


def test_the_builder_makes_an_iframe_snippet_with_the_chosen_filter(client):
    page = client.get("/en/embed/?province=510000&resource_type=volunteers&height=600").content.decode()
    assert ("&lt;iframe src=&quot;http://testserver/en/embed/map/?province=510000&amp;amp;resource_type=volunteers"
            "&quot;") in page
    assert 'height=&quot;600&quot;' in page
    assert '<iframe src="/en/embed/map/?province=510000&amp;resource_type=volunteers"' in page  # the preview


def test_the_builder_refuses_a_silly_height(client):
    page = client.get("/en/embed/?height=99999").content.decode()
    assert "embed-snippet" not in page
    assert "less than or equal to 1200" in page
