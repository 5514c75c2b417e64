"""The browser's GCJ-02 conversion (common/static/common/js/gcj02.js) agrees with the published
reference pairs and with the Python one, and its inverse is exact to well under a metre."""

import json

import pytest

from common.coords import distance_m, gcj02_to_wgs84, wgs84_to_gcj02
from tests.common.test_coords import REFERENCE_PAIRS

pytestmark = pytest.mark.django_db(transaction=True)

POINTS = [wgs for wgs, _gcj in REFERENCE_PAIRS] + [(104.06, 30.67), (87.62, 43.82), (126.64, 45.76), (110.35, 20.02)]


@pytest.mark.browser
def test_javascript_conversion_matches_python_and_reference_pairs(live_server, page):
    page.goto(f"{live_server.url}/en/map/")
    results = page.evaluate(
        """points => points.map(p => {
            const g = window.ngo20.gcj02.wgs84ToGcj02(p[0], p[1]);
            return {gcj: g, back: window.ngo20.gcj02.gcj02ToWgs84(g[0], g[1])};
        })""",
        json.loads(json.dumps(POINTS)),
    )
    for (lng, lat), result in zip(POINTS, results):
        assert distance_m(*result["gcj"], *wgs84_to_gcj02(lng, lat)) < 0.001
        assert distance_m(*result["back"], lng, lat) < 1.0
    for (wgs, gcj), result in zip(REFERENCE_PAIRS, results):
        assert distance_m(*result["gcj"], *gcj) < 0.1
        assert distance_m(*gcj02_to_wgs84(*gcj), *wgs) < 1.0
