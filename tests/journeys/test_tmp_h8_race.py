import pytest
from django.contrib.gis.geos import Point
from tests.orgs.factories import OrganizationFactory


@pytest.mark.browser
def test_lang(live_server, page):
    OrganizationFactory(name="成都河流守护者", location=Point(104.08, 30.66, srid=4326))
    for lang in ("en-US,en", "zh-CN,zh"):
        r = page.request.get(f"{live_server.url}/api/map/list/?layer=orgs&bbox=104,30,105,31", headers={"Accept-Language": lang})
        print("LANG", lang, r.headers.get("content-language"), r.json()["results"])
