"""GCJ-02 conversion against published reference pairs (googollee/eviltransform, wandergis/coordtransform)."""

import pytest

from common.coords import distance_m, gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

# (WGS-84 lng, lat) → (GCJ-02 lng, lat), from the test suites of two independent libraries.
REFERENCE_PAIRS = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),  # Beijing (coordtransform)
]


@pytest.mark.parametrize("wgs, gcj", REFERENCE_PAIRS)
def test_forward_matches_reference_within_a_decimetre(wgs, gcj):
    assert distance_m(*wgs84_to_gcj02(*wgs), *gcj) < 0.1


@pytest.mark.parametrize("wgs, gcj", REFERENCE_PAIRS)
def test_inverse_recovers_wgs_within_one_metre(wgs, gcj):
    assert distance_m(*gcj02_to_wgs84(*gcj), *wgs) < 1.0


@pytest.mark.parametrize("lng, lat", [(75.99, 39.47), (91.1, 29.65), (126.6, 45.75), (110.3, 20.0), (104.06, 30.67)])
def test_round_trip_anywhere_in_china_is_exact_to_a_centimetre(lng, lat):
    gcj = wgs84_to_gcj02(lng, lat)
    assert distance_m(*gcj, lng, lat) > 50  # the shift is real…
    assert distance_m(*gcj02_to_wgs84(*gcj), lng, lat) < 0.01  # …and undone


def test_points_outside_china_are_not_shifted():
    assert out_of_china(2.35, 48.85)
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)
