"""WGS-84 ⇄ GCJ-02 conversion, for showing points on AMap (Gaode) tiles and reading clicks back.

Everything is stored in WGS-84. AMap's tiles are drawn in GCJ-02, China's legally required
obfuscated datum, which is offset by up to ~700 m; points are shifted on the way to those tiles
and shifted back, with an iterative exact inverse, on the way in. The browser uses the same
formulas (common/static/common/js/gcj02.js); tests compare both with published pairs.
"""

import math

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 algorithm.
A = 6378245.0
EE = 0.00669342162296594323


def out_of_china(lng, lat):
    """GCJ-02 applies only inside mainland China's bounding box; elsewhere it is WGS-84."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x, y):
    result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    result += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    result += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return result


def _transform_lng(x, y):
    result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    result += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    result += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return result


def wgs84_to_gcj02(lng, lat):
    if out_of_china(lng, lat):
        return lng, lat
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng, lat, tolerance=1e-9, max_iterations=30):
    """Exact inverse by fixed-point iteration: find the WGS point whose GCJ image is (lng, lat)."""
    if out_of_china(lng, lat):
        return lng, lat
    wgs_lng, wgs_lat = lng, lat
    for _ in range(max_iterations):
        gcj_lng, gcj_lat = wgs84_to_gcj02(wgs_lng, wgs_lat)
        d_lng, d_lat = gcj_lng - lng, gcj_lat - lat
        wgs_lng, wgs_lat = wgs_lng - d_lng, wgs_lat - d_lat
        if abs(d_lng) < tolerance and abs(d_lat) < tolerance:
            break
    return wgs_lng, wgs_lat


def distance_m(lng1, lat1, lng2, lat2):
    """Great-circle distance in metres (haversine), for checking conversions."""
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
