"""The benchmark's "uncached" map scenarios drop every cached map answer before each request
(bench.runner.forget_map_tiles): the next request must read the pyramid's tiles again, or the
figures would be cache hits under a cache-miss name."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.runner import forget_map_tiles
from mapplatform.services.pyramid import map_pyramid_refresh
from orgs.models import Division
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def tile_reads(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("mapplatform_maptile" in query["sql"] for query in queries.captured_queries)


def test_forgetting_the_map_cache_makes_the_next_request_read_the_tiles(client):
    for x in (104.0, 113.9, 116.4):
        OrganizationFactory(province=Division.objects.get(code="510000"), county=Division.objects.get(code="510104"),
                            location=Point(x, 30.6, srid=4326))
    map_pyramid_refresh()
    paths = ["/api/map/features/?layer=orgs&bbox=73,18,135,54&zoom=4",
             "/api/map/features/?layer=posts&bbox=73,18,135,54&zoom=4&org_kind=ngo",
             "/api/map/provinces/"]
    for path in paths:
        tile_reads(client, path)
        assert tile_reads(client, path) == 0, path  # cached: no tile read
        forget_map_tiles()
        assert tile_reads(client, path) >= 1, path  # forgotten: the tiles are read again
