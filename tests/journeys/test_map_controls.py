"""The map's controls in a real browser: the list's "More" button, the province filter, and
organization points above their own needs and offers. English URLs; no base tiles (MAP_OFFLINE)."""

import re

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory

CHENGDU_VIEW = "#13/30.66/104.08"


def map_loaded(page):
    expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")


@pytest.mark.browser
def test_more_button_shows_only_while_the_list_has_more(live_server, page):
    errors = []
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    for number in range(21):
        OrganizationFactory(name=f"成都志愿者协会{number:02d}", location=Point(104.08 + number / 10000, 30.66, srid=4326))
    page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
    map_loaded(page)
    more = page.locator("#map-list-more")
    expect(page.locator("#map-list-count")).to_have_text("21 in view")
    expect(page.locator("#map-list li")).to_have_count(20)
    expect(more).to_be_visible()
    more.click()
    expect(page.locator("#map-list li")).to_have_count(21)
    # The list is complete: no button to ask for a page that does not exist.
    expect(more).to_be_hidden()
    expect(page.locator("#map-list-count")).to_have_text("21 in view")

    # The needs tab has nothing here: no button either.
    page.get_by_role("tab", name="Needs and offers").click()
    expect(page.locator("#map-list-count")).to_have_text("0 in view")
    expect(more).to_be_hidden()
    assert errors == []


@pytest.mark.browser
def test_choosing_a_province_moves_the_map_to_it(live_server, page):
    OrganizationFactory(name="昆明山地学校", province_id="530000", city_id="530100", county=None,
                        location=Point(102.71, 25.04, srid=4326))
    page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
    map_loaded(page)
    page.locator("#id_province").select_option("530000")  # Yunnan, south of the current view
    # The map moved at once (the view is in the URL) ...
    page.wait_for_url(lambda url: not url.endswith(CHENGDU_VIEW))
    zoom, lat, lng = map(float, re.search(r"#(\d+)/(-?[\d.]+)/(-?[\d.]+)$", page.url).groups())
    assert 21 < lat < 29.5 and 97 < lng < 106.5 and zoom <= 8, page.url
    # ... and the filtered page keeps it: the organization in Yunnan is listed.
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"province=530000"))
    map_loaded(page)
    expect(page.locator("#map-list")).to_contain_text("昆明山地学校")

    # A shared link with a province and no view opens on that province.
    page.goto(f"{live_server.url}/en/map/?province=530000")
    map_loaded(page)
    zoom, lat, lng = map(float, re.search(r"#(\d+)/(-?[\d.]+)/(-?[\d.]+)$", page.url).groups())
    assert 21 < lat < 29.5 and 97 < lng < 106.5, page.url


@pytest.mark.browser
def test_an_organization_point_stays_clickable_above_its_own_needs(live_server, page):
    here = Point(104.08, 30.66, srid=4326)
    organization = OrganizationFactory(name="成都河流守护者", location=here)
    for number in range(3):
        PostFactory(organization=organization, title=f"需要河道巡护志愿者{number}", location=here)
    page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
    map_loaded(page)
    marker = page.locator('.leaflet-overlay-pane path.leaflet-interactive[fill="#0b6e4f"]')
    expect(marker).to_have_count(1)
    need_markers = page.locator('.leaflet-overlay-pane path.leaflet-interactive[fill="#b3261e"]')
    expect(need_markers).to_have_count(3)
    # Whichever answer the browser got last, organizations are drawn in a layer above the posts'.
    pane_of = "el => { const pane = el.closest('.leaflet-pane'); return [pane.className, +getComputedStyle(pane).zIndex]; }"
    organization_pane, post_pane = marker.evaluate(pane_of), need_markers.first.evaluate(pane_of)
    assert organization_pane[0] != post_pane[0] and organization_pane[1] > post_pane[1], (organization_pane, post_pane)
    # A click at the organization's point reaches the organization (Playwright refuses to click
    # an element that another one covers).
    marker.click(timeout=5000)
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="成都河流守护者")).to_be_visible()
