import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory


@pytest.mark.browser
def test_race(live_server, page):
    org = OrganizationFactory(name="成都河流守护者", location=Point(104.08, 30.66, srid=4326))
    PostFactory(organization=org, title="需要志愿者", location=Point(104.07, 30.65, srid=4326))
    held = []
    def slow(route):
        if "layer=orgs" in route.request.url and not held:
            held.append(route)  # hold the first orgs list answer until the tab has switched
        else:
            route.continue_()
    page.route("**/api/map/list/**", slow)
    page.goto(f"{live_server.url}/en/map/#13/30.66/104.08")
    expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")
    page.get_by_role("tab", name="Needs and offers").click()
    expect(page.locator("#map-list")).to_contain_text("需要志愿者")
    held[0].continue_()
    page.wait_for_function("document.querySelectorAll('#map-list li').length > 1 || window.__done")
    print("LIST", page.locator("#map-list").inner_text())
