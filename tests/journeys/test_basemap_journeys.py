"""The local base map, offline: every map shows province (and, closer in, prefecture) outlines
with no tile server, a 南海诸岛 inset when the whole of China is in view, the approval number or
the "schematic map" note, and a tile layer that cannot load hands over to the outlines by itself."""

import re

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.browser

OUTLINES = ".leaflet-basemap-pane path"


def outlines_drawn(page, container, at_least):
    expect(page.locator(f"{container} {OUTLINES}").nth(at_least - 1)).to_be_attached()


def test_resource_map_shows_outlines_and_the_south_china_sea_inset_at_country_zoom(live_server, page):
    page.goto(f"{live_server.url}/en/map/#4/35/104")
    outlines_drawn(page, "#resource-map", 34)  # every province, Taiwan, Hong Kong and Macao
    inset = page.locator("#resource-map .scs-inset")
    expect(inset).to_be_visible()
    expect(inset).to_contain_text("South China Sea Islands")
    expect(inset.locator(OUTLINES).first).to_be_attached()
    expect(page.locator("#resource-map .leaflet-control-attribution")).to_contain_text(
        "Schematic map, not a standard map")
    expect(page.locator("#resource-map .basemap-label.province").filter(has_text="Sichuan")).to_be_attached()

    # Closer in, prefecture outlines and names appear and the inset goes.
    page.goto(f"{live_server.url}/map/#8/30.66/104.07")
    expect(page.locator("#resource-map .basemap-label.city").filter(has_text="成都市")).to_be_attached()
    outlines_drawn(page, "#resource-map", 34 + 300)
    expect(page.locator("#resource-map .scs-inset")).to_be_hidden()


def test_the_profile_map_the_profile_editor_and_the_point_picker_draw_the_outlines(live_server, page):
    organization = OrganizationFactory(name="河流守护者", slug="river-keepers", location=Point(104.07, 30.66, srid=4326))
    member = MembershipFactory(organization=organization).user
    page.goto(f"{live_server.url}/en/orgs/{organization.slug}/")
    outlines_drawn(page, "#profile-map", 34)
    log_in(page, live_server, member, f"/en/orgs/{organization.slug}/edit/")
    outlines_drawn(page, "#location-map", 34)
    page.goto(f"{live_server.url}/en/posts/new/")
    outlines_drawn(page, "#point-map", 34)


def test_the_approval_number_from_settings_replaces_the_schematic_note(live_server, page, settings):
    settings.MAP_OUTLINE_APPROVAL_NUMBER = "GS(2026)1234号"
    page.goto(f"{live_server.url}/en/map/#4/35/104")
    attribution = page.locator("#resource-map .leaflet-control-attribution")
    expect(attribution).to_contain_text("Map approval number: GS(2026)1234号")
    expect(attribution).not_to_contain_text("Schematic map")


def test_a_tile_layer_that_cannot_load_falls_back_to_the_outline_map(live_server, page, settings):
    settings.MAP_BASE_LAYERS = [{
        "key": "osm", "name": "Unreachable tiles", "url": f"{live_server.url}/no-such-tiles/{{z}}/{{x}}/{{y}}.png",
        "options": {"maxZoom": 19}, "gcj02": False, "approval": "",
    }]
    settings.MAP_DEFAULT_LAYER = "osm"
    page.goto(f"{live_server.url}/en/map/#5/30/104")
    resource_map = page.locator("#resource-map")
    expect(resource_map).to_have_attribute("data-fell-back", "true")
    expect(resource_map.locator(".map-note")).to_have_text(
        "The map tiles could not be loaded; the outline map is shown instead.")
    outlines_drawn(page, "#resource-map", 34)
    expect(resource_map.locator("img.leaflet-tile")).to_have_count(0)
    # The layer menu still offers both; the outline map is the one chosen.
    expect(resource_map.locator(".leaflet-control-layers-base input:checked + span")).to_have_text(
        re.compile("Outline map"))
